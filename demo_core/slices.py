r"""Slices of the loss: the total loss along a line or over a plane through the parameters.

The parameters :math:`\theta = (W, b)` of K classes are a point in a space of 3K dimensions.
A **direction** there is a pair ``(dW, db)`` of the shapes of ``W`` (K, 2) and ``b`` (K,).
The CS231n notes look at the loss along one random direction :math:`d`,
:math:`L(\theta + a d)`, and over two, :math:`L(\theta + u d_1 + v d_2)`; along the negative
gradient, :math:`L(\theta - t \nabla L)` shows where a step of size :math:`t` lands.

The scores are linear in the parameters, so the scores along a line or over a plane lie on a
line or a plane, and :func:`demo_core.losses.loss_plane` gives the mean data loss at all sample
points at once (a line is a grid of one row). The regularization :math:`\lambda \|W\|^2` is
added exactly: along the plane

.. math:: \|W + u A + v B\|^2 = \|W\|^2 + 2u \langle W, A\rangle + 2v \langle W, B\rangle
          + u^2 \|A\|^2 + 2uv \langle A, B\rangle + v^2 \|B\|^2

with :math:`A` and :math:`B` the W parts of the two directions.

For the SVM losses each point's loss :math:`L_i(a)` along a line is piecewise linear; its
**kinks**, where its slope changes, are roots of affine functions of :math:`a` and are found
exactly by :func:`kinks`.
"""

from __future__ import annotations

import numpy as np

from demo_core.losses import Batch, check_problem, evaluate_batch, loss_plane, pack_params

__all__ = [
    "Direction",
    "descent_direction",
    "kinks",
    "line_loss",
    "plane_loss",
    "random_directions",
]

#: A direction in parameter space: ``(dW, db)``, of shapes (K, 2) and (K,).
Direction = tuple[np.ndarray, np.ndarray]


def random_directions(seed: int, num_classes: int, count: int = 1, dim: int = 2) -> list[Direction]:
    r"""``count`` random directions of unit length, at right angles to each other.

    Each is drawn from a standard normal distribution over all :math:`(D + 1) K` parameters,
    then (Gram-Schmidt) made orthogonal to the ones before it and scaled to length 1:
    :math:`\|dW\|^2 + \|db\|^2 = 1`. So a step :math:`a` along it moves the parameters by
    exactly :math:`|a|`. The same seed and K give the same directions.

    Parameters
    ----------
    seed : int
        Seed of the ``numpy.random.Generator``.
    num_classes : int
        K.
    count : int
        How many directions, from 1 to :math:`(D + 1) K`.
    dim : int
        D, the input dimension.

    Returns
    -------
    list of (ndarray, ndarray)
        ``count`` pairs ``(dW, db)`` of shapes (K, D) and (K,).
    """
    size = num_classes * (dim + 1)
    if not 1 <= count <= size:
        raise ValueError(f"count must be between 1 and {size}, got {count}")
    rng = np.random.default_rng(seed)
    vectors: list[np.ndarray] = []
    while len(vectors) < count:
        vector = rng.standard_normal(size)
        for other in vectors:
            vector -= np.dot(vector, other) * other
        length = np.linalg.norm(vector)
        if length > 1e-8:  # a draw in the span of the others is drawn again
            vectors.append(vector / length)
    return [
        (vector[: num_classes * dim].reshape(num_classes, dim), vector[num_classes * dim :].copy())
        for vector in vectors
    ]


def descent_direction(
    name: str, W: object, b: object, X: object, y: object, reg: float
) -> Direction:
    r"""The negative gradient of the total loss, :math:`-\nabla L = (-dW, -db)`, not normalized.

    A step of size :math:`t` along it is a plain gradient step with step size :math:`t`:
    :func:`line_loss` at :math:`t = \eta` is the total loss after one step of SGD on the
    full batch.

    Parameters are those of :func:`demo_core.losses.evaluate`. Returns ``(-dW, -db)``, of
    shapes (K, 2) and (K,).
    """
    W, b, batch, reg = check_problem(name, W, b, X, y, reg)
    result = evaluate_batch(name, W, b, batch, reg)
    return -result.dW, -result.db


def _score_direction(direction: Direction, batch: Batch) -> np.ndarray:
    """The change of the class-major scores (K, N) per unit step along ``direction``."""
    dW, db = direction
    return np.dot(pack_params(dW, db).T, batch.XT1)


