"""Helpers of the app tests: a session's page built on a plain Bokeh document, no server."""

from __future__ import annotations

import re

from bokeh.document import Document

from app.page import Page


def make_page() -> Page:
    """A fresh page at the defaults, whose browser takes every frame at once."""
    page = Page(Document())
    page.sync.timeout = 0.0  # no browser acknowledges here: never wait for one
    return page


def readout_values(page: Page) -> dict[str, float]:
    """The numbers of the read-out, by label, parsed from the text the browser shows."""
    text = re.sub(r"<(?!br>)[^>]*>", "", page.readout.div.text)
    values = {}
    for line in text.split("<br>"):
        label, found, rest = line.partition(": ")
        if not found:
            continue
        values[label] = float(rest.split()[0])
    return values
