"""What the main plot draws: class regions, zero-score lines and the arrows of W.

A view box is ``(xmin, xmax, ymin, ymax)``. For the plain linear model (D = 2) everything
here is exact: the region of a class is the intersection of the box with K - 1 half-planes,
so it is a convex polygon, found by clipping (Sutherland-Hodgman) rather than by sampling a
raster. With features of the points (:mod:`demo_core.features`) the scores are no longer
linear in the plane: the regions are then sampled on a grid (:func:`score_grid`,
:func:`region_image`) and the zero-score curves traced by marching squares
(:func:`zero_contours`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from demo_core.features import expand
from demo_core.model import scores

__all__ = [
    "Box",
    "arrows",
    "box_polygon",
    "cell_centres",
    "clip_half_plane",
    "fit_box",
    "grid_nodes",
    "half_plane_polygon",
    "probability_grid",
    "region_image",
    "region_polygons",
    "score_grid",
    "zero_contours",
    "zero_lines",
]

Box = tuple[float, float, float, float]


def box_polygon(box: Box) -> list[tuple[float, float]]:
    """The box's corners in counter-clockwise order, starting at the lower left."""
    xmin, xmax, ymin, ymax = box
    return [(xmin, ymin), (xmax, ymin), (xmax, ymax), (xmin, ymax)]


def clip_half_plane(
    polygon: list[tuple[float, float]], a: np.ndarray, c: float, strict: bool
) -> list[tuple[float, float]]:
    """Clip a convex polygon to the half-plane ``a . x + c >= 0`` (``> 0`` if ``strict``).

    A half-plane whose normal ``a`` is zero keeps all or nothing. Strictness only matters
    there: it breaks ties between identical classes the way ``argmax`` does.
    """
    ax, ay = float(a[0]), float(a[1])
    if ax == 0.0 and ay == 0.0:
        return polygon if (c > 0 or (c == 0 and not strict)) else []
    values = [ax * x + ay * y + c for x, y in polygon]
    clipped: list[tuple[float, float]] = []
    for i, (p, fp) in enumerate(zip(polygon, values, strict=True)):
        q, fq = polygon[(i + 1) % len(polygon)], values[(i + 1) % len(polygon)]
        if fp >= 0:
            clipped.append(p)
        if (fp >= 0) != (fq >= 0) and fp != fq:
            t = fp / (fp - fq)
            clipped.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return clipped if len(clipped) >= 3 else []


def half_plane_polygon(
    box: Box, half_planes: Iterable[tuple[np.ndarray, float, bool]]
) -> np.ndarray:
    """The part of the box where ``a . x + c >= 0`` (``> 0`` if strict) for every half-plane.

    Parameters
    ----------
    box : (xmin, xmax, ymin, ymax)
    half_planes : iterable of (a, c, strict)
        Each half-plane's normal ``a`` (2,), offset ``c`` and strictness (see
        :func:`clip_half_plane`).

    Returns
    -------
    ndarray of shape (M, 2)
        The convex polygon's vertices counter-clockwise; M = 0 if it is empty.
    """
    polygon = box_polygon(box)
    for a, c, strict in half_planes:
        if not polygon:
            break
        polygon = clip_half_plane(polygon, a, c, strict=strict)
    return np.array(polygon, dtype=np.float64).reshape(-1, 2)


def region_polygons(W: np.ndarray, b: np.ndarray, box: Box) -> list[np.ndarray]:
    """The region of the box where each class has the highest score.

    Class k wins where ``(W[k] - W[j]) . x + b[k] - b[j] >= 0`` for every j; ties go to the
    lowest index, as with ``argmax``.

    Parameters
    ----------
    W : ndarray, shape (K, 2)
    b : ndarray, shape (K,)
    box : (xmin, xmax, ymin, ymax)

    Returns
    -------
    list of K ndarrays of shape (M_k, 2)
        The vertices of each region in counter-clockwise order; M_k = 0 where the class wins
        nowhere in the box.
    """
    num_classes = W.shape[0]
    return [
        half_plane_polygon(
            box,
            ((W[k] - W[j], float(b[k] - b[j]), j < k) for j in range(num_classes) if j != k),
        )
        for k in range(num_classes)
    ]


def zero_lines(W: np.ndarray, b: np.ndarray, box: Box) -> list[np.ndarray | None]:
    """The segment of each class's zero-score line ``W[k] . x + b[k] = 0`` inside the box.

    Parameters
    ----------
    W : ndarray, shape (K, 2)
    b : ndarray, shape (K,)
    box : (xmin, xmax, ymin, ymax)

    Returns
    -------
    list of K items
        An ndarray of shape (2, 2) with the segment's two end points, or ``None`` where the
        line misses the box or ``W[k] = 0`` (then there is no line).
    """
    xmin, xmax, ymin, ymax = box
    segments: list[np.ndarray | None] = []
    for w, bias in zip(W, b, strict=True):
        norm2 = float(w @ w)
        if norm2 == 0.0:
            segments.append(None)
            continue
        origin = -bias * w / norm2  # the point of the line nearest to (0, 0)
        direction = np.array([-w[1], w[0]])
        low, high = -np.inf, np.inf
        for start, step, lo, hi in ((origin[0], direction[0], xmin, xmax),
                                    (origin[1], direction[1], ymin, ymax)):  # fmt: skip
            if step == 0.0:
                if not lo <= start <= hi:
                    low, high = np.inf, -np.inf
                continue
            t1, t2 = sorted(((lo - start) / step, (hi - start) / step))
            low, high = max(low, t1), min(high, t2)
        if low < high:
            segments.append(np.array([origin + low * direction, origin + high * direction]))
        else:
            segments.append(None)
    return segments


