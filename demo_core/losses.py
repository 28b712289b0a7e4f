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

W has shape (K, D): D = 2 for the coordinates of a point, more with its features
(:mod:`demo_core.features`), and X has shape (N, D). Internally the parameters are packed side
by side, ``params = [W | b].T`` of shape (D + 1, K) (:func:`pack_params`), and the points
carry a row of ones, ``XT1 = [X.T; 1]`` of shape (D + 1, N).
The scores are class-major, ``S = params.T @ XT1`` of shape (K, N), so that every operation
over the K classes runs on contiguous rows of N numbers.

Each loss is written once, in three parts (:class:`_Loss`):

* its **arguments** Z (K, N), an affine function of the scores: the margins
  :math:`s_j - s_{y_i} + 1` (WW; structured, with 0 at :math:`j = y_i`), the hinges
  :math:`1 - t_j s_j` (One vs. All) or the differences :math:`s_j - s_{y_i}` (softmax);
* its **value**, the per-point losses from the arguments: :math:`\sum_j \max(0, z_j) - 1`
  (WW, whose term at :math:`j = y_i` is exactly 1), :math:`\sum_j \max(0, z_j)` (One vs.
  All), :math:`\max_j z_j` (structured) or :math:`\log \sum_j e^{z_j}` (softmax). It takes
  arguments of shape (K, ..., N), so one call evaluates many parameter sets;
* its **slope**, the derivative :math:`\partial L_i / \partial S` of shape (K, N).

:func:`evaluate_params` runs the three on one parameter set; one product,
``XT1 @ dS.T / N``, then gives the gradients of the mean data loss, packed as the parameters
are: ``[dW | db].T``. :func:`loss_plane` runs the values alone on a whole grid of parameter
sets whose scores lie on a plane, as the loss landscape needs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
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
    "loss_plane",
    "pack_params",
    "point_gradient_norms",
    "point_gradients",
]

LOSSES: dict[str, str] = {
    "ww": "Weston Watkins 1999",
    "ova": "One vs. All",
    "structured": "Structured SVM",
    "softmax": "Softmax",
}


def _relu(a: np.ndarray) -> np.ndarray:
    """``max(a, 0)`` in place, for ``a`` of shape (K, ..., N).

    Against a row of zeros rather than the scalar 0: NumPy's loop for the maximum of two
    arrays is faster than its loop for an array and a scalar (tests/benchmarks/README.md).
    """
    return np.maximum(a, np.zeros(a.shape[-1]), out=a)


def _margins(S: np.ndarray, own: np.ndarray) -> np.ndarray:
    """The margins ``s_j - s_y + 1`` of every class, shape (K, N); exactly 1 at ``j = y``."""
    margins = S - S.reshape(-1).take(own)
    margins += 1.0
    return margins


def _sum_of_hinges(Z: np.ndarray) -> np.ndarray:
    """``sum_j max(0, z_j)``, over the class axis 0."""
    return np.add.reduce(_relu(Z))


# -- Weston-Watkins: Z = margins, L = sum_j max(0, z_j) - 1 ---------------------------------


def _weston_watkins_value(Z: np.ndarray) -> np.ndarray:
    # The sum runs over every class, j = y included, whose margin is exactly 1: one term too
    # many, taken off again (cheaper than writing 0 at the labels).
    per_point = _sum_of_hinges(Z)
    per_point -= 1.0
    return per_point


def _weston_watkins_slope(Z: np.ndarray, per_point: np.ndarray, own: np.ndarray) -> np.ndarray:
    dS = np.greater(Z, 0.0, out=Z)  # 1 for each active margin, j = y included
    dS.reshape(-1)[own] = 1.0 - np.add.reduce(dS)
    return dS


# -- One vs. All: Z = 1 - t_j s_j, L = sum_j max(0, z_j) ------------------------------------


def _one_vs_all_arguments(S: np.ndarray, own: np.ndarray) -> np.ndarray:
    hinges = S + 1.0  # 1 - t s with t = -1, off the label ...
    hinges.reshape(-1)[own] = 1.0 - S.reshape(-1).take(own)  # ... and t = +1 at it
    return hinges


