"""Browser benchmark of the served app: rate, latencies, traffic, capacity, memory, first visit.

Run by hand (pytest does not collect it)::

    python tests/benchmarks/bench_browser.py [--quick] [--reps 3] [--long-seconds 600]
                                             [--overlays] [--features] [--skip 6,8]
                                             [--json out.json]

Every figure is measured in the browser (or, for capacity, by clients that speak Bokeh's
websocket protocol without rendering), over ``--reps`` interleaved repetitions, each against
a fresh server process. The table gives medians and ranges, with the machine's busy CPU
(from ``/proc/stat``) during each measurement. See the "Browser benchmark" section of
``tests/benchmarks/README.md`` for what each figure means and the latest results.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout's app
from helpers_browser import (  # found through the path set above
    CHROMIUM_ARGS,
    LOAD_TIMEOUT_MS,
    POINT_TO_PAGE_JS,
    VIEWPORT,
    AppServer,
    find_chromium,
    open_app,
    press_on_slider,
    step_count,
    wait_until,
)
from light_clients import run_light_clients  # next to this script; needs tests/browser
from measuring import Results, busy_cpu, percentile

from app.catalogue import say
from app.views.data_table import ROWS_TEXT
from app.views.parameters import VALUES_TEXT

# -- in-page instruments ------------------------------------------------------------------

#: Installed before the page's scripts: records websocket traffic and input-event times.
INSTRUMENT_JS = r"""
(() => {
  const B = (window.__bench = { ws: [], frames: [], paints: [], watch: null });
  const typeOf = (data) => {
    if (typeof data !== 'string' || data.length > 400 || !data.includes('"msgtype"')) return null;
    try { return JSON.parse(data).msgtype ?? null; } catch (e) { return null; }
  };
  const sizeOf = (data) => (typeof data === 'string' ? data.length : data.byteLength ?? data.size);
  const Native = window.WebSocket;
  class Recorded extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (ev) => {
        const t = performance.now();
        B.ws.push({ t, dir: 'in', size: sizeOf(ev.data), type: typeOf(ev.data) });
      });
    }
    send(data) {
      B.ws.push({ t: performance.now(), dir: 'out', size: sizeOf(data), type: typeOf(data) });
      return super.send(data);
    }
  }
  window.WebSocket = Recorded;
  for (const kind of ['click', 'keydown', 'pointermove']) {
    window.addEventListener(kind, () => {
      const w = B.watch;
      if (w && w.start == null && w.input === kind) w.start = performance.now();
    }, true);
  }
})();
"""

#: Run once the page is up: hooks document changes and the main plot's paints.
HOOK_JS = r"""
() => {
  const B = window.__bench;
  const doc = Bokeh.documents[0];
  const plot = [...Bokeh.index.query((v) => v.model && v.model.name === 'main_plot')][0];
  // The frame clock: the model whose tags the server bumps once per frame.
  B.clock = doc.get_model_by_name('frame_clock');
  // A spec's value: the model's attribute, or the live text ``text`` of the clock's data read
  // as JSON (app/runtime/frames.py), then the path of keys into it, e.g. [0, 2].
  const live = (data, name) => JSON.parse(data.html[data.slot.indexOf(name)]);
  B.value = (w) => (w.spec.path ?? []).reduce(
    (v, i) => v[i], w.spec.text ? live(w.model[w.spec.attr], w.spec.text) : w.model[w.spec.attr]);
  const finish = (w, t) => { w.paint = t; w.resolve?.(); };
  plot.repainted.connect(() => {
    const t = performance.now();
    B.paints.push(t);
    const w = B.watch;
    if (w && w.apply != null && w.paint == null && w.spec.paint === 'plot') finish(w, t);
  });
  doc.on_change((ev) => {
    if (ev.sync) return;  // made in this browser, not sent by the server
    const t = performance.now();
    if (ev.attr === 'tags' && ev.model === B.clock) B.frames.push(t);
    const w = B.watch;
    if (!w || w.apply != null || ev.model !== w.model || ev.attr !== w.spec.attr) return;
    const now = B.value(w);
    const moved = w.spec.test === 'delta' ? Math.abs(now - w.before) > 0.05 : now !== w.before;
    if (!moved) return;
    w.apply = t;
    if (w.spec.paint === 'raf') requestAnimationFrame(() => finish(w, performance.now()));
  });
  // Every watch is on the frame clock, which carries each frame's changes.
  B.arm = (spec) => {
    const w = { spec, model: B.clock, input: spec.input, start: null, apply: null, paint: null };
    w.before = B.value(w);
    w.done = new Promise((resolve) => { w.resolve = resolve; });
    B.watch = w;
  };
  B.result = async (timeout) => {
    const w = B.watch;
    await Promise.race([w.done, new Promise((r) => setTimeout(r, timeout))]);
    B.watch = null;
    return { start: w.start, apply: w.apply, paint: w.paint };
  };
  // Clicks the page's button whose name or text is ``name``.
  B.click = (name) => {
    for (const view of Bokeh.index.query((v) => v.shadow_el != null)) {
      for (const button of view.shadow_el.querySelectorAll('button')) {
        if (button.name === name || button.textContent.trim() === name) { button.click(); return; }
      }
    }
    throw new Error(`no button ${name}`);
  };
  return true;
}
"""

SNAPSHOT_JS = """() => ({now: performance.now(), frames: __bench.frames.length,
  paints: __bench.paints.length, ws: __bench.ws.length})"""
WS_SLICE_JS = "(from) => __bench.ws.slice(from)"
FRAME_SLICE_JS = "([from, to]) => __bench.frames.slice(from, to)"

#: The checkboxes that ``--overlays`` ticks on every page: the zones, halos and next-step lines.
OVERLAYS = tuple(say("en", f"control.{name}") for name in
                 ("show_zones", "show_shares", "show_next_step"))  # fmt: skip
#: The feature checkboxes that ``--features`` ticks on every page: x0² and x1².
FEATURES = ("x0²", "x1²")
SPEED = "Speed (steps per second)"
STEP_SIZE = "Step size"
REG = "L2 regularization strength"


# -- one browser page ---------------------------------------------------------------------


class BenchPage:
    """A page of the app with the instruments installed and hooked.

    With ``overlays`` set (the option ``--overlays``), the page draws the zones, halos and
    next-step lines too, and examines point 5: its anatomy panel and its pull arrows. With
    ``features`` set (``--features``), the model sees x0² and x1² too: the plot draws the region
    image and the zero-score curves from a grid.
    """

    overlays = False
    features = False

    def __init__(self, browser, server: AppServer) -> None:
        self.context, self.opened = open_app(browser, server, init_script=INSTRUMENT_JS)
        self.page = self.opened.page
        self.page.evaluate(HOOK_JS)
        if self.features:  # one at a time: each box shows the server's answer to the last
            note = self.page.locator("p.plot-note")
            for count, label in enumerate(FEATURES, start=3):
                self.page.get_by_label(label, exact=True).check()
                wait_until(lambda count=count: f"{count} inputs" in note.inner_text(),
                           message="features")  # fmt: skip
        if self.overlays:
            for label in OVERLAYS:
                self.page.get_by_label(label, exact=True).check()
            wait_until(lambda: self.page.locator("p.plot-note").is_visible(), message="overlays")
            self.page.get_by_role("spinbutton", name=say("en", "anatomy.point")).fill("5")
            self.page.keyboard.press("Enter")
            self.page.locator(".anatomy .sum .total").wait_for()

    def snapshot(self) -> dict[str, float]:
        """Counts of frames, paints and websocket frames so far, with the page's clock."""
        return self.page.evaluate(SNAPSHOT_JS)

    def start(self, speed_key: str = "End") -> None:
        """Set the speed (End: 60 steps/s) and start repeated updates."""
        press_on_slider(self.page, SPEED, speed_key)
        wait_until(lambda: self.page.get_by_text(f"{SPEED}: 60").count(), message="speed 60")
        self.page.evaluate("() => __bench.click('Start repeated update')")
        wait_until(lambda: step_count(self.page) > 3, message="running")

    def stop(self) -> None:
        """Stop repeated updates."""
        self.page.evaluate("() => __bench.click('Stop repeated update')")

    def measure(self, spec: dict, action: Callable[[], None], timeout_ms: int = 3000) -> dict:
        """Arm a watch for ``spec``, do ``action`` and return its start/apply/paint times."""
        self.page.evaluate("(spec) => __bench.arm(spec)", spec)
        action()
        return self.page.evaluate("(t) => __bench.result(t)", timeout_ms)

    def close(self) -> None:
        """Close the page's browser context."""
        self.context.close()


