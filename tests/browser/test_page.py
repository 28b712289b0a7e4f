"""The page in a real browser: first view, single updates, the loss choice, sliders, buttons."""

from __future__ import annotations

import pytest
from helpers_browser import (
    click_button,
    expect_readout,
    parameters,
    press_on_slider,
    readout,
    readout_text,
    step_count,
    wait_for_change,
    wait_for_step,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

#: The loss labels of the radio group and the data loss each gives at the defaults.
DEFAULT_DATA_LOSS = {
    "Weston Watkins 1999": "2.77",
    "One vs. All": "4.02",
    "Structured SVM": "2.37",
    "Softmax": "1.84",
}
LOSS_CURVE_POINTS_JS = (
    "() => Bokeh.documents[0].get_model_by_name('loss_curve')"
    ".renderers[0].data_source.data['step'].length"
)


def test_page_load_shows_the_defaults(app, server):
    page = app.page
    assert page.title() == "Linear Classification Loss Visualization"
    expect_readout(page, "Total loss: 6.27")
    shown = readout(page)
    assert shown == {"data": 2.77, "reg": 3.5, "total": 6.27, "accuracy": 0.22, "step": 0}
    expect(page.locator("table.data tbody tr")).to_have_count(9)
    assert app.errors == []
    assert server.problems() == []


def test_single_update_lowers_the_loss_one_step_per_click(page):
    button = page.get_by_role("button", name="Single parameter update", exact=True)
    button.click()
    wait_for_step(page, lambda n: n == 1)
    assert readout(page)["total"] < 6.27
    for _ in range(9):
        button.click()
    wait_for_step(page, lambda n: n >= 10)
    page.wait_for_timeout(300)  # a stray eleventh step would show by now
    assert step_count(page) == 10
    assert page.evaluate(LOSS_CURVE_POINTS_JS) == 10


def test_each_loss_shows_its_own_data_loss(page):
    for label in ["Softmax", "One vs. All", "Structured SVM", "Weston Watkins 1999"]:
        page.get_by_label(label, exact=True).check()
        expect_readout(page, f"Total data loss: {DEFAULT_DATA_LOSS[label]}")
        assert readout(page)["reg"] == 3.5, label


def test_regularization_slider_changes_the_regularization_loss(page):
    label = "L2 regularization strength"
    press_on_slider(page, label, "ArrowRight")
    assert wait_for_change(lambda: readout(page)["reg"], 3.5) > 3.5
    press_on_slider(page, label, "Home")
    expect_readout(page, "Regularization loss: 0.00")
    assert readout(page)["total"] == readout(page)["data"] == 2.77


def test_randomize_then_reset(page):
    before = parameters(page)
    click_button(page, "Randomize parameters")
    values = wait_for_change(lambda: parameters(page), before, message="Randomize")
    flat = [v for row in values for v in row]
    assert len(flat) == 9
    # Drawn from [-0.5, 0.5) and shown with 2 decimals: 0.498 shows as 0.50.
    assert all(-0.5 <= v <= 0.5 for v in flat), values
    assert readout_text(page).count("Total loss: 6.27") == 0
    click_button(page, "Reset")
    expect_readout(page, "Total loss: 6.27")
    assert parameters(page) == before == [[1, 2, 0], [2, -4, 0.5], [3, -1, -0.5]]