def _one_vs_all_slope(Z: np.ndarray, per_point: np.ndarray, own: np.ndarray) -> np.ndarray:
    dS = np.greater(Z, 0.0, out=Z)  # -t where active: 1 off the label ...
    terms = dS.reshape(-1)
    terms[own] = np.negative(terms.take(own))  # ... and -1 at it
    return dS


# -- Structured SVM: Z = margins with 0 at j = y, L = max_j z_j ---------------------------


def _structured_arguments(S: np.ndarray, own: np.ndarray) -> np.ndarray:
    margins = _margins(S, own)
    margins.reshape(-1)[own] = 0.0  # at j = y: the 0 of max(0, ...)
    return margins


def _structured_value(Z: np.ndarray) -> np.ndarray:
    return np.maximum.reduce(Z)


def _structured_slope(margins: np.ndarray, per_point: np.ndarray, own: np.ndarray) -> np.ndarray:
    # True at the highest rival of an active point and at the label of an inactive one; more
    # than once per point only where rivals tie, or where a rival's margin is exactly 0.
    highest = margins == per_point
    if np.count_nonzero(highest) > margins.shape[1]:
        highest = _first_true(highest)
    active = np.sign(per_point)
    dS = highest * active
    dS.reshape(-1)[own] = -active
    return dS


def _first_true(mask: np.ndarray) -> np.ndarray:
    """Keep, in each column of ``mask`` (K, N), only its first true row, as ``argmax`` does."""
    first = np.zeros_like(mask)
    first[mask.argmax(axis=0), np.arange(mask.shape[1])] = True
    return first


# -- Softmax: Z = s_j - s_y, L = log sum_j exp(z_j) -----------------------------------------


def _differences(S: np.ndarray, own: np.ndarray) -> np.ndarray:
    """``s_j - s_y`` for every class, shape (K, N); exactly 0 at ``j = y``."""
    return S - S.reshape(-1).take(own)


def _softmax_value(Z: np.ndarray) -> np.ndarray:
    # Shifted by the largest difference m, so that no exponential overflows and the largest
    # is 1: L = m + log sum_j exp(z_j - m). Z is left holding the probabilities
    # p_j = exp(z_j - m) / sum_k exp(z_k - m), for the slope.
    top = np.maximum.reduce(Z)
    Z -= top
    np.exp(Z, out=Z)
    total = np.add.reduce(Z)
    Z *= 1.0 / total
    per_point = np.log(total)
    per_point += top
    return per_point


def _softmax_slope(Z: np.ndarray, per_point: np.ndarray, own: np.ndarray) -> np.ndarray:
    Z.reshape(-1)[own] -= 1.0  # p_j - 1 at j = y
    return Z


# -- summing over a block of a plane of scores (see loss_plane) ---------------------------


def _bands(
    combine: np.ufunc, row_part: np.ndarray, column_part: np.ndarray, chunk: np.ndarray
) -> Iterator[tuple[slice, np.ndarray]]:
    """``combine(row_part[:, i], column_part[:, j])`` for a band of grid rows i at a time.

    ``row_part`` (K, R1, B) and ``column_part`` (K, R2, B) hold B points; each band is
    written into ``chunk`` (K, band, R2, >= B). Yields the band's rows and its (K, h, R2, B)
    combination.
    """
    rows, width = row_part.shape[1:]
    band = chunk.shape[1]
    for first in range(0, rows, band):
        grid_rows = slice(first, first + band)
        height = min(band, rows - first)
        out = chunk[:, :height, :, :width]
        yield grid_rows, combine(row_part[:, grid_rows, None, :], column_part[:, None], out=out)


def _block_sums(
    value: Callable[[np.ndarray], np.ndarray],
    row_part: np.ndarray,
    column_part: np.ndarray,
    chunk: np.ndarray,
) -> np.ndarray:
    """The sum over B points of the losses at the arguments ``row_part[:, i] + column_part[:, j]``.

    Returns shape (R1, R2); see :func:`_bands` for the shapes of the arguments.
    """
    sums = np.empty((row_part.shape[1], column_part.shape[1]))
    for grid_rows, arguments in _bands(np.add, row_part, column_part, chunk):
        np.add.reduce(value(arguments), axis=-1, out=sums[grid_rows])
    return sums


#: Largest spread over the classes of a column part's arguments for which the softmax's sums
#: are taken as products of exponentials; see :func:`_softmax_block_sums`.
_FACTOR_SPREAD = 500.0


