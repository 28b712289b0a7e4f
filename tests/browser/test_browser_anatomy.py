"""A point picked by mouse or keyboard shows its anatomy, the table's L_i, and its pull."""

from __future__ import annotations

import re

import pytest
from helpers_browser import POINT_TO_PAGE_JS, open_page, table_row, wait_until

from app.catalogue import say
from demo_core.losses import LOSSES

pytestmark = pytest.mark.browser

HANGUL = re.compile("[\uac00-\ud7a3]")
#: The Latin words a Korean anatomy may show: the formulas' names and symbols.
SYMBOLS = {"max", "log", "OVA", "Softmax", "SVM", *"LWbestijkpy"}

#: How many pull arrows the plot draws, and whether their renderer is visible; none before a
#: point is first examined.
PULL_ARROWS_JS = """() => {
  const source = Bokeh.documents[0].get_model_by_name('pull_arrows');
  if (source == null) return [0, false];  // drawn from the first point examined
  const arrow = [...Bokeh.documents[0].all_models].find((m) => m.source === source);
  return [source.data.x0.length, arrow.visible];
}"""


def anatomy_sum(page) -> str:
    """The sum the panel shows, e.g. ``5.00 + 1.80 = 6.80``."""
    return page.locator(".anatomy .sum .total").inner_text()


def table_loss(page, index: int) -> str:
    """The loss L that the data table shows in row ``index`` (its cell ends with ✗ or ✓)."""
    return table_row(page, index).split()[-2]


def test_clicking_a_point_shows_its_anatomy_with_the_table_s_loss_and_its_pull(page) -> None:
    assert "Click a point" in page.locator(".anatomy .which").inner_text()
    assert page.evaluate(PULL_ARROWS_JS)[0] == 0
    x, y = page.evaluate(POINT_TO_PAGE_JS, [-0.3, 0.7])  # point 5 (row 4), class 1
    page.mouse.click(x, y)
    page.locator(".anatomy .sum .total").wait_for()
    assert page.locator(".anatomy .which").inner_text().startswith("Point 5, class")
    assert anatomy_sum(page) == "5.00 + 1.80 = 6.80"
    assert anatomy_sum(page).split(" = ")[-1] == table_loss(page, 4)
    count, visible = wait_until(lambda: page.evaluate(PULL_ARROWS_JS), message="pull arrows")
    assert count > 0 and visible
    assert page.locator(".anatomy .bars .row").count() == 3
    assert not page.get_by_text("this point pulls no line").is_visible()


def test_the_keyboard_picks_a_point_and_the_next_one(page) -> None:
    box = page.get_by_role("spinbutton", name="Point")
    box.focus()
    page.keyboard.type("3")
    page.keyboard.press("Enter")
    wait_until(lambda: page.locator(".anatomy .which").inner_text().startswith("Point 3,"),
               message="point 3")  # fmt: skip
    assert anatomy_sum(page).split(" = ")[-1] == table_loss(page, 2) == "0.00"
    assert page.get_by_text("this point pulls no line").is_visible()
    page.keyboard.press("Tab")  # from the box to "previous point", then "next point"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    wait_until(lambda: page.locator(".anatomy .which").inner_text().startswith("Point 4,"),
               message="point 4")  # fmt: skip
    assert anatomy_sum(page).split(" = ")[-1] == table_loss(page, 3)
    page.get_by_role("button", name="Clear").press("Enter")
    wait_until(lambda: "Click a point" in page.locator(".anatomy .which").inner_text(),
               message="no point")  # fmt: skip
    wait_until(lambda: page.evaluate(PULL_ARROWS_JS)[0] == 0, message="no pull arrows")


def test_the_anatomy_follows_a_step_under_softmax(page) -> None:
    page.get_by_role("radio", name="Softmax").check()
    x, y = page.evaluate(POINT_TO_PAGE_JS, [0.5, 0.4])  # point 1 (row 0)
    page.mouse.click(x, y)
    wait_until(lambda: "-log p_y" in page.locator(".anatomy .sum").inner_text(), message="softmax")
    before = anatomy_sum(page)
    page.get_by_role("button", name="Single parameter update").click()
    after = wait_until(lambda: anatomy_sum(page) != before and anatomy_sum(page),
                       message="the anatomy after a step")  # fmt: skip
    wait_until(lambda: after.split(" = ")[-1] == table_loss(page, 0), message="table's L")


@pytest.mark.parametrize("loss", list(LOSSES))
def test_the_korean_anatomy_says_everything_in_korean(browser, server, loss: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        opened = open_page(context, f"{server.url}?lang=ko&loss={loss}",
                           ready=say("ko", "parameters.total_loss") + ": ")  # fmt: skip
        page = opened.page
        x, y = page.evaluate(POINT_TO_PAGE_JS, [-0.3, 0.7])
        page.mouse.click(x, y)
        page.locator(".anatomy .sum .total").wait_for()
        text = page.locator(".anatomy").inner_text()
        assert HANGUL.search(text)
        assert set(re.findall("[A-Za-z]+", text)) <= SYMBOLS, text
        assert not opened.errors
    finally:
        context.close()
