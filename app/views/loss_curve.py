"""The loss curve: losses and accuracy per step, streamed with a rollover.

Its legend is a row of labelled checkboxes beside the figure (:class:`CurveLegend`), not a
Bokeh legend: BokehJS would rebuild a legend's HTML at every streamed point, and the
checkboxes are plain, accessible controls. Ticking one shows or hides its line.
"""

from __future__ import annotations

import json
import math

import param
from bokeh.models import (
    GlyphRenderer,
    Grid,
    HoverTool,
    Line,
    LinearAxis,
    PanTool,
    Plot,
    Range1d,
    ResetTool,
    Span,
    WheelZoomTool,
)

from app.component import Component
from app.runtime.frames import FrameSync
from app.state import DemoState
from app.views.shared_models import SharedModels
from demo_core.trainer import Record

__all__ = ["TIMELINE_TEXT", "CurveLegend", "LossCurve", "widen"]

#: The live text of the timeline: JSON ``{"first", "last", "shown"}``, or ``{}`` if empty.
TIMELINE_TEXT = "timeline"


#: Each line: its column (its label is the text ``curve.<column>`` of :mod:`app.catalogue`),
#: colour and dash.
CURVES = (
    ("total_loss", "#222222", "solid"),
    ("batch_loss", "#9467bd", "dotted"),
    ("data_loss", "#1f77b4", "solid"),
    ("reg_loss", "#ff7f0e", "solid"),
    ("accuracy", "#2ca02c", "dashed"),
    ("test_loss", "#d62728", "dashed"),
    ("test_accuracy", "#8c564b", "dotted"),
)
MINIBATCH = "batch_loss"
#: The lines of the held-out points, drawn only while some are held out.
TEST_CURVES = ("test_loss", "test_accuracy")
#: The lines on the accuracy axis, at the right.
ACCURACIES = ("accuracy", "test_accuracy")

_LEGEND_ESM = """
export function render({ model }) {
  const list = document.createElement("div");
  list.className = "legend";
  list.setAttribute("role", "group");
  list.setAttribute("aria-label", model.label);
  const rows = new Map();
  for (const entry of model.entries) {
    const id = `legend-${entry.column}`;
    const input = document.createElement("input");
    input.type = "checkbox";
    input.id = id;
    input.addEventListener("change", () => {
      model.send_msg({ column: entry.column, shown: input.checked });
    });
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.borderTop = `3px ${entry.dash} ${entry.color}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.append(swatch, document.createTextNode(entry.label));
    const row = document.createElement("span");
    row.className = "entry";
    row.append(input, label);
    rows.set(entry.column, [row, input]);
    list.append(row);
  }
  const show = () => {
    for (const [column, [row, input]] of rows) {
      row.hidden = model.absent.includes(column);
      input.checked = !model.unticked.includes(column);
    }
  };
  show();
  model.on(["absent", "unticked"], show);
  return list;
}
"""
_LEGEND_CSS = """
.legend { display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: 13px; padding: 0 10px; }
.entry { display: inline-flex; align-items: center; gap: 4px; }
.entry[hidden] { display: none; }
.swatch { display: inline-block; width: 22px; margin-right: 4px; vertical-align: middle; }
label { cursor: pointer; }
"""


class CurveLegend(Component):
    """The legend of the loss curve: a checkbox per line that shows or hides it."""

    label = param.String(default="", doc="Name of the group.")
    entries = param.List(default=[], doc="Each line's column, label, colour and dash.")
    absent = param.List(default=[], doc="Columns whose line does not apply now.")
    unticked = param.List(default=[], doc="Columns whose line the student hid.")

    _esm = _LEGEND_ESM
    _stylesheets = [_LEGEND_CSS]  # noqa: RUF012 - Panel's class attribute


