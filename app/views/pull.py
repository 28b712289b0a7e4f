"""The examined point's pull on the main plot: where one step on its loss alone moves W and b.

For the point of ``DemoState.examined``, a black ring and, per class that the point pulls,
the arrows of :func:`demo_core.pull.pull_arrows` at the state's step size: one from the tip
of the class's W arrow (how the row of W turns), one across its zero-score line where it
passes nearest the point (how the bias shifts it). Both sources stay empty, and nothing is
sent, while no point is examined. With features of the points only the ring is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import numpy as np
from bokeh.model import Model
from bokeh.models import Arrow, OpenHead, Plot, Scatter

from app.state import DemoState
from app.views.shared_models import SharedModels, empty
from demo_core.geometry import Box
from demo_core.pull import pull_arrows

__all__ = ["PULL_COLOR", "PullArrows"]

#: The colour of the ring and the arrows: apart from every class colour.
PULL_COLOR = "#111111"
#: The W arrows' length as a fraction of the box's half-width (as the main plot draws them).
ARROW_LENGTH = 0.2

M = TypeVar("M", bound=Model)


class PullArrows:
    """The ring and pull arrows of the examined point, on the main plot.

    Parameters
    ----------
    plot : bokeh.models.Plot
        The main plot's figure.
    shared : SharedModels
        The plot's shared stateless models.
    scaled : callable
        Registers a glyph's sizes for presentation mode (``MainPlot._scaled``).
    """

    def __init__(self, plot: Plot, shared: SharedModels, scaled: Callable[[M], M]) -> None:
        self.ring = shared.source({"x0": [], "x1": []})
        self.arrows = shared.source({"x0": [], "y0": [], "x1": [], "y1": []}, name="pull_arrows")
        self._plot, self._shared, self._scaled = plot, shared, scaled
        self._drawn = False

    def _draw(self) -> None:
        """Add the ring and the arrows to the plot: done when a point is first examined."""
        scaled = self._scaled
        self._shared.add_glyph(
            self._plot, self.ring,
            scaled(Scatter(x="x0", y="x1", size=26, fill_color=None, line_color=PULL_COLOR,
                           line_width=2.5)),
        )  # fmt: skip
        arrows = scaled(
            Arrow(
                source=self.arrows, x_start="x0", y_start="y0", x_end="x1", y_end="y1",
                line_color=PULL_COLOR, line_width=2,
                end=scaled(OpenHead(size=7, line_color=PULL_COLOR, line_width=2)),
            )
        )  # fmt: skip
        # A renderer of the plot rather than of its layout's centre: BokehJS lays out an
        # annotation added to the centre of a shown plot before it has made its view.
        self._plot.renderers = [*self._plot.renderers, arrows]
        self._drawn = True

    def render(self, state: DemoState, box: Box) -> None:
        """Ring the examined point and draw its pull; empty the sources when there is none."""
        anatomy = state.anatomy()
        if anatomy is None:
            if self.ring.data["x0"]:
                self.ring.data = {"x0": [], "x1": []}
                self.arrows.data = {"x0": [], "y0": [], "x1": [], "y1": []}
            return
        trainer = state.trainer
        x = trainer.X[state.examined]
        ring = {"x0": [float(x[0])], "x1": [float(x[1])]}
        if dict(self.ring.data) != ring:  # it moves only with a drag
            self.ring.data = ring
        # With features a row of W is no direction in the plane; a held-out point takes no
        # part in a step: no pull to draw either way.
        if trainer.features or trainer.test_mask[state.examined]:
            empty(self.arrows)
        else:
            length = ARROW_LENGTH * box[1]
            pull = pull_arrows(
                trainer.W, trainer.b, anatomy.gradient, trainer.step_size, x, box, length
            )
            shown = [np.round(a, 4) for a in (*pull.weights, *pull.biases) if a is not None]
            self.arrows.data = {
                "x0": [float(a[0, 0]) for a in shown],
                "y0": [float(a[0, 1]) for a in shown],
                "x1": [float(a[1, 0]) for a in shown],
                "y1": [float(a[1, 1]) for a in shown],
            }
        if not self._drawn:  # after the data, with which the ring and arrows then arrive
            self._draw()
