"""The app's page and websocket handlers: Panel's, with admission and the build order.

Bokeh builds its server's routes from the public list ``bokeh.server.urls.per_app_patterns``,
in which Panel has already put its own page and websocket handlers. :func:`install` puts
subclasses of those two in their place before the server is made, as Panel does with
Bokeh's:

* :class:`PageHandler` refuses a page beyond the cap of live sessions (at the cost of a
  small page), builds the others in the order of :class:`~app.server.arrivals.Arrivals`, and
  reports each page sent;
* :class:`SocketHandler` reports when a websocket opens, when it has sent a page's document
  (the ``PULL-DOC-REPLY``), and when it closes.

Bokeh also awaits each application handler's ``on_session_created`` before a build, which
could hold the order; but admission must answer the page request itself, before any session
exists, and the page handler knows when the page went out, so both live here.

Both only override public methods of Tornado's and Bokeh's handlers (``initialize``, ``get``,
``get_session``, ``on_connection_close``, ``open``, ``send_message``, ``on_close``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from bokeh.protocol.message import Message
from bokeh.server.session import ServerSession
from bokeh.server.urls import per_app_patterns
from panel.io.server import DocHandler, WSHandler

from app.server.admission import Admission
from app.server.arrivals import Arrivals

__all__ = ["PageHandler", "SocketHandler", "install"]


class PageHandler(DocHandler):
    """The page: admitted or refused, then built in its turn."""

    arrivals: ClassVar[Arrivals]
    admission: ClassVar[Admission]

    def initialize(self, *args: Any, **kwargs: Any) -> None:
        """Set up the request's state (Tornado calls this for every request)."""
        super().initialize(*args, **kwargs)
        self._session: ServerSession | None = None
        self._gone = False

    def on_connection_close(self) -> None:
        """The browser gave up waiting (a closed tab or a reload): nothing to build for it."""
        self._gone = True
        super().on_connection_close()

    async def get_session(self) -> ServerSession:
        """Panel's session for this page, remembered so that its arrival can be followed."""
        self._session = await super().get_session()
        return self._session

    async def get(self, *args: Any, **kwargs: Any) -> None:
        """Send the notice page when full; otherwise build and send the page in its turn."""
        live = len(self.application_context.sessions) + self.arrivals.queued
        if not self.admission.admits(live):
            self.admission.refuse(self)
            return
        async with self.arrivals.build_turn():
            if self._gone:
                return
            await super().get(*args, **kwargs)
            if self._session is not None:
                self.arrivals.page_sent(self._session)


class SocketHandler(WSHandler):
    """The websocket: its opening, its document pull and its end are reported."""

    arrivals: ClassVar[Arrivals]

    def open(self, *args: Any, **kwargs: Any) -> None:
        """Report the opening, then open as Panel does."""
        self.arrivals.socket_opened(self)
        super().open(*args, **kwargs)

    async def send_message(self, message: Message[Any]) -> None:
        """Send ``message``; once it is the document, the page has arrived."""
        await super().send_message(message)
        if message.msgtype == "PULL-DOC-REPLY" and self.connection is not None:
            self.arrivals.document_pulled(self, self.connection.session)

    def on_close(self) -> None:
        """Report the end, then close as Bokeh does."""
        self.arrivals.socket_closed(self)
        super().on_close()


def install(arrivals: Arrivals, admission: Admission) -> None:
    """Serve pages and websockets of the apps made from now on with the handlers above."""
    PageHandler.arrivals = SocketHandler.arrivals = arrivals
    PageHandler.admission = admission
    ours = {DocHandler: PageHandler, WSHandler: SocketHandler}
    per_app_patterns[:] = [(route, ours.get(handler, handler), *rest)
                           for route, handler, *rest in per_app_patterns]  # fmt: skip
