"""One session's page: state, views, controls and the wiring between them."""

from __future__ import annotations

import logging

import panel as pn
from bokeh.document import Document

from app.animation import Animator
from app.controls import Controls
from app.frames import FrameSync
from app.plots import LossCurve, MainPlot
from app.state import DemoState
from app.tables import DataTableView, ParameterGrid, ReadOut
from app.text import FORMULAS, INTRO, MODEL_FORMULA
from demo_core.losses import LOSSES

__all__ = ["TITLE", "Page"]

TITLE = "Linear Classification Loss Visualization"
log = logging.getLogger(__name__)


class Page:
    """Everything one browser session sees, built on one :class:`DemoState`."""

    def __init__(self, doc: Document, state: DemoState | None = None) -> None:
        self.doc = doc
        self.state = state or DemoState()
        self.main_plot = MainPlot(self.state)
        self.loss_curve = LossCurve(self.state)
        self.grid = ParameterGrid(self.state)
        self.table = DataTableView(self.state)
        self.readout = ReadOut(self.state)
        self.controls = Controls(self.state)
        self.sync = FrameSync(doc, self.render)
        self.animator = Animator(doc, self.state, self.sync)
        self.formula = pn.pane.LaTeX(self._loss_formula(), renderer="katex", styles={"font-size": "17px"})
        self.state.param.watch(self._on_revision, "revision")
        self.state.param.watch(self._on_loss, "loss")
        self.render()

    def _on_revision(self, event: object) -> None:
        try:
            self.sync.request()
        except Exception:
            log.exception("could not update the page")
            self.state.status = "Something went wrong while drawing; press Reset."

    def _on_loss(self, event: object) -> None:
        self.formula.object = self._loss_formula()

    def _loss_formula(self) -> str:
        return f"**{LOSSES[self.state.loss]}:** {FORMULAS[self.state.loss]}"

    def render(self) -> None:
        """Copy the state into every per-frame view."""
        self.main_plot.render()
        self.grid.render()
        self.readout.render()
        self.table.render()
        self.loss_curve.render()

    def close(self) -> None:
        """Stop the animation; called when the session ends."""
        self.state.running = False
        self.animator.stop()

    def template(self) -> pn.template.BaseTemplate:
        """The page laid out in a Panel template."""
        explanation = pn.Column(
            pn.pane.Markdown(INTRO, sizing_mode="stretch_width", margin=(0, 10)),
            pn.pane.LaTeX(MODEL_FORMULA, renderer="katex", styles={"font-size": "16px"}),
            self.formula,
            sizing_mode="stretch_width",
        )
        plot_column = pn.Column(
            pn.pane.Markdown("**The plane of x = (x[0], x[1]).** Drag any point.", margin=(0, 10)),
            pn.pane.Bokeh(self.main_plot.figure),
        )
        side_column = pn.Column(
            pn.pane.Markdown("**Parameters** (value, and ∂L/∂ in red)", margin=(0, 10)),
            pn.pane.Bokeh(self.grid.layout),
            pn.pane.Bokeh(self.readout.div),
            pn.pane.Bokeh(self.readout.status),
            pn.pane.Bokeh(self.sync.clock),
        )
        data_column = pn.Column(
            pn.pane.Markdown("**Data and scores**", margin=(0, 10)),
            pn.pane.Bokeh(self.table.layout),
        )
        curve_column = pn.Column(
            pn.pane.Markdown("**Loss over the steps**", margin=(0, 10)),
            pn.pane.Bokeh(self.loss_curve.figure),
        )
        template = pn.template.BootstrapTemplate(
            title=TITLE,
            sidebar=[self.controls.panel()],
            main=[
                explanation,
                pn.Row(plot_column, side_column),
                pn.Row(data_column, curve_column),
            ],
            sidebar_width=300,
            header_background="#3a3a6e",
            favicon="assets/favicon.svg",
        )
        return template
