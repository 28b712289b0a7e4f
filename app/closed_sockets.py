"""Quiet the expected end of a websocket: a tab closed while a frame was on its way.

Tornado reports a write to a socket that the browser just closed as an asyncio task whose
exception "was never retrieved", with a traceback in the server log. Nothing is wrong then:
the session simply ends. This handler logs those at debug level and passes every other
exception to asyncio's default handler.
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
    """Install the handler on ``loop`` (the running one by default); idempotent."""
    loop = loop or asyncio.get_event_loop()
    if loop.get_exception_handler() is not _handler:
        loop.set_exception_handler(_handler)
