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

Internally the parameters are packed side by side, ``params = [W | b].T`` of shape (3, K)
(:func:`pack_params`), and the points carry a row of ones, ``XT1 = [X.T; 1]`` of shape (3, N).
The scores are class-major, ``S = params.T @ XT1`` of shape (K, N), so that every operation
over the K classes runs on contiguous rows of N numbers. Each loss is a function
``(S, batch) -> (per_point, dS)`` with ``per_point`` of shape (N,) and ``dS`` the derivative
:math:`\partial L_i / \partial S` of shape (K, N). One product, ``XT1 @ dS.T / N``, then gives
the gradients of the mean data loss, packed as the parameters are: ``[dW | db].T``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from demo_core.validation import check_data, check_params, check_reg

__all__ = [
    "LOSSES",
    "Batch",
    "LossResult",
    "check_problem",
    "evaluate",
    "evaluate_batch",
    "evaluate_params",
    "pack_params",
]

LOSSES: dict[str, str] = {
    "ww": "Weston Watkins 1999",
    "ova": "One vs. All",
    "structured": "Structured SVM",
    "softmax": "Softmax",
}


def _relu(a: np.ndarray) -> np.ndarray:
    """``max(a, 0)`` in place, for ``a`` of shape (K, N).

    Against a row of zeros rather than the scalar 0: NumPy's vectorized loop for the maximum
    of two arrays is about twice as fast.
    """
    return np.maximum(a, np.zeros(a.shape[1]), out=a)


def _margins(S: np.ndarray, own: np.ndarray) -> np.ndarray:
    """The margins ``s_j - s_y + 1`` of every class, shape (K, N); exactly 1 at ``j = y``."""
    margins = S - S.reshape(-1).take(own)
    margins += 1.0
    return margins


