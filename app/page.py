"""One session's page: state, views, controls and the wiring between them."""

from __future__ import annotations

import logging
import time

import panel as pn
import param
from bokeh.document import Document

from app.animation import Animator
from app.controls import Controls
from app.data_controls import DataControls
from app.editing import DataEditor
from app.frames import FrameSync
from app.lab import Lab
from app.loss_curve import LossCurve
from app.plots import MainPlot
from app.state import DemoState
from app.tables import DataTableView, ParameterGrid, ReadOut
from app.text import FORMULAS, INTRO, MODEL_FORMULA
from demo_core.losses import LOSSES

__all__ = ["TITLE", "Page"]

TITLE = "Linear Classification Loss Visualization"
#: Seconds between updates of the tables, read-out and loss curve while the animation runs.
SLOW_VIEW_PERIOD = 0.1
log = logging.getLogger(__name__)


class Page:
    """Everything one browser session sees, built on one :class:`DemoState`."""

    def __init__(self, doc: Document, state: DemoState | None = None) -> None:
        self.doc = doc
        self.state = state or DemoState()
        self.editor = DataEditor(self.state)
        self.main_plot = MainPlot(self.state, self.editor)
        self.loss_curve = LossCurve(self.state)
        self._last_full_render = 0.0
        self.sync = FrameSync(doc, self.render)
        self.grid = ParameterGrid(self.state, self.sync)
        self.table = DataTableView(self.state, self.sync)
        self.readout = ReadOut(self.state, self.sync)
        self.sync.anchor(self.readout.div)
        self.controls = Controls(self.state)
        self.data_controls = DataControls(self.state, self.editor, doc)
        self.animator = Animator(doc, self.state, self.sync)
        self.lab = Lab(self.state, doc)
        self.loss_name = pn.pane.Markdown(self._loss_name(), margin=(0, 0, 0, 10))
        self.formula = pn.pane.LaTeX(
            FORMULAS[self.state.loss], renderer="katex", styles={"font-size": "17px"}
        )
        self.state.param.watch(self._on_revision, "revision")
        self.state.param.watch(self._on_loss, "loss")
        self.state.param.watch(self._on_revision, "running")  # a stop shows everything
        self.sync.prepare()

    def _on_revision(self, event: object) -> None:
        try:
            # What the user did is shown at once; the animation's steps wait their turn.
            self.sync.request(urgent=not self.animator.stepping)
        except Exception:
            log.exception("could not update the page")
            self.state.status = "Something went wrong while drawing; press Reset."

    def _on_loss(self, event: object) -> None:
        self.loss_name.object = self._loss_name()
        self.formula.object = FORMULAS[self.state.loss]

    def _loss_name(self) -> str:
        return f"**{LOSSES[self.state.loss]}:**"

    def render(self) -> None:
        """Copy the state into the views: the plot every frame, the rest at most 10 times/s.

        While the animation runs, the tables, read-out and loss curve follow at
        :data:`SLOW_VIEW_PERIOD`: numbers changing faster cannot be read, and every update of
        them makes the browser recompute styles. A stop or a single step shows everything.
        """
        self.main_plot.render()
        now = time.monotonic()
        if self.state.running and now - self._last_full_render < SLOW_VIEW_PERIOD:
            return
        self._last_full_render = now
        self.grid.render()
        self.readout.render()
        self.table.render()
        self.loss_curve.render()
        self.lab.render()

    def close(self) -> None:
        """Forget the animation; called when the session has ended.

        Bokeh has already destroyed the document and removed its callbacks, so nothing here
        may touch it: the state stops running without telling its watchers (which would
        update widgets of the destroyed document).
        """
        self.animator.callback = None
        self.lab.close()
        with param.parameterized.discard_events(self.state):
            self.state.running = False

    def template(self) -> pn.template.BaseTemplate:
        """The page laid out in a Panel template."""
        formulas = pn.Row(
            pn.pane.LaTeX(MODEL_FORMULA, renderer="katex", styles={"font-size": "17px"}),
            pn.Spacer(width=30),
            self.loss_name,
            self.formula,
            align="center",
        )
        plot_column = pn.Column(
            _heading("The plane of points x = (x[0], x[1]). Drag any point."),
            pn.pane.Bokeh(self.main_plot.figure),
        )
        side_column = pn.Column(
            _heading("Parameters: value in bold, gradient of the loss in red"),
            pn.pane.Bokeh(self.grid.layout),
            pn.pane.Bokeh(self.readout.div),
            pn.pane.Bokeh(self.readout.status),
        )
        data_column = pn.Column(
            _heading("Data, scores and per-point loss L"), pn.pane.Bokeh(self.table.layout)
        )
        curve_column = pn.Column(
            _heading("Loss over the steps"), pn.pane.Bokeh(self.loss_curve.figure)
        )
        sidebar = [
            self.controls.panel(),
            self.data_controls.panel(),
            pn.pane.Markdown(INTRO, styles={"font-size": "13px"}, margin=(10, 10)),
        ]
        main = [
            formulas,
            pn.Row(plot_column, side_column),
            pn.Row(data_column, curve_column),
            self.lab.panel(),
        ]
        _respond_at_once([*sidebar, *main])
        return pn.template.BootstrapTemplate(
            title=TITLE,
            sidebar=sidebar,
            main=main,
            sidebar_width=320,
            header_background="#3a3a6e",
            favicon="assets/favicon.svg",
        )


def _respond_at_once(layouts: list[pn.viewable.Viewable]) -> None:
    """Let every widget in ``layouts`` reach the state without Panel's 50 ms debounce.

    Panel waits ``_debounce`` milliseconds before it processes a change from the browser, to
    merge bursts. Here the frame sync already folds bursts into the latest state, so the wait
    only adds latency: a slider would answer about 50 ms late.
    """
    for layout in layouts:
        for widget in layout.select(pn.widgets.Widget):
            widget._debounce = 0


def _heading(text: str) -> pn.pane.Markdown:
    """A short bold caption above a view."""
    return pn.pane.Markdown(f"**{text}**", margin=(0, 10))
