"""A race of update rules and blind searches: 2 to 4 contestants trained side by side.

A contestant is an update rule that follows the gradient (a key of
:data:`demo_core.optim.RULES`) or a blind search (a key of :data:`SEARCH_CONTESTANTS`: random
search or random local search). Each gets its own :class:`demo_core.trainer.Trainer` with the
same data, starting parameters, loss, regularization, step size and batch size, and a generator
seeded with the same seed. A rule's generator serves only its minibatch sampler, and the
sampler draws once per step whatever the rule, so every rule sees the same sequence of
minibatches, step by step.

**The budget.** The race is fair in evaluations of the loss: in each step of the race every
contestant evaluates the loss ``evaluations`` times (B). An evaluation is the loss at one
parameter set on the data the contestant uses. A gradient rule gets the gradient with its
evaluation, as backpropagation gives it for a small constant factor, and takes B update steps;
a search tries B candidates, each evaluated once, and keeps the best. (The loss where a
contestant stands is known from its last evaluation and is not counted again.)

The step size is shared by the whole race, so that the rules are compared at the same
learning rate; each rule's own hyperparameters (``mu``, ``beta1`` ...) can be set per rule.
A rule that diverges stops where it stands, with status ``"diverged"``, while the others go on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from demo_core.datasets import generate
from demo_core.optim import RULES, SEARCHES, RandomLocalSearch, RandomSearch
from demo_core.trainer import DIVERGED, RUNNING, Trainer
from demo_core.validation import check_params

__all__ = ["MAX_RULES", "MIN_RULES", "PRESETS", "SEARCH_CONTESTANTS", "Race", "RacePreset"]

MIN_RULES = 2
MAX_RULES = 4
#: The blind searches that can race, keys of :data:`demo_core.optim.SEARCHES`.
SEARCH_CONTESTANTS = tuple(key for key in SEARCHES if key != "gradient")

RuleSpec = Sequence[str] | Mapping[str, Mapping[str, float]]


def _check_rules(rules: RuleSpec) -> dict[str, dict[str, float]]:
    """The rules with their hyperparameters, in the given order, or ValueError."""
    if isinstance(rules, str):
        raise ValueError("rules must be a sequence or mapping of rule names, not one string")
    settings = (
        {name: dict(rules[name]) for name in rules}
        if isinstance(rules, Mapping)
        else {name: {} for name in rules}
    )
    names = list(rules)
    if len(settings) != len(names):
        raise ValueError(f"the rules of a race must be distinct, got {names}")
    if not MIN_RULES <= len(names) <= MAX_RULES:
        raise ValueError(f"a race needs {MIN_RULES} to {MAX_RULES} rules, got {len(names)}")
    known = (*RULES, *SEARCH_CONTESTANTS)
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(f"unknown contestant {unknown[0]!r}; choose from {', '.join(known)}")
    tuned = [name for name in SEARCH_CONTESTANTS if settings.get(name)]
    if tuned:
        raise ValueError(f"{tuned[0]!r} takes no hyperparameters; set search_scale or search_step")
    return settings


class Race:
    """Several update rules and searches trained side by side, one :meth:`step` at a time.

    Parameters
    ----------
    X : array_like, shape (N, 2)
    y : array_like of int, shape (N,)
        Labels in ``0 .. K-1``.
    W : array_like, shape (K, 2)
        The common starting weights.
    b : array_like, shape (K,)
        The common starting biases.
    rules : sequence of str, or mapping of str to dict
        2 to 4 distinct contestants, keys of :data:`demo_core.optim.RULES` or of
        :data:`SEARCH_CONTESTANTS`, e.g. ``["sgd", "adam", "random"]``, or a mapping from each
        key to its hyperparameters, e.g. ``{"sgd": {}, "momentum": {"mu": 0.5}}`` (a search
        takes none). The order is kept.
    loss : str
        A key of :data:`demo_core.losses.LOSSES`.
    reg : float
        L2 regularization strength, >= 0.
    step_size : float
        The learning rate shared by every rule, > 0.
    batch_size : int or None
        Minibatch size B (clamped to N); ``None`` means the full batch.
    seed : int
        Seed of every contestant's generator: all rules see the same minibatches.
    history_size : int
        How many total losses each history keeps; older ones fall off.
    evaluations : int
        B, the evaluations of the loss each contestant makes per step of the race, >= 1.
    search_scale : float
        Random search draws every parameter with this standard deviation.
    search_step : float
        Random local search moves every parameter by this standard deviation.

    Raises
    ------
    ValueError
        For fewer than 2 or more than 4 contestants, a repeated or unknown one, an unknown
        hyperparameter, a budget below 1, or any setting the
        :class:`~demo_core.trainer.Trainer` rejects.
    """

    def __init__(
        self,
        X: object,
        y: object,
        W: object,
        b: object,
        rules: RuleSpec = ("sgd", "momentum", "adam"),
        *,
        loss: str = "ww",
        reg: float = 0.1,
        step_size: float = 0.1,
        batch_size: int | None = None,
        seed: int = 0,
        history_size: int = 2000,
        evaluations: int = 1,
        search_scale: float = 1.0,
        search_step: float = 0.1,
    ) -> None:
        self._settings = _check_rules(rules)
        if not (isinstance(evaluations, int | np.integer) and evaluations >= 1):
            raise ValueError(f"evaluations must be an integer >= 1, got {evaluations!r}")
        self.evaluations = int(evaluations)
        self._start = check_params(W, b)
        common = {"loss": loss, "reg": reg, "step_size": step_size, "batch_size": batch_size}
        self._trainers = {
            name: Trainer(X, y, *self._start, **common, seed=seed, history_size=history_size)
            for name in self._settings
        }
        for name, trainer in self._trainers.items():
            if name in SEARCH_CONTESTANTS:
                trainer.strategy = name
                trainer.random_search.scale = search_scale
                trainer.local_search.step_size = search_step
            else:
                trainer.set_rule(name, **self._settings[name])
        start_loss = next(iter(self._trainers.values())).result.total_loss
        self._losses = {name: deque([start_loss], maxlen=history_size) for name in self._settings}
        self.steps = 0

    @property
    def rules(self) -> tuple[str, ...]:
        """The rules' keys, in race order."""
        return tuple(self._trainers)

    @property
    def step_size(self) -> float:
        """The learning rate shared by every rule, > 0."""
        return next(iter(self._trainers.values())).step_size

    @step_size.setter
    def step_size(self, value: float) -> None:
        for trainer in self._trainers.values():
            trainer.step_size = value

    def trainer(self, rule: str) -> Trainer:
        """The trainer of one rule, e.g. for its accuracy or gradients. Raises KeyError."""
        return self._trainers[rule]

    def search(self, contestant: str) -> RandomSearch | RandomLocalSearch | None:
        """A search contestant's search, with its tries and best loss; None for a rule."""
        trainer = self._trainers[contestant]
        return {"random": trainer.random_search, "local": trainer.local_search}.get(contestant)

    def spent(self, contestant: str) -> int:
        """How many evaluations of the loss a contestant has made: B per step it took."""
        return self._trainers[contestant].steps

    def step(self) -> dict[str, bool]:
        """Advance every contestant that has not diverged by one step: B evaluations each.

        Returns
        -------
        dict of str to bool
            For each contestant, whether it took its step (``False`` once it has diverged).
        """
        taken = {
            name: all(trainer.step() for _ in range(self.evaluations))
            for name, trainer in self._trainers.items()
        }
        for name, moved in taken.items():
            if moved:
                self._losses[name].append(self._trainers[name].result.total_loss)
        self.steps += 1
        return taken

    @property
    def histories(self) -> dict[str, np.ndarray]:
        """Each rule's total loss on the whole data set: the start, then one per step taken.

        Arrays of shape (T + 1,) for T steps taken, or the last ``history_size`` values.
        """
        return {name: np.array(losses) for name, losses in self._losses.items()}

    def params(self, rule: str) -> tuple[np.ndarray, np.ndarray]:
        """Copies of one rule's current ``W`` (K, 2) and ``b`` (K,)."""
        trainer = self._trainers[rule]
        return trainer.W.copy(), trainer.b.copy()

    @property
    def statuses(self) -> dict[str, str]:
        """Each rule's status: ``"ok"`` while running, ``"diverged"`` once stopped."""
        return {name: trainer.status for name, trainer in self._trainers.items()}

    @property
    def running(self) -> tuple[str, ...]:
        """The rules that have not diverged."""
        return tuple(name for name, status in self.statuses.items() if status == RUNNING)

    @property
    def finished(self) -> bool:
        """Whether every rule has diverged, so that no step changes anything any more."""
        return all(status == DIVERGED for status in self.statuses.values())


