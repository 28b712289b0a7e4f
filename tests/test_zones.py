"""The zones of the plane where a point of each class is content, checked against the losses."""

from __future__ import annotations

import numpy as np
import pytest
from helpers_core import BOX, CLASS_COUNTS, MODERATE, inside_convex, seeds, shoelace_area
from hypothesis import given
from hypothesis import strategies as st

from demo_core.losses import Batch, evaluate_params, pack_params
from demo_core.zones import (
    CONFIDENCE,
    SAFE_LOSSES,
    SEARCH_CELLS,
    confident_zones,
    safe_zones,
)

#: Points this close to a zone's edge (in plane units) are neither inside nor outside here.
EDGE = 1e-7


def _random_setup(seed: int, num_classes: int, scale: float, count: int = 400):
    """W (K, 2), b (K,) uniform in [-scale, scale), and points uniform in the box (P, 2)."""
    rng = np.random.default_rng(seed)
    W = rng.uniform(-scale, scale, size=(num_classes, 2))
    b = rng.uniform(-scale, scale, size=num_classes)
    points = rng.uniform(-1.0, 1.0, size=(count, 2))
    return W, b, points


def _losses_of_class(name: str, W: np.ndarray, b: np.ndarray, points: np.ndarray, y: int):
    """The per-point losses of ``points`` (P, 2), all labelled ``y``."""
    batch = Batch.from_arrays(points, np.full(len(points), y), W.shape[0])
    return evaluate_params(name, pack_params(W, b), batch, 0.0)[0].per_point


def _distance_inside(polygon: np.ndarray, points: np.ndarray) -> np.ndarray:
    """How far each point lies inside the CCW convex polygon: negative outside it."""
    if len(polygon) == 0:
        return np.full(len(points), -np.inf)
    distances = np.full(len(points), np.inf)
    for start, end in zip(polygon, np.roll(polygon, -1, axis=0), strict=True):
        edge = end - start
        length = float(np.hypot(*edge))
        if length == 0.0:
            continue
        offset = points - start
        cross = edge[0] * offset[:, 1] - edge[1] * offset[:, 0]
        distances = np.minimum(distances, cross / length)
    return distances


@pytest.mark.parametrize("name", SAFE_LOSSES)
@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds, scale=st.sampled_from([0.5, 2.0, 8.0]))
def test_a_point_has_zero_loss_exactly_inside_its_safe_zone_and_more_outside(
    name, num_classes, seed, scale
):
    W, b, points = _random_setup(seed, num_classes, scale)
    zones = safe_zones(name, W, b, BOX)
    assert len(zones) == num_classes
    for y, zone in enumerate(zones):
        # A convex polygon, counter-clockwise, in the box; or nothing.
        assert zone.shape[1:] == (2,)
        assert len(zone) == 0 or (len(zone) >= 3 and shoelace_area(zone) >= 0.0)
        assert np.all(np.abs(zone) <= 1.0 + 1e-12)
        assert np.all(inside_convex(zone, zone, 1e-9)), "not convex"
        losses = _losses_of_class(name, W, b, points, y)
        depth = _distance_inside(zone, points)
        assert np.all(losses[depth > EDGE] == 0.0), f"class {y}: a loss inside its zone"
        assert np.all(losses[depth < -EDGE] > 0.0), f"class {y}: no loss outside its zone"


@pytest.mark.parametrize("name", SAFE_LOSSES)
def test_the_zones_of_one_class_are_apart_for_ww_and_structured_and_one_vs_all(name):
    # A point can be safe for one label only: its label's score beats every other by 1.
    W, b, points = _random_setup(7, 3, 4.0, count=2000)
    depths = np.array([_distance_inside(zone, points) for zone in safe_zones(name, W, b, BOX)])
    assert np.all(np.count_nonzero(depths > EDGE, axis=0) <= 1)


def test_softmax_has_no_safe_zone():
    W, b, _ = _random_setup(0, 3, 1.0, count=1)
    with pytest.raises(ValueError, match="no safe zone"):
        safe_zones("softmax", W, b, BOX)


def _probability_of_class(W: np.ndarray, b: np.ndarray, points: np.ndarray, y: int):
    """The softmax probability of class ``y`` at ``points`` (P, 2)."""
    S = points @ W.T + b
    S -= S.max(axis=1, keepdims=True)
    p = np.exp(S)
    return p[:, y] / p.sum(axis=1)


@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds, scale=st.sampled_from([1.0, 4.0, 16.0]))
def test_the_confident_zone_is_inscribed_in_where_the_class_has_probability_0_9(
    num_classes, seed, scale
):
    W, b, points = _random_setup(seed, num_classes, scale, count=4000)
    for y, zone in enumerate(confident_zones(W, b, BOX)):
        probability = _probability_of_class(W, b, points, y)
        depth = _distance_inside(zone, points)
        assert np.all(probability[depth > EDGE] >= CONFIDENCE), f"class {y}: not confident inside"
        # Outside it but confident are only thin slivers along its curved edges, and zones
        # narrower than a cell of the search (1/24 of the box): those are not drawn, and
        # hold at most the points of a strip one cell wide across the box's diagonal.
        missed = np.count_nonzero((probability >= CONFIDENCE) & (depth < -0.02))
        if len(zone):
            assert missed <= max(0.01 * np.count_nonzero(depth > EDGE), 8)
        else:
            cell = (BOX[1] - BOX[0]) / SEARCH_CELLS
            strip = cell * np.hypot(BOX[1] - BOX[0], BOX[3] - BOX[2])
            assert missed <= len(points) * strip / ((BOX[1] - BOX[0]) * (BOX[3] - BOX[2]))
        if len(zone):
            assert len(zone) >= 3 and shoelace_area(zone) > 0.0
            assert np.all(np.abs(zone) <= 1.0 + 1e-12)
            # Every vertex is on the box's edge or on the curve where p_y = 0.9.
            on_box = np.isclose(np.abs(zone), 1.0, rtol=0.0, atol=1e-9).any(axis=1)
            at_vertices = _probability_of_class(W, b, zone, y)
            assert np.all(at_vertices >= CONFIDENCE - 1e-12)
            on_curve = np.isclose(at_vertices, CONFIDENCE, rtol=0.0, atol=1e-4)
            assert np.all(on_box | on_curve), f"class {y}: a vertex inside the zone"


def test_a_class_that_is_never_confident_has_no_confident_zone():
    # Class 2's score is the mean of the others': its probability stays below 1/2.
    W = np.array([[4.0, 0.0], [-4.0, 0.0], [0.0, 0.0]])
    b = np.zeros(3)
    zones = confident_zones(W, b, BOX)
    assert len(zones[2]) == 0
    assert len(zones[0]) >= 3 and len(zones[1]) >= 3


def test_a_zone_that_holds_the_whole_box_is_the_box():
    W = np.array([[0.0, 0.0], [0.0, 0.0]])
    b = np.array([5.0, 0.0])
    zone = confident_zones(W, b, BOX)[0]
    assert shoelace_area(zone) == pytest.approx(4.0)
    assert len(zone) == 4