def _weston_watkins(S: np.ndarray, batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    # The sums run over every class, j = y included, whose margin is exactly 1: one term
    # and one active margin too many.
    margins = _margins(S, batch.own)
    per_point = np.add.reduce(_relu(margins))
    per_point -= 1.0
    dS = np.greater(margins, 0.0, out=margins)  # 1 for each active margin, in the same buffer
    dS.reshape(-1)[batch.own] = 1.0 - np.add.reduce(dS)
    return per_point, dS


def _one_vs_all(S: np.ndarray, batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    own = batch.own
    hinges = S + 1.0  # 1 - t s with t = -1, off the label
    terms = hinges.reshape(-1)
    own_hinges = 1.0 - S.reshape(-1).take(own)  # t = +1 at the label
    terms[own] = own_hinges
    per_point = np.add.reduce(_relu(hinges))
    dS = np.greater(hinges, 0.0, out=hinges)  # -t where active: 1 off the label ...
    terms[own] = np.negative(own_hinges > 0.0, dtype=np.float64)  # ... and -1 at it
    return per_point, dS


def _structured(S: np.ndarray, batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    margins = _margins(S, batch.own)
    margins.reshape(-1)[batch.own] = 0.0  # at j = y: the 0 of max(0, ...)
    per_point = np.maximum.reduce(margins)
    # True at the highest rival of an active point and at the label of an inactive one; more
    # than once per point only where rivals tie, or where a rival's margin is exactly 0.
    highest = margins == per_point
    if np.count_nonzero(highest) > S.shape[1]:
        highest = _first_true(highest)
    active = np.sign(per_point)
    dS = highest * active
    dS.reshape(-1)[batch.own] = -active
    return per_point, dS


def _first_true(mask: np.ndarray) -> np.ndarray:
    """Keep, in each column of ``mask`` (K, N), only its first true row, as ``argmax`` does."""
    first = np.zeros_like(mask)
    first[mask.argmax(axis=0), np.arange(mask.shape[1])] = True
    return first


def _softmax(S: np.ndarray, batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    own = batch.own
    probs = S - np.maximum.reduce(S)
    shifted_own = probs.reshape(-1).take(own)
    np.exp(probs, out=probs)
    total = np.add.reduce(probs)
    per_point = np.log(total)
    per_point -= shifted_own
    probs *= 1.0 / total
    probs.reshape(-1)[own] -= 1.0
    return per_point, probs


_LossFunction = Callable[[np.ndarray, "Batch"], tuple[np.ndarray, np.ndarray]]
_LOSS_FUNCTIONS: dict[str, _LossFunction] = {
    "ww": _weston_watkins,
    "ova": _one_vs_all,
    "structured": _structured,
    "softmax": _softmax,
}


class LossResult(NamedTuple):
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


class Batch(NamedTuple):
    """Validated points with their labels, ready for repeated evaluation.

    Besides the points and labels it holds, precomputed once, what the losses need in a
    class-major layout: scores are computed as ``S = params.T @ XT1`` of shape (K, N), so
    that every operation over the classes runs on contiguous rows of N numbers.

    Attributes
    ----------
    X : ndarray of float64, shape (N, 2)
    y : ndarray of int64, shape (N,)
    XT1 : ndarray of float64, shape (3, N)
        ``X.T`` with a row of ones below it, so that ``params.T @ XT1 = W @ X.T + b[:, None]``
        and ``XT1 @ dS.T = [dS @ X | dS.sum(1)].T``.
    own : ndarray of int64, shape (N,)
        Position of each point's own score in ``S.reshape(-1)``: ``y * N + arange(N)``.
    num_classes : int
        K, the number of classes the labels were checked against.
    """

    X: np.ndarray
    y: np.ndarray
    XT1: np.ndarray
    own: np.ndarray
    num_classes: int

    @classmethod
    def from_arrays(cls, X: object, y: object, num_classes: int) -> Batch:
        """Validate ``X`` (N, 2) and ``y`` (N,) for ``num_classes`` classes, or raise ValueError."""
        X, y = check_data(X, y, num_classes)
        return cls.of_valid(X, y, num_classes)

    @classmethod
    def of_valid(cls, X: np.ndarray, y: np.ndarray, num_classes: int) -> Batch:
        """The batch of points and labels that are known to be valid for ``num_classes``."""
        n = y.shape[0]
        XT1 = np.empty((3, n))
        XT1[:2] = X.T
        XT1[2] = 1.0
        own = y * n
        own += _columns(n)
        return cls(X, y, XT1, own, num_classes)

    def subset(self, index: np.ndarray) -> Batch:
        """The batch of the points at ``index`` (an int array of shape (B,))."""
        return Batch.of_valid(self.X[index], self.y[index], self.num_classes)


@functools.lru_cache(maxsize=8)
def _columns(n: int) -> np.ndarray:
    """``arange(n)``, read-only: shared by the batches of n points."""
    columns = np.arange(n)
    columns.flags.writeable = False
    return columns


def pack_params(W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """W (K, 2) and b (K,) side by side in a new array ``params = [W | b].T`` of shape (3, K).

    Column k holds class k's weights and bias: ``params[:2] = W.T`` and ``params[2] = b``.
    """
    return np.concatenate((W.T, b[None, :]))


def evaluate_batch(name: str, W: np.ndarray, b: np.ndarray, batch: Batch, reg: float) -> LossResult:
    """Evaluate a loss on an already validated batch, without checking the inputs again.

    ``W`` (K, 2) and ``b`` (K,) must match ``batch.num_classes``; see :func:`evaluate` for
    the meaning of every argument.
    """
    return evaluate_params(name, pack_params(W, b), batch, reg)[0]


def evaluate_params(
    name: str, params: np.ndarray, batch: Batch, reg: float
) -> tuple[LossResult, np.ndarray]:
    """Evaluate a loss at packed parameters: the fast path for training loops.

    Parameters
    ----------
    name : str
        A key of :data:`LOSSES`.
    params : ndarray of float64, shape (3, K)
        ``[W | b].T``, as made by :func:`pack_params`; K must match ``batch.num_classes``.
    batch : Batch
    reg : float
        L2 regularization strength, >= 0.

    Returns
    -------
    result : LossResult
        As from :func:`evaluate`; its ``dW`` and ``db`` are views of ``grad``.
    grad : ndarray of float64, shape (3, K)
        The gradient of the total loss, packed as the parameters: ``[dW | db].T``.
    """
    S = np.dot(params.T, batch.XT1)
    per_point, dS = _LOSS_FUNCTIONS[name](S, batch)
    n = S.shape[1]
    data_loss = float(np.add.reduce(per_point)) / n
    weights = params[:2]  # W.T
    reg_loss = reg * float(np.vdot(weights, weights))
    grad = np.dot(batch.XT1, dS.T)
    grad /= n
    grad[:2] += (2.0 * reg) * weights
    total_loss = data_loss + reg_loss
    return LossResult(data_loss, reg_loss, total_loss, per_point, S.T, grad[:2].T, grad[2]), grad


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
