"""Lecture-hall benchmark: what a new session costs the server, and a class arriving at once.

Run by hand (pytest does not collect it)::

    python tests/benchmarks/bench_sessions.py [--reps 3] [--loads 10] [--halls 30,60]
                                              [--capacity 12,16,20,24] [--order 6]
                                              [--seconds 10] [--server-args "--num-procs 2"]
                                              [--skip-new] [--json out.json]

Every repetition starts fresh servers (``python -m app.serve`` with its defaults, as the
README's "Serving a class" says) and measures, in this order:

* **A new session, one at a time.** ``--loads`` light clients (after two for warm-up), one
  after the other, each fetching the page and pulling its document over the websocket.
  *Server ms per new session* is the CPU time of the server's processes from the page
  request to 0.3 s after the document has arrived, so that it counts the session's build,
  its HTML, the document pull and the work that the first messages set off; the sessions
  stay open, so that no clean-up falls into the next load. *Wall ms* is from the request to
  the pulled document. *Models per document* are counted in the pulled document, *MB per
  session* is the growth of the server's resident memory over the measured loads, divided by
  their number.
* **Capacity.** For each S of ``--capacity``, S light clients opened two at a time (no
  burst, no cap) animate at 10 steps/s for ``--seconds``: each session's rate, the server's
  CPU and its CPU time per frame. This sizes the cap of live sessions.
* **A hall.** For each S of ``--halls``, a fresh server and S light clients that arrive
  evenly within one second. *Time to a live page* runs from a client's request of the page to
  the first frame it receives after starting the repeated update at 10 steps/s. Once every
  client is live or refused for want of a place (or after 300 s), all animate for
  ``--seconds``: each live session's frames per second, slowest and median, and the server's
  CPU. A refused client keeps retrying as the notice page does, until the window ends.

The load average is printed before and after each measurement, with the machine's busy CPU
during it: the machine may be shared, so the figures are medians over interleaved
repetitions, and a final figure needs a quiet machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shlex
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout's app
from helpers_browser import AppServer, wait_until  # found through the path set above
from light_clients import (  # next to this script; needs tests/browser
    LightClient,
    open_together,
    run_in_thread,
    run_light_clients,
    server_processes,
)
from measuring import Results, busy_cpu, load_average, percentile

#: The server's unused-session lifetime: the command's default.
LIFETIME_MS = 3000
#: Seconds after a document pull that still count towards the new session's cost.
SETTLE = 0.3
#: Loads that warm the server up before the measured ones.
WARM_LOADS = 2
#: Steps per second of every session in a hall: the page's default speed.
HALL_SPEED = 10


def cpu_seconds(procs) -> float:
    """User and system CPU seconds used so far by ``procs``."""
    total = 0.0
    for proc in procs:
        times = proc.cpu_times()
        total += times.user + times.system
    return total


def rss_mb(procs) -> float:
    """Resident memory of ``procs`` together, in MB."""
    return sum(proc.memory_info().rss for proc in procs) / 2**20


def new_sessions(server: AppServer, results: Results, loads: int) -> None:
    """Server CPU and wall time per new session, models per document, memory per session."""
    procs = server_processes(server.pid)
    measured: dict[str, list[float]] = {"cpu": [], "wall": [], "page": [], "pull": []}
    memory: dict[str, float] = {}

    async def main() -> None:
        sockets = []
        with ThreadPoolExecutor(1) as fetch:
            try:
                for i in range(WARM_LOADS + loads):
                    if i == WARM_LOADS:
                        memory["before"] = rss_mb(procs)
                    client = LightClient(server.url)
                    cpu0 = cpu_seconds(procs)
                    sockets.append(await client.open(fetch))
                    await asyncio.sleep(SETTLE)
                    cpu = cpu_seconds(procs) - cpu0
                    if i >= WARM_LOADS:
                        times = client.times
                        measured["cpu"].append(1000 * cpu)
                        measured["wall"].append(1000 * (times["pulled"] - times["arrived"]))
                        measured["page"].append(1000 * (times["page"] - times["arrived"]))
                        measured["pull"].append(1000 * (times["pulled"] - times["page"]))
                        memory["models"] = client.models
                memory["after"] = rss_mb(procs)
                cpu0 = cpu_seconds(procs)
                await asyncio.sleep(2.0)
                memory["idle"] = 100 * (cpu_seconds(procs) - cpu0) / 2.0
            finally:
                for ws in sockets:
                    await ws.close()

    with busy_cpu() as cpu:
        run_in_thread(main())
    busy = cpu["busy"]
    labels = {"cpu": "server CPU ms", "wall": "wall ms, request to pulled",
              "page": "wall ms, page request", "pull": "wall ms, connect and pull"}  # fmt: skip
    for key, label in labels.items():
        results.add(f"new session: {label} median", statistics.median(measured[key]), busy)
        results.add(f"new session: {label} p95", percentile(measured[key], 95), busy)
    results.add("new session: models per document", memory["models"], busy)
    # With several processes, a page's websocket may reach another process, which builds
    # the session again: such a load costs about twice the cheapest one.
    doubled = sum(cpu > 1.6 * min(measured["cpu"]) for cpu in measured["cpu"])
    results.add("new session: loads costing over 1.6x the cheapest", doubled, busy)
    per_session = (memory["after"] - memory["before"]) / loads
    results.add("new session: server MB per session", per_session, busy)
    results.add(f"new session: server CPU % idle with {WARM_LOADS + loads} open", memory["idle"],
                busy)  # fmt: skip


def hall(server: AppServer, results: Results, count: int, seconds: float) -> None:
    """``count`` light clients arriving within one second: time to live, then their rates."""
    run = run_light_clients(server.url, server.pid, count, seconds, speed=HALL_SPEED,
                            arrive_within=1.0, live_timeout=300.0)  # fmt: skip
    clients = run.clients
    live = [c.times["live"] - c.times["arrived"] for c in clients if "live" in c.times]
    pulled = [c.times["pulled"] - c.times["arrived"] for c in clients if "pulled" in c.times]
    rates = [rate for rate, c in zip(run.rates(), clients, strict=True) if "live" in c.times]
    busy = run.busy
    prefix = f"hall S={count}:"
    results.add(f"{prefix} time to live s median", percentile(live, 50), busy)
    results.add(f"{prefix} time to live s p95", percentile(live, 95), busy)
    results.add(f"{prefix} time to live s max", max(live, default=None), busy)
    results.add(f"{prefix} time to live s min (the first)", min(live, default=None), busy)
    results.add(f"{prefix} time to pulled document s median", percentile(pulled, 50), busy)
    results.add(f"{prefix} time to pulled document s p95", percentile(pulled, 95), busy)
    results.add(f"{prefix} time to pulled document s min (the first)", min(pulled, default=None),
                busy)  # fmt: skip
    refused = sum(bool(c.notices) and "live" not in c.times for c in clients)
    results.add(f"{prefix} clients live", len(live), busy)
    results.add(f"{prefix} clients refused for want of a place until the end", refused, busy)
    results.add(f"{prefix} clients failed otherwise", count - len(live) - refused, busy)
    results.add(f"{prefix} 'full' answers", sum(c.notices for c in clients), busy)
    results.add(f"{prefix} steps/s per live session, slowest", min(rates, default=None), busy)
    results.add(f"{prefix} steps/s per live session, median", percentile(rates, 50), busy)
    results.add(f"{prefix} server CPU % while all animate", run.server_cpu, busy)
    if run.notes:
        results.notes[prefix] = "; ".join(run.notes)


def capacity(server: AppServer, results: Results, counts: list[int], seconds: float) -> None:
    """Sessions opened a few at a time, animating at 10 steps/s: each one's rate, server CPU."""
    for count in counts:
        wait_until(lambda: server.health()["sessions"] == 0, timeout=60, interval=0.2,
                   message="sessions to expire")  # fmt: skip
        run = run_light_clients(server.url, server.pid, count, seconds, speed=HALL_SPEED)
        rates = run.rates()
        prefix = f"capacity S={count}:"
        results.add(f"{prefix} steps/s per session, slowest", min(rates), run.busy)
        results.add(f"{prefix} steps/s per session, median", statistics.median(rates), run.busy)
        results.add(f"{prefix} server CPU %", run.server_cpu, run.busy)
        frames = sum(rates) * (run.end - run.start)
        cpu_ms = 10 * run.server_cpu * (run.end - run.start) / max(frames, 1)
        results.add(f"{prefix} server CPU ms per frame", cpu_ms, run.busy)
        if run.notes:
            results.notes[prefix] = "; ".join(run.notes)


