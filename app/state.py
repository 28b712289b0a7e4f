"""The state of one browser session: the single source of truth that every view reads.

Every setting is declared once, here, as a parameter of :class:`DemoState`: its name, type,
default, bounds and choices. The controls, the link, the slider stops and Reset all derive
from these declarations. The settings reach the :class:`demo_core.trainer.Trainer` through
one path, :meth:`Trainer.configure`; views read the trainer. Nothing here is shared between
sessions.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np
import param

from app.catalogue import LANGUAGES, say
from demo_core.anatomy import Anatomy, point_anatomy
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
from demo_core.features import FEATURES
from demo_core.holdout import MAX_HOLDOUT, OVERFITTING_EXAMPLE
from demo_core.losses import LOSSES
from demo_core.model import ParamIndex, original_params, random_params
from demo_core.optim import HYPERPARAMETERS, RULES, SEARCHES, RandomLocalSearch, RandomSearch
from demo_core.trainer import DIVERGED, Trainer

__all__ = [
    "DATA_SETTINGS",
    "MAX_PARAMETER",
    "NUDGE",
    "PAGE_PARTS",
    "TRAINER_SETTINGS",
    "DemoState",
    "LogNumber",
    "bounded",
    "bounded_point",
    "log_stops",
]

#: What the up and down buttons of the parameter grid add and subtract.
NUDGE = 0.1
#: Largest |W[k,d]| and |b[k]| that typing or nudging sets; beyond it a value is clamped. With
#: coordinates within ±MAX_COORDINATE, every score and loss then stays finite.
MAX_PARAMETER = 100.0
#: The settings that choose the points: changing one draws the data set anew.
DATA_SETTINGS = ("dataset", "n", "k", "noise", "seed")
#: The settings that the trainer takes (see :meth:`DemoState.trainer_settings`).
TRAINER_SETTINGS = (
    "loss", "reg", "step_size", "strategy", "rule", *HYPERPARAMETERS, "batch_size",
    "search_scale", "search_step", "holdout",
)  # fmt: skip
#: The parts of the page that a lesson's link may hide (``hide=lab,data``): the lab, the
#: parameter grid, the data table, the loss curve, and the sidebar's data, update rules,
#: editing and files.
PAGE_PARTS = ("lab", "parameters", "table", "curve", "data", "rules", "edit", "files")
#: How many chapters the guided lesson has (app/lesson/chapters.py).
LESSON_CHAPTERS = 8
#: Parameters of the state that Reset leaves alone: they are not settings.
_NOT_SETTINGS = (
    "name", "running", "status", "data_origin", "model_revision", "data_revision", "view_revision",
    "present", "lang", "hide", "lesson",
)  # fmt: skip


class LogNumber(param.Number):
    """A number chosen from log-spaced stops: ``per_decade`` of them in each decade.

    The stops run from the lower bound (or, if that is 0, from 0 and then ``smallest``) to
    the upper bound, each rounded to 3 significant digits, so that 0.1, 1 and 10 are exact.
    """

    __slots__ = ["per_decade", "smallest"]

    def __init__(self, *, per_decade: int = 10, smallest: float | None = None, **params: object):
        super().__init__(**params)
        self.per_decade = per_decade
        self.smallest = smallest

    def stops(self) -> dict[str, float]:
        """The stops by label, e.g. ``{"0": 0.0, "0.001": 0.001, ..., "100": 100.0}``."""
        low, high = self.bounds
        zero = {"0": 0.0} if low == 0 else {}
        return zero | log_stops(self.smallest if low == 0 else low, high, self.per_decade)


def log_stops(low: float, high: float, per_decade: int = 10) -> dict[str, float]:
    """``per_decade`` log-spaced stops in each decade from ``low`` to ``high``, by label.

    Each value is rounded to 3 significant digits, so that the decades themselves (0.1, 1,
    10) are exact: ``log_stops(0.1, 1, 2)`` is ``{"0.1": 0.1, "0.316": 0.316, "1": 1.0}``.
    """
    first, last = (round(math.log10(v) * per_decade) for v in (low, high))
    values = [float(f"{10.0 ** (e / per_decade):.3g}") for e in range(first, last + 1)]
    return {f"{v:g}": v for v in values}


class DemoState(param.Parameterized):
    """Settings and training run of one session.

    The trainer holds data (N, 2), labels (N,), the features on, W (K, D) and b (K,); the
    parameters here are what the controls set.
    """

    loss = param.Selector(default="ww", objects=list(LOSSES), doc="Key of the loss.")
    step_size = LogNumber(default=0.1, bounds=(1e-4, 10.0), doc="Learning rate.")
    reg = LogNumber(
        default=0.1, bounds=(0.0, 100.0), smallest=1e-3, doc="L2 regularization strength λ."
    )
    speed = param.Integer(default=10, bounds=(1, 60), doc="Steps per second when running.")
    running = param.Boolean(default=False, doc="Whether repeated updates are on.")
    present = param.Boolean(
        default=False,
        doc="Presentation mode, for a projector: no sidebar, large numbers, thick lines, "
        "keyboard shortcuts. Reset leaves it as it is.",
    )
    lang = param.Selector(
        default=LANGUAGES[0], objects=list(LANGUAGES),
        doc="The language of the page and its messages. Reset leaves it as it is.",
    )  # fmt: skip
    lesson = param.Integer(
        default=0, bounds=(0, LESSON_CHAPTERS),
        doc="The chapter of the guided lesson shown, from 1; 0: none. Reset leaves it.",
    )  # fmt: skip
    hide = param.ListSelector(
        default=[], objects=list(PAGE_PARTS),
        doc="Parts of the page not shown, from a lesson's link. Reset leaves them as they are.",
    )  # fmt: skip
    status = param.String(default="", doc="A message to the student, e.g. on divergence.")
    data_origin = param.String(default="", doc="Where the points come from, as said.")
    strategy = param.Selector(default="gradient", objects=list(SEARCHES), doc="How a step moves.")
    rule = param.Selector(default="sgd", objects=list(RULES), doc="Update rule of the gradient.")
    mu = param.Number(
        default=HYPERPARAMETERS["mu"], bounds=(0.0, 0.999), doc="Momentum and Nesterov: damping."
    )
    decay = param.Number(
        default=HYPERPARAMETERS["decay"], bounds=(0.5, 0.9999), doc="RMSProp: cache decay rate."
    )
    beta1 = param.Number(
        default=HYPERPARAMETERS["beta1"], bounds=(0.0, 0.999), doc="Adam: first-moment decay."
    )
    beta2 = param.Number(
        default=HYPERPARAMETERS["beta2"], bounds=(0.5, 0.99999), doc="Adam: second-moment decay."
    )
    batch_size = param.Integer(
        default=None, allow_None=True, bounds=(1, MAX_POINTS),
        doc="Minibatch size; None, and any size from N up, is the full batch.",
    )  # fmt: skip
    search_scale = param.Number(
        default=RandomSearch.scale, bounds=(0.01, 10.0),
        doc="Random search: spread of the sampled W and b.",
    )  # fmt: skip
    search_step = param.Number(
        default=RandomLocalSearch.step_size, bounds=(0.001, 2.0),
        doc="Random local search: size of a perturbation.",
    )  # fmt: skip
    dataset = param.Selector(default="original", objects=list(DATASETS), doc="Data set.")
    n = param.Integer(default=90, bounds=(MIN_POINTS, MAX_POINTS), doc="Generated points N.")
    k = param.Integer(default=3, bounds=(MIN_CLASSES, MAX_CLASSES), doc="Generated classes K.")
    noise = param.Number(default=0.1, bounds=(0.0, 1.0), doc="Jitter of generated points.")
    seed = param.Integer(default=0, bounds=(0, 2**32 - 1), doc="Seed of the generated points.")
    holdout = param.Number(
        default=0.0, bounds=(0.0, MAX_HOLDOUT),
        doc="Fraction of the points held out as a test set, which never trains.",
    )  # fmt: skip
    features = param.ListSelector(
        default=[], objects=list(FEATURES),
        doc="Features of the points the model sees besides x0 and x1, e.g. x0² (curved "
        "boundaries). Changing them keeps the points and the boundaries.",
    )  # fmt: skip
    shade_probabilities = param.Boolean(
        default=False, doc="Shade the plane by softmax probabilities instead of argmax regions."
    )
    # What else the plane shows: the margins, each point's pull, and the next step.
    show_zones = param.Boolean(
        default=False,
        doc="Draw each class's safe zone, where its points have zero loss (softmax: p_y >= 0.9).",
    )
    show_shares = param.Boolean(
        default=False, doc="Halo each point by the length of its own gradient, its share of a step."
    )
    show_next_step = param.Boolean(
        default=False, doc="Draw the zero-score lines after the next step, dashed."
    )
    examined = param.Integer(
        default=None, allow_None=True, bounds=(0, None),
        doc="The point whose anatomy and pull are shown; None: no point.",
    )  # fmt: skip
    model_revision = param.Integer(
        default=0, doc="Bumped when the model changed: parameters, data, loss or λ."
    )
    data_revision = param.Integer(default=0, doc="Bumped when the points or their labels changed.")
    view_revision = param.Integer(
        default=0, doc="Bumped when only the view changed, e.g. a selection or the shading."
    )

    def __init__(self, seed: int | None = None, **params: object) -> None:
        super().__init__(**params)
        self.data_origin = self.dataset_origin()
        self.rng = np.random.default_rng(seed)
        self.trainer = Trainer(*original(), *original_params())
        self.trainer.configure(**self.trainer_settings())
        self.param.watch(self._configure_trainer, list(TRAINER_SETTINGS))
        self.param.watch(self._on_data_settings, list(DATA_SETTINGS))

    # -- settings, and what they change ----------------------------------------------------

    def trainer_settings(self) -> dict[str, object]:
        """The settings as :meth:`Trainer.configure` takes them (the rule's own hyperparameters)."""
        return {
            "loss": self.loss,
            "reg": self.reg,
            "step_size": self.step_size,
            "strategy": self.strategy,
            "rule": self.rule,
            "hyperparameters": self.rule_settings(),
            "batch_size": self.batch_size,
            "search_scale": self.search_scale,
            "search_step": self.search_step,
            "holdout": self.holdout,
        }

    def _configure_trainer(self, *events: param.parameterized.Event) -> None:
        if self.trainer.configure(**self.trainer_settings()):
            held_out = any(event.name == "holdout" for event in events)
            if held_out:  # fewer training points: a minibatch may now be all of them
                self._full_batch_from_n_up()
            # Points held out are drawn otherwise: the points' look changed too.
            self.changed(data=held_out)
        elif self.show_next_step:  # the next step goes elsewhere: a new step size or rule
            self.view_changed()

    def rule_settings(self) -> dict[str, float]:
        """The hyperparameters of the selected rule, e.g. ``{"mu": 0.9}`` for momentum."""
        names = RULES[self.rule][1].hyperparameters
        return {name: getattr(self, name) for name in names}

    def say(self, key: str, **values: object) -> str:
        """The text ``key`` of :mod:`app.catalogue` in the page's language."""
        return say(self.lang, key, **values)

    def dataset_origin(self) -> str:
        """Where the points of the selected data set come from, as said to the student."""
        return self.say("origin.dataset", name=self.say(f"dataset.{self.dataset}"))

    def _on_data_settings(self, *events: object) -> None:
        self.regenerate()

    def regenerate(self) -> None:
        """Draw the selected data set anew, with fresh parameters for its K classes."""
        X, y = generate(self.dataset, self.n, self.k, self.noise, self.seed)
        if self.dataset == "original":
            W, b = original_params()
        else:
            W, b = random_params(np.random.default_rng(self.seed), int(y.max()) + 1)
        self.load_problem(X, y, W, b, self.dataset_origin())

    def load_problem(
        self, X: np.ndarray, y: np.ndarray, W: np.ndarray, b: np.ndarray, origin: str
    ) -> None:
        """Replace points (N, 2), labels (N,) and parameters (K, 2), (K,); stop and restart.

        The features stay on; their weights start at 0.

        ``origin`` says where the points come from, e.g. "a CSV file" (see :attr:`data_origin`).
        """
        self.running = False
        self.data_origin = origin
        self.examined = None
        self.trainer.set_problem(X, y, W, b)
        self.trainer.configure(**self.trainer_settings())  # a minibatch may now be all of N
        self.trainer.clear_history()
        self.status = ""
        self.changed(data=True)

    def set_points(self, X: np.ndarray, y: np.ndarray) -> None:
        """Replace the points and labels, keeping the parameters (labels must fit K)."""
        edited = self.say("origin.edited")
        if not self.data_origin.endswith(edited):
            self.data_origin += edited
        if len(y) < self.trainer.num_points:  # deleted points: the indices have moved
            self.examined = None
        self.trainer.set_data(X, y)
        self.trainer.configure(**self.trainer_settings())
        self.changed(data=True)

    @param.depends("features", watch=True)
    def _on_features(self) -> None:
        """Let the model see the chosen features: W grows or shrinks, the points stay."""
        self.running = False
        self.trainer.set_features(self.features)
        self.status = ""
        self.changed()

    @param.depends("shade_probabilities", watch=True)
    def _on_shading(self) -> None:
        self.view_changed()

    @param.depends("show_zones", "show_shares", "show_next_step", watch=True)
    def _on_overlays(self) -> None:
        self.view_changed()

    @param.depends("batch_size", watch=True)
    def _full_batch_from_n_up(self) -> None:
        """A minibatch of all the training points or more is the full batch, which is None."""
        if self.batch_size is not None and self.batch_size >= self.trainer.num_train:
            self.batch_size = None

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

    # -- the anatomy of one point ----------------------------------------------------------

    def examine(self, index: object) -> None:
        """Show the anatomy and pull of point ``index``; of none if it is None or no point."""
        valid = isinstance(index, int) and not isinstance(index, bool)
        self.examined = index if valid and 0 <= index < self.trainer.num_points else None

    @param.depends("examined", watch=True)
    def _on_examined(self) -> None:
        self.view_changed()

    def anatomy(self) -> Anatomy | None:
        """The examined point's scores, loss terms and gradient under the current loss."""
        i = self.examined
        trainer = self.trainer
        if i is None or i >= trainer.num_points:
            return None
        return point_anatomy(
            trainer.loss, trainer.W, trainer.b, trainer.inputs[i], int(trainer.y[i])
        )

    # -- actions --------------------------------------------------------------------------

    def step(self) -> bool:
        """Take one parameter update; on divergence stop running and say so.

        Asked for after a divergence, it takes none and says why.
        """
        if self.trainer.status == DIVERGED:
            self.running = False
            self.status = self.say("status.no_step")
            return False
        stepped = self.trainer.step()
        if not stepped and self.trainer.status == DIVERGED:
            self.running = False
            self.status = self.say("status.diverged")
        self.changed()
        return stepped

    def rewind(self, step: int) -> None:
        """Show the run as it was after ``step`` of the trainer's timeline; stop running first.

        The next step branches the run from there (see :meth:`Trainer.rewind`).

        Raises
        ------
        ValueError
            If the timeline does not hold ``step``; nothing changes then.
        """
        self.running = False
        self.trainer.rewind(step)
        self.status = ""
        self.changed()

    def show_overfitting_example(self) -> None:
        """Start over on :data:`demo_core.holdout.OVERFITTING_EXAMPLE`, and say what to try."""
        self.reset()
        self.param.update(**OVERFITTING_EXAMPLE)
        self.status = self.say("status.overfitting_example")
        self.view_changed()  # which shows the status

    def randomize(self) -> None:
        """Draw every entry of W and b uniformly from [-0.5, 0.5)."""
        trainer = self.trainer
        trainer.set_params(*random_params(self.rng, trainer.num_classes, trainer.dim))
        self.status = ""
        self.changed()

    def reset(self) -> None:
        """Return to the original's data, parameters and settings, and stop running.

        The problem is set up once: by the change of the data settings, if any; else here.
        """
        self.running = False
        settings = [name for name in self.param if name not in _NOT_SETTINGS]
        defaults = {name: self.param[name].default for name in settings}
        data_changes = any(getattr(self, name) != defaults[name] for name in DATA_SETTINGS)
        self.param.update(**defaults)
        if not data_changes:
            self.load_problem(*original(), *original_params(), self.dataset_origin())

    def nudge(self, index: ParamIndex, direction: int) -> None:
        """Add ``direction * NUDGE`` to the parameter at ``index``."""
        self.set_parameter(index, round(self.parameter(index) + direction * NUDGE, 10))

    def parameter(self, index: ParamIndex) -> float:
        """The value of the parameter at ``index``, e.g. ``ParamIndex("W", 0, 1)``."""
        return index.value(self.trainer.W, self.trainer.b)

    def set_parameter(self, index: ParamIndex, value: object) -> None:
        """Set the parameter at ``index`` to ``value``, within the bound.

        A value beyond ±:data:`MAX_PARAMETER` is clamped to it, and one that is not a number
        (or NaN) changes nothing; either way :attr:`status` says so. The views are told to
        show the result in any case, so that an input that sent a refused value shows the
        state's value again.
        """
        name = index.name
        number = bounded(value, -math.inf, math.inf)
        if number is None:
            self.status = self.say(
                "status.not_number", name=name, value=f"{self.parameter(index):g}"
            )
            self.view_changed()
            return
        kept = min(max(number, -MAX_PARAMETER), MAX_PARAMETER)
        self.trainer.set_params(*index.with_value(self.trainer.W, self.trainer.b, kept))
        limited = self.say(
            "status.limited", name=name, limit=f"{MAX_PARAMETER:g}", value=f"{kept:g}"
        )
        self.status = "" if kept == number else limited
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
