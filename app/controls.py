"""The controls: sliders, the loss choice and the buttons, each bound to the state."""

from __future__ import annotations

import numpy as np
import panel as pn
from bokeh.models import Button

from app.state import DemoState
from demo_core.losses import LOSSES
from demo_core.optim import RULES, SEARCHES

__all__ = ["Controls", "log_options"]


def log_options(low_exponent: int, high_exponent: int, per_decade: int = 10) -> dict[str, float]:
    """Log-spaced slider stops from ``10**low_exponent`` to ``10**high_exponent``, by label.

    Each value is rounded to 3 significant digits, so the decades themselves (0.1, 1, 10)
    are exact.
    """
    exponents = np.arange(low_exponent * per_decade, high_exponent * per_decade + 1) / per_decade
    values = [float(f"{10.0**e:.3g}") for e in exponents]
    return {f"{v:g}": v for v in values}


#: Stops of the step-size slider: 1e-4 to 10, ten per decade.
STEP_OPTIONS = log_options(-4, 1)
#: Stops of the regularization slider: exactly 0, then 1e-3 to 100.
REG_OPTIONS = {"0": 0.0, **log_options(-3, 2)}


def _button(label: str, button_type: str) -> Button:
    """A plain Bokeh button: its clicks reach the state without Panel's busy tracking.

    A Panel button's click marks the session busy and then idle, each a message to the
    browser before and after the frame that shows the click; these buttons are the ones a
    student presses over and over.
    """
    return Button(label=label, button_type=button_type, sizing_mode="stretch_width", margin=(5, 10))


class Controls:
    """The widgets of the page, written to and read from a :class:`DemoState`."""

    def __init__(self, state: DemoState) -> None:
        self.state = state
        self.step_size = pn.widgets.DiscreteSlider.from_param(
            state.param.step_size, options=STEP_OPTIONS, label="Step size",
            sizing_mode="stretch_width",
        )  # fmt: skip
        self.reg = pn.widgets.DiscreteSlider.from_param(
            state.param.reg, options=REG_OPTIONS,
            label="L2 regularization strength (λ)", sizing_mode="stretch_width",
        )  # fmt: skip
        self.loss = pn.widgets.RadioBoxGroup.from_param(
            state.param.loss, options={label: key for key, label in LOSSES.items()},
            label="Loss", inline=False,
        )  # fmt: skip
        self.speed = pn.widgets.IntSlider.from_param(
            state.param.speed, label="Speed (steps per second)", sizing_mode="stretch_width"
        )
        self.single = _button("Single parameter update", "primary")
        self.run = pn.widgets.Toggle.from_param(
            state.param.running, label="Start repeated update", color="success",
            sizing_mode="stretch_width",
        )  # fmt: skip
        self.randomize = _button("Randomize parameters", "light")
        self.reset = _button("Reset", "warning")
        self.strategy = pn.widgets.RadioBoxGroup.from_param(
            state.param.strategy, options={label: key for key, label in SEARCHES.items()},
            label="Strategy", inline=False,
        )  # fmt: skip
        self.rule = pn.widgets.Select.from_param(
            state.param.rule, options={label: key for key, (label, _) in RULES.items()},
            label="Update rule", sizing_mode="stretch_width",
        )  # fmt: skip
        self.hyperparameters = {
            name: pn.widgets.FloatSlider.from_param(
                state.param[name],
                label=label,
                step=step,
                format="0.[0000]",
                sizing_mode="stretch_width",
            )
            for name, label, step in (
                ("mu", "μ (momentum)", 0.01),
                ("decay", "decay rate", 0.001),
                ("beta1", "β1", 0.01),
                ("beta2", "β2", 0.0005),
            )
        }
        self.batch_size = pn.widgets.IntSlider(
            label="Minibatch size (right end: full batch)", start=1, end=self._num_points(),
            value=self._num_points(), sizing_mode="stretch_width",
        )  # fmt: skip
        self.search_scale = pn.widgets.FloatSlider.from_param(
            state.param.search_scale, label="Random search: scale of W, b", step=0.05,
            sizing_mode="stretch_width",
        )  # fmt: skip
        self.search_step = pn.widgets.FloatSlider.from_param(
            state.param.search_step, label="Local search: step", step=0.005,
            sizing_mode="stretch_width",
        )  # fmt: skip
        self.batch_size.param.watch(self._set_batch_size, "value")
        state.param.watch(self._show_batch_size, ["batch_size", "data_revision"])
        state.param.watch(self._show_relevant, ["rule", "strategy"])
        self._show_relevant()
        self.single.on_click(lambda _event: state.step())
        self.randomize.on_click(lambda _event: state.randomize())
        self.reset.on_click(lambda _event: state.reset())
        state.param.watch(self._label_run, "running")

    def _label_run(self, event: object) -> None:
        running = self.state.running
        self.run.label = "Stop repeated update" if running else "Start repeated update"
        self.run.color = "danger" if running else "success"

    def _num_points(self) -> int:
        return self.state.trainer.num_points

    def _set_batch_size(self, event: object) -> None:
        value = self.batch_size.value
        self.state.batch_size = None if value >= self._num_points() else value
        self._show_batch_size()  # a value past the end means the full batch: show it so

    def _show_batch_size(self, *events: object) -> None:
        n = self._num_points()
        size = n if self.state.batch_size is None else min(self.state.batch_size, n)
        self.batch_size.param.update(end=max(n, 2), value=size)

    def _show_relevant(self, *events: object) -> None:
        """Show only the sliders that the selected strategy and rule use."""
        gradient = self.state.strategy == "gradient"
        used = self.state.rule_settings() if gradient else {}
        for name, slider in self.hyperparameters.items():
            slider.visible = name in used
        self.rule.visible = self.batch_size.visible = gradient
        self.search_scale.visible = self.state.strategy == "random"
        self.search_step.visible = self.state.strategy == "local"

    def panel(self) -> pn.Column:
        """The controls laid out in one column."""
        return pn.Column(
            pn.pane.Bokeh(self.single, sizing_mode="stretch_width"),
            self.run,
            pn.pane.Bokeh(self.randomize, sizing_mode="stretch_width"),
            pn.pane.Bokeh(self.reset, sizing_mode="stretch_width"),
            self.speed,
            self.step_size,
            self.reg,
            pn.pane.Markdown("**Loss**", margin=(0, 10)),
            self.loss,
            pn.pane.Markdown("**How to step**", margin=(0, 10)),
            self.strategy,
            self.rule,
            *self.hyperparameters.values(),
            self.batch_size,
            self.search_scale,
            self.search_step,
            sizing_mode="stretch_width",
        )
