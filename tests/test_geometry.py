"""Class regions, zero-score lines and arrows, checked against argmax and plane geometry."""

from __future__ import annotations

import numpy as np
import pytest
from helpers_core import (
    BOX,
    BOX_AREA,
    CLASS_COUNTS,
    MODERATE,
    inside_convex,
    random_problem,
    seeds,
    shoelace_area,
)
from hypothesis import given
from hypothesis import strategies as st

from demo_core.geometry import arrows, probability_grid, region_polygons, zero_lines
from demo_core.model import original_params, scores

_AXIS = np.linspace(-1.0, 1.0, 200)
GRID = np.column_stack([np.repeat(_AXIS, 200), np.tile(_AXIS, 200)])  # 200 x 200 points
TOL = 1e-9

DEGENERATE = {
    "two equal rows with equal biases": ([[1, 2], [1, 2], [3, -1]], [0.2, 0.2, -0.5]),
    "all-zero W, zero b": ([[0, 0], [0, 0], [0, 0]], [0, 0, 0]),
    "all-zero W, distinct b": ([[0, 0], [0, 0], [0, 0], [0, 0]], [0.1, 0.7, -0.3, 0.7]),
    "a zero row": ([[1, 2], [0, 0], [3, -1]], [0, 0.5, -0.5]),
    "parallel rows": ([[1, 1], [2, 2], [-1, -1]], [0, 0, 0]),
    "a class that wins nowhere": ([[0, 0], [0, 0]], [0.0, 1.0]),
    "vertical boundaries": ([[1, 0], [-1, 0], [0, 0]], [0, 0, 0]),
}


def _params(seed, num_classes, scale):
    _, _, W, b = random_problem(seed, 1, num_classes, scale)
    return W, b


def _assert_regions_partition_the_box(W, b, flat_allowed=False):
    """Areas add up to the box; each region is CCW with positive area, or empty.

    With ``flat_allowed``, a region may also have zero area: in degenerate cases a class can
    win on a segment only (e.g. where three parallel score planes tie).
    """
    polygons = region_polygons(W, b, BOX)
    assert len(polygons) == len(W)
    areas = [shoelace_area(polygon) for polygon in polygons]
    for polygon, area in zip(polygons, areas, strict=True):
        assert polygon.shape[1:] == (2,)
        smallest = 0.0 if flat_allowed else np.finfo(np.float64).tiny
        assert len(polygon) == 0 or (len(polygon) >= 3 and area >= smallest), "not CCW nor empty"
        assert np.all(np.abs(polygon) <= 1.0 + TOL), "vertex outside the box"
    assert sum(areas) == pytest.approx(BOX_AREA, abs=1e-9)


def _assert_argmax_lies_in_its_region(W, b):
    polygons = region_polygons(W, b, BOX)
    winners = scores(W, b, GRID).argmax(axis=1)
    for k, polygon in enumerate(polygons):
        points = GRID[winners == k]
        if len(points):
            assert len(polygon) >= 3, f"class {k} wins {len(points)} grid points but has no region"
            assert np.all(inside_convex(polygon, points, TOL)), f"class {k}"


@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds, scale=st.sampled_from([0.3, 1.0, 5.0]))
def test_regions_partition_the_box(num_classes, seed, scale):
    _assert_regions_partition_the_box(*_params(seed, num_classes, scale))


@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds, scale=st.sampled_from([0.3, 1.0, 5.0]))
def test_every_grid_points_winner_owns_the_region_around_it(num_classes, seed, scale):
    _assert_argmax_lies_in_its_region(*_params(seed, num_classes, scale))


def test_regions_at_the_defaults():
    W, b = original_params()
    _assert_regions_partition_the_box(W, b)
    _assert_argmax_lies_in_its_region(W, b)


@pytest.mark.parametrize(("W", "b"), DEGENERATE.values(), ids=DEGENERATE.keys())
def test_degenerate_parameters_still_partition_the_box(W, b):
    W, b = np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)
    _assert_regions_partition_the_box(W, b, flat_allowed=True)
    _assert_argmax_lies_in_its_region(W, b)


def test_ties_go_to_the_lowest_index_like_argmax():
    W, b = np.zeros((3, 2)), np.zeros(3)
    areas = [shoelace_area(polygon) for polygon in region_polygons(W, b, BOX)]
    assert areas == [pytest.approx(BOX_AREA), 0.0, 0.0]


# -- zero-score lines ------------------------------------------------------------------------


def _corner_values(w, bias):
    corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], dtype=np.float64)
    return corners @ w + bias


