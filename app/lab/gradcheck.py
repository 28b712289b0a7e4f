"""The gradient check: the analytic gradient of every parameter beside its numerical estimate.

The numbers come from :func:`demo_core.gradcheck.gradient_check`; this view only lays them
out, one table row per parameter W[k,0], W[k,1] and b[k], with a coloured verdict per row
and one overall verdict line.
"""

from __future__ import annotations

from typing import NamedTuple

import panel as pn
from bokeh.document import Document
from bokeh.models import Div

from app.display import number_text, text_html
from app.lab.inputs import BUTTON_CSS, Checkbox, StopSlider
from app.runtime.throttle import Throttle
from app.state import DemoState, log_stops
from demo_core.gradcheck import PASS_THRESHOLD, GradientCheck, gradient_check

__all__ = ["DOUBT_THRESHOLD", "GradCheckView", "GradRow", "verdict"]

#: Relative errors from :data:`PASS_THRESHOLD` up to this are doubtful; above it, a failure.
DOUBT_THRESHOLD = 1e-4
#: Stops of the h slider: one per decade from 1e-7 to 1e-1.
H_OPTIONS = log_stops(1e-7, 1e-1, per_decade=1)
DEFAULT_H = 1e-5
#: The regularization gradient factor c in c·λ·W: right, and the original demo's.
RIGHT_FACTOR, ORIGINAL_FACTOR = 2.0, 0.5

#: Verdict key -> (text colour, background colour); its symbol and word are the text
#: ``gradcheck.<key>`` of :mod:`app.catalogue`.
_VERDICTS = {
    "pass": ("#1b6e2d", "#dcf2e1"),
    "doubt": ("#8a5a00", "#fff1cc"),
    "fail": ("#a31515", "#fadcdc"),
}
#: The table's columns: the id of each title, and its alignment.
_COLUMNS = (
    ("gradcheck.parameter", "left"), ("gradcheck.analytic", "right"),
    ("gradcheck.numerical", "right"), ("gradcheck.relative_error", "right"),
    ("gradcheck.verdict", "left"),
)  # fmt: skip


def verdict(error: float) -> str:
    """The verdict on one relative error: ``"pass"``, ``"doubt"`` or ``"fail"``.

    Below :data:`PASS_THRESHOLD` it passes; up to :data:`DOUBT_THRESHOLD` it is doubtful.
    """
    if error < PASS_THRESHOLD:
        return "pass"
    return "doubt" if error <= DOUBT_THRESHOLD else "fail"


class GradRow(NamedTuple):
    """One parameter's line of the table."""

    name: str
    analytic: float
    numerical: float
    error: float
    verdict: str


def rows_of(check: GradientCheck) -> list[GradRow]:
    """The rows W[k,0] .. W[k,D-1], b[k] for each class k, in that order."""
    rows = []
    for k in range(check.analytic_db.shape[0]):
        cells = [
            (f"W[{k},{d}]", check.analytic_dW[k, d], check.numerical_dW[k, d], check.error_dW[k, d])
            for d in range(check.analytic_dW.shape[1])
        ]
        cells.append((f"b[{k}]", check.analytic_db[k], check.numerical_db[k], check.error_db[k]))
        rows.extend(
            GradRow(name, float(a), float(n), float(e), verdict(float(e)))
            for name, a, n, e in cells
        )
    return rows


def _table_html(state: DemoState, rows: list[GradRow]) -> str:
    """The rows as an HTML table with a coloured verdict cell."""
    head = "".join(
        f'<th style="padding:2px 4px;text-align:{align}">{text_html(state.say(title))}</th>'
        for title, align in _COLUMNS
    )
    body = []
    for row in rows:
        color, background = _VERDICTS[row.verdict]
        word = text_html(state.say(f"gradcheck.{row.verdict}"))
        cells = (
            f'<td style="padding:1px 4px"><b>{row.name}</b></td>'
            f'<td style="padding:1px 4px;text-align:right">{number_text(row.analytic, 7)}</td>'
            f'<td style="padding:1px 4px;text-align:right">{number_text(row.numerical, 7)}</td>'
            f'<td style="padding:1px 4px;text-align:right">{row.error:.1e}</td>'
            f'<td style="padding:1px 4px;color:{color};background:{background}">{word}</td>'
        )
        body.append(f"<tr>{cells}</tr>")
    return (
        '<table style="border-collapse:collapse;font-family:monospace;font-size:12px">'
        f'<tr style="border-bottom:1px solid #888">{head}</tr>{"".join(body)}</table>'
    )


