"""Frame delivery to the browser: one message per frame, and the latest state wins.

The server may change the state faster than a browser can paint it. :class:`FrameSync`
sends a frame only once the browser has acknowledged the previous one; changes made in
between are not queued but folded into the next frame. The browser acknowledges a frame
from ``requestAnimationFrame``, i.e. once it has painted it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bokeh.document import Document
from bokeh.models import CustomJS, Div
from panel.io.document import hold
from panel.io.state import set_curdoc

__all__ = ["FrameSync"]

_ACK_JS = """
const frame = clock.tags[0];
requestAnimationFrame(() => { clock.name = String(frame); });
"""


class FrameSync:
    """Send the views' changes as one message per frame, paced by the browser.

    Parameters
    ----------
    doc : bokeh.document.Document
        The session's document.
    render : callable
        Copies the current state into the Bokeh models; called inside a held document.
    timeout : float
        Seconds after which an unacknowledged frame is given up and the next one is sent.
    """

    def __init__(self, doc: Document, render: Callable[[], None], timeout: float = 1.0) -> None:
        self.doc = doc
        self.render = render
        self.timeout = timeout
        self.frame = 0
        self.acknowledged = 0
        self.pending = False
        self._sent_at = 0.0
        self.clock = Div(visible=False, tags=[0], name="0")
        self.clock.js_on_change("tags", CustomJS(args={"clock": self.clock}, code=_ACK_JS))
        self.clock.on_change("name", self._on_ack)

    @property
    def waiting(self) -> bool:
        """Whether the last frame sent is not acknowledged yet (and has not timed out)."""
        return self.acknowledged < self.frame and time.monotonic() - self._sent_at < self.timeout

    def request(self) -> None:
        """Ask for a frame: send it now, or as soon as the browser has taken the last one."""
        self.pending = True
        if not self.waiting:
            self.flush()

    def flush(self) -> None:
        """Render and send one frame now."""
        self.pending = False
        with set_curdoc(self.doc), hold(self.doc):
            self.render()
            self.frame += 1
            self.clock.tags = [self.frame]
        self._sent_at = time.monotonic()

    def _on_ack(self, _attr: str, _old: str, new: str) -> None:
        try:
            self.acknowledged = max(self.acknowledged, int(new))
        except ValueError:
            return
        if self.pending and not self.waiting:
            self.flush()
