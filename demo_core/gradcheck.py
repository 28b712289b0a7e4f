r"""The numerical gradient by centred differences, and its comparison with the analytic one.

The centred difference :math:`(f(\theta + h) - f(\theta - h)) / 2h` has an error of order
:math:`h^2` for a smooth f, but a too small h lets floating-point round-off dominate. The
gradient check compares it with the analytic gradient by their relative error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from demo_core.losses import check_problem, evaluate_batch

__all__ = [
    "GradientCheck",
    "gradient_check",
    "max_relative_error",
    "numerical_gradient",
    "relative_error",
]

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
    # C-ordered copies, so that reshape(-1) gives views to nudge (W may be a transposed view).
    W = np.array(W, dtype=np.float64, order="C")
    b = np.array(b, dtype=np.float64, order="C")
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


@dataclass(frozen=True)
class GradientCheck:
    """The analytic gradient of a loss beside its centred-difference estimate.

    Attributes
    ----------
    analytic_dW, numerical_dW, error_dW : ndarray, shape (K, D)
        The analytic gradient, its numerical estimate and their :func:`relative_error`.
    analytic_db, numerical_db, error_db : ndarray, shape (K,)
        The same for b.
    max_error : float
        The largest relative error over W and b.
    """

    analytic_dW: np.ndarray
    analytic_db: np.ndarray
    numerical_dW: np.ndarray
    numerical_db: np.ndarray
    error_dW: np.ndarray
    error_db: np.ndarray
    max_error: float

    @property
    def passed(self) -> bool:
        """Whether every relative error is below :data:`PASS_THRESHOLD`."""
        return self.max_error < PASS_THRESHOLD


def gradient_check(
    name: str,
    W: object,
    b: object,
    X: object,
    y: object,
    reg: float,
    h: float = 1e-5,
    reg_gradient_factor: float = 2.0,
) -> GradientCheck:
    r"""Compare a loss's analytic gradient with centred differences of its total loss.

    The analytic gradient of W uses ``reg_gradient_factor`` :math:`\cdot \lambda W` for the
    regularization term. The right factor for :math:`\lambda \sum W^2` is 2; the original
    demo used 0.5, a mistake that this check exposes.

    Parameters
    ----------
    name : str
        A key of :data:`demo_core.losses.LOSSES`.
    W : array_like, shape (K, 2)
    b : array_like, shape (K,)
    X : array_like, shape (N, 2)
    y : array_like of int, shape (N,)
    reg : float
        L2 regularization strength :math:`\lambda \ge 0`.
    h : float
        The step of the centred differences: finite and > 0.
    reg_gradient_factor : float
        The factor c of the regularization gradient :math:`c \lambda W`.

    Returns
    -------
    GradientCheck

    Raises
    ------
    ValueError
        For an unknown loss, invalid arrays or ``reg``, or an ``h`` that is not finite and > 0.
    """
    if not (np.isfinite(h) and h > 0):
        raise ValueError(f"h must be a finite number > 0, got {h}")
    W, b, batch, reg = check_problem(name, W, b, X, y, reg)
    result = evaluate_batch(name, W, b, batch, reg)
    analytic = (result.dW + (reg_gradient_factor - 2.0) * reg * W, result.db)
    numerical = numerical_gradient(
        lambda W_, b_: evaluate_batch(name, W_, b_, batch, reg).total_loss, W, b, h
    )
    errors = tuple(relative_error(a, n) for a, n in zip(analytic, numerical, strict=True))
    return GradientCheck(*analytic, *numerical, *errors, max_relative_error(analytic, numerical))
