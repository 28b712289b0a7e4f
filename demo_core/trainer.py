"""One training run: data, parameters, settings, history and divergence detection.

:class:`Trainer` is what the app drives. Its settings can be changed between steps; any
change that is not a step (new data, new parameters, another loss or regularization) makes
the cached evaluation stale and starts a new reference for divergence detection.
"""

from __future__ import annotations

import copy
from collections import deque
from typing import NamedTuple

import numpy as np

from demo_core.features import canonical, expand, input_names
from demo_core.holdout import holdout_mask
from demo_core.losses import (
    LOSSES,
    Batch,
    LossResult,
    evaluate_batch,
    evaluate_params,
    pack_params,
    point_gradient_norms,
)
from demo_core.model import accuracy
from demo_core.optim import (
    SEARCHES,
    MinibatchSampler,
    RandomLocalSearch,
    RandomSearch,
    UpdateRule,
    make_rule,
)
from demo_core.validation import check_data, check_params, check_reg

__all__ = ["DIVERGED", "RUNNING", "Record", "Trainer"]

RUNNING = "ok"
DIVERGED = "diverged"

#: Parameters of a larger norm, or a larger loss, count as diverged.
MAX_PARAM = 1e6
MAX_LOSS = 1e12
#: A total loss above ``GROWTH_LIMIT * (lowest loss since the last change + 1)`` counts as diverged.
GROWTH_LIMIT = 20.0
#: How many recent parameters :attr:`Trainer.trail` keeps.
TRAIL_SIZE = 200


class Record(NamedTuple):
    """One row of the history: the state after a step.

    ``batch_loss`` is the total loss on the step's (mini)batch before the update, i.e. what
    the step followed; the other losses and the accuracy are on the training points after
    the update: all of them, unless some are held out. ``test_loss`` (the mean :math:`L_i`,
    without regularization) and ``test_accuracy`` are on the held-out points after the
    update; NaN when none are held out.
    """

    step: int
    data_loss: float
    reg_loss: float
    total_loss: float
    accuracy: float
    batch_loss: float
    test_loss: float
    test_accuracy: float


