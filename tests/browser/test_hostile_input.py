"""Hostile input in a real browser: script in links and files, a huge upload, huge numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from helpers_browser import (
    Opened,
    click_button,
    injected_elements,
    open_app,
    page_text,
    wait_for_step,
)
from playwright.sync_api import expect

from app.link import MAX_NOTICES, SETTINGS

pytestmark = pytest.mark.browser

#: Script a link or a file could carry: in a value, as a name, and split over two names so
#: that the two notices that quote them would join into one element.
PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(2)>",
    "\"'><script>alert(3)</script>",
    "<a href=javascript:alert(4)>x</a>",
)
SPLIT = ('<img src=x title="', '" onerror=alert(5) x="')
#: Counts every message the page sends on its websocket, and the largest one.
SENT_JS = """
const send = WebSocket.prototype.send;
window.__sent = {count: 0, largest: 0};
WebSocket.prototype.send = function (data) {
  const size = typeof data === 'string' ? data.length : (data.byteLength ?? data.size ?? 0);
  window.__sent.count += 1;
  window.__sent.largest = Math.max(window.__sent.largest, size);
  return send.call(this, data);
};
"""
REFUSED_16_MB = (
    "The file was not loaded: the file is larger than 1,000,000 bytes (16,777,216 bytes)"
)
#: A CSV file of exactly 16 MiB.
HEADER = b"x0,x1,label\n"
FILE_16_MB = HEADER + b"0,0,1\n" * ((2**24 - len(HEADER)) // 6) + b"\n" * ((2**24 - 12) % 6)


@pytest.fixture
def opener(browser, server) -> Iterator:
    """Open pages of the app at a query; none may see a browser error or a dialog."""
    opened: list[tuple[object, Opened]] = []

    def open_page(query: str = "", init_script: str | None = None) -> Opened:
        opened.append(open_app(browser, server, init_script=init_script, query=query))
        return opened[-1][1]

    yield open_page
    errors = [error for _, page in opened for error in page.errors]
    for context, _ in opened:
        context.close()
    assert not errors, "errors in the browser:\n" + "\n".join(errors)


def link(pairs: list[tuple[str, str]]) -> str:
    return "?" + "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in pairs)


def status_text(page) -> str:
    return page.locator("text=/Link settings:/").first.inner_text()


def test_script_in_any_link_key_or_value_stays_text(opener) -> None:
    keys = list(SETTINGS)
    # Every link stays within MAX_NOTICES entries, so that each one's notice is listed.
    links = [
        *([(key, PAYLOADS[i % len(PAYLOADS)]) for i, key in enumerate(keys[start : start + 6])]
          for start in range(0, len(keys), 6)),
        [(SPLIT[0], "1"), (SPLIT[1], "1"), *((payload, "1") for payload in PAYLOADS[:2])],
        [(payload, "1") for payload in PAYLOADS[2:]],
    ]  # fmt: skip
    assert all(len(pairs) <= MAX_NOTICES for pairs in links)
    for pairs in links:
        page = opener(link(pairs)).page
        notice = status_text(page)
        for key, value in pairs:
            shown = value if key in SETTINGS else key
            assert shown[:30] in notice, (shown, notice)  # quoted as text, not as HTML
        page.wait_for_timeout(500)  # an image's error or an SVG's load fires in this time
        assert injected_elements(page) == []


#: Cells a file could hold, quoted in the importer's message (its first 20 characters).
CELLS = [p for p in PAYLOADS if '"' not in p] + ["<svg/onload=alert()>", "http://evil.example/"]


def test_a_quoted_csv_cell_stays_text(opener) -> None:
    page = opener().page
    message = page.locator("text=/The file was not loaded/").first
    for cell in CELLS:
        upload(page, f"x0,x1,label\n{cell},0,1\n".encode())
        expect(message).to_contain_text(f"x0 '{cell[:20]}")
        page.wait_for_timeout(300)
        assert injected_elements(page) == [], cell
        assert page.locator("a[href*='evil']").count() == 0  # not turned into a link


def upload(page, data: bytes) -> None:
    page.locator("input[type=file]").set_input_files(
        {"name": "points.csv", "mimeType": "text/csv", "buffer": data}
    )


def test_a_16_mb_upload_is_refused_in_the_browser_and_the_session_lives_on(
    opener, tmp_path: Path
) -> None:
    page = opener(init_script=SENT_JS).page
    large = tmp_path / "points.csv"
    large.write_bytes(FILE_16_MB)
    assert large.stat().st_size == 16 * 2**20
    page.locator("input[type=file]").set_input_files(large)
    expect(page.get_by_text(REFUSED_16_MB)).to_be_visible()
    assert page.evaluate("window.__sent.largest") < 10_000  # the file was never sent
    click_button(page, "Single parameter update")
    wait_for_step(page, lambda n: n == 1)  # the session still answers
    upload(page, b"x0,x1,label\n0.1,0.2,1\n0.3,-0.4,0\n")  # and takes a file again
    expect(page.locator("text=/Loaded 2 points in 2 classes/").first).to_be_visible()


def test_a_huge_typed_value_is_clamped_with_a_note(opener) -> None:
    page = opener().page
    box = page.locator("input[name=param_0_0]")
    box.fill("1e200")
    box.press("Enter")
    expect(page.get_by_text("W[0,0] is limited to ±100: set to 100.")).to_be_visible()
    expect(box).to_have_value("100.00")
    assert not re.search(r"\binf\b|e\+200|0{20}", page_text(page))


def test_a_link_with_a_30000_digit_value_comes_up_with_a_notice(opener) -> None:
    page = opener("?n=" + "9" * 30_000 + "&loss=softmax&%ff%fe=%00%ff&seed=%c3%28").page
    notice = status_text(page)
    assert "n=999999999999999999999999999999… is too long; ignored" in notice
    assert "seed is not UTF-8 text; ignored" in notice
    expect(page.locator("text=/Total data loss:/").first).to_contain_text("1.84")
    click_button(page, "Single parameter update")
    wait_for_step(page, lambda n: n == 1)
