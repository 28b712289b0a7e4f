"""Beyond the cap of live sessions a visitor sees a notice, and gets in by itself later."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers_browser import LOAD_TIMEOUT_MS, VIEWPORT, AppServer, open_app, served

pytestmark = pytest.mark.browser

CAP = 3
RETRY_SECONDS = 2


@pytest.fixture
def capped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app served with room for three sessions, whose notice retries every 2 s."""
    log_path = tmp_path_factory.mktemp("capped") / "server.log"
    args = ("--max-sessions", str(CAP), "--retry-seconds", str(RETRY_SECONDS))
    with served(log_path, options=args) as app_server:
        yield app_server


def test_the_fourth_page_waits_with_a_notice_and_gets_in_once_a_page_closes(browser, capped):
    opened = [open_app(browser, capped) for _ in range(CAP)]
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        response = page.goto(capped.url)
        assert response.status == 503
        assert page.get_by_role("heading").inner_text() == "The demo is full right now"
        assert f"retries by itself every {RETRY_SECONDS} s" in page.inner_text("body")
        assert capped.health()["sessions"] == CAP  # nothing was built for the fourth
        page.wait_for_timeout(2.5 * RETRY_SECONDS * 1000)  # it retries, and is refused again
        assert page.get_by_role("heading").inner_text() == "The demo is full right now"

        first_context, _first = opened.pop(0)
        first_context.close()
        page.locator("text=/Total loss: /").first.wait_for(timeout=LOAD_TIMEOUT_MS)
        assert capped.health()["sessions"] == CAP
        for _context, other in opened:
            assert other.errors == []
    finally:
        context.close()
        for other_context, _other in opened:
            other_context.close()
