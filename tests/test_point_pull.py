"""Each point's share of a step, and where the next step goes, checked against the real thing."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from helpers_core import CLASS_COUNTS, LOSS_NAMES, MODERATE, defaults, random_problem, seeds
from hypothesis import given
from hypothesis import strategies as st

from demo_core.geometry import zero_lines
from demo_core.losses import Batch, pack_params, point_gradient_norms, point_gradients
from demo_core.optim import RULES
from demo_core.trainer import Trainer

SVM_LOSSES = ("ww", "ova", "structured")


@MODERATE
@given(seed=seeds, name=st.sampled_from(LOSS_NAMES), num_classes=st.sampled_from(CLASS_COUNTS))
def test_the_norms_are_the_lengths_of_the_point_gradients(seed, name, num_classes):
    X, y, W, b = random_problem(seed, 20, num_classes, scale=2.0)
    batch = Batch.from_arrays(X, y, num_classes)
    params = pack_params(W, b)
    per_point, gradients = point_gradients(name, params, batch)
    losses, norms = point_gradient_norms(name, params, batch)
    np.testing.assert_array_equal(losses, per_point)
    np.testing.assert_allclose(norms, np.linalg.norm(gradients.reshape(20, -1), axis=1), atol=1e-12)


@pytest.mark.parametrize("name", SVM_LOSSES)
@MODERATE
@given(seed=seeds, num_classes=st.sampled_from(CLASS_COUNTS))
def test_under_an_svm_loss_a_point_pulls_exactly_when_its_loss_is_above_0(name, seed, num_classes):
    X, y, W, b = random_problem(seed, 40, num_classes, scale=3.0)
    losses, norms = point_gradient_norms(
        name, pack_params(W, b), Batch.from_arrays(X, y, num_classes)
    )
    assert np.all((norms == 0.0) == (losses == 0.0))


@MODERATE
@given(seed=seeds, num_classes=st.sampled_from(CLASS_COUNTS))
def test_under_softmax_every_point_pulls(seed, num_classes):
    X, y, W, b = random_problem(seed, 40, num_classes, scale=3.0)
    _, norms = point_gradient_norms(
        "softmax", pack_params(W, b), Batch.from_arrays(X, y, num_classes)
    )
    assert np.all(norms > 0.0)


def test_on_the_original_data_svm_leaves_points_calm_and_softmax_none_after_training():
    # The notes' claim: once trained, the SVM ignores the points past its margin.
    for name, calm in (("ww", True), ("softmax", False)):
        trainer = Trainer(*defaults(), loss=name, reg=0.001, step_size=1.0)
        for _ in range(300):
            trainer.step()
        norms = trainer.point_gradient_norms()
        assert np.any(norms == 0.0) == calm, name


# -- the next step ------------------------------------------------------------------------


def _stepped_copy(trainer: Trainer) -> Trainer:
    twin = copy.deepcopy(trainer)
    assert twin.step()
    return twin


@pytest.mark.parametrize("rule", RULES)
@MODERATE
@given(
    seed=seeds,
    name=st.sampled_from(LOSS_NAMES),
    batch_size=st.sampled_from([None, 1, 4]),
    earlier=st.integers(0, 3),
)
def test_the_next_params_are_those_of_the_next_step(rule, seed, name, batch_size, earlier):
    X, y, W, b = random_problem(seed, 12, 3)
    trainer = Trainer(X, y, W, b, loss=name, rule=rule, batch_size=batch_size, seed=seed)
    for _ in range(earlier):  # the rule's velocities or caches are no longer zero
        trainer.step()
    before = (trainer.W.copy(), trainer.b.copy(), trainer.steps, trainer.rule.steps)
    W_next, b_next = trainer.next_params()
    twin = _stepped_copy(trainer)
    np.testing.assert_array_equal(W_next, twin.W)
    np.testing.assert_array_equal(b_next, twin.b)
    # The run itself has not moved: the real step still lands there.
    np.testing.assert_array_equal(trainer.W, before[0])
    assert (trainer.steps, trainer.rule.steps) == before[2:]
    assert trainer.step()
    np.testing.assert_array_equal(trainer.W, W_next)
    np.testing.assert_array_equal(trainer.b, b_next)


@pytest.mark.parametrize("rule", RULES)
def test_the_ghost_lines_are_the_zero_lines_after_the_next_step(rule):
    trainer = Trainer(*defaults(), rule=rule)
    trainer.step()
    box = (-1.0, 1.0, -1.0, 1.0)
    ghosts = zero_lines(*trainer.next_params(), box)
    trainer.step()
    for ghost, line in zip(ghosts, zero_lines(trainer.W, trainer.b, box), strict=True):
        np.testing.assert_array_equal(ghost, line)


@pytest.mark.parametrize("strategy", ["random", "local"])
def test_a_search_has_no_next_params(strategy):
    trainer = Trainer(*defaults(), strategy=strategy)
    assert trainer.next_params() is None


def test_a_diverged_run_has_no_next_params():
    trainer = Trainer(*defaults(), step_size=10.0, reg=100.0)
    while trainer.step():
        pass
    assert trainer.next_params() is None
