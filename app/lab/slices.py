"""Slices of the loss through all parameters at once, beside the two-parameter landscape.

Three plots, from :mod:`demo_core.slices`: the total loss along one random direction, with
each point's kinks marked for the SVM losses; over two random directions, as a heat map; and
along the negative gradient, with the next step's size η marked. The directions have length 1
and come from the seed in :attr:`app.lab.landscape.LandscapeSettings.slice_seed`, which the
button *New random directions* moves on. The landscape view computes the slices when it
computes its own grid, at most once per its throttle's interval, and only while its tab is on
screen.
"""

from __future__ import annotations

import numpy as np
import panel as pn
from bokeh.models import ColumnDataSource, Div, Range1d, Span
from bokeh.plotting import figure

from app import palette
from app.lab.heat_map import HeatMap
from app.state import DemoState
from demo_core.slices import descent_direction, kinks, line_loss, plane_loss, random_directions

__all__ = ["SlicesView"]

#: Sample points of a line slice, and per axis of the plane slice.
LINE_SAMPLES = 201
PLANE_SAMPLES = 41
#: The most kinks marked: those nearest the current point. Each marked kink's height costs an
#: evaluation of the loss, and a thousand triangles would hide the curve.
MAX_KINKS = 200
#: The descent slice reaches this many times the step size η.
DESCENT_REACH = 3.0
#: Width and height of each slice's plot in pixels; they scale down on a narrow screen.
SLICE_WIDTH = 360
LINE_HEIGHT = 250
PLANE_HEIGHT = 320


def _line_figure(name: str, x_label: str, y_label: str) -> figure:
    fig = figure(
        width=SLICE_WIDTH, height=LINE_HEIGHT, max_width=SLICE_WIDTH, sizing_mode="scale_width",
        x_range=Range1d(-1, 1), y_range=Range1d(0, 1), tools="", toolbar_location=None,
        x_axis_label=x_label, y_axis_label=y_label, name=name,
    )  # fmt: skip
    fig.title.text_font_size = "13px"
    return fig


def _fit(fig: figure, x: np.ndarray, loss: np.ndarray) -> None:
    """Set the plot's fixed ranges around the curve ``loss`` over ``x``."""
    low, high = float(loss.min()), float(loss.max())
    margin = max(0.06 * (high - low), 1e-6)
    fig.x_range.update(start=float(x[0]), end=float(x[-1]))
    fig.y_range.update(start=low - margin, end=high + margin)