def arrows(W: np.ndarray, b: np.ndarray, length: float = 0.2) -> list[np.ndarray | None]:
    """For each class, an arrow from its zero-score line in the direction of ``W[k]``.

    The arrow starts at the point of the line nearest to the origin, ``-b[k] W[k] / |W[k]|^2``,
    and points the way in which the class's score grows.

    Parameters
    ----------
    W : ndarray, shape (K, 2)
    b : ndarray, shape (K,)
    length : float
        Length of every arrow, in data units.

    Returns
    -------
    list of K items
        An ndarray of shape (2, 2), ``[start, end]``, or ``None`` where ``W[k] = 0``.
    """
    result: list[np.ndarray | None] = []
    for w, bias in zip(W, b, strict=True):
        norm2 = float(w @ w)
        if norm2 == 0.0:
            result.append(None)
            continue
        start = -bias * w / norm2
        result.append(np.array([start, start + length * w / np.sqrt(norm2)]))
    return result


def cell_centres(box: Box, resolution: int) -> np.ndarray:
    """The centres of a ``resolution`` x ``resolution`` grid of cells over the box.

    Returns
    -------
    ndarray, shape (R, R, 2)
        ``centres[i, j]`` is the centre of the cell of row i (from ``ymin`` up) and column j
        (from ``xmin`` right).
    """
    xmin, xmax, ymin, ymax = box
    xs = xmin + (np.arange(resolution) + 0.5) * (xmax - xmin) / resolution
    ys = ymin + (np.arange(resolution) + 0.5) * (ymax - ymin) / resolution
    return np.stack(np.meshgrid(xs, ys), axis=-1)


def grid_nodes(box: Box, resolution: int) -> np.ndarray:
    """``resolution`` x ``resolution`` evenly spaced points from corner to corner of the box.

    Returns
    -------
    ndarray, shape (R, R, 2)
        ``nodes[i, j] = (xmin + j h_x, ymin + i h_y)`` with ``h_x = (xmax - xmin) / (R - 1)``
        and ``h_y = (ymax - ymin) / (R - 1)``; R >= 2.
    """
    xmin, xmax, ymin, ymax = box
    return np.stack(
        np.meshgrid(np.linspace(xmin, xmax, resolution), np.linspace(ymin, ymax, resolution)),
        axis=-1,
    )


def score_grid(
    W: np.ndarray, b: np.ndarray, points: np.ndarray, features: tuple[str, ...] = ()
) -> np.ndarray:
    r"""The class scores :math:`s_k = W_k \cdot \phi(x) + b_k` at points of the plane.

    Parameters
    ----------
    W : ndarray, shape (K, D)
        D = 2 + F for the F ``features``.
    b : ndarray, shape (K,)
    points : ndarray, shape (..., 2)
        E.g. :func:`cell_centres` or :func:`grid_nodes`.
    features : tuple of str
        Keys of :data:`demo_core.features.FEATURES`; :math:`\phi` is
        :func:`demo_core.features.expand`.

    Returns
    -------
    ndarray, shape (..., K)
    """
    return scores(W, b, expand(points, features))


def region_image(field: np.ndarray) -> np.ndarray:
    """The class with the highest score in each cell: ``argmax`` over the last axis.

    Parameters
    ----------
    field : ndarray, shape (R, R, K)
        Scores, e.g. :func:`score_grid` at :func:`cell_centres`.

    Returns
    -------
    ndarray of int64, shape (R, R)
        Ties go to the lowest class, as with the polygons of :func:`region_polygons`.
    """
    return field.argmax(axis=-1)


