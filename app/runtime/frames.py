"""Frame delivery to the browser: one message per frame, and the latest state wins.

The server may change the state faster than a browser can paint it. :class:`FrameSync`
sends a frame only once the browser has acknowledged the previous one; changes made in
between are not queued but folded into the next frame. A frame that answers the user (a
click, a drag) may follow the one in flight at once, but never more than one behind it.
The browser acknowledges a frame from ``requestAnimationFrame``, i.e. once it has painted
it, by setting the ``tags`` of the ``ack`` model to the frame's number, which the server
bumps in the ``clock``'s ``tags``.

Text that changes every frame (losses, gradients) is sent as *live text*: values of named
slots, ``<span data-slot="name">``, that page JavaScript writes straight into the page.
Changing a Bokeh ``Div``'s text instead would make BokehJS lay out the whole page again,
figures included, several times per frame.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bokeh.document import Document
from bokeh.model import Model
from bokeh.models import ColumnDataSource, CustomJS, UnionRenderers
from panel.io.document import hold
from panel.io.state import set_curdoc

from app.server.patches.view_index import ELEMENTS_IN_VIEWS_JS

__all__ = ["LIVE_TEXT_JS", "FrameSync", "slot"]

#: The page's live text, defined once as the page loads (app/page.html holds it): the slots
#: of every clock, found in the page's views, and the listeners of named texts. A component
#: that shows a text its own way listens to it: ``window.__live_text.listen(name, fn)`` calls
#: ``fn(text)`` now if the text is known, and again whenever it changes.
LIVE_TEXT_JS = f"""
window.__live_text = {{
  clocks: new Map(), slots: new Map(), found: -Infinity, listeners: new Map(), heard: new Map(),
  elementsInViews: {ELEMENTS_IN_VIEWS_JS},
  // A search of every view for slots costs a few ms: done again only when one has left the
  // page, when a slot has none and the last search is a second old, or on refresh().
  find() {{
    this.slots.clear();
    for (const element of this.elementsInViews('[data-slot]')) {{
      const elements = this.slots.get(element.dataset.slot) ?? [];
      this.slots.set(element.dataset.slot, [...elements, element]);
    }}
    this.found = performance.now();
  }},
  write() {{
    for (const clock of this.clocks.values()) {{
      clock.data.slot.forEach((name, i) => {{
        const html = clock.data.html[i];
        for (const element of this.slots.get(name) ?? []) {{
          if (element.liveHtml !== html) {{ element.innerHTML = html; element.liveHtml = html; }}
        }}
        if (this.heard.get(name) !== html) {{
          this.heard.set(name, html);
          for (const listener of this.listeners.get(name) ?? []) listener(html);
        }}
      }});
    }}
  }},
  // Called by views that have just built new slots.
  refresh() {{ this.find(); this.write(); }},
  listen(name, listener) {{
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name).add(listener);
    if (this.heard.has(name)) listener(this.heard.get(name));
  }},
}};
"""

#: Writes the live text of ``clock`` into the page, then acknowledges the frame once painted.
_FRAME_JS = """
const live = window.__live_text;
live.clocks.set(clock.id, clock);
const lost = [...live.slots.values()].some((elements) => elements.some((e) => !e.isConnected));
const missing = clock.data.slot.some((name) => !live.slots.has(name));
if (lost || (missing && performance.now() - live.found > 1000)) {
  live.find();
}
live.write();
const frame = clock.tags[0];
requestAnimationFrame(() => { ack.tags = [frame]; });
"""


def slot(name: str, html: str) -> str:
    """The HTML of a live-text slot called ``name`` that shows ``html`` until updated."""
    return f'<span data-slot="{name}">{html}</span>'


class FrameSync:
    """Send the views' changes as one message per frame, paced by the browser.

    Parameters
    ----------
    doc : bokeh.document.Document
        The session's document.
    render : callable
        Copies the current state into the Bokeh models and live text; called inside a held
        document.
    timeout : float
        Seconds after which an unacknowledged frame is given up and the next one is sent.
    name : str
        Name of the clock model in the document; each FrameSync of a page needs its own.
    """

    def __init__(
        self,
        doc: Document,
        render: Callable[[], None],
        timeout: float = 1.0,
        name: str = "frame_clock",
    ) -> None:
        self.doc = doc
        self.render = render
        self.timeout = timeout
        self.frame = 0
        self.acknowledged = 0
        self.pending = False
        self._urgent = False  # whether the pending frame answers the user
        self._sent_at = 0.0
        self.texts: dict[str, str] = {}
        policy = UnionRenderers()  # nothing is ever selected here: one stateless policy for both
        self.clock = ColumnDataSource(
            {"slot": [], "html": []}, tags=[0], name=name, selection_policy=policy
        )
        self.ack = ColumnDataSource({}, tags=[0], name=f"{name}_ack", selection_policy=policy)
        args = {"clock": self.clock, "ack": self.ack}
        self.clock.js_on_change("tags", CustomJS(args=args, code=_FRAME_JS))
        self.ack.on_change("tags", self._on_ack)
        # Once the page is drawn: fill the slots, and take the frame it was drawn with.
        doc.js_on_event("document_ready", CustomJS(args=args, code=_FRAME_JS))
        self._retry_scheduled = False

    def anchor(self, model: Model) -> None:
        """Keep the clock in the document, which holds only what its layout refers to.

        ``model`` is any model of the page whose ``tags`` never change.
        """
        model.tags = [*model.tags, self.clock]

    def prepare(self) -> None:
        """Render before the page is shown: no frame is counted and no ack awaited."""
        self.render()
        self._send_texts()

    def text(self, name: str, html: str) -> None:
        """Set live text: the slot ``name`` shows ``html`` from the next frame on.

        Listeners of ``name`` in the page (see :data:`LIVE_TEXT_JS`) get it as it is, e.g. JSON.
        """
        self.texts[name] = html

    @property
    def waiting(self) -> bool:
        """Whether the last frame sent is not acknowledged yet (and has not timed out)."""
        return self._unacknowledged() >= 1

    def _unacknowledged(self) -> int:
        """Frames sent and not acknowledged yet; 0 once the last one has timed out."""
        if time.monotonic() - self._sent_at >= self.timeout:
            return 0
        return self.frame - self.acknowledged

    def request(self, urgent: bool = False) -> None:
        """Ask for a frame: send it now, or as soon as the browser has taken the last one.

        An ``urgent`` frame, one that answers the user, does not wait for the frame on its
        way to the browser: it follows it at once, but never more than one behind it, so the
        frames in flight stay bounded.
        """
        self.pending = True
        self._urgent = self._urgent or urgent
        if self._may_send():
            self.flush()
        elif not self._retry_scheduled:
            # Should the acknowledgement never come, send the latest state after the timeout.
            self._retry_scheduled = True
            self.doc.add_timeout_callback(self._retry, int(self.timeout * 1000) + 1)

    def _may_send(self) -> bool:
        return self._unacknowledged() < (2 if self._urgent else 1)

    def _retry(self) -> None:
        self._retry_scheduled = False
        if self.pending and self._may_send():
            self.flush()

    def flush(self) -> None:
        """Render and send one frame now."""
        self.pending = self._urgent = False
        with set_curdoc(self.doc), hold(self.doc):
            self.render()
            self._send_texts()
            self.frame += 1
            self.clock.tags = [self.frame]
        self._sent_at = time.monotonic()

    def _send_texts(self) -> None:
        names = list(self.texts)
        html = [self.texts[name] for name in names]
        if html != self.clock.data["html"] or names != self.clock.data["slot"]:
            self.clock.data = {"slot": names, "html": html}

    def _on_ack(self, _attr: str, _old: list, new: list) -> None:
        try:  # a frame not sent yet cannot be acknowledged
            self.acknowledged = max(self.acknowledged, min(int(new[0]), self.frame))
        except (TypeError, ValueError, IndexError, OverflowError):
            return
        if self.pending and self._may_send():
            self.flush()
