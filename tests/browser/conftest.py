"""Fixtures of the browser tests: Chromium, one served app per module, a fresh page per test.

Chromium is Debian's ``/usr/bin/chromium`` or ``$CHROMIUM_PATH``. Without it the tests are
skipped on a workstation and fail in CI (``CI=true``), so that CI never passes by skipping.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from helpers_browser import CHROMIUM_ARGS, AppServer, Opened, find_chromium, open_app, served

SKIP_MESSAGE = "Chromium not found: install it with `apt-get install chromium` or set CHROMIUM_PATH"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The Chromium executable; skip (or fail in CI) without one."""
    path = find_chromium()
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(SKIP_MESSAGE)
        pytest.skip(SKIP_MESSAGE)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    """One headless Chromium for the whole test run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app served by its own process for one test module; its log must stay clean."""
    with served(tmp_path_factory.mktemp("server") / "server.log") as app_server:
        yield app_server


@pytest.fixture
def app(browser, server: AppServer) -> Iterator[Opened]:
    """A fresh page (its own Bokeh session) per test; no console or page error may occur."""
    context, opened = open_app(browser, server)
    try:
        yield opened
    finally:
        errors = list(opened.errors)
        context.close()
    assert not errors, "errors in the browser:\n" + "\n".join(errors)


@pytest.fixture
def page(app: Opened):
    """The Playwright page of :func:`app`."""
    return app.page
