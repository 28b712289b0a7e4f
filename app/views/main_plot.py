"""The main plot: class regions, zero-score lines with the arrows of W, and the points.

The view owns its figure and ColumnDataSources and has a ``render()`` that copies what
changed in the session's state into them. Short columns travel as plain lists, so that a
frame is one small JSON message rather than a binary buffer per array.

The mouse has three modes: drag a point, add a point of the chosen class, or select points
(for Delete and relabelling in :class:`app.editing.DataEditor`). In drag mode, a tap on a
point or a grab of it also picks it for its anatomy (:mod:`app.views.anatomy`) and its pull
(:mod:`app.views.pull`).
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
from bokeh.core.property.descriptors import UnsetValueError
from bokeh.events import Pan, PanEnd, PanStart, Tap
from bokeh.model import Model
from bokeh.models import (
    Arrow,
    ImageRGBA,
    LinearAxis,
    LinearColorMapper,
    Patches,
    Plot,
    Range1d,
    Scatter,
    Segment,
    Span,
    VeeHead,
)
from bokeh.transform import transform

from app import palette
from app.editing import DataEditor
from app.state import DemoState, bounded
from app.views.curved_regions import CurvedRegions
from app.views.held_out import HeldOutPoints
from app.views.image_columns import image_over, no_image
from app.views.plot_overlays import PlotOverlays
from app.views.pull import PullArrows
from app.views.shared_models import SharedModels, empty
from demo_core.geometry import Box, arrows, fit_box, probability_grid, region_polygons, zero_lines

__all__ = ["MainPlot", "as_column"]

#: Largest N for which point columns are sent as JSON lists rather than binary arrays.
LIST_LIMIT = 200
#: A press grabs or selects a point only within this many pixels of it.
GRAB_PIXELS = 12
#: Above this many points they are drawn as one image of small squares, rendered here: the
#: browser repaints an image far faster than thousands of markers.
MANY_POINTS = 500
#: How much thicker lines, arrows and points are drawn in presentation mode.
PRESENTATION_SCALE = 1.6
#: The diameter of a point's marker, in pixels.
POINT_SIZE = 13

M = TypeVar("M", bound=Model)
#: Cells along each axis of the softmax probability shading.
SHADING_RESOLUTION = 100


def as_column(values: np.ndarray) -> list[float] | np.ndarray:
    """Short arrays as plain lists (one JSON message), long ones as arrays (binary)."""
    return values.tolist() if values.size <= LIST_LIMIT else values


class MainPlot:
    """The plane of the points, with everything the classifier draws on it.

    Parameters
    ----------
    state : DemoState
        The session's state; the plot reads it.
    editor : DataEditor
        Receives the edits made with the mouse.
    size : int
        Width and height of the square plotting frame, in pixels.
    """

    def __init__(self, state: DemoState, editor: DataEditor, size: int = 400) -> None:
        self.state = state
        self.editor = editor
        self.size = size
        self.box: Box = fit_box(state.trainer.X)
        xmin, xmax, ymin, ymax = self.box
        # A bare Plot with two axes: no grid, no tools and no title to build or to draw.
        self.figure = Plot(
            x_range=Range1d(xmin, xmax),
            y_range=Range1d(ymin, ymax),
            # The frame is square: the axes take about 60 px on the left and 50 px below.
            width=size + 60,
            height=size + 50,
            sizing_mode="scale_width",
            toolbar_location=None,
            title=None,
            outline_line_color="#444444",
            name="main_plot",
        )
        fig = self.figure
        self._normal: list[tuple[Model, dict[str, float]]] = []  # glyphs and their sizes
        self._scale = 1.0  # PRESENTATION_SCALE in a presentation
        shared = SharedModels()
        for label, place in (("x[0]", "below"), ("x[1]", "left")):
            fig.add_layout(LinearAxis(axis_label=label, minor_tick_line_color=None), place)
        self.shading = shared.source(no_image())
        self.shading_renderer = shared.add_glyph(
            fig, self.shading, ImageRGBA(image="image", x="x", y="y", dw="dw", dh="dh")
        )
        self.regions = shared.source({"xs": [], "ys": [], "color": []})
        self.regions_renderer = shared.add_glyph(
            fig, self.regions, Patches(xs="xs", ys="ys", fill_color="color", line_color=None)
        )
        for dimension in ("width", "height"):
            fig.add_layout(Span(location=0, dimension=dimension, line_color="#333333"))
        self.lines = shared.source({"x0": [], "y0": [], "x1": [], "y1": [], "color": []})
        lines = shared.add_glyph(
            fig,
            self.lines,
            self._scaled(
                Segment(x0="x0", y0="y0", x1="x1", y1="y1", line_color="color", line_width=2)
            ),
        )
        # The zones, halos and next step's lines, under the zero-score lines once turned on.
        self.overlays = PlotOverlays(state, shared, fig, below=lines)
        self.lines_renderer = lines
        self.arrows = shared.source({"x0": [], "y0": [], "x1": [], "y1": [], "color": []})
        fig.add_layout(
            self._scaled(
                Arrow(
                    source=self.arrows,
                    x_start="x0",
                    y_start="y0",
                    x_end="x1",
                    y_end="y1",
                    line_color="color",
                    line_width=2,
                    end=self._scaled(VeeHead(size=9, line_color="color", fill_color="color")),
                )
            )
        )
        self.batch = shared.source({"x0": [], "x1": []})
        shared.add_glyph(
            fig, self.batch,
            self._scaled(Scatter(x="x0", y="x1", size=20, fill_color=None, line_color="#222222",
                                 line_width=2, line_dash="dotted")),
        )  # fmt: skip
        self.selected = shared.source({"x0": [], "x1": []})
        shared.add_glyph(
            fig,
            self.selected,
            self._scaled(
                Scatter(
                    x="x0", y="x1", size=22, fill_color=None, line_color="#e41a1c", line_width=3
                )
            ),
        )
        self.pull = PullArrows(fig, shared, self._scaled)  # the examined point's pull
        self.colors = LinearColorMapper(palette=palette.main(3), low=-0.5, high=2.5)
        # With features: the regions sampled on a grid and the zero-score curves.
        self.curved = CurvedRegions(
            shared, fig, self.colors, self._scaled, under=(self.regions_renderer, lines)
        )
        self.points = shared.source({"x0": [], "x1": [], "label": [], "marker": []})
        self.many_points = shared.source(no_image())
        many = ImageRGBA(image="image", x="x", y="y", dw="dw", dh="dh")
        shared.add_glyph(fig, self.many_points, many)
        shared.add_glyph(
            fig, self.points,
            self._scaled(Scatter(x="x0", y="x1", size=POINT_SIZE, line_color="black",
                                 line_width=1.2, fill_color=transform("label", self.colors),
                                 marker="marker")),
        )  # fmt: skip
        self.held_out = HeldOutPoints(fig, shared, self._scaled, POINT_SIZE)
        self._grabbed: int | None = None
        fig.on_event(PanStart, self._grab)
        fig.on_event(Pan, self._drag)
        fig.on_event(PanEnd, self._release)
        fig.on_event(Tap, self._tap)
        self._data_revision = -1
        self._selection: list[int] = []

    # -- the mouse ------------------------------------------------------------------------

    def _nearest(self, x: float, y: float) -> int | None:
        """The point within :data:`GRAB_PIXELS` of ``(x, y)``, or None."""
        X = self.state.trainer.X
        if not len(X):
            return None
        # The frame's width on screen, once the browser has told it: the plot scales with the page.
        try:
            width = self.figure.inner_width
        except UnsetValueError:  # not drawn yet
            width = self.size
        pixels_per_unit = width / (self.box[1] - self.box[0])
        distances = np.hypot(X[:, 0] - x, X[:, 1] - y) * pixels_per_unit
        nearest = int(np.argmin(distances))
        return nearest if distances[nearest] <= GRAB_PIXELS else None

    def _grab(self, event: PanStart) -> None:
        """Grab the point under the pointer, in drag mode."""
        self._grabbed = None
        position = self._in_box(event)
        if self.editor.mode == "drag" and position is not None:
            self._grabbed = self._nearest(*position)
            if self._grabbed is not None:
                self.editor.remember()
                self.state.examine(self._grabbed)  # its anatomy follows the drag

    def _in_box(self, event: Tap | Pan) -> tuple[float, float] | None:
        """The event's position moved into the plot's box; None if it is not a position."""
        xmin, xmax, ymin, ymax = self.box
        x0, x1 = bounded(event.x, xmin, xmax), bounded(event.y, ymin, ymax)
        return None if x0 is None or x1 is None else (x0, x1)

    def _drag(self, event: Pan) -> None:
        position = self._in_box(event)
        if self._grabbed is not None and position is not None:
            self.state.move_point(self._grabbed, *position)

    def _release(self, event: PanEnd) -> None:
        self._drag(event)
        self._grabbed = None

    def _tap(self, event: Tap) -> None:
        """Add a point (add mode), toggle a point's selection (select mode) or examine it."""
        position = self._in_box(event)
        if position is None:
            return
        if self.editor.mode == "add":
            self.editor.add(*position, self.editor.new_label)
        elif self.editor.mode == "select":
            index = self._nearest(*position)
            if index is not None:
                self.editor.toggle(index)
        else:  # drag mode: a tap on a point shows its anatomy and pull
            index = self._nearest(*position)
            if index is not None:
                self.state.examine(index)

    # -- rendering ------------------------------------------------------------------------

    def _scaled(self, model: M) -> M:
        """Remember ``model``'s line width and size, which a presentation enlarges.

        A model made while a presentation is on is enlarged at once.
        """
        names = [name for name in ("line_width", "size") if name in model.properties()]
        sizes = {name: getattr(model, name) for name in names}
        self._normal.append((model, sizes))
        if self._scale != 1.0:
            model.update(**{name: value * self._scale for name, value in sizes.items()})
        return model

    def show_large(self, large: bool) -> None:
        """Draw lines, arrows and points :data:`PRESENTATION_SCALE` times as thick, or as usual."""
        self._scale = PRESENTATION_SCALE if large else 1.0
        for model, sizes in self._normal:
            model.update(**{name: value * self._scale for name, value in sizes.items()})

    def render(self) -> None:
        """Copy the current regions, lines, arrows and (if changed) points into the sources."""
        trainer = self.state.trainer
        W, b = trainer.W, trainer.b
        K = trainer.num_classes
        main, light = palette.main(K), palette.light(K)
        if self.state.data_revision != self._data_revision:
            self._data_revision = self.state.data_revision
            self._render_points(K)
        shade = self.state.shade_probabilities
        self.regions_renderer.visible = not shade
        self.shading_renderer.visible = shade
        if shade:
            self._render_shading(W, b, K, trainer.features)
        if trainer.features:
            self._render_curved(W, b, trainer.features, flat=not shade)
        else:
            if not shade:
                self._render_regions(W, b, light)
            self.lines.data = _segments(zero_lines(W, b, self.box), main)
            self.arrows.data = _segments(arrows(W, b, length=0.2 * self.box[1]), main)
            self.curved.clear()
        self._render_batch()
        self._render_selection()
        scale = PRESENTATION_SCALE if self.state.present else 1.0
        many = trainer.num_points > MANY_POINTS  # drawn as 3 px squares
        self.overlays.render(self.box, 3.0 if many else POINT_SIZE * scale)
        self.pull.render(self.state, self.box)

    def _render_regions(self, W: np.ndarray, b: np.ndarray, light: list[str]) -> None:
        """The exact region of each class, a polygon (W of shape (K, 2))."""
        polygons = region_polygons(W, b, self.box)
        shown = [k for k in range(W.shape[0]) if len(polygons[k])]
        self.regions.data = {
            "xs": [_rounded(polygons[k][:, 0]) for k in shown],
            "ys": [_rounded(polygons[k][:, 1]) for k in shown],
            "color": [light[k] for k in shown],
        }

    def _render_curved(
        self, W: np.ndarray, b: np.ndarray, features: tuple[str, ...], flat: bool
    ) -> None:
        """The regions and zero-score curves on a grid; no polygons, lines or arrows of W."""
        for source in (self.regions, self.lines, self.arrows):
            empty(source)
        self.curved.render(W, b, self.box, features, flat)

    def _render_points(self, num_classes: int) -> None:
        """Send the points, refit the view to them, and recolour for K classes."""
        trainer = self.state.trainer
        X, y = trainer.X, trainer.y
        box = fit_box(X)
        if box != self.box:
            self.box = box
            self.figure.x_range.update(start=box[0], end=box[1])
            self.figure.y_range.update(start=box[2], end=box[3])
        if len(self.colors.palette) != num_classes:
            self.colors.update(palette=palette.main(num_classes), high=num_classes - 0.5)
        if len(y) > MANY_POINTS:
            # One image instead of thousands of markers: drawn in one call at every frame.
            self.points.data = {"x0": [], "x1": [], "label": [], "marker": []}
            image = _points_image(
                X, y, trainer.test_mask, self.box, palette.main(num_classes), self.size
            )
            self.many_points.data = image_over(self.box, image)
        else:
            self.many_points.data = no_image()
            self.points.data = {
                "x0": as_column(X[:, 0]),
                "x1": as_column(X[:, 1]),
                "label": as_column(y.astype(np.int32)),
                "marker": [palette.MARKERS[label] for label in y.tolist()],
            }
        self.held_out.render(trainer, drawn_as_markers=len(y) <= MANY_POINTS)

    def _render_shading(
        self, W: np.ndarray, b: np.ndarray, num_classes: int, features: tuple[str, ...]
    ) -> None:
        """Shade each cell by the softmax probabilities of the classes, as one RGBA image."""
        probabilities = probability_grid(W, b, self.box, SHADING_RESOLUTION, features)
        rgb = np.array([_rgb(c) for c in palette.main(num_classes)], dtype=np.float64)
        mixed = 0.45 * (probabilities @ rgb) + 0.55 * 255.0
        image = np.empty(probabilities.shape[:2], dtype=np.uint32)
        view = image.view(np.uint8).reshape(*image.shape, 4)
        view[..., :3] = np.clip(mixed, 0, 255).astype(np.uint8)
        view[..., 3] = 255
        self.shading.data = image_over(self.box, image)

    def _render_batch(self) -> None:
        """Ring the points of the last minibatch; nothing when it was the full batch."""
        trainer = self.state.trainer
        index = trainer.last_batch
        if index.size >= trainer.num_train:  # every training point: no minibatch
            if self.batch.data["x0"]:
                self.batch.data = {"x0": [], "x1": []}
            return
        X = trainer.X[index]
        self.batch.data = {"x0": as_column(X[:, 0]), "x1": as_column(X[:, 1])}

    def _render_selection(self) -> None:
        """Ring the selected points in red."""
        selection = [i for i in self.editor.selection if i < self.state.trainer.num_points]
        if selection == self._selection:
            return
        self._selection = selection
        X = self.state.trainer.X[selection]
        self.selected.data = {"x0": X[:, 0].tolist(), "x1": X[:, 1].tolist()}


