"""The trainer's timeline: back to any recent step, forward again, and a branch from there."""

from __future__ import annotations

import numpy as np
import pytest
from helpers_core import defaults

from demo_core.trainer import Trainer


def _run(steps: int, rule: str = "momentum", **settings: object) -> tuple[Trainer, list]:
    """A trainer on the original data after ``steps`` steps, and (W, b) after each (0: start)."""
    X, y, W, b = defaults()
    trainer = Trainer(X, y, W, b, rule=rule, step_size=0.3, **settings)
    seen = [(trainer.W.copy(), trainer.b.copy())]
    for _ in range(steps):
        assert trainer.step()
        seen.append((trainer.W.copy(), trainer.b.copy()))
    return trainer, seen


@pytest.mark.parametrize("step", [0, 1, 10, 29, 30])
def test_rewind_shows_the_parameters_and_losses_of_that_step(step: int) -> None:
    trainer, seen = _run(30)
    trainer.rewind(step)
    np.testing.assert_array_equal(trainer.W, seen[step][0])
    np.testing.assert_array_equal(trainer.b, seen[step][1])
    assert trainer.steps == step
    if step:
        assert trainer.result.total_loss == pytest.approx(trainer.history[step - 1].total_loss)
    assert len(trainer.history) == 30  # nothing is forgotten by looking back


def test_rewind_goes_forward_again_until_a_step_branches() -> None:
    trainer, seen = _run(30)
    trainer.rewind(5)
    trainer.rewind(25)
    np.testing.assert_array_equal(trainer.W, seen[25][0])
    trainer.rewind(10)
    assert trainer.step()
    assert [record.step for record in trainer.history] == list(range(1, 12))
    assert [step for step, _ in trainer.timeline] == list(range(0, 12))
    with pytest.raises(ValueError, match="holds steps 0 to 11"):
        trainer.rewind(25)  # the other branch is gone


def test_a_branch_starts_the_update_rule_afresh() -> None:
    """After a rewind, the next step is that of a new run from there: no momentum carried."""
    trainer, seen = _run(30)
    trainer.rewind(10)
    trainer.step()
    X, y, _, _ = defaults()
    fresh = Trainer(X, y, *seen[10], rule="momentum", step_size=0.3)
    fresh.step()
    np.testing.assert_allclose(trainer.W, fresh.W)
    np.testing.assert_allclose(trainer.b, fresh.b)


def test_a_step_outside_the_timeline_is_refused_and_changes_nothing() -> None:
    trainer, seen = _run(3)
    with pytest.raises(ValueError, match="step 7 is not in the timeline, which holds steps 0 to 3"):
        trainer.rewind(7)
    np.testing.assert_array_equal(trainer.W, seen[3][0])
    assert trainer.steps == 3


def test_the_timeline_keeps_as_many_steps_as_the_history() -> None:
    trainer, seen = _run(120, history_size=50)
    assert [step for step, _ in trainer.timeline] == list(range(70, 121))
    trainer.rewind(70)
    np.testing.assert_array_equal(trainer.W, seen[70][0])


def test_new_data_and_parameters_start_a_new_timeline() -> None:
    trainer, _ = _run(5)
    X, y, W, b = defaults()
    trainer.set_problem(X, y[::-1].copy(), W, b)
    assert not trainer.timeline
    with pytest.raises(ValueError, match="holds steps none"):
        trainer.rewind(0)
