"""The Trainer: steps, history, divergence detection and changes between steps."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from helpers_core import LOSS_NAMES, defaults

from demo_core.datasets import generate, original
from demo_core.losses import evaluate
from demo_core.model import accuracy, original_params, random_params, scores
from demo_core.trainer import DIVERGED, RUNNING, Record, Trainer


def _trainer(**settings):
    X, y, W, b = defaults()
    return Trainer(X, y, W, b, **settings)


def _run(trainer, steps):
    """Step ``steps`` times or until divergence; return the (W, b) after each step taken."""
    taken = []
    for _ in range(steps):
        if not trainer.step():
            break
        taken.append((trainer.W.copy(), trainer.b.copy()))
    return taken


@pytest.mark.parametrize("loss", LOSS_NAMES)
def test_one_step_at_the_defaults_is_plain_gradient_descent_and_lowers_the_loss(loss):
    trainer = _trainer(loss=loss)
    before = trainer.result
    W, b = trainer.W.copy(), trainer.b.copy()
    assert trainer.step()
    np.testing.assert_allclose(trainer.W, W - 0.1 * before.dW, rtol=1e-15)
    np.testing.assert_allclose(trainer.b, b - 0.1 * before.db, rtol=1e-15)
    assert trainer.result.total_loss < before.total_loss
    record = trainer.history[-1]
    assert record.step == 1
    assert record.batch_loss == before.total_loss  # the full batch: what the step followed
    assert record.total_loss == pytest.approx(record.data_loss + record.reg_loss, abs=1e-12)
    X, y, _, _ = defaults()
    assert record.total_loss == evaluate(loss, trainer.W, trainer.b, X, y, 0.1).total_loss
    assert record.accuracy == accuracy(scores(trainer.W, trainer.b, X), y)


def test_the_history_keeps_only_the_latest_records():
    trainer = _trainer(history_size=5)
    _run(trainer, 12)
    assert trainer.steps == 12
    assert [record.step for record in trainer.history] == [8, 9, 10, 11, 12]
    trainer.clear_history()
    assert len(trainer.history) == 0
    assert trainer.steps == 0


# -- divergence ------------------------------------------------------------------------------


def _assert_diverged_cleanly(trainer, taken):
    """Diverged, with the last finite parameters kept and nothing non-finite recorded."""
    assert trainer.status == DIVERGED
    last_W, last_b = taken[-1] if taken else defaults()[2:]
    np.testing.assert_array_equal(trainer.W, last_W)
    np.testing.assert_array_equal(trainer.b, last_b)
    assert np.all(np.isfinite(trainer.W))
    assert np.all(np.isfinite(trainer.b))
    # Every loss recorded is finite; the test set's are NaN, as no point is held out.
    history = np.array(trainer.history, dtype=np.float64).reshape(-1, len(Record._fields))
    assert np.all(np.isfinite(history[:, : Record._fields.index("test_loss")]))
    assert np.all(np.isnan(history[:, Record._fields.index("test_loss") :]))
    assert np.isfinite(trainer.result.total_loss)
    # Once diverged, a step does nothing.
    assert not trainer.step()
    np.testing.assert_array_equal(trainer.W, last_W)
    assert trainer.steps == len(taken)


def test_a_huge_step_size_diverges_at_once():
    trainer = _trainer(loss="softmax", step_size=1e3)
    taken = _run(trainer, 10)
    assert taken == []
    _assert_diverged_cleanly(trainer, taken)


def test_step_size_ten_diverges_within_thirty_steps():
    trainer = _trainer(loss="softmax", step_size=10.0)
    taken = _run(trainer, 30)
    assert len(taken) < 30
    _assert_diverged_cleanly(trainer, taken)


def test_setting_the_parameters_clears_a_divergence():
    trainer = _trainer(loss="softmax", step_size=1e3)
    _run(trainer, 3)
    assert trainer.status == DIVERGED
    trainer.step_size = 0.1
    _, _, W, b = defaults()
    trainer.set_params(W, b)
    assert trainer.status == RUNNING
    assert trainer.step()


def test_a_sound_run_does_not_count_as_diverged():
    trainer = _trainer(loss="softmax", step_size=1.0)
    assert len(_run(trainer, 300)) == 300
    assert trainer.status == RUNNING


# -- strategies ------------------------------------------------------------------------------


@pytest.mark.parametrize("strategy", ["random", "local"])
def test_blind_searches_never_raise_the_loss(strategy):
    trainer = _trainer(strategy=strategy, seed=3)
    start = trainer.result.total_loss
    assert len(_run(trainer, 100)) == 100
    losses = [start] + [record.total_loss for record in trainer.history]
    assert all(later <= earlier for earlier, later in itertools.pairwise(losses))
    assert losses[-1] < start


def _raise_reg(trainer):
    trainer.reg = 10.0


def _switch_to_ova(trainer):
    trainer.loss = "ova"


def _scale_up_params(trainer):
    _, _, W, b = defaults()
    trainer.set_params(4 * W, b)


@pytest.mark.parametrize(
    ("strategy", "change"),
    [
        ("local", _raise_reg),
        ("local", _switch_to_ova),
        ("local", _scale_up_params),
        ("random", _raise_reg),
        ("random", _scale_up_params),
    ],
)
def test_a_search_still_improves_after_a_change_that_raises_the_loss(strategy, change):
    # A best loss remembered from before the change belongs to another objective or another
    # starting point; a search that compared candidates with it would accept nothing.
    trainer = _trainer(strategy=strategy, seed=2)
    _run(trainer, 200)
    change(trainer)
    start = trainer.result.total_loss
    _run(trainer, 200)
    assert trainer.result.total_loss < start


# -- changes between steps -------------------------------------------------------------------


def test_the_trainer_keeps_its_own_parameters():
    X, y, W, b = defaults()
    W, b = W.copy(), b.copy()
    trainer = Trainer(X, y, W, b)
    W[0, 0], b[0] = 99.0, 99.0
    assert trainer.W[0, 0] == 1.0 and trainer.b[0] == 0.0
    trainer.set_params(W, b)
    W[0, 0], b[0] = -5.0, -5.0
    assert trainer.W[0, 0] == 99.0 and trainer.b[0] == 99.0


def test_set_problem_with_another_number_of_classes():
    trainer = _trainer(rule="momentum")
    _run(trainer, 5)
    X, y = generate("blobs", n=40, k=5, seed=1)
    W, b = random_params(np.random.default_rng(0), num_classes=5)
    trainer.set_problem(X, y, W, b)
    assert trainer.num_classes == 5
    assert trainer.num_points == 40
    assert trainer.rule.steps == 0
    assert trainer.result.scores.shape == (40, 5)
    start = trainer.result.total_loss
    assert trainer.step()
    assert trainer.W.shape == (5, 2)
    # Momentum starts from rest after the change: the first step is plain gradient descent.
    assert trainer.result.total_loss < start
    with pytest.raises(ValueError, match="use set_problem"):
        trainer.set_params(*defaults()[2:])


def test_set_data_with_fewer_points_than_the_batch_clamps_the_batch():
    trainer = _trainer(batch_size=8)
    assert trainer.batch_size == 8
    X, y = defaults()[:2]
    trainer.set_data(X[:4], y[:4])
    assert trainer.batch_size == 4
    assert trainer.step()
    np.testing.assert_array_equal(trainer.last_batch, np.arange(4))
    trainer.set_data(X, y)
    assert trainer.batch_size == 8  # the requested size returns when the data allow it


def test_a_minibatch_step_follows_the_batchs_gradient():
    trainer = _trainer(batch_size=3, seed=4)
    W, b = trainer.W.copy(), trainer.b.copy()
    assert trainer.step()
    index = trainer.last_batch
    assert len(index) == 3
    X, y = defaults()[:2]
    on_batch = evaluate("ww", W, b, X[index], y[index], 0.1)
    np.testing.assert_allclose(trainer.W, W - 0.1 * on_batch.dW, rtol=1e-15)
    assert trainer.history[-1].batch_loss == pytest.approx(on_batch.total_loss, abs=1e-12)


def test_changing_the_loss_or_regularization_refreshes_the_result():
    trainer = _trainer()
    assert trainer.result.total_loss == pytest.approx(6.2667, abs=1e-4)
    trainer.loss = "softmax"
    assert trainer.result.total_loss == pytest.approx(5.3366, abs=1e-4)
    trainer.reg = 0.0
    assert trainer.result.total_loss == pytest.approx(1.8366, abs=1e-4)


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("loss", "hinge", "unknown loss"),
        ("reg", -1.0, "reg must be >= 0"),
        ("step_size", 0.0, "step size must be"),
        ("step_size", np.nan, "step size must be"),
        ("strategy", "anneal", "unknown strategy"),
        ("batch_size", 0, "batch size must be between"),
    ],
)
def test_bad_settings_raise(setting, value, message):
    trainer = _trainer()
    with pytest.raises(ValueError, match=message):
        setattr(trainer, setting, value)


def _settings(**changes: object) -> dict[str, object]:
    settings = {
        "loss": "ww", "reg": 0.1, "step_size": 0.1, "strategy": "gradient", "rule": "sgd",
        "hyperparameters": {}, "batch_size": None, "search_scale": 1.0, "search_step": 0.1,
    }  # fmt: skip
    return settings | changes


def test_configure_applies_what_differs_and_says_whether_the_loss_changes() -> None:
    trainer = Trainer(*original(), *original_params())
    assert trainer.configure(**_settings()) is False  # the settings it already has
    assert trainer.configure(**_settings(step_size=0.5, strategy="random")) is False
    assert (trainer.step_size, trainer.strategy) == (0.5, "random")
    assert trainer.configure(**_settings(reg=0.0)) is True
    assert trainer.result.reg_loss == 0.0
    assert trainer.configure(**_settings(reg=0.0, batch_size=3)) is True
    assert trainer.batch_size == 3 and not trainer.full_batch


def test_configure_starts_a_fresh_rule_only_when_the_rule_or_its_settings_change() -> None:
    trainer = Trainer(*original(), *original_params())
    trainer.configure(**_settings(rule="momentum", hyperparameters={"mu": 0.9}))
    trainer.step()
    rule = trainer.rule
    trainer.configure(**_settings(rule="momentum", hyperparameters={"mu": 0.9}, step_size=0.2))
    assert trainer.rule is rule and rule.steps == 1
    trainer.configure(**_settings(rule="momentum", hyperparameters={"mu": 0.5}))
    assert trainer.rule is not rule and trainer.rule.settings == {"mu": 0.5}