def _check_direction(direction: object, W: np.ndarray) -> Direction:
    """``direction`` as float arrays of the shapes of W and b, or ValueError."""
    if not isinstance(direction, tuple | list) or len(direction) != 2:
        raise ValueError("a direction is a pair (dW, db)")
    dW, db = (np.asarray(part, dtype=np.float64) for part in direction)
    if dW.shape != W.shape or db.shape != W.shape[:1]:
        raise ValueError(f"a direction needs dW of shape {W.shape} and db of shape {W.shape[:1]}")
    if not (np.all(np.isfinite(dW)) and np.all(np.isfinite(db))):
        raise ValueError("a direction must be finite")
    return dW, db


def _check_steps(steps: object) -> np.ndarray:
    """``steps`` as a finite 1-D float array, or ValueError."""
    values = np.asarray(steps, dtype=np.float64)
    if values.ndim != 1 or not np.all(np.isfinite(values)):
        raise ValueError("steps must be a 1-D array of finite numbers")
    return values


def line_loss(
    name: str,
    W: object,
    b: object,
    X: object,
    y: object,
    reg: float,
    direction: Direction,
    steps: object,
) -> np.ndarray:
    r"""The total loss :math:`L(\theta + a d)` at each step :math:`a` along a direction.

    Parameters
    ----------
    name, W, b, X, y, reg
        As for :func:`demo_core.losses.evaluate`: W (K, 2), b (K,), X (N, 2), y (N,).
    direction : (ndarray, ndarray)
        :math:`d = (dW, db)`, shapes (K, 2) and (K,); any length.
    steps : array_like, shape (R,)
        The values of :math:`a`; R may be 0.

    Returns
    -------
    ndarray, shape (R,)
        Mean data loss plus :math:`\lambda \|W + a\,dW\|^2` at each step.
    """
    return plane_loss(name, W, b, X, y, reg, (direction, direction), ([0.0], steps))[0]


def plane_loss(
    name: str,
    W: object,
    b: object,
    X: object,
    y: object,
    reg: float,
    directions: tuple[Direction, Direction],
    steps: tuple[object, object],
) -> np.ndarray:
    r"""The total loss :math:`L(\theta + u_i d_1 + v_j d_2)` over a grid of two directions.

    Parameters
    ----------
    name, W, b, X, y, reg
        As for :func:`demo_core.losses.evaluate`.
    directions : pair of (ndarray, ndarray)
        :math:`d_1` and :math:`d_2`, each ``(dW, db)`` of shapes (K, 2) and (K,).
    steps : pair of array_like, shapes (R1,) and (R2,)
        :math:`u` along :math:`d_1` and :math:`v` along :math:`d_2`.

    Returns
    -------
    ndarray, shape (R1, R2)
        ``loss[i, j]``: the mean data loss plus :math:`\lambda \|W + u_i A + v_j B\|^2` (A, B
        the W parts of the directions), at :math:`\theta + u_i d_1 + v_j d_2`.
    """
    W, b, batch, reg = check_problem(name, W, b, X, y, reg)
    first, second = (_check_direction(direction, W) for direction in directions)
    u, v = (_check_steps(values) for values in steps)
    if u.size == 0 or v.size == 0:
        return np.empty((u.size, v.size))
    scores = np.dot(pack_params(W, b).T, batch.XT1)
    moves = (_score_direction(first, batch), _score_direction(second, batch))
    data = loss_plane(name, batch, scores, moves, (u, v))
    A, B = first[0], second[0]
    squares = (
        np.vdot(W, W)
        + 2 * u[:, None] * np.vdot(W, A)
        + 2 * v[None, :] * np.vdot(W, B)
        + u[:, None] ** 2 * np.vdot(A, A)
        + 2 * u[:, None] * v[None, :] * np.vdot(A, B)
        + v[None, :] ** 2 * np.vdot(B, B)
    )
    return data + reg * squares


