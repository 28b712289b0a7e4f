"""Light clients: pages played over Bokeh's websocket protocol, rendering nothing.

A light client does on the wire what a browser tab does, without drawing: it fetches the
page (and so makes the server build a session), opens the websocket with the page's token,
pulls the document, sends ``document_ready``, sets the speed and starts the repeated
update, then acknowledges every frame as the page's ``requestAnimationFrame`` would, by
setting the ``tags`` of the frame clock's ``ack`` model to the frame number (see
app/runtime/frames.py). Many of them measure the server, where as many real browsers would measure
the browsers.

:func:`page_controls` is the one place that knows which models of the page a light client
drives.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Coroutine, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, TypeVar

import psutil
from bokeh_client import BokehClient  # tests/browser, on the import path of its users
from measuring import busy_cpu

__all__ = [
    "LightClient",
    "LightRun",
    "PageControls",
    "open_together",
    "page_controls",
    "run_in_thread",
    "run_light_clients",
    "server_processes",
]

T = TypeVar("T")

#: How long a client may take to open its session (fetch, build, connect, pull), in seconds.
OPEN_TIMEOUT = 300.0


@dataclass(frozen=True)
class PageControls:
    """Ids of the models that a light client drives in the page's document."""

    controls: str  #: the page's controls component, which takes messages (app/controls/)
    clock: str  #: the frame clock: the server bumps its ``tags`` once per frame
    ack: str  #: the model whose ``tags`` acknowledge a frame


class ServerFullError(Exception):
    """The server had no place for the client until it gave up."""


def _objects(node: object) -> Iterator[dict]:
    """Every serialized Bokeh object within a document's JSON, references included."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "id" in node:
            yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def page_controls(doc: dict) -> PageControls:
    """Find the controls component and the frame clock in a pulled document."""
    objects = [o for o in _objects(doc) if "attributes" in o]
    by_name = {o["attributes"].get("name"): o["id"] for o in objects}
    (controls,) = (o["id"] for o in objects if o["name"].endswith(".ReactiveESM")
                   and o["attributes"].get("name") == "controls")  # fmt: skip
    return PageControls(
        controls=controls, clock=by_name["frame_clock"], ack=by_name["frame_clock_ack"]
    )


def count_models(doc: dict) -> int:
    """The number of distinct models in a pulled document."""
    return len({o["id"] for o in _objects(doc)})


def server_processes(pid: int) -> list[psutil.Process]:
    """The server's process and the workers it forked (``--num-procs`` above 1)."""
    parent = psutil.Process(pid)
    return [parent, *parent.children(recursive=True)]


def _is_frame_number(tags: object) -> bool:
    return isinstance(tags, list) and len(tags) == 1 and isinstance(tags[0], int)


def _get(url: str) -> tuple[int, dict[str, str], str]:
    """GET ``url``: status, headers and body (an error status is returned, not raised)."""
    try:
        with urllib.request.urlopen(url, timeout=OPEN_TIMEOUT) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


