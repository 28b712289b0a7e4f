"""The loss landscape: point-by-point agreement with evaluate, orientation, axes and memory."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from helpers_core import LOSS_NAMES, defaults, random_problem

from demo_core.datasets import generate
from demo_core.landscape import loss_landscape, trajectory_in
from demo_core.losses import evaluate
from demo_core.model import ParamIndex

AXES = (
    ((0, 0), (0, 1)),
    (("W", 1, 0), ("W", 2, 1)),
    (("b", 1), ("W", 2, 0)),
    (("W", 0, 1), ("b", 0)),
    (("b", 0), ("b", 2)),
)
REG = 0.1


def _with(W, b, settings):
    """Copies of W and b with each (ParamIndex, value) of ``settings`` applied."""
    W, b = W.copy(), b.copy()
    for param, value in settings:
        if param.d is None:
            b[param.k] = value
        else:
            W[param.k, param.d] = value
    return W, b


def _pointwise(name, landscape, W, b, X, y):
    """The landscape's grid recomputed one grid point at a time with ``evaluate``."""
    grid = np.empty_like(landscape.loss)
    for i, y_value in enumerate(landscape.y):
        for j, x_value in enumerate(landscape.x):
            settings = ((landscape.x_param, x_value), (landscape.y_param, y_value))
            grid[i, j] = evaluate(name, *_with(W, b, settings), X, y, REG).total_loss
    return grid


@pytest.mark.parametrize("axes", AXES, ids=lambda axes: f"{axes[0]}-{axes[1]}")
@pytest.mark.parametrize("name", LOSS_NAMES)
def test_the_grid_equals_pointwise_evaluation_at_the_defaults(name, axes):
    X, y, W, b = defaults()
    landscape = loss_landscape(name, W, b, X, y, REG, axes=axes, span=2.0, resolution=9)
    expected = _pointwise(name, landscape, W, b, X, y)
    np.testing.assert_allclose(landscape.loss, expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_the_grid_equals_pointwise_evaluation_on_a_random_problem(name):
    X, y, W, b = random_problem(seed=7, num_points=40, num_classes=5, scale=2.0)
    axes = (("W", 3, 1), ("b", 3))  # both in one class, which the label may be
    landscape = loss_landscape(name, W, b, X, y, REG, axes=axes, span=3.0, resolution=7)
    expected = _pointwise(name, landscape, W, b, X, y)
    np.testing.assert_allclose(landscape.loss, expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_the_grid_centre_is_the_current_total_loss(name):
    X, y, W, b = defaults()
    landscape = loss_landscape(name, W, b, X, y, REG, axes=(("b", 1), (2, 0)))
    R = landscape.x.shape[0]
    assert R % 2 == 1
    current = evaluate(name, W, b, X, y, REG).total_loss
    assert landscape.center_loss == current
    assert landscape.loss[R // 2, R // 2] == pytest.approx(current, abs=1e-12)
    assert landscape.center == (b[1], W[2, 0])


def test_shape_orientation_and_names():
    X, y, W, b = defaults()
    landscape = loss_landscape("ww", W, b, X, y, REG, axes=((0, 0), ("b", 2)), resolution=12)
    assert landscape.x.shape == landscape.y.shape == (12,)
    assert landscape.loss.shape == (12, 12)
    assert (landscape.x_name, landscape.y_name) == ("W[0,0]", "b[2]")
    np.testing.assert_allclose(landscape.x[[0, -1]], W[0, 0] + np.array([-1.0, 1.0]))
    np.testing.assert_allclose(landscape.y[[0, -1]], b[2] + np.array([-1.0, 1.0]))
    # Rows follow the second parameter: the last row is at y[-1], the first column at x[0].
    corner = ((landscape.x_param, landscape.x[0]), (landscape.y_param, landscape.y[-1]))
    expected = evaluate("ww", *_with(W, b, corner), X, y, REG).total_loss
    assert landscape.loss[-1, 0] == pytest.approx(expected, abs=1e-12)


def test_regularization_alone_is_a_paraboloid_in_two_weights():
    X, y, W, b = defaults()
    with_reg = loss_landscape("softmax", W, b, X, y, 1.0, resolution=5)
    without = loss_landscape("softmax", W, b, X, y, 0.0, resolution=5)
    rest = float(np.sum(W[1:] ** 2))
    expected = rest + with_reg.x[None, :] ** 2 + with_reg.y[:, None] ** 2
    np.testing.assert_allclose(with_reg.loss - without.loss, expected, atol=1e-12)


@pytest.mark.parametrize(
    "axes",
    [
        ((0, 0), (0, 0)),
        (("b", 1), ("b", 1)),
        ((3, 0), (0, 1)),
        ((0, 2), (0, 1)),
        (("b", 3), (0, 1)),
        (("V", 0, 0), (0, 1)),
        (("W", 0), (0, 1)),
        (("b", 0, 0), (0, 1)),
        ((-1, 0), (0, 1)),
        ((0.5, 0), (0, 1)),
        ((0, 0),),
        ((0, 0), (0, 1), (1, 0)),
        "W",
        (0, (0, 1)),
    ],
)
def test_bad_axes_raise_value_error(axes):
    X, y, W, b = defaults()
    with pytest.raises(ValueError):
        loss_landscape("ww", W, b, X, y, REG, axes=axes)


@pytest.mark.parametrize(
    "settings",
    [{"span": 0.0}, {"span": -1.0}, {"span": np.inf}, {"resolution": 1}, {"resolution": 401},
     {"resolution": 2.5}, {"reg": -0.1}, {"name": "hinge"}],
)  # fmt: skip
def test_bad_settings_raise_value_error(settings):
    X, y, W, b = defaults()
    arguments = {"name": "ww", "reg": REG, **settings}
    name, reg = arguments.pop("name"), arguments.pop("reg")
    with pytest.raises(ValueError):
        loss_landscape(name, W, b, X, y, reg, **arguments)


def test_param_index_addresses_the_flattened_vector():
    W = np.arange(6.0).reshape(3, 2)
    b = np.array([10.0, 11.0, 12.0])
    theta = np.concatenate([W.ravel(), b])
    for spec in ((0, 0), (2, 1), ("W", 1, 0), ("b", 0), ("b", 2)):
        index = ParamIndex.parse(spec)
        assert theta[index.flat(3, 2)] == index.value(W, b)
    assert ParamIndex.parse(ParamIndex("b", 1)) == ParamIndex("b", 1)
    with pytest.raises(ValueError):
        ParamIndex("b", 3).flat(3, 2)


def test_trajectory_in_reads_the_two_parameters_of_each_step():
    X, y, W, b = defaults()
    landscape = loss_landscape("ww", W, b, X, y, REG, axes=(("b", 2), (1, 1)), resolution=5)
    path = [(W + step, b - step) for step in (0.0, 0.5, 1.0)]
    xs, ys = trajectory_in(landscape, path)
    np.testing.assert_array_equal(xs, b[2] - np.array([0.0, 0.5, 1.0]))
    np.testing.assert_array_equal(ys, W[1, 1] + np.array([0.0, 0.5, 1.0]))
    empty = trajectory_in(landscape, [])
    assert empty[0].shape == empty[1].shape == (0,)


def test_memory_stays_bounded_at_the_largest_data_set():
    X, y = generate("blobs", n=10_000, k=3)
    _, _, W, b = defaults()
    tracemalloc.start()
    try:
        loss_landscape("softmax", W, b, X, y, REG, resolution=15)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20e6  # the budget is ~50 MB; chunking keeps it near 3 MB