class SlicesView:
    """The three slices of the loss, drawn from the state's trainer.

    Parameters
    ----------
    state : DemoState
        The session's state.

    Attributes
    ----------
    line, kink, plane, descent, next_step : ColumnDataSource
        What the plots show: the random line ``a, loss``; the kinks ``a, loss, color, point``
        (at most :data:`MAX_KINKS`, the nearest to the current point);
        the plane's heat map (``heat_map.image``); the descent line ``t, loss``; and the
        next step ``t, loss``.
    """

    def __init__(self, state: DemoState) -> None:
        self.state = state
        say = state.say
        self.regenerate = pn.widgets.Button(label=say("slices.regenerate"), width=200)
        self.heading = Div(
            text=say("slices.heading_html"), name="slices_heading", sizing_mode="stretch_width",
            max_width=1100, styles={"font-size": "14px"},
        )  # fmt: skip
        self.caption = Div(
            name="slices_caption", sizing_mode="stretch_width", max_width=1100,
            styles={"font-size": "13px"},
        )  # fmt: skip
        self.line_figure = _line_figure(
            "slice_line_plot", say("slices.line_axis"), say("axis.total_loss")
        )
        self.line_figure.title.text = say("slices.line_title")
        self.line = ColumnDataSource({"a": [], "loss": []}, name="slice_line")
        self.line_figure.line("a", "loss", source=self.line, line_color="#1f5fa8", line_width=2)
        self.kink = ColumnDataSource(
            {"a": [], "loss": [], "color": [], "point": []}, name="slice_kinks"
        )
        self.line_figure.scatter("a", "loss", source=self.kink, marker="triangle", size=8,
                                 fill_color="color", line_color="black")  # fmt: skip
        self.line_here = ColumnDataSource({"a": [], "loss": []})
        self.line_figure.scatter("a", "loss", source=self.line_here, marker="star", size=16,
                                 fill_color="#e41a1c", line_color="white")  # fmt: skip
        self.heat_map = HeatMap(say("axis.total_loss"), "slice_plane", SLICE_WIDTH, PLANE_HEIGHT)
        plane = self.heat_map.figure
        plane.title.text = say("slices.plane_title")
        plane.title.text_font_size = "13px"
        plane.xaxis.axis_label, plane.yaxis.axis_label = say("slices.u_axis"), say("slices.v_axis")
        plane.scatter([0.0], [0.0], marker="star", size=16, fill_color="#e41a1c",
                      line_color="white")  # fmt: skip
        self.descent_figure = _line_figure(
            "slice_descent_plot", say("slices.descent_axis"), say("axis.total_loss")
        )
        self.descent_figure.title.text = say("slices.descent_title")
        self.descent = ColumnDataSource({"t": [], "loss": []}, name="slice_descent")
        self.descent_figure.line("t", "loss", source=self.descent, line_color="#1f5fa8",
                                 line_width=2)  # fmt: skip
        self.step_line = Span(dimension="height", line_color="#b3261e", line_dash="dashed")
        self.descent_figure.add_layout(self.step_line)
        self.next_step = ColumnDataSource({"t": [], "loss": []}, name="slice_next_step")
        self.descent_figure.scatter("t", "loss", source=self.next_step, marker="diamond", size=14,
                                    fill_color="#b3261e", line_color="white")  # fmt: skip

    def refresh(self, span: float, seed: int) -> None:
        """Compute and draw the three slices at the current parameters.

        ``span`` is how far the random slices reach each way; ``seed`` picks the directions.
        """
        trainer, state = self.state.trainer, self.state
        X, y = trainer.training_inputs()  # the loss the steps follow
        problem = (trainer.loss, trainer.W, trainer.b, X, y, trainer.reg)
        first, second = random_directions(seed, trainer.num_classes, count=2)
        steps = np.linspace(-span, span, LINE_SAMPLES)
        line = line_loss(*problem, first, steps)
        self.line.data = {"a": steps.tolist(), "loss": line.tolist()}
        self.line_here.data = {"a": [0.0], "loss": line_loss(*problem, first, [0.0]).tolist()}
        at, points = kinks(*problem[:5], first, span)
        if at.size > MAX_KINKS:
            nearest = np.sort(np.argsort(np.abs(at), kind="stable")[:MAX_KINKS])
            at, points = at[nearest], points[nearest]
        colors = palette.main(trainer.num_classes)
        self.kink.data = {
            "a": at.tolist(),
            "loss": line_loss(*problem, first, at).tolist(),
            "color": [colors[label] for label in y[points].tolist()],
            "point": trainer.train_index[points].tolist(),  # as the table numbers them
        }
        _fit(self.line_figure, steps, line)
        grid = np.linspace(-span, span, PLANE_SAMPLES)
        # Rows follow the second direction, as the heat map's y axis.
        plane = plane_loss(*problem, (second, first), (grid, grid))
        self.heat_map.draw(grid, grid, plane)
        eta = state.step_size
        reach = np.linspace(0.0, DESCENT_REACH * eta, LINE_SAMPLES)
        downhill = descent_direction(*problem)
        descent = line_loss(*problem, downhill, reach)
        self.descent.data = {"t": reach.tolist(), "loss": descent.tolist()}
        self.next_step.data = {"t": [eta], "loss": line_loss(*problem, downhill, [eta]).tolist()}
        self.step_line.location = eta
        _fit(self.descent_figure, reach, descent)
        caption = state.say(
            "slices.caption_html",
            count=3 * trainer.num_classes,
            kinks=state.say("slices.no_kinks" if trainer.loss == "softmax" else "slices.kinks"),
            eta=f"{eta:g}",
        )
        if self.caption.text != caption:  # a new text would lay the page out again
            self.caption.text = caption

    def panel(self) -> pn.viewable.Viewable:
        """The heading, the button, the three plots and what they show."""
        return pn.Column(
            pn.pane.Bokeh(self.heading, sizing_mode="stretch_width"),
            self.regenerate,
            pn.FlexBox(
                pn.pane.Bokeh(self.line_figure, max_width=SLICE_WIDTH),
                pn.pane.Bokeh(self.heat_map.figure, max_width=SLICE_WIDTH),
                pn.pane.Bokeh(self.descent_figure, max_width=SLICE_WIDTH),
            ),
            pn.pane.Bokeh(self.caption, sizing_mode="stretch_width"),
            sizing_mode="stretch_width",
        )
