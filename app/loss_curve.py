"""The loss curve: losses and accuracy per step, streamed with a rollover."""

from __future__ import annotations

import math

from bokeh.models import (
    ColumnDataSource,
    CustomJS,
    GlyphRenderer,
    HoverTool,
    Legend,
    LegendItem,
    LinearAxis,
    Range1d,
)
from bokeh.plotting import figure

from app.state import DemoState
from demo_core.trainer import Record

__all__ = ["LossCurve"]


CURVES = (
    ("total_loss", "Total loss", "#222222"),
    ("batch_loss", "Minibatch loss (before the step)", "#9467bd"),
    ("data_loss", "Data loss", "#1f77b4"),
    ("reg_loss", "Regularization loss", "#ff7f0e"),
)


#: Shows or hides the line named ``name`` with its legend key, the ``cb_obj``.
_FOLLOW_KEY_JS = """
const line = cb_obj.document.get_model_by_name(name);
if (line != null) { line.visible = cb_obj.visible; }
"""


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
            fig.line(
                "step",
                column,
                source=self.source,
                color=color,
                line_width=2,
                name=f"loss_curve_{column}",
            )
            for column, _label, color in CURVES
        ]
        renderers.append(
            fig.line("step", "accuracy", source=self.source, color="#2ca02c", line_dash="dashed",
                     line_width=2, y_range_name="accuracy", name="loss_curve_accuracy")
        )  # fmt: skip
        self.minibatch_line = renderers[1]
        self.minibatch_line.glyph.line_dash = "dotted"
        labels = [label for _column, label, _color in CURVES] + ["Accuracy"]
        # One point, or the legend draws no key; being NaN, it is never drawn in the plot.
        nowhere = ColumnDataSource({"x": [float("nan")], "y": [float("nan")]})
        self._keys = [_legend_key(fig, line, nowhere) for line in renderers]
        fig.add_layout(
            Legend(
                items=[LegendItem(label=label, renderers=[key])
                       for label, key in zip(labels, self._keys, strict=True)],
                location="top_right",
                click_policy="hide",
                background_fill_alpha=0.7,
            )
        )  # fmt: skip
        self._show_minibatch(False)
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

    def _show_minibatch(self, shown: bool) -> None:
        """Show or hide the minibatch loss, in the plot and in the legend."""
        self.minibatch_line.visible = shown
        self._keys[1].visible = shown

    @staticmethod
    def _empty() -> dict[str, list]:
        return {name: [] for name in ("step", *Record._fields[1:])}

    def render(self) -> None:
        """Stream the records added since the last render; start over if the run restarted."""
        trainer = self.state.trainer
        minibatch = trainer.batch_size < trainer.num_points
        if self.minibatch_line.visible != minibatch:
            self._show_minibatch(minibatch)
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


def _legend_key(fig: figure, line: GlyphRenderer, source: ColumnDataSource) -> GlyphRenderer:
    """A line drawn like ``line`` on ``source``, which never changes, to stand for it in a legend.

    BokehJS rebuilds a legend's HTML whenever anything its items refer to changes, a
    streamed data source included: ten times a second during the animation, each time a
    style recalculation of the page. The key finds ``line`` by name rather than referring to
    it: hiding the key from the legend hides ``line`` too.
    """
    glyph = line.glyph
    key = fig.line("x", "y", source=source, color=glyph.line_color, line_width=glyph.line_width,
                   line_dash=glyph.line_dash, y_range_name=line.y_range_name)  # fmt: skip
    key.js_on_change("visible", CustomJS(args={"name": line.name}, code=_FOLLOW_KEY_JS))
    return key


def _widen(axis_range: Range1d, value: float) -> None:
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
