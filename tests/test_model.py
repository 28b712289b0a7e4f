"""The linear model s = W x + b: scores, predictions, accuracy and parameters."""

from __future__ import annotations

import numpy as np
import pytest
from helpers_core import CLASS_COUNTS, MODERATE, defaults, random_problem, seeds
from hypothesis import given
from hypothesis import strategies as st

from demo_core.model import accuracy, original_params, random_params, scores


def test_original_params():
    W, b = original_params()
    np.testing.assert_array_equal(W, [[1, 2], [2, -4], [3, -1]])
    np.testing.assert_array_equal(b, [0, 0.5, -0.5])
    assert W.dtype == np.float64
    assert b.dtype == np.float64
    W[0, 0] = 7.0
    assert original_params()[0][0, 0] == 1.0  # a fresh copy every time


def test_predictions_and_accuracy_at_the_defaults():
    X, y, W, b = defaults()
    # Argmax of the scores of each point, e.g. point 1: s = (1.4, 0.9, 1.6) -> class 2.
    S = scores(W, b, X)
    np.testing.assert_array_equal(S.argmax(axis=1), [0, 2, 0, 0, 0, 0, 1, 1, 1])
    assert accuracy(S, y) == pytest.approx(2 / 9)


@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds, num_points=st.integers(1, 30))
def test_scores_are_w_dot_x_plus_b(num_classes, seed, num_points):
    X, y, W, b = random_problem(seed, num_points, num_classes)
    S = scores(W, b, X)
    assert S.shape == (num_points, num_classes)
    for i in range(num_points):
        for k in range(num_classes):
            assert S[i, k] == pytest.approx(W[k, 0] * X[i, 0] + W[k, 1] * X[i, 1] + b[k], abs=1e-14)
    assert accuracy(S, y) == pytest.approx(np.mean(S.argmax(axis=1) == y))


@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
def test_random_params_are_uniform_in_the_originals_range(num_classes):
    W, b = random_params(np.random.default_rng(0), num_classes=num_classes)
    assert W.shape == (num_classes, 2)
    assert b.shape == (num_classes,)
    many_W, many_b = random_params(np.random.default_rng(1), num_classes=2000)
    for values in (W, b, many_W, many_b):
        assert np.all((values >= -0.5) & (values < 0.5))
    assert many_W.min() < -0.49
    assert many_W.max() > 0.49
    again = random_params(np.random.default_rng(0), num_classes=num_classes)
    np.testing.assert_array_equal(again[0], W)
    np.testing.assert_array_equal(again[1], b)
