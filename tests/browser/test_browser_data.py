"""Data in the browser: CSV uploads, links with settings, and editing points by clicking."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers_browser import (
    POINT_TO_PAGE_JS,
    expect_readout,
    injected_elements,
    open_app,
    readout,
    table_row,
    wait_until,
)

pytestmark = pytest.mark.browser

BAD_CSV = b"x0,x1,label\n0.1,0.2,1\n0.3,oops,0\n"
GOOD_CSV = b"x0,x1,label\n0.25,0.75,1\n-0.5,-0.5,0\n0.6,-0.2,1\n0.1,0.1,0\n"


@pytest.fixture
def open_link(browser, server) -> Iterator:
    """Open the app at a query string in a fresh context; no browser error may occur."""
    contexts, pages = [], []

    def opener(query: str = ""):
        context, opened = open_app(browser, server, query=query)
        contexts.append(context)
        pages.append(opened)
        return opened.page

    yield opener
    errors = [error for opened in pages for error in opened.errors]
    for context in contexts:
        context.close()
    assert not errors, "errors in the browser:\n" + "\n".join(errors)


def table_rows(page) -> int:
    """How many rows the data table shows on its page."""
    return page.locator("table.data tbody tr").count()


def upload(page, data: bytes) -> None:
    page.locator("input[type=file]").set_input_files(
        {"name": "points.csv", "mimeType": "text/csv", "buffer": data}
    )


def test_a_bad_csv_shows_the_problem_and_keeps_the_data(open_link) -> None:
    page = open_link()
    before = table_row(page, 0)
    upload(page, BAD_CSV)
    message = page.locator("text=/The file was not loaded/").first
    message.wait_for(timeout=10_000)
    assert "line 3" in message.inner_text() and "not a number" in message.inner_text()
    assert table_row(page, 0) == before
    assert readout(page)["total"] == 6.27


def test_a_good_csv_fills_the_table(open_link) -> None:
    page = open_link()
    upload(page, GOOD_CSV)
    page.locator("text=/Loaded 4 points in 2 classes/").first.wait_for(timeout=10_000)
    wait_until(lambda: table_row(page, 0).startswith("0.25"), message="the uploaded first row")
    assert table_rows(page) == 4


def test_a_link_applies_its_settings(open_link) -> None:
    page = open_link("?loss=softmax&dataset=blobs&n=30&k=4&seed=2")
    expect_readout(page, "Total data loss:")
    wait_until(lambda: table_rows(page) == 30, message="30 rows")
    assert page.locator("text=/class 3/").count() >= 1  # the parameter grid has K = 4 rows
    checked = page.locator("input[type=radio]:checked").evaluate_all(
        "(inputs) => inputs.map((i) => i.parentElement.innerText)"
    )
    assert any("Softmax" in label for label in checked)


def test_a_hostile_link_loads_with_clamped_values(open_link) -> None:
    hostile = "?" + "&".join(
        [
            "step_size=1e9",
            "reg=1e999",
            "n=1000000000",
            "dataset=uniform",
            "speed=NaN",
            "loss=" + "A" * 5000,
            "k=<script>alert(1)</script>",
            "unknown=1",
        ]
    )
    page = open_link(hostile)
    notice = page.locator("text=/Link settings:/").first
    notice.wait_for(timeout=10_000)
    assert "unknown" in notice.inner_text()
    assert "k='<script>alert(1)</script>' is not a number" in notice.inner_text()  # as text
    assert injected_elements(page) == []
    step_size = page.locator("text=/Step size:/").first.inner_text()
    assert " ".join(step_size.split()) == "Step size: 10"
    assert "of 10000" in page.locator("text=/rows 1 to 50/").first.inner_text()


def test_add_a_point_by_clicking_and_delete_it(open_link) -> None:
    page = open_link()
    page.get_by_role("button", name="Add points").click()
    page.wait_for_timeout(300)  # the mode reaches the server before the click on the plot
    x, y = page.evaluate(POINT_TO_PAGE_JS, [-0.6, -0.8])
    page.mouse.click(x, y)
    wait_until(lambda: table_rows(page) == 10, message="a tenth row")
    page.get_by_role("button", name="Select points").click()
    page.wait_for_timeout(300)
    page.mouse.click(x, y)
    page.wait_for_timeout(300)
    page.get_by_role("button", name="Delete selected").click()
    wait_until(lambda: table_rows(page) == 9, message="back to nine rows")
    expect_readout(page, "Total loss: 6.27")
