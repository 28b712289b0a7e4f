"""The gradient check at the original demo's defaults, and its own mistake made visible."""

from __future__ import annotations

import numpy as np
import pytest
from helpers_core import LOSS_NAMES, defaults

from demo_core.gradcheck import PASS_THRESHOLD, gradient_check
from demo_core.losses import evaluate

REG = 0.1


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_the_right_gradient_passes_at_the_original_defaults(name):
    X, y, W, b = defaults()
    check = gradient_check(name, W, b, X, y, REG, h=1e-5)
    assert check.max_error < PASS_THRESHOLD
    assert check.passed
    result = evaluate(name, W, b, X, y, REG)
    np.testing.assert_array_equal(check.analytic_dW, result.dW)
    np.testing.assert_array_equal(check.analytic_db, result.db)
    assert check.error_dW.shape == W.shape and check.error_db.shape == b.shape
    assert check.max_error == max(check.error_dW.max(), check.error_db.max())


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_the_check_passes_at_parameters_held_in_any_memory_order(name):
    # A trainer's W is a transposed view of its packed parameters (Fortran order).
    X, y, W, b = defaults()
    check = gradient_check(name, np.asfortranarray(W), b, X, y, REG, h=1e-5)
    assert check.passed


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_the_originals_half_lambda_w_fails_clearly(name):
    X, y, W, b = defaults()
    check = gradient_check(name, W, b, X, y, REG, reg_gradient_factor=0.5)
    assert check.max_error > 1e-2
    assert not check.passed
    # Only W's gradient is wrong; the bias carries no regularization.
    assert check.error_db.max() < PASS_THRESHOLD
    right = evaluate(name, W, b, X, y, REG)
    np.testing.assert_allclose(check.analytic_dW, right.dW - 1.5 * REG * W, atol=1e-15)


@pytest.mark.parametrize("h", [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1])
def test_every_step_from_1e_7_to_1e_1_is_accepted(h):
    X, y, W, b = defaults()
    check = gradient_check("softmax", W, b, X, y, REG, h=h)
    assert np.isfinite(check.max_error)


@pytest.mark.parametrize("h", [0.0, -1e-5, np.nan, np.inf])
def test_a_step_that_is_not_finite_and_positive_raises(h):
    X, y, W, b = defaults()
    with pytest.raises(ValueError):
        gradient_check("ww", W, b, X, y, REG, h=h)


def test_an_unknown_loss_raises():
    X, y, W, b = defaults()
    with pytest.raises(ValueError):
        gradient_check("hinge", W, b, X, y, REG)
