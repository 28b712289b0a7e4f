"""The loss landscape: a heat map of the total loss over two parameters, and slices below it.

The slices cut through all parameters at once (:mod:`app.lab.slices`).

The grid comes from :func:`demo_core.landscape.loss_landscape` around the current point, all
other parameters held fixed; the path from the trainer's trail, through
:func:`demo_core.landscape.trajectory_in`. While a run goes on, the map is recomputed at most
once per :attr:`Throttle.interval`, so it never holds up the animation; the slices are
recomputed with it, and so are never computed while the tab is closed.

The two parameters, the span and the slices' seed live in :class:`LandscapeSettings`; the
widgets are made from its parameters, and the view follows them. The axes offer the
parameters of the current number of classes.
"""

from __future__ import annotations

from collections.abc import Collection

import panel as pn
import param
from bokeh.document import Document
from bokeh.models import ColumnDataSource, Div
from bokeh.plotting import figure

from app.display import text_html
from app.lab.heat_map import HeatMap
from app.lab.inputs import StopSlider
from app.lab.slices import SlicesView
from app.runtime.throttle import Throttle
from app.state import DemoState
from demo_core.landscape import Landscape, loss_landscape, trajectory_in
from demo_core.model import ParamIndex
from demo_core.trainer import TRAIL_SIZE

__all__ = ["LandscapeSettings", "LandscapeView", "parameter_names"]

RESOLUTION = 61
#: Width of the heat map with its axes and colour bar, in pixels; narrower on a small screen.
LANDSCAPE_WIDTH = 470
SPAN_OPTIONS = {"0.1": 0.1, "0.25": 0.25, "0.5": 0.5, "1": 1.0, "2": 2.0, "5": 5.0, "10": 10.0}
DEFAULT_AXES = ("W[0,0]", "W[0,1]")


def parameter_names(num_classes: int, dim: int = 2) -> dict[str, ParamIndex]:
    """Every parameter by label: W[k,0] .. W[k,D-1], b[k] for each class k (D = ``dim``)."""
    params = {}
    for k in range(num_classes):
        for index in (*(ParamIndex("W", k, d) for d in range(dim)), ParamIndex("b", k)):
            params[index.name] = index
    return params


class LandscapeSettings(param.Parameterized):
    """What the landscape shows: two parameters by name, and how far around them it looks."""

    x_axis = param.Selector(default=DEFAULT_AXES[0], objects=list(DEFAULT_AXES))
    y_axis = param.Selector(default=DEFAULT_AXES[1], objects=list(DEFAULT_AXES))
    span = param.Selector(default=1.0, objects=SPAN_OPTIONS)
    slice_seed = param.Integer(default=0, bounds=(0, None), doc="Seed of the slices' directions.")

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
    slices : SlicesView
        The slices through all parameters, recomputed with the grid.
    visible : bool
        Whether the view is on screen; a hidden view does not follow the state.
    """

    def __init__(self, state: DemoState, doc: Document, interval: float = 0.5) -> None:
        self.state = state
        self.visible = True
        self.landscape: Landscape | None = None
        self.settings = settings = LandscapeSettings()
        settings.offer(list(parameter_names(state.trainer.num_classes, state.trainer.dim)))
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
        self.slices = SlicesView(state)
        self.throttle = Throttle(doc, self.refresh, interval)
        settings.param.watch(self._on_settings, ["x_axis", "y_axis", "span", "slice_seed"])
        self.refresh_button.on_click(lambda _event: self.throttle.run())
        self.slices.regenerate.on_click(lambda _event: self.regenerate())
        self._shown: tuple | None = None
        self.throttle.run()

    def _figure(self) -> figure:
        title = self.state.say("axis.total_loss")
        self.heat_map = HeatMap(title, "landscape", LANDSCAPE_WIDTH, 420)
        fig = self.heat_map.figure
        self.image = self.heat_map.image
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

    def regenerate(self) -> None:
        """Draw new random directions for the slices."""
        self.settings.slice_seed += 1

    def _wanted(self) -> tuple:
        """What the view should show now.

        The model's revision, the two axes, the span, the slices' seed, and the step size,
        which the descent slice marks.
        """
        names = parameter_names(self.state.trainer.num_classes, self.state.trainer.dim)
        settings = self.settings
        return (
            self.state.model_revision, *settings.axes(names), settings.span,
            settings.slice_seed, self.state.step_size,
        )  # fmt: skip

    def _stale(self) -> bool:
        """Whether the landscape shown differs from what the model and settings ask for."""
        return self._shown != self._wanted()

    def _offer_axes(self) -> None:
        """Offer the parameters of the current number of classes on the axes."""
        trainer = self.state.trainer
        self.settings.offer(list(parameter_names(trainer.num_classes, trainer.dim)))

    def refresh(self) -> None:
        """Recompute the grid and the slices at the current point; show the grid's recent path."""
        trainer = self.state.trainer
        self._shown = self._wanted()
        _revision, x_name, y_name, span, seed, _step_size = self._shown
        self.slices.refresh(float(span), seed)
        params = parameter_names(trainer.num_classes, trainer.dim)
        if x_name == y_name:
            self.landscape = None
            self.caption.text = "<b>Pick two different parameters.</b>"
            return
        self.landscape = loss_landscape(
            trainer.loss, trainer.W, trainer.b, *trainer.training_inputs(), trainer.reg,
            axes=(params[x_name], params[y_name]), span=float(span), resolution=RESOLUTION,
        )  # fmt: skip
        self._draw(self.landscape)

    def _draw(self, land: Landscape) -> None:
        self.heat_map.draw(land.x, land.y, land.loss)
        fig = self.figure
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
        """The axis choice and span beside the heat map, and the slices below."""
        controls = pn.Column(
            pn.Row(self.x_axis, self.y_axis),
            self.span,
            self.refresh_button,
            pn.pane.Bokeh(self.caption),
            width=340,
        )
        return pn.Column(
            pn.FlexBox(pn.pane.Bokeh(self.figure, max_width=LANDSCAPE_WIDTH), controls),
            self.slices.panel(),
            sizing_mode="stretch_width",
        )
