"""The CSV upload, whose size the browser checks before it sends anything.

A browser sends a chosen file's bytes base64-encoded in one websocket message, and the
server closes the connection of a message larger than :data:`MAX_MESSAGE_BYTES`, which
would end the session. So page JavaScript looks at the size of a chosen file first: a file
larger than the importer's limit, :data:`demo_core.csv_io.MAX_BYTES`, is never read or sent.
The browser reports its size instead, in the upload's ``tags``, and the student gets the
importer's usual refusal. After every file, the upload is cleared: the server drops the
file's text and the browser can send the same file again.
"""

from __future__ import annotations

import base64
import binascii

from bokeh.document import Document
from bokeh.models import CustomJS, FileInput

from app.editing import DataEditor
from demo_core.csv_io import MAX_BYTES, CsvError, check_file_size

__all__ = ["MAX_ENCODED_BYTES", "MAX_MESSAGE_BYTES", "MESSAGE_ROOM", "Upload"]

#: The length of a file of MAX_BYTES bytes in base64: 4 characters per 3 bytes, 1,333,336.
MAX_ENCODED_BYTES = 4 * -(-MAX_BYTES // 3)
#: Room in that message for the rest: the file's name and MIME type, and the JSON around them.
MESSAGE_ROOM = 64 * 1024
#: The largest message the server takes from a browser, 1,398,872 bytes: the message that
#: carries the largest file the importer accepts. Nothing else a browser sends comes close.
MAX_MESSAGE_BYTES = MAX_ENCODED_BYTES + MESSAGE_ROOM

#: Runs when the page is ready: holds back a chosen file larger than ``max_bytes``. The
#: listener sits on the upload's shadow root and listens in the capture phase, so it runs
#: before BokehJS's own listener on the ``<input type=file>``, which reads and sends the file.
_CHECK_SIZE_JS = """
const view = [...Bokeh.index.query((v) => v.model === upload)][0];
if (view != null && !view.checks_file_size) {
  view.checks_file_size = true;
  view.shadow_el.addEventListener("change", (event) => {
    const input = event.target;
    const largest = Math.max(0, ...[...(input.files ?? [])].map((file) => file.size));
    if (largest > max_bytes) {
      event.stopImmediatePropagation();
      input.value = "";
      upload.tags = [largest, (Number(upload.tags[1]) || 0) + 1];
    }
  }, {capture: true});
}
"""


class Upload:
    """A file input for points in CSV, bound to the session's :class:`DataEditor`.

    Parameters
    ----------
    editor : DataEditor
        Imports the file, or says why it was not loaded.
    doc : Document
        The session's document, whose page gets the size check.
    """

    def __init__(self, editor: DataEditor, doc: Document) -> None:
        self.editor = editor
        self.widget = FileInput(
            accept=".csv", name="points_upload", sizing_mode="stretch_width", margin=(5, 10)
        )
        self.widget.on_change("value", self._received)
        self.widget.on_change("tags", self._held_back)
        check = CustomJS(args={"upload": self.widget, "max_bytes": MAX_BYTES}, code=_CHECK_SIZE_JS)
        doc.js_on_event("document_ready", check)

    def _received(self, _attr: str, _old: object, new: object) -> None:
        """Import the file the browser sent (base64), then clear the upload."""
        if not new:
            return  # the upload was cleared
        self.widget.clear()
        if not isinstance(new, str):
            self.editor.refuse_file(CsvError("choose one file at a time"))
        elif len(new) > MAX_ENCODED_BYTES:
            self._refuse_size(len(new) // 4 * 3)
        else:
            try:
                data = base64.b64decode(new, validate=True)
            except binascii.Error:
                self.editor.refuse_file(CsvError("the file did not arrive whole; try again"))
            else:
                self.editor.import_csv(data)

    def _held_back(self, _attr: str, _old: object, new: object) -> None:
        """Refuse the file whose size the browser reported, as ``tags = [size, count]``."""
        size = new[0] if isinstance(new, list) and new else None
        if isinstance(size, int) and not isinstance(size, bool):
            self._refuse_size(size)

    def _refuse_size(self, size: int) -> None:
        try:
            check_file_size(size)
        except CsvError as error:
            self.editor.refuse_file(error)
