"""Fixtures of the browser tests: Chromium, one served app per module, a fresh page per test.

Chromium is Debian's ``/usr/bin/chromium`` or ``$CHROMIUM_PATH``; the proxy tests also need
Debian's ``nginx`` (or ``$NGINX_PATH``) and ``openssl``. Without them the tests are skipped on
a workstation and fail in CI (see ``required`` in ``tests/conftest.py``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from helpers_browser import (
    CHROMIUM_ARGS,
    AppServer,
    Opened,
    find_chromium,
    opened_without_errors,
    served,
)
from helpers_proxy import find_nginx


@pytest.fixture(scope="session")
def chromium_path(required) -> str:
    """The Chromium executable; skip (or fail in CI) without one."""
    return required(
        find_chromium(),
        "Chromium not found: install it with `apt-get install chromium` or set CHROMIUM_PATH",
    )


@pytest.fixture(scope="session")
def nginx_path(required) -> str:
    """The nginx executable, and openssl for its certificate; skip (or fail in CI) without."""
    required(
        shutil.which("openssl"), "openssl not found: install it with `apt-get install openssl`"
    )
    return required(
        find_nginx(), "nginx not found: install it with `apt-get install nginx` or set NGINX_PATH"
    )


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
    with opened_without_errors(browser, server) as opened:
        yield opened


@pytest.fixture
def page(app: Opened):
    """The Playwright page of :func:`app`."""
    return app.page
