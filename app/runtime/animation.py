"""Repeated updates: a :class:`~app.runtime.runner.Runner` that steps the state.

It runs while ``state.running`` is true, ``state.speed`` times per second: it stops on Stop,
on Reset and on divergence (which set ``running`` to false), and when the session ends.
"""

from __future__ import annotations

from bokeh.document import Document

from app.runtime.frames import FrameSync
from app.runtime.runner import Runner
from app.state import DemoState

__all__ = ["Animator"]


class Animator:
    """Steps ``state`` ``state.speed`` times per second while ``state.running`` is true.

    Attributes
    ----------
    runner : Runner
        The periodic runner that takes the steps.
    stepping : bool
        Whether the state is being stepped by the animation (rather than by the user).
    """

    def __init__(self, doc: Document, state: DemoState, sync: FrameSync) -> None:
        self.state = state
        self.sync = sync
        self.runner = Runner(doc, self._step, state.speed)
        self.stepping = False
        state.param.watch(self._on_running, "running")
        state.param.watch(self._on_speed, "speed")

    def _on_running(self, _event: object) -> None:
        if self.state.running:
            self.runner.start()
        else:
            self.runner.stop()

    def _on_speed(self, _event: object) -> None:
        self.runner.speed = self.state.speed

    def close(self) -> None:
        """Forget the periodic callback; called when the session has ended."""
        self.runner.close()

    def _step(self) -> None:
        self.stepping = True
        try:
            self.state.step()
        finally:
            self.stepping = False
