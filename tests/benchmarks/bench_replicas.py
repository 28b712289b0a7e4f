"""Benchmark of replicas: what a page costs when its websocket reaches another replica.

Run by hand (pytest does not collect it)::

    python tests/benchmarks/bench_replicas.py [--reps 5] [--procs-pages 12] [--json out.json]

1. **Matched and mismatched pages** through nginx with the README's configuration (two
   replicas, as in ``tests/browser/test_replicas.py``), interleaved: a page pinned as usual,
   and a page whose replica cookie is switched after its request, so that its websocket
   reaches the other replica, which builds the session again from the page's token. For
   each: the time from navigation to the read-out, and the CPU time that each replica
   spends on the page, its session's cleanup included.
2. **NUM_PROCS = 2**: how many of ``--procs-pages`` pages of one server with two processes
   are built a second time by the process that takes their websocket (their Panel
   stylesheets then point at Panel's CDN, which this benchmark blocks and counts).

See "Scaling" in README.md for the latest results.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from helpers_browser import (  # found through the path set above
    CHROMIUM_ARGS,
    VIEWPORT,
    AppServer,
    find_chromium,
    free_port,
    open_page,
    wait_for_no_sessions,
)
from helpers_proxy import Nginx, cookie_switch_js, find_nginx
from panel.io.resources import CDN_DIST

from app.server.replica_cookie import COOKIE_NAME

PREFIX = "/linear-classify"


def cpu_seconds(server: AppServer) -> float:
    """User and system CPU time of the server's process so far."""
    times = psutil.Process(server.pid).cpu_times()
    return times.user + times.system


def one_page(browser, proxy: Nginx, replicas: dict[str, AppServer], mismatched: bool) -> dict:
    """Open one page pinned to replica a (its websocket to b if ``mismatched``); measure it."""
    for replica in replicas.values():
        wait_for_no_sessions(replica)
    context = browser.new_context(viewport=VIEWPORT, ignore_https_errors=True)
    context.add_cookies([{"name": COOKIE_NAME, "value": "a", "domain": "127.0.0.1",
                          "path": PREFIX}])  # fmt: skip
    blocked_cdn_requests(context)
    before = {k: cpu_seconds(r) for k, r in replicas.items()}
    start = time.monotonic()
    opened = open_page(context, proxy.url, cookie_switch_js("b", PREFIX) if mismatched else None)
    load_ms = (time.monotonic() - start) * 1000
    served = {k: r.health()["connections"] for k, r in replicas.items()}
    context.close()
    for replica in replicas.values():  # the closed page's session, and any orphan, cleaned up
        wait_for_no_sessions(replica)
    cpu = {k: cpu_seconds(r) - before[k] for k, r in replicas.items()}
    assert served == ({"a": 0, "b": 1} if mismatched else {"a": 1, "b": 0}), served
    del opened
    return {"load_ms": load_ms, "cpu_a_ms": cpu["a"] * 1000, "cpu_b_ms": cpu["b"] * 1000}


def bench_mismatch(browser, nginx: str, reps: int, logs: Path) -> dict[str, list[dict]]:
    """Item 1: ``reps`` interleaved matched and mismatched pages through the proxy."""
    proxy_port = free_port()
    origin = ("--allow-websocket-origin", f"127.0.0.1:{proxy_port}")
    replicas = {
        k: AppServer(
            logs / f"replica-{k}.log",
            lifetime_ms=3000,
            prefix=PREFIX,
            options=("--replica-id", k, *origin),
        )
        for k in ("a", "b")
    }
    proxy = None
    results: dict[str, list[dict]] = {"matched": [], "mismatched": []}
    try:
        for replica in replicas.values():
            replica.wait_live()
        proxy = Nginx(nginx, logs, proxy_port, PREFIX, replicas)
        proxy.wait_ready()
        one_page(browser, proxy, replicas, mismatched=False)  # warm-up: first imports, caches
        for rep in range(reps):
            print(f"repetition {rep + 1}/{reps}", file=sys.stderr, flush=True)
            for kind in ("matched", "mismatched"):
                results[kind].append(one_page(browser, proxy, replicas, kind == "mismatched"))
    finally:
        if proxy is not None:
            proxy.stop()
        for replica in replicas.values():
            replica.stop()
    return results


def blocked_cdn_requests(context) -> list[str]:
    """Block the context's requests to Panel's CDN; the list that will hold their URLs."""
    found: list[str] = []

    def block(route) -> None:
        found.append(route.request.url)
        route.abort()

    context.route(f"{CDN_DIST}**", block)
    return found


def bench_num_procs(browser, pages: int, logs: Path) -> dict[str, int]:
    """Item 2: pages of one server with two processes that load stylesheets from the CDN."""
    server = AppServer(logs / "num-procs.log", lifetime_ms=3000, options=("--num-procs", "2"))
    built_twice = 0
    try:
        server.wait_live()
        for _ in range(pages):
            context = browser.new_context(viewport=VIEWPORT)
            from_cdn = blocked_cdn_requests(context)
            open_page(context, server.url)
            built_twice += bool(from_cdn)
            context.close()
    finally:
        server.stop()  # and Tornado's forked workers (helpers_browser.stop_process)
    return {"pages": pages, "built_twice": built_twice}


def summary(values: list[float]) -> str:
    """Median and range."""
    return f"{statistics.median(values):.0f} [{min(values):.0f}-{max(values):.0f}]"


def main(argv: list[str] | None = None) -> int:
    """Run both items and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--procs-pages", type=int, default=12)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    chromium, nginx = find_chromium(), find_nginx()
    if chromium is None or nginx is None:
        print("Chromium and nginx are needed", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    logs = Path(tempfile.mkdtemp(prefix="bench-replicas-"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        pages = bench_mismatch(browser, nginx, args.reps, logs)
        load_between = os.getloadavg()
        procs = bench_num_procs(browser, args.procs_pages, logs)
        browser.close()
    load_after = os.getloadavg()
    print(f"{'page':<12} {'to read-out ms':>18} {'CPU of a ms':>16} {'CPU of b ms':>16}")
    for kind, rows in pages.items():
        print(f"{kind:<12} {summary([r['load_ms'] for r in rows]):>18} "
              f"{summary([r['cpu_a_ms'] for r in rows]):>16} "
              f"{summary([r['cpu_b_ms'] for r in rows]):>16}")  # fmt: skip
    print(f"NUM_PROCS=2: {procs['built_twice']} of {procs['pages']} pages built twice")
    meta = {"date": time.strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count(),
            "loadavg": [load_before, load_between, load_after], "reps": args.reps}  # fmt: skip
    print(json.dumps(meta))
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "pages": pages, "num_procs": procs}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
