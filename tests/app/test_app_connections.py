"""Websocket connections: no Nagle delay, and a quiet end when a tab closes mid-frame."""

from __future__ import annotations

import asyncio

from bokeh.server.views.ws import WSHandler
from tornado.websocket import WebSocketClosedError

from app import connections


def test_install_is_idempotent_and_turns_nagle_off() -> None:
    loop = asyncio.new_event_loop()
    try:
        connections.install(loop)
        patched = WSHandler.open
        connections.install(loop)
        assert WSHandler.open is patched is connections._open_without_delay

        class Socket:
            nodelay = False

            def set_nodelay(self, value: bool) -> None:
                self.nodelay = value

        socket = Socket()
        original = connections._bokeh_open
        connections._bokeh_open = lambda self, *args, **kwargs: "opened"
        try:
            assert connections._open_without_delay(socket) == "opened"
        finally:
            connections._bokeh_open = original
        assert socket.nodelay
    finally:
        loop.close()


def test_a_closed_socket_is_quiet_and_other_errors_are_not() -> None:
    loop = asyncio.new_event_loop()
    reported: list[dict] = []
    loop.default_exception_handler = reported.append  # type: ignore[method-assign]
    try:
        connections.install(loop)
        handler = loop.get_exception_handler()
        handler(loop, {"message": "closed", "exception": WebSocketClosedError()})
        assert reported == []
        handler(loop, {"message": "boom", "exception": RuntimeError("boom")})
        assert len(reported) == 1
    finally:
        loop.close()
