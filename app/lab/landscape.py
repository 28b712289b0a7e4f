"""The loss landscape: a heat map of the total loss over two parameters, with the recent path.

The grid comes from :func:`demo_core.landscape.loss_landscape` around the current point, all
other parameters held fixed; the path from the trainer's trail, through
:func:`demo_core.landscape.trajectory_in`. While a run goes on, the map is recomputed at most
once per :attr:`Throttle.interval`, so it never holds up the animation.
"""

from __future__ import annotations

import numpy as np
import panel as pn
from bokeh.document import Document
from bokeh.models import ColorBar, ColumnDataSource, Div, LinearColorMapper, Range1d
from bokeh.palettes import Viridis256
from bokeh.plotting import figure
from bokeh.plotting.contour import contour_data

from app.runtime.throttle import Throttle
from app.state import DemoState
from demo_core.landscape import Landscape, loss_landscape, trajectory_in
from demo_core.model import ParamIndex
from demo_core.trainer import TRAIL_SIZE

__all__ = ["LandscapeView", "parameter_names"]

RESOLUTION = 61
CONTOUR_LEVELS = 12
SPAN_OPTIONS = {"0.1": 0.1, "0.25": 0.25, "0.5": 0.5, "1": 1.0, "2": 2.0, "5": 5.0, "10": 10.0}
DEFAULT_AXES = ("W[0,0]", "W[0,1]")


def parameter_names(num_classes: int) -> dict[str, ParamIndex]:
    """Every parameter by label: W[k,0], W[k,1], b[k] for each class k."""
    params = {}
    for k in range(num_classes):
        for index in (ParamIndex("W", k, 0), ParamIndex("W", k, 1), ParamIndex("b", k)):
            params[index.name] = index
    return params


