"""Shared helpers of the core's tests: problems, hinge kinks and polygon geometry."""

from __future__ import annotations

import numpy as np
from hypothesis import settings
from hypothesis import strategies as st

from demo_core.datasets import original
from demo_core.losses import LOSSES, LossResult, evaluate
from demo_core.model import original_params

LOSS_NAMES = tuple(LOSSES)
CLASS_COUNTS = tuple(range(2, 7))
BOX = (-1.0, 1.0, -1.0, 1.0)
BOX_AREA = 4.0

#: Hypothesis settings of the core's property tests: enough examples to find a counterexample
#: in each parametrized case, few enough that the whole suite stays fast.
MODERATE = settings(max_examples=15, deadline=None)

seeds = st.integers(min_value=0, max_value=2**32 - 1)


def defaults() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The original demo's data and parameters: X (9, 2), y (9,), W (3, 2), b (3,)."""
    X, y = original()
    W, b = original_params()
    return X, y, W, b


def evaluate_at_defaults(name: str, reg: float = 0.1) -> LossResult:
    """The loss ``name`` on the original demo's data and parameters (reg 0.1 as there)."""
    X, y, W, b = defaults()
    return evaluate(name, W, b, X, y, reg)


def random_problem(
    seed: int, num_points: int, num_classes: int, scale: float = 1.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A random problem: X uniform in the view box, W and b uniform in [-scale, scale)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, size=(num_points, 2))
    y = rng.integers(0, num_classes, size=num_points)
    W = rng.uniform(-scale, scale, size=(num_classes, 2))
    b = rng.uniform(-scale, scale, size=num_classes)
    return X, y, W, b


def kink_distance(name: str, S: np.ndarray, y: np.ndarray) -> float:
    """How far the scores ``S`` (N, K) are from the nearest kink of the loss ``name``.

    The hinge losses are piecewise linear in the scores; their gradient jumps where a hinge
    argument crosses 0 (WW: ``s_j - s_y + 1``; OvA: ``1 - t_j s_j``; structured: the margin
    ``max_{j != y} s_j - s_y + 1`` and the gap between the two highest rival scores, where the
    rival changes). Softmax is smooth: infinitely far from any kink.
    """
    n, k = S.shape
    rows = np.arange(n)
    correct = S[rows, y]
    rival = np.ones(S.shape, dtype=bool)
    rival[rows, y] = False
    if name == "ww":
        arguments = (S - correct[:, None] + 1.0)[rival]
    elif name == "ova":
        signs = np.where(rival, -1.0, 1.0)
        arguments = (1.0 - signs * S).ravel()
    elif name == "structured":
        rivals = np.sort(S[rival].reshape(n, k - 1), axis=1)
        arguments = rivals[:, -1] - correct + 1.0
        if k > 2:
            arguments = np.concatenate([arguments, rivals[:, -1] - rivals[:, -2]])
    else:
        return np.inf
    return float(np.min(np.abs(arguments)))


def shoelace_area(polygon: np.ndarray) -> float:
    """Signed area of a polygon (M, 2): positive when its vertices run counter-clockwise."""
    if len(polygon) == 0:
        return 0.0
    x, y = polygon[:, 0], polygon[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def inside_convex(polygon: np.ndarray, points: np.ndarray, tol: float = 1e-9) -> np.ndarray:
    """Whether each of ``points`` (P, 2) lies in the CCW convex ``polygon`` (M, 2) or on its edge.

    A point is inside when it is to the left of (or within ``tol`` of) every directed edge:
    the cross product ``edge x (point - edge start)`` is >= -tol times the edge's length.
    """
    inside = np.ones(len(points), dtype=bool)
    for start, end in zip(polygon, np.roll(polygon, -1, axis=0), strict=True):
        edge = end - start
        offset = points - start
        cross = edge[0] * offset[:, 1] - edge[1] * offset[:, 0]
        inside &= cross >= -tol * max(float(np.hypot(*edge)), 1.0)
    return inside
