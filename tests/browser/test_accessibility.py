"""Accessibility in a real browser: axe-core, the width of the page, names, values and focus.

axe-core (through ``axe-playwright-python``) checks the page as it first shows and with every
tab of the optimization lab, at the widths of a phone, a small laptop, a laptop and a desktop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from helpers_browser import (
    Opened,
    click_button,
    expect_readout,
    open_page,
    readout,
    slider,
    wait_for_step,
    wait_until,
)
from playwright.sync_api import expect

from app.catalogue import say
from app.lab.tabs import TABS

TAB_TITLES = tuple(say("en", key) for key in TABS)

pytestmark = pytest.mark.browser

VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "small laptop": {"width": 1024, "height": 768},
    "laptop": {"width": 1280, "height": 720},
    "desktop": {"width": 1920, "height": 1080},
}
#: axe-core's impacts that fail the test.
FAILING_IMPACTS = ("serious", "critical")
#: The element that has the focus, through the shadow roots of the page's components.
FOCUSED_JS = """() => {
  let element = document.activeElement;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  return element == null ? null : {
    tag: element.localName, text: element.textContent,
    pressed: element.getAttribute('aria-pressed'), role: element.getAttribute('role'),
  };
}"""
#: How far the page is wider than the window: [scroll width, window width].
WIDTHS_JS = "() => [document.documentElement.scrollWidth, window.innerWidth]"


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def sized(request, browser, server) -> Iterator[Opened]:
    """The app in a window of each size of :data:`VIEWPORTS`; no browser error may occur."""
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    errors: list[str] = []
    try:
        opened = open_page(context, server.url)
        yield opened
        errors = list(opened.errors)
    finally:
        context.close()
    assert not errors, "errors in the browser:\n" + "\n".join(errors)


def each_view(page, check: Callable[[str], None]) -> None:
    """Call ``check`` with the name of each view: the page, then the lab with each tab shown."""
    check("the page")
    page.get_by_role("button", name="Open the optimization lab").click()
    for title in TAB_TITLES:
        tab = page.get_by_role("tab", name=title)
        tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")
        expect(page.get_by_role("tabpanel", name=title)).to_be_visible()
        check(f"the lab's {title}")


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line per element."""
    response = Axe().run(page).response
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: {node['html'][:200]}"
        for violation in response["violations"]
        if violation["impact"] in FAILING_IMPACTS
        for node in violation["nodes"]
    ]


def test_axe_finds_no_serious_violation(sized: Opened) -> None:
    page = sized.page
    found: dict[str, list[str]] = {}

    def check(view: str) -> None:
        violations = serious_violations(page)
        if violations:
            found[view] = violations

    each_view(page, check)
    assert not found, found


def test_the_page_is_never_wider_than_the_window(sized: Opened) -> None:
    page = sized.page
    too_wide: dict[str, list[int]] = {}

    def check(view: str) -> None:
        scroll_width, width = page.evaluate(WIDTHS_JS)
        if scroll_width > width:
            too_wide[view] = [scroll_width, width]

    each_view(page, check)
    assert not too_wide, too_wide


def test_the_nudge_buttons_say_what_they_do(page) -> None:
    for name in ("Increase W[0,0] by 0.1", "Decrease W[1,1] by 0.1", "Increase b[2] by 0.1"):
        expect(page.get_by_role("button", name=name, exact=True)).to_have_count(1)
    page.get_by_role("button", name="Increase W[0,0] by 0.1", exact=True).click()
    expect(page.get_by_role("textbox", name="W[0,0]", exact=True)).to_have_value("1.10")


def test_sliders_announce_the_value_shown(page) -> None:
    step_size = slider(page, "Step size")
    expect(step_size).to_have_attribute("aria-valuetext", "0.1")
    step_size.focus()
    step_size.press("ArrowRight")
    shown = page.locator("label[for=control-step_size] .value")
    expect(shown).not_to_have_text("0.1")
    expect(step_size).to_have_attribute("aria-valuetext", shown.inner_text())
    speed = slider(page, "Speed (steps per second)")
    expect(speed).to_have_attribute("aria-valuetext", speed.input_value())
    page.get_by_role("button", name="Open the optimization lab").click()
    h = slider(page, "h, the nudge of the centred difference")
    expect(h).to_have_attribute("aria-valuetext", "1e-05")
    h.focus()
    h.press("ArrowLeft")
    expect(h).to_have_attribute("aria-valuetext", "1e-06")
    expect(page.locator("text=/h = 1e-06/").first).to_be_visible()


def focused(page) -> dict | None:
    """What has the focus: its tag, text, aria-pressed and role."""
    return page.evaluate(FOCUSED_JS)


def test_the_run_button_keeps_the_focus(page) -> None:
    run = page.get_by_role("button", name="Start repeated update", exact=True)
    run.focus()
    page.keyboard.press("Enter")
    wait_for_step(page, lambda n: n >= 1)
    now = wait_until(
        lambda: (f := focused(page)) and f["text"] == "Stop repeated update" and f,
        message="the focused button to say Stop",
    )
    assert now == {"tag": "button", "text": "Stop repeated update", "pressed": "true", "role": None}
    page.keyboard.press("Enter")
    now = wait_until(
        lambda: (f := focused(page)) and f["text"] == "Start repeated update" and f,
        message="the focused button to say Start",
    )
    assert now["pressed"] == "false"


def test_the_lab_tabs_are_tabs(page) -> None:
    page.get_by_role("button", name="Open the optimization lab").focus()
    page.keyboard.press("Enter")
    wait_until(lambda: focused(page)["text"] == TAB_TITLES[0], message="the first tab's focus")
    tablist = page.get_by_role("tablist", name="Optimization lab")
    tabs = tablist.get_by_role("tab")
    expect(tabs).to_have_text(list(TAB_TITLES))
    first = page.get_by_role("tab", name=TAB_TITLES[0])
    expect(first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowRight")
    second = page.get_by_role("tab", name=TAB_TITLES[1])
    expect(second).to_have_attribute("aria-selected", "true")
    expect(first).to_have_attribute("aria-selected", "false")
    assert focused(page)["text"] == TAB_TITLES[1]
    expect(page.get_by_role("tabpanel", name=TAB_TITLES[1])).to_be_visible()
    expect(page.get_by_role("tabpanel", name=TAB_TITLES[0])).to_be_hidden()
    page.keyboard.press("End")
    expect(page.get_by_role("tab", name=TAB_TITLES[2])).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("button", name="Start race", exact=True)).to_be_visible()


def test_the_plot_is_summed_up_for_screen_readers(page) -> None:
    summary = page.get_by_role("status").filter(has_text="points classified correctly")
    expect(summary).to_have_text("2 of 9 points classified correctly; total loss 6.27")
    expect_readout(page, "Accuracy: 0.22")
    click_button(page, "Single parameter update")
    wait_for_step(page, lambda n: n == 1)
    shown = readout(page)
    correct = round(shown["accuracy"] * 9)
    expect(summary).to_have_text(
        f"{correct} of 9 points classified correctly; total loss {shown['total']:.2f}"
    )
