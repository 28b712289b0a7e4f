r"""The numerical gradient by centred differences, and its comparison with the analytic one.

The centred difference :math:`(f(\theta + h) - f(\theta - h)) / 2h` has an error of order
:math:`h^2` for a smooth f, but a too small h lets floating-point round-off dominate. The
gradient check compares it with the analytic gradient by their relative error.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["max_relative_error", "numerical_gradient", "relative_error"]

#: Relative errors below this count as a passed gradient check.
PASS_THRESHOLD = 1e-6


def numerical_gradient(
    f: Callable[[np.ndarray, np.ndarray], float], W: np.ndarray, b: np.ndarray, h: float = 1e-5
) -> tuple[np.ndarray, np.ndarray]:
    """Gradient of ``f(W, b)`` by centred differences, one parameter at a time.

    Parameters
    ----------
    f : callable
        ``f(W, b) -> float``; it must not keep references to its arguments.
    W : ndarray, shape (K, D)
    b : ndarray, shape (K,)
    h : float
        The step of the difference, > 0.

    Returns
    -------
    dW : ndarray, shape (K, D)
    db : ndarray, shape (K,)
        ``(f(.., p + h, ..) - f(.., p - h, ..)) / (2 h)`` for each parameter p.
    """
    if not h > 0:
        raise ValueError(f"h must be > 0, got {h}")
    W = np.array(W, dtype=np.float64)
    b = np.array(b, dtype=np.float64)
    gradients = []
    for param in (W, b):
        grad = np.zeros_like(param)
        flat_param, flat_grad = param.reshape(-1), grad.reshape(-1)
        for i in range(flat_param.size):
            saved = flat_param[i]
            flat_param[i] = saved + h
            upper = f(W, b)
            flat_param[i] = saved - h
            lower = f(W, b)
            flat_param[i] = saved
            flat_grad[i] = (upper - lower) / (2 * h)
        gradients.append(grad)
    return gradients[0], gradients[1]


def relative_error(analytic: np.ndarray, numerical: np.ndarray, floor: float = 1e-4) -> np.ndarray:
    r"""Elementwise relative error :math:`|a - n| / \max(|a|, |n|, \text{floor})`.

    The floor keeps two gradients that are both (nearly) zero from counting as a mismatch: a
    centred difference of a loss of size about 1 carries a round-off of about
    ``1e-16 / h``, i.e. 1e-11 at h = 1e-5, even where the true gradient is exactly 0. Below
    the floor the comparison is in effect absolute.

    Parameters
    ----------
    analytic, numerical : ndarray
        Arrays of the same shape.
    floor : float
        Smallest denominator.

    Returns
    -------
    ndarray
        The same shape as the inputs, values >= 0.
    """
    analytic = np.asarray(analytic, dtype=np.float64)
    numerical = np.asarray(numerical, dtype=np.float64)
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numerical)), floor)
    return np.abs(analytic - numerical) / scale


def max_relative_error(
    analytic: tuple[np.ndarray, ...], numerical: tuple[np.ndarray, ...], floor: float = 1e-4
) -> float:
    """Largest :func:`relative_error` over matching arrays, e.g. ``(dW, db)`` and its estimate."""
    return max(
        float(np.max(relative_error(a, n, floor), initial=0.0))
        for a, n in zip(analytic, numerical, strict=True)
    )
