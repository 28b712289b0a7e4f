"""The plane sampled on a grid: scores, regions and the zero-score curves of marching squares."""

from __future__ import annotations

import numpy as np
import pytest
from helpers_core import BOX, MODERATE, seeds
from hypothesis import given

from demo_core.geometry import (
    cell_centres,
    grid_nodes,
    probability_grid,
    region_image,
    region_polygons,
    score_grid,
    zero_contours,
    zero_lines,
)
from demo_core.model import random_params


def _bilinear(values: np.ndarray, box, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The bilinear interpolation of ``values`` (R, R) at the nodes of ``box``, at (x, y)."""
    xmin, xmax, ymin, ymax = box
    rows, columns = values.shape
    u = (x - xmin) / (xmax - xmin) * (columns - 1)
    v = (y - ymin) / (ymax - ymin) * (rows - 1)
    j = np.clip(np.floor(u).astype(int), 0, columns - 2)
    i = np.clip(np.floor(v).astype(int), 0, rows - 2)
    fu, fv = u - j, v - i
    return (
        values[i, j] * (1 - fu) * (1 - fv)
        + values[i, j + 1] * fu * (1 - fv)
        + values[i + 1, j] * (1 - fu) * fv
        + values[i + 1, j + 1] * fu * fv
    )


@MODERATE
@given(seed=seeds)
def test_every_end_of_a_segment_lies_where_the_bilinear_field_is_zero(seed):
    rng = np.random.default_rng(seed)
    field = rng.normal(size=(12, 12, 3))  # any field, saddles included
    for k, (x0, y0, x1, y1) in enumerate(zero_contours(field, BOX)):
        assert len(x0) > 0
        for x, y in ((x0, y0), (x1, y1)):
            assert np.all((x >= -1) & (x <= 1) & (y >= -1) & (y <= 1))
            np.testing.assert_allclose(_bilinear(field[..., k], BOX, x, y), 0.0, atol=1e-9)
        assert np.all(np.hypot(x1 - x0, y1 - y0) <= 2 / 11 * np.sqrt(2) + 1e-12)  # within a cell


@MODERATE
@given(seed=seeds)
def test_without_features_the_segments_lie_on_the_exact_zero_line(seed):
    W, b = random_params(np.random.default_rng(seed), 4)
    field = score_grid(W, b, grid_nodes(BOX, 30))
    for k, ((x0, y0, x1, y1), line) in enumerate(
        zip(zero_contours(field, BOX), zero_lines(W, b, BOX), strict=True)
    ):
        for x, y in ((x0, y0), (x1, y1)):
            np.testing.assert_allclose(W[k, 0] * x + W[k, 1] * y + b[k], 0.0, atol=1e-12)
        if line is not None and np.linalg.norm(line[1] - line[0]) > 0.2:
            # The segments cover the line's chord through the box.
            length = np.hypot(x1 - x0, y1 - y0).sum()
            assert length == pytest.approx(np.linalg.norm(line[1] - line[0]), rel=1e-9)


def test_the_zero_curve_of_squares_is_the_circle():
    W = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 0.0, -1.0, -1.0]])
    b = np.array([-0.25, 0.25])
    field = score_grid(W, b, grid_nodes(BOX, 64), ("x0sq", "x1sq"))
    for x0, y0, x1, y1 in zero_contours(field, BOX):
        radius = np.hypot(np.concatenate([x0, x1]), np.concatenate([y0, y1]))
        np.testing.assert_allclose(radius, 0.5, atol=1e-3)
        # A closed curve: every end is the end of exactly two segments.
        ends = np.round(np.concatenate([np.c_[x0, y0], np.c_[x1, y1]]), 9)
        _, counts = np.unique(ends, axis=0, return_counts=True)
        assert np.all(counts == 2)


def test_the_region_image_agrees_with_the_exact_polygons_without_features():
    W, b = random_params(np.random.default_rng(7), 3)
    W *= 6
    centres = cell_centres(BOX, 40)
    image = region_image(score_grid(W, b, centres))
    polygons = region_polygons(W, b, BOX)
    for k, polygon in enumerate(polygons):
        inside = image == k
        if not len(polygon):
            assert not inside.any()
            continue
        # A centre of class k lies in (or on the edge of) the convex polygon of class k.
        points = centres[inside]
        edges = np.roll(polygon, -1, axis=0) - polygon
        cross = edges[:, 0] * (points[:, None, 1] - polygon[:, 1]) - edges[:, 1] * (
            points[:, None, 0] - polygon[:, 0]
        )
        assert np.all(cross >= -1e-9)


def test_the_probabilities_with_features_follow_the_curved_scores():
    W = np.array([[0.0, 0.0, 4.0], [0.0, 0.0, -4.0]])
    b = np.zeros(2)
    p = probability_grid(W, b, BOX, 20, features=("x0x1",))
    assert p.shape == (20, 20, 2)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0)
    centres = cell_centres(BOX, 20)
    assert np.all((p[..., 0] > 0.5) == (centres[..., 0] * centres[..., 1] > 0))
