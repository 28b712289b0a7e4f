"""The race of update rules: common start, progress, reproducibility and divergence."""

from __future__ import annotations

import numpy as np
import pytest
from helpers_core import LOSS_NAMES, defaults

from demo_core.datasets import generate
from demo_core.model import original_params
from demo_core.optim import RULES
from demo_core.race import PRESETS, SEARCH_CONTESTANTS, Race
from demo_core.trainer import DIVERGED, RUNNING

RULE_NAMES = tuple(RULES)
#: Every rule in races of at most four.
LINEUPS = (RULE_NAMES[:4], RULE_NAMES[4:] + RULE_NAMES[:1])


def _race(rules, **settings):
    X, y, W, b = defaults()
    return Race(X, y, W, b, rules=rules, **settings)


def _run(race, steps):
    for _ in range(steps):
        race.step()
    return race


@pytest.mark.parametrize("loss", LOSS_NAMES)
@pytest.mark.parametrize("rules", LINEUPS, ids="-".join)
def test_every_rule_lowers_the_loss_in_50_steps(rules, loss):
    race = _run(_race(rules, loss=loss), 50)
    assert race.rules == tuple(rules)
    assert race.running == tuple(rules)
    for name, history in race.histories.items():
        assert history.shape == (51,), name
        assert history[-1] < history[0], name


def test_all_rules_start_from_the_same_parameters_and_loss():
    X, y, W, b = defaults()
    race = Race(X, y, W, b, rules=["sgd", "momentum", "adam"])
    for name in race.rules:
        W_rule, b_rule = race.params(name)
        np.testing.assert_array_equal(W_rule, W)
        np.testing.assert_array_equal(b_rule, b)
    starts = {history[0] for history in race.histories.values()}
    assert len(starts) == 1
    race.params("sgd")[0][0, 0] = 99.0  # a copy: the race is unchanged
    np.testing.assert_array_equal(race.params("sgd")[0], W)


def test_the_rules_move_apart_after_one_step_except_at_the_same_update():
    race = _run(_race(["sgd", "momentum", "adam"]), 1)
    # Momentum's first step from zero velocity is plain SGD; Adam's differs.
    np.testing.assert_allclose(race.params("momentum")[0], race.params("sgd")[0], atol=1e-15)
    assert not np.allclose(race.params("adam")[0], race.params("sgd")[0])


def test_a_seed_reproduces_a_minibatch_race_and_every_rule_sees_the_same_batches():
    X, y = generate("blobs", n=200, k=3, seed=3)
    W, b = original_params()

    def run(seed):
        race = Race(X, y, W, b, rules=["sgd", "nesterov", "rmsprop"], batch_size=16, seed=seed)
        batches = []
        for _ in range(20):
            race.step()
            batches.append({name: race.trainer(name).last_batch.copy() for name in race.rules})
        return race, batches

    first, first_batches = run(seed=5)
    again, _ = run(seed=5)
    other, _ = run(seed=6)
    for name in first.rules:
        np.testing.assert_array_equal(first.histories[name], again.histories[name])
        np.testing.assert_array_equal(first.params(name)[0], again.params(name)[0])
    assert not np.array_equal(first.histories["sgd"], other.histories["sgd"])
    for step in first_batches:
        assert step["sgd"].shape == (16,)
        for batch in step.values():
            np.testing.assert_array_equal(batch, step["sgd"])


def test_a_diverging_rule_stops_while_the_others_go_on():
    race = _race({"sgd": {}, "momentum": {"mu": 1.5}, "adam": {"beta1": 0.8}})
    _run(race, 100)
    assert race.statuses == {"sgd": RUNNING, "momentum": DIVERGED, "adam": RUNNING}
    assert race.running == ("sgd", "adam")
    assert not race.finished
    assert race.histories["sgd"].shape == (101,)
    assert race.histories["momentum"].shape[0] < 101
    assert race.step() == {"sgd": True, "momentum": False, "adam": True}
    assert race.steps == 101


def test_a_race_whose_rules_all_diverge_is_finished():
    race = _run(_race(["sgd", "momentum"], step_size=1e4), 3)
    assert race.finished
    assert race.running == ()


def test_the_step_size_is_shared_and_can_change_between_steps():
    race = _race(["sgd", "adagrad"], step_size=0.05)
    assert race.step_size == 0.05
    race.step_size = 0.2
    assert all(race.trainer(name).step_size == 0.2 for name in race.rules)
    with pytest.raises(ValueError):
        race.step_size = 0.0


@pytest.mark.parametrize(
    "rules",
    [
        ["sgd"],
        ["sgd", "momentum", "nesterov", "adam", "rmsprop"],
        ["sgd", "sgd"],
        ["sgd", "newton"],
        "sgd",
        [],
        {"sgd": {}, "momentum": {"beta": 0.5}},
    ],
)
def test_bad_rules_raise_value_error(rules):
    with pytest.raises(ValueError):
        _race(rules)


def test_bad_settings_raise_value_error():
    with pytest.raises(ValueError):
        _race(["sgd", "adam"], loss="hinge")
    with pytest.raises(ValueError):
        _race(["sgd", "adam"], reg=-1.0)


def test_the_fair_race_preset_leaves_random_search_behind_after_100_steps():
    preset = PRESETS["search_vs_slope"]
    assert preset.num_classes == 6 and preset.dataset == "blobs"
    race = _run(preset.race(), 100)
    final = {name: history[-1] for name, history in race.histories.items()}
    gradients = [name for name in race.rules if name in RULES]
    searches = [name for name in race.rules if name in SEARCH_CONTESTANTS]
    assert gradients and searches
    assert max(final[name] for name in gradients) < min(final[name] for name in searches)
    assert sum(final[name] for name in gradients) < sum(final[name] for name in searches)
    for name in race.rules:
        assert race.spent(name) == 100
    assert race.search("random").tries == race.search("local").tries == 100
    assert race.search("sgd") is None


@pytest.mark.parametrize("evaluations", [1, 3])
def test_every_contestant_spends_the_same_budget_per_step(evaluations):
    race = _run(_race(["sgd", "adam", "random", "local"], evaluations=evaluations), 7)
    for name in race.rules:
        assert race.spent(name) == 7 * evaluations
        assert race.histories[name].shape == (8,)
    assert race.search("random").tries == 7 * evaluations
    # A search keeps its best: its loss never rises.
    for name in SEARCH_CONTESTANTS:
        assert np.all(np.diff(race.histories[name]) <= 0)
        assert race.histories[name][-1] == pytest.approx(race.search(name).best_loss)


def test_a_search_takes_no_hyperparameters_and_the_budget_is_at_least_one():
    with pytest.raises(ValueError, match="no hyperparameters"):
        _race({"sgd": {}, "random": {"mu": 0.5}})
    with pytest.raises(ValueError, match="evaluations"):
        _race(["sgd", "random"], evaluations=0)
    with pytest.raises(ValueError, match="unknown contestant"):
        _race(["sgd", "gradient"])
