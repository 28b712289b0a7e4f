"""The guided lesson's panel: a chapter's set-up, its question, and the verdict of a step.

:class:`Lesson` follows the state's :attr:`~app.state.DemoState.lesson`, the chapter shown
(0: none; a link's ``lesson=N`` opens chapter N). Opening a chapter resets the demo and
applies the chapter's settings. The student picks an answer; the next step of the run
answers it, and the panel says whether the guess was right, and why.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import param

from app.component import Component, browser_module
from app.display import number_text
from app.lesson.chapters import CHAPTERS, Before, Chapter, before
from app.state import DemoState
from demo_core.trainer import DIVERGED

__all__ = ["Lesson", "LessonComponent"]

_CSS = Path(__file__).with_name("lesson.css").read_text(encoding="utf-8")


class LessonComponent(Component):
    """The browser side of the lesson: see ``lesson.js``."""

    chapter = param.Integer(default=0, doc="The chapter shown, from 1; 0: only the open button.")
    count = param.Integer(default=len(CHAPTERS), doc="How many chapters there are.")
    texts = param.Dict(default={}, doc="The chapter's words and the panel's labels.")
    choices = param.List(default=[], doc="The possible answers: [key, label] pairs.")
    answer = param.String(default="", doc="The student's answer, a key of the choices.")
    verdict = param.String(default="", doc="Whether the guess was right, and why.")
    right = param.Boolean(default=False, doc="Whether the verdict says right.")
    waiting = param.Boolean(default=False, doc="Whether an answer waits for its step.")

    _esm = browser_module(Path(__file__).with_name("lesson.js"))
    _stylesheets = [_CSS]  # noqa: RUF012 - Panel's class attribute


class Lesson:
    """The lesson of one page, on its state.

    Parameters
    ----------
    state : DemoState
        The session's state: the lesson sets it up, and judges the student's guesses by it.
    show_lab_tab : callable, optional
        Opens the lab at a tab, for a chapter that uses one.
    """

    def __init__(self, state: DemoState, show_lab_tab: Callable[[int], None] | None = None) -> None:
        self.state = state
        self._show_lab_tab = show_lab_tab
        self._before: Before | None = None  # the run when the student answered
        self._answered_at = 0  # the step count then
        self.component = LessonComponent(
            self.receive, name="lesson", sizing_mode="stretch_width", texts=self._labels()
        )
        state.param.watch(lambda *_events: self._open(), "lesson")
        state.param.watch(lambda *_events: self._judge(), "model_revision")

    @property
    def chapter(self) -> Chapter | None:
        """The chapter shown, or None."""
        return CHAPTERS[self.state.lesson - 1] if self.state.lesson else None

    def _labels(self) -> dict[str, str]:
        say, n = self.state.say, self.state.lesson
        labels = {key: say(f"lesson.{key}") for key in ("open", "back", "next", "close")}
        labels["step"] = say("control.single")
        labels["progress"] = say("lesson.progress", n=n, count=len(CHAPTERS))
        if self.chapter is not None:
            key = self.chapter.key
            labels.update(
                {part: say(f"lesson.{key}.{part}") for part in ("title", "text", "question")}
            )
        return labels

    def _choice_label(self, choice: str) -> str:
        if choice.startswith("class"):
            return self.state.say("class", k=int(choice[len("class") :]))
        return self.state.say(f"lesson.{choice}")

    def _open(self) -> None:
        """Show the chapter of the state, set up on a fresh demo."""
        self._before = None
        chapter = self.chapter
        if chapter is not None:
            self.state.reset()
            self.state.param.update(**chapter.settings)
            if chapter.lab_tab is not None and self._show_lab_tab is not None:
                self._show_lab_tab(chapter.lab_tab)
        choices = [] if chapter is None else [[c, self._choice_label(c)] for c in chapter.choices]
        self.component.param.update(
            chapter=self.state.lesson, texts=self._labels(), choices=choices, answer="",
            verdict="", right=False, waiting=False,
        )  # fmt: skip

    def receive(self, data: object) -> None:
        """Apply a message of the browser; anything else is ignored.

        Messages: ``{"answer": key}``, ``{"step": true}`` (the step that answers it) and
        ``{"go": chapter}`` (0 closes).
        """
        if not isinstance(data, dict):
            return
        if data.get("step") is True and self.component.waiting:
            self.state.step()
            return
        go = data.get("go")
        if isinstance(go, int) and not isinstance(go, bool) and 0 <= go <= len(CHAPTERS):
            self.state.lesson = go
            return
        answer, chapter = data.get("answer"), self.chapter
        if chapter is not None and answer in chapter.choices:
            self._before = before(self.state.trainer)
            self._answered_at = self.state.trainer.steps
            press = self.state.say("lesson.press", answer=self._choice_label(answer))
            self.component.param.update(answer=answer, verdict=press, right=False, waiting=True)

    def _judge(self) -> None:
        """After the step that follows an answer, say whether it was right."""
        chapter, trainer = self.chapter, self.state.trainer
        if chapter is None or self._before is None:
            return
        stepped = trainer.steps == self._answered_at + 1 or trainer.status == DIVERGED
        if not stepped:  # another change: the question starts from here now
            self._before = before(trainer)
            self._answered_at = trainer.steps
            return
        was, self._before = self._before, None
        truth = chapter.outcome(was, trainer)
        say = self.state.say
        why = say(f"lesson.{chapter.key}.why")
        right = truth == self.component.answer
        if right:
            verdict = say("lesson.right", why=why)
        else:
            verdict = say("lesson.wrong", answer=self._choice_label(truth), why=why)
        change = say(
            "lesson.change",
            before=number_text(was.result.total_loss),
            after=number_text(trainer.result.total_loss),
        )
        self.component.param.update(verdict=f"{verdict} {change}", right=right, waiting=False)
