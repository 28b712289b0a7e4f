"""Repeated updates: a session-scoped periodic callback that steps the state.

It is a plain Bokeh periodic callback (cheaper than Panel's, which tracks busy state). It
stops on Stop, on Reset, on divergence and when the session ends, and it skips work while
no browser is connected.
"""

from __future__ import annotations

import contextlib

from bokeh.document import Document
from bokeh.server.callbacks import PeriodicCallback
from panel.io.state import set_curdoc

from app.connections import has_browser
from app.runtime.frames import FrameSync
from app.state import DemoState

__all__ = ["Animator"]


class Animator:
    """Steps ``state`` ``state.speed`` times per second while ``state.running`` is true."""

    def __init__(self, doc: Document, state: DemoState, sync: FrameSync) -> None:
        self.doc = doc
        self.state = state
        self.sync = sync
        self.callback: PeriodicCallback | None = None
        #: Whether the state is being stepped by the animation (rather than by the user).
        self.stepping = False
        state.param.watch(self._on_running, "running")
        state.param.watch(self._on_speed, "speed")

    def _on_running(self, event: object) -> None:
        if self.state.running:
            self._start()
        else:
            self.stop()

    def _on_speed(self, event: object) -> None:
        if self.callback is not None:
            self.stop()
            self._start()

    def _start(self) -> None:
        if self.callback is None:
            period = 1000.0 / self.state.speed
            self.callback = self.doc.add_periodic_callback(self._tick, period)

    def stop(self) -> None:
        """Remove the periodic callback, if any."""
        if self.callback is not None:
            with contextlib.suppress(ValueError):  # already removed with the document
                self.doc.remove_periodic_callback(self.callback)
            self.callback = None

    def _tick(self) -> None:
        if not has_browser(self.doc):
            return
        self.stepping = True
        try:
            with set_curdoc(self.doc):
                self.state.step()
        finally:
            self.stepping = False