def _softmax_block_sums(
    row_part: np.ndarray, column_part: np.ndarray, chunk: np.ndarray
) -> np.ndarray:
    r""":func:`_block_sums` of the softmax, with the exponentials of rows and columns apart.

    With :math:`B` the row part and :math:`C` the column part, each shifted by its largest
    entry over the classes, :math:`m_B` and :math:`m_C`:

    .. math:: L = \log \sum_k e^{B_k + C_k}
                = m_B + m_C + \log \sum_k e^{B_k - m_B} \, e^{C_k - m_C}

    so that the exponentials are taken once per point and grid row and once per point and
    grid column, and the grid costs one product per class. Every factor is at most 1. The
    largest product is :math:`e^{-g}` with :math:`g = m_B + m_C - \max_k (B_k + C_k) \le
    \max_k C_k - \min_k C_k`. Where that spread is at most :data:`_FACTOR_SPREAD` for every
    point and column, the largest product is far above underflow, any product that underflows
    is negligible beside it, and :math:`m_B + m_C \le L + g` keeps the rounding of the sum
    that of numbers of size L + 500 at most. Elsewhere the block is computed as
    :func:`_block_sums` does.
    """
    if np.max(np.ptp(column_part, axis=0)) > _FACTOR_SPREAD:
        return _block_sums(_softmax_value, row_part, column_part, chunk)
    row_top = np.maximum.reduce(row_part)
    column_top = np.maximum.reduce(column_part)
    row_factors = np.exp(np.subtract(row_part, row_top, out=row_part), out=row_part)
    column_factors = np.exp(np.subtract(column_part, column_top, out=column_part), out=column_part)
    sums = np.add.reduce(row_top, axis=-1)[:, None] + np.add.reduce(column_top, axis=-1)
    for grid_rows, products in _bands(np.multiply, row_factors, column_factors, chunk):
        inner = np.add.reduce(products)
        sums[grid_rows] += np.add.reduce(np.log(inner, out=inner), axis=-1)
    return sums


class _Loss(NamedTuple):
    r"""One loss, in parts on class-major arrays.

    Attributes
    ----------
    arguments : callable ``(S, own) -> Z``
        What the loss takes its hinges or its log-sum-exp of, shape (K, N), from the scores
        ``S`` (K, N) and the positions ``own`` of the labels' scores (:attr:`Batch.own`).
        It is affine in ``S``, which :func:`loss_plane` relies on.
    value : callable ``Z -> per_point``
        The per-point losses :math:`L_i` from their arguments, without gradients, for ``Z``
        of shape (K, ..., N): any number of parameter sets at once, giving shape (..., N).
        It may overwrite ``Z``.
    slope : callable ``(Z, per_point, own) -> dS``
        :math:`\partial L_i / \partial S` (K, N), from ``Z`` as ``value`` left it and the
        per-point losses; it may reuse ``Z``'s memory.
    block_sums : callable ``(row_part, column_part, chunk) -> sums``
        The per-point losses summed over a block of points, at every point of a grid whose
        arguments are ``row_part[:, i] + column_part[:, j]``: :func:`_block_sums` of
        ``value``, or a faster way to the same sums. It may overwrite both parts.
    """

    arguments: Callable[[np.ndarray, np.ndarray], np.ndarray]
    value: Callable[[np.ndarray], np.ndarray]
    slope: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
    block_sums: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def _loss(
    arguments: Callable[[np.ndarray, np.ndarray], np.ndarray],
    value: Callable[[np.ndarray], np.ndarray],
    slope: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
    block_sums: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray] | None = None,
) -> _Loss:
    """A :class:`_Loss` whose block sums are :func:`_block_sums` of its value unless given."""
    return _Loss(arguments, value, slope, block_sums or functools.partial(_block_sums, value))


_PARTS: dict[str, _Loss] = {
    "ww": _loss(_margins, _weston_watkins_value, _weston_watkins_slope),
    "ova": _loss(_one_vs_all_arguments, _sum_of_hinges, _one_vs_all_slope),
    "structured": _loss(_structured_arguments, _structured_value, _structured_slope),
    "softmax": _loss(_differences, _softmax_value, _softmax_slope, _softmax_block_sums),
}