#: A segment's ends as four arrays of one length: x0, y0 (one end), x1, y1 (the other).
Segments = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def zero_contours(field: np.ndarray, box: Box) -> list[Segments]:
    r"""The curves where each class's score is 0, as segments, by marching squares.

    The field is sampled at :func:`grid_nodes` of the box. In each cell the score is taken
    as the bilinear interpolation of its four corners, and every edge whose ends lie on
    opposite sides of 0 (a value counts as positive when it is > 0) is crossed at the point
    where the linear interpolation along the edge is 0. A cell crossed on two edges holds one
    segment between them; one crossed on all four (a saddle) holds two, paired by the sign
    of the mean of its corners, the bilinear value at its centre. Every end of a segment
    therefore lies exactly where the interpolated field is 0, and a field linear in x gives
    segments on its exact zero line.

    Parameters
    ----------
    field : ndarray, shape (R, R, K)
        ``field[i, j, k]``: class k's score at node (i, j), row i from ``ymin`` up and
        column j from ``xmin`` right.
    box : (xmin, xmax, ymin, ymax)

    Returns
    -------
    list of K tuples (x0, y0, x1, y1)
        Each an ndarray of float64 of shape (M_k,): the M_k segments of class k's curve.
    """
    xmin, xmax, ymin, ymax = box
    rows, columns = field.shape[:2]
    # The corners of every cell, counter-clockwise from the bottom left: (4, R-1, R-1, K).
    corners = np.stack((field[:-1, :-1], field[:-1, 1:], field[1:, 1:], field[1:, :-1]))
    positive = corners > 0
    # Edge e of a cell runs from its corner e to corner e + 1: bottom, right, top, left.
    crossed = positive != np.roll(positive, -1, axis=0)
    i, j, k = np.nonzero(crossed.any(axis=0))  # the cells the curve of class k passes
    values = corners[:, i, j, k]  # (4, M)
    crossed = crossed[:, i, j, k]
    # Where each edge is crossed, as a fraction t along it from its first corner.
    following = np.roll(values, -1, axis=0)
    t = np.divide(values, values - following, out=np.zeros_like(values), where=crossed)
    xs, ys = np.linspace(xmin, xmax, columns), np.linspace(ymin, ymax, rows)
    x_left, x_right, y_low, y_high = xs[j], xs[j + 1], ys[i], ys[i + 1]
    width, height = x_right - x_left, y_high - y_low
    # The crossing point of each edge (4, M): the bottom runs right, the right up, the top
    # left and the left down, each from its first corner. Rounding never leaves the box.
    px = np.stack((x_left + t[0] * width, x_right, x_right - t[2] * width, x_left))
    py = np.stack((y_low, y_low + t[1] * height, y_high, y_high - t[3] * height))
    np.clip(px, xmin, xmax, out=px)
    np.clip(py, ymin, ymax, out=py)
    saddle = crossed.all(axis=0)
    # A cell crossed twice holds one segment between its first and its last crossed edge.
    first = np.argmax(crossed, axis=0)
    last = 3 - np.argmax(crossed[::-1], axis=0)
    # A saddle holds two. If its centre has the sign of the bottom-left corner, they cut off
    # the other two corners (bottom right: edges 0 and 1; top left: edges 2 and 3); else the
    # bottom-left and top-right corners (edges 3 and 0; 1 and 2).
    joined = (values.sum(axis=0) > 0) == positive[0, i, j, k]
    first = np.where(saddle, np.where(joined, 0, 3), first)
    last = np.where(saddle, np.where(joined, 1, 0), last)
    extra = np.flatnonzero(saddle)
    extra_first = np.where(joined[extra], 2, 1)
    extra_last = np.where(joined[extra], 3, 2)
    cell = np.concatenate((np.arange(len(k)), extra))
    a = np.concatenate((first, extra_first))
    b = np.concatenate((last, extra_last))
    segments = (px[a, cell], py[a, cell], px[b, cell], py[b, cell])
    # Sorted by class, and split into one set per class.
    owner = np.concatenate((k, k[extra]))
    order = np.argsort(owner, kind="stable")
    splits = np.searchsorted(owner[order], np.arange(1, field.shape[-1]))
    parts = [np.split(column[order], splits) for column in segments]
    return list(zip(*parts, strict=True))


def probability_grid(
    W: np.ndarray,
    b: np.ndarray,
    box: Box,
    resolution: int = 100,
    features: tuple[str, ...] = (),
) -> np.ndarray:
    r"""Softmax class probabilities at the centres of a ``resolution`` x ``resolution`` grid.

    :math:`p_k(x) = e^{s_k} / \sum_j e^{s_j}` with :math:`s = W \phi(x) + b`, computed stably.

    Parameters
    ----------
    W : ndarray, shape (K, D)
    b : ndarray, shape (K,)
    box : (xmin, xmax, ymin, ymax)
    resolution : int
        R, the number of cells along each axis.
    features : tuple of str
        The F = D - 2 features of :math:`\phi` (:func:`demo_core.features.expand`).

    Returns
    -------
    ndarray, shape (R, R, K)
        ``p[i, j, k]`` is the probability of class k in the cell of row i (from ``ymin`` up)
        and column j (from ``xmin`` right); every ``p[i, j]`` sums to 1.
    """
    shifted = score_grid(W, b, cell_centres(box, resolution), features)
    shifted -= shifted.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


def fit_box(X: np.ndarray, minimum: float = 1.0, margin: float = 1.1) -> Box:
    """A square view box centred on the origin that holds every point of X (N, 2).

    The half-width is ``minimum`` (the original's [-1, 1]) unless a point lies further out;
    then it is ``margin`` times the largest coordinate, rounded up to a multiple of 0.5.
    """
    largest = float(np.abs(X).max()) if X.size else 0.0
    half = minimum if largest <= minimum else float(np.ceil(margin * largest * 2) / 2)
    return (-half, half, -half, half)
