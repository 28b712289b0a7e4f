"""The CSV upload: what the browser sends or holds back, and the limit on a message's size."""

from __future__ import annotations

import base64
import json

import pytest
from bokeh.document import Document
from bokeh.models import CustomJS
from bokeh.models.widgets.inputs import ClearInput

from app.page import Page
from app.upload import MAX_ENCODED_BYTES, MAX_MESSAGE_BYTES
from demo_core.csv_io import MAX_BYTES

GOOD = b"x0,x1,label\n0.1,0.2,1\n0.3,-0.4,0\n-0.5,0.5,1\n"
REFUSED_16_MB = (
    "The file was not loaded: the file is larger than 1,000,000 bytes (16,777,216 bytes)"
)


def sent(page: Page, data: bytes) -> None:
    """The upload's value as a browser sends a chosen file: its bytes in base64."""
    page.data_controls.upload.widget.set_from_json("value", base64.b64encode(data).decode())


def test_a_file_sent_by_the_browser_is_imported(page: Page) -> None:
    sent(page, GOOD)
    assert page.editor.message == "Loaded 3 points in 2 classes."
    assert page.state.trainer.num_points == 3


def test_the_upload_is_cleared_after_each_file(page: Page) -> None:
    sent_to_browser = []
    page.doc.add_root(page.data_controls.upload.widget)  # as the served page holds it
    page.doc.on_change(sent_to_browser.append)
    sent(page, GOOD)
    sent(page, b"x0,x1,label\n")
    cleared = [e for e in sent_to_browser if isinstance(getattr(e, "msg_data", None), ClearInput)]
    assert len(cleared) == 2


def test_a_file_held_back_by_the_browser_gets_the_importers_refusal(page: Page) -> None:
    page.data_controls.upload.widget.tags = [16 * 2**20, 1]
    assert page.editor.message == REFUSED_16_MB and page.editor.refused
    assert page.data_controls.message.visible
    assert page.state.trainer.num_points == 9


@pytest.mark.parametrize("tags", [["16777216"], [True], [], [MAX_BYTES, 2], [{"size": 1}]])
def test_a_report_that_is_not_a_too_large_size_is_ignored(page: Page, tags: list) -> None:
    page.data_controls.upload.widget.tags = tags
    assert page.editor.message == ""


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("not base64!", "did not arrive whole"),
        (["eDA=", "eDA="], "one file at a time"),
        ("A" * (MAX_ENCODED_BYTES + 4), "larger than 1,000,000 bytes"),
    ],
)
def test_what_no_browser_sends_is_refused(page: Page, value: object, problem: str) -> None:
    page.data_controls.upload.widget.set_from_json("value", value)  # as a patch sets it
    assert problem in page.editor.message and page.editor.refused
    assert page.state.trainer.num_points == 9


def test_the_page_holds_back_files_over_the_importers_limit() -> None:
    doc = Document()
    page = Page(doc)
    checks = [c for c in doc.callbacks.js_event_callbacks["document_ready"]
              if isinstance(c, CustomJS) and "max_bytes" in c.args]  # fmt: skip
    assert len(checks) == 1
    assert checks[0].args["max_bytes"] == MAX_BYTES
    assert checks[0].args["upload"] is page.data_controls.upload.widget


def test_the_message_limit_holds_the_largest_file_and_little_more() -> None:
    name = "点" * 255  # the longest file name, in 3-byte characters
    largest = {
        "events": [
            {"kind": "ModelChanged", "model": {"id": "p1234"}, "attr": attr, "new": new}
            for attr, new in (
                ("value", base64.b64encode(b"x" * MAX_BYTES).decode()),
                ("filename", name),
                ("mime_type", "text/csv"),
            )
        ]
    }
    size = len(json.dumps(largest, ensure_ascii=False).encode())
    assert size <= MAX_MESSAGE_BYTES < size + 70_000
    assert MAX_MESSAGE_BYTES < 20 * 2**20 / 10  # a tenth of Bokeh's default