class LandscapeView:
    """A heat map of the total loss over two chosen parameters around the current point.

    Parameters
    ----------
    state : DemoState
        The session's state.
    doc : Document
        The session's document, for the throttle's late runs.
    interval : float
        Least seconds between two recomputations that follow the state.

    Attributes
    ----------
    landscape : Landscape or None
        The last grid shown; None while the two axes are the same parameter.
    visible : bool
        Whether the view is on screen; a hidden view does not follow the state.
    """

    def __init__(self, state: DemoState, doc: Document, interval: float = 0.5) -> None:
        self.state = state
        self.visible = True
        self.landscape: Landscape | None = None
        self._params = parameter_names(state.trainer.num_classes)
        names = list(self._params)
        self.x_axis = pn.widgets.Select(label="Horizontal axis", options=names, width=110)
        self.y_axis = pn.widgets.Select(label="Vertical axis", options=names, width=110)
        self.x_axis.value, self.y_axis.value = DEFAULT_AXES
        self.span = pn.widgets.DiscreteSlider(
            label="Span: each axis ± around its current value", options=SPAN_OPTIONS,
            value=1.0, width=300,
        )  # fmt: skip
        self.refresh_button = pn.widgets.Button(label="Refresh", width=90)
        self.caption = Div(name="landscape_caption", width=330, styles={"font-size": "13px"})
        self.figure = self._figure()
        self.throttle = Throttle(doc, self.refresh, interval)
        self._syncing = False
        for widget in (self.x_axis, self.y_axis, self.span):
            widget.param.watch(self._on_setting, "value")
        self.refresh_button.on_click(lambda _event: self.throttle.run())
        self._shown_revision = -1
        self.throttle.run()

    def _figure(self) -> figure:
        fig = figure(
            frame_width=360, frame_height=360, x_range=Range1d(-1, 1), y_range=Range1d(-1, 1),
            tools="", toolbar_location=None, name="landscape",
        )  # fmt: skip
        fig.grid.visible = False
        self.colors = LinearColorMapper(palette=Viridis256, low=0, high=1)
        self.image = ColumnDataSource(
            {"image": [], "x": [], "y": [], "dw": [], "dh": []}, name="landscape_image"
        )
        fig.image("image", x="x", y="y", dw="dw", dh="dh", source=self.image,
                  color_mapper=self.colors)  # fmt: skip
        self.contours = fig.contour(
            [0, 1], [0, 1], np.zeros((2, 2)), levels=[0.5], line_color="white", line_alpha=0.45,
            line_width=1, fill_color=None,
        )  # fmt: skip
        fig.add_layout(ColorBar(color_mapper=self.colors, title="total loss", width=12), "right")
        self.path = ColumnDataSource({"x": [], "y": []}, name="landscape_path")
        fig.line("x", "y", source=self.path, line_color="#ff7f0e", line_width=2)
        fig.scatter("x", "y", source=self.path, size=5, fill_color="#ff7f0e", line_color="white")
        self.current = ColumnDataSource({"x": [], "y": []})
        fig.scatter("x", "y", source=self.current, marker="star", size=20, fill_color="#e41a1c",
                    line_color="white", line_width=1.5)  # fmt: skip
        return fig

    def _on_setting(self, _event: object) -> None:
        if not self._syncing:
            self.throttle.run()

    def _sync_options(self) -> None:
        """Offer the parameters of the current K; fall back to the defaults if one vanished."""
        params = parameter_names(self.state.trainer.num_classes)
        if params.keys() == self._params.keys():
            return
        self._params = params
        names = list(params)
        for select, default in zip((self.x_axis, self.y_axis), DEFAULT_AXES, strict=True):
            value = select.value if select.value in params else default
            self._syncing = True
            try:
                select.param.update(options=names, value=value)
            finally:
                self._syncing = False

    def refresh(self) -> None:
        """Recompute the grid at the current point and show it with the recent path."""
        trainer = self.state.trainer
        self._shown_revision = self.state.model_revision
        self._sync_options()
        axes = (self._params[self.x_axis.value], self._params[self.y_axis.value])
        if axes[0] == axes[1]:
            self.landscape = None
            self.caption.text = "<b>Pick two different parameters.</b>"
            return
        self.landscape = loss_landscape(
            trainer.loss, trainer.W, trainer.b, trainer.X, trainer.y, trainer.reg, axes=axes,
            span=float(self.span.value), resolution=RESOLUTION,
        )  # fmt: skip
        self._draw(self.landscape)

    def _draw(self, land: Landscape) -> None:
        step = land.x[1] - land.x[0]
        x0, x1 = land.x[0] - step / 2, land.x[-1] + step / 2
        y0, y1 = land.y[0] - step / 2, land.y[-1] + step / 2
        low, high = float(land.loss.min()), float(land.loss.max())
        high = max(high, low + 1e-9)
        self.colors.update(low=low, high=high)
        self.image.data = {
            "image": [land.loss.astype(np.float32)], "x": [x0], "y": [y0],
            "dw": [x1 - x0], "dh": [y1 - y0],
        }  # fmt: skip
        levels = np.linspace(low, high, CONTOUR_LEVELS + 2)[1:-1]
        self.contours.set_data(contour_data(land.x, land.y, land.loss, levels, want_fill=False))
        fig = self.figure
        fig.x_range.update(start=x0, end=x1)
        fig.y_range.update(start=y0, end=y1)
        fig.xaxis.axis_label, fig.yaxis.axis_label = land.x_name, land.y_name
        xs, ys = trajectory_in(land, self.state.trainer.trail)
        self.path.data = {"x": xs.tolist(), "y": ys.tolist()}
        self.current.data = {"x": [land.center[0]], "y": [land.center[1]]}
        caption = (
            f"The total loss over <b>{land.x_name}</b> and <b>{land.y_name}</b>, around their "
            "current values, with every other parameter held where it is. Dark is low: "
            "the valley. The red star is the classifier now; the orange line with dots is its "
            f"path over the last steps (up to {TRAIL_SIZE})."
        )
        if self.caption.text != caption:  # a new text would lay the page out again
            self.caption.text = caption

    def render(self) -> None:
        """Follow the state, at most once per interval, while the view is on screen."""
        if self.visible and self._shown_revision != self.state.model_revision:
            self.throttle.request()

    def show(self) -> None:
        """Catch up at once with what changed while the view was hidden."""
        if self._shown_revision != self.state.model_revision:
            self.throttle.run()

    def close(self) -> None:
        """Cancel a scheduled recomputation."""
        self.throttle.close()

    def panel(self) -> pn.viewable.Viewable:
        """The axis choice and span beside the heat map."""
        controls = pn.Column(
            pn.Row(self.x_axis, self.y_axis),
            self.span,
            self.refresh_button,
            pn.pane.Bokeh(self.caption),
            width=340,
        )
        return pn.Row(pn.pane.Bokeh(self.figure), controls)
