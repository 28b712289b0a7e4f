"""The CSV upload: what the browser sends or holds back, and the limit on a message's size."""

from __future__ import annotations

import base64
import json

import pytest

from app.controls.upload import MAX_ENCODED_BYTES, MAX_MESSAGE_BYTES
from app.page import Page
from demo_core.csv_io import MAX_BYTES

GOOD = b"x0,x1,label\n0.1,0.2,1\n0.3,-0.4,0\n-0.5,0.5,1\n"
REFUSED_16_MB = (
    "The file was not loaded: the file is larger than 1,000,000 bytes (16,777,216 bytes)"
)


def sent(page: Page, data: bytes) -> None:
    """A chosen file as the browser sends it to the controls: its bytes in base64."""
    page.controls.receive({"upload": base64.b64encode(data).decode()})


def test_a_file_sent_by_the_browser_is_imported(page: Page) -> None:
    sent(page, GOOD)
    assert page.editor.message == "Loaded 3 points in 2 classes."
    assert page.state.trainer.num_points == 3


def test_the_server_keeps_nothing_of_a_file_once_imported(page: Page) -> None:
    sent(page, GOOD)
    component = page.controls.component
    kept = json.dumps([getattr(component, name) for name in component.param], default=str)
    assert "0.3,-0.4,0" not in kept and base64.b64encode(GOOD).decode() not in kept


def test_a_file_held_back_by_the_browser_gets_the_importers_refusal(page: Page) -> None:
    page.controls.receive({"refused_upload": 16 * 2**20})
    assert page.editor.message == REFUSED_16_MB and page.editor.refused
    assert page.controls.component.message == REFUSED_16_MB
    assert page.state.trainer.num_points == 9


@pytest.mark.parametrize("size", ["16777216", True, None, MAX_BYTES, {"size": 1}])
def test_a_report_that_is_not_a_too_large_size_is_ignored(page: Page, size: object) -> None:
    page.controls.receive({"refused_upload": size})
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
    page.controls.receive({"upload": value})  # as a hostile client could send it
    assert problem in page.editor.message and page.editor.refused
    assert page.state.trainer.num_points == 9


def test_the_page_holds_back_files_over_the_importers_limit(page: Page) -> None:
    controls = [c for section in page.controls.component.spec for c in section["controls"]]
    (upload,) = (c for c in controls if c["kind"] == "upload")
    assert upload["max_bytes"] == MAX_BYTES


def test_the_message_limit_holds_the_largest_file_and_little_more() -> None:
    data = {"upload": base64.b64encode(b"x" * MAX_BYTES).decode()}
    event = {
        "kind": "MessageSent",
        "msg_type": "bokeh_event",
        "msg_data": {
            "type": "event",
            "name": "data_event",
            "values": {"type": "map", "entries": [["model", {"id": "p1234"}], ["data", data]]},
        },
    }
    size = len(json.dumps({"events": [event]}, ensure_ascii=False).encode())
    assert size <= MAX_MESSAGE_BYTES < size + 70_000
    assert MAX_MESSAGE_BYTES < 20 * 2**20 / 10  # a tenth of Bokeh's default
