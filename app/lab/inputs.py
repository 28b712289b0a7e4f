"""The lab's own inputs: a labelled checkbox and a slider over a few stops, as native elements.

Panel's ``Checkbox`` draws a checkbox whose text is not its label, and its ``DiscreteSlider``
a handle without a name that announces the index of its stop rather than the value. These
draw an ``<input>`` with a ``<label>``, and a slider that announces the value shown. Like
every :class:`app.component.Component`, they never let the browser set a property: the
browser sends what the student did as a message, which is checked here, and the server's
``value`` is what they then show.
"""

from __future__ import annotations

from collections.abc import Mapping

import param

from app.component import Component

__all__ = ["BUTTON_CSS", "Checkbox", "StopSlider"]

#: Colours of Panel's buttons that white (or, on orange, dark) text can be read on: a contrast
#: of at least 4.5:1, as the sidebar's buttons have.
BUTTON_CSS = """
.bk-btn.bk-btn-primary, .bk-btn.bk-btn-primary:hover { background-color: #1f5fa8; color: #fff; }
.bk-btn.bk-btn-success, .bk-btn.bk-btn-success:hover { background-color: #1c7a3a; color: #fff; }
.bk-btn.bk-btn-danger, .bk-btn.bk-btn-danger:hover { background-color: #b3261e; color: #fff; }
.bk-btn.bk-btn-warning, .bk-btn.bk-btn-warning:hover { background-color: #f0ad4e; color: #222; }
.bk-btn:hover { filter: brightness(0.92); }
"""

_CSS = """
:host { display: block; }
.input { font-size: 14px; padding: 4px 0; }
.checkbox { display: flex; align-items: center; gap: 6px; }
label { cursor: pointer; }
.slider label { display: block; margin-bottom: 3px; }
.slider .value { font-weight: bold; }
input[type=range] { width: 100%; margin: 0; accent-color: #2a6fb8; }
input:focus-visible { outline: 3px solid #ffbf47; outline-offset: 1px; }
"""

_CHECKBOX_ESM = """
export function render({ model }) {
  const input = document.createElement("input");
  input.type = "checkbox";
  input.id = "checkbox";
  const label = document.createElement("label");
  label.htmlFor = "checkbox";
  label.textContent = model.label;
  const row = document.createElement("div");
  row.className = "input checkbox";
  row.append(input, label);
  input.addEventListener("change", () => model.send_msg({ checked: input.checked }));
  const show = () => { input.checked = model.value; };
  show();
  model.on("value", show);
  return row;
}
"""

_SLIDER_ESM = """
export function render({ model }) {
  const input = document.createElement("input");
  Object.assign(input, { type: "range", id: "slider", min: 0, step: 1 });
  input.max = model.stops.length - 1;
  const name = document.createElement("span");
  name.id = "slider-name";
  name.textContent = model.label;
  const value = document.createElement("span");
  value.className = "value";
  const label = document.createElement("label");
  label.htmlFor = "slider";
  label.append(name, ": ", value);
  input.setAttribute("aria-labelledby", "slider-name");
  const showText = (index) => {
    value.textContent = model.stops[index];
    input.setAttribute("aria-valuetext", model.stops[index]);
  };
  input.addEventListener("input", () => {
    showText(Number(input.value));
    model.send_msg({ index: Number(input.value) });
  });
  const show = () => {
    input.value = String(model.index);
    showText(model.index);
  };
  show();
  model.on("index", show);
  const row = document.createElement("div");
  row.className = "input slider";
  row.append(label, input);
  return row;
}
"""


class Checkbox(Component):
    """A checkbox with its label; ``value`` is whether it is ticked.

    Parameters
    ----------
    label : str
        What the checkbox says.
    value : bool
        Whether it is ticked.
    """

    label = param.String(default="", doc="What the checkbox says.")
    value = param.Boolean(default=False, doc="Whether it is ticked.")

    _esm = _CHECKBOX_ESM
    _stylesheets = [_CSS]  # noqa: RUF012 - Panel's class attribute

    def __init__(self, label: str, value: bool = False, **params: object) -> None:
        super().__init__(self._received, label=label, value=value, **params)

    def _received(self, data: object) -> None:
        """A message of the browser: ``{"checked": bool}``."""
        if isinstance(data, dict) and isinstance(data.get("checked"), bool):
            self.value = data["checked"]


class StopSlider(Component):
    """A slider over a few values, each shown (and announced) by its label.

    Parameters
    ----------
    label : str
        What the slider sets.
    options : mapping of str to object
        The stops from left to right: each value by the label that shows it.
    value : object
        The value chosen, one of ``options``' values.
    """

    label = param.String(default="", doc="What the slider sets.")
    stops = param.List(default=[], doc="The label of each stop, from left to right.")
    index = param.Integer(default=0, doc="The stop chosen.")
    value = param.Selector(
        default=None, objects=[], check_on_set=True, doc="The value of the stop chosen."
    )

    _esm = _SLIDER_ESM
    _stylesheets = [_CSS]  # noqa: RUF012 - Panel's class attribute

    def __init__(
        self, label: str, options: Mapping[str, object], value: object, **params: object
    ) -> None:
        super().__init__(self._received, label=label, stops=list(options), **params)
        self.param.value.objects = list(options.values())
        self.param.watch(lambda _event: self._show_value(), "value")
        self.value = value

    def _show_value(self) -> None:
        """Move the slider to the stop of ``value``."""
        self.index = self.param.value.objects.index(self.value)

    def _received(self, data: object) -> None:
        """A message of the browser: ``{"index": i}``, the stop the student moved to."""
        values = self.param.value.objects
        index = data.get("index") if isinstance(data, dict) else None
        if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(values):
            self.value = values[index]
