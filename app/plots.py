"""The two Bokeh figures: the main plot of data and classes, and the loss curve.

Each view owns its figure and ColumnDataSources and has a ``render()`` that copies what
changed in the session's state into them. Short columns travel as plain lists, so that a
frame is one small JSON message rather than a binary buffer per array.
"""

from __future__ import annotations

import numpy as np
from bokeh.events import Pan, PanEnd, PanStart
from bokeh.models import (
    Arrow,
    ColumnDataSource,
    HoverTool,
    LinearAxis,
    Range1d,
    Span,
    VeeHead,
)
from bokeh.plotting import figure

from app import palette
from app.state import DemoState
from demo_core.geometry import arrows, region_polygons, zero_lines
from demo_core.trainer import Record

__all__ = ["LossCurve", "MainPlot", "as_column"]

VIEW_BOX = (-1.0, 1.0, -1.0, 1.0)
#: Largest N for which point columns are sent as JSON lists rather than binary arrays.
LIST_LIMIT = 200
#: A press grabs a point only within this distance, in data units (about 12 px).
GRAB_RADIUS = 0.06


def as_column(values: np.ndarray) -> list[float] | np.ndarray:
    """Short arrays as plain lists (one JSON message), long ones as arrays (binary)."""
    return values.tolist() if values.size <= LIST_LIMIT else values


class MainPlot:
    """Class regions, zero-score lines with their W arrows, and the draggable points.

    Parameters
    ----------
    state : DemoState
        The session's state; the plot reads it and moves points through it.
    size : int
        Width and height of the square plotting frame, in pixels.
    """

    def __init__(self, state: DemoState, size: int = 400) -> None:
        self.state = state
        xmin, xmax, ymin, ymax = VIEW_BOX
        self.figure = figure(
            x_range=Range1d(xmin, xmax),
            y_range=Range1d(ymin, ymax),
            frame_width=size,
            frame_height=size,
            tools="",
            toolbar_location=None,
            x_axis_label="x[0]",
            y_axis_label="x[1]",
            name="main_plot",
        )
        fig = self.figure
        fig.grid.visible = False
        fig.outline_line_color = "#444444"
        self.regions = ColumnDataSource({"xs": [], "ys": [], "color": []})
        fig.patches("xs", "ys", source=self.regions, fill_color="color", line_color=None)
        for dimension in ("width", "height"):
            fig.add_layout(Span(location=0, dimension=dimension, line_color="#333333"))
        self.lines = ColumnDataSource({"x0": [], "y0": [], "x1": [], "y1": [], "color": []})
        fig.segment("x0", "y0", "x1", "y1", source=self.lines, line_color="color", line_width=2)
        self.arrows = ColumnDataSource({"x0": [], "y0": [], "x1": [], "y1": [], "color": []})
        fig.add_layout(
            Arrow(
                source=self.arrows,
                x_start="x0",
                y_start="y0",
                x_end="x1",
                y_end="y1",
                line_color="color",
                line_width=2,
                end=VeeHead(size=9, line_color="color", fill_color="color"),
            )
        )
        self.points = ColumnDataSource({"x0": [], "x1": [], "color": []})
        self.batch = ColumnDataSource({"x0": [], "x1": []})
        fig.scatter(
            "x0", "x1", source=self.batch, size=20, fill_color=None, line_color="#222222",
            line_width=2, line_dash="dotted",
        )  # fmt: skip
        fig.scatter(
            "x0", "x1", source=self.points, size=12, fill_color="color", line_color="black",
            line_width=1.2,
        )  # fmt: skip
        self._grabbed: int | None = None
        fig.on_event(PanStart, self._grab)
        fig.on_event(Pan, self._drag)
        fig.on_event(PanEnd, self._release)
        self._data_revision = -1

    # -- dragging -------------------------------------------------------------------------

    def _grab(self, event: PanStart) -> None:
        """Grab the point nearest to the press, if it lies within :data:`GRAB_RADIUS`."""
        X = self.state.trainer.X
        distances = np.hypot(X[:, 0] - event.x, X[:, 1] - event.y)
        nearest = int(np.argmin(distances))
        self._grabbed = nearest if distances[nearest] <= GRAB_RADIUS else None

    def _drag(self, event: Pan) -> None:
        if self._grabbed is not None and event.x is not None and event.y is not None:
            xmin, xmax, ymin, ymax = VIEW_BOX
            x0 = min(max(event.x, xmin), xmax)
            x1 = min(max(event.y, ymin), ymax)
            self.state.move_point(self._grabbed, x0, x1)

    def _release(self, event: PanEnd) -> None:
        self._drag(event)
        self._grabbed = None

    # -- rendering ------------------------------------------------------------------------

    def render(self) -> None:
        """Copy the current regions, lines, arrows and (if changed) points into the sources."""
        trainer = self.state.trainer
        W, b = trainer.W, trainer.b
        K = trainer.num_classes
        main, light = palette.main(K), palette.light(K)
        polygons = region_polygons(W, b, VIEW_BOX)
        shown = [k for k in range(K) if len(polygons[k])]
        self.regions.data = {
            "xs": [polygons[k][:, 0].tolist() for k in shown],
            "ys": [polygons[k][:, 1].tolist() for k in shown],
            "color": [light[k] for k in shown],
        }
        self.lines.data = _segments(zero_lines(W, b, VIEW_BOX), main)
        self.arrows.data = _segments(arrows(W, b), main)
        if self.state.data_revision != self._data_revision:
            self._data_revision = self.state.data_revision
            X, y = trainer.X, trainer.y
            self.points.data = {
                "x0": as_column(X[:, 0]),
                "x1": as_column(X[:, 1]),
                "color": [main[label] for label in y.tolist()],
            }
        self._render_batch()

    def _render_batch(self) -> None:
        """Ring the points of the last minibatch; nothing when it was the full batch."""
        trainer = self.state.trainer
        index = trainer.last_batch
        if index.size == trainer.num_points:
            if self.batch.data["x0"]:
                self.batch.data = {"x0": [], "x1": []}
            return
        X = trainer.X[index]
        self.batch.data = {"x0": as_column(X[:, 0]), "x1": as_column(X[:, 1])}


