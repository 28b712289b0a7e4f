"""A race of update rules: 2 to 4 rules trained side by side from the same start.

Every rule gets its own :class:`demo_core.trainer.Trainer` with the same data, starting
parameters, loss, regularization, step size and batch size, and a generator seeded with the
same seed. A trainer's generator serves only its minibatch sampler, and the sampler draws once
per step whatever the rule, so every rule sees the same sequence of minibatches, step by step.

The step size is shared by the whole race, so that the rules are compared at the same
learning rate; each rule's own hyperparameters (``mu``, ``beta1`` ...) can be set per rule.
A rule that diverges stops where it stands, with status ``"diverged"``, while the others go on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence

import numpy as np

from demo_core.optim import RULES
from demo_core.trainer import DIVERGED, RUNNING, Trainer
from demo_core.validation import check_params

__all__ = ["MAX_RULES", "MIN_RULES", "Race"]

MIN_RULES = 2
MAX_RULES = 4

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
    unknown = [name for name in names if name not in RULES]
    if unknown:
        raise ValueError(f"unknown update rule {unknown[0]!r}; choose from {', '.join(RULES)}")
    return settings


class Race:
    """Several update rules trained side by side, one :meth:`step` at a time.

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
        2 to 4 distinct keys of :data:`demo_core.optim.RULES`, e.g. ``["sgd", "adam"]``, or a
        mapping from each key to its hyperparameters, e.g. ``{"sgd": {}, "momentum":
        {"mu": 0.5}}``. The order is kept.
    loss : str
        A key of :data:`demo_core.losses.LOSSES`.
    reg : float
        L2 regularization strength, >= 0.
    step_size : float
        The learning rate shared by every rule, > 0.
    batch_size : int or None
        Minibatch size B (clamped to N); ``None`` means the full batch.
    seed : int
        Seed of every rule's minibatch sampler: all rules see the same minibatches.
    history_size : int
        How many total losses each history keeps; older ones fall off.

    Raises
    ------
    ValueError
        For fewer than 2 or more than 4 rules, a repeated or unknown rule, an unknown
        hyperparameter, or any setting the :class:`~demo_core.trainer.Trainer` rejects.
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
    ) -> None:
        self._settings = _check_rules(rules)
        self._start = check_params(W, b)
        common = {"loss": loss, "reg": reg, "step_size": step_size, "batch_size": batch_size}
        self._trainers = {
            name: Trainer(X, y, *self._start, **common, seed=seed, history_size=history_size)
            for name in self._settings
        }
        for name, trainer in self._trainers.items():
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

    def step(self) -> dict[str, bool]:
        """Advance every rule that has not diverged by one step.

        Returns
        -------
        dict of str to bool
            For each rule, whether it took a step (``False`` once it has diverged).
        """
        taken = {name: trainer.step() for name, trainer in self._trainers.items()}
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