class LossCurve:
    """Losses and accuracy per step, streamed with a rollover.

    The ranges are fixed :class:`~bokeh.models.Range1d` that the server widens by doubling,
    so the browser never auto-ranges during an animation.
    """

    ROLLOVER = 2000

    def __init__(self, state: DemoState, width: int = 540, height: int = 280) -> None:
        self._timeline = ""  # the live text of the timeline last written
        self.state = state
        shared = SharedModels()
        self.source = shared.source(self._empty())
        # A Plot put together here: figure() would build a title and tools that are not used.
        self.figure = Plot(
            width=width,
            height=height,
            sizing_mode="stretch_width",
            x_range=Range1d(0, 50),
            y_range=Range1d(0, 8),
            extra_y_ranges={"accuracy": Range1d(0, 1.05)},
            toolbar_location="above",
            title=None,
            name="loss_curve",
        )
        fig = self.figure
        say = state.say
        steps = LinearAxis(axis_label=say("axis.step"))
        losses = LinearAxis(axis_label=say("axis.loss"))
        fig.add_layout(steps, "below")
        fig.add_layout(losses, "left")
        fig.add_layout(
            LinearAxis(y_range_name="accuracy", axis_label=say("axis.accuracy")), "right"
        )
        for dimension, axis in enumerate((steps, losses)):
            fig.add_layout(Grid(dimension=dimension, ticker=axis.ticker))
        # Zoom and pan along the steps; the wheel zooms only once its tool is chosen.
        fig.add_tools(
            WheelZoomTool(dimensions="width", description=say("tool.zoom")),
            PanTool(dimensions="width", description=say("tool.pan")),
            ResetTool(description=say("tool.reset")),
        )
        fig.toolbar.active_scroll = None
        self._shared = shared
        # The test set's lines are drawn the first time points are held out.
        self.lines: dict[str, GlyphRenderer] = {}
        for column, _color, _dash in CURVES:
            if column not in TEST_CURVES:
                self._draw_line(column)
        fig.add_tools(
            HoverTool(
                description=say("tool.hover"),
                renderers=[self.lines["total_loss"]],
                tooltips=[
                    (say("axis.step"), "@step"),
                    (say("curve.total_loss"), "@total_loss{0.000}"),
                    (say("curve.data_loss"), "@data_loss{0.000}"),
                    (say("curve.reg_loss"), "@reg_loss{0.000}"),
                    (say("curve.accuracy"), "@accuracy{0.00}"),
                ],
                mode="vline",
            )
        )
        self.legend = CurveLegend(
            self._ticked,
            label=say("curve.legend"),
            entries=[
                {"column": column, "label": say(f"curve.{column}"), "color": color, "dash": dash}
                for column, color, dash in CURVES
            ],
            name="loss_curve_legend",
            sizing_mode="stretch_width",
        )
        # The step shown, when the run was taken back along its timeline to an earlier one.
        self.shown_step = Span(location=0, dimension="height", line_color="#444444",
                               line_width=1.5, line_dash="dashed", visible=False)  # fmt: skip
        fig.add_layout(self.shown_step)
        self._show_absent([MINIBATCH, *TEST_CURVES])
        self._last_step = 0

    def _draw_line(self, column: str) -> GlyphRenderer:
        """Draw the line of ``column`` (one of :data:`CURVES`) from the curve's source."""
        _column, color, dash = next(curve for curve in CURVES if curve[0] == column)
        self.lines[column] = self._shared.add_glyph(
            self.figure,
            self.source,
            Line(x="step", y=column, line_color=color, line_width=2, line_dash=dash),
            name=f"loss_curve_{column}",
            y_range_name="accuracy" if column in ACCURACIES else "default",
        )
        return self.lines[column]

    def _ticked(self, data: object) -> None:
        """A message of the legend: ``{"column": name, "shown": bool}``."""
        if isinstance(data, dict) and isinstance(data.get("shown"), bool):
            self.tick(data.get("column"), data["shown"])

    def tick(self, column: object, shown: bool) -> None:
        """Show or hide the line of ``column``, as its legend entry was ticked or not."""
        if not any(column == curve[0] for curve in CURVES):
            return
        unticked = [c for c in self.legend.unticked if c != column]
        self.legend.unticked = unticked if shown else [*unticked, column]
        line = self.lines.get(column)
        if line is not None:
            line.visible = shown and column not in self.legend.absent

    def _show_absent(self, absent: list[str]) -> None:
        """Hide the lines that do not apply now, in the plot and in the legend.

        ``absent``: the minibatch loss without minibatches, and the test set's lines without
        held-out points. The others of them show, unless the student unticked them.
        """
        for column in (MINIBATCH, *TEST_CURVES):
            shown = column not in absent + self.legend.unticked
            line = self.lines.get(column)
            if line is None and shown:
                line = self._draw_line(column)
            if line is not None:
                line.visible = shown
        self.legend.absent = absent

    @staticmethod
    def _empty() -> dict[str, list]:
        return {name: [] for name in ("step", *Record._fields[1:])}

    def render(self, sync: FrameSync) -> None:
        """Stream the records added since the last render, and show the timeline's place.

        The curve starts over if the run restarted or branched. The timeline's first, last
        and shown steps go to the page as the live text :data:`TIMELINE_TEXT` (JSON), which
        the timeline's slider follows; a dashed line marks the shown step while it is an
        earlier one than the last.
        """
        self._stream()
        trainer = self.state.trainer
        timeline = trainer.timeline
        last = timeline[-1][0] if timeline else 0
        back = bool(timeline) and trainer.steps < last
        if back or self.shown_step.visible:
            self.shown_step.update(location=trainer.steps, visible=back)
        text = json.dumps(
            {"first": timeline[0][0], "last": last, "shown": trainer.steps} if timeline else {}
        )
        if text != self._timeline:
            self._timeline = text
            sync.text(TIMELINE_TEXT, text)

    def _stream(self) -> None:
        """Stream the records added since the last time; start over if the run restarted."""
        trainer = self.state.trainer
        absent = [] if trainer.batch_size < trainer.num_train else [MINIBATCH]
        if not trainer.num_test:
            absent += TEST_CURVES
        if absent != self.legend.absent:
            self._show_absent(absent)
        history = trainer.history
        newest = history[-1].step if history else 0
        if newest < self._last_step or (not history and self._last_step):
            self.source.data = self._empty()
            self._last_step = 0
            self.figure.x_range.end = 50
        if newest == self._last_step:
            return
        if self._last_step == 0:  # a new run: the losses' axis fits its first losses
            self.figure.y_range.end = 1.0
        count = min(newest - self._last_step, len(history))
        records = [history[-count + i] for i in range(count)]
        self._last_step = newest
        # Without a test set its values are NaN, sent as null: far shorter in a message.
        self.source.stream(
            {name: [_finite_or_none(getattr(r, name)) for r in records] for name in Record._fields},
            rollover=self.ROLLOVER,
        )
        widen(self.figure.x_range, newest)
        # The test loss has no λ, and may lie above the total loss: both stay on the axis.
        highest = max(max(r.total_loss, r.test_loss if r.test_loss == r.test_loss else 0.0)
                      for r in records)  # fmt: skip
        widen(self.figure.y_range, highest)


def _finite_or_none(value: float) -> float | None:
    """``value``, or None for NaN, which the curve leaves out as a gap."""
    return None if value != value else value


def widen(axis_range: Range1d, value: float) -> None:
    """Double the range's end until it holds a finite ``value``.

    The browser may have panned or zoomed the end anywhere, even below zero, where doubling
    never reaches ``value``: an end that is not a positive finite number starts from 1.
    """
    if not math.isfinite(value):
        return
    end = axis_range.end
    if not (isinstance(end, int | float) and 0 < end < math.inf):
        end = 1.0
    while value > end:
        end *= 2
    if end != axis_range.end:
        axis_range.end = end
