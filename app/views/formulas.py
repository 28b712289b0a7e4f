"""The formulas over the plot: the model with its total loss, and the selected loss L_i.

One browser component shows both, written in MathML that the browser typesets itself, and
follows the state's loss. The formulas are the project's own constants (:mod:`app.text`),
never user text: this is the one place where they become markup.
"""

from __future__ import annotations

import param

from app.component import Component
from app.state import DemoState
from app.text import FORMULAS, MODEL_FORMULA
from demo_core.losses import LOSSES

__all__ = ["Formulas"]

_ESM = """
export function render({ model }) {
  const row = document.createElement("div");
  row.className = "formulas";
  const modelFormula = document.createElement("span");
  const name = document.createElement("strong");
  const lossFormula = document.createElement("span");
  row.append(modelFormula, name, lossFormula);
  const show = () => {
    modelFormula.innerHTML = model.model_mathml;
    name.textContent = `${model.loss_name}:`;
    lossFormula.innerHTML = model.loss_mathml;
  };
  show();
  model.on(["loss_mathml", "loss_name"], show);
  return row;
}
"""

_CSS = """
.formulas { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 30px;
            font-size: 17px; padding: 4px 10px; }
"""


class Formulas(Component):
    """The model's formula and the selected loss's, which follow ``state.loss``."""

    model_mathml = param.String(default=MODEL_FORMULA, doc="MathML of the model.")
    loss_mathml = param.String(default="", doc="MathML of the selected loss.")
    loss_name = param.String(default="", doc="Name of the selected loss.")

    _esm = _ESM
    _stylesheets = [_CSS]  # noqa: RUF012 - Panel's class attribute

    def __init__(self, state: DemoState, **params: object) -> None:
        super().__init__(name="formulas", sizing_mode="stretch_width", **params)
        self.state = state
        self._show()
        state.param.watch(lambda _event: self._show(), "loss")

    def _show(self) -> None:
        self.param.update(loss_mathml=FORMULAS[self.state.loss], loss_name=LOSSES[self.state.loss])
