"""Features of the points in a real browser: ticked in the sidebar, drawn, and gone again."""

from __future__ import annotations

import pytest
from helpers_browser import click_button, opened_without_errors, wait_until

pytestmark = pytest.mark.browser

#: How many items the named source of the main plot holds in the browser, and whether the
#: renderer that draws it has a view on the plot; 0 and false before it exists.
DRAWN_JS = """(name) => {
  const source = Bokeh.documents[0].get_model_by_name(name);
  if (source == null) return {items: 0, viewed: false};
  const plot = [...Bokeh.index.query((v) => v.model && v.model.name === 'main_plot')][0];
  const renderer = plot.model.renderers.find((r) => r.data_source === source);
  const column = Object.values(source.data)[0];
  const views = [...Bokeh.index.query((v) => v.model === renderer)];
  return {items: column.length, viewed: views.length === 1};
}"""
#: The number of value boxes in each row of the parameter grid, and the grid's column heads.
GRID_JS = """() => {
  const hosts = [...document.querySelectorAll('*')];
  const host = hosts.find((el) => el.shadowRoot?.querySelector('table.grid'));
  const grid = host.shadowRoot.querySelector('table.grid');
  const count = (tr) => tr.querySelectorAll('input').length;
  const rows = [...grid.querySelectorAll('tbody tr')].map(count);
  return {rows, heads: [...grid.querySelectorAll('thead th')].map((th) => th.textContent)};
}"""
CURVES_JS = """() => {
  const data = Bokeh.documents[0].get_model_by_name('feature_curves').data;
  return JSON.stringify(Array.from(data.x0).slice(0, 50));
}"""
#: The classes of the region polygons' source, as the browser holds it.
POLYGONS_JS = """() => {
  const plot = [...Bokeh.index.query((v) => v.model && v.model.name === 'main_plot')][0];
  const patches = plot.model.renderers.find(
    (r) => r.glyph.type === 'Patches' && !r.data_source.name);
  return patches.data_source.data.xs.length;
}"""


def test_ticking_features_draws_the_grid_image_and_the_curves_and_widens_the_grid(page) -> None:
    assert page.evaluate(DRAWN_JS, "feature_regions")["items"] == 0
    assert page.evaluate(GRID_JS)["rows"] == [3, 3, 3]
    # One at a time: each box shows the server's value once it answers.
    page.get_by_label("x0²", exact=True).check()
    wait_until(lambda: page.evaluate(GRID_JS)["rows"] == [4, 4, 4], message="one more column")
    page.get_by_label("x1²", exact=True).check()
    for name in ("feature_regions", "feature_curves"):
        wait_until(lambda name=name: page.evaluate(DRAWN_JS, name)["items"] > 0, message=name)
        assert page.evaluate(DRAWN_JS, name)["viewed"]
    wait_until(lambda: page.evaluate(GRID_JS)["rows"] == [5, 5, 5], message="a wider grid")
    heads = page.evaluate(GRID_JS)["heads"]
    assert heads == ["W[k,0]x0", "W[k,1]x1", "W[k,2]x0²", "W[k,3]x1²", "b[k]"]
    note = page.locator("p.plot-note")
    wait_until(note.is_visible, message="the note")
    assert "sampled on a grid" in note.inner_text()
    assert page.evaluate(POLYGONS_JS) == 0
    before = page.evaluate(CURVES_JS)
    click_button(page, "Single parameter update")
    wait_until(lambda: page.evaluate(CURVES_JS) != before, message="the curves follow a step")
    page.get_by_label("x0²", exact=True).uncheck()
    wait_until(lambda: page.evaluate(GRID_JS)["rows"] == [4, 4, 4], message="one column less")
    page.get_by_label("x1²", exact=True).uncheck()
    wait_until(lambda: page.evaluate(DRAWN_JS, "feature_regions")["items"] == 0, message="gone")
    wait_until(lambda: page.evaluate(POLYGONS_JS) > 0, message="the polygons back")
    wait_until(lambda: page.evaluate(GRID_JS)["rows"] == [3, 3, 3], message="the plain grid")


def test_a_link_with_features_opens_on_the_curved_plot_and_trains_on_the_circles(
    browser, server
) -> None:
    query = "?dataset=circles&k=2&loss=softmax&step_size=1&features=x0sq,x1sq"
    with opened_without_errors(browser, server, query=query) as opened:
        page = opened.page
        assert page.get_by_label("x0²", exact=True).is_checked()
        assert page.evaluate(DRAWN_JS, "feature_regions")["items"] == 1
        page.get_by_role("button", name="Start repeated update").click()
        wait_until(
            lambda: float(page.locator("[data-slot=accuracy]").inner_text()) >= 0.95,
            timeout=60.0,
            message="the circles separated",
        )
        page.get_by_role("button", name="Stop repeated update").click()
