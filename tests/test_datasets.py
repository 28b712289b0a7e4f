"""The original nine points and the seeded data-set generators."""

from __future__ import annotations

import numpy as np
import pytest
from helpers_core import CLASS_COUNTS, MODERATE, seeds
from hypothesis import given
from hypothesis import strategies as st

from demo_core.datasets import DATASETS, MAX_POINTS, MIN_POINTS, generate, original

GENERATED = tuple(name for name in DATASETS if name != "original")
BALANCED = ("blobs", "circles", "spiral", "uniform")


def test_the_original_nine_points():
    X, y = original()
    assert X.shape == (9, 2)
    assert y.shape == (9,)
    assert X.dtype == np.float64
    assert y.dtype == np.int64
    np.testing.assert_array_equal(X[0], [0.5, 0.4])
    np.testing.assert_array_equal(X[4], [-0.3, 0.7])
    np.testing.assert_array_equal(X[8], [-0.4, -0.5])
    np.testing.assert_array_equal(y, [0, 0, 0, 1, 1, 1, 2, 2, 2])


def test_original_returns_fresh_arrays_and_ignores_the_other_arguments():
    X, _ = original()
    X[0] = 99.0
    again_X, again_y = generate("original", n=500, k=6, noise=1.0, seed=3)
    np.testing.assert_array_equal(again_X, original()[0])
    np.testing.assert_array_equal(again_y, original()[1])
    assert again_X[0, 0] == 0.5


def _assert_well_formed(X, y, n, k):
    assert X.shape == (n, 2)
    assert y.shape == (n,)
    assert X.dtype == np.float64
    assert y.dtype == np.int64
    assert np.all(np.isfinite(X))
    assert np.all(np.abs(X) <= 1.0)
    assert y.min() >= 0
    assert y.max() < k


@pytest.mark.parametrize("name", GENERATED)
@pytest.mark.parametrize("k", CLASS_COUNTS)
@pytest.mark.parametrize("n", [MIN_POINTS, 90, MAX_POINTS])
def test_generated_shapes_labels_and_box(name, k, n):
    X, y = generate(name, n=n, k=k, seed=1)
    _assert_well_formed(X, y, n, k)


@pytest.mark.parametrize("name", GENERATED)
@MODERATE
@given(
    n=st.integers(MIN_POINTS, 400),
    k=st.sampled_from(CLASS_COUNTS),
    noise=st.floats(0.0, 2.0),
    seed=seeds,
)
def test_generated_data_for_any_arguments(name, n, k, noise, seed):
    X, y = generate(name, n=n, k=k, noise=noise, seed=seed)
    _assert_well_formed(X, y, n, k)
    if name in BALANCED:
        counts = np.bincount(y, minlength=k)
        assert counts.max() - counts.min() <= 1, counts


@pytest.mark.parametrize("name", GENERATED)
def test_the_same_seed_gives_the_same_points_and_another_seed_others(name):
    first = generate(name, n=60, k=4, seed=7)
    again = generate(name, n=60, k=4, seed=7)
    other = generate(name, n=60, k=4, seed=8)
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[0], other[0])


@pytest.mark.parametrize("name", BALANCED)
@pytest.mark.parametrize("k", CLASS_COUNTS)
@pytest.mark.parametrize("n", [MIN_POINTS, 7, 100, MAX_POINTS])
def test_classes_are_balanced(name, k, n):
    counts = np.bincount(generate(name, n=n, k=k, seed=2)[1], minlength=k)
    assert counts.sum() == n
    assert counts.max() - counts.min() <= 1, counts


def test_xor_labels_follow_the_quadrant_for_two_classes():
    X, y = generate("xor", n=500, k=2, noise=0.0, seed=4)
    # Sectors of a quarter turn, labelled sector % 2: quadrants I and III are class 0.
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(np.int64))


@pytest.mark.parametrize("k", CLASS_COUNTS)
def test_circles_without_noise_lie_on_one_ring_per_class(k):
    X, y = generate("circles", n=120, k=k, noise=0.0, seed=5)
    np.testing.assert_allclose(np.hypot(X[:, 0], X[:, 1]), 0.15 + 0.7 * y / (k - 1), atol=1e-12)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"name": "moons"}, "unknown data set 'moons'"),
        ({"name": "blobs", "n": MIN_POINTS - 1}, "n must be between 3 and 10000"),
        ({"name": "blobs", "n": MAX_POINTS + 1}, "n must be between 3 and 10000"),
        ({"name": "spiral", "k": 1}, "k must be between 2 and 6"),
        ({"name": "spiral", "k": 7}, "k must be between 2 and 6"),
        ({"name": "circles", "noise": -0.1}, "noise must be a finite number >= 0"),
        ({"name": "circles", "noise": float("nan")}, "noise must be a finite number >= 0"),
        ({"name": "uniform", "noise": float("inf")}, "noise must be a finite number >= 0"),
    ],
)
def test_bad_arguments_raise(arguments, message):
    with pytest.raises(ValueError, match=message):
        generate(**arguments)
