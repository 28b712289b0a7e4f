"""The linear model ``s = W x + b`` and its parameters.

W has shape (K, D) with one row per class, b has shape (K,), and a batch of points X has
shape (N, D), so the scores of a batch are ``S = X @ W.T + b`` of shape (N, K). D = 2 for
the two coordinates of a point, more with its features (:mod:`demo_core.features`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["ParamIndex", "accuracy", "original_params", "random_params", "scores"]

_ORIGINAL_W = ((1.0, 2.0), (2.0, -4.0), (3.0, -1.0))
_ORIGINAL_B = (0.0, 0.5, -0.5)


def scores(W: np.ndarray, b: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Class scores ``S[..., k] = W[k] . X[...] + b[k]``.

    Parameters
    ----------
    W : ndarray, shape (K, D)
    b : ndarray, shape (K,)
    X : ndarray, shape (N, D), or (..., D) for points on a grid

    Returns
    -------
    ndarray, shape (N, K), or (..., K)
    """
    return X @ W.T + b


def accuracy(S: np.ndarray, y: np.ndarray) -> float:
    """Fraction of the N points whose highest score is their label's.

    Parameters
    ----------
    S : ndarray, shape (N, K)
        The scores, e.g. ``scores(W, b, X)``. The predicted class of a point is the ``argmax``
        of its scores: the lowest index among equal highest scores.
    y : ndarray of int, shape (N,)
        The labels.
    """
    return np.count_nonzero(S.argmax(axis=1) == y) / y.shape[0]


def original_params() -> tuple[np.ndarray, np.ndarray]:
    """The original demo's starting parameters.

    Returns
    -------
    W : ndarray of float64, shape (3, 2)
        ``[[1, 2], [2, -4], [3, -1]]``.
    b : ndarray of float64, shape (3,)
        ``[0, 0.5, -0.5]``.
    """
    return np.array(_ORIGINAL_W), np.array(_ORIGINAL_B)


def random_params(
    rng: np.random.Generator, num_classes: int = 3, dim: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """Parameters drawn uniformly from [-0.5, 0.5), as the original's "Randomize parameters".

    Returns
    -------
    W : ndarray of float64, shape (num_classes, dim)
    b : ndarray of float64, shape (num_classes,)
    """
    return rng.uniform(-0.5, 0.5, size=(num_classes, dim)), rng.uniform(-0.5, 0.5, size=num_classes)


@dataclass(frozen=True)
class ParamIndex:
    """One parameter of the linear model: ``W[k, d]`` if ``array == "W"``, else ``b[k]``.

    Attributes
    ----------
    array : str
        ``"W"`` or ``"b"``.
    k : int
        The class, ``0 .. K-1``.
    d : int or None
        The input dimension ``0 .. D-1`` for W; ``None`` for b.
    """

    array: str
    k: int
    d: int | None = None

    def __post_init__(self) -> None:
        if self.array not in ("W", "b"):
            raise ValueError(f"a parameter is in 'W' or 'b', got {self.array!r}")
        if (self.d is None) != (self.array == "b"):
            raise ValueError("W[k, d] needs two indices and b[k] one")
        for index in (self.k, self.d):
            if index is not None and not (isinstance(index, int | np.integer) and index >= 0):
                raise ValueError(f"parameter indices must be integers >= 0, got {index!r}")

    @classmethod
    def parse(cls, spec: object) -> ParamIndex:
        """Read a parameter address.

        Accepted: a :class:`ParamIndex`, ``("W", k, d)``, ``("b", k)``, or ``(k, d)`` as a
        shorthand for ``W[k, d]``. Anything else raises ValueError.
        """
        if isinstance(spec, ParamIndex):
            return spec
        if not isinstance(spec, tuple | list):
            raise ValueError(f"a parameter is ('W', k, d), ('b', k) or (k, d), got {spec!r}")
        if len(spec) == 2 and not isinstance(spec[0], str):
            return cls("W", *spec)
        if len(spec) in (2, 3) and isinstance(spec[0], str):
            return cls(*spec)
        raise ValueError(f"a parameter is ('W', k, d), ('b', k) or (k, d), got {spec!r}")

    @property
    def name(self) -> str:
        """A label such as ``"W[0,1]"`` or ``"b[2]"``."""
        return f"b[{self.k}]" if self.d is None else f"W[{self.k},{self.d}]"

    def check(self, num_classes: int, dim: int) -> None:
        """Raise ValueError unless the parameter exists for W of shape (num_classes, dim)."""
        if self.k >= num_classes or (self.d is not None and self.d >= dim):
            raise ValueError(f"{self.name} does not exist for W of shape ({num_classes}, {dim})")

    def flat(self, num_classes: int, dim: int) -> int:
        """Index into ``np.concatenate([W.ravel(), b])`` for W of shape (num_classes, dim)."""
        self.check(num_classes, dim)
        return num_classes * dim + self.k if self.d is None else self.k * dim + self.d

    def value(self, W: np.ndarray, b: np.ndarray) -> float:
        """The parameter's value in ``W`` (K, D) or ``b`` (K,)."""
        return float(b[self.k] if self.d is None else W[self.k, self.d])

    def with_value(
        self, W: np.ndarray, b: np.ndarray, value: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """Copies of ``W`` (K, D) and ``b`` (K,) in which the parameter is ``value``."""
        W, b = W.copy(), b.copy()
        if self.d is None:
            b[self.k] = value
        else:
            W[self.k, self.d] = value
        return W, b

    def score_direction(self, X: np.ndarray) -> np.ndarray:
        r"""The change of the scores of class k per unit change of the parameter, shape (N,).

        :math:`\partial S_{:, k} / \partial W_{k, d} = X_{:, d}` and
        :math:`\partial S_{:, k} / \partial b_k = 1`.
        """
        return np.ones(X.shape[0]) if self.d is None else X[:, self.d]
