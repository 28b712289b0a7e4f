"""The Python hooks: no Nagle delay, a quiet end when a tab closes mid-frame, all installed once."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bokeh.core.has_props import HasProps
from bokeh.core.properties import Int, Override
from bokeh.model import Model
from bokeh.models import ColumnDataSource, LinearAxis, Plot, Scatter, Slider
from bokeh.server.views.ws import WSHandler
from panel.io.resources import BASE_TEMPLATE
from tornado.websocket import WebSocketClosedError

from app.server import patches
from app.server.patches import class_defaults, page_language, quiet_close, tcp_nodelay


def test_install_is_idempotent_and_turns_nagle_off() -> None:
    loop = asyncio.new_event_loop()
    try:
        tcp_nodelay.install()
        patched = WSHandler.open
        tcp_nodelay.install()
        assert WSHandler.open is patched is tcp_nodelay._open_without_delay

        class Socket:
            nodelay = False

            def set_nodelay(self, value: bool) -> None:
                self.nodelay = value

        socket = Socket()
        original = tcp_nodelay._bokeh_open
        tcp_nodelay._bokeh_open = lambda self, *args, **kwargs: "opened"
        try:
            assert tcp_nodelay._open_without_delay(socket) == "opened"
        finally:
            tcp_nodelay._bokeh_open = original
        assert socket.nodelay
    finally:
        loop.close()


def test_a_closed_socket_is_quiet_and_other_errors_are_not() -> None:
    loop = asyncio.new_event_loop()
    reported: list[dict] = []
    loop.default_exception_handler = reported.append  # type: ignore[method-assign]
    try:
        quiet_close.install(loop)
        handler = loop.get_exception_handler()
        handler(loop, {"message": "closed", "exception": WebSocketClosedError()})
        assert reported == []
        handler(loop, {"message": "boom", "exception": RuntimeError("boom")})
        assert len(reported) == 1
    finally:
        loop.close()


def test_every_python_hook_is_installed_once_whatever_the_calls() -> None:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        patches.install()
        hooks = (WSHandler.open, loop.get_exception_handler())
        patches.install()
        assert (WSHandler.open, loop.get_exception_handler()) == hooks
        assert WSHandler.open is tcp_nodelay._open_without_delay
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def test_cached_class_defaults_are_bokehs_own_for_every_model_class() -> None:
    class_defaults.install()
    cached = HasProps.__dict__["_overridden_defaults"]
    class_defaults.install()
    assert HasProps.__dict__["_overridden_defaults"] is cached  # installed once
    assert cached is not class_defaults._bokeh_overridden_defaults
    bokehs = class_defaults._bokeh_overridden_defaults.__func__
    for cls in (Plot, LinearAxis, ColumnDataSource, Scatter, Slider, Model):
        assert cls._overridden_defaults() == bokehs(cls), cls
    assert Plot._overridden_defaults() is Plot._overridden_defaults()  # merged once per class

    # Classes made after the install have their own overrides.
    class Base(HasProps):
        size = Int(1)

    class Wide(Base):
        size = Override(default=2)

    assert (Base().size, Wide().size, Base().size) == (1, 2, 1)


def test_panels_page_template_still_has_the_language_that_is_taken_out() -> None:
    # The page's <html lang> itself is checked on a served page (tests/server).
    panel_template = Path(BASE_TEMPLATE.filename).read_text(encoding="utf-8")
    assert panel_template.count(page_language.PANEL_LANG) == 1