def _hinge_lines(
    name: str, scores: np.ndarray, moves: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    r"""Each hinge's argument along the line, :math:`z(a) = c + a m`: the offsets c and rates m.

    Shapes (K, N), for the scores ``scores`` and their change per unit step ``moves``, both
    (K, N). Weston-Watkins and structured: :math:`s_j - s_{y_i} + 1` (at :math:`j = y_i`:
    0, rate 0, the 0 of the structured loss's max); One vs. All: :math:`1 - t_j s_j`.
    """
    columns = np.arange(y.shape[0])
    if name == "ova":
        signs = np.ones_like(scores)
        signs[y, columns] = -1.0  # 1 - t s is 1 + s off the label and 1 - s at it
        return 1.0 + signs * scores, signs * moves
    offsets = scores - scores[y, columns] + 1.0
    rates = moves - moves[y, columns]
    offsets[y, columns] = 0.0
    rates[y, columns] = 0.0
    return offsets, rates


def _envelope_breaks(offsets: np.ndarray, rates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Where the highest of K lines :math:`c_j + a m_j` changes, for each of N points.

    Every crossing of two lines of different rates that lies on the highest line is a break
    of :math:`\max_j (c_j + a m_j)`: there the highest line's rate changes. Returns the steps
    and the points (column indices) of the breaks, one per point and step.
    """
    c_j, c_k = offsets[:, None, :], offsets[None, :, :]
    m_j, m_k = rates[:, None, :], rates[None, :, :]
    apart = m_j != m_k
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing = np.where(apart, (c_k - c_j) / (m_j - m_k), 0.0)  # (K, K, N)
    height = c_j + crossing * m_j
    highest = np.max(offsets[:, None, None, :] + crossing[None] * rates[:, None, None, :], axis=0)
    tolerance = 1e-9 * (1.0 + np.abs(highest))
    on_top = apart & (height >= highest - tolerance)
    on_top &= np.triu(np.ones(on_top.shape[:2], dtype=bool), 1)[:, :, None]
    _, _, points = np.nonzero(on_top)
    return _distinct(crossing[on_top], points)


def _distinct(steps: np.ndarray, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (step, point) pairs sorted by step, with one of each that meet within rounding."""
    order = np.lexsort((steps, points))
    steps, points = steps[order], points[order]
    repeat = np.zeros(steps.shape, dtype=bool)
    repeat[1:] = (points[1:] == points[:-1]) & np.isclose(
        steps[1:], steps[:-1], rtol=1e-9, atol=1e-12
    )
    steps, points = steps[~repeat], points[~repeat]
    by_step = np.argsort(steps, kind="stable")
    return steps[by_step], points[by_step]


def kinks(
    name: str,
    W: object,
    b: object,
    X: object,
    y: object,
    direction: Direction,
    span: float,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Where each point's loss :math:`L_i(\theta + a d)` changes slope, for :math:`|a| \le` span.

    * Weston-Watkins and One vs. All: :math:`L_i` is a sum of hinges :math:`\max(0, z)`, each
      of whose arguments is affine in :math:`a`, :math:`z(a) = c + a m`. Each hinge with
      :math:`m \ne 0` bends once, at :math:`a = -c / m`, and the bends of a sum of convex
      hinges never cancel.
    * Structured SVM: :math:`L_i = \max(0, \max_{j \ne y_i} z_j(a))`, the upper envelope of
      K lines (the 0 among them); it bends where the highest line changes: where the margin
      crosses 0, and where the highest rival changes while the margin is positive.
    * Softmax is smooth: no kinks.

    Parameters
    ----------
    name, W, b, X, y
        As for :func:`demo_core.losses.evaluate`.
    direction : (ndarray, ndarray)
        :math:`d = (dW, db)`, shapes (K, 2) and (K,).
    span : float
        Only kinks with :math:`|a| \le` span are returned, > 0.

    Returns
    -------
    steps : ndarray of float64, shape (M,)
        The values of :math:`a` at the kinks, increasing.
    points : ndarray of int64, shape (M,)
        The point i whose loss bends at each.
    """
    W, b, batch, _ = check_problem(name, W, b, X, y, 0.0)
    direction = _check_direction(direction, W)
    if not (np.isfinite(span) and span > 0):
        raise ValueError(f"span must be a finite number > 0, got {span}")
    if name == "softmax":
        return np.empty(0), np.empty(0, dtype=np.int64)
    scores = np.dot(pack_params(W, b).T, batch.XT1)
    offsets, rates = _hinge_lines(name, scores, _score_direction(direction, batch), batch.y)
    if name == "structured":
        steps, points = _envelope_breaks(offsets, rates)
    else:
        bends = rates != 0.0
        _, points = np.nonzero(bends)
        steps, points = _distinct(-offsets[bends] / rates[bends], points)
    inside = np.abs(steps) <= span
    return steps[inside], points[inside].astype(np.int64)