def arrival_order(server: AppServer, results: Results, count: int) -> None:
    """Print when each of ``count`` clients arriving at once got its page and its document.

    This shows the order in which the server serves builds and websockets: without the build
    order, every page is built before the first websocket is served.
    """
    with busy_cpu() as cpu:
        clients = open_together(server.url, count)
    t0 = min(c.times["arrived"] for c in clients)
    last_page = max(c.times["page"] for c in clients)
    print(f"order of {count} arrivals (s since the first): page, connected, pulled")
    for c in sorted(clients, key=lambda c: c.times["page"]):
        print("  " + ", ".join(f"{c.times[k] - t0:6.2f}" for k in ("page", "connected", "pulled")))
    early = sum(c.times["pulled"] < last_page for c in clients)
    results.add(f"order S={count}: documents pulled before the last page was sent", early,
                cpu["busy"])  # fmt: skip
    first = min(c.times["pulled"] - c.times["arrived"] for c in clients)
    results.add(f"order S={count}: first document pulled s", first, cpu["busy"])


def summarize(results: Results) -> list[dict]:
    """One row per figure: median, range and the busy CPU of each repetition."""
    rows = []
    for name, pairs in results.figures.items():
        values = [v for v, _ in pairs]
        rows.append({"figure": name, "median": statistics.median(values), "min": min(values),
                     "max": max(values), "values": values,
                     "busy_cpu": [b for _, b in pairs]})  # fmt: skip
    return rows


