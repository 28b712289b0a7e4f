r"""Ways to lower the loss: update rules, minibatch sampling and the two blind searches.

Update rules follow CS231n's formulation. Each keeps its own state (velocity, caches) and
shares one interface: ``update(params, grads, step_size) -> new params`` and ``reset()``,
where ``params`` and ``grads`` are tuples of arrays such as ``(W, b)`` with shapes
((K, D), (K,)). The inputs are never modified.

* SGD: :math:`\theta \leftarrow \theta - \eta g`
* Momentum: :math:`v \leftarrow \mu v - \eta g,\ \theta \leftarrow \theta + v`
* Nesterov: :math:`v' = \mu v - \eta g,\ \theta \leftarrow \theta - \mu v + (1 + \mu) v'`
* Adagrad: :math:`c \leftarrow c + g^2,\ \theta \leftarrow \theta - \eta g / (\sqrt{c} + \epsilon)`
* RMSProp: :math:`c \leftarrow \rho c + (1 - \rho) g^2`, then as Adagrad
* Adam: bias-corrected first and second moments with :math:`\beta_1, \beta_2`
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

__all__ = [
    "HYPERPARAMETERS",
    "RULES",
    "SEARCHES",
    "Adagrad",
    "Adam",
    "MinibatchSampler",
    "Momentum",
    "Nesterov",
    "RMSProp",
    "RandomLocalSearch",
    "RandomSearch",
    "SearchOutcome",
    "UpdateRule",
    "Vanilla",
    "make_rule",
]

Params = tuple[np.ndarray, ...]
_EPS = 1e-8


class UpdateRule:
    """Base of the update rules: a rule maps parameters and gradients to new parameters.

    Subclasses implement :meth:`_update` for one array, with ``slot`` the array's index in the
    tuple so that a rule can keep per-array state in ``self._state``.
    """

    #: Hyperparameters of the rule beyond the step size, with their defaults.
    hyperparameters: ClassVar[dict[str, float]] = {}

    def __init__(self, **hyperparameters: float) -> None:
        unknown = set(hyperparameters) - set(self.hyperparameters)
        if unknown:
            raise ValueError(f"{type(self).__name__} has no hyperparameter {sorted(unknown)}")
        self.settings = {**self.hyperparameters, **hyperparameters}
        self.reset()

    def reset(self) -> None:
        """Forget the accumulated state (velocities, caches, step count)."""
        self._state: dict[int, dict[str, np.ndarray]] = {}
        self.steps = 0

    def update(self, params: Params, grads: Params, step_size: float) -> Params:
        """Return the parameters after one update with learning rate ``step_size``."""
        self.steps += 1
        return tuple(
            self._update(slot, p, g, step_size)
            for slot, (p, g) in enumerate(zip(params, grads, strict=True))
        )

    def _slot(self, slot: int, shape: tuple[int, ...], *names: str) -> dict[str, np.ndarray]:
        """State arrays of one parameter, created as zeros; recreated if the shape changed."""
        state = self._state.get(slot)
        if state is None or next(iter(state.values())).shape != shape:
            state = {name: np.zeros(shape) for name in names}
            self._state[slot] = state
        return state

    def _update(self, slot: int, p: np.ndarray, g: np.ndarray, lr: float) -> np.ndarray:
        raise NotImplementedError


class Vanilla(UpdateRule):
    """Plain gradient descent, as in the original demo."""

    def _update(self, slot: int, p: np.ndarray, g: np.ndarray, lr: float) -> np.ndarray:
        return p - lr * g


class Momentum(UpdateRule):
    """Momentum: a velocity that accumulates the gradients, damped by ``mu``."""

    hyperparameters: ClassVar[dict[str, float]] = {"mu": 0.9}

    def _update(self, slot: int, p: np.ndarray, g: np.ndarray, lr: float) -> np.ndarray:
        state = self._slot(slot, p.shape, "v")
        state["v"] = self.settings["mu"] * state["v"] - lr * g
        return p + state["v"]


class Nesterov(UpdateRule):
    """Nesterov momentum, in the form that needs the gradient at the current point only."""

    hyperparameters: ClassVar[dict[str, float]] = {"mu": 0.9}

    def _update(self, slot: int, p: np.ndarray, g: np.ndarray, lr: float) -> np.ndarray:
        mu = self.settings["mu"]
        state = self._slot(slot, p.shape, "v")
        previous = state["v"]
        state["v"] = mu * previous - lr * g
        return p - mu * previous + (1 + mu) * state["v"]


class Adagrad(UpdateRule):
    """Adagrad: per-parameter step sizes shrink with the sum of squared gradients."""

    def _update(self, slot: int, p: np.ndarray, g: np.ndarray, lr: float) -> np.ndarray:
        state = self._slot(slot, p.shape, "cache")
        state["cache"] = state["cache"] + g * g
        return p - lr * g / (np.sqrt(state["cache"]) + _EPS)


class RMSProp(UpdateRule):
    """RMSProp: like Adagrad, with a leaky average of squared gradients (``decay``)."""

    hyperparameters: ClassVar[dict[str, float]] = {"decay": 0.99}

    def _update(self, slot: int, p: np.ndarray, g: np.ndarray, lr: float) -> np.ndarray:
        decay = self.settings["decay"]
        state = self._slot(slot, p.shape, "cache")
        state["cache"] = decay * state["cache"] + (1 - decay) * g * g
        return p - lr * g / (np.sqrt(state["cache"]) + _EPS)


class Adam(UpdateRule):
    """Adam: momentum (``beta1``) and RMSProp scaling (``beta2``), both bias-corrected."""

    hyperparameters: ClassVar[dict[str, float]] = {"beta1": 0.9, "beta2": 0.999}

    def _update(self, slot: int, p: np.ndarray, g: np.ndarray, lr: float) -> np.ndarray:
        beta1, beta2 = self.settings["beta1"], self.settings["beta2"]
        state = self._slot(slot, p.shape, "m", "v")
        state["m"] = beta1 * state["m"] + (1 - beta1) * g
        state["v"] = beta2 * state["v"] + (1 - beta2) * g * g
        m_hat = state["m"] / (1 - beta1**self.steps)
        v_hat = state["v"] / (1 - beta2**self.steps)
        return p - lr * m_hat / (np.sqrt(v_hat) + _EPS)


RULES: dict[str, tuple[str, type[UpdateRule]]] = {
    "sgd": ("SGD", Vanilla),
    "momentum": ("Momentum", Momentum),
    "nesterov": ("Nesterov", Nesterov),
    "adagrad": ("Adagrad", Adagrad),
    "rmsprop": ("RMSProp", RMSProp),
    "adam": ("Adam", Adam),
}

#: Every rule's hyperparameters with their defaults: ``{"mu": 0.9, "decay": 0.99, ...}``.
HYPERPARAMETERS: dict[str, float] = {
    name: value for _label, rule in RULES.values() for name, value in rule.hyperparameters.items()
}


def make_rule(name: str, **hyperparameters: float) -> UpdateRule:
    """Create the update rule of a key of :data:`RULES`, e.g. ``make_rule("adam", beta1=0.8)``."""
    if name not in RULES:
        raise ValueError(f"unknown update rule {name!r}; choose one of {', '.join(RULES)}")
    return RULES[name][1](**hyperparameters)


class MinibatchSampler:
    """Draws the indices of a minibatch, without replacement within a batch.

    Parameters
    ----------
    num_points : int
        N, the size of the data set.
    batch_size : int
        B, from 1 to N; B = N gives the full batch ``0 .. N-1`` in order.
    rng : numpy.random.Generator
        The seeded source of randomness.
    """

    def __init__(self, num_points: int, batch_size: int, rng: np.random.Generator) -> None:
        if not 1 <= batch_size <= num_points:
            raise ValueError(f"batch size must be between 1 and {num_points}, got {batch_size}")
        self.num_points = num_points
        self.batch_size = batch_size
        self.rng = rng
        self._everything = np.arange(num_points)

    @property
    def full_batch(self) -> bool:
        """Whether every batch is the whole data set."""
        return self.batch_size == self.num_points

    def sample(self) -> np.ndarray:
        """Indices of the next batch: an int array of shape (B,)."""
        if self.full_batch:
            return self._everything
        return np.sort(self.rng.choice(self.num_points, size=self.batch_size, replace=False))


Objective = Callable[[np.ndarray, np.ndarray], float]


@dataclass
class SearchOutcome:
    """What one step of a blind search did.

    Attributes
    ----------
    W : ndarray, shape (K, D)
        The parameters kept after this step.
    b : ndarray, shape (K,)
    loss : float
        The objective at the kept parameters.
    accepted : bool
        Whether the candidate of this step was kept.
    """

    W: np.ndarray
    b: np.ndarray
    loss: float
    accepted: bool


@dataclass
class RandomSearch:
    """Strategy 1 of the lecture: try random parameters and keep the best seen.

    Each step draws ``W, b`` with entries from a normal distribution of standard deviation
    ``scale``, independently of where it stands.
    """

    scale: float = 1.0
    tries: int = 0
    best_loss: float = field(default=np.inf)

    def step(
        self, objective: Objective, W: np.ndarray, b: np.ndarray, rng: np.random.Generator
    ) -> SearchOutcome:
        """Try one random candidate; keep it if it beats ``objective(W, b)`` and the best so far."""
        self.tries += 1
        self.best_loss = min(self.best_loss, objective(W, b))
        W_try = self.scale * rng.standard_normal(W.shape)
        b_try = self.scale * rng.standard_normal(b.shape)
        return _keep_if_better(self, objective, W, b, W_try, b_try)


@dataclass
class RandomLocalSearch:
    """Random local search: perturb the current parameters, keep the result if the loss drops.

    The perturbation has entries from a normal distribution of standard deviation ``step_size``.
    """

    step_size: float = 0.1
    tries: int = 0
    best_loss: float = field(default=np.inf)

    def step(
        self, objective: Objective, W: np.ndarray, b: np.ndarray, rng: np.random.Generator
    ) -> SearchOutcome:
        """Try one perturbation of ``(W, b)``; keep it if the objective drops."""
        self.tries += 1
        self.best_loss = min(self.best_loss, objective(W, b))
        W_try = W + self.step_size * rng.standard_normal(W.shape)
        b_try = b + self.step_size * rng.standard_normal(b.shape)
        return _keep_if_better(self, objective, W, b, W_try, b_try)


def _keep_if_better(
    search: RandomSearch | RandomLocalSearch,
    objective: Objective,
    W: np.ndarray,
    b: np.ndarray,
    W_try: np.ndarray,
    b_try: np.ndarray,
) -> SearchOutcome:
    """Keep the candidate if its loss is finite and lower than the best so far."""
    loss = objective(W_try, b_try)
    if np.isfinite(loss) and loss < search.best_loss:
        search.best_loss = loss
        return SearchOutcome(W_try, b_try, loss, accepted=True)
    return SearchOutcome(W, b, search.best_loss, accepted=False)


SEARCHES: dict[str, str] = {
    "gradient": "Follow the gradient",
    "random": "Random search",
    "local": "Random local search",
}
