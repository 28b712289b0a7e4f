"""The batched values of loss_plane against evaluate, one parameter set at a time."""

from __future__ import annotations

import numpy as np
import pytest
from helpers_core import CLASS_COUNTS, LOSS_NAMES, MODERATE, random_problem, seeds
from hypothesis import given
from hypothesis import strategies as st

from demo_core.losses import Batch, evaluate, loss_plane, pack_params

steps = st.lists(st.floats(-3.0, 3.0), min_size=1, max_size=5).map(np.array)


def _plane(name, W, b, X, y, moves, steps):
    """``loss_plane`` along the two parameter moves ``((dW, db), (dW, db))``."""
    batch = Batch.from_arrays(X, y, W.shape[0])
    scores = pack_params(W, b).T @ batch.XT1
    directions = tuple(pack_params(dW, db).T @ batch.XT1 for dW, db in moves)
    return loss_plane(name, batch, scores, directions, steps)


def _one_at_a_time(name, W, b, X, y, moves, steps):
    """The mean data loss at each grid point by ``evaluate``, one parameter set at a time."""
    (dW1, db1), (dW2, db2) = moves
    grid = np.empty((len(steps[0]), len(steps[1])))
    for i, u in enumerate(steps[0]):
        for j, v in enumerate(steps[1]):
            W_ij, b_ij = W + u * dW1 + v * dW2, b + u * db1 + v * db2
            grid[i, j] = evaluate(name, W_ij, b_ij, X, y, reg=0.0).data_loss
    return grid


@pytest.mark.parametrize("name", LOSS_NAMES)
@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(
    seed=seeds,
    num_points=st.integers(1, 30),
    scale=st.sampled_from([0.1, 1.0, 5.0]),
    rows=steps,
    columns=steps,
)
def test_every_grid_point_equals_evaluate(
    name, num_classes, seed, num_points, scale, rows, columns
):
    # Directions that move every parameter at once, as a random slice of the loss does.
    X, y, W, b = random_problem(seed, num_points, num_classes, scale)
    rng = np.random.default_rng(seed + 1)
    moves = tuple((rng.normal(size=W.shape), rng.normal(size=b.shape)) for _ in range(2))
    plane = _plane(name, W, b, X, y, moves, (rows, columns))
    expected = _one_at_a_time(name, W, b, X, y, moves, (rows, columns))
    assert plane.shape == (len(rows), len(columns))
    np.testing.assert_allclose(plane, expected, rtol=1e-11, atol=1e-11)


@pytest.mark.parametrize("name", LOSS_NAMES)
@MODERATE
@given(seed=seeds, num_points=st.integers(1, 20), size=st.sampled_from([1e2, 1e3, 1e4]))
def test_large_scores_and_steps_keep_the_values_exact(name, seed, num_points, size):
    # Steps this large spread the softmax's differences beyond where its exponentials of
    # rows and columns are taken apart; the values must not change.
    X, y, W, b = random_problem(seed, num_points, 4, scale=size)
    rng = np.random.default_rng(seed + 1)
    moves = tuple((rng.normal(size=W.shape), rng.normal(size=b.shape)) for _ in range(2))
    grid_steps = (np.linspace(-size, size, 3), np.linspace(-size, size, 4))
    plane = _plane(name, W, b, X, y, moves, grid_steps)
    expected = _one_at_a_time(name, W, b, X, y, moves, grid_steps)
    assert np.all(np.isfinite(plane))
    np.testing.assert_allclose(plane, expected, rtol=1e-11, atol=1e-9)


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_a_grid_taken_in_many_chunks_equals_evaluate(name):
    # 1001 points and 60 columns: several blocks of points, the last one of a single point.
    X, y, W, b = random_problem(seed=5, num_points=1001, num_classes=3, scale=2.0)
    rng = np.random.default_rng(6)
    moves = tuple((rng.normal(size=W.shape), rng.normal(size=b.shape)) for _ in range(2))
    grid_steps = (np.linspace(-2.0, 2.0, 7), np.linspace(-1.0, 1.0, 60))
    plane = _plane(name, W, b, X, y, moves, grid_steps)
    picked = (grid_steps[0][[0, 3, 6]], grid_steps[1][[0, 17, 59]])
    expected = _one_at_a_time(name, W, b, X, y, moves, picked)
    np.testing.assert_allclose(plane[np.ix_([0, 3, 6], [0, 17, 59])], expected, atol=1e-12)


def test_a_line_is_a_plane_with_one_row():
    X, y, W, b = random_problem(seed=3, num_points=50, num_classes=5)
    rng = np.random.default_rng(4)
    moves = tuple((rng.normal(size=W.shape), rng.normal(size=b.shape)) for _ in range(2))
    line = np.linspace(-1.0, 1.0, 11)
    for name in LOSS_NAMES:
        along_second = _plane(name, W, b, X, y, moves, (np.zeros(1), line))
        along_first = _plane(name, W, b, X, y, moves[::-1], (line, np.zeros(1)))
        np.testing.assert_allclose(along_second[0], along_first[:, 0], atol=1e-12)
        assert along_second[0, 5] == pytest.approx(evaluate(name, W, b, X, y, 0.0).data_loss)
