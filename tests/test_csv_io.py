"""Reading points from CSV files, and writing points, parameters and the loss history."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest
from helpers_core import MODERATE
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from demo_core.csv_io import (
    HISTORY_COLUMNS,
    MAX_BYTES,
    MAX_COORDINATE,
    CsvError,
    check_file_size,
    history_to_csv,
    num_classes,
    params_to_json,
    parse_points_csv,
    points_to_csv,
)
from demo_core.datasets import DATASETS, MAX_POINTS, generate, original
from demo_core.model import original_params
from demo_core.trainer import Record, Trainer

GOOD = b"x0,x1,label\n0.5,0.4,0\n-0.4,0.3,1\n0.7,-0.4,2\n"


def _file(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode()


def _refused(data: bytes) -> CsvError:
    with pytest.raises(CsvError) as caught:
        parse_points_csv(data)
    return caught.value


# -- good files ------------------------------------------------------------------------------


def test_a_good_file_parses():
    X, y = parse_points_csv(GOOD)
    assert X.dtype == np.float64
    assert y.dtype == np.int64
    np.testing.assert_array_equal(X, [[0.5, 0.4], [-0.4, 0.3], [0.7, -0.4]])
    np.testing.assert_array_equal(y, [0, 1, 2])


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\xef\xbb\xbf" + GOOD, id="utf8-bom"),
        pytest.param(GOOD.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(GOOD.replace(b"\n", b"\r"), id="cr"),
        pytest.param(GOOD.rstrip(b"\n"), id="no-final-newline"),
        pytest.param(GOOD + b"\n\n  \n,,\n", id="blank-lines"),
        pytest.param(b" X0 , x1 ,LABEL\n 0.5 , 0.4, 0\n-0.4,0.3,1.0\n0.7,-4e-1,2\n", id="spaces"),
        pytest.param(b'"x0","x1","label"\n"0.5",0.4,0\n-0.4,0.3,1\n0.7,-0.4,2\n', id="quoted"),
    ],
)
def test_tolerated_variations_of_the_good_file(data):
    X, y = parse_points_csv(data)
    np.testing.assert_array_equal(X, [[0.5, 0.4], [-0.4, 0.3], [0.7, -0.4]])
    np.testing.assert_array_equal(y, [0, 1, 2])


def test_columns_may_come_in_any_order():
    X, y = parse_points_csv(_file("label,x1,x0", "1,0.2,0.1", "0,0.4,0.3"))
    np.testing.assert_array_equal(X, [[0.1, 0.2], [0.3, 0.4]])
    np.testing.assert_array_equal(y, [1, 0])


def test_a_single_point_with_label_one_gives_two_classes():
    X, y = parse_points_csv(_file("x0,x1,label", "0,0,1"))
    assert X.shape == (1, 2)
    assert y.tolist() == [1] and num_classes(y) == 2


def test_labels_that_are_all_zero_give_two_classes():
    _, y = parse_points_csv(_file("x0,x1,label", "0,0,0", "1,1,0"))
    assert y.tolist() == [0, 0] and num_classes(y) == 2


def test_labels_may_skip_classes():
    _, y = parse_points_csv(_file("x0,x1,label", "0,0,0", "1,1,5"))
    assert y.tolist() == [0, 5]


def test_exactly_the_maximum_number_of_points_parses():
    X, y = parse_points_csv(points_to_csv(*generate("blobs", n=MAX_POINTS, seed=1)).encode())
    assert X.shape == (MAX_POINTS, 2)
    assert y.shape == (MAX_POINTS,)


def test_the_coordinate_limit_is_inclusive():
    X, _ = parse_points_csv(_file("x0,x1,label", f"{MAX_COORDINATE},-{MAX_COORDINATE},1"))
    np.testing.assert_array_equal(X, [[MAX_COORDINATE, -MAX_COORDINATE]])


# -- bad files -------------------------------------------------------------------------------

HEADER = "x0,x1,label"
TOO_MANY = "\n".join([HEADER, *(["0,0,1"] * (MAX_POINTS + 1))]).encode()

BAD = [
    ("empty", b"", None, "the file is empty"),
    ("whitespace", b" \n\n \r\n", None, "the file is empty"),
    ("header-only", b"x0,x1,label\n", None, "header but no points"),
    ("header-and-blank-lines", b"x0,x1,label\n\n\n", None, "header but no points"),
    ("missing-column", _file("x0,x1", "0,0"), 1, "missing column label"),
    ("missing-header", _file("0.5,0.4,0", "1,1,1"), 1, "unexpected column '0.5', '0.4', '0'"),
    ("extra-column", _file("x0,x1,label,z", "0,0,1,2"), 1, "unexpected column 'z'"),
    ("empty-column-name", _file("x0,x1,label,", "0,0,1,"), 1, "unexpected column ''"),
    ("duplicated-column", _file("x0,x0,label", "0,0,1"), 1, "column 'x0' appears more than once"),
    ("too-few-fields", _file(HEADER, "0,0,1", "0,1"), 3, "expected 3 fields"),
    ("too-many-fields", _file(HEADER, "0,0,1", "0,1,1,1"), 3, "found 4"),
    ("not-a-number", _file(HEADER, "0,0,1", "abc,0,1"), 3, "x0 'abc' is not a number"),
    ("empty-field", _file(HEADER, "0,0,1", "0, ,1"), 3, "x1 is empty"),
    ("comma-decimal", _file(HEADER, '"0,5",0,1'), 2, "x0 '0,5' is not a number"),
    ("nan", _file(HEADER, "nan,0,1"), 2, "x0 'nan' is not a finite number"),
    ("NaN", _file(HEADER, "0,NaN,1"), 2, "x1 'NaN' is not a finite number"),
    ("inf", _file(HEADER, "inf,0,1"), 2, "x0 'inf' is not a finite number"),
    ("-Infinity", _file(HEADER, "0,-Infinity,1"), 2, "x1 '-Infinity' is not a finite number"),
    ("overflow", _file(HEADER, "1e999,0,1"), 2, "x0 '1e999' is not a finite number"),
    ("too-large", _file(HEADER, "0,1e7,1"), 2, "x1 '1e7' is too large"),
    ("label-fraction", _file(HEADER, "0,0,1", "0,0,1.5"), 3, "label '1.5' is not a whole number"),
    ("label-negative", _file(HEADER, "0,0,1", "0,0,-1"), 3, "label -1 is outside 0..5"),
    ("label-six", _file(HEADER, "0,0,1", "0,0,6"), 3, "label 6 is outside 0..5"),
    ("label-nan", _file(HEADER, "0,0,nan"), 2, "label 'nan' is not a finite number"),
    ("label-text", _file(HEADER, "0,0,cat"), 2, "label 'cat' is not a number"),
    ("too-many-points", TOO_MANY, MAX_POINTS + 2, f"more than {MAX_POINTS} points"),
    ("latin-1", "x0,x1,label\n0,0,1\n0,0,é\n".encode("latin-1"), 3, "not UTF-8 text"),
    ("utf-16", GOOD.decode().encode("utf-16"), 1, "not UTF-8 text"),
    ("huge-field", _file(HEADER, "0,0," + "1" * 200_000), 2, "cannot read the line"),
]


@pytest.mark.parametrize(("data", "line", "problem"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_files_are_refused_with_the_line_and_the_problem(data, line, problem):
    error = _refused(data)
    assert isinstance(error, ValueError)
    assert error.line == line
    assert problem in error.problem
    expected_prefix = "" if line is None else f"line {line}: "
    assert str(error) == expected_prefix + error.problem


def test_a_latin1_file_with_an_accent_is_refused_as_not_utf8():
    error = _refused("x0,x1,label\n0.5,0.4,0\n0.1,0.2,1 # café\n".encode("latin-1"))
    assert str(error).startswith("line 3: the file is not UTF-8 text (byte 0xe9")


@pytest.mark.parametrize(
    "data",
    [
        GOOD + b"0,0,1\n" * (MAX_BYTES // 6),
        # Were it decoded or parsed first, these would be refused for their first line.
        b"\xff" * (MAX_BYTES + 1),
        _file(HEADER, "0,0,cat") * (MAX_BYTES // 10),
    ],
    ids=["valid-rows", "not-utf8", "bad-rows"],
)
def test_a_file_over_the_size_limit_is_refused_before_parsing(data):
    assert len(data) > MAX_BYTES
    error = _refused(data)
    assert error.line is None
    assert str(error) == f"the file is larger than {MAX_BYTES:,} bytes ({len(data):,} bytes)"


def test_the_size_check_alone_gives_the_importers_message():
    check_file_size(MAX_BYTES)
    with pytest.raises(CsvError) as caught:
        check_file_size(16 * 2**20)
    assert str(caught.value) == "the file is larger than 1,000,000 bytes (16,777,216 bytes)"


def test_a_file_at_the_size_limit_is_read():
    padding = MAX_BYTES - len(GOOD)
    data = GOOD + (b" " * 99 + b"\n") * (padding // 100) + b"\n" * (padding % 100)
    assert len(data) == MAX_BYTES
    assert parse_points_csv(data)[0].shape == (3, 2)


def test_long_values_are_shortened_in_the_message():
    error = _refused(_file(HEADER, "x" * 5000 + ",0,1"))
    assert len(str(error)) < 100
    assert "…" in str(error)


def test_control_characters_are_not_echoed():
    error = _refused(_file(HEADER, "\x1b[31m,0,1"))
    assert "\x1b" not in str(error)
    assert "'?[31m' is not a number" in str(error)


# -- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", DATASETS)
def test_generated_points_round_trip_exactly(name):
    X, y = generate(name, n=200, k=4, noise=0.3, seed=11)
    again_X, again_y = parse_points_csv(points_to_csv(X, y).encode())
    np.testing.assert_array_equal(again_X, X)
    np.testing.assert_array_equal(again_y, y)


coordinates = st.floats(-MAX_COORDINATE, MAX_COORDINATE, allow_nan=False)


@MODERATE
@given(
    X=hnp.arrays(np.float64, st.tuples(st.integers(1, 30), st.just(2)), elements=coordinates),
    data=st.data(),
)
def test_any_points_round_trip_exactly(X, data):
    y = data.draw(hnp.arrays(np.int64, len(X), elements=st.integers(0, 5)))
    y[data.draw(st.integers(0, len(X) - 1))] = data.draw(st.integers(1, 5))
    again_X, again_y = parse_points_csv(points_to_csv(X, y).encode())
    np.testing.assert_array_equal(again_X, X)
    assert np.signbit(again_X).tolist() == np.signbit(X).tolist()
    np.testing.assert_array_equal(again_y, y)


def test_points_to_csv_writes_the_header_and_one_line_per_point():
    text = points_to_csv(*original())
    lines = text.splitlines()
    assert lines[0] == "x0,x1,label"
    assert lines[1] == "0.5,0.4,0"
    assert len(lines) == 10
    assert text.endswith("\n")


@pytest.mark.parametrize(
    ("X", "y"),
    [
        ([[0.0, np.nan]], [0]),
        ([[0.0, 0.0, 0.0]], [0]),
        ([[0.0, 0.0]], [6]),
        ([[0.0, 0.0]], [0, 1]),
    ],
)
def test_points_to_csv_refuses_malformed_points(X, y):
    with pytest.raises(ValueError):
        points_to_csv(X, y)


# -- parameters and history ------------------------------------------------------------------


def test_params_to_json_writes_w_b_and_the_extra_entries():
    W, b = original_params()
    extra = {"loss": "softmax", "reg": np.float64(0.1), "steps": np.int64(3), "y": np.arange(2)}
    data = json.loads(params_to_json(W, b, extra))
    assert data == {
        "W": W.tolist(),
        "b": b.tolist(),
        "loss": "softmax",
        "reg": 0.1,
        "steps": 3,
        "y": [0, 1],
    }
    assert list(data) == ["W", "b", "loss", "reg", "steps", "y"]


def test_params_to_json_round_trips_the_floats_exactly():
    rng = np.random.default_rng(3)
    W, b = rng.standard_normal((5, 2)), rng.standard_normal(5)
    data = json.loads(params_to_json(W, b))
    np.testing.assert_array_equal(np.array(data["W"]), W)
    np.testing.assert_array_equal(np.array(data["b"]), b)


@pytest.mark.parametrize(
    ("W", "b", "extra", "error"),
    [
        ([[0.0, 0.0]], [0.0], None, ValueError),
        ([[0.0, np.inf], [0.0, 0.0]], [0.0, 0.0], None, ValueError),
        ([[0.0, 0.0], [0.0, 0.0]], [0.0, 0.0], {"W": 1}, ValueError),
        ([[0.0, 0.0], [0.0, 0.0]], [0.0, 0.0], {"reg": math.nan}, ValueError),
        ([[0.0, 0.0], [0.0, 0.0]], [0.0, 0.0], {"when": object()}, TypeError),
    ],
)
def test_params_to_json_refuses_what_is_not_strict_json(W, b, extra, error):
    with pytest.raises(error):
        params_to_json(W, b, extra)


def test_history_to_csv_writes_every_record():
    X, y = original()
    trainer = Trainer(X, y, *original_params())
    for _ in range(3):
        trainer.step()
    text = history_to_csv(trainer.history)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(HISTORY_COLUMNS)
    assert rows[0] == [
        "step", "data_loss", "reg_loss", "total_loss", "accuracy", "batch_loss",
        "test_loss", "test_accuracy",
    ]  # fmt: skip
    assert len(rows) == 1 + len(trainer.history)
    for row, record in zip(rows[1:], trainer.history, strict=True):
        assert int(row[0]) == record.step
        np.testing.assert_array_equal([float(v) for v in row[1:]], list(record[1:]))
    assert rows[1][-2:] == ["nan", "nan"]  # no point held out: no test set


def test_history_to_csv_writes_the_test_set_s_loss_and_accuracy():
    X, y = original()
    trainer = Trainer(X, y, *original_params(), holdout=0.5)
    trainer.step()
    (row,) = list(csv.reader(io.StringIO(history_to_csv(trainer.history))))[1:]
    assert [float(v) for v in row[-2:]] == list(trainer.test_metrics())


def test_history_to_csv_writes_diverged_losses_and_numpy_values():
    record = Record(np.int64(7), np.float64(np.inf), 0.5, np.nan, 1.0, 2.25, 0.75, np.float64(0.5))
    assert history_to_csv([record]).splitlines()[1] == "7,inf,0.5,nan,1.0,2.25,0.75,0.5"


def test_history_to_csv_of_nothing_is_the_header():
    assert history_to_csv([]) == (
        "step,data_loss,reg_loss,total_loss,accuracy,batch_loss,test_loss,test_accuracy\n"
    )
