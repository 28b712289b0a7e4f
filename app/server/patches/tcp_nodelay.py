"""Send each websocket message at once: no Nagle delay on the server's connections.

Bokeh sends each message as several websocket frames (header, metadata, content). With
Nagle's algorithm on, the later frames wait for the browser to acknowledge the first one at
the TCP level, which browsers delay by up to 40 ms: one animation frame would cost that wait
every time. Tornado leaves the choice to the application, and Bokeh's websocket handler
(``bokeh.server.views.ws.WSHandler``) does not make it, so :func:`install` wraps its ``open``
to set ``TCP_NODELAY``. Measured when it was added: click-to-repaint went from about 56 ms
to about 15 ms (median, idle page; tests/benchmarks/README.md). Checked on Bokeh 3.9.2 and
Tornado 6.6.1.
"""

from __future__ import annotations

from bokeh.server.views.ws import WSHandler

__all__ = ["install"]


def _open_without_delay(self: WSHandler, *args: object, **kwargs: object) -> object:
    self.set_nodelay(True)
    return _bokeh_open(self, *args, **kwargs)


_bokeh_open = WSHandler.open


def install() -> None:
    """Send without delay on every new websocket connection. Calling this again changes nothing."""
    if WSHandler.open is not _open_without_delay:
        WSHandler.open = _open_without_delay