class Trainer:
    """A linear classifier being trained, one :meth:`step` at a time.

    Parameters
    ----------
    X : array_like, shape (N, 2)
        The points: their coordinates. The model sees them with their features.
    y : array_like of int, shape (N,)
        Labels in ``0 .. K-1``, where K is ``W.shape[0]``.
    holdout : float
        The fraction of the points held out as a test set, from 0 to
        :data:`demo_core.holdout.MAX_HOLDOUT` (:func:`demo_core.holdout.holdout_mask` picks
        them). Held-out points never train: the data loss, its gradient, the minibatches, the
        searches and the accuracy are on the others.
    W : array_like, shape (K, D) or (K, 2)
        D = 2 + F for F features. Of shape (K, 2), the weights of the features start at 0.
    b : array_like, shape (K,)
    loss : str
        A key of :data:`demo_core.losses.LOSSES`.
    reg : float
        L2 regularization strength, >= 0.
    step_size : float
        The learning rate, > 0.
    rule : str
        A key of :data:`demo_core.optim.RULES`.
    batch_size : int or None
        Minibatch size B from 1 to N; ``None`` means the full batch.
    seed : int
        Seed of the generator used by minibatches and the searches.
    strategy : str
        A key of :data:`demo_core.optim.SEARCHES`: follow the gradient, or search blindly.
    history_size : int
        How many records the history keeps; older ones fall off.
    features : iterable of str
        Keys of :data:`demo_core.features.FEATURES`: the features of a point that the model
        sees besides its coordinates; none by default (see :meth:`set_features`).

    Attributes
    ----------
    trail : deque of (ndarray, ndarray)
        Copies of ``(W, b)`` after each of the last :data:`TRAIL_SIZE` steps, oldest first;
        emptied by any change that is not a step, e.g. for the loss landscape's trajectory.
    timeline : deque of (int, ndarray)
        The timeline: the step count and the packed parameters ``[W | b].T`` (D + 1, K) before the
        first step of the history and after each step, as many as the history holds plus
        one, oldest first. :meth:`rewind` goes back (and forward again) along it; a step
        taken from an earlier point of it branches the run there.
    """

    def __init__(
        self,
        X: object,
        y: object,
        W: object,
        b: object,
        *,
        loss: str = "ww",
        reg: float = 0.1,
        step_size: float = 0.1,
        rule: str = "sgd",
        batch_size: int | None = None,
        seed: int = 0,
        strategy: str = "gradient",
        history_size: int = 2000,
        holdout: float = 0.0,
        features: tuple[str, ...] = (),
    ) -> None:
        self._features = canonical(features)
        self._set_params(pack_params(*self._checked_params(W, b)))
        self.rng = np.random.default_rng(seed)
        self._batch_size = batch_size
        self._load(X, y, self.num_classes, holdout)
        self.trail: deque[tuple[np.ndarray, np.ndarray]] = deque(maxlen=TRAIL_SIZE)
        self.random_search = RandomSearch()
        self.local_search = RandomLocalSearch()
        self.loss = loss
        self.reg = reg
        self.step_size = step_size
        self.rule: UpdateRule = make_rule(rule)
        self._rule_name = rule
        self.strategy = strategy
        self.history: deque[Record] = deque(maxlen=history_size)
        self.timeline: deque[tuple[int, np.ndarray]] = deque(maxlen=history_size + 1)
        self.steps = 0
        self.status = RUNNING
        self._evaluation: tuple[LossResult, np.ndarray] | None = None
        self._reference: float | None = None

    # -- settings -------------------------------------------------------------------------

    @property
    def loss(self) -> str:
        """The loss's key in :data:`demo_core.losses.LOSSES`."""
        return self._loss

    @loss.setter
    def loss(self, name: str) -> None:
        if name not in LOSSES:
            raise ValueError(f"unknown loss {name!r}; choose one of {', '.join(LOSSES)}")
        self._loss = name
        self._changed()

    @property
    def reg(self) -> float:
        """L2 regularization strength lambda, >= 0."""
        return self._reg

    @reg.setter
    def reg(self, value: float) -> None:
        self._reg = check_reg(value)
        self._changed()

    @property
    def step_size(self) -> float:
        """The learning rate, > 0."""
        return self._step_size

    @step_size.setter
    def step_size(self, value: float) -> None:
        if not (np.isfinite(value) and value > 0):
            raise ValueError(f"step size must be a finite number > 0, got {value}")
        self._step_size = float(value)

    @property
    def strategy(self) -> str:
        """How a step moves: ``"gradient"``, ``"random"`` or ``"local"``."""
        return self._strategy

    @strategy.setter
    def strategy(self, name: str) -> None:
        if name not in SEARCHES:
            raise ValueError(f"unknown strategy {name!r}; choose one of {', '.join(SEARCHES)}")
        self._strategy = name

    def set_rule(self, name: str, **hyperparameters: float) -> None:
        """Switch to a fresh update rule (its state starts from zero); W and b are kept."""
        self.rule = make_rule(name, **hyperparameters)
        self._rule_name = name

    def configure(
        self,
        *,
        loss: str,
        reg: float,
        step_size: float,
        strategy: str,
        rule: str,
        hyperparameters: dict[str, float],
        batch_size: int | None,
        search_scale: float,
        search_step: float,
        holdout: float = 0.0,
    ) -> bool:
        """Take all the settings at once; only those that differ from the current ones apply.

        A new ``rule`` or new ``hyperparameters`` start a fresh rule (see :meth:`set_rule`).

        Returns
        -------
        bool
            Whether the loss that :attr:`result` reports changes: a new loss, λ, minibatch
            size or hold-out fraction.
        """
        changes_model = (loss, reg, batch_size, holdout) != (
            self._loss, self._reg, self._batch_size, self._holdout
        )  # fmt: skip
        if holdout != self._holdout:
            self.holdout = holdout
        if loss != self._loss:
            self.loss = loss
        if reg != self._reg:
            self.reg = reg
        if batch_size != self._batch_size:
            self.batch_size = batch_size
        if (rule, hyperparameters) != (self._rule_name, self.rule.settings):
            self.set_rule(rule, **hyperparameters)
        self.step_size = step_size
        self.strategy = strategy
        self.random_search.scale = search_scale
        self.local_search.step_size = search_step
        return changes_model

    @property
    def holdout(self) -> float:
        """The fraction of the points held out as a test set."""
        return self._holdout

    @holdout.setter
    def holdout(self, fraction: float) -> None:
        self._load(self._points, self._data.y, self.num_classes, fraction)
        self._changed()

    @property
    def batch_size(self) -> int:
        """Minibatch size B, from 1 to the number of training points."""
        return self._sampler.batch_size

    @property
    def full_batch(self) -> bool:
        """Whether a step of the gradient uses every point."""
        return self._sampler.full_batch

    @batch_size.setter
    def batch_size(self, value: int | None) -> None:
        self._batch_size = value
        self._sampler = self._make_sampler()

    def _make_sampler(self) -> MinibatchSampler:
        """A sampler of the training points for the requested batch size.

        The size is clamped to their number (``None`` means all of them); the sampler draws
        positions in :attr:`train_index`.
        """
        requested = self.num_train if self._batch_size is None else self._batch_size
        size = min(requested, self.num_train)
        return MinibatchSampler(self.num_train, size, self.rng)

    # -- data and parameters --------------------------------------------------------------

    @property
    def X(self) -> np.ndarray:
        """The points, shape (N, 2). Read-only: change them with :meth:`set_data`."""
        return self._points

    @property
    def inputs(self) -> np.ndarray:
        """What the model sees of each point, shape (N, D): ``expand(X, features)``.

        The same array as :attr:`X` while no feature is on.
        """
        return self._data.X

    @property
    def features(self) -> tuple[str, ...]:
        """The keys of the features on, in the order of :data:`demo_core.features.FEATURES`."""
        return self._features

    @property
    def feature_names(self) -> list[str]:
        """The names of the D inputs, e.g. ``["x0", "x1", "x0²"]``, for labels."""
        return input_names(self._features)

    @property
    def dim(self) -> int:
        """D, the number of inputs of the model: 2 and one per feature."""
        return 2 + len(self._features)

    def set_features(self, keys: tuple[str, ...] | list[str]) -> None:
        """Let the model see the features ``keys`` (of FEATURES) besides the coordinates.

        The weights of the inputs kept keep their values, those of new features start at 0
        (so the scores, and the boundaries, do not move) and those of features dropped go; b
        is kept. The timeline and the trail, whose parameters have another shape, are
        emptied, and the update rule starts afresh.

        Raises
        ------
        ValueError
            For a key that names no feature; nothing changes then.
        """
        chosen = canonical(keys)
        if chosen == self._features:
            return
        was = dict(zip(input_names(self._features), self._W.T, strict=True))
        names = input_names(chosen)
        W = np.zeros((self.num_classes, len(names)))
        for d, name in enumerate(names):
            if name in was:
                W[:, d] = was[name]
        self._features = chosen
        self._set_params(pack_params(W, self._b.copy()))
        inputs = expand(self._points, chosen)
        self._data = Batch.of_valid(inputs, self._data.y, self.num_classes, self._data.weights)
        self.timeline.clear()
        self.rule.reset()
        self._changed()

    def _checked_params(self, W: object, b: object) -> tuple[np.ndarray, np.ndarray]:
        """W (K, D) and b (K,) checked; W of shape (K, 2) gets zero weights for the features."""
        W, b = check_params(W, b)
        if W.shape[1] == 2 < self.dim:
            W = np.hstack([W, np.zeros((W.shape[0], self.dim - 2))])
        if W.shape[1] != self.dim:
            raise ValueError(f"W must have D = {self.dim} columns, or 2, got {W.shape}")
        return W, b

    @property
    def y(self) -> np.ndarray:
        """The labels, shape (N,)."""
        return self._data.y

    @property
    def num_points(self) -> int:
        """N, the training and the test points together."""
        return self._data.X.shape[0]

    @property
    def test_mask(self) -> np.ndarray:
        """Which points are held out as a test set: bool, shape (N,)."""
        return self._test_mask

    @property
    def train_index(self) -> np.ndarray:
        """The indices of the training points, ascending: int, shape (N_train,)."""
        return self._train_index

    @property
    def num_train(self) -> int:
        """N_train, the points that train."""
        return self._train_index.shape[0]

    @property
    def num_test(self) -> int:
        """The number of points held out."""
        return self.num_points - self.num_train

    def training_points(self) -> tuple[np.ndarray, np.ndarray]:
        """The training points (N_train, 2) and their labels (N_train,), e.g. for the race."""
        index = self._train_index
        return self._points[index], self._data.y[index]

    def training_inputs(self) -> tuple[np.ndarray, np.ndarray]:
        """What the model sees of the training points (N_train, D), and their labels.

        The inputs of :attr:`inputs` for the loss that the steps follow, e.g. for the lab.
        """
        index = self._train_index
        return self._data.X[index], self._data.y[index]

    @property
    def num_classes(self) -> int:
        """K."""
        return self._params.shape[1]

    @property
    def W(self) -> np.ndarray:
        """The weights, shape (K, D). Read-only: change them with :meth:`set_params`."""
        return self._W

    @property
    def b(self) -> np.ndarray:
        """The biases, shape (K,). Read-only: change them with :meth:`set_params`."""
        return self._b

    def _set_params(self, params: np.ndarray) -> None:
        """Adopt ``params`` = ``[W | b].T`` (D + 1, K), which nothing changes in place afterwards.

        The trainer keeps W and b packed in one array, so that an update of the rule is one
        operation on one array; :attr:`W` and :attr:`b` are views of it.
        """
        dim = params.shape[0] - 1
        self._params, self._W, self._b = params, params[:dim].T, params[dim]

    def _load(self, X: object, y: object, num_classes: int, holdout: float | None = None) -> None:
        """Validate the points and labels, hold out a fraction of them, and keep them.

        ``holdout``: the new fraction; None keeps :attr:`holdout`.

        Raises ValueError, changing nothing, for invalid data or an invalid fraction. With
        points held out, the batch weighs each training point ``1 / N_train`` and each test
        point 0, so that one evaluation gives the training loss and every point's
        :math:`L_i`.
        """
        X, y = check_data(X, y, num_classes)
        holdout = self._holdout if holdout is None else float(holdout)
        mask = holdout_mask(y.shape[0], holdout)
        train = np.flatnonzero(~mask)
        weights = None
        if train.shape[0] < y.shape[0]:
            weights = np.zeros(y.shape[0])
            weights[train] = 1.0 / train.shape[0]
        self._points = X
        self._data = Batch.of_valid(expand(X, self._features), y, num_classes, weights)
        self._holdout, self._test_mask, self._train_index = holdout, mask, train
        self._sampler = self._make_sampler()
        self.last_batch = train

    def set_data(self, X: object, y: object) -> None:
        """Replace the points X (N, 2) and labels; these must lie in ``0 .. K-1``."""
        self._load(X, y, self.num_classes)
        self._changed()

    def set_params(self, W: object, b: object) -> None:
        """Replace W (K, D) and b (K,) with the same K; this also clears a divergence.

        W of shape (K, 2) sets the weights of the coordinates, and those of the features to 0.
        """
        W, b = self._checked_params(W, b)
        if W.shape[0] != self.num_classes:
            raise ValueError(
                f"W must keep K = {self.num_classes} classes; use set_problem to change K"
            )
        self._set_params(pack_params(W, b))
        self.status = RUNNING
        self._changed()

    def set_problem(self, X: object, y: object, W: object, b: object) -> None:
        """Replace data and parameters at once, e.g. for a data set with another K.

        X (N, 2) are the points; W is (K, D), or (K, 2) as for :meth:`set_params`.
        """
        W, b = self._checked_params(W, b)
        self._load(X, y, W.shape[0])
        self._set_params(pack_params(W, b))
        self.timeline.clear()  # its parameters belong to another problem, maybe another K
        self.rule.reset()
        self.status = RUNNING
        self._changed()

    def _changed(self) -> None:
        """Forget the cached evaluation, the divergence reference and the searches' best loss.

        A best loss seen before the change belongs to another objective or another starting
        point: compared with it, a search would accept nothing, or accept a worse candidate.
        """
        self._evaluation = None
        self._reference = None
        self.trail.clear()
        self.random_search.best_loss = np.inf
        self.local_search.best_loss = np.inf

    # -- evaluation -----------------------------------------------------------------------

    @property
    def result(self) -> LossResult:
        """Loss, scores and gradients on the whole data set at the current parameters."""
        return self._evaluate()[0]

    def _evaluate(self) -> tuple[LossResult, np.ndarray]:
        """The result and the packed gradient at the current parameters, computed once."""
        if self._evaluation is None:
            self._evaluation = evaluate_params(self._loss, self._params, self._data, self._reg)
        return self._evaluation

    @property
    def accuracy(self) -> float:
        """Fraction of the training points whose highest score is their label's.

        See ``model.accuracy``; the test points' is :meth:`test_metrics`'s.
        """
        return self._train_accuracy(self.result)

    def _train_accuracy(self, result: LossResult) -> float:
        if self._data.weights is None:
            return accuracy(result.scores, self._data.y)
        index = self._train_index
        return accuracy(result.scores[index], self._data.y[index])

    def test_metrics(self, result: LossResult | None = None) -> tuple[float, float]:
        r"""The test loss and test accuracy: on the held-out points, which never train.

        Parameters
        ----------
        result : LossResult or None
            An evaluation on every point; None for the current parameters' (:attr:`result`).

        Returns
        -------
        test_loss : float
            The mean :math:`L_i` over the held-out points, without regularization: the data
            loss a point the model never trained on gets. NaN if none are held out.
        test_accuracy : float
            The fraction of them classified correctly; NaN if none are held out.
        """
        mask = self._test_mask
        if not self.num_test:
            return np.nan, np.nan
        result = self.result if result is None else result
        test_loss = float(np.mean(result.per_point[mask]))
        return test_loss, accuracy(result.scores[mask], self._data.y[mask])

    def point_gradient_norms(self) -> np.ndarray:
        r"""The length :math:`\|\nabla_\theta L_i\|` of each point's own gradient, shape (N,).

        At the current parameters, without the regularization (which is no point's); see
        :func:`demo_core.losses.point_gradient_norms`. Exactly 0 at the held-out points,
        which take no part in a step.
        """
        norms = point_gradient_norms(self._loss, self._params, self._data)[1]
        norms[self._test_mask] = 0.0
        return norms

    def objective(self, W: np.ndarray, b: np.ndarray) -> float:
        """Total loss on the training points at ``(W, b)``, for the searches and checks."""
        return evaluate_batch(self._loss, W, b, self._data, self._reg).total_loss

    # -- training -------------------------------------------------------------------------

    def step(self) -> bool:
        """Take one step of the current strategy.

        Returns
        -------
        bool
            ``True`` if a step was taken; ``False`` if the run has diverged (then nothing
            changes until the parameters are set again).
        """
        if self.status == DIVERGED:
            return False
        self._branch()
        if not self.timeline:
            self.timeline.append((self.steps, self._params.copy()))
        before = self._evaluate()
        reference = before[0].total_loss if self._reference is None else self._reference
        if self._strategy == "gradient":
            params, batch_loss = self._gradient_step(before)
        else:
            search = self.random_search if self._strategy == "random" else self.local_search
            outcome = search.step(self.objective, self._W, self._b, self.rng)
            params, batch_loss = pack_params(outcome.W, outcome.b), before[0].total_loss
            self.last_batch = self._train_index
        evaluation = evaluate_params(self._loss, params, self._data, self._reg)
        after = evaluation[0]
        if self._diverges(params, after.total_loss, reference):
            self.status = DIVERGED
            return False
        self._set_params(params)
        self._evaluation = evaluation
        self._reference = min(reference, after.total_loss)
        self.steps += 1
        self.trail.append((self._W.copy(), self._b.copy()))
        self.timeline.append((self.steps, params.copy()))
        self.history.append(
            Record(self.steps, after.data_loss, after.reg_loss, after.total_loss,
                   self._train_accuracy(after), batch_loss, *self.test_metrics(after))
        )  # fmt: skip
        return True

    def _gradient_step(self, full: tuple[LossResult, np.ndarray]) -> tuple[np.ndarray, float]:
        """One update of the rule on a sampled minibatch (the cached full result if B = N).

        Returns the new packed parameters and the total loss on the minibatch.
        """
        self.last_batch, params, batch_loss = self._update(full, self._sampler, self.rule)
        return params, batch_loss

    def _update(
        self, full: tuple[LossResult, np.ndarray], sampler: MinibatchSampler, rule: UpdateRule
    ) -> tuple[np.ndarray, np.ndarray, float]:
        """The minibatch that ``sampler`` draws, and ``rule``'s update of the parameters on it.

        Returns the minibatch's indices (B,), the new packed parameters (D + 1, K) and the total
        loss on the minibatch; ``full`` is the evaluation on every training point, used when
        B = N_train.
        """
        index = self._train_index[sampler.sample()]
        if sampler.full_batch:
            result, grad = full
        else:
            minibatch = self._data.subset(index)
            result, grad = evaluate_params(self._loss, self._params, minibatch, self._reg)
        (params,) = rule.update((self._params,), (grad,), self._step_size)
        return index, params, result.total_loss

    def next_params(self) -> tuple[np.ndarray, np.ndarray] | None:
        """W (K, D) and b (K,) after the next gradient step, without taking it.

        The step of the current rule, with its velocities or caches, on the minibatch that the
        next :meth:`step` will draw: both are worked out on copies, so nothing here changes
        the run. None when the next step does not follow the gradient (a search tries random
        parameters) or the run has diverged.
        """
        if self._strategy != "gradient" or self.status == DIVERGED:
            return None
        sampler = copy.copy(self._sampler)
        sampler.rng = copy.deepcopy(self.rng)
        _index, params, _loss = self._update(self._evaluate(), sampler, copy.deepcopy(self.rule))
        return params[:-1].T, params[-1]

    @staticmethod
    def _diverges(params: np.ndarray, loss: float, reference: float) -> bool:
        """Whether the new state is non-finite, huge, or far above the run's lowest loss."""
        size = np.vdot(params, params)  # the squared norm of W and b together
        # Written so that NaN fails every comparison and so counts as diverged.
        healthy = size <= MAX_PARAM**2 and loss <= min(MAX_LOSS, GROWTH_LIMIT * (reference + 1.0))
        return not healthy

    # -- the timeline ---------------------------------------------------------------------

    def rewind(self, step: int) -> None:
        """Show the parameters the run had after ``step`` (0: before its first step).

        The history and the timeline are kept, so that a later step of them can be shown
        again; the next :meth:`step` branches the run from here: it forgets what came after
        and starts the update rule's state afresh (its momentum belongs to the other branch).

        Raises
        ------
        ValueError
            If the timeline does not hold ``step``; the message gives the steps it holds.
        """
        found = [params for shown, params in self.timeline if shown == step]
        if not found:
            held = f"{self.timeline[0][0]} to {self.timeline[-1][0]}" if self.timeline else "none"
            raise ValueError(f"step {step} is not in the timeline, which holds steps {held}")
        self._set_params(found[0].copy())
        self.steps = step
        self.status = RUNNING
        self._changed()

    def _branch(self) -> None:
        """Forget the steps after the one shown, if the run was rewound to an earlier one."""
        if not self.timeline or self.timeline[-1][0] <= self.steps:
            return
        while self.timeline and self.timeline[-1][0] > self.steps:
            self.timeline.pop()
        while self.history and self.history[-1].step > self.steps:
            self.history.pop()
        self.rule.reset()

    def clear_history(self) -> None:
        """Empty the history, the trail and the timeline and restart the step count."""
        self.history.clear()
        self.trail.clear()
        self.timeline.clear()
        self.steps = 0
