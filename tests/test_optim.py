"""Update rules, minibatch sampling and the two blind searches."""

from __future__ import annotations

import numpy as np
import pytest
from helpers_core import LOSS_NAMES, MODERATE, defaults, seeds
from hypothesis import given
from hypothesis import strategies as st

from demo_core.optim import (
    RULES,
    MinibatchSampler,
    RandomLocalSearch,
    RandomSearch,
    make_rule,
)
from demo_core.trainer import Trainer

RULE_NAMES = tuple(RULES)
STEP_SIZE = 0.1  # the original's default step size suits every rule on the original data


def _trainer(**settings):
    X, y, W, b = defaults()
    return Trainer(X, y, W, b, **settings)


# -- update rules ----------------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULE_NAMES)
@pytest.mark.parametrize("loss", LOSS_NAMES)
def test_every_rule_lowers_the_loss_on_the_original_data(rule, loss):
    trainer = _trainer(loss=loss, rule=rule, step_size=STEP_SIZE)
    start = trainer.result.total_loss
    for _ in range(200):
        assert trainer.step()
    # Every rule at least halves the loss (the lowest of all is about 0.63 to 1.6).
    assert trainer.result.total_loss < 0.5 * start
    assert trainer.status == "ok"


def _first_step(name, p, g, lr, **hyperparameters):
    return make_rule(name, **hyperparameters).update((p,), (g,), lr)[0]


P = np.array([[0.5, -1.0], [2.0, 0.0]])
G = np.array([[0.2, -0.4], [-3.0, 1.0]])
EPS = 1e-8  # the rules' guard against division by zero


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sgd", P - 0.1 * G),
        ("momentum", P - 0.1 * G),  # v = 0.9 * 0 - lr g
        ("nesterov", P - 1.9 * 0.1 * G),  # p - mu * 0 + (1 + mu) (-lr g)
        ("adagrad", P - 0.1 * G / (np.abs(G) + EPS)),  # cache = g^2
        ("rmsprop", P - 0.1 * G / (0.1 * np.abs(G) + EPS)),  # cache = (1 - 0.99) g^2
        ("adam", P - 0.1 * G / (np.abs(G) + EPS)),  # bias-corrected m = g, v = g^2
    ],
)
def test_the_first_update_of_each_rule(name, expected):
    np.testing.assert_allclose(_first_step(name, P, G, 0.1), expected, rtol=1e-12, atol=1e-15)


def test_momentum_accumulates_a_velocity():
    rule = make_rule("momentum", mu=0.5)
    (p1,) = rule.update((P,), (G,), 0.1)
    (p2,) = rule.update((p1,), (G,), 0.1)
    # v1 = -0.1 g; v2 = 0.5 v1 - 0.1 g = -0.15 g
    np.testing.assert_allclose(p2, P - 0.25 * G, rtol=1e-12)


def test_momentum_without_friction_memory_is_plain_gradient_descent():
    np.testing.assert_array_equal(_first_step("momentum", P, G, 0.3, mu=0.0), P - 0.3 * G)