def latencies(samples: list[dict]) -> dict[str, list[float]]:
    """Input-to-arrival, arrival-to-paint and input-to-paint times (ms) of complete samples."""
    whole = [s for s in samples if None not in (s["start"], s["apply"], s["paint"])]
    return {
        "to_paint": [s["paint"] - s["start"] for s in whole],
        "to_arrival": [s["apply"] - s["start"] for s in whole],
        "arrival_to_paint": [s["paint"] - s["apply"] for s in whole],
        "lost": [len(samples) - len(whole)],
    }


def record_latency(results: Results, prefix: str, samples: list[dict], busy: float) -> None:
    """Add p50 and p95 of each latency of ``samples`` under ``prefix``."""
    times = latencies(samples)
    for part in ("to_paint", "to_arrival", "arrival_to_paint"):
        results.add(f"{prefix} {part} p50 ms", percentile(times[part], 50), busy)
        results.add(f"{prefix} {part} p95 ms", percentile(times[part], 95), busy)
    results.add(f"{prefix} samples lost", times["lost"][0], busy)


# Idle, the click's step comes with the next frame, i.e. the next change of the clock's tags.
CLICK_SPEC = {"input": "click", "attr": "tags", "test": "changed",
              "paint": "plot"}  # fmt: skip
NUDGE_SPEC = {"input": "click", "attr": "data", "text": VALUES_TEXT,
              "path": [0, 2], "test": "delta", "paint": "plot"}  # fmt: skip
