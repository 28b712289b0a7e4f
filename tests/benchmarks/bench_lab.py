"""Timings of the optimization lab's core: loss landscape, gradient check and race steps.

Run by hand from the repository root (pytest does not collect it)::

    python tests/benchmarks/bench_lab.py [--repeats 5] [--parts landscape] [--json PATH]

Every case is timed once per repetition, and the repetitions are interleaved: repetition r
times every case before repetition r + 1 starts, so that a burst of load from elsewhere on a
shared machine falls on all cases alike rather than on one. Each figure is the median of the
repetitions in milliseconds, with their range, by two clocks: the wall clock (what a user
waits) and the process's CPU time (what the code costs; it leaves out the time spent waiting
for a CPU, so it moves less with the load). The load average is printed before and after.
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
TARGET_LANDSCAPE_MS = 300.0  # a 60 x 60 landscape at N = 1e4, for every loss
PARTS = ("landscape", "gradcheck", "race")


class Case:
    """One timed piece of work: ``work()`` takes ``per_call`` units of the reported figure."""

    def __init__(self, what: str, loss: str, n: int, work: Callable[[], object], per_call=1):
        self.what, self.loss, self.n, self.work, self.per_call = what, loss, n, work, per_call
        self.times: list[float] = []
        self.cpu_times: list[float] = []

    def run(self) -> None:
        """Time one call of the work, in ms per unit, by the wall clock and in CPU time."""
        wall, cpu = time.perf_counter(), time.process_time()
        self.work()
        self.cpu_times.append((time.process_time() - cpu) * 1e3 / self.per_call)
        self.times.append((time.perf_counter() - wall) * 1e3 / self.per_call)

    def row(self) -> dict:
        """The median and range of the timed calls, and their median CPU time."""
        times, cpu = self.times, self.cpu_times
        return {"what": self.what, "loss": self.loss, "N": self.n, "runs": len(times),
                "median_ms": statistics.median(times), "min_ms": min(times),
                "max_ms": max(times), "cpu_median_ms": statistics.median(cpu)}  # fmt: skip


def data(n: int):
    """The original nine points for n = 9, else n Gaussian blobs of 3 classes."""
    return original() if n == 9 else generate("blobs", n=n, k=3, seed=0)


def landscape_cases() -> list[Case]:
    """A 60 x 60 landscape of W[0,0] and W[0,1] for every loss and data size."""
    W, b = original_params()
    what = f"landscape {RESOLUTION}x{RESOLUTION}"
    return [
        Case(what, name, n, partial(loss_landscape, name, W, b, *data(n), 0.1,
                                    resolution=RESOLUTION))
        for n in SIZES
        for name in LOSSES
    ]  # fmt: skip


def gradcheck_cases() -> list[Case]:
    """One full gradient check (analytic + 2 x 9 loss evaluations) at the defaults."""
    X, y = original()
    W, b = original_params()
    return [
        Case("gradient check", name, 9, partial(gradient_check, name, W, b, X, y, 0.1))
        for name in LOSSES
    ]


def race_cases() -> list[Case]:
    """One Race.step(), averaged over RACE_STEPS steps, for 2 and 4 rules at N = 9."""
    X, y = original()
    W, b = original_params()
    cases = []
    for rules in (("sgd", "adam"), ("sgd", "momentum", "rmsprop", "adam")):

        def run(rules=rules):
            race = Race(X, y, W, b, rules=rules, loss="softmax", step_size=0.01)
            for _ in range(RACE_STEPS):
                race.step()

        cases.append(Case(f"Race.step, {len(rules)} rules", "softmax", 9, run, RACE_STEPS))
    return cases


CASES = {"landscape": landscape_cases, "gradcheck": gradcheck_cases, "race": race_cases}


def main() -> None:
    """Run the chosen benchmarks interleaved, print the table and optionally write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="interleaved repetitions")
    parser.add_argument(
        "--parts", default=",".join(PARTS), help="comma-separated: " + ", ".join(PARTS)
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    parts = [part.strip() for part in args.parts.split(",") if part.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    cases = [case for part in parts for case in CASES[part]()]
    load_before = os.getloadavg()
    for case in cases:  # warm-up, not timed
        case.work()
    for _ in range(args.repeats):
        for case in cases:
            case.run()
    load_after = os.getloadavg()
    rows = [case.row() for case in cases]
    print(f"{'what':<24} {'loss':<11} {'N':>6} {'median ms':>10} {'range ms':>17} {'cpu ms':>9}")
    for row in rows:
        spread = f"{row['min_ms']:.3f}-{row['max_ms']:.3f}"
        print(f"{row['what']:<24} {row['loss']:<11} {row['N']:>6} {row['median_ms']:>10.3f}"
              f" {spread:>17} {row['cpu_median_ms']:>9.3f}")  # fmt: skip
    print(f"median of {args.repeats} interleaved repetitions; load average before "
          f"{load_before}, after {load_after} ({os.cpu_count()} CPUs)")  # fmt: skip
    largest = [r for r in rows if r["what"].startswith("landscape") and r["N"] == max(SIZES)]
    if largest:
        slowest = max(largest, key=lambda r: r["median_ms"])
        met = slowest["median_ms"] <= TARGET_LANDSCAPE_MS
        print(f"target: {RESOLUTION}x{RESOLUTION} landscape at N = {max(SIZES)} in at most "
              f"{TARGET_LANDSCAPE_MS:.0f} ms for every loss: {'met' if met else 'MISSED'} "
              f"(slowest median {slowest['median_ms']:.0f} ms, {slowest['loss']})")  # fmt: skip
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        report = {"rows": rows, "loadavg_before": load_before, "loadavg_after": load_after,
                  "cpus": os.cpu_count(), "repeats": args.repeats}  # fmt: skip
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
