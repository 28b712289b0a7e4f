"""The test set in a real browser: the slider holds points out, and the page shows them apart."""

from __future__ import annotations

import pytest
from helpers_browser import click_button, press_on_slider, readout, wait_until

from app.catalogue import say

pytestmark = pytest.mark.browser

#: How many hollow markers the main plot's held-out points renderer draws and shows.
HOLLOW_JS = """() => {
  const source = Bokeh.documents[0].get_model_by_name('held_out_points');
  if (source == null) return -1;  // not built: no point was ever held out
  const plot = [...Bokeh.index.query((v) => v.model && v.model.name === 'main_plot')][0];
  const renderer = plot.model.renderers.find((r) => r.data_source === source);
  const viewed = [...Bokeh.index.query((v) => v.model === renderer)].length === 1;
  return viewed && renderer.visible ? renderer.data_source.data.x0.length : -2;
}"""


def test_the_slider_holds_points_out_and_the_page_shows_them_apart(page) -> None:
    page.get_by_label(say("en", "control.dataset"), exact=True).select_option(
        label=say("en", "dataset.blobs")
    )
    wait_until(lambda: page.evaluate(HOLLOW_JS) == -1, message="no held-out markers yet")
    test_line = page.get_by_test_id("test-readout")
    assert test_line.inner_text() == "" and not test_line.is_visible()
    label = say("en", "control.holdout")
    # One key, one message: keys pressed faster than the server answers may snap back.
    press_on_slider(page, label, "End")  # 50 % of 90 points
    wait_until(lambda: page.evaluate(HOLLOW_JS) == 45, message="45 hollow markers drawn")
    assert test_line.is_visible()
    assert test_line.inner_text().startswith("Test set (45 points never trained on)")
    assert page.get_by_text("45 of 90 points are held out, drawn hollow").is_visible()
    legend = page.get_by_label(say("en", "curve.test_loss"), exact=True)
    assert legend.is_visible() and legend.is_checked()
    click_button(page, "Single parameter update")
    wait_until(lambda: readout(page)["step"] == 1, message="a step")
    assert "(test)" in page.locator("table").last.inner_text()


def test_the_example_of_what_lambda_is_for_says_what_to_try(page) -> None:
    click_button(page, say("en", "control.overfitting_example"))
    advice = page.get_by_text(say("en", "status.overfitting_example"))
    wait_until(advice.is_visible, message="the example's advice")
    wait_until(lambda: page.evaluate(HOLLOW_JS) == 15, message="15 hollow markers")
