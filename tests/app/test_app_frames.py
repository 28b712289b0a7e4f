"""Frame delivery: one frame in flight, and the latest state wins."""

from __future__ import annotations

import pytest
from bokeh.document import Document

from app.runtime.frames import FrameSync


class Counter:
    def __init__(self) -> None:
        self.renders = 0

    def __call__(self) -> None:
        self.renders += 1


def test_requests_while_waiting_fold_into_one_frame() -> None:
    render = Counter()
    sync = FrameSync(Document(), render, timeout=60.0)
    sync.request()
    assert render.renders == 1 and sync.clock.tags == [1]
    for _ in range(5):
        sync.request()  # the browser has not painted frame 1 yet
    assert render.renders == 1 and sync.pending
    sync._on_ack("tags", [0], [1])  # the browser painted frame 1
    assert render.renders == 2 and sync.clock.tags == [2] and not sync.pending


def test_an_urgent_frame_follows_the_one_in_flight_but_no_further() -> None:
    render = Counter()
    sync = FrameSync(Document(), render, timeout=60.0)
    sync.request()  # an animation step: frame 1 is on its way
    sync.request(urgent=True)  # the user clicked: frame 2 follows at once
    assert render.renders == 2 and sync.clock.tags == [2]
    sync.request(urgent=True)  # two frames in flight: this one waits
    sync.request()
    assert render.renders == 2 and sync.pending
    sync._on_ack("tags", [0], [1])
    assert render.renders == 3 and sync.clock.tags == [3] and not sync.pending


def test_an_ack_with_nothing_pending_sends_nothing() -> None:
    render = Counter()
    sync = FrameSync(Document(), render, timeout=60.0)
    sync.request()
    sync._on_ack("tags", [0], [1])
    assert render.renders == 1 and not sync.waiting


def test_a_lost_ack_does_not_stall_the_page() -> None:
    render = Counter()
    sync = FrameSync(Document(), render, timeout=0.0)
    sync.request()
    sync.request()  # the last frame is given up at once with a zero timeout
    assert render.renders == 2


def test_a_malformed_ack_is_ignored() -> None:
    sync = FrameSync(Document(), Counter(), timeout=60.0)
    sync.request()
    sync._on_ack("tags", [0], ["not a number"])
    assert sync.waiting


@pytest.mark.parametrize("ack", [[10**9], [float("inf")], [10**400]])
def test_an_ack_of_a_frame_not_sent_counts_only_the_frames_sent(ack: list) -> None:
    sync = FrameSync(Document(), Counter(), timeout=60.0)
    sync.request()
    sync._on_ack("tags", [0], ack)
    assert sync.acknowledged <= sync.frame == 1
