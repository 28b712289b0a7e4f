"""A browser that closes its tab while a message is on its way is no error.

Tornado reports a write to a socket that the browser just closed as an asyncio task whose
exception "was never retrieved", with a traceback in the server log. Nothing is wrong then:
the session simply ends. :func:`install` sets an exception handler on the server's event loop
that logs that case at debug level and passes every other exception to asyncio's default
handler. It buys a server log without false alarms, which the tests require of every run.
This is public asyncio API; it is fenced here because it applies to the whole process.
Checked with Tornado 6.6.1.
"""

from __future__ import annotations

import asyncio
import logging

from tornado.iostream import StreamClosedError
from tornado.websocket import WebSocketClosedError

__all__ = ["install"]

log = logging.getLogger(__name__)
_CLOSED = (WebSocketClosedError, StreamClosedError)


def _handler(loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
    if isinstance(context.get("exception"), _CLOSED):
        log.debug("a browser closed its connection while a message was being sent")
        return
    loop.default_exception_handler(context)


def install(loop: asyncio.AbstractEventLoop | None = None) -> None:
    """Quiet closed sockets on ``loop``, the running one by default. Again: no change."""
    loop = loop or asyncio.get_event_loop()
    if loop.get_exception_handler() is not _handler:
        loop.set_exception_handler(_handler)
