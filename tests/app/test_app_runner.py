"""The periodic runner: one callback at the speed's period, for the animation and the race."""

from __future__ import annotations

import asyncio
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from bokeh.application import Application
from bokeh.application.handlers.function import FunctionHandler
from bokeh.client import pull_session
from bokeh.document import Document
from bokeh.server.server import Server
from tornado.ioloop import IOLoop

from app.page import Page
from app.runtime.runner import Runner


def count_ticks() -> tuple[list[int], Callable[[], None]]:
    ticks = [0]

    def step() -> None:
        ticks[0] += 1

    return ticks, step


def test_a_runner_keeps_one_callback_at_the_speeds_period() -> None:
    doc = Document()
    ticks, step = count_ticks()
    runner = Runner(doc, step, speed=10)
    runner.speed = 20  # stopped: nothing to replace
    assert not runner.running and not doc.session_callbacks
    runner.start()
    runner.start()
    (callback,) = doc.session_callbacks
    assert runner.running and callback is runner.callback and callback.period == 50
    callback.callback()  # what Bokeh's loop calls once per period
    assert ticks == [1]
    runner.speed = 4
    (slower,) = doc.session_callbacks
    assert slower is runner.callback is not callback and slower.period == 250
    runner.stop()
    runner.stop()
    assert not runner.running and not doc.session_callbacks


def test_a_runner_is_safe_once_the_session_has_ended() -> None:
    doc = Document()
    runner = Runner(doc, count_ticks()[1], speed=10)
    runner.start()
    doc.remove_periodic_callback(runner.callback)  # as Bokeh does when it destroys the document
    runner.stop()  # the callback is gone already: no error
    assert not runner.running
    runner.start()
    runner.close()  # the session ended: the runner forgets, and touches nothing
    assert not runner.running and len(doc.session_callbacks) == 1


def test_the_animation_and_the_race_use_one_runner_each_at_the_speed(page: Page) -> None:
    animator, race = page.animator, page.lab.race
    assert type(animator.runner) is Runner and type(race.runner) is Runner
    page.state.speed = 20
    page.state.running = True
    race.start()
    callbacks = set(page.doc.session_callbacks)
    assert callbacks == {animator.runner.callback, race.runner.callback}
    assert {callback.period for callback in callbacks} == {50}
    page.state.speed = 5
    assert set(page.doc.session_callbacks) == {animator.runner.callback, race.runner.callback}
    assert {callback.period for callback in page.doc.session_callbacks} == {200}
    animator.runner.callback.callback()
    race.runner.callback.callback()
    assert page.state.trainer.steps == 1 and race.race.steps == 1  # each steps its own
    page.state.running = False
    assert list(page.doc.session_callbacks) == [race.runner.callback]
    race.stop()
    assert not page.doc.session_callbacks


# -- a real server: a session without a browser does not tick ---------------------------------


class ServerThread:
    """A Bokeh server on 127.0.0.1 in a thread, each of whose sessions runs a counting runner."""

    def __init__(self) -> None:
        self.ticks: Counter[str] = Counter()
        self.server: Server | None = None
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        assert self._started.wait(30), "the server did not start"
        self.url = f"http://127.0.0.1:{self.server.port}/"

    def _app(self, doc: Document) -> None:
        session_id = doc.session_context.id

        def step() -> None:
            self.ticks[session_id] += 1

        Runner(doc, step, speed=50).start()

    def _serve(self) -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        self.loop = IOLoop.current()
        self.server = Server(
            {"/": Application(FunctionHandler(self._app))}, io_loop=self.loop, port=0,
            address="127.0.0.1", unused_session_lifetime_milliseconds=600_000,
        )  # fmt: skip
        self.server.start()
        self._started.set()
        self.loop.start()

    def sessions(self) -> dict[str, int]:
        """Each session's id and number of connections."""
        return {s.id: s.connection_count for s in self.server.get_sessions("/")}

    def stop(self) -> None:
        self.loop.add_callback(self.server.stop)
        self.loop.add_callback(self.loop.stop)
        self._thread.join(30)


@pytest.fixture
def bokeh_server() -> Iterator[ServerThread]:
    server = ServerThread()
    yield server
    server.stop()


def wait_for(condition: Callable[[], bool], message: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.02)


def test_a_runner_ticks_only_while_a_browser_is_connected(bokeh_server: ServerThread) -> None:
    with urllib.request.urlopen(bokeh_server.url, timeout=30) as response:
        assert response.status == 200  # a page load: a session, and no browser connected yet
    (unconnected,) = bokeh_server.sessions()
    client = pull_session(url=bokeh_server.url)
    try:
        wait_for(lambda: bokeh_server.ticks[client.id] >= 10, "the connected session ticks")
        assert bokeh_server.sessions() == {unconnected: 0, client.id: 1}
        assert bokeh_server.ticks[unconnected] == 0  # as many periods passed for both
    finally:
        client.close()
    wait_for(lambda: bokeh_server.sessions()[client.id] == 0, "the connection closes")
    closed_at = bokeh_server.ticks[client.id]
    other = pull_session(url=bokeh_server.url)
    try:
        wait_for(lambda: bokeh_server.ticks[other.id] >= 10, "a new connected session ticks")
        assert bokeh_server.ticks[client.id] == closed_at
        assert bokeh_server.ticks[unconnected] == 0
    finally:
        other.close()
