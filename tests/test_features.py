"""Features of the points: values, gradients with D > 2, the trainer's resize, the circles.

With the squares of the coordinates among the features, softmax separates the circles.
"""

from __future__ import annotations

import numpy as np
import pytest
from helpers_core import LOSS_NAMES, MODERATE, kink_distance, seeds
from hypothesis import assume, given

from demo_core.datasets import generate
from demo_core.features import FEATURES, canonical, expand, input_names
from demo_core.gradcheck import PASS_THRESHOLD, gradient_check, numerical_gradient
from demo_core.losses import Batch, evaluate, evaluate_params, pack_params, point_gradients
from demo_core.model import random_params
from demo_core.trainer import Trainer

ALL = tuple(FEATURES)  # D = 7


def _problem(seed: int, num_points: int = 12, num_classes: int = 3):
    """Random points (N, 2) in the box, labels, and W (K, 7), b (K,) for every feature."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, size=(num_points, 2))
    y = rng.integers(0, num_classes, size=num_points)
    W, b = random_params(rng, num_classes, dim=2 + len(ALL))
    return X, y, 4.0 * W, 4.0 * b


# -- expand -----------------------------------------------------------------------------------


def test_expand_appends_each_feature_in_the_canonical_order_after_the_coordinates():
    X = np.array([[0.5, -2.0], [3.0, 0.25]])
    out = expand(X, ["sinx1", "x0sq", "x0x1"])  # asked for out of order
    assert out.shape == (2, 5)
    np.testing.assert_array_equal(out[:, :2], X)
    np.testing.assert_allclose(out[:, 2], X[:, 0] ** 2)
    np.testing.assert_allclose(out[:, 3], X[:, 0] * X[:, 1])
    np.testing.assert_allclose(out[:, 4], np.sin(X[:, 1]))
    assert input_names(["sinx1", "x0sq", "x0x1"]) == ["x0", "x1", "x0²", "x0·x1", "sin x1"]


def test_expand_of_every_feature_has_d_7_and_works_on_a_grid():
    grid = np.random.default_rng(1).uniform(-1, 1, size=(4, 5, 2))
    out = expand(grid, ALL)
    assert out.shape == (4, 5, 7)
    x0, x1 = grid[..., 0], grid[..., 1]
    expected = np.stack([x0, x1, x0**2, x1**2, x0 * x1, np.sin(x0), np.sin(x1)], axis=-1)
    np.testing.assert_allclose(out, expected)


def test_no_feature_is_the_points_themselves_and_an_unknown_one_is_refused():
    X = np.ones((3, 2))
    assert expand(X, ()) is X
    assert canonical(["x1sq", "x0sq", "x1sq"]) == ("x0sq", "x1sq")
    with pytest.raises(ValueError, match="unknown feature 'cube'"):
        expand(X, ["x0sq", "cube"])


# -- gradients with D = 7 ---------------------------------------------------------------------


@pytest.mark.parametrize("name", LOSS_NAMES)
@MODERATE
@given(seed=seeds)
def test_gradients_with_every_feature_match_finite_differences(name, seed):
    X, y, W, b = _problem(seed)
    inputs = expand(X, ALL)
    result = evaluate(name, W, b, inputs, y, 0.1)
    assume(kink_distance(name, result.scores, y) > 1e-3)
    assert result.dW.shape == (3, 7)

    def total(W_: np.ndarray, b_: np.ndarray) -> float:
        return evaluate(name, W_, b_, inputs, y, 0.1).total_loss

    dW, db = numerical_gradient(total, W, b)
    np.testing.assert_allclose(result.dW, dW, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(result.db, db, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_each_points_gradient_with_features_averages_to_the_data_gradient(name):
    X, y, W, b = _problem(3)
    batch = Batch.from_arrays(expand(X, ALL), y, 3, dim=7)
    params = pack_params(W, b)
    _, grad = evaluate_params(name, params, batch, 0.0)
    _, each = point_gradients(name, params, batch)
    assert each.shape == (12, 8, 3)
    np.testing.assert_allclose(each.mean(axis=0), grad, atol=1e-12)


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_the_gradient_check_passes_with_features(name):
    X, y, W, b = _problem(5)
    check = gradient_check(name, W, b, expand(X, ALL), y, 0.1)
    assert check.analytic_dW.shape == (3, 7)
    assert check.passed and check.max_error < PASS_THRESHOLD


def test_points_without_their_features_are_refused_for_a_wider_w():
    X, y, W, b = _problem(0)
    with pytest.raises(ValueError, match=r"X must have shape \(N, 7\)"):
        evaluate("ww", W, b, X, y, 0.1)


# -- the trainer ------------------------------------------------------------------------------


def _trainer(**settings: object) -> Trainer:
    X, y = generate("circles", 90, 2, 0.1, 0)
    W, b = random_params(np.random.default_rng(0), 2)
    return Trainer(X, y, W, b, **settings)


def test_turning_features_on_keeps_the_scores_and_resizes_w():
    trainer = _trainer()
    trainer.step()
    before = trainer.result.scores.copy()
    W2 = trainer.W.copy()
    trainer.set_features(["x1sq", "x0sq"])
    assert trainer.features == ("x0sq", "x1sq")
    assert trainer.feature_names == ["x0", "x1", "x0²", "x1²"]
    assert trainer.W.shape == (2, 4) and trainer.inputs.shape == (90, 4)
    assert trainer.X.shape == (90, 2)
    np.testing.assert_array_equal(trainer.W[:, :2], W2)
    np.testing.assert_array_equal(trainer.W[:, 2:], 0.0)
    np.testing.assert_allclose(trainer.result.scores, before, atol=1e-12)
    assert not trainer.timeline and not trainer.trail


def test_a_feature_kept_keeps_its_weight_and_one_dropped_goes():
    trainer = _trainer(features=("x0sq", "x1sq"))
    W = trainer.W.copy()
    W[:, 2:] = [[1.0, 2.0], [3.0, 4.0]]
    trainer.set_params(W, trainer.b)
    trainer.set_features(["x1sq", "sinx0"])
    assert trainer.feature_names == ["x0", "x1", "x1²", "sin x0"]
    np.testing.assert_array_equal(trainer.W[:, 2], [2.0, 4.0])
    np.testing.assert_array_equal(trainer.W[:, 3], 0.0)
    trainer.set_features([])
    assert trainer.W.shape == (2, 2) and trainer.inputs is trainer.X
    np.testing.assert_array_equal(trainer.W, W[:, :2])


def test_new_points_are_expanded_and_plain_weights_get_zeros_for_the_features():
    trainer = _trainer(features=("x0x1",))
    X = np.array([[0.5, 0.5], [-1.0, 2.0]])
    trainer.set_problem(X, [0, 1], np.ones((2, 2)), np.zeros(2))
    np.testing.assert_allclose(trainer.inputs, [[0.5, 0.5, 0.25], [-1.0, 2.0, -2.0]])
    np.testing.assert_array_equal(trainer.W, [[1.0, 1.0, 0.0], [1.0, 1.0, 0.0]])
    trainer.set_data(X[::-1], [1, 0])
    np.testing.assert_allclose(trainer.inputs[0], [-1.0, 2.0, -2.0])
    with pytest.raises(ValueError, match="D = 3"):
        trainer.set_params(np.ones((2, 4)), np.zeros(2))


def _circles_accuracy(features: tuple[str, ...]) -> float:
    trainer = _trainer(loss="softmax", reg=0.001, step_size=1.0, features=features)
    for _ in range(500):
        assert trainer.step()
    return trainer.accuracy


def test_squares_of_the_coordinates_separate_the_circles():
    assert _circles_accuracy(("x0sq", "x1sq")) >= 0.95


def test_without_features_the_circles_stay_near_chance():
    # Two classes of 45 points each: a line gets about half of them right.
    assert _circles_accuracy(()) <= 0.65


def test_features_and_a_test_set_go_together():
    trainer = _trainer(holdout=0.2, features=("x0sq", "x1sq"))
    assert trainer.inputs.shape == (90, 4) and trainer.num_test > 0
    X, y = trainer.training_points()
    inputs, labels = trainer.training_inputs()
    assert X.shape == (trainer.num_train, 2) and inputs.shape == (trainer.num_train, 4)
    np.testing.assert_array_equal(inputs[:, 2], X[:, 0] ** 2)
    np.testing.assert_array_equal(labels, y)
    trainer.holdout = 0.3  # held out anew: the points keep their features
    assert trainer.inputs.shape == (90, 4)
    trainer.set_features(["x0x1"])
    assert trainer.num_test == round(0.3 * 90)  # the split stays
    assert trainer.inputs.shape == (90, 3) and trainer.step()
