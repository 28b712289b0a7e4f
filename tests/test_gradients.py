"""Analytic gradients: hand-derived values, the L2 term, and the check by finite differences."""

from __future__ import annotations

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

from demo_core.gradcheck import (
    PASS_THRESHOLD,
    max_relative_error,
    numerical_gradient,
    relative_error,
)
from demo_core.losses import Batch, evaluate, evaluate_params, pack_params, point_gradients

H = 1e-5  # the step of the centred differences, numerical_gradient's default
REGS = (0.0, 0.1, 10.0)

# -- hand-derived gradients at the defaults ---------------------------------------------------
#
# With dS[i] = dL_i / ds, the data gradients are db = sum_i dS[i] / N and
# dW = sum_i outer(dS[i], x_i) / N; the L2 term adds 2 * reg * W to dW.
#
# Weston-Watkins: dS[i, j] = 1 for each active rival j (s_j - s_y + 1 > 0), dS[i, y] = -(count).
#   p0 y=0 s=( 1.3, -0.1,  0.6): margins -0.4, 0.3      -> dS = (-1,  0,  1)
#   p1 y=0 s=( 1.4,  0.9,  1.6): margins  0.5, 1.2      -> dS = (-2,  1,  1)
#   p2 y=0 s=( 1.9, -2.1, -0.4): margins -3.0, -1.3     -> dS = ( 0,  0,  0)
#   p3 y=1 s=( 0.2, -1.5, -2.0): margins  2.7, 0.5      -> dS = ( 1, -2,  1)
#   p4 y=1 s=( 1.1, -2.9, -2.1): margins  5.0, 1.8      -> dS = ( 1, -2,  1)
#   p5 y=1 s=(-0.3, -1.7, -2.8): margins  2.4, -0.1     -> dS = ( 1, -1,  0)
#   p6 y=2 s=(-0.1,  3.5,  2.0): margins -1.1, 2.5      -> dS = ( 0,  1, -1)
#   p7 y=2 s=(-0.7,  3.9,  1.6): margins -1.3, 3.3      -> dS = ( 0,  1, -1)
#   p8 y=2 s=(-1.4,  1.7, -1.2): margins  0.8, 3.9      -> dS = ( 1,  1, -2)
#   column sums (1, -1, 0), so db = (1/9, -1/9, 0).
#   dW[0] = (-1 (0.5, 0.4) - 2 (0.8, 0.3) + (-0.4, 0.3) + (-0.3, 0.7) + (-0.7, 0.2)
#            + (-0.4, -0.5)) / 9 + 2 * 0.1 * (1, 2)
#         = (-3.9, -0.3) / 9 + (0.2, 0.4)
WW_DB = (1 / 9, -1 / 9, 0.0)
WW_DW0 = (-3.9 / 9 + 0.2, -0.3 / 9 + 0.4)
#
# Structured: only the highest rival r counts, dS[i, r] = 1 and dS[i, y] = -1 when active.
#   p0, p1: rival 2 (margins 0.3, 1.2) -> (-1, 0, 1) twice;  p2: inactive (-1.3)
#   p3, p4, p5: rival 0 (2.7, 5.0, 2.4) -> (1, -1, 0) three times
#   p6, p7, p8: rival 1 (2.5, 3.3, 3.9) -> (0, 1, -1) three times
#   column sums (-2 + 3, -3 + 3, 2 - 3) = (1, 0, -1), so db = (1/9, 0, -1/9).
STRUCTURED_DB = (1 / 9, 0.0, -1 / 9)
#
# One vs. All: dS[i, j] = -t_j where the hinge 1 - t_j s_j is positive.
#   p0 (0, 1, 1)  p1 (0, 1, 1)  p2 (0, 0, 1)   [y = 0: t = (+1, -1, -1)]
#   p3 (1, -1, 0) p4 (1, -1, 0) p5 (1, -1, 0)  [y = 1: t = (-1, +1, -1)]
#   p6 (1, 1, 0)  p7 (1, 1, 0)  p8 (0, 1, -1)  [y = 2: t = (-1, -1, +1)]
#   column sums (5, 2, 2), so db = (5/9, 2/9, 2/9).
OVA_DB = (5 / 9, 2 / 9, 2 / 9)


