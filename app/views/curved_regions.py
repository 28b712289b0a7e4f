"""The plane under features: class regions sampled on a grid, and the zero-score curves.

With features of the points (:mod:`demo_core.features`) a class's score is no longer linear
in the plane, so the main plot's exact polygons and lines do not apply. Instead the regions
are an image of the class with the highest score in each cell of a grid over the view box
(:func:`demo_core.geometry.region_image`), in the light class colours of the polygons, and
each class's zero-score curve is a set of short segments traced by marching squares
(:func:`demo_core.geometry.zero_contours`), in its class colour.

Both renderers are made the first time features are on, so that a page that never turns them
on neither builds nor sends them; while features are off their sources stay empty. The image
travels as one byte per cell, and only when a cell changed class.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import numpy as np
from bokeh.model import Model
from bokeh.models import (
    ColumnDataSource,
    GlyphRenderer,
    Image,
    LinearColorMapper,
    Plot,
    Segment,
)
from bokeh.transform import transform

from app import palette
from app.views.image_columns import image_over, no_image
from app.views.shared_models import SharedModels, empty
from demo_core.geometry import (
    Box,
    cell_centres,
    grid_nodes,
    region_image,
    score_grid,
    zero_contours,
)

__all__ = ["CONTOUR_RESOLUTION", "REGION_RESOLUTION", "CurvedRegions", "curve_columns"]

#: Cells along each axis of the region image: about 6 px on a plot of 400 px, one byte each.
REGION_RESOLUTION = 64
#: Grid nodes along each axis for the zero-score curves: cells of about 9 px on a plot of
#: 400 px, small enough for smooth curves and few enough to keep a frame short.
CONTOUR_RESOLUTION = 48
#: Largest number of values a column sends as a JSON list; longer ones go as binary arrays.
_LIST_LIMIT = 200

M = TypeVar("M", bound=Model)


def curve_columns(
    W: np.ndarray, b: np.ndarray, box: Box, features: tuple[str, ...]
) -> dict[str, np.ndarray]:
    """The segments of every class's zero-score curve: columns x0, y0, x1, y1 and class k.

    ``W`` (K, D) and ``b`` (K,) with the D - 2 ``features``; coordinates rounded to 1e-4.
    """
    field = score_grid(W, b, grid_nodes(box, CONTOUR_RESOLUTION), features)
    curves = zero_contours(field, box)
    columns = {
        name: np.round(np.concatenate([curve[c] for curve in curves]), 4)
        for c, name in enumerate(("x0", "y0", "x1", "y1"))
    }
    columns["k"] = np.repeat(np.arange(len(curves)), [len(curve[0]) for curve in curves])
    return columns


def _sent(values: np.ndarray, dtype: type) -> list | np.ndarray:
    """Short columns as plain lists, long ones as compact binary arrays."""
    return values.tolist() if values.size <= _LIST_LIMIT else values.astype(dtype)


class CurvedRegions:
    """The region image and the zero-score curves of one main plot.

    Parameters
    ----------
    shared : SharedModels
        Makes the sources and renderers as the main plot's own.
    figure : Plot
        The main plot.
    colors : LinearColorMapper
        The main plot's class colours, by class index, for the curves.
    scaled : callable
        Registers a glyph whose line width a presentation enlarges; returns it.
    under : pair of GlyphRenderer
        The renderers under which the image and the curves are drawn: those of the class
        polygons and of the zero-score lines, which are empty while features are on.
    """

    def __init__(
        self,
        shared: SharedModels,
        figure: Plot,
        colors: LinearColorMapper,
        scaled: Callable[[M], M],
        under: tuple[GlyphRenderer, GlyphRenderer],
    ) -> None:
        self._shared, self._figure, self._colors, self._scaled = shared, figure, colors, scaled
        self._under = under
        self.image: ColumnDataSource | None = None
        self.curves: ColumnDataSource | None = None
        self._regions: LinearColorMapper | None = None  # the light class colours, once drawn
        self._shown: tuple[np.ndarray, Box] | None = None  # the image sent, and its box

    @property
    def drawn(self) -> bool:
        """Whether the renderers exist: features were on at some time."""
        return self.image is not None

    def _draw(
        self, image: dict[str, list], curves: dict[str, list | np.ndarray], num_classes: int
    ) -> None:
        """Make both renderers, with their first data (see :class:`PlotOverlays` for why)."""
        shared, figure = self._shared, self._figure
        self._regions = LinearColorMapper(
            palette=palette.light(num_classes), low=-0.5, high=num_classes - 0.5
        )
        self.image = shared.source(image, name="feature_regions")
        self.curves = shared.source(curves, name="feature_curves")
        glyph = Image(image="image", x="x", y="y", dw="dw", dh="dh", color_mapper=self._regions)
        shared.insert_glyph(figure, self.image, glyph, self._under[0])
        segment = self._scaled(
            Segment(x0="x0", y0="y0", x1="x1", y1="y1", line_width=2,
                    line_color=transform("k", self._colors))
        )  # fmt: skip
        shared.insert_glyph(figure, self.curves, segment, self._under[1])

    def render(
        self, W: np.ndarray, b: np.ndarray, box: Box, features: tuple[str, ...], flat: bool
    ) -> None:
        """Draw the regions (if ``flat``: not shaded by probability) and the curves.

        ``W`` (K, D), ``b`` (K,), the view ``box`` and the D - 2 ``features``.
        """
        num_classes = W.shape[0]
        if self._regions is not None and len(self._regions.palette) != num_classes:
            self._regions.update(palette=palette.light(num_classes), high=num_classes - 0.5)
        image = None
        if flat:
            cells = score_grid(W, b, cell_centres(box, REGION_RESOLUTION), features)
            image = region_image(cells).astype(np.uint8)
        columns = curve_columns(W, b, box, features)
        curves = {
            **{name: _sent(columns[name], np.float32) for name in ("x0", "y0", "x1", "y1")},
            "k": _sent(columns["k"], np.uint8),
        }
        if self.image is None or self.curves is None:
            self._draw(no_image() if image is None else image_over(box, image), curves, num_classes)
        else:
            self.curves.data = curves
            if image is None:
                self._clear_image()
            elif self._changed(image, box):
                self.image.data = image_over(box, image)
        self._shown = None if image is None else (image, box)

    def _changed(self, image: np.ndarray, box: Box) -> bool:
        """Whether ``image`` over ``box`` differs from the image sent last."""
        shown = self._shown
        return shown is None or box != shown[1] or not np.array_equal(image, shown[0])

    def _clear_image(self) -> None:
        if self.image is not None:
            empty(self.image)

    def clear(self) -> None:
        """Empty both sources, once: features are off."""
        self._clear_image()
        if self.curves is not None:
            empty(self.curves)
        self._shown = None
