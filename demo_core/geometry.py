"""What the main plot draws: class regions, zero-score lines and the arrows of W.

A view box is ``(xmin, xmax, ymin, ymax)``. Everything here is exact: the region of a class
is the intersection of the box with K - 1 half-planes, so it is a convex polygon, found by
clipping (Sutherland-Hodgman) rather than by sampling a raster.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from demo_core.model import scores

__all__ = [
    "Box",
    "arrows",
    "box_polygon",
    "clip_half_plane",
    "fit_box",
    "half_plane_polygon",
    "probability_grid",
    "region_polygons",
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


def probability_grid(W: np.ndarray, b: np.ndarray, box: Box, resolution: int = 100) -> np.ndarray:
    r"""Softmax class probabilities at the centres of a ``resolution`` x ``resolution`` grid.

    :math:`p_k(x) = e^{s_k} / \sum_j e^{s_j}` with :math:`s = W x + b`, computed stably.

    Parameters
    ----------
    W : ndarray, shape (K, 2)
    b : ndarray, shape (K,)
    box : (xmin, xmax, ymin, ymax)
    resolution : int
        R, the number of cells along each axis.

    Returns
    -------
    ndarray, shape (R, R, K)
        ``p[i, j, k]`` is the probability of class k in the cell of row i (from ``ymin`` up)
        and column j (from ``xmin`` right); every ``p[i, j]`` sums to 1.
    """
    xmin, xmax, ymin, ymax = box
    xs = xmin + (np.arange(resolution) + 0.5) * (xmax - xmin) / resolution
    ys = ymin + (np.arange(resolution) + 0.5) * (ymax - ymin) / resolution
    centres = np.stack(np.meshgrid(xs, ys), axis=-1)  # (R, R, 2)
    shifted = scores(W, b, centres)
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