class LightClient:
    """One page's session, driven over the websocket without rendering.

    Parameters
    ----------
    url : str
        The page's address, e.g. ``http://127.0.0.1:5006/``.
    speed : int
        Steps per second to set before starting the repeated update.

    Attributes
    ----------
    times : dict of str to float
        ``time.monotonic()`` of each stage: ``arrived`` (the page is asked for), ``page``
        (the page is received), ``connected`` (the websocket's ACK is received), ``pulled``
        (the document is received) and ``live`` (the first frame after starting the
        repeated update is received).
    frames : list of float
        Arrival time of each frame.
    notices : int
        How many times the server answered that it is full (HTTP 503).
    """

    def __init__(self, url: str, speed: int = 60) -> None:
        self.url = url
        self.speed = speed
        self.times: dict[str, float] = {}
        self.frames: list[float] = []
        self.notices = 0
        self.models = 0
        self.error: str | None = None
        self.controls: PageControls | None = None
        self._msgid = 0

    async def _send(self, ws, msgtype: str, content: dict) -> None:
        self._msgid += 1
        await ws.send(json.dumps({"msgid": f"light{self._msgid}", "msgtype": msgtype}))
        await ws.send("{}")
        await ws.send(json.dumps(content))

    async def _patch(self, ws, changes: list[tuple[str, str, object]]) -> None:
        events = [{"kind": "ModelChanged", "model": {"id": model}, "attr": attr, "new": new}
                  for model, attr, new in changes]  # fmt: skip
        await self._send(ws, "PATCH-DOC", {"events": events})

    @staticmethod
    async def _receive(ws) -> tuple[dict, dict]:
        header = json.loads(await ws.recv())
        await ws.recv()  # metadata
        content = json.loads(await ws.recv())
        for _ in range(header.get("num_buffers", 0) * 2):
            await ws.recv()
        return header, content

    async def fetch_page(self, fetch: Executor, stop: asyncio.Event | None = None) -> str:
        """The page's HTML; a "full" answer is retried after the time the server asks for.

        Raises
        ------
        ServerFullError
            When ``stop`` is set while the client waits for a place.
        """
        loop = asyncio.get_running_loop()
        stop = stop or asyncio.Event()
        while True:
            status, headers, body = await loop.run_in_executor(fetch, _get, self.url)
            if status != 503:
                return body
            self.notices += 1
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), float(headers.get("Retry-After", "10")))
            if stop.is_set():
                raise ServerFullError(f"no place after {self.notices} tries")

    async def open(self, fetch: Executor, stop: asyncio.Event | None = None):
        """Fetch the page, connect and pull the document; return the open websocket.

        A client refused for want of a place retries until ``stop`` is set.
        """
        import websockets

        self.times["arrived"] = time.monotonic()
        html = await self.fetch_page(fetch, stop)
        self.times["page"] = time.monotonic()
        token = re.search(r'"token":\s*"([^"]+)"', html).group(1)
        origin = re.match(r"https?://[^/]+", self.url).group(0)
        ws = await websockets.connect(
            origin.replace("http", "ws", 1) + "/ws", subprotocols=["bokeh", token],
            origin=origin, max_size=None, open_timeout=OPEN_TIMEOUT,
            ping_interval=None,  # a browser does not ping; the server pings it
        )  # fmt: skip
        header, content = await self._receive(ws)
        while header["msgtype"] != "ACK":  # the session is ready to take messages
            header, content = await self._receive(ws)
        self.times["connected"] = time.monotonic()
        await self._send(ws, "PULL-DOC-REQ", {})
        while header["msgtype"] != "PULL-DOC-REPLY":
            header, content = await self._receive(ws)
        self.times["pulled"] = time.monotonic()
        self.models = count_models(content["doc"])
        self.controls = page_controls(content["doc"])
        ready = {
            "kind": "MessageSent",
            "msg_type": "bokeh_event",
            "msg_data": {"type": "event", "name": "document_ready", "values": {"type": "map"}},
        }
        await self._send(ws, "PATCH-DOC", {"events": [ready]})  # as BokehJS does
        return ws

    async def _tell(self, ws, message: dict) -> None:
        """Send the controls a message, as their JavaScript does (``model.send_msg``)."""
        event = BokehClient.bokeh_event(self.controls.controls, "data_event", {"data": message})
        await self._send(ws, "PATCH-DOC", {"events": [event]})

    async def start(self, ws) -> None:
        """Set the speed and start the repeated update."""
        await self._tell(ws, {"set": "speed", "value": self.speed})
        await self._tell(ws, {"set": "running", "value": True})

    async def follow(self, ws, stop: asyncio.Event) -> None:
        """Receive and acknowledge frames until ``stop`` is set."""
        clock, ack = self.controls.clock, self.controls.ack
        stopped = asyncio.ensure_future(stop.wait())
        receiving = None
        try:
            while not stop.is_set():
                # A receive is never cancelled half-way, so the frames stay in step.
                receiving = receiving or asyncio.ensure_future(self._receive(ws))
                done, _ = await asyncio.wait({receiving, stopped}, return_when="FIRST_COMPLETED")
                if receiving not in done:
                    break
                header, content = receiving.result()
                receiving = None
                if header["msgtype"] != "PATCH-DOC":
                    continue
                for event in content["events"]:
                    if event.get("attr") != "tags" or not _is_frame_number(event["new"]):
                        continue
                    if event["model"]["id"] == clock:
                        now = time.monotonic()
                        self.times.setdefault("live", now)
                        self.frames.append(now)
                        await self._patch(ws, [(ack, "tags", event["new"])])
        finally:
            for task in (receiving, stopped):
                if task is not None:
                    task.cancel()

    async def run(self, stop: asyncio.Event, fetch: Executor, gate: asyncio.Semaphore) -> None:
        """Open a session, animate it until ``stop`` is set, then close it.

        ``gate`` limits how many clients open their sessions at a time. A failure is kept in
        :attr:`error` rather than raised, so that one client cannot end the others.
        """
        ws = None
        try:
            async with gate:
                ws = await self.open(fetch, stop)
            await self.start(ws)
            await self.follow(ws, stop)
        except Exception as exc:  # reported with the figures
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            if ws is not None:
                await ws.close()


