"""Fixtures of the app tests."""

from __future__ import annotations

import pytest
from app_helpers import make_page

from app.page import Page


@pytest.fixture
def page() -> Page:
    """A fresh page at the defaults, as a new browser session gets it."""
    return make_page()