def _segments(segments: list[np.ndarray | None], colors: list[str]) -> dict[str, list]:
    """Columns x0, y0, x1, y1, color of the segments that exist."""
    shown = [(s, c) for s, c in zip(segments, colors, strict=True) if s is not None]
    return {
        "x0": [float(s[0, 0]) for s, _ in shown],
        "y0": [float(s[0, 1]) for s, _ in shown],
        "x1": [float(s[1, 0]) for s, _ in shown],
        "y1": [float(s[1, 1]) for s, _ in shown],
        "color": [c for _, c in shown],
    }


CURVES = (
    ("total_loss", "Total loss", "#222222"),
    ("batch_loss", "Minibatch loss (before the step)", "#9467bd"),
    ("data_loss", "Data loss", "#1f77b4"),
    ("reg_loss", "Regularization loss", "#ff7f0e"),
)


class LossCurve:
    """Losses and accuracy per step, streamed with a rollover.

    The ranges are fixed :class:`~bokeh.models.Range1d` that the server widens by doubling,
    so the browser never auto-ranges during an animation.
    """

    ROLLOVER = 2000

    def __init__(self, state: DemoState, width: int = 540, height: int = 280) -> None:
        self.state = state
        self.source = ColumnDataSource(self._empty())
        self.figure = figure(
            width=width,
            height=height,
            x_range=Range1d(0, 50),
            y_range=Range1d(0, 8),
            tools="xwheel_zoom,xpan,box_zoom,reset",
            active_scroll=None,
            toolbar_location="above",
            x_axis_label="step",
            y_axis_label="loss",
            name="loss_curve",
        )
        fig = self.figure
        fig.extra_y_ranges = {"accuracy": Range1d(0, 1.05)}
        fig.add_layout(LinearAxis(y_range_name="accuracy", axis_label="accuracy"), "right")
        renderers = [
            fig.line("step", column, source=self.source, color=color, line_width=2,
                     legend_label=label)
            for column, label, color in CURVES
        ]  # fmt: skip
        renderers.append(
            fig.line("step", "accuracy", source=self.source, color="#2ca02c", line_dash="dashed",
                     line_width=2, legend_label="Accuracy", y_range_name="accuracy")
        )  # fmt: skip
        self.minibatch_line = renderers[1]
        self.minibatch_line.visible = False
        self.minibatch_line.glyph.line_dash = "dotted"
        fig.legend.location = "top_right"
        fig.legend.click_policy = "hide"
        fig.legend.background_fill_alpha = 0.7
        fig.add_tools(
            HoverTool(
                renderers=renderers[:1],
                tooltips=[
                    ("step", "@step"),
                    ("total", "@total_loss{0.000}"),
                    ("data", "@data_loss{0.000}"),
                    ("reg", "@reg_loss{0.000}"),
                    ("accuracy", "@accuracy{0.00}"),
                ],
                mode="vline",
            )
        )
        self._last_step = 0

    @staticmethod
    def _empty() -> dict[str, list]:
        return {name: [] for name in ("step", *Record._fields[1:])}

    def render(self) -> None:
        """Stream the records added since the last render; start over if the run restarted."""
        trainer = self.state.trainer
        minibatch = trainer.batch_size < trainer.num_points
        if self.minibatch_line.visible != minibatch:
            self.minibatch_line.visible = minibatch
        history = trainer.history
        newest = history[-1].step if history else 0
        if newest < self._last_step or (not history and self._last_step):
            self.source.data = self._empty()
            self._last_step = 0
            self.figure.x_range.end = 50
            self.figure.y_range.end = 8
        if newest == self._last_step:
            return
        count = min(newest - self._last_step, len(history))
        records = [history[-count + i] for i in range(count)]
        self._last_step = newest
        self.source.stream(
            {name: [getattr(r, name) for r in records] for name in Record._fields},
            rollover=self.ROLLOVER,
        )
        _widen(self.figure.x_range, newest)
        _widen(self.figure.y_range, max(r.total_loss for r in records))


def _widen(axis_range: Range1d, value: float) -> None:
    """Double the range's end until it holds ``value``."""
    end = axis_range.end
    while value > end:
        end *= 2
    if end != axis_range.end:
        axis_range.end = end
