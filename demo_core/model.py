"""The linear model ``s = W x + b`` and its parameters.

W has shape (K, D) with one row per class, b has shape (K,), and a batch of points X has
shape (N, D), so the scores of a batch are ``S = X @ W.T + b`` of shape (N, K). Here D = 2.
"""

from __future__ import annotations

import numpy as np

__all__ = ["accuracy", "original_params", "random_params", "scores"]

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