SLIDER_SPEC = {"input": "keydown", "attr": "tags", "test": "changed",
               "paint": "raf"}  # fmt: skip
DRAG_SPEC = {"input": "pointermove", "attr": "data", "text": ROWS_TEXT,
             "path": ["rows", 0, 0], "test": "changed", "paint": "raf"}  # fmt: skip


def nudges(bench: BenchPage, count: int) -> list[dict]:
    """Click the up and down buttons of b[0] in turn, ``count`` times."""
    samples = []
    for i in range(count):
        name = "up_0_2" if i % 2 == 0 else "down_0_2"
        samples.append(
            bench.measure(
                NUDGE_SPEC, lambda n=name: bench.page.evaluate("(n) => __bench.click(n)", n)
            )
        )
        time.sleep(0.03)
    return samples


# -- items 1-5: one page ------------------------------------------------------------------


def bench_update_rate(browser, server: AppServer, results: Results, seconds: float) -> None:
    """Item 1 and 5: updates/s applied and painted at speed 60; bytes and messages per frame."""
    bench = BenchPage(browser, server)
    try:
        bench.start()
        time.sleep(1.5)
        steps0, snap0 = step_count(bench.page), bench.snapshot()
        proc = psutil.Process(server.pid)
        proc.cpu_percent(None)
        with busy_cpu() as cpu:
            time.sleep(seconds)
        server_cpu = proc.cpu_percent(None)
        steps1, snap1 = step_count(bench.page), bench.snapshot()
        bench.stop()
        ws = bench.page.evaluate(WS_SLICE_JS, snap0["ws"])[: snap1["ws"] - snap0["ws"]]
        frame_times = bench.page.evaluate(FRAME_SLICE_JS, [snap0["frames"], snap1["frames"]])
    finally:
        bench.close()
    span = (snap1["now"] - snap0["now"]) / 1000
    frames = max(snap1["frames"] - snap0["frames"], 1)
    busy = cpu["busy"]
    results.add("1 server ticks/s (steps shown)", (steps1 - steps0) / span, busy)
    results.add("1 frames applied/s", frames / span, busy)
    results.add("1 main plot paints/s", (snap1["paints"] - snap0["paints"]) / span, busy)
    results.add("1 server CPU % (one session, speed 60)", server_cpu, busy)
    incoming = group_messages([m for m in ws if m["dir"] == "in"])
    outgoing = group_messages([m for m in ws if m["dir"] == "out"])
    patches = [m for m in incoming if m["type"] == "PATCH-DOC"]
    results.add("5 PATCH-DOC messages/frame", len(patches) / frames, busy)
    results.add("5 all messages/frame in (with OK replies)", len(incoming) / frames, busy)
    results.add(
        "5 websocket frames/PATCH-DOC",
        sum(m["frames"] for m in patches) / max(len(patches), 1),
        busy,
    )
    results.add("5 PATCH-DOC bytes/frame", sum(m["size"] for m in patches) / frames, busy)
    results.add("5 all bytes/frame in", sum(m["size"] for m in incoming) / frames, busy)
    results.add("5 upstream messages/s", len(outgoing) / span, busy)
    # The page answers a frame after its arrival, so the window's edges would count an answer
    # to a frame before it: count the answers between the first and the last frame instead.
    answers = sum(frame_times[0] <= m["t"] < frame_times[-1] for m in outgoing)
    results.add("5 upstream messages/frame", answers / max(len(frame_times) - 1, 1), busy)
    results.add("5 upstream bytes/s", sum(m["size"] for m in outgoing) / span, busy)


