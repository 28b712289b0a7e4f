"""The anatomy of one example: terms that add up to its loss, by hand and against evaluate."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers_core import CLASS_COUNTS, LOSS_NAMES, MODERATE, defaults, random_problem, seeds
from hypothesis import given
from hypothesis import strategies as st

from demo_core.anatomy import point_anatomy
from demo_core.losses import Batch, evaluate, pack_params, point_gradients

# At the defaults (see tests/test_losses.py): point 0, x = (0.5, 0.4), y = 0, s = (1.3, -0.1, 0.6);
# point 4, x = (-0.3, 0.7), y = 1, s = (1.1, -2.9, -2.1).
HAND_TERMS = {
    # max(0, s_j - s_y + 1) for j != y: point 0: (-, -0.1 - 1.3 + 1 < 0, 0.6 - 1.3 + 1)
    ("ww", 0): (0.0, 0.0, 0.3),
    # point 4: (1.1 + 2.9 + 1, -, -2.1 + 2.9 + 1)
    ("ww", 4): (5.0, 0.0, 1.8),
    # max(0, 1 - t_j s_j), t = (+1, -1, -1): (1 - 1.3 < 0, 1 - 0.1, 1 + 0.6)
    ("ova", 0): (0.0, 0.9, 1.6),
    # t = (-1, +1, -1): (1 + 1.1, 1 + 2.9, 1 - 2.1 < 0)
    ("ova", 4): (2.1, 3.9, 0.0),
    # only the largest of the WW hinges
    ("structured", 0): (0.0, 0.0, 0.3),
    ("structured", 4): (5.0, 0.0, 0.0),
}


def _anatomy_at_defaults(name, i):
    X, y, W, b = defaults()
    return point_anatomy(name, W, b, X[i], int(y[i]))


@pytest.mark.parametrize(("name", "i"), list(HAND_TERMS))
def test_hinge_terms_by_hand_at_the_defaults(name, i):
    anatomy = _anatomy_at_defaults(name, i)
    assert anatomy.terms == pytest.approx(HAND_TERMS[name, i], abs=1e-12)
    assert anatomy.loss == pytest.approx(sum(HAND_TERMS[name, i]), abs=1e-12)


def test_structured_hinges_are_all_the_rivals_and_the_term_is_the_largest():
    anatomy = _anatomy_at_defaults("structured", 4)
    assert anatomy.hinges == pytest.approx((5.0, 0.0, 1.8), abs=1e-12)
    assert anatomy.terms.sum() == pytest.approx(anatomy.hinges.max(), abs=1e-12)


def test_softmax_probabilities_and_minus_log_p_y_by_hand():
    anatomy = _anatomy_at_defaults("softmax", 0)
    exponentials = [math.exp(s) for s in (1.3, -0.1, 0.6)]
    p = [e / sum(exponentials) for e in exponentials]
    assert anatomy.hinges == pytest.approx(p, abs=1e-12)
    assert anatomy.terms == pytest.approx((-math.log(p[0]), 0.0, 0.0), abs=1e-12)
    assert anatomy.scores == pytest.approx((1.3, -0.1, 0.6), abs=1e-12)


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_every_point_at_the_defaults_agrees_with_evaluate(name):
    X, y, W, b = defaults()
    result = evaluate(name, W, b, X, y, 0.1)
    for i in range(len(y)):
        anatomy = point_anatomy(name, W, b, X[i], int(y[i]))
        assert anatomy.terms.sum() == pytest.approx(result.per_point[i], abs=1e-12)
        assert anatomy.loss == pytest.approx(result.per_point[i], abs=1e-12)
        assert anatomy.scores == pytest.approx(result.scores[i], abs=1e-12)


@pytest.mark.parametrize("name", LOSS_NAMES)
@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds, scale=st.sampled_from((0.3, 1.0, 5.0)))
def test_terms_sum_to_the_loss_and_the_gradient_is_the_points(name, num_classes, seed, scale):
    X, y, W, b = random_problem(seed, 12, num_classes, scale)
    result = evaluate(name, W, b, X, y, 0.0)
    _, gradients = point_gradients(name, pack_params(W, b), Batch.of_valid(X, y, num_classes))
    for i in range(len(y)):
        anatomy = point_anatomy(name, W, b, X[i], int(y[i]))
        assert anatomy.label == y[i]
        assert anatomy.terms.sum() == pytest.approx(result.per_point[i], rel=1e-9, abs=1e-9)
        assert np.all(anatomy.terms >= 0.0)
        assert anatomy.gradient == pytest.approx(gradients[i], abs=1e-12)
        if name == "softmax":
            assert anatomy.hinges.sum() == pytest.approx(1.0)
            assert -math.log(anatomy.hinges[y[i]]) == pytest.approx(anatomy.loss, rel=1e-9)
        else:
            assert np.count_nonzero(anatomy.terms) <= (1 if name == "structured" else num_classes)
