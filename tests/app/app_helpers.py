"""Helpers of the app tests: a session's page built on a plain Bokeh document, no server."""

from __future__ import annotations

import json
import re

from bokeh.document import Document

from app.page import Page


def make_page() -> Page:
    """A fresh page at the defaults, whose browser takes every frame at once."""
    page = Page(Document())
    page.sync.timeout = 0.0  # no browser acknowledges here: never wait for one
    return page


LABELS = {
    "data_loss": "Total data loss",
    "reg_loss": "Regularization loss",
    "total_loss": "Total loss",
    "accuracy": "Accuracy",
}


def readout_values(page: Page) -> dict[str, float]:
    """The numbers of the read-out, by the label the browser shows, as last sent to it."""
    return {label: float(page.sync.texts[slot]) for slot, label in LABELS.items()}


def live_text(page: Page, name: str) -> str:
    """The text of the live slot ``name`` as last sent to the browser, without markup."""
    return re.sub(r"<[^>]*>", "", page.sync.texts[name])


def parameter_values(page: Page) -> list[list[float]]:
    """The rows [W[k,0], W[k,1], b[k]] that the parameter grid shows, as last sent."""
    return json.loads(page.sync.texts["parameter_values"])
