"""The parameter grid and the read-out: W and b with their gradients, and the losses.

One browser component (``parameters.js``) shows, for each class k, W[k,0], W[k,1] and b[k]
(with features of the points, W[k,d] for each of the D inputs, named under its column, then
b[k]): the value in an input box, buttons that nudge it by :data:`app.state.NUDGE`, and the gradient
of the total loss; under the grid, the data, regularization and total loss, the accuracy and
the step; under those, the status line. It is one Bokeh model rather than about seventy
widgets, so a new page costs the server little.

What changes every frame is live text of :mod:`app.runtime.frames`, one message per frame:
the gradients and losses fill slots, and the values of W and b come as JSON
(:data:`VALUES_TEXT`). The status is text, never HTML. The page reads a summary for screen
readers beside the plot (:data:`SUMMARY_TEXT`) from the same frames.
"""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path

import numpy as np
import param

from app import palette
from app.component import Component, browser_module
from app.display import FIXED_LIMIT, number_text
from app.runtime.frames import FrameSync
from app.state import NUDGE, DemoState
from demo_core.model import ParamIndex
from demo_core.trainer import DIVERGED

__all__ = ["SUMMARY_TEXT", "VALUES_TEXT", "ParameterPanel"]

log = logging.getLogger(__name__)

#: What the component says, by key: the text ``parameters.<key>`` of :mod:`app.catalogue`;
#: ``{k}``, ``{name}`` and ``{step}`` are filled in by the browser.
LABELS = (
    "class", "value", "gradient", "increase", "decrease", "data_loss", "reg_loss",
    "total_loss", "accuracy", "step",
)  # fmt: skip
#: The live text that carries the rows [W[k,0], ..., W[k,D-1], b[k]] of every class k, as JSON.
VALUES_TEXT = "parameter_values"
#: The live text that sums up the plot in words, e.g. "2 of 9 points classified correctly;
#: total loss 6.27". The page shows it as text (``textContent``), never as HTML.
SUMMARY_TEXT = "plot_summary"
#: Longest typed text that is read as a number; a longer one is refused as not a number.
MAX_TYPED = 1000
_CSS = Path(__file__).with_name("parameters.css").read_text(encoding="utf-8")


class ParameterGridComponent(Component):
    """The browser side: see ``parameters.js``."""

    colors = param.List(default=[], doc="Colour of each class's marker.")
    symbols = param.List(default=list(palette.SYMBOLS), doc="Each class's marker, as a symbol.")
    labels = param.Dict(default={}, doc="What the component says, by key.")
    columns = param.List(
        default=[], doc="Each column's parameter, e.g. 'W[{k},2]', and its input's name or ''."
    )
    nudge = param.Number(default=NUDGE, doc="What the buttons add and subtract.")
    fixed_limit = param.Number(
        default=FIXED_LIMIT, doc="Values from this magnitude on are shown as 1.2e+05."
    )
    status = param.String(default="", doc="The status line, as text.")
    status_is_error = param.Boolean(default=False, doc="Whether the status reports a problem.")

    _esm = browser_module(Path(__file__).with_name("parameters.js"))
    _stylesheets = [_CSS]  # noqa: RUF012 - Panel's class attribute


