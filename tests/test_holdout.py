"""The hold-out split, and a trainer that never trains on the points it holds out."""

from __future__ import annotations

import numpy as np
import pytest
from helpers_core import LOSS_NAMES, kink_distance, random_problem

from demo_core.datasets import generate
from demo_core.gradcheck import numerical_gradient
from demo_core.holdout import MAX_HOLDOUT, OVERFITTING_EXAMPLE, holdout_mask
from demo_core.losses import evaluate
from demo_core.model import accuracy, random_params
from demo_core.trainer import Trainer

# -- the split ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "fraction", "held"),
    [(9, 0.0, 0), (9, 0.2, 2), (10, 0.5, 5), (90, 0.25, 22), (3, 0.5, 2), (1, 0.5, 0)],
)
def test_the_split_holds_out_the_rounded_fraction_and_leaves_one_point_at_least(n, fraction, held):
    mask = holdout_mask(n, fraction)
    assert mask.dtype == bool and mask.shape == (n,)
    assert np.count_nonzero(mask) == held


def test_the_split_is_the_same_every_time_and_a_point_keeps_its_key_when_points_are_added():
    np.testing.assert_array_equal(holdout_mask(50, 0.3), holdout_mask(50, 0.3))
    # The keys of the first 50 points do not depend on N: of 51 points, the 15 lowest keys
    # of the first 50 are still among the 16 lowest.
    first, more = holdout_mask(50, 0.3), holdout_mask(51, 0.3)
    assert np.all(more[:50][first])
    assert not np.array_equal(holdout_mask(50, 0.3, seed=1), first)


@pytest.mark.parametrize("fraction", [-0.1, MAX_HOLDOUT + 0.01, np.nan, np.inf])
def test_a_fraction_outside_0_to_one_half_is_refused(fraction):
    with pytest.raises(ValueError, match="hold-out fraction"):
        holdout_mask(10, fraction)


# -- training on the rest -------------------------------------------------------------------


def _held_out_trainer(name: str, seed: int = 3, fraction: float = 0.4, **settings) -> Trainer:
    X, y, W, b = random_problem(seed, 40, 3)
    return Trainer(X, y, W, b, loss=name, holdout=fraction, **settings)


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_the_loss_and_its_gradient_are_those_of_the_training_points_alone(name):
    trainer = _held_out_trainer(name)
    train = trainer.train_index
    assert trainer.num_train == 24 and trainer.num_test == 16
    np.testing.assert_array_equal(np.flatnonzero(~trainer.test_mask), train)
    X, y = trainer.training_points()
    alone = evaluate(name, trainer.W, trainer.b, X, y, trainer.reg)
    result = trainer.result
    for field in ("data_loss", "reg_loss", "total_loss", "dW", "db"):
        np.testing.assert_allclose(getattr(result, field), getattr(alone, field), atol=1e-12)
    # ... while every point, held out or not, has its own loss and scores.
    everyone = evaluate(name, trainer.W, trainer.b, trainer.X, trainer.y, trainer.reg)
    np.testing.assert_allclose(result.per_point, everyone.per_point, atol=1e-12)
    np.testing.assert_allclose(result.scores, everyone.scores, atol=1e-12)
    assert trainer.accuracy == accuracy(alone.scores, y)


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_the_held_out_gradient_agrees_with_finite_differences(name):
    trainer = _held_out_trainer(name, seed=11)
    _, y = trainer.training_points()
    assert kink_distance(name, trainer.result.scores[trainer.train_index], y) > 1e-4
    dW, db = numerical_gradient(trainer.objective, trainer.W, trainer.b)
    np.testing.assert_allclose(trainer.result.dW, dW, atol=1e-7)
    np.testing.assert_allclose(trainer.result.db, db, atol=1e-7)


