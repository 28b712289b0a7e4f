"""The page served by plain ``panel serve app/main.py``, without linear-classify's options."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers_browser import ROOT, VIEWPORT, free_port, stop_process, wait_answering

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def panel_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of the page that ``panel serve app/main.py`` serves at ``/main``."""
    port = free_port()
    log_path: Path = tmp_path_factory.mktemp("panel-serve") / "server.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "panel", "serve", "app/main.py", "--port", str(port)],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}/main"

        def answers() -> bool:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.status == 200

        try:
            wait_answering(process, answers, "panel serve", log_path.read_text, timeout=60)
            yield url
        finally:
            stop_process(process)


def test_plain_panel_serve_loads_with_no_error_and_no_failed_request(browser, panel_served):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status}: {response.url}")
            if response.status >= 400
            else None
        ),
    )
    try:
        page.goto(panel_served)
        page.get_by_text("Total loss: 6.27").first.wait_for(timeout=30_000)
        page.wait_for_timeout(500)
    finally:
        context.close()
    assert problems == []
