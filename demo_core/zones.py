r"""Where a point of each class is content: the margins of the losses, drawn on the plane.

A point at x with label y has the scores :math:`s = W x + b`. Each class's zone is the part
of the view box where a point of that class would sit comfortably:

* the **safe zone** of an SVM loss, where its loss :math:`L_i` is exactly 0. For Weston
  Watkins and the Structured SVM that is :math:`s_y - s_j \ge 1` for every :math:`j \ne y`;
  for One vs. All it is :math:`s_y \ge 1` and :math:`s_j \le -1` for every :math:`j \ne y`.
  Each condition is a closed half-plane, since the scores are affine in x, so the zone is
  the box clipped to K - 1 (or K) half-planes: an exact convex polygon (:func:`safe_zones`).
* Softmax has no safe zone: :math:`L_i = -\log p_y > 0` everywhere. Its **confident zone**,
  where :math:`p_y \ge` a level such as 0.9 (:func:`confident_zones`), is
  :math:`\log \sum_{j \ne y} e^{s_j - s_y} \le \log((1 - p) / p)`: a sublevel set of a
  log-sum-exp of affine functions, hence convex, but bounded by a curve. It is drawn as a
  polygon inscribed in it, whose vertices lie on the curve.
"""

from __future__ import annotations

import numpy as np

from demo_core.geometry import Box, box_polygon, half_plane_polygon

__all__ = ["CONFIDENCE", "SAFE_LOSSES", "confident_zones", "safe_zones"]

#: The losses whose points can have zero loss: the SVM losses.
SAFE_LOSSES = ("ww", "ova", "structured")
#: The probability of its own class above which a softmax point counts as confident.
CONFIDENCE = 0.9
#: Rays cast from inside a confident zone to find its boundary: its polygon has a vertex on
#: each, and one at each corner of the box that it holds, less those in a straight line.
RAYS = 32
#: Cells along each side of the box whose centres are tried as a starting point inside a
#: confident zone. A zone narrower than a cell can be missed, and is then not drawn.
SEARCH_CELLS = 24
#: Halvings of each ray's interval: the vertices are found to ``2**-BISECTIONS`` of the
#: ray's length in the box.
BISECTIONS = 20


def _half_planes(name: str, W: np.ndarray, b: np.ndarray, y: int) -> list[tuple[np.ndarray, float]]:
    """The half-planes ``a . x + c >= 0`` whose intersection is class y's safe zone."""
    others = [j for j in range(W.shape[0]) if j != y]
    if name in ("ww", "structured"):  # s_y - s_j - 1 >= 0
        return [(W[y] - W[j], float(b[y] - b[j]) - 1.0) for j in others]
    if name == "ova":  # s_y - 1 >= 0 and -s_j - 1 >= 0
        return [(W[y], float(b[y]) - 1.0)] + [(-W[j], -float(b[j]) - 1.0) for j in others]
    raise ValueError(f"{name!r} has no safe zone; the SVM losses are {', '.join(SAFE_LOSSES)}")


def safe_zones(name: str, W: np.ndarray, b: np.ndarray, box: Box) -> list[np.ndarray]:
    """The part of the box where a point of each class has zero loss under an SVM loss.

    Parameters
    ----------
    name : str
        One of :data:`SAFE_LOSSES`: ``"ww"``, ``"ova"`` or ``"structured"``.
    W : ndarray, shape (K, 2)
    b : ndarray, shape (K,)
    box : (xmin, xmax, ymin, ymax)

    Returns
    -------
    list of K ndarrays of shape (M_k, 2)
        Class y's zone as a convex polygon, vertices counter-clockwise; M_k = 0 where a point
        of class y has a loss above 0 everywhere in the box. The zone is closed: a point on
        its edge has zero loss too.

    Raises
    ------
    ValueError
        For softmax, or any name that is not an SVM loss.
    """
    return [
        half_plane_polygon(box, ((a, c, False) for a, c in _half_planes(name, W, b, y)))
        for y in range(W.shape[0])
    ]