def run_in_thread(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to its end on a new event loop in a thread of its own.

    Playwright's sync API keeps an event loop running in the thread that uses it, where
    ``asyncio.run`` would be refused.
    """
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def open_together(url: str, count: int) -> list[LightClient]:
    """``count`` clients that ask for the page at once and pull their documents.

    Each connects as soon as its page arrives; every socket is closed once all are open.
    """

    async def main() -> list[LightClient]:
        clients = [LightClient(url) for _ in range(count)]
        with ThreadPoolExecutor(count) as fetch:
            sockets = await asyncio.gather(*(client.open(fetch) for client in clients))
        for ws in sockets:
            await ws.close()
        return clients

    return run_in_thread(main())


@dataclass
class LightRun:
    """Light clients that animated together, and the window they were measured over."""

    clients: list[LightClient]
    start: float = 0.0  #: ``time.monotonic()`` at the window's start
    end: float = 0.0  #: and at its end
    server_cpu: float = 0.0  #: the server's CPU % (100 = one core), workers included
    busy: float = 0.0  #: the machine's busy CPU % over the window
    notes: list[str] = field(default_factory=list)

    def rates(self) -> list[float]:
        """Each client's frames per second over the window (0 for a client with none)."""
        span = max(self.end - self.start, 1e-9)
        return [sum(self.start <= t <= self.end for t in c.frames) / span for c in self.clients]


def run_light_clients(
    url: str,
    server_pid: int,
    count: int,
    seconds: float,
    *,
    speed: int = 60,
    warmup: float = 2.0,
    arrive_within: float | None = None,
    live_timeout: float = 120.0,
) -> LightRun:
    """``count`` light clients animating together: ``warmup`` once all are live, then ``seconds``.

    Parameters
    ----------
    url, server_pid : str, int
        The page's address and the server's process id.
    count, seconds, speed, warmup
        How many clients, the measured window, their steps per second, and the wait
        between the last client going live and the window.
    arrive_within : float, optional
        Spread the clients' arrivals evenly over this many seconds, all opening at once (a
        lecture hall). By default they open two at a time, as quickly as the server allows.
    live_timeout : float
        The window starts after this many seconds even if some clients are not live.
    """
    clients = [LightClient(url, speed) for _ in range(count)]
    run = LightRun(clients)
    procs = server_processes(server_pid)

    async def measure(stop: asyncio.Event) -> None:
        deadline = time.monotonic() + live_timeout
        # Clients refused for want of a place stay refused while all others animate.
        while time.monotonic() < deadline and not all(
            c.frames or c.error or c.notices for c in clients
        ):
            await asyncio.sleep(0.1)
        await asyncio.sleep(warmup)
        run.start = time.monotonic()
        for proc in procs:
            proc.cpu_percent(None)
        with busy_cpu() as cpu:
            await asyncio.sleep(seconds)
        run.end = time.monotonic()
        run.server_cpu = sum(proc.cpu_percent(None) for proc in procs)
        run.busy = cpu["busy"]
        stop.set()

    async def arrive(client: LightClient, delay: float, *args) -> None:
        await asyncio.sleep(delay)
        await client.run(*args)

    async def main() -> None:
        stop = asyncio.Event()
        gate = asyncio.Semaphore(count if arrive_within is not None else 2)
        spacing = (arrive_within or 0.0) / max(count, 1)
        with ThreadPoolExecutor(count) as fetch:
            await asyncio.gather(
                measure(stop),
                *(arrive(c, i * spacing, stop, fetch, gate) for i, c in enumerate(clients)),
            )

    run_in_thread(main())
    run.notes = sorted({c.error for c in clients if c.error})
    return run
