"""The state of one browser session: the single source of truth that every view reads.

Widgets write the parameters of :class:`DemoState`; its watchers forward them to the
:class:`demo_core.trainer.Trainer`; views read the trainer. Nothing here is shared between
sessions.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np
import param

from demo_core.csv_io import MAX_COORDINATE
from demo_core.datasets import (
    DATASETS,
    MAX_CLASSES,
    MAX_POINTS,
    MIN_CLASSES,
    MIN_POINTS,
    generate,
    original,
)
from demo_core.losses import LOSSES
from demo_core.model import original_params, random_params
from demo_core.optim import RULES, SEARCHES
from demo_core.trainer import DIVERGED, Trainer

__all__ = ["MAX_PARAMETER", "NUDGE", "DemoState", "bounded", "bounded_point"]

#: What the up and down buttons of the parameter grid add and subtract.
NUDGE = 0.1
#: Largest |W[k,d]| and |b[k]| that typing or nudging sets; beyond it a value is clamped. With
#: coordinates within ±MAX_COORDINATE, every score and loss then stays finite.
MAX_PARAMETER = 100.0
DIVERGED_MESSAGE = "diverged: lower the step size and press Reset"
#: Parameters of the state that Reset leaves alone: they are not settings.
_NOT_SETTINGS = ("name", "running", "model_revision", "data_revision", "view_revision")


class DemoState(param.Parameterized):
    """Settings and training run of one session.

    The trainer holds data (N, 2), labels (N,), W (K, 2) and b (K,); the parameters here are
    what the controls set.
    """

    loss = param.Selector(default="ww", objects=list(LOSSES), doc="Key of the loss.")
    step_size = param.Number(default=0.1, bounds=(1e-4, 10.0), doc="Learning rate.")
    reg = param.Number(default=0.1, bounds=(0.0, 100.0), doc="L2 regularization strength.")
    speed = param.Integer(default=10, bounds=(1, 60), doc="Steps per second when running.")
    running = param.Boolean(default=False, doc="Whether repeated updates are on.")
    status = param.String(default="", doc="A message to the student, e.g. on divergence.")
    strategy = param.Selector(default="gradient", objects=list(SEARCHES), doc="How a step moves.")
    rule = param.Selector(default="sgd", objects=list(RULES), doc="Update rule of the gradient.")
    mu = param.Number(default=0.9, bounds=(0.0, 0.999), doc="Momentum and Nesterov: damping.")
    decay = param.Number(default=0.99, bounds=(0.5, 0.9999), doc="RMSProp: cache decay rate.")
    beta1 = param.Number(default=0.9, bounds=(0.0, 0.999), doc="Adam: first-moment decay.")
    beta2 = param.Number(default=0.999, bounds=(0.5, 0.99999), doc="Adam: second-moment decay.")
    batch_size = param.Integer(
        default=None, allow_None=True, bounds=(1, None), doc="Minibatch size; None is all N."
    )
    search_scale = param.Number(
        default=1.0, bounds=(0.01, 10.0), doc="Random search: spread of the sampled W and b."
    )
    search_step = param.Number(
        default=0.1, bounds=(0.001, 2.0), doc="Random local search: size of a perturbation."
    )
    dataset = param.Selector(default="original", objects=list(DATASETS), doc="Data set.")
    n = param.Integer(default=90, bounds=(MIN_POINTS, MAX_POINTS), doc="Generated points N.")
    k = param.Integer(default=3, bounds=(MIN_CLASSES, MAX_CLASSES), doc="Generated classes K.")
    noise = param.Number(default=0.1, bounds=(0.0, 1.0), doc="Jitter of generated points.")
    seed = param.Integer(default=0, bounds=(0, 2**32 - 1), doc="Seed of the generated points.")
    shade_probabilities = param.Boolean(
        default=False, doc="Shade the plane by softmax probabilities instead of argmax regions."
    )
    model_revision = param.Integer(
        default=0, doc="Bumped when the model changed: parameters, data, loss or λ."
    )
    data_revision = param.Integer(default=0, doc="Bumped when the points or their labels changed.")
    view_revision = param.Integer(
        default=0, doc="Bumped when only the view changed, e.g. a selection or the shading."
    )

    def __init__(self, seed: int | None = None, **params: object) -> None:
        super().__init__(**params)
        self.rng = np.random.default_rng(seed)
        X, y = original()
        W, b = original_params()
        self.trainer = Trainer(X, y, W, b, loss=self.loss, reg=self.reg, step_size=self.step_size)

    # -- settings forwarded to the trainer ------------------------------------------------

    @param.depends("loss", watch=True)
    def _on_loss(self) -> None:
        self.trainer.loss = self.loss
        self.changed()

    @param.depends("reg", watch=True)
    def _on_reg(self) -> None:
        self.trainer.reg = self.reg
        self.changed()

    @param.depends("step_size", watch=True)
    def _on_step_size(self) -> None:
        self.trainer.step_size = self.step_size

    @param.depends("dataset", "n", "k", "noise", "seed", watch=True)
    def regenerate(self) -> None:
        """Draw the selected data set anew, with fresh parameters for its K classes."""
        X, y = generate(self.dataset, self.n, self.k, self.noise, self.seed)
        if self.dataset == "original":
            W, b = original_params()
        else:
            W, b = random_params(np.random.default_rng(self.seed), int(y.max()) + 1)
        self.load_problem(X, y, W, b)

    def load_problem(self, X: np.ndarray, y: np.ndarray, W: np.ndarray, b: np.ndarray) -> None:
        """Replace points (N, 2), labels (N,) and parameters (K, 2), (K,); stop and restart."""
        self.running = False
        self.trainer.set_problem(X, y, W, b)
        self.trainer.clear_history()
        self.status = ""
        self.changed(data=True)

    def set_points(self, X: np.ndarray, y: np.ndarray) -> None:
        """Replace the points and labels, keeping the parameters (labels must fit K)."""
        self.trainer.set_data(X, y)
        self.changed(data=True)

    @param.depends("shade_probabilities", watch=True)
    def _on_shading(self) -> None:
        self.view_changed()

    @param.depends("strategy", watch=True)
    def _on_strategy(self) -> None:
        self.trainer.strategy = self.strategy

    @param.depends("rule", "mu", "decay", "beta1", "beta2", watch=True)
    def _on_rule(self) -> None:
        """A fresh rule with its own hyperparameters; W and b are kept."""
        self.trainer.set_rule(self.rule, **self.rule_settings())

    def rule_settings(self) -> dict[str, float]:
        """The hyperparameters of the selected rule, e.g. ``{"mu": 0.9}`` for momentum."""
        names = RULES[self.rule][1].hyperparameters
        return {name: getattr(self, name) for name in names}

    @param.depends("batch_size", watch=True)
    def _on_batch_size(self) -> None:
        self.trainer.batch_size = self.batch_size
        self.changed()

    @param.depends("search_scale", "search_step", watch=True)
    def _on_search(self) -> None:
        self.trainer.random_search.scale = self.search_scale
        self.trainer.local_search.step_size = self.search_step

    def changed(self, data: bool = False) -> None:
        """Tell the views that the model changed (``data``: the points too).

        What depends on the model, e.g. the lab's landscape, follows :attr:`model_revision`.
        """
        if data:
            self.data_revision += 1
        self.model_revision += 1

    def view_changed(self) -> None:
        """Tell the views that only what they show changed, not the model."""
        self.view_revision += 1

    # -- actions --------------------------------------------------------------------------

    def step(self) -> bool:
        """Take one parameter update; on divergence stop running and say so."""
        stepped = self.trainer.step()
        if not stepped and self.trainer.status == DIVERGED:
            self.running = False
            self.status = DIVERGED_MESSAGE
        self.changed()
        return stepped

    def randomize(self) -> None:
        """Draw every entry of W and b uniformly from [-0.5, 0.5)."""
        self.trainer.set_params(*random_params(self.rng, self.trainer.num_classes))
        self.status = ""
        self.changed()

    def reset(self) -> None:
        """Return to the original's data, parameters and settings, and stop running."""
        self.running = False
        settings = [name for name in self.param if name not in _NOT_SETTINGS]
        self.param.update(**{name: self.param[name].default for name in settings})
        X, y = original()
        self.load_problem(X, y, *original_params())

    def nudge(self, k: int, column: int, direction: int) -> None:
        """Add ``direction * NUDGE`` to W[k, column] (column 0 or 1) or to b[k] (column 2)."""
        self.set_parameter(k, column, round(self.parameter(k, column) + direction * NUDGE, 10))

    def parameter(self, k: int, column: int) -> float:
        """The value of W[k, column] (column 0 or 1) or of b[k] (column 2)."""
        return float(self.trainer.b[k] if column == 2 else self.trainer.W[k, column])

    def set_parameter(self, k: int, column: int, value: object) -> None:
        """Set W[k, column] (column 0 or 1) or b[k] (column 2) to ``value``, within the bound.

        A value beyond ±:data:`MAX_PARAMETER` is clamped to it, and one that is not a number
        (or NaN) changes nothing; either way :attr:`status` says so. The views are told to
        show the result in any case, so that an input that sent a refused value shows the
        state's value again.
        """
        name = f"b[{k}]" if column == 2 else f"W[{k},{column}]"
        number = bounded(value, -math.inf, math.inf)
        if number is None:
            self.status = f"{name} must be a number; it stays {self.parameter(k, column):g}."
            self.view_changed()
            return
        kept = min(max(number, -MAX_PARAMETER), MAX_PARAMETER)
        W, b = self.trainer.W.copy(), self.trainer.b.copy()
        if column == 2:
            b[k] = kept
        else:
            W[k, column] = kept
        self.trainer.set_params(W, b)
        self.status = (
            "" if kept == number else f"{name} is limited to ±{MAX_PARAMETER:g}: set to {kept:g}."
        )
        self.changed()

    def move_point(self, i: int, x0: object, x1: object) -> None:
        """Move point ``i`` to ``(x0, x1)``, clamped by :func:`bounded_point`.

        Nothing happens if there is no point ``i`` (any more) or no such position.
        """
        point = bounded_point(x0, x1)
        if point is None or not 0 <= i < self.trainer.num_points:
            return
        X = self.trainer.X.copy()
        X[i] = point
        self.set_points(X, self.trainer.y)


def bounded(value: object, low: float, high: float) -> float | None:
    """``value`` as a float clamped to [low, high]; None if it is not a real number, or NaN.

    Values come from browsers, which may send anything: an integer too large for a float
    counts as infinite, and is clamped like one.
    """
    if not isinstance(value, Real) or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except OverflowError:
        number = math.inf if value > 0 else -math.inf  # type: ignore[operator]
    if math.isnan(number):
        return None
    return min(max(number, low), high)


def bounded_point(x0: object, x1: object) -> tuple[float, float] | None:
    """A point within ±MAX_COORDINATE on each axis, which the importer reads back; or None.

    None if either coordinate is not a number (see :func:`bounded`).
    """
    first, second = (bounded(x, -MAX_COORDINATE, MAX_COORDINATE) for x in (x0, x1))
    return None if first is None or second is None else (first, second)
