"""The optimization lab's controls change what one step does."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from app_helpers import make_page, readout_values

from app.page import Page


def params_after_one_step(**settings: object) -> tuple[np.ndarray, np.ndarray]:
    page = make_page()
    page.state.param.update(**settings)
    page.state.step()
    return page.state.trainer.W.copy(), page.state.trainer.b.copy()


def test_each_rule_takes_a_different_first_step() -> None:
    steps = {rule: params_after_one_step(rule=rule) for rule in ("sgd", "adagrad", "adam")}
    W_sgd, W_adagrad, W_adam = (steps[r][0] for r in ("sgd", "adagrad", "adam"))
    assert not np.allclose(W_sgd, W_adagrad) and not np.allclose(W_sgd, W_adam)
    # Adam's first step moves every parameter by about the step size, whatever its gradient.
    moved = np.abs(W_adam - np.array([[1, 2], [2, -4], [3, -1]]))
    assert np.allclose(moved, 0.1, rtol=1e-3)


def test_switching_rule_keeps_the_parameters_and_resets_its_state(page: Page) -> None:
    page.state.rule = "momentum"
    page.state.step()
    W = page.state.trainer.W.copy()
    page.state.rule = "adam"
    assert np.array_equal(page.state.trainer.W, W)
    assert page.state.trainer.rule.steps == 0


def test_only_the_rules_own_hyperparameters_apply(page: Page) -> None:
    page.state.param.update(rule="rmsprop", decay=0.9)
    assert page.state.trainer.rule.settings == {"decay": 0.9}
    assert page.controls.visible("decay")
    assert not page.controls.visible("mu")


def test_a_minibatch_step_uses_and_shows_only_its_batch(page: Page) -> None:
    page.state.batch_size = 2
    page.state.step()
    batch = page.state.trainer.last_batch
    assert batch.size == 2
    X = page.state.trainer.X[batch]
    assert page.main_plot.batch.data == {"x0": X[:, 0].tolist(), "x1": X[:, 1].tolist()}
    assert page.loss_curve.lines["batch_loss"].visible
    page.controls.receive({"set": "batch_size", "value": 9})  # the slider's right end: full batch
    assert page.state.batch_size is None
    page.state.step()
    assert page.main_plot.batch.data["x0"] == []


def test_minibatch_sampling_is_seeded() -> None:
    first, second = make_page(), make_page()
    for page in (first, second):
        page.state.batch_size = 3
        for _ in range(5):
            page.state.step()
    assert np.array_equal(first.state.trainer.W, second.state.trainer.W)


@pytest.mark.parametrize("strategy", ["random", "local"])
def test_blind_searches_never_raise_the_loss_and_report_tries(page: Page, strategy: str) -> None:
    page.state.strategy = strategy
    losses = []
    for _ in range(30):
        page.state.step()
        losses.append(readout_values(page)["Total loss"])
    assert all(b <= a for a, b in itertools.pairwise(losses))
    assert "30 tries" in page.sync.texts["search"]
    assert not page.controls.visible("rule")


def test_reset_restores_every_lab_setting(page: Page) -> None:
    page.state.param.update(strategy="local", rule="adam", beta1=0.5, batch_size=4)
    page.state.reset()
    state = page.state
    assert (state.strategy, state.rule, state.beta1, state.batch_size) == (
        "gradient", "sgd", 0.9, None,
    )  # fmt: skip
    assert type(state.trainer.rule).__name__ == "Vanilla"


@pytest.mark.parametrize("settings", [{"dataset": "xor", "n": 40}, {"loss": "softmax"}, {}])
def test_reset_sets_up_the_problem_once(page: Page, settings: dict) -> None:
    page.state.param.update(**settings)
    before = page.state.data_revision
    page.state.reset()
    assert page.state.data_revision == before + 1
    assert page.state.trainer.num_points == 9 and page.state.dataset == "original"


def test_the_trainer_follows_every_setting_of_the_state(page: Page) -> None:
    state, trainer = page.state, page.state.trainer
    state.param.update(loss="ova", reg=0.5, step_size=0.02, strategy="local", rule="rmsprop",
                       decay=0.9, batch_size=4, search_scale=2.0, search_step=0.3)  # fmt: skip
    assert (trainer.loss, trainer.reg, trainer.step_size, trainer.strategy) == (
        "ova", 0.5, 0.02, "local",
    )  # fmt: skip
    assert trainer.rule.settings == {"decay": 0.9} and trainer.batch_size == 4
    assert (trainer.random_search.scale, trainer.local_search.step_size) == (2.0, 0.3)
    state.batch_size = 9  # all the points: the full batch
    assert state.batch_size is None and trainer.full_batch