@dataclass(frozen=True)
class RacePreset:
    """A race on a problem of its own: its data, its start and its settings, all fixed.

    Attributes
    ----------
    contestants : tuple of str
        The contestants, as :class:`Race` takes them.
    dataset : str
        A key of :data:`demo_core.datasets.DATASETS`.
    num_points, num_classes : int
        N and K of the data set; the model has 3K parameters.
    noise : float
        The data set's jitter.
    seed : int
        Seed of the data set and of the race.
    loss : str
        A key of :data:`demo_core.losses.LOSSES`.
    reg, step_size, search_scale, search_step : float
        As :class:`Race` takes them.
    """

    contestants: tuple[str, ...]
    dataset: str
    num_points: int
    num_classes: int
    noise: float
    seed: int
    loss: str
    reg: float
    step_size: float
    search_scale: float
    search_step: float

    @property
    def num_params(self) -> int:
        """How many numbers the search looks for: W (K, 2) and b (K,)."""
        return 3 * self.num_classes

    def problem(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The data X (N, 2), y (N,) and the start W = 0 (K, 2), b = 0 (K,): every score equal."""
        X, y = generate(self.dataset, self.num_points, self.num_classes, self.noise, self.seed)
        return X, y, np.zeros((self.num_classes, 2)), np.zeros(self.num_classes)

    def race(self, rules: RuleSpec | None = None, **settings: object) -> Race:
        """The preset's race, of its own contestants unless ``rules`` names others.

        ``settings`` are further keyword arguments of :class:`Race`, e.g. ``evaluations``;
        they override the preset's.
        """
        own = {
            "loss": self.loss, "reg": self.reg, "step_size": self.step_size, "seed": self.seed,
            "search_scale": self.search_scale, "search_step": self.search_step,
        }  # fmt: skip
        contestants = self.contestants if rules is None else rules
        return Race(*self.problem(), contestants, **{**own, **settings})


#: The races that make a point of the lecture, by key. ``"search_vs_slope"``: with 18
#: parameters (6 classes), following the slope leaves random search and random local search
#: behind, at the same number of evaluations of the loss.
PRESETS: dict[str, RacePreset] = {
    "search_vs_slope": RacePreset(
        contestants=("sgd", "momentum", "random", "local"), dataset="blobs", num_points=90,
        num_classes=6, noise=0.1, seed=1, loss="ww", reg=0.001, step_size=0.5,
        search_scale=1.0, search_step=0.1,
    ),
}  # fmt: skip