class ParameterPanel:
    """The parameter grid, read-out and status line of one page.

    Parameters
    ----------
    state : DemoState
        The session's state: read for the values, changed by typed values and nudges.
    sync : FrameSync
        Carries the gradients and losses as live text.
    """

    def __init__(self, state: DemoState, sync: FrameSync) -> None:
        self.state = state
        self.sync = sync
        self.component = ParameterGridComponent(
            self.receive,
            labels={key: state.say(f"parameters.{key}") for key in LABELS},
            name="parameters",
            sizing_mode="stretch_width",
            margin=(0, 10),
        )
        self._dim = 0  # the D whose columns the component has
        self.render()

    # -- from the browser -----------------------------------------------------------------

    def receive(self, data: object) -> None:
        """Apply a message of the browser: ``{"nudge": [k, c, ±1]}`` or ``{"set": [k, c], "text"}``.

        Anything else, or out of range, is ignored: the browser is not trusted.
        """
        if not isinstance(data, dict):
            return
        trainer = self.state.trainer
        K, D = trainer.num_classes, trainer.dim
        if "nudge" in data:
            k, c, direction = _indices(data["nudge"], 3)
            if 0 <= k < K and 0 <= c <= D and direction in (-1, 1):
                self.state.nudge(cell(k, c, D), direction)
        elif "set" in data:
            k, c = _indices(data["set"], 2)
            text = data.get("text")
            if 0 <= k < K and 0 <= c <= D and isinstance(text, str):
                self._typed(k, c, text)

    def _typed(self, k: int, c: int, text: str) -> None:
        """Set W[k, c] (c < D) or b[k] (c = D) to the number typed; the state bounds it."""
        try:
            value = float(text.strip().replace(",", ".")) if len(text) <= MAX_TYPED else math.nan
        except ValueError:
            value = math.nan
        index = cell(k, c, self.state.trainer.dim)
        before = self.state.parameter(index)
        self.state.set_parameter(index, value)  # a note says so if the value was clamped or refused
        if self.state.parameter(index) == before:
            # Nothing changed, so no frame will show the value again: the box shows it now.
            self.component._send_msg({"restore": True})

    # -- to the browser -------------------------------------------------------------------

    def render(self) -> None:
        """Show the current values, gradients, losses, accuracy and status."""
        trainer = self.state.trainer
        result = trainer.result
        K = trainer.num_classes
        values = np.column_stack([trainer.W, trainer.b])
        self.sync.text(VALUES_TEXT, json.dumps(values.tolist()))
        component = self.component
        updates: dict[str, object] = {}
        if len(component.colors) != K:
            updates["colors"] = palette.main(K)
        if trainer.dim != self._dim:
            self._dim = trainer.dim
            updates["columns"] = columns(trainer.feature_names if trainer.features else [])
        status = self.state.status
        if status != component.status:
            updates["status"] = status
            updates["status_is_error"] = self.state.trainer.status == DIVERGED
        if updates:
            component.param.update(**updates)
        gradients = np.column_stack([result.dW, result.db])
        for k in range(K):
            for c, value in enumerate(gradients[k].tolist()):
                self.sync.text(f"grad_{k}_{c}", number_text(value, 3))
        for name, text in self.readout_texts().items():
            self.sync.text(name, text)
        self.sync.text(SUMMARY_TEXT, self.summary())

    def summary(self) -> str:
        """How many points are classified correctly, and the total loss, in a sentence."""
        trainer = self.state.trainer
        correct = np.count_nonzero(trainer.result.scores.argmax(axis=1) == trainer.y)
        return self.state.say(
            "parameters.summary",
            correct=correct,
            points=trainer.num_points,
            loss=number_text(trainer.result.total_loss),
        )

    def readout_texts(self) -> dict[str, str]:
        """The read-out's texts by slot.

        The slots: data_loss, reg_loss, total_loss, accuracy, step, search, and test (the
        held-out points' loss and accuracy; empty without a test set).
        """
        trainer = self.state.trainer
        result = trainer.result
        texts = {
            "data_loss": number_text(result.data_loss),
            "reg_loss": number_text(result.reg_loss),
            "total_loss": number_text(result.total_loss),
            "accuracy": number_text(trainer.accuracy),
            "step": str(trainer.steps),
            "search": "",
            "test": "",
        }
        if trainer.num_test:
            test_loss, test_accuracy = trainer.test_metrics()
            texts["test"] = self.state.say(
                "parameters.test", count=trainer.num_test, train=trainer.num_train,
                loss=number_text(test_loss), accuracy=number_text(test_accuracy),
            )  # fmt: skip
        search = {"random": trainer.random_search, "local": trainer.local_search}.get(
            trainer.strategy
        )
        if search is not None and search.tries:
            texts["search"] = self.state.say(
                "parameters.search", tries=search.tries, loss=number_text(search.best_loss)
            )
        return texts


def cell(k: int, column: int, dim: int = 2) -> ParamIndex:
    """The parameter in row ``k`` and ``column`` of the grid: W[k,0] .. W[k,D-1], then b[k]."""
    return ParamIndex("b", k) if column == dim else ParamIndex("W", k, column)


def columns(names: list[str]) -> list[list[str]]:
    """The grid's columns: ``[parameter, input]`` for W[k,d] of each named input, then b[k].

    Without names (no features), the plain grid's W[k,0], W[k,1] and b[k], unnamed.
    """
    named = names or ["", ""]
    return [*([f"W[{{k}},{d}]", name] for d, name in enumerate(named)), ["b[{k}]", ""]]


def _indices(value: object, count: int) -> tuple[int, ...]:
    """``value`` as ``count`` integers, or ``count`` times -1 if it is not such a list."""
    if (
        isinstance(value, list)
        and len(value) == count
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        return tuple(value)
    return (-1,) * count
