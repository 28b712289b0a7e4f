"""Fixtures of the server tests: the app served by a real process, reached over 127.0.0.1.

The served app and the light protocol client are shared with the browser tests and the
benchmarks, whose folders are put on the import path here.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TESTS / "browser"), str(TESTS / "benchmarks")]

from helpers_browser import AppServer, served  # noqa: E402 - found through the path above


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app served with its default options (and a 2 s unused-session lifetime)."""
    with served(tmp_path_factory.mktemp("server") / "server.log") as app_server:
        yield app_server
