"""Checks of user-supplied arrays, shared by every module of the core.

Each check raises ``ValueError`` with a message that names the problem.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["check_data", "check_params", "check_reg"]


def _finite_float_array(name: str, value: object, ndim: int) -> np.ndarray:
    """Return ``value`` as a float64 array of ``ndim`` dimensions, or raise ``ValueError``."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be numeric: {error}") from None
    if array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or inf")
    return array


def check_params(W: object, b: object) -> tuple[np.ndarray, np.ndarray]:
    """Validate the parameters of the linear model.

    Parameters
    ----------
    W : array_like, shape (K, D)
        Weights, one row per class, with K >= 2 and D >= 2: the two coordinates of a point,
        then its features (:mod:`demo_core.features`).
    b : array_like, shape (K,)
        Biases.

    Returns
    -------
    W : ndarray of float64, shape (K, D)
    b : ndarray of float64, shape (K,)
    """
    W = _finite_float_array("W", W, 2)
    b = _finite_float_array("b", b, 1)
    if W.shape[0] < 2 or W.shape[1] < 2:
        raise ValueError(f"W must have shape (K, D) with K >= 2 and D >= 2, got {W.shape}")
    if b.shape != (W.shape[0],):
        raise ValueError(f"b must have shape ({W.shape[0]},) to match W, got {b.shape}")
    return W, b


def check_data(
    X: object, y: object, num_classes: int, dim: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """Validate a labelled data set.

    Parameters
    ----------
    X : array_like, shape (N, D)
        Points, N >= 1, each with D = ``dim`` inputs: its coordinates and features.
    y : array_like of int, shape (N,)
        Labels in ``0 .. num_classes - 1``.
    num_classes : int
        K, the number of classes.
    dim : int
        D, the number of inputs of a point, >= 2; that of W in :func:`check_params`.

    Returns
    -------
    X : ndarray of float64, shape (N, D)
    y : ndarray of int64, shape (N,)
    """
    X = _finite_float_array("X", X, 2)
    if X.shape[0] < 1 or X.shape[1] != dim:
        raise ValueError(f"X must have shape (N, {dim}) with N >= 1, got {X.shape}")
    labels = np.asarray(y)
    if labels.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},) to match X, got {labels.shape}")
    if labels.dtype.kind == "f":
        if not np.all(np.isfinite(labels)):
            raise ValueError("y contains NaN or inf")
        if not np.all(labels == np.round(labels)):
            raise ValueError("y must hold whole-number class labels")
    elif labels.dtype.kind not in "iu":
        raise ValueError(f"y must hold integer class labels, got dtype {labels.dtype}")
    labels = labels.astype(np.int64, copy=False)
    # One pass for both bounds: as unsigned numbers, negative labels are the largest.
    if labels.size and labels.view(np.uint64).max() >= num_classes:
        raise ValueError(f"y has a label outside 0..{num_classes - 1}")
    return X, labels


def check_reg(reg: object) -> float:
    """Validate the L2 regularization strength: a finite float >= 0."""
    try:
        value = float(reg)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"reg must be a number, got {reg!r}") from None
    if not math.isfinite(value):
        raise ValueError("reg must be finite")
    if value < 0:
        raise ValueError(f"reg must be >= 0, got {value}")
    return value
