r"""The four losses of the original demo, with L2 regularization and analytic gradients.

For scores ``S = X @ W.T + b`` of shape (N, K), labels ``y`` of shape (N,) and margin 1:

* ``"ww"``, Weston-Watkins 1999: :math:`L_i = \sum_{j \ne y_i} \max(0, s_j - s_{y_i} + 1)`
* ``"ova"``, One vs. All: :math:`L_i = \sum_j \max(0, 1 - t_j s_j)`, with :math:`t_j = +1` if
  :math:`j = y_i` and :math:`-1` otherwise
* ``"structured"``, Structured SVM (Crammer-Singer):
  :math:`L_i = \max(0, \max_{j \ne y_i} s_j - s_{y_i} + 1)`
* ``"softmax"``, cross-entropy: :math:`L_i = -\log(e^{s_{y_i}} / \sum_j e^{s_j})`

The data loss is the mean of :math:`L_i` over the N points, and the regularization loss is
:math:`\lambda \sum W^2` on W only, whose gradient is :math:`2 \lambda W`. At a hinge's kink
(a margin exactly 0) the subgradient 0 is used.

Each loss is a function ``(S, onehot) -> (per_point, dS)`` where ``onehot`` is a boolean (N, K)
mask of the labels, ``per_point`` has shape (N,) and ``dS`` is :math:`\partial L_i / \partial S`
of shape (N, K). The gradients of the mean data loss then are ``dW = dS.T @ X / N`` and
``db = dS.sum(0) / N``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from demo_core.validation import check_data, check_params, check_reg

__all__ = ["LOSSES", "Batch", "LossResult", "check_problem", "evaluate", "evaluate_batch"]

LOSSES: dict[str, str] = {
    "ww": "Weston Watkins 1999",
    "ova": "One vs. All",
    "structured": "Structured SVM",
    "softmax": "Softmax",
}


def _weston_watkins(S: np.ndarray, onehot: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    correct = S[onehot]
    margins = S - correct[:, None] + 1.0
    margins[onehot] = 0.0
    np.maximum(margins, 0.0, out=margins)
    active = (margins > 0).astype(np.float64)
    active[onehot] = -active.sum(axis=1)
    return margins.sum(axis=1), active


def _one_vs_all(S: np.ndarray, onehot: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    signs = np.where(onehot, 1.0, -1.0)
    hinges = 1.0 - signs * S
    active = hinges > 0
    return np.where(active, hinges, 0.0).sum(axis=1), np.where(active, -signs, 0.0)


def _structured(S: np.ndarray, onehot: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    others = np.where(onehot, -np.inf, S)
    rival = np.argmax(others, axis=1)
    rows = np.arange(S.shape[0])
    margin = others[rows, rival] - S[onehot] + 1.0
    active = (margin > 0).astype(np.float64)
    dS = np.zeros_like(S)
    dS[rows, rival] = active
    dS[onehot] = -active
    return np.maximum(margin, 0.0), dS


def _softmax(S: np.ndarray, onehot: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    shifted = S - S.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    total = exp.sum(axis=1)
    per_point = np.log(total) - shifted[onehot]
    dS = exp / total[:, None]
    dS[onehot] -= 1.0
    return per_point, dS


_LOSS_FUNCTIONS: dict[str, Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]] = {
    "ww": _weston_watkins,
    "ova": _one_vs_all,
    "structured": _structured,
    "softmax": _softmax,
}


@dataclass(frozen=True)
class LossResult:
    """Everything one evaluation of a loss yields.

    Attributes
    ----------
    data_loss : float
        Mean of ``per_point``.
    reg_loss : float
        ``reg * sum(W**2)``.
    total_loss : float
        ``data_loss + reg_loss``.
    per_point : ndarray, shape (N,)
        The loss :math:`L_i` of each point.
    scores : ndarray, shape (N, K)
        ``X @ W.T + b``.
    dW : ndarray, shape (K, D)
        Gradient of the total loss with respect to W.
    db : ndarray, shape (K,)
        Gradient of the total loss with respect to b.
    """

    data_loss: float
    reg_loss: float
    total_loss: float
    per_point: np.ndarray
    scores: np.ndarray
    dW: np.ndarray
    db: np.ndarray


@dataclass(frozen=True)
class Batch:
    """Validated points with their labels, ready for repeated evaluation.

    Attributes
    ----------
    X : ndarray of float64, shape (N, 2)
    y : ndarray of int64, shape (N,)
    onehot : ndarray of bool, shape (N, K)
        ``onehot[i, k]`` is true where ``y[i] == k``; precomputed once for speed.
    """

    X: np.ndarray
    y: np.ndarray
    onehot: np.ndarray

    @classmethod
    def from_arrays(cls, X: object, y: object, num_classes: int) -> Batch:
        """Validate ``X`` (N, 2) and ``y`` (N,) for ``num_classes`` classes, or raise ValueError."""
        X, y = check_data(X, y, num_classes)
        return cls(X, y, y[:, None] == np.arange(num_classes))

    def subset(self, index: np.ndarray) -> Batch:
        """The batch of the points at ``index`` (an int array of shape (B,))."""
        return Batch(self.X[index], self.y[index], self.onehot[index])

    @property
    def num_classes(self) -> int:
        """K, the number of classes the labels were checked against."""
        return self.onehot.shape[1]


def evaluate_batch(name: str, W: np.ndarray, b: np.ndarray, batch: Batch, reg: float) -> LossResult:
    """Evaluate a loss on an already validated batch, without checking the inputs again.

    This is the fast path for training loops. ``W`` (K, 2) and ``b`` (K,) must match
    ``batch.num_classes``; see :func:`evaluate` for the meaning of every argument.
    """
    S = batch.X @ W.T + b
    per_point, dS = _LOSS_FUNCTIONS[name](S, batch.onehot)
    n = S.shape[0]
    data_loss = float(per_point.sum()) / n
    reg_loss = reg * float(np.sum(W * W))
    dW = dS.T @ batch.X / n + (2.0 * reg) * W
    db = dS.sum(axis=0) / n
    return LossResult(data_loss, reg_loss, data_loss + reg_loss, per_point, S, dW, db)


def evaluate(name: str, W: object, b: object, X: object, y: object, reg: float) -> LossResult:
    r"""Evaluate a loss, its regularization and their gradients on a data set.

    Parameters
    ----------
    name : str
        One of ``"ww"``, ``"ova"``, ``"structured"``, ``"softmax"`` (the keys of :data:`LOSSES`).
    W : array_like, shape (K, 2)
        Weights, K >= 2.
    b : array_like, shape (K,)
        Biases.
    X : array_like, shape (N, 2)
        Points, N >= 1.
    y : array_like of int, shape (N,)
        Labels in ``0 .. K-1``.
    reg : float
        L2 regularization strength :math:`\lambda >= 0`.

    Returns
    -------
    LossResult
        Mean data loss, :math:`\lambda \sum W^2`, their sum, per-point losses, scores and
        the gradients of the total loss.

    Raises
    ------
    ValueError
        For an unknown loss name, a wrong shape, NaN or inf, a label outside ``0..K-1`` or a
        negative ``reg``; the message names the problem.
    """
    return evaluate_batch(name, *check_problem(name, W, b, X, y, reg))


def check_problem(
    name: str, W: object, b: object, X: object, y: object, reg: float
) -> tuple[np.ndarray, np.ndarray, Batch, float]:
    """Validate the arguments of :func:`evaluate`, or raise ValueError naming the problem.

    Returns
    -------
    W : ndarray of float64, shape (K, 2)
    b : ndarray of float64, shape (K,)
    batch : Batch
        The N points and labels, checked against K.
    reg : float
    """
    if name not in _LOSS_FUNCTIONS:
        raise ValueError(f"unknown loss {name!r}; choose one of {', '.join(LOSSES)}")
    W, b = check_params(W, b)
    return W, b, Batch.from_arrays(X, y, W.shape[0]), check_reg(reg)
