"""The four losses: known values at the original defaults, properties, and vectorization."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers_core import (
    CLASS_COUNTS,
    LOSS_NAMES,
    MODERATE,
    defaults,
    evaluate_at_defaults,
    kink_distance,
    random_problem,
    seeds,
)
from hypothesis import assume, given
from hypothesis import strategies as st

from demo_core.losses import Batch, evaluate, evaluate_batch, evaluate_params, pack_params

# Scores at the defaults, s = W x + b with W = [[1, 2], [2, -4], [3, -1]], b = [0, 0.5, -0.5]:
#   point 0, x = (0.5, 0.4),   y = 0: s = (0.5 + 0.8, 1.0 - 1.6 + 0.5, 1.5 - 0.4 - 0.5)
#                                     = (1.3, -0.1, 0.6)
#   point 4, x = (-0.3, 0.7),  y = 1: s = (-0.3 + 1.4, -0.6 - 2.8 + 0.5, -0.9 - 0.7 - 0.5)
#                                     = (1.1, -2.9, -2.1)
#   point 8, x = (-0.4, -0.5), y = 2: s = (-0.4 - 1.0, -0.8 + 2.0 + 0.5, -1.2 + 0.5 - 0.5)
#                                     = (-1.4, 1.7, -1.2)
HAND_SCORES = {0: (1.3, -0.1, 0.6), 4: (1.1, -2.9, -2.1), 8: (-1.4, 1.7, -1.2)}

KNOWN = {  # loss: (data loss, total loss) at the defaults, reg = 0.1
    "ww": (2.7667, 6.2667),
    "ova": (4.0222, 7.5222),
    "structured": (2.3667, 5.8667),
    "softmax": (1.8366, 5.3366),
}

HAND_PER_POINT = {
    "ova": {
        # t = (+1, -1, -1): max(0, 1 - 1.3) + max(0, 1 - 0.1) + max(0, 1 + 0.6) = 0 + 0.9 + 1.6
        0: 0.0 + 0.9 + 1.6,
        # t = (-1, +1, -1): max(0, 1 + 1.1) + max(0, 1 + 2.9) + max(0, 1 - 2.1) = 2.1 + 3.9 + 0
        4: 2.1 + 3.9 + 0.0,
        # t = (-1, -1, +1): max(0, 1 - 1.4) + max(0, 1 + 1.7) + max(0, 1 + 1.2) = 0 + 2.7 + 2.2
        8: 0.0 + 2.7 + 2.2,
    },
    "structured": {
        # max(0, max(-0.1, 0.6) - 1.3 + 1) = 0.6 - 0.3
        0: 0.6 - 0.3,
        # max(0, max(1.1, -2.1) + 2.9 + 1)
        4: 1.1 + 2.9 + 1.0,
        # max(0, max(-1.4, 1.7) + 1.2 + 1)
        8: 1.7 + 1.2 + 1.0,
    },
    "softmax": {
        # -log(e^s_y / sum_j e^s_j) = log(sum_j e^s_j) - s_y; about 0.5557, 4.0574, 2.9954
        0: math.log(math.exp(1.3) + math.exp(-0.1) + math.exp(0.6)) - 1.3,
        4: math.log(math.exp(1.1) + math.exp(-2.9) + math.exp(-2.1)) + 2.9,
        8: math.log(math.exp(-1.4) + math.exp(1.7) + math.exp(-1.2)) + 1.2,
    },
}


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_known_values_at_the_defaults(name):
    result = evaluate_at_defaults(name)
    data, total = KNOWN[name]
    assert result.data_loss == pytest.approx(data, abs=1e-4)
    # reg * sum(W^2) = 0.1 * (1 + 4 + 4 + 16 + 9 + 1) = 0.1 * 35
    assert result.reg_loss == pytest.approx(3.5, abs=1e-12)
    assert result.total_loss == pytest.approx(total, abs=1e-4)
    assert result.total_loss == pytest.approx(result.data_loss + result.reg_loss, abs=1e-12)
    assert result.data_loss == pytest.approx(result.per_point.mean(), abs=1e-12)


def test_weston_watkins_per_point_losses_at_the_defaults():
    result = evaluate_at_defaults("ww")
    expected = [0.3, 1.7, 0.0, 3.2, 6.8, 2.4, 2.5, 3.3, 4.7]
    np.testing.assert_allclose(result.per_point, expected, atol=1e-12)


def test_scores_at_the_defaults_match_the_hand_computation():
    scores = evaluate_at_defaults("ww").scores
    for point, expected in HAND_SCORES.items():
        np.testing.assert_allclose(scores[point], expected, atol=1e-12)


@pytest.mark.parametrize("name", sorted(HAND_PER_POINT))
def test_hand_computed_per_point_losses(name):
    per_point = evaluate_at_defaults(name).per_point
    for point, expected in HAND_PER_POINT[name].items():
        assert per_point[point] == pytest.approx(expected, abs=1e-12), point


@pytest.mark.parametrize("name", LOSS_NAMES)
@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds, num_points=st.integers(1, 20), scale=st.sampled_from([0.1, 1.0, 5.0]))
def test_losses_are_never_negative(name, num_classes, seed, num_points, scale):
    X, y, W, b = random_problem(seed, num_points, num_classes, scale)
    result = evaluate(name, W, b, X, y, reg=0.1)
    assert np.all(result.per_point >= 0)
    assert result.data_loss >= 0
    assert result.reg_loss >= 0
    assert result.total_loss >= result.data_loss


@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds, num_points=st.integers(1, 20), scale=st.sampled_from([0.1, 1.0, 5.0]))
def test_structured_never_exceeds_weston_watkins(num_classes, seed, num_points, scale):
    # The structured loss is the largest WW hinge term, WW their sum of nonnegative terms.
    X, y, W, b = random_problem(seed, num_points, num_classes, scale)
    structured = evaluate("structured", W, b, X, y, reg=0.0).per_point
    ww = evaluate("ww", W, b, X, y, reg=0.0).per_point
    assert np.all(structured <= ww + 1e-12)


@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds, num_points=st.integers(1, 20))
def test_softmax_is_finite_for_huge_scores(num_classes, seed, num_points):
    X, y, W, b = random_problem(seed, num_points, num_classes)
    W, b = 1e4 * W, 1e4 * b
    result = evaluate("softmax", W, b, X, y, reg=0.1)
    S = result.scores
    assume(np.abs(S).max() > 800)  # beyond where exp overflows without max-subtraction
    assert np.all(np.isfinite(result.per_point))
    assert np.all(np.isfinite(result.dW))
    assert np.all(np.isfinite(result.db))
    # log-sum-exp lies between max_j s_j and max_j s_j + log K.
    lower = S.max(axis=1) - S[np.arange(num_points), y]
    assert np.all(result.per_point >= lower - 1e-9 * np.abs(S).max())
    assert np.all(result.per_point <= lower + math.log(num_classes) + 1e-9 * np.abs(S).max())


@pytest.mark.parametrize("name", ["ww", "structured", "softmax"])
@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds, num_points=st.integers(1, 20), shift=st.floats(-50, 50))
def test_a_common_bias_shift_changes_nothing(name, num_classes, seed, num_points, shift):
    # These losses depend on score differences only; s_j + c - (s_y + c) = s_j - s_y.
    X, y, W, b = random_problem(seed, num_points, num_classes)
    before = evaluate(name, W, b, X, y, reg=0.1)
    assume(kink_distance(name, before.scores, y) > 1e-6)
    after = evaluate(name, W, b + shift, X, y, reg=0.1)
    np.testing.assert_allclose(after.per_point, before.per_point, atol=1e-12 * (1 + abs(shift)))
    np.testing.assert_allclose(after.dW, before.dW, atol=1e-12)
    np.testing.assert_allclose(after.db, before.db, atol=1e-12)


def test_one_vs_all_does_depend_on_a_common_bias_shift():
    X, y, W, b = defaults()
    before = evaluate("ova", W, b, X, y, reg=0.1)
    after = evaluate("ova", W, b + 1.0, X, y, reg=0.1)
    # Point 0's OvA terms with b + 1, s = (2.3, 0.9, 1.6): 0 + 1.9 + 2.6, no longer 2.5.
    assert after.per_point[0] == pytest.approx(1.9 + 2.6, abs=1e-12)
    assert after.data_loss != pytest.approx(before.data_loss, abs=1e-3)


@pytest.mark.parametrize("name", LOSS_NAMES)
@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
def test_a_single_point_with_any_number_of_classes(name, num_classes):
    X, y, W, b = random_problem(num_classes, 1, num_classes)
    result = evaluate(name, W, b, X, y, reg=0.1)
    assert result.per_point.shape == (1,)
    assert result.scores.shape == (1, num_classes)
    assert result.dW.shape == (num_classes, 2)
    assert result.db.shape == (num_classes,)
    assert result.data_loss == pytest.approx(result.per_point[0], abs=1e-15)
    np.testing.assert_allclose(result.scores[0], W @ X[0] + b, atol=1e-15)


# -- vectorization: the batched loss against a per-point reference ----------------------------


def _per_point_reference(name, W, b, X, y, reg):
    """Loss and gradients by a plain loop over the points, straight from the formulas."""
    num_classes = W.shape[0]
    per_point = np.zeros(len(X))
    dW = np.zeros_like(W)
    db = np.zeros_like(b)
    for i, (x, label) in enumerate(zip(X, y, strict=True)):
        s = W @ x + b
        ds = np.zeros(num_classes)  # dL_i / ds
        if name == "softmax":
            p = np.exp(s - s.max())
            p /= p.sum()
            per_point[i] = -np.log(p[label])
            ds = p
            ds[label] -= 1.0
        elif name == "structured":
            rival = max((j for j in range(num_classes) if j != label), key=lambda j: s[j])
            margin = s[rival] - s[label] + 1.0
            if margin > 0:
                per_point[i] = margin
                ds[rival], ds[label] = 1.0, -1.0
        else:
            for j in range(num_classes):
                if name == "ova":
                    t = 1.0 if j == label else -1.0
                    if 1.0 - t * s[j] > 0:
                        per_point[i] += 1.0 - t * s[j]
                        ds[j] = -t
                elif j != label and s[j] - s[label] + 1.0 > 0:
                    per_point[i] += s[j] - s[label] + 1.0
                    ds[j] += 1.0
                    ds[label] -= 1.0
        dW += np.outer(ds, x)
        db += ds
    n = len(X)
    total = per_point.mean() + reg * np.sum(W**2)
    return per_point, total, dW / n + 2 * reg * W, db / n


def _assert_matches_reference(name, W, b, X, y, reg):
    result = evaluate(name, W, b, X, y, reg)
    per_point, total, dW, db = _per_point_reference(name, W, b, X, y, reg)
    np.testing.assert_allclose(result.per_point, per_point, rtol=1e-12, atol=1e-12)
    assert result.total_loss == pytest.approx(total, rel=1e-12, abs=1e-12)
    np.testing.assert_allclose(result.dW, dW, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(result.db, db, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", LOSS_NAMES)
@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds, reg=st.sampled_from([0.0, 0.1, 10.0]))
def test_vectorized_equals_a_loop_over_50_points(name, num_classes, seed, reg):
    X, y, W, b = random_problem(seed, 50, num_classes, scale=2.0)
    assume(kink_distance(name, X @ W.T + b, y) > 1e-9)
    _assert_matches_reference(name, W, b, X, y, reg)


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_vectorized_equals_a_loop_over_10000_points(name):
    X, y, W, b = random_problem(2026, 10_000, 4, scale=2.0)
    _assert_matches_reference(name, W, b, X, y, reg=0.1)


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_ties_and_kinks_take_the_same_subgradient_as_a_loop(name):
    # Classes 1 and 2 score the same everywhere, so the rivals of class 0 tie: the loop takes
    # the first of them. With whole numbers, some margins are exactly 0: no gradient there.
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [2.0, 0.0], [-1.0, 0.0], [2.0, -1.0]])
    y = np.array([0, 1, 2, 0, 1, 2])
    W = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
    b = np.array([0.0, 1.0, 1.0])
    _assert_matches_reference(name, W, b, X, y, reg=0.1)


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_packed_parameters_give_the_same_result_and_a_packed_gradient(name):
    X, y, W, b = random_problem(7, 30, 4)
    params = pack_params(W, b)
    assert params.shape == (3, 4)
    np.testing.assert_array_equal(params[:2], W.T)
    np.testing.assert_array_equal(params[2], b)
    result, grad = evaluate_params(name, params, Batch.from_arrays(X, y, 4), 0.1)
    np.testing.assert_array_equal(grad[:2], result.dW.T)
    np.testing.assert_array_equal(grad[2], result.db)
    expected = evaluate_batch(name, W, b, Batch.from_arrays(X, y, 4), 0.1)
    for field in ("data_loss", "reg_loss", "total_loss", "per_point", "scores", "dW", "db"):
        np.testing.assert_array_equal(getattr(result, field), getattr(expected, field))
