"""The anatomy of one point: its scores, the terms of its loss, and their sum L_i.

One browser component (``anatomy.js``) draws, for the examined point (``DemoState.examined``):
each class's score on one number line, with the margin Δ = 1 below the correct class's score;
each term of the selected loss as a bar (the hinges, or the softmax probabilities); and the
sum L_i, the data table's L for that point. A number box with previous and next buttons picks
the point from the keyboard; a click on a point of the plot picks it too.

What it shows travels as one property, :attr:`AnatomyComponent.shown` (JSON), set in every
frame while a point is examined and left alone while none is, so it costs nothing then.
"""

from __future__ import annotations

import json
from pathlib import Path

import param

from app import palette
from app.component import Component, browser_module
from app.display import number_text
from app.state import DemoState
from demo_core.anatomy import MARGIN, Anatomy

__all__ = ["AnatomyView", "anatomy_json"]

#: What the component says, by key: the text ``anatomy.<key>`` of :mod:`app.catalogue`.
LABELS = (
    "how", "point", "previous", "next", "clear", "which", "scores", "margin", "no_margin",
    "ova_margin", "terms_hinge", "terms_ova", "terms_structured", "terms_softmax", "correct",
    "largest", "sum", "table", "calm",
)  # fmt: skip
_CSS = Path(__file__).with_name("anatomy.css").read_text(encoding="utf-8")


class AnatomyComponent(Component):
    """The browser side of the anatomy: see ``anatomy.js``."""

    labels = param.Dict(default={}, doc="What the component says, by key.")
    colors = param.List(default=[], doc="The main colour of each class.")
    symbols = param.List(default=list(palette.SYMBOLS), doc="Each class's marker, as a symbol.")
    points = param.Integer(default=0, doc="N, how many points there are to pick from.")
    shown = param.String(default="", doc="The examined point's anatomy as JSON; empty: none.")

    _esm = browser_module(Path(__file__).with_name("anatomy.js"))
    _stylesheets = [_CSS]  # noqa: RUF012 - Panel's class attribute


class AnatomyView:
    """The anatomy panel of one page; the state's :meth:`DemoState.anatomy` is what it shows."""

    def __init__(self, state: DemoState) -> None:
        self.state = state
        self.component = AnatomyComponent(
            self.receive,
            labels={key: state.say(f"anatomy.{key}") for key in LABELS},
            name="anatomy",
            sizing_mode="stretch_width",
            margin=(0, 10),
        )
        self.render()

    def receive(self, data: object) -> None:
        """A message of the browser: ``{"point": i}`` (from 0) or ``{"point": null}``."""
        if isinstance(data, dict) and "point" in data:
            self.state.examine(data["point"])

    def render(self) -> None:
        """Show the examined point's anatomy under the current parameters and loss."""
        trainer = self.state.trainer
        anatomy = self.state.anatomy()
        shown = "" if anatomy is None else anatomy_json(anatomy, self.state.examined, trainer.loss)
        updates = {"shown": shown, "points": trainer.num_points}
        if len(self.component.colors) != trainer.num_classes:
            updates["colors"] = palette.main(trainer.num_classes)
        changed = {k: v for k, v in updates.items() if getattr(self.component, k) != v}
        if changed:
            self.component.param.update(**changed)


def anatomy_json(anatomy: Anatomy, index: int, loss: str) -> str:
    """What the component draws of ``anatomy``, point ``index`` under ``loss``, as JSON.

    Numbers come as text, as everywhere on the page (:func:`app.display.number_text`); the
    browser places them by the value of that text, within 0.005 of the number.
    """
    terms = anatomy.terms
    y = anatomy.label
    if loss == "softmax":
        # Three significant digits, so that -log of the number shown gives the loss shown.
        total = f"-log p_y = -log {anatomy.hinges[y]:.3g} = {number_text(anatomy.loss)}"
    elif loss == "structured":
        rivals = [number_text(h) for k, h in enumerate(anatomy.hinges) if k != y]
        total = f"max(0, {', '.join(rivals)}) = {number_text(anatomy.loss)}"
    else:
        summed = [number_text(t) for k, t in enumerate(terms) if loss == "ova" or k != y]
        total = f"{' + '.join(summed)} = {number_text(anatomy.loss)}"
    return json.dumps(
        {
            "point": index,
            "label": y,
            "loss": loss,
            "margin": MARGIN,
            "scores": [number_text(v) for v in anatomy.scores.tolist()],
            "hinges": [number_text(v) for v in anatomy.hinges.tolist()],
            "counted": (terms > 0).tolist() if loss == "structured" else None,
            "total": total,
            "value": number_text(anatomy.loss),
            "calm": not anatomy.gradient.any(),
        },
        separators=(",", ":"),
    )
