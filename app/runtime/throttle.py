"""A rate limit for work that follows the state: at most once per interval, the last never lost."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from bokeh.document import Document
from bokeh.server.callbacks import TimeoutCallback
from panel.io.document import hold
from panel.io.state import set_curdoc

__all__ = ["Throttle"]


class Throttle:
    """Run ``action`` at most once per ``interval`` seconds, and never drop the last request.

    A request within the interval after a run schedules one late run on the document's
    event loop, at the end of the interval; further requests until then join it.
    """

    def __init__(self, doc: Document, action: Callable[[], None], interval: float = 0.5) -> None:
        self.doc = doc
        self.action = action
        self.interval = interval
        self._last = -math.inf
        self._late: TimeoutCallback | None = None

    def request(self) -> None:
        """Run now if the interval has passed since the last run, else once it has."""
        if self._late is not None:
            return
        wait = self._last + self.interval - time.monotonic()
        if wait <= 0:
            self.run()
        else:
            self._late = self.doc.add_timeout_callback(self._run_late, 1000 * wait)

    def run(self) -> None:
        """Run the action now."""
        self._last = time.monotonic()
        self.action()

    def _run_late(self) -> None:
        self._late = None
        with set_curdoc(self.doc), hold(self.doc):
            self.run()

    def close(self) -> None:
        """Forget a scheduled run; called when the session has ended.

        Bokeh has already removed the callbacks of the destroyed document.
        """
        self._late = None