def _rivals(W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rivals' score differences as affine maps: ``s_j - s_y = A[y, i] . x + c[y, i]``.

    Returns A of shape (K, K - 1, 2) and c of shape (K, K - 1), the i-th rival of class y
    being the i-th class other than y.
    """
    num_classes = W.shape[0]
    rivals = np.array([[j for j in range(num_classes) if j != y] for y in range(num_classes)])
    return W[rivals] - W[:, None, :], b[rivals] - b[:, None]


def _rival_weight(A: np.ndarray, c: np.ndarray, points: np.ndarray) -> np.ndarray:
    r""":math:`e^{g_y(x)} = \sum_{j \ne y} e^{s_j - s_y}` of each class y at its own points.

    ``A`` (K, K - 1, 2) and ``c`` (K, K - 1) from :func:`_rivals`; ``points`` (K, P, 2), the
    points of class y in row y. Returns (K, P); :math:`p_y = 1 / (1 + e^{g_y})`. Where a
    rival's score is so far above that the exponential overflows, the weight is ``inf``,
    which is what every comparison with a finite bound needs (the caller lets it overflow).
    """
    differences = points @ A.transpose(0, 2, 1)
    differences += c[:, None, :]
    np.exp(differences, out=differences)
    return differences.sum(axis=-1)


def confident_zones(
    W: np.ndarray, b: np.ndarray, box: Box, level: float = CONFIDENCE
) -> list[np.ndarray]:
    r"""The part of the box where the softmax gives each class a probability of at least ``level``.

    Class y's zone is :math:`\{x : g_y(x) \le t\}` with
    :math:`g_y(x) = \log \sum_{j \ne y} e^{s_j(x) - s_y(x)}` and
    :math:`t = \log((1 - \text{level}) / \text{level})`, since
    :math:`p_y = 1 / (1 + e^{g_y})`. :math:`g_y` is convex, so the zone and its part in the
    box are convex. The part is found from the centre c of the :data:`SEARCH_CELLS` x
    :data:`SEARCH_CELLS` cells of the box where :math:`g_y` is lowest: if :math:`g_y(c) > t`
    there, it is taken as empty. Else along each of :data:`RAYS` directions from c up to the
    box's edge, :math:`g_y` is convex and below t at c, so it crosses t at most once:
    bisection finds the crossing (or the edge), keeping the end that is in the zone. These
    points and the box's corners that lie in the zone, in the order of their angle around c,
    make a convex polygon inscribed in the part: every point of it has
    :math:`p_y \ge` level, and its vertices lie on the zone's boundary or the box's.

    Parameters
    ----------
    W : ndarray, shape (K, 2)
    b : ndarray, shape (K,)
    box : (xmin, xmax, ymin, ymax)
    level : float
        The probability, in (0, 1).

    Returns
    -------
    list of K ndarrays of shape (M_k, 2)
        Each class's zone as a convex polygon, vertices counter-clockwise; M_k = 0 where it
        is empty (or narrower than a cell of the search).
    """
    with np.errstate(over="ignore"):  # a weight too large to hold is outside every zone
        return _confident_zones(W, b, box, level)


def _confident_zones(W: np.ndarray, b: np.ndarray, box: Box, level: float) -> list[np.ndarray]:
    """:func:`confident_zones`, with overflows of the weights let through."""
    num_classes = W.shape[0]
    A, c = _rivals(W, b)
    bound = (1.0 - level) / level  # the largest weight e^g of the zone
    xmin, xmax, ymin, ymax = box
    fractions = (np.arange(SEARCH_CELLS) + 0.5) / SEARCH_CELLS
    xs, ys = xmin + fractions * (xmax - xmin), ymin + fractions * (ymax - ymin)
    centres = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)  # (C, 2)
    inside_cells = _rival_weight(A, c, np.broadcast_to(centres, (num_classes, *centres.shape)))
    inside_cells = inside_cells <= bound  # (K, C)
    found = inside_cells.any(axis=1)
    # The mean of points of a convex zone lies in it, and rays from it spread evenly.
    starts = (inside_cells @ centres) / np.maximum(inside_cells.sum(axis=1), 1)[:, None]
    directions = _directions(A, c, bound, starts, box)  # (K, R, 2)
    edge_points = starts[:, None, :] + _to_edge(starts, directions, box)[..., None] * directions
    inner = np.broadcast_to(starts[:, None, :], edge_points.shape)
    vertices, at_edge = _last_inside(A, c, bound, inner, edge_points)  # (K, R, 2), (K, R)
    corners = np.array(box_polygon(box))  # (4, 2)
    corners_inside = _rival_weight(A, c, np.broadcast_to(corners, (num_classes, 4, 2))) <= bound
    inner, outer = _along_the_edges(starts, vertices, at_edge, corners, corners_inside, box)
    crossings, _ = _last_inside(A, c, bound, inner, outer)  # (K, 8, 2)
    zones = []
    for y in range(num_classes):
        if not found[y]:
            zones.append(np.empty((0, 2)))
            continue
        crossed = np.any(inner[y] != outer[y], axis=1)
        polygon = np.concatenate([vertices[y], corners[corners_inside[y]], crossings[y][crossed]])
        offsets = polygon - starts[y]
        around = np.arctan2(offsets[:, 1], offsets[:, 0]) % (2.0 * np.pi)
        zones.append(_without_straight_vertices(polygon[np.argsort(around)], box))
    return zones


def _last_inside(
    A: np.ndarray, c: np.ndarray, bound: float, inner: np.ndarray, outer: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """On each segment from ``inner`` (in the zone) to ``outer``, the zone's last point.

    ``inner`` and ``outer`` have shape (K, P, 2), class y's segments in row y. The zone is
    convex, so it holds the segment up to one point, found by :data:`BISECTIONS` halvings
    that keep the end in the zone. Returns that point (K, P, 2), and whether it is
    ``outer`` itself (K, P).
    """
    whole = _rival_weight(A, c, outer) <= bound
    low, high = np.zeros(whole.shape), np.ones(whole.shape)
    span = outer - inner
    for _ in range(BISECTIONS):
        middle = 0.5 * (low + high)
        within = _rival_weight(A, c, inner + middle[..., None] * span) <= bound
        low = np.where(within, middle, low)
        high = np.where(within, high, middle)
    low[whole] = 1.0
    return inner + low[..., None] * span, whole


def _along_the_edges(
    starts: np.ndarray,
    ends: np.ndarray,
    at_edge: np.ndarray,
    corners: np.ndarray,
    corners_inside: np.ndarray,
    box: Box,
) -> tuple[np.ndarray, np.ndarray]:
    """Segments along the box's edges on which each zone's boundary meets the edge.

    A zone meets edge e (from corner e to corner e + 1) in one interval, which holds the
    rays' ends ``ends`` (K, R, 2) that lie on that edge in the zone (``at_edge``, (K, R)) and
    the corners in the zone (``corners_inside``, (K, 4)). Towards each corner outside the
    zone, the boundary crosses the edge between the interval's last known point and that
    corner. Returns the segments' inner and outer ends, each (K, 8, 2): two per edge, both
    ends at the class's start (K, 2) where there is nothing to find.
    """
    num_classes = starts.shape[0]
    inner = np.repeat(starts[:, None, :], 8, axis=1)
    outer = inner.copy()
    tolerance = 1e-9 * max(box[1] - box[0], box[3] - box[2])
    for e in range(4):
        first, last = corners[e], corners[(e + 1) % 4]
        along = last - first
        for y in range(num_classes):
            offsets = ends[y][at_edge[y]] - first
            on_edge = np.abs(along[0] * offsets[:, 1] - along[1] * offsets[:, 0])
            known = list(offsets[on_edge <= tolerance * np.hypot(*along)] @ along / (along @ along))
            known += [0.0] * bool(corners_inside[y, e]) + [1.0] * bool(
                corners_inside[y, (e + 1) % 4]
            )
            if not known:
                continue
            for side, (corner, position) in enumerate(((e, min(known)), ((e + 1) % 4, max(known)))):
                if not corners_inside[y, corner]:
                    inner[y, 2 * e + side] = first + position * along
                    outer[y, 2 * e + side] = corners[corner]
    return inner, outer


def _without_straight_vertices(polygon: np.ndarray, box: Box) -> np.ndarray:
    """The convex ``polygon`` (M, 2) without the vertices that lie on a straight edge.

    These are the rays' ends on the box's edges; leaving them out changes nothing drawn and
    keeps a frame short. Vertices closer than 1e-3 of the box (a ray through a corner, a
    crossing found twice) are kept once. The polygon keeps at least its three most bent
    vertices.
    """
    scale = (box[1] - box[0]) * (box[3] - box[2])
    repeated = np.sum((polygon - np.roll(polygon, 1, axis=0)) ** 2, axis=1) <= 1e-6 * scale
    polygon = polygon[~repeated] if np.count_nonzero(~repeated) >= 3 else polygon
    before, after = np.roll(polygon, 1, axis=0), np.roll(polygon, -1, axis=0)
    incoming, outgoing = polygon - before, after - polygon
    bend = incoming[:, 0] * outgoing[:, 1] - incoming[:, 1] * outgoing[:, 0]
    bent = np.abs(bend) > 1e-9 * scale
    if np.count_nonzero(bent) < 3:
        bent = np.isin(np.arange(len(polygon)), np.argsort(-np.abs(bend))[:3])
    return polygon[bent]


def _directions(
    A: np.ndarray, c: np.ndarray, bound: float, starts: np.ndarray, box: Box
) -> np.ndarray:
    r"""The rays' directions from each class's start (K, 2): shape (K, R, 2), unit vectors.

    :data:`RAYS` evenly spread, and one towards each vertex of the polygon where every rival
    alone stays within the bound, :math:`s_j - s_y \le \log(\text{bound})`, in the box. The
    zone lies in that polygon and, where the scores are large, hugs it: its sharp bends are
    near those vertices, and a ray towards each finds them.
    """
    angles = 2.0 * np.pi * np.arange(RAYS) / RAYS
    spread = np.column_stack([np.cos(angles), np.sin(angles)])
    towards = []
    for y in range(starts.shape[0]):
        within = ((-a, np.log(bound) - offset, False) for a, offset in zip(A[y], c[y], strict=True))
        offsets = half_plane_polygon(box, within) - starts[y]
        lengths = np.hypot(offsets[:, 0], offsets[:, 1])
        towards.append(offsets[lengths > 0.0] / lengths[lengths > 0.0, None])
    extra = max(len(t) for t in towards)
    directions = np.empty((starts.shape[0], RAYS + extra, 2))
    directions[:, :RAYS] = spread
    for y, unit in enumerate(towards):
        directions[y, RAYS:] = spread[0]  # a ray repeated where a class has fewer vertices
        directions[y, RAYS : RAYS + len(unit)] = unit
    return directions


def _to_edge(starts: np.ndarray, directions: np.ndarray, box: Box) -> np.ndarray:
    """How far each ray from ``starts`` (K, 2) along ``directions`` (K, R, 2) runs in the box.

    Every start lies inside the box. Returns shape (K, R).
    """
    xmin, xmax, ymin, ymax = box
    reach = np.full(directions.shape[:2], np.inf)
    with np.errstate(divide="ignore", invalid="ignore"):
        for axis, low, high in ((0, xmin, xmax), (1, ymin, ymax)):
            step = directions[..., axis]
            wall = np.where(step > 0.0, high, low)  # the wall each ray runs into
            to_wall = (wall - starts[:, axis, None]) / step
            reach = np.where(step != 0.0, np.minimum(reach, to_wall), reach)
    return reach
