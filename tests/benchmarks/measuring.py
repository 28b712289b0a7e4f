"""What the benchmarks measure with: the machine's busy CPU and load, and percentiles.

The machine is shared, so every figure is printed with the load it was measured under.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

__all__ = ["Results", "busy_cpu", "load_average", "percentile"]


def _cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs, from /proc/stat."""
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


@contextmanager
def busy_cpu() -> Iterator[dict[str, float]]:
    """Measure the machine's busy CPU share (percent of all cores) over the ``with`` body."""
    out: dict[str, float] = {}
    busy0, total0 = _cpu_times()
    yield out
    busy1, total1 = _cpu_times()
    out["busy"] = 100.0 * (busy1 - busy0) / max(total1 - total0, 1)


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages and the number of CPUs, as printed."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def percentile(values: list[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) by linear interpolation, None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Results:
    """Figures by name: each a list of (value, busy CPU %) over repetitions."""

    figures: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: defaultdict(list))
    notes: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, value: float | None, busy: float) -> None:
        """Record one repetition's value of ``name`` (skipped if None)."""
        if value is not None:
            self.figures[name].append((float(value), float(busy)))
