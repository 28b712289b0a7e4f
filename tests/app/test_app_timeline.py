"""The timeline in the page: the slider's messages rewind the run, and a branch runs on."""

from __future__ import annotations

import json

from app_helpers import parameter_values, readout_values

from app.page import Page
from app.views.loss_curve import TIMELINE_TEXT


def _timeline(page: Page) -> dict[str, int]:
    page.render()
    return json.loads(page.sync.texts[TIMELINE_TEXT])


def _steps(page: Page, count: int) -> list[tuple[list, dict]]:
    """Take ``count`` single steps; the parameters and read-out shown after each."""
    seen = []
    for _ in range(count):
        page.controls.receive({"action": "single"})
        page.render()
        seen.append((parameter_values(page), readout_values(page)))
    return seen


def test_the_timeline_is_empty_until_a_step(page: Page) -> None:
    assert _timeline(page) == {}
    _steps(page, 1)
    assert _timeline(page) == {"first": 0, "last": 1, "shown": 1}


def test_the_slider_shows_an_earlier_step_and_the_curve_marks_it(page: Page) -> None:
    seen = _steps(page, 8)
    page.state.running = True
    page.controls.receive({"rewind": 3})
    page.render()
    assert not page.state.running  # looking back stops the run
    assert parameter_values(page) == seen[2][0]
    assert readout_values(page) == seen[2][1]
    assert _timeline(page) == {"first": 0, "last": 8, "shown": 3}
    marker = page.loss_curve.shown_step
    assert marker.visible and marker.location == 3
    page.controls.receive({"rewind": 8})  # and forward again
    page.render()
    assert parameter_values(page) == seen[7][0] and not marker.visible


def test_continue_from_here_branches_the_run(page: Page) -> None:
    _steps(page, 8)
    page.controls.receive({"rewind": 2})
    page.controls.receive({"action": "continue"})
    assert page.state.running
    page.state.running = False
    page.controls.receive({"action": "single"})
    assert [record.step for record in page.state.trainer.history] == [1, 2, 3]
    assert _timeline(page) == {"first": 0, "last": 3, "shown": 3}
    assert len(page.loss_curve.source.data["step"]) == 3  # the curve starts over with the branch


def test_a_rewind_it_cannot_take_is_refused_and_changes_nothing(page: Page) -> None:
    seen = _steps(page, 4)
    for step in (9, -1, "2", 2.0, True, None):
        page.controls.receive({"rewind": step})
        page.render()
        assert parameter_values(page) == seen[-1][0]
        assert _timeline(page)["shown"] == 4
