"""Toy 2-D data sets: the original demo's nine points and seeded generators.

Every generator returns ``(X, y)`` with ``X`` of shape (N, 2), float64, inside the view box
[-1, 1] x [-1, 1], and ``y`` of shape (N,), int64, with classes ``0 .. K-1``. Classes are as
balanced as N allows, except where the label follows from a point's position (XOR).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = [
    "DATASETS",
    "MAX_CLASSES",
    "MAX_POINTS",
    "MIN_CLASSES",
    "MIN_POINTS",
    "generate",
    "original",
]

MIN_POINTS = 3
MAX_POINTS = 10_000
MIN_CLASSES = 2
MAX_CLASSES = 6
_EDGE = 0.98  # generated points stay this far inside the [-1, 1] view box

_ORIGINAL_X = (
    (0.5, 0.4), (0.8, 0.3), (0.3, 0.8),
    (-0.4, 0.3), (-0.3, 0.7), (-0.7, 0.2),
    (0.7, -0.4), (0.5, -0.6), (-0.4, -0.5),
)  # fmt: skip
_ORIGINAL_Y = (0, 0, 0, 1, 1, 1, 2, 2, 2)


def original() -> tuple[np.ndarray, np.ndarray]:
    """Return the original demo's nine points, three per class.

    Returns
    -------
    X : ndarray of float64, shape (9, 2)
    y : ndarray of int64, shape (9,)
        Classes 0, 1 and 2.
    """
    return np.array(_ORIGINAL_X, dtype=np.float64), np.array(_ORIGINAL_Y, dtype=np.int64)


_Labelled = tuple[np.ndarray, np.ndarray]


def _balanced_labels(n: int, k: int) -> np.ndarray:
    """Labels ``0, 1, ..., k-1, 0, 1, ...`` of length n, sorted by class."""
    return np.sort(np.arange(n) % k)


def _blobs(n: int, k: int, noise: float, rng: np.random.Generator) -> _Labelled:
    """One Gaussian blob per class, centred on a circle of radius 0.55."""
    y = _balanced_labels(n, k)
    angles = 2 * np.pi * np.arange(k) / k + np.pi / 4
    centres = 0.55 * np.column_stack([np.cos(angles), np.sin(angles)])
    return centres[y] + noise * rng.standard_normal((n, 2)), y


def _xor(n: int, k: int, noise: float, rng: np.random.Generator) -> _Labelled:
    """Uniform points in 2K angular sectors, labelled ``sector % K``: the XOR pattern for K = 2.

    Opposite sectors share a class, so no linear classifier separates the classes.
    """
    X = rng.uniform(-0.9, 0.9, size=(n, 2))
    angle = np.arctan2(X[:, 1], X[:, 0]) % (2 * np.pi)
    sector = np.minimum((angle / (np.pi / k)).astype(np.int64), 2 * k - 1)
    return X + noise * rng.standard_normal((n, 2)), sector % k


def _circles(n: int, k: int, noise: float, rng: np.random.Generator) -> _Labelled:
    """Concentric rings, one per class, from radius 0.15 to 0.85."""
    y = _balanced_labels(n, k)
    radius = 0.15 + 0.7 * y / (k - 1)
    angle = rng.uniform(0, 2 * np.pi, size=n)
    X = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return X + noise * rng.standard_normal((n, 2)), y


def _spiral(n: int, k: int, noise: float, rng: np.random.Generator) -> _Labelled:
    """Interleaved spiral arms, one per class."""
    y = _balanced_labels(n, k)
    position = np.concatenate([np.linspace(0, 1, np.count_nonzero(y == c)) for c in range(k)])
    radius = 0.05 + 0.85 * position
    angle = 2 * np.pi * y / k + 4 * position + noise * 2 * rng.standard_normal(n)
    return radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]), y


def _uniform(n: int, k: int, noise: float, rng: np.random.Generator) -> _Labelled:
    """Uniform points with random labels: nothing to learn. ``noise`` is unused."""
    return rng.uniform(-0.9, 0.9, size=(n, 2)), rng.permutation(_balanced_labels(n, k))


_Generator = Callable[[int, int, float, np.random.Generator], _Labelled]

DATASETS: dict[str, str] = {
    "original": "Original",
    "blobs": "Gaussian blobs",
    "xor": "XOR",
    "circles": "Circles",
    "spiral": "Spiral",
    "uniform": "Uniform random",
}

_GENERATORS: dict[str, _Generator] = {
    "blobs": _blobs,
    "xor": _xor,
    "circles": _circles,
    "spiral": _spiral,
    "uniform": _uniform,
}


def generate(
    name: str, n: int = 90, k: int = 3, noise: float = 0.1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Generate a named data set.

    Parameters
    ----------
    name : str
        A key of :data:`DATASETS`. ``"original"`` ignores every other argument.
    n : int
        Number of points N, from 3 to 10,000.
    k : int
        Number of classes K, from 2 to 6.
    noise : float
        Standard deviation of the Gaussian jitter, in view units (>= 0).
    seed : int
        Seed of the ``numpy.random.Generator``; the same seed gives the same points.

    Returns
    -------
    X : ndarray of float64, shape (N, 2)
        Points clipped to stay inside the [-1, 1] view box.
    y : ndarray of int64, shape (N,)
        Labels in ``0 .. K-1``.
    """
    if name == "original":
        return original()
    if name not in _GENERATORS:
        raise ValueError(f"unknown data set {name!r}; choose one of {', '.join(DATASETS)}")
    if not MIN_POINTS <= n <= MAX_POINTS:
        raise ValueError(f"n must be between {MIN_POINTS} and {MAX_POINTS}, got {n}")
    if not MIN_CLASSES <= k <= MAX_CLASSES:
        raise ValueError(f"k must be between {MIN_CLASSES} and {MAX_CLASSES}, got {k}")
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number >= 0, got {noise}")
    rng = np.random.default_rng(seed)
    X, y = _GENERATORS[name](int(n), int(k), float(noise), rng)
    return np.clip(X, -_EDGE, _EDGE), y.astype(np.int64)
