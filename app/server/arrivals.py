"""Pages on their way: built one at a time, websockets first, and never reaped while loading.

When a class opens the link together, dozens of page requests arrive within a second. Each
builds a session: synchronous work that holds the server's event loop for as long as it
takes. Left to themselves, the builds of all queued requests run before the websockets of
the pages already sent are served, so nobody has a live page before nearly every page is
built. And Bokeh reaps a session whose websocket has not connected within the unused-session
lifetime (meant for closed tabs, a few seconds), so under a burst a page was built a second
time when its websocket came at last.

:class:`Arrivals` puts the page requests in order:

* **One build at a time, in order of arrival.** Page requests wait for their turn
  (:meth:`Arrivals.build_turn`); an asyncio lock hands turns out first come, first served.
* **Websockets first.** A turn begins by yielding to the event loop for ``yield_s``, so that
  the requests that came in during the last build are read, a websocket's opening included.
  It then waits while a websocket is between its opening and the pull of its document, each
  for at most ``socket_wait_s``, so that a client that stalls cannot hold the others up.
* **The page just sent may catch up.** A browser takes a moment to open the websocket of a
  page it has just received; if the next build started meanwhile, the page would wait for
  that whole build. So a turn also waits until a websocket has opened since the last page
  went out, for at most ``hold_share`` of the time that page took to build: a page whose
  browser is quick to connect gains a whole build, and a slow one costs the queue a bounded
  share of its time (with builds of 1 s and a share of 0.25, at most 0.25 s per page).
* **A page that is still loading is not reaped.** A session built for a page has its
  expiration blocked (Bokeh's public ``ServerSession.block_expiration``) until its document
  is pulled, or for ``grace_s`` at most. Then the unused-session lifetime applies to it as to
  any session: a tab closed later is cleaned up as quickly as before.

:attr:`Arrivals.queued` counts the page requests admitted and not built yet: admission adds
them to the sessions that exist.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from bokeh.server.session import ServerSession

__all__ = ["LOADING_GRACE_S", "Arrivals"]

#: Longest time a session built for a page is kept, unconnected, for its websocket.
LOADING_GRACE_S = 30.0


class Arrivals:
    """The order in which sessions are built, and the pages still on their way.

    Parameters
    ----------
    grace_s : float
        Longest time a session built for a page is kept, unconnected, for its websocket.
    socket_wait_s : float
        Longest time a build waits for one websocket to pull its document.
    hold_share : float
        Longest wait for the websocket of the page just sent, as a share of its build time.
    yield_s : float
        Time given to the event loop before each build.
    """

    def __init__(
        self,
        grace_s: float = LOADING_GRACE_S,
        socket_wait_s: float = 5.0,
        hold_share: float = 0.25,
        yield_s: float = 0.005,
    ) -> None:
        self.grace_s = grace_s
        self.socket_wait_s = socket_wait_s
        self.hold_share = hold_share
        self.yield_s = yield_s
        self.queued = 0  #: page requests admitted and not built yet (waiting or building)
        self._turn = asyncio.Lock()
        self._opening: dict[object, float] = {}  # socket -> loop time of its opening
        self._socket_news = asyncio.Event()  # a socket opened, pulled or closed
        self._loading: dict[ServerSession, asyncio.TimerHandle] = {}
        self._hold_until = 0.0  # loop time until which the page just sent may catch up
        self._sent_in_turn = False

    @asynccontextmanager
    async def build_turn(self) -> AsyncIterator[None]:
        """Wait for this page request's turn to build; the turn lasts the ``with`` body.

        The body must build the session and send the page without awaiting anything else,
        so that nothing runs between the turn's start and the page going out; it reports the
        page with :meth:`page_sent`.
        """
        loop = asyncio.get_running_loop()
        self.queued += 1
        try:
            async with self._turn:
                await self._make_way()
                self._sent_in_turn = False
                started = loop.time()
                yield
                if self._sent_in_turn:
                    now = loop.time()
                    self._hold_until = now + self.hold_share * (now - started)
        finally:
            self.queued -= 1

    async def _make_way(self) -> None:
        """Let the loop read what came in, then give the websockets their turn first."""
        loop = asyncio.get_running_loop()
        await asyncio.sleep(self.yield_s)
        while True:
            now = loop.time()
            pulling = [t for t in self._opening.values() if now - t < self.socket_wait_s]
            if pulling:
                deadline = min(pulling) + self.socket_wait_s
            elif now < self._hold_until:
                deadline = self._hold_until
            else:
                return
            self._socket_news.clear()
            with suppress(TimeoutError):
                await asyncio.wait_for(self._socket_news.wait(), deadline - now)

    def page_sent(self, session: ServerSession) -> None:
        """Keep ``session``, built for a page just sent, until its document is pulled."""
        self._sent_in_turn = True
        if session in self._loading or session.destroyed:
            return
        session.block_expiration()
        loop = asyncio.get_running_loop()
        self._loading[session] = loop.call_later(self.grace_s, self._stop_waiting, session)

    def socket_opened(self, socket: object) -> None:
        """A websocket has opened: builds wait until it has pulled its document."""
        self._opening[socket] = asyncio.get_running_loop().time()
        self._hold_until = 0.0  # the page just sent, or an earlier one, has caught up
        self._socket_news.set()

    def document_pulled(self, socket: object, session: ServerSession) -> None:
        """``socket`` has received the document of ``session``: the page has arrived."""
        self.socket_closed(socket)
        timer = self._loading.get(session)
        if timer is not None:
            timer.cancel()
            self._stop_waiting(session)

    def socket_closed(self, socket: object) -> None:
        """``socket`` no longer holds the builds up."""
        if self._opening.pop(socket, None) is not None:
            self._socket_news.set()

    def _stop_waiting(self, session: ServerSession) -> None:
        """From now on the unused-session lifetime applies to ``session``."""
        if self._loading.pop(session, None) is not None:
            session.unblock_expiration()
