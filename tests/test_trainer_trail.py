"""The trainer's trail: the recent parameters, for the loss landscape's trajectory."""

from __future__ import annotations

import numpy as np
from helpers_core import defaults

from demo_core.trainer import TRAIL_SIZE, Trainer


def _trainer() -> Trainer:
    X, y, W, b = defaults()
    return Trainer(X, y, W, b)


def test_each_step_appends_a_copy_of_the_new_parameters():
    trainer = _trainer()
    assert len(trainer.trail) == 0
    for _ in range(3):
        trainer.step()
    assert len(trainer.trail) == 3
    W, b = trainer.trail[-1]
    assert np.array_equal(W, trainer.W) and np.array_equal(b, trainer.b)
    assert W is not trainer.W and b is not trainer.b
    assert not np.array_equal(trainer.trail[0][0], trainer.trail[-1][0])


def test_the_trail_is_capped_and_keeps_the_newest():
    trainer = _trainer()
    trainer.step_size = 1e-3  # small steps: no divergence over many of them
    for _ in range(TRAIL_SIZE + 5):
        trainer.step()
    assert len(trainer.trail) == TRAIL_SIZE
    assert np.array_equal(trainer.trail[-1][0], trainer.W)


def test_a_failed_step_appends_nothing():
    trainer = _trainer()
    trainer.step_size = 1e4
    assert not trainer.step()
    assert len(trainer.trail) == 0


def test_changes_and_clear_history_empty_the_trail():
    trainer = _trainer()
    for change in (
        lambda t: t.set_params(t.W + 0.1, t.b),
        lambda t: setattr(t, "loss", "softmax"),
        lambda t: t.clear_history(),
    ):
        trainer.step()
        assert trainer.trail
        change(trainer)
        assert len(trainer.trail) == 0