@pytest.mark.parametrize(
    ("name", "expected"), [("ww", WW_DB), ("structured", STRUCTURED_DB), ("ova", OVA_DB)]
)
def test_hand_derived_bias_gradients_at_the_defaults(name, expected):
    np.testing.assert_allclose(evaluate_at_defaults(name).db, expected, atol=1e-12)


def test_hand_derived_weight_gradient_of_weston_watkins():
    np.testing.assert_allclose(evaluate_at_defaults("ww").dW[0], WW_DW0, atol=1e-12)


# -- the L2 term -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", LOSS_NAMES)
@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds, num_points=st.integers(1, 12), reg=st.floats(1e-3, 100.0))
def test_regularization_adds_two_lambda_w_to_dw_only(name, num_classes, seed, num_points, reg):
    X, y, W, b = random_problem(seed, num_points, num_classes)
    with_reg = evaluate(name, W, b, X, y, reg)
    without = evaluate(name, W, b, X, y, 0.0)
    # d/dW of reg * sum(W^2) is 2 * reg * W; the biases are not regularized.
    np.testing.assert_allclose(with_reg.dW - without.dW, 2 * reg * W, rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(with_reg.db, without.db)
    assert with_reg.data_loss == without.data_loss
    assert with_reg.reg_loss == pytest.approx(reg * np.sum(W**2), rel=1e-12)
    assert without.reg_loss == 0.0


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_the_originals_half_lambda_w_fails_the_gradient_check(name):
    # The original demo's gradient of reg * sum(W^2) is 0.5 * reg * W instead of 2 * reg * W.
    X, y, W, b = defaults()
    reg = 0.1
    result = evaluate(name, W, b, X, y, reg)
    numerical = _numerical(name, W, b, X, y, reg)
    assert max_relative_error((result.dW, result.db), numerical) < PASS_THRESHOLD
    buggy_dW = result.dW - 2 * reg * W + 0.5 * reg * W
    assert max_relative_error((buggy_dW, result.db), numerical) > 1e-2


# -- every gradient against centred finite differences ---------------------------------------


def _numerical(name, W, b, X, y, reg):
    def total_loss(W_, b_):
        return evaluate(name, W_, b_, X, y, reg).total_loss

    return numerical_gradient(total_loss, W, b, h=H)


def roundoff_floor(loss: float) -> float:
    """The smallest gradient magnitude the 1e-6 relative check can resolve at this loss.

    Every evaluation of a total loss of size F is off by a few ulps, at most about 2 eps F
    (measured: 1.4 eps F over thousands of random problems of this file's kind). The centred
    difference divides the difference of two such errors by 2h, so an entry whose exact
    gradient is 0 can read up to 2 eps F / h, i.e. 4.4e-11 F at h = 1e-5. For that to pass at a
    relative error of 1e-6 the floor must be 1e6 times larger; with a safety factor of 2, the
    floor is 4 eps F / h / 1e-6 = 8.9e-5 F. For F <= 1 this is max_relative_error's default
    floor 1e-4; at reg = 10 the total loss reaches about 100 and the floor about 1e-2. Entries
    larger than the floor are still held to a relative error of 1e-6.
    """
    eps = np.finfo(np.float64).eps
    return max(1e-4, 4 * eps * max(1.0, abs(loss)) / H / PASS_THRESHOLD)


@pytest.mark.parametrize("name", LOSS_NAMES)
@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@pytest.mark.parametrize("reg", REGS)
@MODERATE
@given(seed=seeds, num_points=st.integers(1, 12))
def test_analytic_gradient_matches_finite_differences(name, num_classes, reg, seed, num_points):
    X, y, W, b = random_problem(seed, num_points, num_classes)
    result = evaluate(name, W, b, X, y, reg)
    # A perturbation of h moves a score by at most h * max(|x|, 1) = 1e-5, so hinge
    # arguments at least 1e-3 from 0 keep the loss linear across the difference.
    assume(kink_distance(name, result.scores, y) > 1e-3)
    numerical = _numerical(name, W, b, X, y, reg)
    floor = roundoff_floor(result.total_loss)
    assert max_relative_error((result.dW, result.db), numerical, floor) < PASS_THRESHOLD


@pytest.mark.parametrize("name", ["ww", "structured", "softmax"])
@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds, num_points=st.integers(1, 12))
def test_bias_gradient_sums_to_zero_for_losses_of_score_differences(
    name, num_classes, seed, num_points
):
    # A loss that depends only on score differences has sum_k dL/db_k = 0 (shift invariance).
    X, y, W, b = random_problem(seed, num_points, num_classes)
    assert abs(evaluate(name, W, b, X, y, 0.1).db.sum()) < 1e-12


