"""The build order and the pages on their way, on a real event loop and real Bokeh sessions."""

from __future__ import annotations

import asyncio

from bokeh.document import Document
from bokeh.server.session import ServerSession
from light_clients import run_in_thread  # each scenario on an event loop of its own
from tornado.ioloop import IOLoop

from app.server.arrivals import Arrivals


def new_session(name: str = "s") -> ServerSession:
    return ServerSession(name, Document(), io_loop=IOLoop.current())


def test_builds_take_turns_in_order_of_arrival() -> None:
    async def scenario() -> list[str]:
        arrivals = Arrivals(yield_s=0.0)
        events: list[str] = []

        async def page(name: str) -> None:
            async with arrivals.build_turn():
                events.append(f"{name} starts")
                await asyncio.sleep(0.01)  # another turn may not start meanwhile
                events.append(f"{name} ends")

        await asyncio.gather(*(page(name) for name in "abc"))
        assert arrivals.queued == 0
        return events

    assert run_in_thread(scenario()) == [
        "a starts", "a ends", "b starts", "b ends", "c starts", "c ends"
    ]  # fmt: skip


def test_queued_counts_the_requests_waiting_and_building() -> None:
    async def scenario() -> list[int]:
        arrivals = Arrivals(yield_s=0.0)
        seen: list[int] = []

        async def page() -> None:
            async with arrivals.build_turn():
                seen.append(arrivals.queued)

        await asyncio.gather(page(), page(), page())
        return [*seen, arrivals.queued]

    assert run_in_thread(scenario()) == [3, 2, 1, 0]


def test_a_build_waits_for_an_open_socket_to_pull_its_document() -> None:
    async def scenario() -> list[str]:
        arrivals = Arrivals(yield_s=0.0)
        session, socket = new_session(), object()
        events: list[str] = []
        arrivals.socket_opened(socket)

        async def next_page() -> None:
            async with arrivals.build_turn():
                events.append("next page built")

        async def pull() -> None:
            await asyncio.sleep(0.05)
            events.append("document pulled")
            arrivals.document_pulled(socket, session)

        await asyncio.gather(next_page(), pull())
        return events

    assert run_in_thread(scenario()) == ["document pulled", "next page built"]


def test_the_next_build_waits_for_the_socket_of_the_page_just_sent() -> None:
    async def scenario() -> list[str]:
        arrivals = Arrivals(yield_s=0.0, hold_share=1000.0)
        events: list[str] = []

        async def first_page() -> None:
            async with arrivals.build_turn():
                await asyncio.sleep(0.01)  # the build
                arrivals.page_sent(new_session())

        async def second_page() -> None:
            await asyncio.sleep(0.005)  # arrives while the first is built
            async with arrivals.build_turn():
                events.append("second page built")

        async def browser() -> None:
            await asyncio.sleep(0.1)  # receives the first page, then opens its socket
            events.append("first socket opened")
            socket = object()
            arrivals.socket_opened(socket)
            await asyncio.sleep(0.05)
            events.append("first document pulled")
            arrivals.document_pulled(socket, new_session())

        await asyncio.gather(first_page(), second_page(), browser())
        return events

    assert run_in_thread(scenario()) == [
        "first socket opened", "first document pulled", "second page built"
    ]  # fmt: skip


def test_the_page_just_sent_holds_the_next_build_for_a_share_of_its_own() -> None:
    async def scenario() -> list[str]:
        arrivals = Arrivals(yield_s=0.0, hold_share=0.5)
        events: list[str] = []

        async def page(name: str, build_s: float) -> None:
            async with arrivals.build_turn():
                await asyncio.sleep(build_s)
                arrivals.page_sent(new_session(name))
                events.append(f"{name} sent")

        async def late_browser() -> None:
            await asyncio.sleep(1.0)  # far longer than half of the first build
            events.append("first socket opened")

        await asyncio.gather(page("first", 0.02), page("second", 0.0), late_browser())
        return events

    assert run_in_thread(scenario()) == ["first sent", "second sent", "first socket opened"]


def test_a_socket_that_never_pulls_holds_builds_only_for_its_wait() -> None:
    async def scenario() -> list[str]:
        arrivals = Arrivals(yield_s=0.0, socket_wait_s=0.05)
        arrivals.socket_opened(object())  # opens, then nothing
        async with arrivals.build_turn():
            return ["built"]

    assert run_in_thread(scenario()) == ["built"]


def test_a_closed_socket_no_longer_holds_builds() -> None:
    async def scenario() -> list[str]:
        arrivals = Arrivals(yield_s=0.0, socket_wait_s=60.0)
        socket, events = object(), []
        arrivals.socket_opened(socket)

        async def close() -> None:
            await asyncio.sleep(0.02)
            events.append("closed")
            arrivals.socket_closed(socket)

        async def build() -> None:
            async with arrivals.build_turn():
                events.append("built")

        await asyncio.gather(build(), close())
        return events

    assert run_in_thread(scenario()) == ["closed", "built"]


def test_a_loading_page_is_kept_until_its_document_is_pulled() -> None:
    async def scenario() -> list[bool]:
        arrivals = Arrivals(grace_s=60.0)
        session, socket = new_session(), object()
        arrivals.page_sent(session)
        states = [session.expiration_blocked, session.expiration_blocked_count == 1]
        arrivals.socket_opened(socket)
        arrivals.document_pulled(socket, session)
        return [*states, session.expiration_blocked, session.expiration_blocked_count == 1]

    assert run_in_thread(scenario()) == [True, True, False, False]


def test_a_page_that_never_connects_is_kept_only_for_the_grace() -> None:
    async def scenario() -> list[bool]:
        arrivals = Arrivals(grace_s=0.05)
        session = new_session()
        arrivals.page_sent(session)
        before = session.expiration_blocked
        await asyncio.sleep(0.2)
        # The block is lifted once: a late pull changes nothing.
        arrivals.document_pulled(object(), session)
        return [before, session.expiration_blocked, session.expiration_blocked_count == 0]

    assert run_in_thread(scenario()) == [True, False, True]


def test_a_session_pulled_twice_is_released_once() -> None:
    async def scenario() -> int:
        arrivals = Arrivals()
        session = new_session()
        arrivals.page_sent(session)
        arrivals.page_sent(session)  # reported twice: blocked once
        arrivals.document_pulled(object(), session)
        arrivals.document_pulled(object(), session)
        return session.expiration_blocked_count

    assert run_in_thread(scenario()) == 0
