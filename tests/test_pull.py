"""The arrows of one example's pull: where they start, where they end, and which are drawn."""

from __future__ import annotations

import numpy as np
import pytest
from helpers_core import BOX, CLASS_COUNTS, LOSS_NAMES, MODERATE, defaults, random_problem, seeds
from hypothesis import given

from demo_core.anatomy import point_anatomy
from demo_core.geometry import arrows, zero_lines
from demo_core.pull import pull_arrows


def test_a_point_pulls_only_the_lines_of_its_terms_at_the_defaults():
    # WW, point 0 (y = 0): only class 2's hinge is active (0.3), so classes 0 and 2 are
    # pulled and class 1 is not. dL/ds = (-1, 0, 1); x = (0.5, 0.4).
    X, y, W, b = defaults()
    anatomy = point_anatomy("ww", W, b, X[0], int(y[0]))
    pull = pull_arrows(W, b, anatomy.gradient, 0.1, X[0], BOX, length=0.2)
    assert pull.weights[1] is None
    assert pull.biases[1] is None
    tips = [arrow[1] for arrow in arrows(W, b, 0.2)]
    # ΔW_0 = -0.1 * (-1) * x = (0.05, 0.04); ΔW_2 = -(0.05, 0.04)
    assert pull.weights[0] == pytest.approx(np.array([tips[0], tips[0] + (0.05, 0.04)]))
    assert pull.weights[2] == pytest.approx(np.array([tips[2], tips[2] - (0.05, 0.04)]))
    # Δb_0 = +0.1: the line W_0 x + b_0 = 0 moves by -0.1 / |W_0| along W_0 / |W_0|, from its
    # point nearest to x: x - (W_0 x + b_0) W_0 / |W_0|^2 = (0.5, 0.4) - 1.3 (1, 2) / 5.
    near = np.array([0.5 - 0.26, 0.4 - 0.52])
    assert pull.biases[0] == pytest.approx(np.array([near, near - 0.1 * W[0] / 5.0]))


def test_a_point_past_its_margin_pulls_nothing():
    X, y, W, b = defaults()
    anatomy = point_anatomy("ww", W, b, X[2], int(y[2]))  # L = 0 at the defaults
    assert anatomy.loss == 0.0
    pull = pull_arrows(W, b, anatomy.gradient, 0.1, X[2], BOX)
    assert pull.weights == [None] * 3
    assert pull.biases == [None] * 3


def test_a_zero_row_has_no_arrows():
    W = np.array([[0.0, 0.0], [1.0, 0.0]])
    b = np.array([0.3, 0.0])
    anatomy = point_anatomy("softmax", W, b, np.array([0.5, 0.5]), 0)
    pull = pull_arrows(W, b, anatomy.gradient, 0.1, np.array([0.5, 0.5]), BOX)
    assert pull.weights[0] is None and pull.biases[0] is None
    assert pull.weights[1] is not None and pull.biases[1] is not None


@pytest.mark.parametrize("name", LOSS_NAMES)
@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds)
def test_the_bias_arrow_ends_on_the_line_after_the_bias_step(name, num_classes, seed):
    X, y, W, b = random_problem(seed, 1, num_classes)
    step_size = 0.3
    anatomy = point_anatomy(name, W, b, X[0], int(y[0]))
    pull = pull_arrows(W, b, anatomy.gradient, step_size, X[0], BOX, length=0.25)
    lines = zero_lines(W, b, BOX)
    stepped_b = b - step_size * anatomy.gradient[2]
    stepped_W = W - step_size * anatomy.gradient[:2].T
    tips = [None if arrow is None else arrow[1] for arrow in arrows(W, b, 0.25)]
    for k, (weight, bias) in enumerate(zip(pull.weights, pull.biases, strict=True)):
        assert (bias is None) == (anatomy.gradient[2, k] == 0.0 or lines[k] is None)
        assert (weight is None) == (not anatomy.gradient[:2, k].any())
        if bias is not None:
            # it starts on the line, in the box and nearest to x there; it ends on the line
            # with the new bias, and runs perpendicular to it
            assert W[k] @ bias[0] + b[k] == pytest.approx(0.0, abs=1e-9)
            assert np.all(np.abs(bias[0]) <= 1.0 + 1e-9)
            samples = lines[k][0] + np.linspace(0, 1, 101)[:, None] * (lines[k][1] - lines[k][0])
            nearest = np.min(np.hypot(*(samples - X[0]).T))
            assert np.hypot(*(bias[0] - X[0])) <= nearest + 1e-9
            assert W[k] @ bias[1] + stepped_b[k] == pytest.approx(0.0, abs=1e-9)
            move = bias[1] - bias[0]
            assert move[0] * W[k, 1] - move[1] * W[k, 0] == pytest.approx(0.0, abs=1e-9)
        if weight is not None:
            assert weight[1] - weight[0] == pytest.approx(stepped_W[k] - W[k], abs=1e-12)
            assert weight[0] == pytest.approx(tips[k], abs=1e-12)
