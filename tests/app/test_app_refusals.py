"""Values a browser sends that the session refuses: the state keeps its own, the widget shows it.

A browser's change reaches a Panel widget through the widget's Bokeh model; here the model is
set the same way, outside a server, where Panel handles the change at once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from app import refusals
from app.page import Page


@pytest.fixture(autouse=True)
def installed() -> Iterator[None]:
    """The served app installs the refusals for every session."""
    refusals.install()
    yield


def model_of(page: Page, widget):
    """The Bokeh model of a Panel widget of ``page``, as the browser has it."""
    return widget.get_root(page.doc)


def refusal_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "refused" in r.getMessage()]


def test_a_number_the_state_refuses_is_taken_back(page: Page, caplog) -> None:
    model = model_of(page, page.data_controls.n)
    model.value = 10**9
    assert page.state.n == 90 and page.data_controls.n.value == 90 and model.value == 90
    [line] = refusal_lines(caplog)
    assert line.levelno == logging.WARNING and line.exc_info is None
    assert "'Points N'" in line.getMessage() and "at most 10000" in line.getMessage()
    assert not [r for r in caplog.records if r.exc_info]  # no traceback anywhere


def test_a_choice_that_is_not_offered_is_taken_back(page: Page, caplog) -> None:
    model = model_of(page, page.data_controls.dataset)
    model.value = "evil"
    assert page.state.dataset == "original" and model.value == "original"
    assert len(refusal_lines(caplog)) == 1


def test_an_empty_choice_shows_the_states_choice_again(page: Page) -> None:
    model = model_of(page, page.data_controls.dataset)
    page.state.dataset = "xor"
    model.value = ""  # Panel takes it as the first option, and the state refuses nothing
    assert model.value == page.data_controls.dataset.value


@pytest.mark.parametrize(("value", "shown"), [(0, 9), (-5, 9), (10**6, 9)])
def test_a_minibatch_size_out_of_range_shows_the_states(page: Page, value: int, shown: int) -> None:
    model = model_of(page, page.controls.batch_size)
    model.value = value
    assert page.state.batch_size is None and model.value == shown


def test_a_slider_position_past_its_stops_is_taken_back(page: Page, caplog) -> None:
    slider = page.controls.step_size
    model = model_of(page, slider._slider)
    before = model.value
    model.value = 999
    assert page.state.step_size == 0.1 and model.value == before
    assert not [r for r in caplog.records if r.exc_info]


def test_a_widgets_choices_are_not_the_browsers_to_set(page: Page, caplog) -> None:
    model = model_of(page, page.controls.strategy)
    labels = list(model.labels)
    model.labels = ["x"]
    assert model.labels == labels and page.state.strategy == "gradient"
    assert "labels are the server's to set" in refusal_lines(caplog)[0].getMessage()


def test_refusals_are_one_line_per_interval_with_a_count(page: Page, caplog, monkeypatch) -> None:
    model = model_of(page, page.data_controls.n)
    for value in (10**9, 0, -1):
        model.value = value
    assert len(refusal_lines(caplog)) == 1
    monkeypatch.setattr(refusals, "LOG_INTERVAL", 0.0)
    model.value = 1
    lines = refusal_lines(caplog)
    assert len(lines) == 2 and "(2 more refused before this)" in lines[1].getMessage()
