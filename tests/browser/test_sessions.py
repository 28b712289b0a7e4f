"""Each browser tab has its own session, and a closed tab's session stops computing."""

from __future__ import annotations

import time
import urllib.request

import pytest
from helpers_browser import (
    click_button,
    expect_readout,
    open_app,
    readout,
    step_count,
    wait_for_step,
    wait_until,
)

pytestmark = pytest.mark.browser


def test_two_browser_contexts_are_independent(browser, server, page):
    other_context, other = open_app(browser, server)
    try:
        page.get_by_label("Softmax", exact=True).check()
        expect_readout(page, "Total data loss: 1.84")
        click_button(page, "Single parameter update")
        click_button(page, "Single parameter update")
        wait_for_step(page, lambda n: n == 2)
        other.page.wait_for_timeout(500)
        assert readout(other.page) == {
            "data": 2.77, "reg": 3.5, "total": 6.27, "accuracy": 0.22, "step": 0
        }  # fmt: skip
        click_button(other.page, "Single parameter update")
        wait_for_step(other.page, lambda n: n == 1)
        assert step_count(page) == 2
        assert other.errors == []
    finally:
        other_context.close()


def test_closed_page_stops_computing(browser, server):
    context, opened = open_app(browser, server)
    click_button(opened.page, "Start repeated update")
    wait_for_step(opened.page, lambda n: n >= 3)
    assert server.health()["periodic_callbacks"] >= 1
    assert opened.errors == []
    context.close()
    closed_at = time.monotonic()
    limit = server.lifetime_ms / 1000 + 6.0
    wait_until(
        lambda: server.health() == {"sessions": 0, "connections": 0, "periodic_callbacks": 0},
        timeout=limit,
        interval=0.2,
        message=f"sessions and animations gone within {limit} s of closing",
    )
    assert time.monotonic() - closed_at <= limit


def test_a_single_server_sets_no_cookie(server):
    with urllib.request.urlopen(server.url, timeout=30) as response:
        assert response.status == 200
        assert response.headers.get_all("Set-Cookie") is None