def print_table(rows: list[dict]) -> None:
    """Print the rows as a fixed-width table."""
    print(f"{'figure':<62} {'median':>9} {'range':>17} {'busy% per run':>16}")
    for row in rows:
        span = f"{row['min']:.1f}-{row['max']:.1f}"
        busy = ",".join(f"{b:.0f}" for b in row["busy_cpu"])
        print(f"{row['figure']:<62} {row['median']:>9.1f} {span:>17} {busy:>16}")


def main(argv: list[str] | None = None) -> int:
    """Run the measurements over interleaved repetitions and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--loads", type=int, default=10, help="measured sequential loads")
    parser.add_argument("--halls", default="30,60", help="comma-separated hall sizes S")
    parser.add_argument("--seconds", type=float, default=10.0, help="window of the rates")
    parser.add_argument("--server-args", default="", help="more options of linear-classify")
    parser.add_argument("--capacity", default="",
                        help="S for the capacity at 10 steps/s, e.g. 20,30,40")  # fmt: skip
    parser.add_argument("--skip-new", action="store_true", help="only the halls")
    parser.add_argument("--order", type=int, default=0,
                        help="also show the order of service of this many clients")  # fmt: skip
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    halls = [int(s) for s in args.halls.split(",") if s.strip()]
    capacities = [int(s) for s in args.capacity.split(",") if s.strip()]
    server_args = shlex.split(args.server_args)
    results = Results()
    loads: list[str] = []
    logs = Path(tempfile.mkdtemp(prefix="bench-sessions-"))
    started = time.time()

    def measure(label: str, what, extra: tuple[str, ...] = ()) -> None:
        server = AppServer(logs / f"{label}.log", lifetime_ms=LIFETIME_MS,
                           options=[*server_args, *extra])  # fmt: skip
        try:
            server.wait_live()
            before = load_average()
            what(server)
            line = f"{label}: before {before}; after {load_average()}"
        finally:
            server.stop()
        problems = server.problems()
        if problems:
            results.notes[f"server log {label}"] = "\n".join(problems[:10])
        loads.append(line)
        print(line, file=sys.stderr, flush=True)

    for rep in range(args.reps):
        if not args.skip_new:
            measure(f"rep {rep + 1} new sessions",
                    lambda server: new_sessions(server, results, args.loads))  # fmt: skip
        if capacities:
            measure(f"rep {rep + 1} capacity",
                    lambda server: capacity(server, results, capacities, args.seconds),
                    extra=("--max-sessions", "0"))  # fmt: skip
        if args.order:
            measure(f"rep {rep + 1} order S={args.order}",
                    lambda server: arrival_order(server, results, args.order))  # fmt: skip
        for count in halls:
            measure(f"rep {rep + 1} hall S={count}",
                    lambda server, n=count: hall(server, results, n, args.seconds))  # fmt: skip
    rows = summarize(results)
    print_table(rows)
    for line in loads:
        print(line)
    for key, note in results.notes.items():
        print(f"{key}: {note}")
    meta = {"date": time.strftime("%Y-%m-%d %H:%M", time.localtime(started)),
            "cpus": os.cpu_count(), "reps": args.reps, "server_args": server_args,
            "minutes": round((time.time() - started) / 60, 1)}  # fmt: skip
    print(json.dumps(meta))
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "rows": rows, "loads": loads,
                                         "notes": results.notes}, indent=1))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
