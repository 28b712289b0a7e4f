"""Bad input to the public ``evaluate`` raises ValueError with a message naming the problem."""

from __future__ import annotations

import numpy as np
import pytest
from helpers_core import defaults

from demo_core.losses import evaluate


def _replace(**changes):
    """The defaults as ``evaluate`` keyword arguments, with some replaced."""
    X, y, W, b = defaults()
    return {"name": "ww", "W": W, "b": b, "X": X, "y": y, "reg": 0.1} | changes


def _with_entry(array, index, value):
    changed = np.array(array, dtype=np.float64)
    changed[index] = value
    return changed


X0, Y0, W0, B0 = defaults()

BAD_INPUTS = {
    "W with one column": (_replace(W=W0[:, :1]), r"W must have shape \(K, D\) .* D >= 2"),
    "W with three columns for points of two": (
        _replace(W=np.ones((3, 3))),
        r"X must have shape \(N, 3\)",
    ),
    "W with one class": (_replace(W=W0[:1], b=B0[:1]), r"W must have shape \(K, D\) with K >= 2"),
    "W of one dimension": (_replace(W=W0.ravel()), "W must have 2 dimensions"),
    "W not numeric": (_replace(W=[["a", "b"], ["c", "d"], ["e", "f"]]), "W must be numeric"),
    "b too short": (_replace(b=B0[:2]), r"b must have shape \(3,\) to match W"),
    "b too long": (_replace(b=np.zeros(4)), r"b must have shape \(3,\) to match W"),
    "b of two dimensions": (_replace(b=B0[None, :]), "b must have 1 dimensions"),
    "X with three columns": (_replace(X=np.ones((9, 3))), r"X must have shape \(N, 2\)"),
    "X of one dimension": (_replace(X=X0.ravel()), "X must have 2 dimensions"),
    "X empty": (_replace(X=np.zeros((0, 2)), y=np.zeros(0, dtype=int)), "N >= 1"),
    "y shorter than X": (_replace(y=Y0[:5]), r"y must have shape \(9,\) to match X"),
    "y of strings": (_replace(y=np.array(list("abcdefghi"))), "integer class labels"),
    "y fractional": (_replace(y=Y0 + 0.5), "whole-number class labels"),
    "y NaN": (_replace(y=_with_entry(Y0, 0, np.nan)), "y contains NaN or inf"),
    "NaN in W": (_replace(W=_with_entry(W0, (1, 0), np.nan)), "W contains NaN or inf"),
    "inf in W": (_replace(W=_with_entry(W0, (0, 1), np.inf)), "W contains NaN or inf"),
    "NaN in b": (_replace(b=_with_entry(B0, 2, np.nan)), "b contains NaN or inf"),
    "-inf in b": (_replace(b=_with_entry(B0, 0, -np.inf)), "b contains NaN or inf"),
    "NaN in X": (_replace(X=_with_entry(X0, (4, 1), np.nan)), "X contains NaN or inf"),
    "inf in X": (_replace(X=_with_entry(X0, (8, 0), np.inf)), "X contains NaN or inf"),
    "label K": (_replace(y=_with_entry(Y0, 3, 3).astype(int)), r"label outside 0\.\.2"),
    "label -1": (_replace(y=_with_entry(Y0, 0, -1).astype(int)), r"label outside 0\.\.2"),
    "negative reg": (_replace(reg=-0.1), "reg must be >= 0"),
    "infinite reg": (_replace(reg=np.inf), "reg must be finite"),
    "NaN reg": (_replace(reg=np.nan), "reg must be finite"),
    "reg not a number": (_replace(reg="strong"), "reg must be a number"),
    "unknown loss": (_replace(name="hinge"), "unknown loss 'hinge'"),
}


@pytest.mark.parametrize(("arguments", "message"), BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_raises_a_value_error_naming_the_problem(arguments, message):
    with pytest.raises(ValueError, match=message):
        evaluate(**arguments)


def test_lists_and_integer_arrays_are_accepted():
    result = evaluate("ww", W0.tolist(), B0.tolist(), X0.tolist(), Y0.tolist(), 0)
    assert result.total_loss == pytest.approx(2.7667, abs=1e-4)
    result = evaluate("ww", W0.astype(int), B0, X0, Y0.astype(np.uint8), 0.1)
    assert result.dW.dtype == np.float64


def test_whole_float_labels_are_accepted():
    expected = evaluate("softmax", W0, B0, X0, Y0, 0.1).total_loss
    assert evaluate("softmax", W0, B0, X0, Y0.astype(float), 0.1).total_loss == expected


def test_reg_zero_is_allowed():
    # The original's slider could not reach 0; here the data loss alone is a valid objective.
    assert evaluate("ww", W0, B0, X0, Y0, 0.0).reg_loss == 0.0
