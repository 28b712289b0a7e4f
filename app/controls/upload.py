"""The CSV upload: the largest message a browser may send, and what a sent file becomes.

A browser sends a chosen file's bytes base64-encoded in one websocket message, and the
server closes the connection of a message larger than :data:`MAX_MESSAGE_BYTES`, which
would end the session. So the page's controls (``app/controls/sidebar.js``) look at the size of a
chosen file first: a file larger than the importer's limit,
:data:`demo_core.csv_io.MAX_BYTES`, is never read or sent. The browser reports its size
instead, and the student gets the importer's usual refusal (:func:`refuse_size`). A file
that is sent is imported by :func:`receive`, and the browser clears its file input.
"""

from __future__ import annotations

import base64
import binascii

from app.editing import DataEditor
from demo_core.csv_io import MAX_BYTES, CsvError, check_file_size

__all__ = ["MAX_ENCODED_BYTES", "MAX_MESSAGE_BYTES", "MESSAGE_ROOM", "receive", "refuse_size"]

#: The length of a file of MAX_BYTES bytes in base64: 4 characters per 3 bytes, 1,333,336.
MAX_ENCODED_BYTES = 4 * -(-MAX_BYTES // 3)
#: Room in that message for the rest: the JSON of the message around the file's text.
MESSAGE_ROOM = 64 * 1024
#: The largest message the server takes from a browser, 1,398,872 bytes: the message that
#: carries the largest file the importer accepts. Nothing else a browser sends comes close.
MAX_MESSAGE_BYTES = MAX_ENCODED_BYTES + MESSAGE_ROOM


def receive(editor: DataEditor, encoded: object) -> str:
    """Import the file a browser sent as base64 text, or say why not; returns the message."""
    if not isinstance(encoded, str):
        return editor.refuse_file(editor.state.say("upload.one_file"))
    if len(encoded) > MAX_ENCODED_BYTES:
        return refuse_size(editor, len(encoded) // 4 * 3)
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return editor.refuse_file(editor.state.say("upload.not_whole"))
    return editor.import_csv(data)


def refuse_size(editor: DataEditor, size: object) -> str:
    """Refuse a file of ``size`` bytes that the browser held back; ignore any other report."""
    if not isinstance(size, int) or isinstance(size, bool):
        return ""
    try:
        check_file_size(size)
    except CsvError as error:
        return editor.refuse_file(error)
    return ""