class LossResult(NamedTuple):
    """Everything one evaluation of a loss yields.

    Attributes
    ----------
    data_loss : float
        Mean of ``per_point``, or their weighted sum if the batch has weights.
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
    r"""Validated points with their labels, ready for repeated evaluation.

    Besides the points and labels it holds, precomputed once, what the losses need in a
    class-major layout: scores are computed as ``S = params.T @ XT1`` of shape (K, N), so
    that every operation over the classes runs on contiguous rows of N numbers.

    Attributes
    ----------
    X : ndarray of float64, shape (N, D)
        The inputs of each point: its coordinates, then its features.
    y : ndarray of int64, shape (N,)
    XT1 : ndarray of float64, shape (D + 1, N)
        ``X.T`` with a row of ones below it, so that ``params.T @ XT1 = W @ X.T + b[:, None]``
        and ``XT1 @ dS.T = [dS @ X | dS.sum(1)].T``.
    own : ndarray of int64, shape (N,)
        Position of each point's own score in ``S.reshape(-1)``: ``y * N + arange(N)``.
    num_classes : int
        K, the number of classes the labels were checked against.
    weights : ndarray of float64, shape (N,), or None
        The weight :math:`w_i` of each point in the data loss :math:`\sum_i w_i L_i`, e.g.
        ``1 / N_train`` at the points that train and 0 at those held out as a test set; None
        for the mean, :math:`w_i = 1 / N`.
    """

    X: np.ndarray
    y: np.ndarray
    XT1: np.ndarray
    own: np.ndarray
    num_classes: int
    weights: np.ndarray | None = None

    @classmethod
    def from_arrays(cls, X: object, y: object, num_classes: int, dim: int = 2) -> Batch:
        """Validate ``X`` (N, D = ``dim``) and ``y`` (N,) for ``num_classes`` classes.

        Raises ValueError naming the problem.
        """
        X, y = check_data(X, y, num_classes, dim)
        return cls.of_valid(X, y, num_classes)

    @classmethod
    def of_valid(
        cls, X: np.ndarray, y: np.ndarray, num_classes: int, weights: np.ndarray | None = None
    ) -> Batch:
        """The batch of points and labels that are known to be valid for ``num_classes``.

        ``weights`` (N,), if given, weigh the points in the data loss (see :attr:`weights`).
        """
        n, dim = X.shape
        XT1 = np.empty((dim + 1, n))
        XT1[:dim] = X.T
        XT1[dim] = 1.0
        own = y * n
        own += _columns(n)
        return cls(X, y, XT1, own, num_classes, weights)

    def subset(self, index: np.ndarray) -> Batch:
        """The batch of the points at ``index`` (an int array of shape (B,)), equally weighted."""
        return Batch.of_valid(self.X[index], self.y[index], self.num_classes)


@functools.lru_cache(maxsize=8)
def _columns(n: int) -> np.ndarray:
    """``arange(n)``, read-only: shared by the batches of n points."""
    columns = np.arange(n)
    columns.flags.writeable = False
    return columns


def pack_params(W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """W (K, D) and b (K,) side by side in a new array ``params = [W | b].T`` of shape (D + 1, K).

    Column k holds class k's weights and bias: ``params[:D] = W.T`` and ``params[D] = b``.
    """
    return np.concatenate((W.T, b[None, :]))


def evaluate_batch(name: str, W: np.ndarray, b: np.ndarray, batch: Batch, reg: float) -> LossResult:
    """Evaluate a loss on an already validated batch, without checking the inputs again.

    ``W`` (K, D) and ``b`` (K,) must match ``batch.num_classes`` and the batch's D; see
    :func:`evaluate` for the meaning of every argument.
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
    params : ndarray of float64, shape (D + 1, K)
        ``[W | b].T``, as made by :func:`pack_params`; K must match ``batch.num_classes``
        and D the batch's inputs.
    batch : Batch
    reg : float
        L2 regularization strength, >= 0.

    Returns
    -------
    result : LossResult
        As from :func:`evaluate`; its ``dW`` and ``db`` are views of ``grad``.
    grad : ndarray of float64, shape (D + 1, K)
        The gradient of the total loss, packed as the parameters: ``[dW | db].T``.
    """
    S, per_point, dS = _scores_losses_slopes(name, params, batch)
    if batch.weights is None:  # the mean over the N points
        n = S.shape[1]
        data_loss = float(np.add.reduce(per_point)) / n
        grad = np.dot(batch.XT1, dS.T)
        grad /= n
    else:  # the weighted sum
        data_loss = float(np.dot(per_point, batch.weights))
        dS *= batch.weights
        grad = np.dot(batch.XT1, dS.T)
    dim = params.shape[0] - 1
    W_T = params[:dim]
    reg_loss = reg * float(np.vdot(W_T, W_T))
    grad[:dim] += (2.0 * reg) * W_T
    total_loss = data_loss + reg_loss
    result = LossResult(data_loss, reg_loss, total_loss, per_point, S.T, grad[:dim].T, grad[dim])
    return result, grad


def _scores_losses_slopes(
    name: str, params: np.ndarray, batch: Batch
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Scores S (K, N), losses :math:`L_i` (N,) and slopes :math:`dL_i/dS` (K, N)."""
    loss = _PARTS[name]
    S = np.dot(params.T, batch.XT1)
    Z = loss.arguments(S, batch.own)
    per_point = loss.value(Z)
    return S, per_point, loss.slope(Z, per_point, batch.own)


