"""The points held out as a test set, drawn hollow over their markers on the main plot.

A held-out point keeps its class's marker, with a white face and an outline in its class's
colour, so that it reads as "not trained on" at a glance. The renderer is built the first
time a point is held out: a page without a test set neither builds nor sends it. Above
:data:`app.views.main_plot.MANY_POINTS` the points are one image, which draws held-out points
hollow itself, and this renderer draws nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from bokeh.models import ColumnDataSource, Plot, Scatter

from app import palette
from app.views.shared_models import SharedModels
from demo_core.trainer import Trainer

__all__ = ["HeldOutPoints"]


class HeldOutPoints:
    """The hollow markers of the held-out points of one main plot.

    Parameters
    ----------
    figure : Plot
        The main plot; the markers are drawn over what is drawn when they are first needed.
    shared : SharedModels
        Makes the source and renderer as the plot's own.
    scaled : callable
        Registers a glyph whose line width and size a presentation enlarges.
    size : float
        The diameter of a marker, in pixels, as the plot's points have.
    """

    def __init__(
        self,
        figure: Plot,
        shared: SharedModels,
        scaled: Callable[[Scatter], Scatter],
        size: float,
    ) -> None:
        self._figure, self._shared, self._scaled, self._size = figure, shared, scaled, size
        self.source: ColumnDataSource | None = None

    def render(self, trainer: Trainer, drawn_as_markers: bool) -> None:
        """Draw the trainer's held-out points (N_test, 2) hollow, or nothing.

        ``drawn_as_markers``: whether the plot draws its points as markers (not one image).
        """
        mask = trainer.test_mask & drawn_as_markers  # (N,): none while the points are an image
        if self.source is None:
            if not mask.any():
                return
            self.source = self._build()
        X, y = trainer.X[mask], trainer.y[mask].tolist()
        colors = palette.main(trainer.num_classes)
        self.source.data = {
            "x0": X[:, 0].tolist(),
            "x1": X[:, 1].tolist(),
            "color": [colors[label] for label in y],
            "marker": [palette.MARKERS[label] for label in y],
        }

    def _build(self) -> ColumnDataSource:
        source = self._shared.source(
            {"x0": [], "x1": [], "color": [], "marker": []}, name="held_out_points"
        )
        glyph = Scatter(x="x0", y="x1", size=self._size, marker="marker", fill_color="white",
                        line_color="color", line_width=2.5)  # fmt: skip
        self._shared.add_glyph(self._figure, source, self._scaled(glyph))
        return source
