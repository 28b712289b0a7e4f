"""Values a browser sends that the session refuses: the state keeps its own, the control shows it.

A browser's change reaches the page's controls as a message; here the message is handed to
them the same way, outside a server.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from app.page import Page
from app.server.patches import refusals


@pytest.fixture(autouse=True)
def installed() -> Iterator[None]:
    """The served app installs the refusals for every session."""
    refusals.install()
    yield


def sent(page: Page, name: str, value: object) -> None:
    """A change of the control ``name``, as the browser sends it to the controls."""
    page.controls.receive({"set": name, "value": value})


def refusal_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "refused" in r.getMessage()]


def test_a_number_beyond_its_bounds_is_clamped_with_a_note(page: Page, caplog) -> None:
    sent(page, "n", 10**9)
    values = page.controls.component.values
    assert page.state.n == 10_000 and values["n"] == 10_000
    assert values["data_summary"].startswith("Points N is at most 10000: set to 10000.")
    sent(page, "k", 1)
    assert page.state.k == 2
    assert page.controls.component.values["data_summary"].startswith(
        "Classes K is at least 2: set to 2."
    )
    sent(page, "k", 3)  # the note goes with the next change
    assert page.controls.component.values["data_summary"] == (
        "9 points in 3 classes, from the data set Original."
    )
    assert refusal_lines(caplog) == []


def test_a_number_the_state_refuses_is_taken_back(page: Page, caplog) -> None:
    sent(page, "n", "many")
    assert page.state.n == 90 and page.controls.component.values["n"] == 90
    [line] = refusal_lines(caplog)
    assert line.levelno == logging.WARNING and line.exc_info is None
    assert "'n'" in line.getMessage()
    assert not [r for r in caplog.records if r.exc_info]  # no traceback anywhere


def test_a_choice_that_is_not_offered_is_taken_back(page: Page, caplog) -> None:
    sent(page, "dataset", "evil")
    assert page.state.dataset == "original"
    assert page.controls.component.values["dataset"] == "original"
    assert len(refusal_lines(caplog)) == 1


def test_an_empty_choice_changes_nothing(page: Page) -> None:
    page.state.dataset = "xor"
    sent(page, "dataset", "")
    assert page.state.dataset == "xor" and page.controls.component.values["dataset"] == "xor"


@pytest.mark.parametrize(("value", "shown"), [(0, 9), (-5, 9), (10**6, 9), ("3", 9)])
def test_a_minibatch_size_out_of_range_shows_the_states(
    page: Page, value: object, shown: int
) -> None:
    sent(page, "batch_size", value)
    assert page.state.batch_size is None and page.controls.component.values["batch_size"] == shown


def test_a_slider_value_past_its_end_is_taken_back(page: Page, caplog) -> None:
    sent(page, "step_size", 999)
    assert page.state.step_size == 0.1 and page.controls.component.values["step_size"] == 0.1
    assert not [r for r in caplog.records if r.exc_info]


@pytest.mark.parametrize("message", [{"set": "spec", "value": []}, {"action": "exec"}, {"x": 1}])
def test_what_is_not_a_control_is_refused(page: Page, caplog, message: dict) -> None:
    before = dict(page.controls.component.values)
    page.controls.receive(message)
    assert page.controls.component.values == before
    assert len(refusal_lines(caplog)) <= 1 and not [r for r in caplog.records if r.exc_info]


def test_refusals_are_one_line_per_interval_with_a_count(page: Page, caplog, monkeypatch) -> None:
    for value in ("many", "x", 4.5):
        sent(page, "n", value)
    assert len(refusal_lines(caplog)) == 1
    monkeypatch.setattr(refusals, "LOG_INTERVAL", 0.0)
    sent(page, "n", "y")
    lines = refusal_lines(caplog)
    assert len(lines) == 2 and "(2 more refused before this)" in lines[1].getMessage()


def test_a_browser_cannot_set_a_components_properties(page: Page, caplog) -> None:
    model = page.controls.component.get_root(page.doc)  # as the browser has it
    model.data.values = {"n": 5}
    assert page.controls.component.values["n"] == 90 and model.data.values["n"] == 90
    assert "the server's to set" in refusal_lines(caplog)[0].getMessage()