def _overall_html(
    state: DemoState, check: GradientCheck, rows: list[GradRow], original: bool
) -> str:
    """One sentence that says whether the analytic gradient passes, coloured like a verdict."""
    worst = max(rows, key=lambda row: row.error)
    key = verdict(check.max_error)
    color, background = _VERDICTS[key]
    largest = state.say("gradcheck.largest", error=f"{check.max_error:.1e}", name=worst.name)
    outcome = {"pass": "gradcheck.passes", "doubt": "gradcheck.doubtful"}.get(
        key, "gradcheck.fails"
    )
    text = state.say(outcome, largest=largest)
    if original and key != "pass":
        text += state.say("gradcheck.original_wrong")
    return (
        f'<div style="color:{color};background:{background};padding:4px 8px;'
        f'border-radius:4px;font-weight:bold">{text_html(text)}</div>'
    )


class GradCheckView:
    """The gradient check panel: controls, verdict line and table.

    Parameters
    ----------
    state : DemoState
        The session's state; the check reads its trainer's loss, data and parameters.
    doc : Document
        The session's document, for the throttle's late runs.
    interval : float
        Least seconds between two checks that follow the steps.

    Attributes
    ----------
    result : GradientCheck
        The last check.
    rows : list of GradRow
        What the table shows.
    visible : bool
        Whether the panel is on screen; a hidden panel does not follow the steps.
    """

    def __init__(self, state: DemoState, doc: Document, interval: float = 0.25) -> None:
        self.state = state
        self.throttle = Throttle(doc, self.check, interval)
        self.visible = True
        self.h = StopSlider(state.say("gradcheck.h"), H_OPTIONS, DEFAULT_H, width=300)
        self.follow = Checkbox(state.say("gradcheck.follow"))
        self.original = Checkbox(state.say("gradcheck.original"))
        self.check_button = pn.widgets.Button(
            label=state.say("gradcheck.check"), color="primary", width=120,
            stylesheets=[BUTTON_CSS],
        )  # fmt: skip
        text = {"sizing_mode": "stretch_width"}
        self.verdict = Div(name="gradcheck_verdict", max_width=640, **text)
        self.context = Div(
            name="gradcheck_context", styles={"color": "#555"}, max_width=640, **text
        )
        self.table = Div(name="gradcheck_table", **text)
        self.explanation = Div(
            text=state.say(
                "gradcheck.explanation_html",
                passing=f"{PASS_THRESHOLD:g}",
                doubtful=f"{DOUBT_THRESHOLD:g}",
            ),
            max_width=900,
            styles={"font-size": "13px"},
            **text,
        )
        self.check_button.on_click(lambda _event: self.throttle.run())
        self.h.param.watch(lambda _event: self.throttle.run(), "value")
        self.original.param.watch(lambda _event: self.throttle.run(), "value")
        self.follow.param.watch(lambda _event: self.render(), "value")
        self.throttle.run()

    def check(self) -> None:
        """Run the gradient check at the current parameters and show it."""
        trainer = self.state.trainer
        factor = ORIGINAL_FACTOR if self.original.value else RIGHT_FACTOR
        self.result = gradient_check(
            trainer.loss, trainer.W, trainer.b, *trainer.training_inputs(), trainer.reg,
            h=float(self.h.value), reg_gradient_factor=factor,
        )  # fmt: skip
        self.rows = rows_of(self.result)
        self.table.text = _table_html(self.state, self.rows)
        self.verdict.text = _overall_html(self.state, self.result, self.rows, self.original.value)
        self._checked_revision = self.state.model_revision
        self._checked_what = text_html(
            self.state.say(
                "gradcheck.checked",
                step=trainer.steps,
                loss=self.state.say(f"loss.{trainer.loss}"),
                reg=f"{trainer.reg:g}",
                h=f"{float(self.h.value):g}",
            )
        )
        self._show_context()

    def _show_context(self) -> None:
        """Say what was checked, and whether the state has moved on since."""
        text = self._checked_what
        if self._checked_revision != self.state.model_revision:
            stale = text_html(self.state.say("gradcheck.stale"))
            text += f' <b style="color:#a31515">{stale}</b>'
        if self.context.text != text:
            self.context.text = text

    def render(self) -> None:
        """Follow the state: recheck if asked to and it changed, else mark the check stale."""
        if not self.visible:
            return
        if self.follow.value and self._checked_revision != self.state.model_revision:
            self.throttle.request()
        else:
            self._show_context()

    def show(self) -> None:
        """Catch up with what changed while the panel was hidden."""
        if self.follow.value and self._checked_revision != self.state.model_revision:
            self.throttle.run()
        else:
            self._show_context()

    def close(self) -> None:
        """Cancel a scheduled check."""
        self.throttle.close()

    def panel(self) -> pn.viewable.Viewable:
        """The controls above the verdict and the table."""
        return pn.Column(
            pn.pane.Bokeh(self.explanation),
            pn.FlexBox(self.check_button, self.follow, self.h, align_items="center", gap="0 16px"),
            self.original,
            pn.pane.Bokeh(self.verdict),
            pn.pane.Bokeh(self.context),
            pn.pane.Bokeh(self.table),
        )