@pytest.mark.parametrize("name", RULE_NAMES)
def test_reset_forgets_the_rules_state(name):
    rng = np.random.default_rng(3)
    used, fresh = make_rule(name), make_rule(name)
    params = (rng.normal(size=(3, 2)), rng.normal(size=3))
    for _ in range(5):
        params = used.update(params, (rng.normal(size=(3, 2)), rng.normal(size=3)), 0.1)
    used.reset()
    assert used.steps == 0
    grads = (rng.normal(size=(3, 2)), rng.normal(size=3))
    for a, b in zip(used.update(params, grads, 0.1), fresh.update(params, grads, 0.1), strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", RULE_NAMES)
def test_update_does_not_modify_its_inputs(name):
    rule = make_rule(name)
    params, grads = (P.copy(), np.ones(2)), (G.copy(), np.full(2, -0.5))
    for _ in range(3):
        new = rule.update(params, grads, 0.1)
        np.testing.assert_array_equal(params[0], P)
        np.testing.assert_array_equal(params[1], np.ones(2))
        np.testing.assert_array_equal(grads[0], G)
        np.testing.assert_array_equal(grads[1], np.full(2, -0.5))
        assert all(n is not p for n, p in zip(new, params, strict=True))


@pytest.mark.parametrize("name", RULE_NAMES)
def test_state_follows_a_change_in_the_number_of_classes(name):
    rule = make_rule(name)
    rule.update((np.ones((3, 2)), np.ones(3)), (np.ones((3, 2)), np.ones(3)), 0.1)
    W, b = rule.update((np.ones((5, 2)), np.ones(5)), (np.ones((5, 2)), np.ones(5)), 0.1)
    assert W.shape == (5, 2)
    assert b.shape == (5,)
    assert np.all(np.isfinite(W))


def test_unknown_rule_or_hyperparameter_raises():
    with pytest.raises(ValueError, match="unknown update rule 'lbfgs'"):
        make_rule("lbfgs")
    with pytest.raises(ValueError, match="Adam has no hyperparameter"):
        make_rule("adam", gamma=0.5)
    with pytest.raises(ValueError, match="no hyperparameter"):
        make_rule("sgd", mu=0.9)
    with pytest.raises(ValueError, match="unknown update rule"):
        _trainer(rule="newton")


# -- minibatches -----------------------------------------------------------------------------


@MODERATE
@given(data=st.data(), num_points=st.integers(1, 300), seed=seeds)
def test_minibatch_indices_are_unique_and_in_range(data, num_points, seed):
    batch_size = data.draw(st.integers(1, num_points))
    sampler = MinibatchSampler(num_points, batch_size, np.random.default_rng(seed))
    for _ in range(3):
        index = sampler.sample()
        assert index.shape == (batch_size,)
        assert len(np.unique(index)) == batch_size
        assert index.min() >= 0
        assert index.max() < num_points


@pytest.mark.parametrize("num_points", [1, 9, 1000])
def test_the_full_batch_is_every_point_in_order(num_points):
    sampler = MinibatchSampler(num_points, num_points, np.random.default_rng(0))
    assert sampler.full_batch
    np.testing.assert_array_equal(sampler.sample(), np.arange(num_points))


def test_minibatches_are_reproducible_with_a_seed():
    def batches(seed):
        sampler = MinibatchSampler(100, 10, np.random.default_rng(seed))
        return [sampler.sample() for _ in range(5)]

    np.testing.assert_array_equal(batches(42), batches(42))
    assert not np.array_equal(batches(42), batches(43))


@pytest.mark.parametrize("batch_size", [0, -1, 10])
def test_batch_size_out_of_range_raises(batch_size):
    with pytest.raises(ValueError, match="batch size must be between 1 and 9"):
        MinibatchSampler(9, batch_size, np.random.default_rng(0))


# -- random search and random local search ---------------------------------------------------


@pytest.mark.parametrize("strategy", ["random", "local"])
def test_searches_are_reproducible_with_a_seed(strategy):
    def losses(seed):
        trainer = _trainer(strategy=strategy, seed=seed)
        for _ in range(60):
            trainer.step()
        return [record.total_loss for record in trainer.history]

    assert losses(5) == losses(5)
    assert losses(5) != losses(6)


@pytest.mark.parametrize("make_search", [RandomSearch, lambda: RandomLocalSearch(step_size=0.3)])
@pytest.mark.parametrize("loss", LOSS_NAMES)
def test_a_search_never_raises_the_loss(make_search, loss):
    search = make_search()
    trainer = _trainer(loss=loss)
    rng = np.random.default_rng(11)
    W, b = trainer.W, trainer.b
    current = trainer.objective(W, b)
    best = [search.best_loss]
    for _ in range(100):
        outcome = search.step(trainer.objective, W, b, rng)
        assert outcome.loss == pytest.approx(trainer.objective(outcome.W, outcome.b), abs=1e-12)
        if outcome.accepted:
            assert outcome.loss < current
        else:
            assert outcome.W is W
            assert outcome.b is b
        assert outcome.loss <= current
        W, b, current = outcome.W, outcome.b, outcome.loss
        assert search.best_loss <= best[-1]
        best.append(search.best_loss)
    assert search.tries == 100
    assert current < trainer.result.total_loss, "100 tries found nothing better than the start"
