"""The zones, halos and next-step lines in a real browser: drawn while on, gone when off."""

from __future__ import annotations

import pytest
from helpers_browser import click_button, wait_until

from app.catalogue import say

pytestmark = pytest.mark.browser

#: For each named source of the main plot: how many items it holds in the browser, and
#: whether the renderer that draws it is visible and has a view on the plot; nothing before
#: it is first turned on.
DRAWN_JS = """(name) => {
  const doc = Bokeh.documents[0];
  const source = doc.get_model_by_name(name);
  if (source == null) return {items: 0, visible: false, viewed: false};  // not drawn yet
  const plot = [...Bokeh.index.query((v) => v.model && v.model.name === 'main_plot')][0];
  const renderer = plot.model.renderers.find((r) => r.data_source === source);
  const column = Object.values(source.data)[0];
  return {items: column.length, visible: renderer.visible,
          viewed: [...Bokeh.index.query((v) => v.model === renderer)].length === 1};
}"""
GHOSTS_JS = """() => {
  const data = Bokeh.documents[0].get_model_by_name('ghost_lines').data;
  return JSON.stringify(['x0', 'y0', 'x1', 'y1'].map((c) => Array.from(data[c])));
}"""
SOURCES = {"show_zones": "zones", "show_shares": "halos", "show_next_step": "ghost_lines"}


def drawn(page, name: str) -> dict:
    """What the browser holds and shows of the source ``name``."""
    return page.evaluate(DRAWN_JS, name)


def toggle(page, setting: str, on: bool) -> None:
    box = page.get_by_label(say("en", f"control.{setting}"), exact=True)
    box.check() if on else box.uncheck()


@pytest.mark.parametrize("loss", ["Weston Watkins 1999", "One vs. All", "Softmax"])
def test_each_toggle_draws_on_the_plot_and_is_gone_when_off(page, loss) -> None:
    page.get_by_label(loss, exact=True).check()
    for setting, name in SOURCES.items():
        assert drawn(page, name)["items"] == 0
        toggle(page, setting, True)
        wait_until(lambda name=name: drawn(page, name)["items"] > 0, message=f"{name} drawn")
        assert drawn(page, name)["visible"] and drawn(page, name)["viewed"]
    note = page.locator("p.plot-note")
    assert note.is_visible()
    expected = "Softmax has no safe zone" if loss == "Softmax" else "safe zone, where"
    assert expected in note.inner_text()
    before = page.evaluate(GHOSTS_JS)
    click_button(page, "Single parameter update")
    wait_until(
        lambda: page.evaluate(GHOSTS_JS) != before, message="the ghost lines follow the step"
    )
    for setting, name in SOURCES.items():
        toggle(page, setting, False)
        wait_until(lambda name=name: drawn(page, name)["items"] == 0, message=f"{name} gone")
    wait_until(lambda: not note.is_visible(), message="the note gone")
