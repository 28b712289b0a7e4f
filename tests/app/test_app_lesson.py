"""The guided lesson: each chapter's set-up, its question, and the verdict of the next step."""

from __future__ import annotations

import numpy as np
import pytest
from app_helpers import make_page

from app.catalogue import say
from app.lesson.chapters import CHAPTERS
from app.link import apply_query
from app.page import Page


def _answer_and_step(page: Page, answer: str) -> str:
    """Answer the chapter shown, take the step from the panel, and return the verdict."""
    lesson = page.lesson
    lesson.receive({"answer": answer})
    assert lesson.component.waiting
    lesson.receive({"step": True})
    assert not lesson.component.waiting
    return lesson.component.verdict


#: The right answer of each chapter at its set-up, on the original data at the defaults.
RIGHT = {1: "yes", 3: "yes", 4: "yes", 5: "no", 8: "no"}


@pytest.mark.parametrize(("chapter", "truth"), RIGHT.items())
def test_each_chapter_judges_its_first_step(chapter: int, truth: str) -> None:
    page = make_page()
    page.state.lesson = chapter
    lie = "no" if truth == "yes" else "yes"
    verdict = _answer_and_step(page, lie)
    assert verdict.startswith("Not this time: the answer is “" + say("en", f"lesson.{truth}"))
    assert not page.lesson.component.right
    page.state.lesson = chapter  # again, from the same set-up
    page.lesson._open()
    assert _answer_and_step(page, truth).startswith("Right!")
    assert page.lesson.component.right


@pytest.mark.parametrize("chapter", [2, 6])
def test_a_chance_chapter_judges_by_what_the_step_did(chapter: int) -> None:
    """Random search and minibatches may or may not lower the loss: the verdict says which."""
    page = make_page()
    page.state.lesson = chapter
    loss = page.state.trainer.result.total_loss
    verdict = _answer_and_step(page, "yes")
    lowered = page.state.trainer.result.total_loss < loss
    assert verdict.startswith("Right!") == lowered


def test_the_rules_chapter_names_the_class_that_moved_most(page: Page) -> None:
    page.state.lesson = 7
    W, b = page.state.trainer.W.copy(), page.state.trainer.b.copy()
    verdict = _answer_and_step(page, "class0")
    trainer = page.state.trainer
    moved = np.linalg.norm(trainer.W - W, axis=1) + np.abs(trainer.b - b)
    most = int(np.argmax(moved))
    if most == 0:
        assert verdict.startswith("Right!")
    else:
        assert verdict.startswith(f"Not this time: the answer is “{say('en', 'class', k=most)}”")


def test_a_link_opens_a_chapter_set_up_and_reset_keeps_it(page: Page) -> None:
    assert apply_query(page.state, {"lesson": [b"5"]}) == []
    assert page.state.step_size == 10.0
    assert page.lesson.component.chapter == 5
    assert page.lesson.component.texts["title"] == say("en", "lesson.step_size.title")
    page.state.reset()
    assert page.state.lesson == 5


def test_the_panel_moves_between_chapters_and_closes(page: Page) -> None:
    page.lesson.receive({"go": 1})
    page.lesson.receive({"go": 2})
    assert page.state.lesson == 2 and page.state.strategy == "random"
    assert page.lesson.component.texts["progress"] == "Chapter 2 of 8"
    page.lesson.receive({"go": 0})
    assert page.state.lesson == 0 and page.lesson.component.chapter == 0


def test_anything_else_from_the_browser_is_ignored(page: Page) -> None:
    page.state.lesson = 1
    for message in ({"go": 9}, {"go": -1}, {"go": True}, {"answer": "maybe"}, {"step": True},
                    {"answer": ["yes"]}, "yes", None, {"step": 1}):  # fmt: skip
        page.lesson.receive(message)
    assert page.state.lesson == 1 and page.state.trainer.steps == 0
    assert page.lesson.component.answer == "" and not page.lesson.component.waiting


def test_a_change_that_is_not_a_step_keeps_the_question_open(page: Page) -> None:
    page.state.lesson = 1
    page.lesson.receive({"answer": "yes"})
    page.state.move_point(0, 0.2, 0.2)
    assert page.lesson.component.waiting
    page.lesson.receive({"step": True})
    assert page.lesson.component.verdict.startswith(("Right!", "Not this time"))


def test_every_chapter_has_its_words_in_both_languages() -> None:
    for chapter in CHAPTERS:
        for part in ("title", "text", "question", "why"):
            english, korean = (
                say("en", f"lesson.{chapter.key}.{part}"),
                say("ko", f"lesson.{chapter.key}.{part}"),
            )
            assert english and korean and english != korean


def test_a_chapter_that_uses_the_lab_opens_it_at_its_tab(page: Page) -> None:
    page.state.lesson = 4
    assert page.lab.root.objects == [page.lab.tabs] and page.lab.tabs.active == 0
    page.state.lesson = 1
    assert page.lab.tabs.active == 1
