"""The page in Korean: every visible text, the browser's language, the link and the switch."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from helpers_browser import Opened, open_page
from playwright.sync_api import expect

from app.catalogue import say
from app.lab.tabs import TABS

pytestmark = pytest.mark.browser

#: What the read-out says once the page is there, by language.
READY = {lang: say(lang, "parameters.total_loss") + ": " for lang in ("en", "ko")}
#: Latin words that a Korean page may show: names of losses, rules, formats and the toolkit,
#: the language's own name, the columns of a CSV file, keys, and the symbols of the formulas
#: and the axes (x[0], W[k,0], s[1], L_i...).
ALLOWED = {
    "Weston", "Watkins", "Softmax", "SVM", "OVA", "XOR", "SGD", "Momentum", "Nesterov",
    "Adagrad", "RMSProp", "Adam", "CSV", "JSON", "PNG", "WebM", "Bokeh", "English", "Language",
    "label", "Esc", "max", "log", "sin", *"WbxysLNKPRZhijkdeant",
}  # fmt: skip
#: Every visible text of the page: text of visible elements in the document and in every
#: open shadow root, the options of visible selects, names and tooltips, and the title.
VISIBLE_TEXT_JS = """() => {
  const texts = [document.title];
  const visible = (element) => element.checkVisibility({ visibilityProperty: true });
  const visit = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) {
        const parent = node.parentElement;
        if (parent && !["SCRIPT", "STYLE", "OPTION"].includes(parent.tagName) && visible(parent)) {
          texts.push(node.textContent);
        }
        continue;
      }
      if (node.shadowRoot) visit(node.shadowRoot);
      if (!visible(node)) continue;
      if (node.tagName === "SELECT") for (const option of node.options) texts.push(option.text);
      for (const name of ["aria-label", "title", "placeholder", "aria-valuetext"]) {
        const value = node.getAttribute(name);
        if (value) texts.push(value);
      }
    }
  };
  visit(document);
  return texts;
}"""


def english_words(page) -> set[str]:
    """The Latin words of the page's visible texts that :data:`ALLOWED` does not list."""
    texts = page.evaluate(VISIBLE_TEXT_JS)
    return {word for text in texts for word in re.findall(r"[A-Za-z]+", text)} - ALLOWED


@pytest.fixture
def korean(browser, server) -> Iterator[Opened]:
    """The page at ``/?lang=ko`` in a laptop's window; no browser error may occur."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    errors: list[str] = []
    try:
        opened = open_page(context, server.url + "?lang=ko", ready=READY["ko"])
        yield opened
        errors = list(opened.errors)
    finally:
        context.close()
    assert not errors, "errors in the browser:\n" + "\n".join(errors)


def test_every_visible_text_of_the_korean_page_is_korean(korean: Opened) -> None:
    page = korean.page
    assert page.evaluate("document.documentElement.lang") == "ko"
    found = {"the page": english_words(page)}
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name=say("ko", "heading.shortcuts"))).to_be_visible()
    found["the shortcuts"] = english_words(page)
    page.keyboard.press("Escape")
    page.get_by_role("button", name=say("ko", "lab.open"), exact=True).click()
    for key in TABS:
        title = say("ko", key)
        page.get_by_role("tab", name=title).click()
        panel = page.get_by_role("tabpanel", name=title)
        expect(panel).to_be_visible()
        # Each view's own text, drawn once the view is built.
        expect(panel.get_by_text(re.compile("[\uac00-\ud7a3]")).first).to_be_visible()
        found[title] = english_words(page)
    assert not any(found.values()), f"English words on the Korean page: {found}"


def test_the_korean_page_with_features_on_is_korean(browser, server) -> None:
    """The feature boxes, the widened parameter grid and the note under the plot."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        opened = open_page(
            context, server.url + "?lang=ko&features=x0sq,x0x1,sinx1", ready=READY["ko"]
        )
        page = opened.page
        expect(page.locator("p.plot-note")).to_contain_text(say("ko", "overlay.features", d=5))
        assert english_words(page) == set()
        assert not opened.errors
    finally:
        context.close()


@pytest.mark.parametrize(
    ("query", "accept", "lang"),
    [("", "ko-KR,ko;q=0.9,en;q=0.8", "ko"), ("?lang=en", "ko-KR,ko", "en")],
)
def test_the_browser_s_language_chooses_unless_the_link_says(
    browser, server, query: str, accept: str, lang: str
) -> None:
    context = browser.new_context(extra_http_headers={"Accept-Language": accept})
    try:
        page = open_page(context, server.url + query, ready=READY[lang]).page
        assert page.evaluate("document.documentElement.lang") == lang
        expect(page.get_by_role("heading", level=1)).to_have_text(say(lang, "page.title"))
    finally:
        context.close()


def test_the_language_switch_loads_the_page_in_the_other_language_with_its_settings(
    browser, server
) -> None:
    context = browser.new_context(extra_http_headers={"Accept-Language": "ko"})
    try:
        page = open_page(context, server.url + "?loss=softmax", ready=READY["ko"]).page
        page.get_by_label(say("ko", "control.lang")).select_option(label="English")
        expect(page.get_by_role("heading", level=1)).to_have_text(say("en", "page.title"))
        page.get_by_text(READY["en"]).first.wait_for()
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.get_by_role("radio", name="Softmax").is_checked()
        # The link keeps English, which this browser would not choose by itself.
        page.get_by_label("Speed (steps per second)").fill("20")
        expect(page).to_have_url(re.compile(r"^(?=.*speed=20)(?=.*lang=en)"))
    finally:
        context.close()