def _assert_segment_on_line_and_box_edge(segment, w, bias):
    assert segment.shape == (2, 2)
    assert not np.allclose(segment[0], segment[1])
    scale = np.abs(w).sum() + abs(bias)
    for point in segment:
        assert abs(point @ w + bias) <= TOL * scale, "end point off the line"
        assert np.all(np.abs(point) <= 1.0 + TOL), "end point outside the box"
        assert np.any(np.abs(np.abs(point) - 1.0) <= TOL), "end point inside the box"


@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds, scale=st.sampled_from([0.3, 1.0, 5.0]))
def test_zero_lines_are_the_chords_of_the_box(num_classes, seed, scale):
    W, b = _params(seed, num_classes, scale)
    for w, bias, segment in zip(W, b, zero_lines(W, b, BOX), strict=True):
        values = _corner_values(w, bias)
        if values.min() < 0 < values.max():
            assert segment is not None, "the line crosses the box"
            _assert_segment_on_line_and_box_edge(segment, w, bias)
        else:
            assert segment is None, "the line misses the box"


def test_zero_lines_at_the_defaults():
    W, b = original_params()
    segments = zero_lines(W, b, BOX)
    # Class 0: x0 + 2 x1 = 0 runs from (-1, 0.5) to (1, -0.5).
    np.testing.assert_allclose(sorted(map(tuple, segments[0])), [(-1, 0.5), (1, -0.5)], atol=1e-12)
    for w, bias, segment in zip(W, b, segments, strict=True):
        _assert_segment_on_line_and_box_edge(segment, w, bias)


def test_no_line_for_a_zero_row_or_a_line_that_misses_the_box():
    W = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]])
    b = np.array([1.0, 5.0, -2.0])  # x0 = -5 misses; x0 + x1 = 2 only touches the corner (1, 1)
    assert zero_lines(W, b, BOX) == [None, None, None]


def test_vertical_and_horizontal_lines():
    # The original divided by W[k, 1] and failed on vertical lines.
    W = np.array([[2.0, 0.0], [0.0, -4.0]])
    b = np.array([-1.0, 2.0])  # x0 = 0.5 and x1 = 0.5
    vertical, horizontal = zero_lines(W, b, BOX)
    np.testing.assert_allclose(sorted(map(tuple, vertical)), [(0.5, -1), (0.5, 1)], atol=1e-12)
    np.testing.assert_allclose(sorted(map(tuple, horizontal)), [(-1, 0.5), (1, 0.5)], atol=1e-12)


# -- arrows ----------------------------------------------------------------------------------


@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds, scale=st.sampled_from([0.3, 1.0, 5.0]), length=st.sampled_from([0.05, 0.2, 1.0]))
def test_arrows_start_on_the_line_and_point_along_w(num_classes, seed, scale, length):
    W, b = _params(seed, num_classes, scale)
    W[0, 1] = 0.0  # a vertical line among them
    for w, bias, arrow in zip(W, b, arrows(W, b, length), strict=True):
        start, end = arrow
        assert abs(start @ w + bias) <= 1e-12 * (np.abs(w).sum() + abs(bias))
        direction = end - start
        assert np.linalg.norm(direction) == pytest.approx(length, rel=1e-12)
        assert direction @ w > 0, "the arrow points the way the score grows"
        assert abs(direction[0] * w[1] - direction[1] * w[0]) <= 1e-12 * np.linalg.norm(w)


def test_no_arrow_for_a_zero_row():
    W, b = original_params()
    W[2] = 0.0
    result = arrows(W, b)
    assert result[2] is None
    assert result[0] is not None
    assert result[1] is not None


@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds, scale=st.sampled_from([0.1, 1.0, 1e3]))
def test_probability_grid_is_the_softmax_of_the_scores_at_the_cell_centres(
    num_classes, seed, scale
):
    W, b = _params(seed, num_classes, scale)
    probabilities = probability_grid(W, b, BOX, resolution=4)
    assert probabilities.shape == (4, 4, num_classes)
    np.testing.assert_allclose(probabilities.sum(axis=-1), 1.0, atol=1e-12)
    centres = np.array([-0.75, -0.25, 0.25, 0.75])  # of 4 cells across [-1, 1]
    for i, y_centre in enumerate(centres):  # rows from ymin up
        for j, x_centre in enumerate(centres):
            s = W @ np.array([x_centre, y_centre]) + b
            expected = np.exp(s - s.max()) / np.exp(s - s.max()).sum()
            np.testing.assert_allclose(probabilities[i, j], expected, rtol=1e-9, atol=1e-15)
