"""Benchmark of the NumPy core: evaluations and training steps, against a per-point loop.

Run by hand from the repository root (pytest does not collect it)::

    python tests/benchmarks/bench_core.py [--repeat 7] [--json PATH]

It prints two tables and asserts nothing about time:

1. For each loss and N = 9 (the original data), 1e3, 1e4 and 1e5 random points with K = 3:
   the time of one full-batch ``evaluate`` (the validated public function), one
   ``evaluate_batch`` (the unchecked fast path) and one ``Trainer.step()`` (plain gradient
   descent, step size 0.1, full batch), in microseconds.
2. At N = 1e4: the time of a plain per-point loop in pure Python (loss and gradients, one point
   and one class at a time), of ``evaluate`` timed in alternation with it, and their ratio.

Every figure is the median over ``--repeat`` runs of the time of one call, by two clocks: the
wall clock (what a user waits) and the process's CPU time (what the code costs; it leaves out
the time spent waiting for a CPU, so it moves less on a shared, loaded machine). The load
average and the CPU count are printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time
import timeit
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from demo_core.datasets import original
from demo_core.losses import LOSSES, Batch, evaluate, evaluate_batch
from demo_core.model import original_params
from demo_core.trainer import Trainer

SIZES = (9, 1_000, 10_000, 100_000)
LOOP_SIZE = 10_000
REG = 0.1
TARGET_STEP_US = 50.0  # a step on the original nine points
TARGET_SPEEDUP = 100.0  # evaluate against the per-point loop at N = 1e4
TIMED = ("evaluate_us", "evaluate_batch_us", "step_us")
_CLOCK_COLUMNS = "loss              N" + "       wall        cpu" * 3
CORE_HEADER = (
    "\n                     evaluate (µs)      evaluate_batch (µs)     Trainer.step (µs)"
    f"\n{_CLOCK_COLUMNS}  status"
)
LOOP_HEADER = (
    "\n                    per-point loop (ms)      evaluate (µs)       loop / evaluate"
    f"\n{_CLOCK_COLUMNS}  agrees"
)


def problem(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The original nine points for n = 9, else n uniform points with balanced labels."""
    if n == 9:
        return original()
    rng = np.random.default_rng(n)
    return rng.uniform(-1.0, 1.0, size=(n, 2)), np.arange(n) % 3


CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}


def calls_per_run(function: Callable[[], object], budget: float) -> int:
    """How many calls fill about ``budget`` seconds (at least one)."""
    return max(1, math.ceil(budget / max(timeit.Timer(function).timeit(1), 1e-9)))


def timing(function: Callable[[], object], repeat: int, budget: float = 0.05) -> dict:
    """Median over ``repeat`` runs of the time of one call, in µs, by each clock."""
    number = calls_per_run(function, budget)
    return {
        clock: statistics.median(timeit.Timer(function, timer=timer).repeat(repeat, number))
        / number
        * 1e6
        for clock, timer in CLOCKS.items()
    }


def paired_timing(fast: Callable[[], object], slow: Callable[[], object], repeat: int) -> dict:
    """Time ``fast`` and ``slow`` in alternation, so that both see the same load.

    Returns, for each clock, the median time of one call of each (µs) and the median of the
    per-run ratios slow / fast.
    """
    number = calls_per_run(fast, 0.05)
    runs: dict[str, list[tuple[float, float]]] = {clock: [] for clock in CLOCKS}
    for _ in range(repeat):
        for clock, timer in CLOCKS.items():
            fast_us = timeit.Timer(fast, timer=timer).timeit(number) / number * 1e6
            slow_us = timeit.Timer(slow, timer=timer).timeit(1) * 1e6
            runs[clock].append((fast_us, slow_us))
    return {
        clock: {
            "fast_us": statistics.median(f for f, _ in pairs),
            "slow_us": statistics.median(s for _, s in pairs),
            "ratio": statistics.median(s / f for f, s in pairs),
        }
        for clock, pairs in runs.items()
    }


def loop_loss(name, W, b, X, y, reg):
    """Total loss and gradients by a per-point loop over Python floats: the baseline.

    ``W``, ``b``, ``X`` and ``y`` are nested Python lists; nothing here uses NumPy.
    """
    num_classes, n = len(W), len(X)
    dW = [[0.0, 0.0] for _ in range(num_classes)]
    db = [0.0] * num_classes
    data = 0.0
    for (x0, x1), label in zip(X, y, strict=True):
        s = [W[k][0] * x0 + W[k][1] * x1 + b[k] for k in range(num_classes)]
        ds = [0.0] * num_classes
        if name == "softmax":
            top = max(s)
            e = [math.exp(v - top) for v in s]
            z = sum(e)
            data += math.log(z) - (s[label] - top)
            ds = [v / z for v in e]
            ds[label] -= 1.0
        elif name == "structured":
            rival = max((k for k in range(num_classes) if k != label), key=s.__getitem__)
            if s[rival] - s[label] + 1.0 > 0:
                data += s[rival] - s[label] + 1.0
                ds[rival], ds[label] = 1.0, -1.0
        elif name == "ova":
            for k in range(num_classes):
                t = 1.0 if k == label else -1.0
                if 1.0 - t * s[k] > 0:
                    data += 1.0 - t * s[k]
                    ds[k] = -t
        else:
            for k in range(num_classes):
                if k != label and s[k] - s[label] + 1.0 > 0:
                    data += s[k] - s[label] + 1.0
                    ds[k] += 1.0
                    ds[label] -= 1.0
        for k in range(num_classes):
            dW[k][0] += ds[k] * x0
            dW[k][1] += ds[k] * x1
            db[k] += ds[k]
    reg_loss = reg * sum(w * w for row in W for w in row)
    dW = [
        [g / n + 2 * reg * w for g, w in zip(grads, weights, strict=True)]
        for grads, weights in zip(dW, W, strict=True)
    ]
    return data / n + reg_loss, dW, [g / n for g in db]


