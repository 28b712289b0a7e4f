"""The core's hot paths against another revision of demo_core, in one process, interleaved.

Run by hand from the repository root (pytest does not collect it)::

    python tests/benchmarks/bench_against.py REV [--runs 40] [--sizes 9,10000]

REV's ``demo_core`` (any git revision, e.g. ``main`` or ``HEAD~3``) is exported with
``git archive`` into a temporary folder and imported under another name, so that both
versions run in the same process. Every run times each case of both, in alternating order,
so that a burst of load from elsewhere on a shared machine falls on both alike. Prints, per
loss and N, the median over the runs of the CPU time of one ``Trainer.step()`` (plain gradient
descent, full batch) and of one ``evaluate_params``, for REV and for the working tree, and
their ratio, with the load average.
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import timeit
from pathlib import Path
from types import ModuleType

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from demo_core import losses, trainer
from demo_core.datasets import original
from demo_core.model import original_params

ROOT = Path(__file__).resolve().parents[2]
OTHER = "demo_core_against"
REG = 0.1


def load_revision(rev: str, folder: Path) -> tuple[ModuleType, ModuleType]:
    """REV's ``demo_core.trainer`` and ``demo_core.losses``, imported as :data:`OTHER`."""
    archive = subprocess.run(
        ["git", "archive", rev, "demo_core"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    package = (folder / "demo_core").rename(folder / OTHER)
    for path in package.glob("*.py"):
        path.write_text(re.sub(r"\bdemo_core\b", OTHER, path.read_text()))
    sys.path.insert(0, str(folder))
    return importlib.import_module(f"{OTHER}.trainer"), importlib.import_module(f"{OTHER}.losses")


def problem(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The original nine points for n = 9, else n uniform points with balanced labels."""
    if n == 9:
        return original()
    rng = np.random.default_rng(n)
    return rng.uniform(-1.0, 1.0, size=(n, 2)), np.arange(n) % 3


def cases(versions: dict[str, tuple[ModuleType, ModuleType]], name: str, n: int) -> dict:
    """``(version, what) -> callable`` for one loss and N."""
    X, y = problem(n)
    W, b = original_params()
    found = {}
    for version, (trainer_module, losses_module) in versions.items():
        run = trainer_module.Trainer(X, y, W, b, loss=name, reg=REG, step_size=0.1)
        batch = losses_module.Batch.from_arrays(X, y, 3)
        params = losses_module.pack_params(W, b)
        found[version, "step"] = run.step
        found[version, "evaluate_params"] = lambda m=losses_module, p=params, d=batch: (
            m.evaluate_params(name, p, d, REG)
        )
    return found


def main() -> None:
    """Time both versions interleaved and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the git revision to compare the working tree with")
    parser.add_argument("--runs", type=int, default=40, help="interleaved runs per figure")
    parser.add_argument("--sizes", default="9,10000", help="comma-separated values of N")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        versions = {args.rev: load_revision(args.rev, Path(folder)), "tree": (trainer, losses)}
        print(f"load average before {os.getloadavg()} ({os.cpu_count()} CPUs); "
              f"median CPU time of one call over {args.runs} runs, µs")  # fmt: skip
        print(f"{'what':<16} {'loss':<11} {'N':>6} {args.rev:>12} {'tree':>10} {'ratio':>7}")
        for n in (int(size) for size in args.sizes.split(",")):
            number = max(1, 20_000 // n)
            for name in losses.LOSSES:
                timed = cases(versions, name, n)
                times: dict = {key: [] for key in timed}
                for run in range(args.runs):
                    order = list(timed.items())
                    for key, call in order if run % 2 == 0 else reversed(order):
                        clock = timeit.Timer(call, timer=time.process_time)
                        times[key].append(clock.timeit(number) / number * 1e6)
                for what in ("step", "evaluate_params"):
                    other, tree = (statistics.median(times[v, what]) for v in versions)
                    print(f"{what:<16} {name:<11} {n:>6} {other:>12.2f} {tree:>10.2f} "
                          f"{tree / other:>7.3f}")  # fmt: skip
        print(f"load average after {os.getloadavg()}")


if __name__ == "__main__":
    main()
