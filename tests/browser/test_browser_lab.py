"""The optimization lab in a real browser: Adam, the gradient check, the landscape, the race."""

from __future__ import annotations

import pytest
from helpers_browser import click_button, readout, settled_step, wait_for_step, wait_until
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

#: The number of values in a named ColumnDataSource's column, or -1 if there is none yet.
COLUMN_LENGTH_JS = """([name, column]) => {
  const source = Bokeh.documents[0].get_model_by_name(name);
  const values = source == null ? null : source.data[column];
  return values == null ? -1 : values.length;
}"""
#: The on-screen size of the view of a named model, [width, height], or null.
VIEW_SIZE_JS = """(name) => {
  const views = [...Bokeh.index.query((v) => v.model && v.model.name === name)];
  if (!views.length) return null;
  const box = views[0].el.getBoundingClientRect();
  return [box.width, box.height];
}"""
#: The values of a named ColumnDataSource's column, as a plain list.
SOURCE_VALUES_JS = """([name, column]) => {
  return Array.from(Bokeh.documents[0].get_model_by_name(name).data[column]);
}"""
LOSS_CURVE_TOTALS_JS = """() => {
  const curve = Bokeh.documents[0].get_model_by_name('loss_curve');
  return Array.from(curve.renderers[0].data_source.data['total_loss']);
}"""


def column_length(page, name: str, column: str) -> int:
    """How many values the browser holds in column ``column`` of the source ``name``."""
    return page.evaluate(COLUMN_LENGTH_JS, [name, column])


def open_tab(page, title: str) -> None:
    """Show the lab's tab ``title``, opening the lab first if it is closed."""
    opener = page.get_by_role("button", name="Open the optimization lab")
    if opener.count():
        opener.click()
    page.get_by_role("tab", name=title).click()


def test_adam_runs_and_the_total_loss_falls(page):
    page.get_by_label("Update rule", exact=True).select_option(label="Adam")
    click_button(page, "Start repeated update")
    wait_for_step(page, lambda n: n >= 15, timeout=10.0)
    click_button(page, "Stop repeated update", busy=True)
    settled_step(page)
    totals = page.evaluate(LOSS_CURVE_TOTALS_JS)
    assert len(totals) >= 15
    assert totals[-1] < totals[0] < 6.27
    assert readout(page)["total"] < 6.0


def test_the_gradient_check_passes_on_demand_and_fails_with_the_original_gradient(page):
    open_tab(page, "Gradient check")
    click_button(page, "Single parameter update")
    wait_for_step(page, lambda n: n == 1)
    context = page.locator("text=/Checked at step/").first
    expect(context).to_contain_text("press Check now")
    click_button(page, "Check now")
    expect(context).to_contain_text("Checked at step 1")
    verdict = page.locator("text=/the check/").first
    expect(verdict).to_contain_text("passes the check")
    expect(page.locator("text=✓ pass")).to_have_count(9)
    page.get_by_label("Use the original demo's regularization gradient", exact=False).check()
    expect(verdict).to_contain_text("fails the check")


def test_the_landscape_renders_its_image_and_the_trajectory(page):
    open_tab(page, "Loss landscape")
    size = wait_until(lambda: page.evaluate(VIEW_SIZE_JS, "landscape"), message="landscape")
    assert size[0] > 300 and size[1] > 300
    assert column_length(page, "landscape_image", "image") == 1
    button = page.get_by_role("button", name="Single parameter update", exact=True)
    for _ in range(3):
        button.click()
    wait_for_step(page, lambda n: n == 3)
    # The map follows the steps at most twice a second, but never misses the last one.
    wait_until(lambda: column_length(page, "landscape_path", "x") >= 3, message="trajectory")
    expect(page.locator("text=/path over the last steps/")).to_be_visible()


def test_the_race_runs_and_stops(page):
    open_tab(page, "Optimizer race")
    click_button(page, "Start race")
    expect(page.get_by_role("button", name="Stop race", exact=True)).to_be_visible()
    for rule in ("sgd", "momentum", "adam"):
        wait_until(
            lambda rule=rule: column_length(page, f"race_{rule}", "loss") >= 10, message=rule
        )
    click_button(page, "Stop race", busy=True)
    expect(page.get_by_role("button", name="Start race", exact=True)).to_be_visible()
    expect(page.locator("text=/Lowest loss now/")).to_be_visible()
    stopped = column_length(page, "race_sgd", "loss")
    page.wait_for_timeout(600)
    assert column_length(page, "race_sgd", "loss") <= stopped + 1


def test_the_slices_draw_in_the_landscape_tab_and_new_directions_redraw_them(page):
    open_tab(page, "Loss landscape")
    for name in ("slice_line_plot", "slice_plane", "slice_descent_plot"):
        size = wait_until(lambda name=name: page.evaluate(VIEW_SIZE_JS, name), message=name)
        assert size[0] > 250 and size[1] > 200, name
    assert column_length(page, "slice_line", "loss") == 201
    assert column_length(page, "slice_plane_image", "image") == 1
    assert column_length(page, "slice_descent", "loss") == 201
    assert column_length(page, "slice_next_step", "t") == 1
    assert column_length(page, "slice_kinks", "a") > 0
    first = page.evaluate(SOURCE_VALUES_JS, ["slice_line", "loss"])
    click_button(page, "New random directions")
    wait_until(
        lambda: page.evaluate(SOURCE_VALUES_JS, ["slice_line", "loss"]) != first,
        message="new directions",
    )
    expect(page.locator("text=/Each slice moves all 9 numbers/")).to_be_visible()


def test_the_preset_races_random_search_against_the_slope(page):
    open_tab(page, "Optimizer race")
    expect(page.locator("text=/The same budget for everyone/")).to_be_visible()
    page.get_by_label("Race on", exact=True).select_option(
        label="Preset: Random search vs following the slope (6 classes)"
    )
    expect(page.locator("text=/18 numbers/")).to_be_visible()
    click_button(page, "Start race")
    for rule in ("sgd", "momentum", "random", "local"):
        wait_until(
            lambda rule=rule: column_length(page, f"race_{rule}", "loss") >= 10, message=rule
        )
    click_button(page, "Stop race", busy=True)
    expect(page.locator("text=/Random search: best .* tries/")).to_be_visible()
    expect(page.locator("text=/Loss evaluations so far/")).to_be_visible()
