"""Slices of the loss: agreement with evaluate, the regularization, the kinks, the descent line."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from helpers_core import CLASS_COUNTS, LOSS_NAMES, MODERATE, defaults, random_problem, seeds
from hypothesis import given
from hypothesis import strategies as st

from demo_core.losses import evaluate
from demo_core.slices import descent_direction, kinks, line_loss, plane_loss, random_directions
from demo_core.trainer import Trainer

SVM_LOSSES = ("ww", "ova", "structured")
regs = st.sampled_from([0.0, 0.1, 2.5])


def _at(W, b, direction, step):
    return W + step * direction[0], b + step * direction[1]


@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
def test_random_directions_are_seeded_unit_and_at_right_angles(num_classes):
    first = random_directions(5, num_classes, count=2)
    again = random_directions(5, num_classes, count=2)
    other = random_directions(6, num_classes, count=2)
    vectors = [np.concatenate([dW.ravel(), db]) for dW, db in first]
    assert first[0][0].shape == (num_classes, 2) and first[0][1].shape == (num_classes,)
    np.testing.assert_allclose([np.linalg.norm(v) for v in vectors], 1.0, rtol=1e-12)
    assert abs(np.dot(*vectors)) < 1e-12
    for (dW, db), (dW2, db2) in zip(first, again, strict=True):
        np.testing.assert_array_equal(dW, dW2)
        np.testing.assert_array_equal(db, db2)
    assert not np.allclose(first[0][0], other[0][0])


@pytest.mark.parametrize("name", LOSS_NAMES)
@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds, num_points=st.integers(1, 25), reg=regs, span=st.sampled_from([0.5, 3.0]))
def test_the_line_equals_evaluate_at_every_step(name, num_classes, seed, num_points, reg, span):
    X, y, W, b = random_problem(seed, num_points, num_classes, scale=2.0)
    (direction,) = random_directions(seed, num_classes)
    steps = np.linspace(-span, span, 9)
    line = line_loss(name, W, b, X, y, reg, direction, steps)
    expected = [evaluate(name, *_at(W, b, direction, a), X, y, reg).total_loss for a in steps]
    np.testing.assert_allclose(line, expected, rtol=1e-11, atol=1e-11)


@pytest.mark.parametrize("name", LOSS_NAMES)
@MODERATE
@given(seed=seeds, num_points=st.integers(1, 25), reg=regs, num_classes=st.integers(2, 6))
def test_the_plane_equals_evaluate_at_every_grid_point(name, seed, num_points, reg, num_classes):
    X, y, W, b = random_problem(seed, num_points, num_classes, scale=2.0)
    rng = np.random.default_rng(seed)
    # Directions of any length and not at right angles, so that every term of the square counts.
    first, second = ((rng.normal(size=W.shape), rng.normal(size=b.shape)) for _ in range(2))
    u, v = np.linspace(-1.5, 1.0, 5), np.linspace(-0.5, 2.0, 4)
    plane = plane_loss(name, W, b, X, y, reg, (first, second), (u, v))
    assert plane.shape == (5, 4)
    for i, a in enumerate(u):
        for j, c in enumerate(v):
            W_ij = W + a * first[0] + c * second[0]
            b_ij = b + a * first[1] + c * second[1]
            expected = evaluate(name, W_ij, b_ij, X, y, reg).total_loss
            assert plane[i, j] == pytest.approx(expected, rel=1e-11, abs=1e-11)


def test_the_regularization_is_the_exact_square_along_the_line():
    # With the W part alone moving and every point far inside its margin, only the
    # regularization changes along the line: lambda * ||W + a A||^2.
    X, y, W, b = defaults()
    direction = (np.array([[1.0, -2.0], [0.5, 0.0], [0.0, 3.0]]), np.zeros(3))
    steps = np.linspace(-2, 2, 7)
    with_reg = line_loss("softmax", W, b, X, y, 0.7, direction, steps)
    without = line_loss("softmax", W, b, X, y, 0.0, direction, steps)
    squares = [np.sum((W + a * direction[0]) ** 2) for a in steps]
    np.testing.assert_allclose(with_reg - without, 0.7 * np.array(squares), rtol=1e-12)


def _point_loss(name, W, b, X, y, direction, step, point):
    return evaluate(name, *_at(W, b, direction, step), X, y, 0.0).per_point[point]


@pytest.mark.parametrize("name", SVM_LOSSES)
@pytest.mark.parametrize("num_classes", CLASS_COUNTS)
@MODERATE
@given(seed=seeds, num_points=st.integers(1, 12))
def test_each_kink_is_where_a_points_loss_bends_and_nowhere_else(
    name, num_classes, seed, num_points
):
    X, y, W, b = random_problem(seed, num_points, num_classes, scale=1.5)
    (direction,) = random_directions(seed, num_classes)
    span = 3.0
    steps, points = kinks(name, W, b, X, y, direction, span)
    assert np.all(np.diff(steps) >= 0) and np.all(np.abs(steps) <= span)
    for point in range(num_points):
        own = np.sort(steps[points == point])
        loss = lambda a, point=point: _point_loss(name, W, b, X, y, direction, a, point)  # noqa: E731
        # Between two neighbouring kinks (or a kink and the span's end), L_i is linear ...
        ends = np.concatenate([[-span], own, [span]])
        for left, right in itertools.pairwise(ends):
            for share in (0.25, 0.5):
                inside = left + share * (right - left)
                linear = (1 - share) * loss(left) + share * loss(right)
                assert loss(inside) == pytest.approx(linear, rel=1e-9, abs=1e-9)
        # ... and at each kink its slope changes.
        for index, kink in enumerate(own):
            gaps = np.diff(ends)[index : index + 2]
            h = min(1e-4, gaps.min() / 4)
            before = (loss(kink) - loss(kink - h)) / h
            after = (loss(kink + h) - loss(kink)) / h
            assert abs(after - before) > 1e-6


def test_softmax_has_no_kinks():
    X, y, W, b = defaults()
    (direction,) = random_directions(0, 3)
    steps, points = kinks("softmax", W, b, X, y, direction, 5.0)
    assert steps.size == points.size == 0


@pytest.mark.parametrize("name", LOSS_NAMES)
@pytest.mark.parametrize("step_size", [0.01, 0.5, 3.0])
def test_the_descent_line_at_the_step_size_is_the_loss_after_one_gradient_step(name, step_size):
    X, y, W, b = random_problem(11, 30, 4, scale=1.0)
    direction = descent_direction(name, W, b, X, y, 0.1)
    (at_step,) = line_loss(name, W, b, X, y, 0.1, direction, [step_size])
    trainer = Trainer(X, y, W, b, loss=name, reg=0.1, step_size=step_size, rule="sgd")
    assert trainer.step()
    assert at_step == pytest.approx(trainer.result.total_loss, rel=1e-12)


def test_bad_directions_and_steps_are_refused():
    X, y, W, b = defaults()
    with pytest.raises(ValueError, match="direction"):
        line_loss("ww", W, b, X, y, 0.1, (np.zeros((2, 2)), np.zeros(3)), [0.0])
    with pytest.raises(ValueError, match="finite"):
        line_loss("ww", W, b, X, y, 0.1, (np.full((3, 2), np.nan), np.zeros(3)), [0.0])
    with pytest.raises(ValueError, match="steps"):
        line_loss("ww", W, b, X, y, 0.1, (np.zeros((3, 2)), np.zeros(3)), [[0.0]])
    with pytest.raises(ValueError, match="span"):
        kinks("ww", W, b, X, y, (np.zeros((3, 2)), np.zeros(3)), 0.0)
    with pytest.raises(ValueError, match="count"):
        random_directions(0, 3, count=10)


def test_no_steps_give_no_losses():
    X, y, W, b = defaults()
    (direction,) = random_directions(0, 3)
    assert line_loss("ww", W, b, X, y, 0.1, direction, []).shape == (0,)
