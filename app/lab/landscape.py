"""The loss landscape: a heat map of the total loss over two parameters, with the recent path.

The grid comes from :func:`demo_core.landscape.loss_landscape` around the current point, all
other parameters held fixed; the path from the trainer's trail, through
:func:`demo_core.landscape.trajectory_in`. While a run goes on, the map is recomputed at most
once per :attr:`Throttle.interval`, so it never holds up the animation.

The two parameters and the span live in :class:`LandscapeSettings`; the widgets are made from
its parameters, and the view follows them. The axes offer the parameters of the current
number of classes.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import panel as pn
import param
from bokeh.document import Document
from bokeh.models import ColorBar, ColumnDataSource, Div, LinearColorMapper, Range1d
from bokeh.palettes import Viridis256
from bokeh.plotting import figure
from bokeh.plotting.contour import contour_data

from app.display import text_html
from app.lab.inputs import StopSlider
from app.runtime.throttle import Throttle
from app.state import DemoState
from demo_core.landscape import Landscape, loss_landscape, trajectory_in
from demo_core.model import ParamIndex
from demo_core.trainer import TRAIL_SIZE

__all__ = ["LandscapeSettings", "LandscapeView", "parameter_names"]

RESOLUTION = 61
CONTOUR_LEVELS = 12
#: Width of the heat map with its axes and colour bar, in pixels; narrower on a small screen.
LANDSCAPE_WIDTH = 470
SPAN_OPTIONS = {"0.1": 0.1, "0.25": 0.25, "0.5": 0.5, "1": 1.0, "2": 2.0, "5": 5.0, "10": 10.0}
DEFAULT_AXES = ("W[0,0]", "W[0,1]")


def parameter_names(num_classes: int) -> dict[str, ParamIndex]:
    """Every parameter by label: W[k,0], W[k,1], b[k] for each class k."""
    params = {}
    for k in range(num_classes):
        for index in (ParamIndex("W", k, 0), ParamIndex("W", k, 1), ParamIndex("b", k)):
            params[index.name] = index
    return params


class LandscapeSettings(param.Parameterized):
    """What the landscape shows: two parameters by name, and how far around them it looks."""

    x_axis = param.Selector(default=DEFAULT_AXES[0], objects=list(DEFAULT_AXES))
    y_axis = param.Selector(default=DEFAULT_AXES[1], objects=list(DEFAULT_AXES))
    span = param.Selector(default=1.0, objects=SPAN_OPTIONS)

    def axes(self, names: Collection[str]) -> tuple[str, str]:
        """The two axes among the parameters ``names``; one that is gone gives its default."""
        chosen = zip((self.x_axis, self.y_axis), DEFAULT_AXES, strict=True)
        x_axis, y_axis = (name if name in names else default for name, default in chosen)
        return x_axis, y_axis

    def offer(self, names: list[str]) -> None:
        """Offer the parameters ``names`` on both axes; one that is gone falls back to its default.

        The axes change first: what they then hold, kept or a default (which every number of
        classes has), is among the old choices too.
        """
        if names == self.param.x_axis.objects:
            return
        x_axis, y_axis = self.axes(names)
        self.param.update(x_axis=x_axis, y_axis=y_axis)
        self.param.x_axis.objects = names
        self.param.y_axis.objects = names


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
    settings : LandscapeSettings
        The two parameters and the span, as the widgets set them.
    landscape : Landscape or None
        The last grid shown; None while the two axes are the same parameter.
    visible : bool
        Whether the view is on screen; a hidden view does not follow the state.
    """

    def __init__(self, state: DemoState, doc: Document, interval: float = 0.5) -> None:
        self.state = state
        self.visible = True
        self.landscape: Landscape | None = None
        self.settings = settings = LandscapeSettings()
        settings.offer(list(parameter_names(state.trainer.num_classes)))
        self.x_axis = pn.widgets.Select.from_param(
            settings.param.x_axis, name=state.say("landscape.x_axis"), width=110
        )
        self.y_axis = pn.widgets.Select.from_param(
            settings.param.y_axis, name=state.say("landscape.y_axis"), width=110
        )
        self.span = StopSlider(state.say("landscape.span"), SPAN_OPTIONS, settings.span, width=300)
        self.span.link(settings, value="span", bidirectional=True)
        self.refresh_button = pn.widgets.Button(label=state.say("landscape.refresh"), width=90)
        self.caption = Div(name="landscape_caption", width=330, styles={"font-size": "13px"})
        self.figure = self._figure()
        self.throttle = Throttle(doc, self.refresh, interval)
        settings.param.watch(self._on_settings, ["x_axis", "y_axis", "span"])
        self.refresh_button.on_click(lambda _event: self.throttle.run())
        self._shown: tuple | None = None
        self.throttle.run()

    def _figure(self) -> figure:
        fig = figure(
            width=LANDSCAPE_WIDTH, height=420, max_width=LANDSCAPE_WIDTH,
            sizing_mode="scale_width", x_range=Range1d(-1, 1), y_range=Range1d(-1, 1),
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
        fig.add_layout(
            ColorBar(color_mapper=self.colors, title=self.state.say("axis.total_loss"), width=12),
            "right",
        )
        self.path = ColumnDataSource({"x": [], "y": []}, name="landscape_path")
        fig.line("x", "y", source=self.path, line_color="#ff7f0e", line_width=2)
        fig.scatter("x", "y", source=self.path, size=5, fill_color="#ff7f0e", line_color="white")
        self.current = ColumnDataSource({"x": [], "y": []})
        fig.scatter("x", "y", source=self.current, marker="star", size=20, fill_color="#e41a1c",
                    line_color="white", line_width=1.5)  # fmt: skip
        return fig

    def _on_settings(self, *_events: object) -> None:
        if self._stale():
            self.throttle.run()

    def _wanted(self) -> tuple:
        """What the landscape should show now: the model's revision, the two axes, the span."""
        names = parameter_names(self.state.trainer.num_classes)
        return (self.state.model_revision, *self.settings.axes(names), self.settings.span)

    def _stale(self) -> bool:
        """Whether the landscape shown differs from what the model and settings ask for."""
        return self._shown != self._wanted()

    def _offer_axes(self) -> None:
        """Offer the parameters of the current number of classes on the axes."""
        self.settings.offer(list(parameter_names(self.state.trainer.num_classes)))

    def refresh(self) -> None:
        """Recompute the grid at the current point and show it with the recent path."""
        trainer = self.state.trainer
        self._shown = self._wanted()
        _revision, x_name, y_name, span = self._shown
        params = parameter_names(trainer.num_classes)
        if x_name == y_name:
            self.landscape = None
            self.caption.text = "<b>Pick two different parameters.</b>"
            return
        self.landscape = loss_landscape(
            trainer.loss, trainer.W, trainer.b, trainer.X, trainer.y, trainer.reg,
            axes=(params[x_name], params[y_name]), span=float(span), resolution=RESOLUTION,
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
        caption = self.state.say(
            "landscape.caption_html",
            x=text_html(land.x_name),
            y=text_html(land.y_name),
            trail=TRAIL_SIZE,
        )
        if self.caption.text != caption:  # a new text would lay the page out again
            self.caption.text = caption

    def render(self) -> None:
        """Follow the state, at most once per interval, while the view is on screen."""
        if self.visible:
            self._offer_axes()
            if self._stale():
                self.throttle.request()

    def show(self) -> None:
        """Catch up at once with what changed while the view was hidden."""
        self._offer_axes()
        if self._stale():
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
        return pn.FlexBox(pn.pane.Bokeh(self.figure, max_width=LANDSCAPE_WIDTH), controls)
