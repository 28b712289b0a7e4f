"""A clip to keep: the main plot saved as a PNG, and recorded while it animates as WebM."""

from __future__ import annotations

import struct

import pytest
from helpers_browser import click_button, opened_without_errors, wait_for_step

from app.catalogue import say

pytestmark = pytest.mark.browser

#: The first bytes of every PNG file, and of every Matroska / WebM file (an EBML header).
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EBML_MAGIC = b"\x1a\x45\xdf\xa3"


def download(page, *buttons: str, recording_s: float = 0.0) -> tuple[str, bytes]:
    """Click ``buttons`` in turn, ``recording_s`` apart, and return the downloaded file.

    Returns the file's suggested name and its bytes.
    """
    with page.expect_download(timeout=30_000) as caught:
        for i, button in enumerate(buttons):
            if i:
                page.wait_for_timeout(recording_s * 1000)
            click_button(page, button, busy=True)
    return caught.value.suggested_filename, caught.value.path().read_bytes()


def test_save_png_downloads_the_plot_as_a_png(browser, server) -> None:
    """The PNG is the main plot: a real PNG at least as large as the plot's frame."""
    with opened_without_errors(browser, server) as opened:
        name, data = download(opened.page, say("en", "control.linear-classify.png"))
    assert name == "linear-classify.png"
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk's first fields
    assert width >= 400 and height >= 400


def test_recording_two_seconds_downloads_a_webm_video(browser, server) -> None:
    """Record while the plot animates, stop after two seconds: a non-empty WebM file."""
    with opened_without_errors(browser, server) as opened:
        page = opened.page
        click_button(page, say("en", "control.running"))
        wait_for_step(page, lambda n: n >= 3)
        record = say("en", "control.linear-classify.webm")
        stop = say("en", "control.linear-classify.webm.on")
        name, data = download(page, record, stop, recording_s=2.0)
        assert page.get_by_text(say("en", "clip.saved", name=name)).count() == 1
        click_button(page, say("en", "control.running.on"), busy=True)
    assert name == "linear-classify.webm"
    assert data.startswith(EBML_MAGIC)
    assert b"webm" in data[:64]  # the EBML header's DocType
    assert len(data) > 2_000
