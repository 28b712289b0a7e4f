"""The guided lesson: the seed lecture on optimization in eight chapters.

Each chapter sets the demo up, asks one question about what the next step will do, and
judges the student's guess from that step: :attr:`Chapter.outcome` reads the run before the
step (a :class:`Before`) and the trainer after it, and names the right choice. Its words are
the texts ``lesson.<key>.*`` of :mod:`app.catalogue`: ``title``, ``text``, ``question``,
``why``, and one per choice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from demo_core.gradcheck import gradient_check
from demo_core.losses import Batch, LossResult, pack_params, point_gradient_norms
from demo_core.trainer import Trainer

__all__ = ["CHAPTERS", "YES_NO", "Before", "Chapter", "before"]

#: The choices of a yes-or-no question.
YES_NO = ("yes", "no")
#: Below this relative error the two gradients agree (the gradient check's verdict).
AGREE = 1e-6


class Before(NamedTuple):
    """The run just before the step that answers a question.

    Attributes
    ----------
    W : ndarray, shape (K, D)
    b : ndarray, shape (K,)
    result : LossResult
        The loss, scores and gradients at ``(W, b)``.
    """

    W: np.ndarray
    b: np.ndarray
    result: LossResult


def before(trainer: Trainer) -> Before:
    """What :attr:`Chapter.outcome` needs of the run before a step."""
    return Before(trainer.W.copy(), trainer.b.copy(), trainer.result)


def _lower_total(was: Before, trainer: Trainer) -> str:
    """Whether the step lowered the total loss on the whole data set."""
    return "yes" if trainer.result.total_loss < was.result.total_loss else "no"


def _against_the_gradient(was: Before, trainer: Trainer) -> str:
    """Whether every parameter with a gradient moved against its sign."""
    moved = np.concatenate([(trainer.W - was.W).ravel(), trainer.b - was.b])
    slope = np.concatenate([was.result.dW.ravel(), was.result.db])
    pulled = slope != 0
    return "yes" if np.all(np.sign(moved[pulled]) == -np.sign(slope[pulled])) else "no"


def _gradients_agree(was: Before, trainer: Trainer) -> str:
    """Whether the analytic and numerical gradients agree after the step (h = 1e-5)."""
    check = gradient_check(
        trainer.loss, trainer.W, trainer.b, trainer.inputs, trainer.y, trainer.reg
    )
    return "yes" if check.max_error < AGREE else "no"


def _most_moved_class(was: Before, trainer: Trainer) -> str:
    """The class whose row of W and bias moved the most, as ``"class0"``, ``"class1"``..."""
    moved = np.linalg.norm(trainer.W - was.W, axis=1) + np.abs(trainer.b - was.b)
    return f"class{int(np.argmax(moved))}"


def _calm_points_pull(was: Before, trainer: Trainer) -> str:
    """Whether a point with zero loss before the step had a gradient (never under an SVM)."""
    batch = Batch.from_arrays(trainer.inputs, trainer.y, trainer.num_classes, trainer.dim)
    pulls = point_gradient_norms(trainer.loss, pack_params(was.W, was.b), batch)[1]
    return "yes" if np.any(pulls[was.result.per_point == 0] > 0) else "no"


@dataclass(frozen=True)
class Chapter:
    """One chapter of the lesson.

    Attributes
    ----------
    key : str
        Its texts are ``lesson.<key>.*`` in :mod:`app.catalogue`.
    settings : dict
        What it sets on the state, on top of the defaults.
    outcome : callable ``(Before, Trainer) -> str``
        The right choice, from the run before the step and the trainer after it.
    choices : tuple of str
        What the student may answer: :data:`YES_NO`, or the classes.
    lab_tab : int or None
        The tab of the lab that it opens (``app.lab.tabs.TABS``), if any.
    """

    key: str
    settings: dict[str, object]
    outcome: Callable[[Before, Trainer], str]
    choices: tuple[str, ...] = field(default=YES_NO)
    lab_tab: int | None = None


#: The chapters, in the lecture's order.
CHAPTERS: tuple[Chapter, ...] = (
    Chapter("landscape", {}, _lower_total, lab_tab=1),
    Chapter("random", {"strategy": "random"}, _lower_total),
    Chapter("slope", {"strategy": "gradient"}, _against_the_gradient),
    Chapter("gradcheck", {"loss": "softmax"}, _gradients_agree, lab_tab=0),
    Chapter("step_size", {"step_size": 10.0}, _lower_total),
    Chapter(
        "minibatch", {"dataset": "blobs", "n": 60, "batch_size": 2, "step_size": 1.0}, _lower_total
    ),
    Chapter(
        "rules",
        {"rule": "momentum", "step_size": 0.5},
        _most_moved_class,
        ("class0", "class1", "class2"),
    ),
    Chapter("losses", {"loss": "ww"}, _calm_points_pull),
)
