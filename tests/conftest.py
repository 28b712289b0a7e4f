"""Fixtures of every test: what a test needs from the machine."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

import pytest

T = TypeVar("T")


@pytest.fixture(scope="session")
def required() -> Callable[[T | None, str], T]:
    """A check of something a test needs from the machine (a program, a package).

    ``required(found, missing)`` returns ``found`` unless it is None; then the test is
    skipped with the message ``missing`` on a workstation, and fails with it in CI
    (``CI=true``), so that CI never passes by skipping.
    """

    def check(found: T | None, missing: str) -> T:
        if found is None:
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(missing)
            pytest.skip(missing)
        return found

    return check
