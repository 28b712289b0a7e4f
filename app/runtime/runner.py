"""A periodic runner: one function called ``speed`` times per second while it runs.

It serves the page's animation and the lab's race. It keeps at most one Bokeh periodic
callback, whose period is ``1000 / speed`` ms: a new speed replaces it. It is a plain Bokeh
periodic callback on purpose, cheaper than Panel's, which tracks busy state. A tick does
nothing while no browser is connected to the session, so a closed tab computes nothing in
the seconds before Bokeh cleans its session up.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from bokeh.document import Document
from bokeh.server.callbacks import PeriodicCallback
from panel.io.state import set_curdoc

__all__ = ["Runner", "has_browser"]


def has_browser(doc: Document) -> bool:
    """Whether a browser is connected to the session of ``doc`` (true outside a server).

    A runner skips its ticks while this is false: a closed tab computes nothing in the
    seconds before Bokeh cleans its session up.
    """
    session = getattr(doc.session_context, "session", None)
    return session is None or session.connection_count > 0


class Runner:
    """Call ``step`` ``speed`` times per second on the document's event loop while running.

    Parameters
    ----------
    doc : Document
        The session's document, whose periodic callback calls ``step``.
    step : callable
        What one tick does; it runs with ``doc`` as Panel's current document.
    speed : int
        Ticks per second.

    Attributes
    ----------
    callback : PeriodicCallback or None
        The periodic callback while running, else None.
    """

    def __init__(self, doc: Document, step: Callable[[], None], speed: int) -> None:
        self.doc = doc
        self.step = step
        self._speed = speed
        self.callback: PeriodicCallback | None = None

    @property
    def running(self) -> bool:
        """Whether the periodic callback is on."""
        return self.callback is not None

    @property
    def speed(self) -> int:
        """Ticks per second; a new speed while running replaces the periodic callback."""
        return self._speed

    @speed.setter
    def speed(self, speed: int) -> None:
        self._speed = speed
        if self.running:
            self.stop()
            self.start()

    def start(self) -> None:
        """Add the periodic callback, with a period of ``1000 / speed`` ms; no-op if running."""
        if self.callback is None:
            self.callback = self.doc.add_periodic_callback(self._tick, 1000.0 / self._speed)

    def stop(self) -> None:
        """Remove the periodic callback, if any."""
        if self.callback is not None:
            with contextlib.suppress(ValueError):  # already removed with the document
                self.doc.remove_periodic_callback(self.callback)
            self.callback = None

    def close(self) -> None:
        """Forget the periodic callback; called when the session has ended.

        Bokeh has already removed the callbacks of the destroyed document.
        """
        self.callback = None

    def _tick(self) -> None:
        if has_browser(self.doc):
            with set_curdoc(self.doc):
                self.step()