def group_messages(ws_frames: list[dict]) -> list[dict]:
    """Bokeh messages from websocket frames: a header frame (it has a type) and what follows."""
    messages: list[dict] = []
    for frame in ws_frames:
        if frame["type"] is not None:
            messages.append({"type": frame["type"], "frames": 0, "size": 0, "t": frame["t"]})
        if messages:
            messages[-1]["frames"] += 1
            messages[-1]["size"] += frame["size"]
    return messages


def bench_latency(browser, server: AppServer, results: Results, clicks: int) -> None:
    """Items 2-4: click, nudge (idle, animating), slider and drag to repaint."""
    bench = BenchPage(browser, server)
    page = bench.page
    try:
        with busy_cpu() as cpu:
            samples = []
            for _ in range(clicks):
                samples.append(
                    bench.measure(CLICK_SPEC, lambda: bench.page.evaluate(
                        "() => __bench.click('Single parameter update')"))
                )  # fmt: skip
                time.sleep(0.03)
        record_latency(results, "2 click idle", samples, cpu["busy"])
        with busy_cpu() as cpu:
            samples = nudges(bench, clicks)
        record_latency(results, "2 nudge idle", samples, cpu["busy"])

        press_on_slider(page, STEP_SIZE, "Home")  # training barely moves b, the nudge shows
        bench.start()
        with busy_cpu() as cpu:
            samples = nudges(bench, clicks)
        record_latency(results, "2 nudge animating", samples, cpu["busy"])
        bench.stop()
        time.sleep(0.3)

        with busy_cpu() as cpu:
            handle_keys = ["ArrowRight", "ArrowLeft"]
            samples = [
                bench.measure(
                    SLIDER_SPEC, lambda k=handle_keys[i % 2]: press_on_slider(page, REG, k)
                )
                for i in range(max(clicks // 2, 10))
            ]
        record_latency(results, "3 slider", samples, cpu["busy"])

        with busy_cpu() as cpu:
            samples = drag_samples(bench, max(clicks // 2, 10))
        record_latency(results, "4 drag-to-table", samples, cpu["busy"])
    finally:
        bench.close()


def drag_samples(bench: BenchPage, moves: int) -> list[dict]:
    """Hold a point down and move it back and forth, timing each move to the table."""
    page = bench.page
    x, y = page.evaluate(POINT_TO_PAGE_JS, [0.5, 0.4])
    page.mouse.move(x, y)
    page.mouse.down()
    samples = []
    for i in range(moves):
        dx = -12 if i % 2 == 0 else 0
        samples.append(bench.measure(DRAG_SPEC, lambda dx=dx: page.mouse.move(x + dx, y - dx)))
        time.sleep(0.05)
    page.mouse.up()
    return samples


# -- item 9: a first visit ----------------------------------------------------------------


def bench_first_visit(browser, server: AppServer, results: Results) -> None:
    """Item 9: a first visit (empty cache): bytes on the wire, and navigation to the read-out.

    Bytes are Chromium's own count, through the DevTools protocol: every response's
    ``encodedDataLength`` (headers and body as received, compressed if the server compressed
    it) and the payload of every websocket frame received until the read-out shows (as
    decoded: should the websocket compress its frames, the wire carries less). Another page
    is opened first, so that the server has warmed up as in a class after the first visitor.
    """
    warm_up, _opened = open_app(browser, server)
    warm_up.close()
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    urls: dict[str, str] = {}
    encoded: dict[str, float] = defaultdict(float)
    socket = {"bytes": 0, "frames": 0}
    cdp.on(
        "Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"])
    )

    def on_finished(event: dict) -> None:
        encoded[urls.get(event["requestId"], "?")] += event["encodedDataLength"]

    def on_frame(event: dict) -> None:
        data = event["response"]["payloadData"]  # binary frames come base64-encoded
        socket["bytes"] += len(base64.b64decode(data) if event["response"]["opcode"] == 2 else data)
        socket["frames"] += 1

    cdp.on("Network.loadingFinished", on_finished)
    cdp.on("Network.webSocketFrameReceived", on_frame)
    cdp.send("Network.enable")
    try:
        with busy_cpu() as cpu:
            start = time.monotonic()
            page.goto(server.url)
            page.locator("text=/Total loss: /").first.wait_for(timeout=LOAD_TIMEOUT_MS)
            shown = time.monotonic() - start
        page.wait_for_timeout(300)  # let the frames in flight arrive
        http = sum(encoded.values())
    finally:
        context.close()
    busy = cpu["busy"]
    results.add("9 first visit: navigation to read-out ms", 1000 * shown, busy)
    results.add("9 first visit: HTTP bytes on the wire (KB)", http / 1000, busy)
    results.add("9 first visit: websocket bytes received (KB)", socket["bytes"] / 1000, busy)
    results.add("9 first visit: total KB", (http + socket["bytes"]) / 1000, busy)
    largest = sorted(encoded.items(), key=lambda item: -item[1])[:8]
    results.notes["9 largest responses (KB on the wire)"] = ", ".join(
        f"{url.rsplit('/', 1)[-1].split('?')[0]} {size / 1000:.0f}" for url, size in largest
    )


# -- item 6: light clients ----------------------------------------------------------------


def wait_for_no_sessions(server: AppServer, timeout: float = 30.0) -> None:
    """Wait until the server has no session left."""
    wait_until(lambda: server.health()["sessions"] == 0, timeout=timeout, interval=0.2,
               message="sessions to expire")  # fmt: skip


def bench_capacity(server: AppServer, results: Results, counts: list[int], seconds: float) -> None:
    """Item 6: per-session update rate and server CPU with S light clients animating."""
    for count in counts:
        wait_for_no_sessions(server)
        run = run_light_clients(server.url, server.pid, count, seconds)
        rates, busy = run.rates(), run.busy
        results.add(f"6 S={count} per-session updates/s median", statistics.median(rates), busy)
        results.add(f"6 S={count} per-session updates/s min", min(rates), busy)
        results.add(f"6 S={count} server CPU %", run.server_cpu, busy)
        if run.notes:
            results.notes[f"6 S={count}"] = "; ".join(run.notes)


# -- items 7-8: overload, cleanup and memory ----------------------------------------------


def rss_mb(server: AppServer) -> float:
    """The server's resident memory in MB."""
    return psutil.Process(server.pid).memory_info().rss / 2**20


def bench_overload(browser, server: AppServer, results: Results, clicks: int, pages: int = 5):
    """Item 7: five real pages at speed 60; nudge latency in one of them and server RSS."""
    benches = [BenchPage(browser, server) for _ in range(pages)]
    rss0 = rss_mb(server)
    try:
        press_on_slider(benches[0].page, STEP_SIZE, "Home")
        for bench in benches:
            bench.start()
        time.sleep(1.0)
        snaps0 = [b.snapshot() for b in benches]
        with busy_cpu() as cpu:
            samples = nudges(benches[0], clicks)
        snaps1 = [b.snapshot() for b in benches]
        rss1 = rss_mb(server)
    finally:
        for bench in benches:
            bench.close()
    record_latency(results, "7 overload nudge", samples, cpu["busy"])
    rates = [(s1["frames"] - s0["frames"]) / ((s1["now"] - s0["now"]) / 1000)
             for s0, s1 in zip(snaps0, snaps1, strict=True)]  # fmt: skip
    results.add("7 overload frames/s per page (median)", statistics.median(rates), cpu["busy"])
    results.add("7 overload RSS growth MB", rss1 - rss0, cpu["busy"])
    results.add("7 overload RSS MB", rss1, cpu["busy"])


def bench_closed_tab(browser, server: AppServer, results: Results) -> None:
    """Item 8: how long a closed tab's session keeps its animation, and the CPU after."""
    wait_for_no_sessions(server)
    bench = BenchPage(browser, server)
    bench.start()
    time.sleep(1.0)
    proc = psutil.Process(server.pid)
    bench.close()
    closed = time.monotonic()
    proc.cpu_percent(None)
    with busy_cpu() as cpu:
        time.sleep(1.0)
        cpu_after = proc.cpu_percent(None)
        wait_until(lambda: server.health()["periodic_callbacks"] == 0, timeout=30, interval=0.1)
        gone = time.monotonic() - closed
    results.add("8 closed tab: s until its animation is removed", gone, cpu["busy"])
    results.add("8 closed tab: server CPU % in the second after closing", cpu_after, cpu["busy"])


def bench_open_close(server: AppServer, results: Results, sessions: int = 50) -> None:
    """Item 8: RSS and idle CPU after opening and closing ``sessions`` running sessions."""
    batch = 10
    run_light_clients(server.url, server.pid, batch, 1.0, warmup=0.5)  # warm-up
    wait_for_no_sessions(server)
    rss0 = rss_mb(server)
    with busy_cpu() as cpu:
        for _ in range(sessions // batch):
            run_light_clients(server.url, server.pid, batch, 1.0, warmup=0.5)
        wait_for_no_sessions(server)
        time.sleep(1.0)
        proc = psutil.Process(server.pid)
        proc.cpu_percent(None)
        time.sleep(2.0)
        idle_cpu = proc.cpu_percent(None)
    results.add(f"8 RSS growth MB per {sessions} sessions", rss_mb(server) - rss0, cpu["busy"])
    results.add("8 server CPU % idle after closing them", idle_cpu, cpu["busy"])


def bench_long_run(browser, server: AppServer, results: Results, seconds: float) -> None:
    """Item 8: server RSS over a long run of one page at speed 60."""
    bench = BenchPage(browser, server)
    samples = []
    try:
        bench.start()
        steps0, t0 = step_count(bench.page), time.monotonic()
        with busy_cpu() as cpu:
            end = t0 + seconds
            while time.monotonic() < end:
                samples.append(rss_mb(server))
                time.sleep(min(10.0, max(end - time.monotonic(), 0)))
            samples.append(rss_mb(server))
        rate = (step_count(bench.page) - steps0) / (time.monotonic() - t0)
    finally:
        bench.close()
    warm = samples[min(3, len(samples) - 1)]  # after ~30 s
    results.add("8 long run RSS MB at start (after warm-up)", warm, cpu["busy"])
    results.add("8 long run RSS MB at end", samples[-1], cpu["busy"])
    results.add("8 long run RSS growth MB", samples[-1] - warm, cpu["busy"])
    results.add("8 long run steps/s", rate, cpu["busy"])
    results.notes["long run"] = f"{seconds:.0f} s, RSS samples every 10 s: {samples}"


# -- report -------------------------------------------------------------------------------

TARGETS = {
    "1 server ticks/s (steps shown)": (">=", 45),
    "1 main plot paints/s": (">=", 40),
    "2 click idle to_paint p50 ms": ("<=", 50),
    "2 click idle to_paint p95 ms": ("<=", 150),
    "2 nudge idle to_paint p50 ms": ("<=", 50),
    "2 nudge idle to_paint p95 ms": ("<=", 150),
    "2 nudge animating to_paint p50 ms": ("<=", 100),
    "2 nudge animating to_paint p95 ms": ("<=", 150),
    "5 PATCH-DOC messages/frame": ("<=", 1.0),
    "5 PATCH-DOC bytes/frame": ("<=", 4096),
    "5 upstream messages/frame": ("<=", 1.0),
    "6 S=10 per-session updates/s min": (">=", 30),
    "6 S=20 per-session updates/s min": (">=", 20),
    "7 overload nudge to_paint p95 ms": ("<=", 250),
    "7 overload RSS growth MB": ("<=", 100),
    "8 closed tab: s until its animation is removed": ("<=", 5),
    "8 RSS growth MB per 50 sessions": ("<=", 5),
    "8 long run RSS growth MB": ("<=", 5),
    "9 first visit: total KB": ("<=", 1500),
    "9 first visit: navigation to read-out ms": ("<=", 1000),
}


def summarize(results: Results) -> list[dict]:
    """One row per figure: median, range, busy CPU median, target and whether it is met."""
    rows = []
    for name in sorted(results.figures, key=_figure_order):
        values = [v for v, _ in results.figures[name]]
        busy = [b for _, b in results.figures[name]]
        median = statistics.median(values)
        row = {"figure": name, "median": median, "min": min(values), "max": max(values),
               "runs": len(values), "busy_cpu_median": statistics.median(busy),
               "values": values, "busy_cpu": busy}  # fmt: skip
        if name in TARGETS:
            op, bound = TARGETS[name]
            row["target"] = f"{op} {bound}"
            row["met"] = median >= bound if op == ">=" else median <= bound
        rows.append(row)
    return rows


def _figure_order(name: str) -> tuple[int, str, str]:
    item = name.split()[0]
    sessions = re.search(r"S=(\d+)", name)
    return (int(item), f"{int(sessions.group(1)):03d}" if sessions else "", name)


def print_table(rows: list[dict]) -> None:
    """Print the summary as a fixed-width table."""
    print(f"{'figure':<58} {'median':>9} {'range':>19} {'busy%':>6} {'target':>8} met")
    for row in rows:
        span = f"{row['min']:.1f}-{row['max']:.1f}"
        met = "" if "met" not in row else ("yes" if row["met"] else "NO")
        print(f"{row['figure']:<58} {row['median']:>9.1f} {span:>19} "
              f"{row['busy_cpu_median']:>6.0f} {row.get('target', ''):>8} {met}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Run every item over interleaved repetitions and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer samples, shorter windows, a 60 s long run")  # fmt: skip
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--long-seconds", type=float, default=None,
                        help="duration of the long run (default 600, 60 with --quick)")  # fmt: skip
    parser.add_argument("--lifetime-ms", type=int, default=3000,
                        help="the server's --unused-session-lifetime (default 3000)")  # fmt: skip
    parser.add_argument("--skip", default="", help="comma-separated items to skip, e.g. 6,8")
    parser.add_argument("--overlays", action="store_true",
                        help="every page draws all that explains a step")  # fmt: skip
    parser.add_argument("--features", action="store_true",
                        help="every page's model sees x0² and x1²: curved regions")  # fmt: skip
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    clicks, seconds = (20, 4.0) if args.quick else (50, 8.0)
    long_seconds = args.long_seconds or (60.0 if args.quick else 600.0)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    BenchPage.overlays = args.overlays
    BenchPage.features = args.features
    chromium = find_chromium()
    if chromium is None:
        print("Chromium not found: install it or set CHROMIUM_PATH", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    results = Results()
    load_before = os.getloadavg()
    started = time.time()
    logs = Path(tempfile.mkdtemp(prefix="bench-browser-"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for rep in range(args.reps):
            server = AppServer(logs / f"server-{rep}.log", lifetime_ms=args.lifetime_ms)
            try:
                server.wait_live()
                print(f"repetition {rep + 1}/{args.reps}", file=sys.stderr, flush=True)
                if "1" not in skip:
                    bench_update_rate(browser, server, results, seconds)
                if "2" not in skip:
                    bench_latency(browser, server, results, clicks)
                if "9" not in skip:
                    bench_first_visit(browser, server, results)
                if "6" not in skip:
                    bench_capacity(server, results, [1, 5, 10, 20], seconds)
                if "7" not in skip:
                    bench_overload(browser, server, results, max(clicks // 2, 10))
                if "8" not in skip:
                    bench_closed_tab(browser, server, results)
                    if rep == 0:
                        bench_open_close(server, results)
                if "long" not in skip and rep == args.reps - 1:
                    bench_long_run(browser, server, results, long_seconds)
            finally:
                server.stop()
            problems = server.problems()
            if problems:
                results.notes[f"server log {rep}"] = "\n".join(problems[:20])
        browser.close()
    rows = summarize(results)
    print_table(rows)
    for key, note in results.notes.items():
        print(f"{key}: {note}")
    meta = {"date": time.strftime("%Y-%m-%d", time.localtime(started)), "cpus": os.cpu_count(),
            "loadavg_before": load_before, "loadavg_after": os.getloadavg(),
            "minutes": (time.time() - started) / 60, "quick": args.quick, "reps": args.reps,
            "long_seconds": long_seconds, "overlays": args.overlays,
            "features": args.features}  # fmt: skip
    print(json.dumps(meta))
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "rows": rows, "notes": results.notes},
                                        indent=1))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