def _points_image(
    X: np.ndarray, y: np.ndarray, held_out: np.ndarray, box: Box, colors: list[str], size: int
) -> np.ndarray:
    """The points X (N, 2) as a ``size`` x ``size`` RGBA image (uint32), 3 px squares.

    The squares of the points ``held_out`` (bool, (N,)) are hollow: their middle pixel is
    white. Row 0 is the bottom of the box, as Bokeh's images expect; empty pixels are
    transparent.
    """
    xmin, xmax, ymin, ymax = box
    columns = np.clip(((X[:, 0] - xmin) / (xmax - xmin) * size).astype(int), 1, size - 2)
    rows = np.clip(((X[:, 1] - ymin) / (ymax - ymin) * size).astype(int), 1, size - 2)
    rgba = np.array([[*_rgb(c), 255] for c in colors], dtype=np.uint8).view(np.uint32)[:, 0]
    image = np.zeros((size, size), dtype=np.uint32)
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            image[rows + dr, columns + dc] = rgba[y]
    image[rows[held_out], columns[held_out]] = np.array([255] * 4, dtype=np.uint8).view(np.uint32)
    return image


def _rounded(values: np.ndarray) -> list[float]:
    """Coordinates rounded to 1e-4 of a unit, far below a pixel, to keep frames small."""
    return np.round(values, 4).tolist()


def _rgb(color: str) -> tuple[int, int, int]:
    """``"#rrggbb"`` as three integers."""
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _segments(segments: list[np.ndarray | None], colors: list[str]) -> dict[str, list]:
    """Columns x0, y0, x1, y1, color of the segments that exist."""
    shown = [(np.round(s, 4), c) for s, c in zip(segments, colors, strict=True) if s is not None]
    return {
        "x0": [float(s[0, 0]) for s, _ in shown],
        "y0": [float(s[0, 1]) for s, _ in shown],
        "x1": [float(s[1, 0]) for s, _ in shown],
        "y1": [float(s[1, 1]) for s, _ in shown],
        "color": [c for _, c in shown],
    }
