"""The server's websocket connections: sent without delay, and closed quietly.

* **No delay.** Bokeh sends each message as several websocket frames (header, metadata,
  content). With Nagle's algorithm on, the later frames wait for the browser to acknowledge
  the first one at the TCP level, which browsers delay by up to 40 ms: one animation frame
  would cost that wait every time. Tornado leaves the choice to the application.
* **Quiet close.** Tornado reports a write to a socket that the browser just closed as an
  asyncio task whose exception "was never retrieved", with a traceback in the server log.
  Nothing is wrong then: the session simply ends. That case is logged at debug level, every
  other exception goes to asyncio's default handler.
"""

from __future__ import annotations

import asyncio
import logging

from bokeh.document import Document
from bokeh.server.views.ws import WSHandler
from tornado.iostream import StreamClosedError
from tornado.websocket import WebSocketClosedError

__all__ = ["has_browser", "install"]

log = logging.getLogger(__name__)
_CLOSED = (WebSocketClosedError, StreamClosedError)


def _handler(loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
    if isinstance(context.get("exception"), _CLOSED):
        log.debug("a browser closed its connection while a message was being sent")
        return
    loop.default_exception_handler(context)


def has_browser(doc: Document) -> bool:
    """Whether a browser is connected to the session of ``doc`` (true outside a server).

    An animation skips its work while this is false: a closed tab computes nothing in the
    seconds before Bokeh cleans its session up.
    """
    session = getattr(doc.session_context, "session", None)
    return session is None or session.connection_count > 0


def _open_without_delay(self: WSHandler, *args: object, **kwargs: object) -> object:
    self.set_nodelay(True)
    return _bokeh_open(self, *args, **kwargs)


_bokeh_open = WSHandler.open


def install(loop: asyncio.AbstractEventLoop | None = None) -> None:
    """Send without delay on new connections, and quiet closed sockets on ``loop``.

    ``loop`` is the running one by default. Calling this again changes nothing.
    """
    if WSHandler.open is not _open_without_delay:
        WSHandler.open = _open_without_delay
    loop = loop or asyncio.get_event_loop()
    if loop.get_exception_handler() is not _handler:
        loop.set_exception_handler(_handler)