def test_the_test_loss_and_accuracy_are_those_of_the_held_out_points_without_lambda():
    trainer = _held_out_trainer("softmax")
    mask = trainer.test_mask
    alone = evaluate("softmax", trainer.W, trainer.b, trainer.X[mask], trainer.y[mask], 0.0)
    test_loss, test_accuracy = trainer.test_metrics()
    assert test_loss == pytest.approx(alone.data_loss, abs=1e-12)
    assert test_accuracy == accuracy(alone.scores, trainer.y[mask])
    trainer.step()
    record = trainer.history[-1]
    assert (record.test_loss, record.test_accuracy) == trainer.test_metrics()
    assert record.accuracy == trainer.accuracy


def test_without_a_test_set_its_loss_and_accuracy_are_nan():
    trainer = _held_out_trainer("ww", fraction=0.0)
    assert trainer.num_test == 0
    assert all(np.isnan(trainer.test_metrics()))
    trainer.step()
    assert np.isnan(trainer.history[-1].test_loss)


@pytest.mark.parametrize("strategy", ["gradient", "random", "local"])
@pytest.mark.parametrize("batch_size", [None, 5])
def test_held_out_points_never_move_the_parameters(strategy, batch_size):
    """Moving and relabelling every test point changes nothing in a run of 20 steps."""
    runs = []
    for moved in (False, True):
        trainer = _held_out_trainer("ww", strategy=strategy, batch_size=batch_size, seed=5)
        if moved:
            X, y = trainer.X.copy(), trainer.y.copy()
            mask = trainer.test_mask
            X[mask] = -X[mask]
            y[mask] = (y[mask] + 1) % 3
            trainer.set_data(X, y)
        for _ in range(20):
            trainer.step()
            assert set(trainer.last_batch.tolist()) <= set(trainer.train_index.tolist())
        runs.append((trainer.W.copy(), trainer.b.copy()))
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    np.testing.assert_array_equal(runs[0][1], runs[1][1])


def test_a_minibatch_is_at_most_the_training_points():
    trainer = _held_out_trainer("softmax", batch_size=1000)
    assert trainer.batch_size == trainer.num_train and trainer.full_batch
    trainer.holdout = 0.0
    assert trainer.batch_size == trainer.num_points


def test_held_out_points_have_no_share_of_a_step():
    trainer = _held_out_trainer("softmax")
    norms = trainer.point_gradient_norms()
    assert np.all(norms[trainer.test_mask] == 0.0)
    assert np.all(norms[~trainer.test_mask] > 0.0)


def test_a_refused_fraction_changes_nothing():
    trainer = _held_out_trainer("ww", fraction=0.2)
    before = trainer.test_mask.copy()
    with pytest.raises(ValueError, match="hold-out fraction"):
        trainer.holdout = 0.9
    assert trainer.holdout == 0.2
    np.testing.assert_array_equal(trainer.test_mask, before)


# -- what λ is for --------------------------------------------------------------------------


def test_in_the_overfitting_example_a_larger_lambda_classifies_more_test_points():
    settings = OVERFITTING_EXAMPLE
    X, y = generate(
        settings["dataset"], settings["n"], settings["k"], settings["noise"], settings["seed"]
    )
    W, b = random_params(np.random.default_rng(settings["seed"]), settings["k"])
    trainer = Trainer(X, y, W, b, loss=settings["loss"], reg=settings["reg"],
                      step_size=settings["step_size"], holdout=settings["holdout"])  # fmt: skip
    test_losses = []
    for _ in range(500):
        trainer.step()
        test_losses.append(trainer.history[-1].test_loss)
    unregularized = trainer.accuracy, trainer.test_metrics()[1]
    assert unregularized == (1.0, 11 / 15)
    # The test loss falls at first, then climbs while the training points are fitted ever
    # more closely.
    lowest = int(np.argmin(test_losses))
    assert 0 < lowest < 250 and test_losses[-1] > 1.5 * test_losses[lowest]
    trainer.reg = 0.1
    for _ in range(500):
        trainer.step()
    assert (trainer.accuracy, trainer.test_metrics()[1]) == (14 / 15, 1.0)