def point_gradients(name: str, params: np.ndarray, batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    r"""Each point's own loss :math:`L_i` and its gradient :math:`\nabla_\theta L_i`.

    The gradient of point i's loss with respect to the packed parameters is the outer
    product :math:`x_{1,i} \, (\partial L_i / \partial s)^T` of its column of ``XT1`` and
    its column of the slopes. Their mean over the N points is the data part of
    :func:`evaluate_params`'s gradient; the regularization's :math:`2 \lambda W` is no
    point's.

    Parameters
    ----------
    name : str
        A key of :data:`LOSSES`.
    params : ndarray of float64, shape (D + 1, K)
        ``[W | b].T``, as made by :func:`pack_params`.
    batch : Batch
        The N points and labels.

    Returns
    -------
    per_point : ndarray of float64, shape (N,)
        :math:`L_i`.
    gradients : ndarray of float64, shape (N, D + 1, K)
        :math:`\nabla_\theta L_i`, packed as the parameters: ``gradients[i] = [dW_i | db_i].T``.
    """
    _, per_point, dS = _scores_losses_slopes(name, params, batch)
    return per_point, np.einsum("dn,kn->ndk", batch.XT1, dS)


def point_gradient_norms(
    name: str, params: np.ndarray, batch: Batch
) -> tuple[np.ndarray, np.ndarray]:
    r"""Each point's own loss :math:`L_i` and the length of its gradient, without the gradients.

    Point i's gradient is the outer product of :math:`x_{1,i}` (its column of ``XT1``) and
    :math:`\partial L_i / \partial s` (:func:`point_gradients`), and the Frobenius norm of an
    outer product is the product of the two vectors' lengths:
    :math:`\|\nabla_\theta L_i\| = \|x_{1,i}\| \, \|\partial L_i / \partial s\|`.

    Parameters
    ----------
    name : str
        A key of :data:`LOSSES`.
    params : ndarray of float64, shape (D + 1, K)
        ``[W | b].T``, as made by :func:`pack_params`.
    batch : Batch
        The N points and labels.

    Returns
    -------
    per_point : ndarray of float64, shape (N,)
        :math:`L_i`.
    norms : ndarray of float64, shape (N,)
        :math:`\|\nabla_\theta L_i\|`, over all of W and b; exactly 0 where a point of an SVM
        loss has :math:`L_i = 0`.
    """
    _, per_point, dS = _scores_losses_slopes(name, params, batch)
    lengths = np.einsum("dn,dn->n", batch.XT1, batch.XT1)
    lengths *= np.einsum("kn,kn->n", dS, dS)
    return per_point, np.sqrt(lengths, out=lengths)


#: Entries (grid points x points) of each per-point array that :func:`loss_plane` computes at
#: once; the arguments behind them hold K times as many. Small enough to stay in the CPU's
#: cache, and below glibc's threshold (128 KiB) above which each allocation maps fresh memory
#: and pays a page fault per 4 KiB on its first use.
PLANE_CHUNK = 15_000


def loss_plane(
    name: str,
    batch: Batch,
    scores: np.ndarray,
    directions: tuple[np.ndarray, np.ndarray],
    steps: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    r"""The mean data loss over a grid of parameter sets whose scores lie on a plane.

    The scores at grid point (i, j) are :math:`S + u_i D_1 + v_j D_2`. Scores are linear in
    the parameters, so this is the grid :math:`\theta + u_i d_1 + v_j d_2` for any two
    directions :math:`d_1, d_2` in parameter space, with :math:`D = d^T X_1` (as
    ``dparams.T @ batch.XT1``); a direction that moves one parameter moves the scores of one
    class only. A loss's arguments are affine in the scores, so they too are the arguments at
    S plus :math:`u_i` and :math:`v_j` times fixed (K, N) arrays, and the per-point losses of
    many grid points are computed at once by broadcasting, in chunks of
    :data:`PLANE_CHUNK` grid points x points. No gradients are computed. A line through S is
    a grid of one row, with ``u = [0]``.

    Parameters
    ----------
    name : str
        A key of :data:`LOSSES`.
    batch : Batch
        The N points and labels; nothing is checked again.
    scores : ndarray of float64, shape (K, N)
        S, class-major, e.g. ``params.T @ batch.XT1``.
    directions : pair of ndarray of float64, shape (K, N)
        :math:`D_1` and :math:`D_2`: the change of the scores per unit step along the grid's
        rows and along its columns.
    steps : pair of ndarray of float64, shapes (R1,) and (R2,)
        :math:`u` and :math:`v`: the steps along :math:`D_1` and along :math:`D_2`.

    Returns
    -------
    ndarray of float64, shape (R1, R2)
        The mean of :math:`L_i` over the N points at each grid point (i, j); the
        regularization loss is not included.
    """
    loss = _PARTS[name]
    own = batch.own
    origin = loss.arguments(scores, own)
    at_zero = loss.arguments(np.zeros_like(scores), own)
    row_moves, column_moves = (loss.arguments(D, own) - at_zero for D in directions)
    row_steps, column_steps = steps
    num_classes, n = scores.shape
    rows, columns = row_steps.shape[0], column_steps.shape[0]
    block = min(n, max(1, PLANE_CHUNK // columns))  # points per chunk
    band = min(rows, max(1, PLANE_CHUNK // (columns * block)))  # grid rows per chunk
    chunk = np.empty((num_classes, band, columns, block))
    sums = np.zeros((rows, columns))
    # Buffers reused by every block: arrays this large would map fresh memory on each use.
    row_buffer = np.empty((num_classes, rows, block))
    column_buffer = np.empty((num_classes, columns, block))
    for start in range(0, n, block):
        points = slice(start, start + block)
        width = min(block, n - start)
        # The arguments at grid point (i, j) are row_part[:, i] + column_part[:, j].
        row_part = np.multiply(
            row_steps[:, None], row_moves[:, None, points], out=row_buffer[..., :width]
        )
        row_part += origin[:, None, points]
        column_part = np.multiply(
            column_steps[:, None], column_moves[:, None, points], out=column_buffer[..., :width]
        )
        sums += loss.block_sums(row_part, column_part, chunk)
    return sums / n


def evaluate(name: str, W: object, b: object, X: object, y: object, reg: float) -> LossResult:
    r"""Evaluate a loss, its regularization and their gradients on a data set.

    Parameters
    ----------
    name : str
        One of ``"ww"``, ``"ova"``, ``"structured"``, ``"softmax"`` (the keys of :data:`LOSSES`).
    W : array_like, shape (K, D)
        Weights, K >= 2, D >= 2.
    b : array_like, shape (K,)
        Biases.
    X : array_like, shape (N, D)
        Points with their features (:func:`demo_core.features.expand`), N >= 1.
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
    W : ndarray of float64, shape (K, D)
    b : ndarray of float64, shape (K,)
    batch : Batch
        The N points and labels, checked against K and D.
    reg : float
    """
    if name not in _PARTS:
        raise ValueError(f"unknown loss {name!r}; choose one of {', '.join(LOSSES)}")
    W, b = check_params(W, b)
    return W, b, Batch.from_arrays(X, y, W.shape[0], W.shape[1]), check_reg(reg)
