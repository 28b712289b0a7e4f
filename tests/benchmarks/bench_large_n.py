"""Repeated updates per second with many points, in a real browser (run by hand).

Serves the app, opens it at ``?dataset=uniform&n=N&k=4&speed=60`` in headless Chromium,
starts the repeated update and counts, in page JavaScript, the frames the browser applied
(changes of the frame clock) and the main plot's repaints, over a few seconds. Prints
medians and ranges over interleaved runs, with the machine's busy CPU, and writes them as
JSON with ``--json``.

    python tests/benchmarks/bench_large_n.py [--seconds 5] [--runs 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout's app
from helpers_browser import CHROMIUM_ARGS, VIEWPORT, AppServer, find_chromium, readout

SIZES = (9, 1_000, 10_000)

COUNTERS_JS = """() => {
  const doc = Bokeh.documents[0];
  const plot = [...Bokeh.index.query((v) => v.model && v.model.name === 'main_plot')][0];
  window.__counts = {updates: 0, paints: 0};
  const clock = doc.get_model_by_name('frame_clock');
  clock.properties.tags.change.connect(() => window.__counts.updates++);
  plot.repainted.connect(() => window.__counts.paints++);
}"""


def busy_cpu() -> tuple[int, int]:
    """Busy and total jiffies of the machine, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def measure(browser, server: AppServer, n: int, seconds: float) -> dict[str, float]:
    """One run: updates and paints per second in the browser, server steps per second."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(f"{server.url}?dataset=uniform&n={n}&k=4&speed=60")
    page.locator("text=/Total loss: /").first.wait_for(timeout=60_000)
    page.evaluate(COUNTERS_JS)
    page.get_by_role("button", name="Start repeated update").click()
    page.wait_for_timeout(1000)  # warm up
    before_counts = page.evaluate("() => ({...window.__counts})")
    before_step, before_cpu, start = readout(page)["step"], busy_cpu(), time.monotonic()
    page.wait_for_timeout(seconds * 1000)
    after_counts = page.evaluate("() => ({...window.__counts})")
    after_step, after_cpu, elapsed = readout(page)["step"], busy_cpu(), time.monotonic() - start
    page.get_by_role("button", name="Stop repeated update").click()
    context.close()
    busy = (after_cpu[0] - before_cpu[0]) / max(after_cpu[1] - before_cpu[1], 1)
    return {
        "n": n,
        "updates_per_s": (after_counts["updates"] - before_counts["updates"]) / elapsed,
        "paints_per_s": (after_counts["paints"] - before_counts["paints"]) / elapsed,
        "steps_per_s": (after_step - before_step) / elapsed,
        "busy_cpu": busy,
    }


def summarize(runs: list[dict[str, float]]) -> dict[str, object]:
    """Median and range of each figure over the runs of one N."""
    summary: dict[str, object] = {"n": runs[0]["n"], "runs": len(runs)}
    for key in ("updates_per_s", "paints_per_s", "steps_per_s", "busy_cpu"):
        values = [run[key] for run in runs]
        summary[key] = {"median": statistics.median(values), "min": min(values), "max": max(values)}
    return summary


def main() -> None:
    """Run the interleaved measurements and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("Chromium not found: apt-get install chromium, or set CHROMIUM_PATH")
    from playwright.sync_api import sync_playwright

    results: dict[int, list[dict[str, float]]] = {n: [] for n in SIZES}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        server = AppServer(Path(tmp) / "server.log")
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            server.wait_live()
            for _ in range(args.runs):
                for n in SIZES:  # interleaved, so that the machine's load hits every N alike
                    results[n].append(measure(browser, server, n, args.seconds))
        finally:
            browser.close()
            server.stop()
    table = [summarize(runs) for runs in results.values()]
    print(f"{'N':>6}  {'updates/s':>16}  {'paints/s':>16}  {'steps/s':>16}  {'busy CPU':>9}")
    for row in table:
        cells = [
            f"{row[key]['median']:5.1f} [{row[key]['min']:4.1f}-{row[key]['max']:4.1f}]"
            for key in ("updates_per_s", "paints_per_s", "steps_per_s")
        ]
        print(f"{row['n']:>6}  " + "  ".join(f"{c:>16}" for c in cells)
              + f"  {row['busy_cpu']['median']:>8.0%}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(table, indent=2))


if __name__ == "__main__":
    main()
