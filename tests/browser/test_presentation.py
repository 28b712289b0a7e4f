"""Presentation mode in a real browser: a 1280 x 720 projector, large numbers, the keyboard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers_browser import (
    Opened,
    opened_without_errors,
    readout,
    settled_step,
    step_count,
    wait_for_step,
    wait_until,
)
from playwright.sync_api import expect

from app.state import DemoState

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}

#: The box of each view on screen, and the font sizes of the read-out and of the values of W.
LAYOUT_JS = """() => {
  const inViews = (selector) => [...Bokeh.index.query((v) => v.shadow_el != null)]
    .flatMap((view) => [...view.shadow_el.querySelectorAll(selector)]);
  const box = (el) => { const r = el.getBoundingClientRect();
                        return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
  const readout = inViews('[data-testid="readout"]')[0];
  const value = inViews('input[name="param_0_0"]')[0];
  return {
    plot: box(document.querySelector('section.plot')),
    readout: box(readout),
    grid: box(inViews('table.grid')[0]),
    readoutPx: parseFloat(getComputedStyle(readout).fontSize),
    valuePx: parseFloat(getComputedStyle(value).fontSize),
    sidebarShown: document.querySelector('aside.sidebar').getClientRects().length > 0,
  };
}"""


@pytest.fixture
def presenting(browser, server) -> Iterator[Opened]:
    """A page opened with ``present=1`` on a projector's screen."""
    with opened_without_errors(browser, server, "?present=1", viewport=PROJECTOR) as opened:
        yield opened


def test_the_plot_the_read_out_and_the_grid_fill_a_projector_in_large_type(presenting) -> None:
    layout = presenting.page.evaluate(LAYOUT_JS)
    assert not layout["sidebarShown"]
    assert layout["readoutPx"] >= 28 and layout["valuePx"] >= 22, layout
    for view in ("plot", "readout", "grid"):
        box = layout[view]
        assert box["left"] >= 0 and box["top"] >= 0, (view, box)
        assert box["right"] <= PROJECTOR["width"] and box["bottom"] <= PROJECTOR["height"], view
    plot = layout["plot"]
    assert plot["right"] - plot["left"] >= 450  # the plot takes the room the sidebar left


def test_the_presenters_keys_step_run_reset_and_change_the_step_size(presenting) -> None:
    page = presenting.page
    page.keyboard.press("Space")
    wait_for_step(page, lambda n: n == 1)
    page.keyboard.press("r")
    wait_for_step(page, lambda n: n >= 4)
    page.keyboard.press("r")
    stopped = settled_step(page)
    page.wait_for_timeout(400)
    assert step_count(page) == stopped  # R stopped the run
    page.keyboard.press("z")
    wait_for_step(page, lambda n: n == 0)
    assert readout(page)["total"] == 6.27
    stops = list(DemoState.param["step_size"].stops().values())
    up = stops[stops.index(0.1) + 1]
    page.keyboard.press("ArrowUp")  # the next stop above 0.1, which the link then carries
    wait_until(lambda: f"step_size={up:g}" in page.evaluate("location.search"), message="up")
    page.keyboard.press("ArrowDown")
    wait_until(lambda: "step_size" not in page.evaluate("location.search"), message="back")


def test_question_mark_lists_the_keys_and_p_leaves_presentation(presenting) -> None:
    page = presenting.page
    shortcuts = page.locator("#shortcuts")
    expect(shortcuts).to_be_hidden()
    page.keyboard.press("Shift+?")
    expect(shortcuts).to_be_visible()
    expect(shortcuts).to_contain_text("Single parameter update")
    page.keyboard.press("Escape")
    expect(shortcuts).to_be_hidden()
    page.keyboard.press("p")
    expect(page.locator("aside.sidebar")).to_be_visible()
    assert "present" not in page.evaluate("location.search")
    page.keyboard.press("Space")  # outside presentation mode, Space takes no step
    page.wait_for_timeout(500)
    assert step_count(page) == 0


def test_the_header_button_leaves_presentation(presenting) -> None:
    page = presenting.page
    page.get_by_role("button", name="Leave presentation (P)").click()
    expect(page.locator("aside.sidebar")).to_be_visible()
    expect(page.get_by_role("button", name="Leave presentation (P)")).to_be_hidden()
