"""A heat map of the total loss over a grid, as the landscape and the plane slice draw it."""

from __future__ import annotations

import numpy as np
from bokeh.models import ColorBar, ColumnDataSource, LinearColorMapper, Range1d
from bokeh.palettes import Viridis256
from bokeh.plotting import figure
from bokeh.plotting.contour import contour_data

__all__ = ["HeatMap"]

CONTOUR_LEVELS = 12


class HeatMap:
    """A heat map of the total loss over a grid, with contour lines and a colour bar.

    Parameters
    ----------
    title : str
        The colour bar's title.
    name : str
        The figure's name; its image source is named ``{name}_image``.
    width, height : int
        The figure's size in pixels; it scales down to a narrow screen.
    """

    def __init__(self, title: str, name: str, width: int, height: int) -> None:
        fig = figure(
            width=width, height=height, max_width=width, sizing_mode="scale_width",
            x_range=Range1d(-1, 1), y_range=Range1d(-1, 1), tools="", toolbar_location=None,
            name=name,
        )  # fmt: skip
        fig.grid.visible = False
        self.colors = LinearColorMapper(palette=Viridis256, low=0, high=1)
        self.image = ColumnDataSource(
            {"image": [], "x": [], "y": [], "dw": [], "dh": []}, name=f"{name}_image"
        )
        fig.image("image", x="x", y="y", dw="dw", dh="dh", source=self.image,
                  color_mapper=self.colors)  # fmt: skip
        self.contours = fig.contour(
            [0, 1], [0, 1], np.zeros((2, 2)), levels=[0.5], line_color="white", line_alpha=0.45,
            line_width=1, fill_color=None,
        )  # fmt: skip
        fig.add_layout(ColorBar(color_mapper=self.colors, title=title, width=12), "right")
        self.figure = fig

    def draw(self, x: np.ndarray, y: np.ndarray, loss: np.ndarray) -> None:
        """Show ``loss`` (R2, R1), whose rows follow ``y`` (R2,) and columns ``x`` (R1,)."""
        x_step, y_step = x[1] - x[0], y[1] - y[0]
        x0, x1 = x[0] - x_step / 2, x[-1] + x_step / 2
        y0, y1 = y[0] - y_step / 2, y[-1] + y_step / 2
        low, high = float(loss.min()), float(loss.max())
        high = max(high, low + 1e-9)
        self.colors.update(low=low, high=high)
        self.image.data = {
            "image": [loss.astype(np.float32)], "x": [x0], "y": [y0],
            "dw": [x1 - x0], "dh": [y1 - y0],
        }  # fmt: skip
        levels = np.linspace(low, high, CONTOUR_LEVELS + 2)[1:-1]
        self.contours.set_data(contour_data(x, y, loss, levels, want_fill=False))
        self.figure.x_range.update(start=x0, end=x1)
        self.figure.y_range.update(start=y0, end=y1)