# -- the gradient check itself ---------------------------------------------------------------


def test_numerical_gradient_of_a_known_smooth_function():
    rng = np.random.default_rng(7)
    W, b = rng.normal(size=(4, 2)), rng.normal(size=4)
    W_copy, b_copy = W.copy(), b.copy()
    dW, db = numerical_gradient(lambda W_, b_: np.sum(W_**3) + np.sum(np.sin(b_)), W, b)
    # The centred difference of x^3 is 3x^2 + h^2, of sin x is cos x (1 - h^2 / 6 + ...).
    np.testing.assert_allclose(dW, 3 * W**2, rtol=1e-8, atol=1e-9)
    np.testing.assert_allclose(db, np.cos(b), rtol=1e-8, atol=1e-9)
    np.testing.assert_array_equal(W, W_copy)
    np.testing.assert_array_equal(b, b_copy)


@pytest.mark.parametrize("h", [0.0, -1e-5])
def test_numerical_gradient_rejects_a_step_that_is_not_positive(h):
    W, b = np.zeros((2, 2)), np.zeros(2)
    with pytest.raises(ValueError, match="h must be > 0"):
        numerical_gradient(lambda W_, b_: 0.0, W, b, h=h)


def test_relative_error_uses_the_larger_magnitude_and_the_floor():
    errors = relative_error(np.array([1.0, 0.0, 2e-3]), np.array([1.1, 1e-9, 1e-3]))
    # |1 - 1.1| / 1.1; |0 - 1e-9| / floor 1e-4; |2e-3 - 1e-3| / 2e-3
    np.testing.assert_allclose(errors, [0.1 / 1.1, 1e-5, 0.5])
    assert relative_error(np.zeros(1), np.full(1, 1e-9), floor=1e-2)[0] == pytest.approx(1e-7)
    assert max_relative_error((np.ones(2), np.zeros(3)), (np.ones(2), np.zeros(3))) == 0.0


# -- each point's gradient ----------------------------------------------------------------------


@MODERATE
@given(seed=seeds, name=st.sampled_from(LOSS_NAMES), num_classes=st.sampled_from(CLASS_COUNTS))
def test_point_gradients_sum_to_the_data_gradient(seed: int, name: str, num_classes: int) -> None:
    """The mean of the points' gradients plus 2 reg W is the total gradient; L_i agree."""
    X, y, W, b = random_problem(seed, 12, num_classes)
    batch = Batch.from_arrays(X, y, num_classes)
    params = pack_params(W, b)
    per_point, gradients = point_gradients(name, params, batch)
    result, grad = evaluate_params(name, params, batch, 0.3)
    assert gradients.shape == (12, 3, num_classes)
    np.testing.assert_allclose(per_point, result.per_point)
    np.testing.assert_allclose(gradients.mean(axis=0)[:2] + 0.6 * W.T, grad[:2], atol=1e-12)
    np.testing.assert_allclose(gradients.mean(axis=0)[2], grad[2], atol=1e-12)


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_a_point_gradient_matches_finite_differences(name: str) -> None:
    """One point's gradient is the numerical gradient of its own loss, away from any kink."""
    X, y, W, b = random_problem(7, 5, 3)
    _, gradients = point_gradients(name, pack_params(W, b), Batch.from_arrays(X, y, 3))
    scores = X @ W.T + b
    checked = 0
    for i in range(5):
        one = (X[i : i + 1], y[i : i + 1])
        if kink_distance(name, scores[i : i + 1], y[i : i + 1]) < 1e-3:
            continue
        checked += 1
        numeric_W, numeric_b = numerical_gradient(
            lambda W_, b_, one=one: evaluate(name, W_, b_, *one, 0.0).total_loss, W, b
        )
        np.testing.assert_allclose(gradients[i][:2], numeric_W.T, atol=1e-6)
        np.testing.assert_allclose(gradients[i][2], numeric_b, atol=1e-6)
    assert checked >= 3
