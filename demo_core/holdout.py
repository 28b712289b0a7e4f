"""The hold-out split: which points are kept back as a test set, never to train on.

A fraction f of the N points, ``round(f * N)`` of them, is held out. Which ones follows from a
seeded random key per point, so that the split is the same every time for the same points,
and a point keeps its key when points are added after it or moved.
"""

from __future__ import annotations

import numpy as np

__all__ = ["MAX_HOLDOUT", "OVERFITTING_EXAMPLE", "SPLIT_SEED", "holdout_mask"]

#: The largest fraction of the points that may be held out: at least half of them train.
MAX_HOLDOUT = 0.5
#: The seed of the points' keys.
SPLIT_SEED = 2024


def holdout_mask(num_points: int, fraction: float, seed: int = SPLIT_SEED) -> np.ndarray:
    """Which of ``num_points`` points are held out as test points.

    Point i gets the key ``u_i``, the i-th number of ``default_rng(seed).random(N)``: the
    first N keys do not depend on N. The ``round(fraction * N)`` points of the lowest keys are
    test points (at most ``N - 1`` of them, so that one point at least trains).

    Parameters
    ----------
    num_points : int
        N >= 1.
    fraction : float
        The fraction held out, from 0 to :data:`MAX_HOLDOUT`.
    seed : int
        The seed of the keys.

    Returns
    -------
    ndarray of bool, shape (N,)
        True at the test points.

    Raises
    ------
    ValueError
        If ``fraction`` is not a number from 0 to :data:`MAX_HOLDOUT`, or N < 1.
    """
    if num_points < 1:
        raise ValueError(f"a split needs at least one point, got {num_points}")
    if not (np.isfinite(fraction) and 0.0 <= fraction <= MAX_HOLDOUT):
        raise ValueError(f"the hold-out fraction must be from 0 to {MAX_HOLDOUT}, got {fraction}")
    held = min(round(fraction * num_points), num_points - 1)
    mask = np.zeros(num_points, dtype=bool)
    if held:
        keys = np.random.default_rng(seed).random(num_points)
        mask[np.argsort(keys, kind="stable")[:held]] = True
    return mask


#: A problem that shows what λ is for: 30 noisy points of two classes, half of them held out.
#: Softmax with λ = 0 classifies every training point and 11 of the 15 test points, and its
#: test loss climbs while it trains on; from there, λ = 0.1 gives up one training point and
#: classifies all 15 test points (tests/test_holdout.py pins it). The keys are the settings
#: of the page's state.
OVERFITTING_EXAMPLE: dict[str, object] = {
    "dataset": "blobs", "n": 30, "k": 2, "noise": 0.3, "seed": 38, "holdout": 0.5,
    "loss": "softmax", "step_size": 1.0, "reg": 0.0,
}  # fmt: skip