def time_core(repeat: int) -> list[dict]:
    """Table 1: evaluate, evaluate_batch and Trainer.step per loss and N."""
    W, b = original_params()
    rows = []
    for n in SIZES:
        X, y = problem(n)
        batch = Batch.from_arrays(X, y, 3)
        for name in LOSSES:
            trainer = Trainer(X, y, W, b, loss=name, reg=REG, step_size=0.1)
            row = {
                "loss": name,
                "n": n,
                "evaluate_us": timing(partial(evaluate, name, W, b, X, y, REG), repeat),
                "evaluate_batch_us": timing(
                    partial(evaluate_batch, name, W, b, batch, REG), repeat
                ),
                "step_us": timing(trainer.step, repeat),
                "trainer_status": trainer.status,
            }
            rows.append(row)
            figures = (row[key][clock] for key in TIMED for clock in CLOCKS)
            print(
                f"{name:<11} {n:>7}" + "".join(f" {value:>10.1f}" for value in figures),
                f" {row['trainer_status']}",
                flush=True,
            )
    return rows


def time_loop(repeat: int) -> list[dict]:
    """Table 2: the per-point loop at N = 1e4 against evaluate, with a check that they agree."""
    W, b = original_params()
    X, y = problem(LOOP_SIZE)
    lists = (W.tolist(), b.tolist(), X.tolist(), y.tolist())
    rows = []
    for name in LOSSES:
        total, dW, db = loop_loss(name, *lists, REG)
        exact = evaluate(name, W, b, X, y, REG)
        agrees = bool(
            math.isclose(total, exact.total_loss, rel_tol=1e-9)
            and np.allclose(dW, exact.dW, rtol=1e-9, atol=1e-12)
            and np.allclose(db, exact.db, rtol=1e-9, atol=1e-12)
        )
        paired = paired_timing(
            partial(evaluate, name, W, b, X, y, REG), partial(loop_loss, name, *lists, REG), repeat
        )
        rows.append({"loss": name, "n": LOOP_SIZE, "loop_agrees": agrees} | paired)
        figures = [paired[c]["slow_us"] / 1e3 for c in CLOCKS]
        figures += [paired[c]["fast_us"] for c in CLOCKS]
        figures += [paired[c]["ratio"] for c in CLOCKS]
        print(
            f"{name:<11} {LOOP_SIZE:>7}" + "".join(f" {value:>10.1f}" for value in figures),
            f" {'yes' if agrees else 'NO'}",
            flush=True,
        )
    return rows


def machine() -> dict:
    """What the figures depend on: CPUs, load, Python and NumPy versions."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable,
        "load_average": [round(v, 2) for v in os.getloadavg()],
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": platform.machine(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per figure (median)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    args = parser.parse_args(argv)

    before = machine()
    print(
        f"{before['date']}; {before['cpu_count']} CPUs ({before['usable_cpus']} usable); "
        f"load average {before['load_average']}; Python {before['python']}, "
        f"NumPy {before['numpy']}; median of {args.repeat} runs"
    )
    print(CORE_HEADER)
    table = time_core(args.repeat)
    print(LOOP_HEADER)
    loop = time_loop(args.repeat)
    after = machine()
    print(f"\nload average after: {after['load_average']}")
    for clock in CLOCKS:
        step_9 = max(row["step_us"][clock] for row in table if row["n"] == 9)
        lowest = min(row[clock]["ratio"] for row in loop)
        print(
            f"targets by {clock} time: step at N = 9 under {TARGET_STEP_US:.0f} µs: "
            f"{'met' if step_9 < TARGET_STEP_US else 'MISSED'} (slowest loss {step_9:.1f} µs); "
            f"evaluate {TARGET_SPEEDUP:.0f}x faster than the loop at N = 1e4: "
            f"{'met' if lowest >= TARGET_SPEEDUP else 'MISSED'} (lowest {lowest:.0f}x)"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        figures = {"machine": before, "load_average_after": after["load_average"]}
        figures |= {"repeat": args.repeat, "core": table, "loop": loop}
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
