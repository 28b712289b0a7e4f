"""How many bytes a frame of the running page takes, as built and as the websocket sends it.

Run by hand from the repository root (pytest does not collect it)::

    python tests/benchmarks/bench_frame_bytes.py [--steps 300] [--reps 3]

A page is built in this process on a plain Bokeh document, at the defaults (the original's
nine points), and trained ``--steps`` steps, each drawn as one frame, with and without the
features x0² and x1². Each frame's changes are made into the PATCH-DOC message that the
server would send, and its bytes are counted as built (its JSON and binary buffers, what
``bench_browser.py`` counts in the browser) and deflated as the server's websocket sends them
(permessage-deflate at ``websocket_compression_level`` 1 and ``mem_level`` 5, app/serve.py,
one compressor for the whole connection). The cases alternate, ``--reps`` times each; each
figure is the median over the frames of a run. The load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bokeh.document import Document
from bokeh.protocol import Protocol

from app.page import Page

CASES = {"without features": [], "with x0² and x1²": ["x0sq", "x1sq"]}


def _frame_sizes(features: list[str], steps: int) -> tuple[float, float]:
    """Median bytes of a frame, as built and deflated, over ``steps`` steps."""
    page = Page(Document())
    page.sync.timeout = 0.0  # no browser acknowledges here
    page.show()
    page.state.param.update(features=features, step_size=1.0)
    page.render()
    events: list = []
    page.doc.on_change(events.append)
    compressor = zlib.compressobj(1, zlib.DEFLATED, -zlib.MAX_WBITS, 5)
    built, deflated = [], []
    for _ in range(steps):
        events.clear()
        page.state.step()
        page.render()
        if not events:
            continue
        message = Protocol().create("PATCH-DOC", list(events))
        parts = [
            message.header_json.encode(),
            message.metadata_json.encode(),
            message.content_json.encode(),
            *(bytes(buffer.to_bytes()) for buffer in message.buffers),
        ]
        built.append(sum(map(len, parts)))
        packed = b"".join(compressor.compress(part) + compressor.flush(zlib.Z_SYNC_FLUSH)
                          for part in parts)  # fmt: skip
        deflated.append(len(packed))
    return statistics.median(built), statistics.median(deflated)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--reps", type=int, default=3)
    options = parser.parse_args()
    print(f"load average before {os.getloadavg()} ({os.cpu_count()} CPUs)")
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in CASES}
    for _ in range(options.reps):
        for name, features in CASES.items():
            figures[name].append(_frame_sizes(features, options.steps))
    for name, runs in figures.items():
        built = sorted(run[0] for run in runs)
        packed = sorted(run[1] for run in runs)
        print(f"{name}: bytes per frame as built {statistics.median(built):,.0f} "
              f"[{built[0]:,.0f}-{built[-1]:,.0f}], deflated {statistics.median(packed):,.0f} "
              f"[{packed[0]:,.0f}-{packed[-1]:,.0f}]")  # fmt: skip
    print(f"load average after {os.getloadavg()}")


if __name__ == "__main__":
    main()
