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

Internally the scores are class-major, ``S = W @ X.T + b[:, None]`` of shape (K, N), so that
every operation over the K classes runs on contiguous rows of N numbers. Each loss is a
function ``(S, batch) -> (per_point, dS)`` with ``per_point`` of shape (N,) and ``dS`` the
derivative :math:`\partial L_i / \partial S` of shape (K, N). The gradients of the mean data
loss then are ``dW = dS @ X / N`` and ``db = dS.sum(1) / N``.
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


def _weston_watkins(S: np.ndarray, batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    flat = S.reshape(-1)
    margins = S - flat[batch.flat] + 1.0
    margins.reshape(-1)[batch.flat] = 0.0
    np.maximum(margins, 0.0, out=margins)
    dS = np.greater(margins, 0.0).astype(np.float64)
    dS.reshape(-1)[batch.flat] = -dS.sum(axis=0)
    return margins.sum(axis=0), dS


def _one_vs_all(S: np.ndarray, batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    hinges = 1.0 - batch.signs * S
    np.maximum(hinges, 0.0, out=hinges)
    dS = np.where(hinges > 0.0, -batch.signs, 0.0)
    return hinges.sum(axis=0), dS


def _structured(S: np.ndarray, batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    others = S.copy()
    others.reshape(-1)[batch.flat] = -np.inf
    rival = batch.columns + others.argmax(axis=0) * S.shape[1]
    margin = others.reshape(-1)[rival] - S.reshape(-1)[batch.flat] + 1.0
    active = np.greater(margin, 0.0).astype(np.float64)
    dS = np.zeros_like(S)
    dS.reshape(-1)[rival] = active
    dS.reshape(-1)[batch.flat] = -active
    return np.maximum(margin, 0.0), dS


def _softmax(S: np.ndarray, batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    shifted = S - S.max(axis=0)
    exp = np.exp(shifted)
    total = exp.sum(axis=0)
    per_point = np.log(total) - shifted.reshape(-1)[batch.flat]
    exp /= total
    exp.reshape(-1)[batch.flat] -= 1.0
    return per_point, exp


_LossFunction = Callable[[np.ndarray, "Batch"], tuple[np.ndarray, np.ndarray]]
_LOSS_FUNCTIONS: dict[str, _LossFunction] = {
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

    Besides the points and labels it holds, precomputed once, what the losses need in a
    class-major layout: scores are computed as ``S = W @ X.T + b[:, None]`` of shape (K, N),
    so that every operation over the classes runs on contiguous rows of N numbers.

    Attributes
    ----------
    X : ndarray of float64, shape (N, 2)
    y : ndarray of int64, shape (N,)
    onehot : ndarray of bool, shape (N, K)
        ``onehot[i, k]`` is true where ``y[i] == k`` (a view of a class-major mask).
    XT : ndarray of float64, shape (2, N)
        ``X.T``, contiguous.
    signs : ndarray of float64, shape (K, N)
        +1 where ``k == y[i]``, -1 elsewhere (the targets of One vs. All).
    columns : ndarray of int64, shape (N,)
        ``0 .. N-1``.
    flat : ndarray of int64, shape (N,)
        Position of each point's own score in ``S.reshape(-1)``: ``y * N + columns``.
    """

    X: np.ndarray
    y: np.ndarray
    onehot: np.ndarray
    XT: np.ndarray
    signs: np.ndarray
    columns: np.ndarray
    flat: np.ndarray

    @classmethod
    def from_arrays(cls, X: object, y: object, num_classes: int) -> Batch:
        """Validate ``X`` (N, 2) and ``y`` (N,) for ``num_classes`` classes, or raise ValueError."""
        X, y = check_data(X, y, num_classes)
        return cls.of_valid(X, y, num_classes)

    @classmethod
    def of_valid(cls, X: np.ndarray, y: np.ndarray, num_classes: int) -> Batch:
        """The batch of points and labels that are known to be valid for ``num_classes``."""
        mask = np.arange(num_classes)[:, None] == y  # (K, N): fast along the rows
        columns = np.arange(y.shape[0])
        signs = mask * 2.0 - 1.0
        XT = np.ascontiguousarray(X.T)
        return cls(X, y, mask.T, XT, signs, columns, y * len(y) + columns)

    def subset(self, index: np.ndarray) -> Batch:
        """The batch of the points at ``index`` (an int array of shape (B,))."""
        return Batch.of_valid(self.X[index], self.y[index], self.num_classes)

    @property
    def num_classes(self) -> int:
        """K, the number of classes the labels were checked against."""
        return self.onehot.shape[1]


def evaluate_batch(name: str, W: np.ndarray, b: np.ndarray, batch: Batch, reg: float) -> LossResult:
    """Evaluate a loss on an already validated batch, without checking the inputs again.

    This is the fast path for training loops. ``W`` (K, 2) and ``b`` (K,) must match
    ``batch.num_classes``; see :func:`evaluate` for the meaning of every argument.
    """
    S = W @ batch.XT
    S += b[:, None]
    per_point, dS = _LOSS_FUNCTIONS[name](S, batch)
    n = S.shape[1]
    data_loss = float(per_point.sum()) / n
    reg_loss = reg * float(np.vdot(W, W))
    dW = dS @ batch.X
    dW /= n
    if reg:
        dW += (2.0 * reg) * W
    db = dS.sum(axis=1) / n
    return LossResult(data_loss, reg_loss, data_loss + reg_loss, per_point, S.T, dW, db)


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
