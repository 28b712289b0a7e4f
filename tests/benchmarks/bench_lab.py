"""Timings of the optimization lab's core: loss landscape, gradient check and race steps.

Run by hand: ``python tests/benchmarks/bench_lab.py [--repeats 5] [--json PATH]``. Prints a
table of median wall-clock times in milliseconds, with the machine's load average beside
them, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from demo_core.datasets import generate, original
from demo_core.gradcheck import gradient_check
from demo_core.landscape import loss_landscape
from demo_core.losses import LOSSES
from demo_core.model import original_params
from demo_core.race import Race

SIZES = (9, 1_000, 10_000)
RESOLUTION = 60
RACE_STEPS = 200


def median_ms(work: Callable[[], object], repeats: int) -> float:
    """Median wall-clock time of ``work()`` over ``repeats`` runs, after one warm-up, in ms."""
    work()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def data(n: int):
    """The original nine points for n = 9, else n Gaussian blobs of 3 classes."""
    return original() if n == 9 else generate("blobs", n=n, k=3, seed=0)


def landscape_rows(repeats: int) -> list[dict]:
    """A 60 x 60 landscape of W[0,0] and W[0,1] for every loss and data size."""
    W, b = original_params()
    rows = []
    for n in SIZES:
        X, y = data(n)
        runs = repeats if n < 10_000 else max(1, repeats // 2)
        for name in LOSSES:
            work = partial(loss_landscape, name, W, b, X, y, 0.1, resolution=RESOLUTION)
            ms = median_ms(work, runs)
            rows.append(
                {"what": f"landscape {RESOLUTION}x{RESOLUTION}", "loss": name, "N": n, "ms": ms}
            )
    return rows


def gradcheck_rows(repeats: int) -> list[dict]:
    """One full gradient check (analytic + 2 x 9 loss evaluations) at the defaults."""
    X, y = original()
    W, b = original_params()
    return [
        {"what": "gradient check", "loss": name, "N": 9,
         "ms": median_ms(partial(gradient_check, name, W, b, X, y, 0.1), repeats)}
        for name in LOSSES
    ]  # fmt: skip


def race_rows(repeats: int) -> list[dict]:
    """Mean time of one Race.step() over RACE_STEPS steps, for 2 and 4 rules at N = 9."""
    X, y = original()
    W, b = original_params()
    rows = []
    for rules in (("sgd", "adam"), ("sgd", "momentum", "rmsprop", "adam")):

        def run(rules=rules):
            race = Race(X, y, W, b, rules=rules, loss="softmax", step_size=0.01)
            for _ in range(RACE_STEPS):
                race.step()

        ms = median_ms(run, repeats) / RACE_STEPS
        rows.append({"what": f"Race.step, {len(rules)} rules", "loss": "softmax", "N": 9, "ms": ms})
    return rows


def main() -> None:
    """Run every benchmark, print the table and optionally write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    load_before = os.getloadavg()
    rows = landscape_rows(args.repeats) + gradcheck_rows(args.repeats) + race_rows(args.repeats)
    load_after = os.getloadavg()
    print(f"{'what':<24} {'loss':<11} {'N':>6} {'median ms':>10}")
    for row in rows:
        print(f"{row['what']:<24} {row['loss']:<11} {row['N']:>6} {row['ms']:>10.3f}")
    print(f"load average before {load_before}, after {load_after} ({os.cpu_count()} CPUs)")
    if args.json:
        report = {"rows": rows, "loadavg_before": load_before, "loadavg_after": load_after,
                  "cpus": os.cpu_count(), "repeats": args.repeats}  # fmt: skip
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
