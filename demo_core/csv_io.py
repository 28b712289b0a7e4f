"""Import of labelled points from CSV, and export of points, parameters and the loss history.

A points file is UTF-8 text (a byte-order mark is allowed) with a header line naming the
three columns ``x0``, ``x1`` and ``label`` in any order, then one point per line::

    x0,x1,label
    0.5,0.4,0
    -0.4,0.3,1

The rules of :func:`parse_points_csv`:

* Column names are compared after stripping surrounding whitespace and ignoring case; each of
  the three must appear exactly once and no other column is allowed.
* Fields may be surrounded by whitespace. Lines that are empty (or hold only whitespace and
  commas) are skipped, so a trailing newline or blank line is fine.
* Coordinates are finite decimal numbers within ``±MAX_COORDINATE``; ``nan``, ``inf``,
  ``-Infinity`` and numbers that overflow to infinity are refused.
* Labels are whole numbers from 0 to ``MAX_CLASSES - 1`` (``2`` and ``2.0`` both mean class 2).
  The number of classes is K = largest label + 1, but at least ``MIN_CLASSES`` (2): a file
  whose labels are all 0 has an empty class 1. Classes below K that no point has are allowed
  (they are simply empty), so every file that :func:`points_to_csv` writes reads back.
* There are between 1 and ``MAX_POINTS`` points, and the file is at most ``MAX_BYTES`` bytes.

Every problem raises :class:`CsvError` before anything is returned.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from demo_core.datasets import MAX_CLASSES, MAX_POINTS, MIN_CLASSES
from demo_core.trainer import Record
from demo_core.validation import check_data, check_params

__all__ = [
    "COLUMNS",
    "HISTORY_COLUMNS",
    "MAX_BYTES",
    "MAX_COORDINATE",
    "CsvError",
    "check_file_size",
    "history_to_csv",
    "num_classes",
    "params_to_json",
    "parse_points_csv",
    "points_to_csv",
]

MAX_BYTES = 1_000_000
#: Coordinates beyond this magnitude are refused: they would overflow the scores.
MAX_COORDINATE = 1e6
COLUMNS = ("x0", "x1", "label")
HISTORY_COLUMNS = Record._fields
_EXPECTED = ", ".join(COLUMNS)
_SHOWN_CHARACTERS = 20


#: Every problem a points file can have, by kind: its English text with ``{names}`` to fill.
PROBLEMS: dict[str, str] = {
    "not_utf8": "the file is not UTF-8 text (byte 0x{byte} cannot be decoded); "
    "save it as UTF-8 CSV",
    "duplicated": "column {columns} appears more than once",
    "unexpected": "unexpected column {columns}; the columns must be exactly {expected}",
    "missing": "missing column {columns}; the header must name {expected}",
    "empty_field": "{column} is empty",
    "not_a_number": "{column} {field} is not a number",
    "not_finite": "{column} {field} is not a finite number",
    "too_large": "{column} {field} is too large; coordinates must lie within ±{limit}",
    "not_whole": "label {field} is not a whole number",
    "label_range": "label {label} is outside 0..{last}",
    "fields": "expected {count} fields ({expected}), found {found}",
    "too_many": "more than {limit} points; the limit is {limit}",
    "too_big": "the file is larger than {limit} bytes ({size} bytes)",
    "empty_file": "the file is empty; expected a header line {header}",
    "unreadable": "cannot read the line: {error}",
    "no_points": "the file has a header but no points; at least one point is needed",
}


class CsvError(ValueError):
    """A points file that cannot be used, with the reason.

    The message reads ``"line <n>: <problem>"`` when the problem is on one line of the file
    (1-based, the header being line 1), or just ``"<problem>"`` when it concerns the whole file.

    Parameters
    ----------
    kind : str
        The kind of problem, a key of :data:`PROBLEMS`.
    line : int or None
        The 1-based line number of the problem, or None for a problem of the whole file.
    **values
        What fills the problem's text, e.g. ``column="x0"``.

    Attributes
    ----------
    kind, line, values
        As given, so that the problem can be said in another language.
    problem : str
        The problem in English, without the line number.
    """

    def __init__(self, kind: str, line: int | None = None, **values: object) -> None:
        self.kind = kind
        self.line = line
        self.values = values
        self.problem = PROBLEMS[kind].format(**values)
        super().__init__(self.problem if line is None else f"line {line}: {self.problem}")


def _shown(text: str) -> str:
    """``text`` quoted for a message: at most 20 characters, non-printable ones as ``?``."""
    short = text if len(text) <= _SHOWN_CHARACTERS else text[:_SHOWN_CHARACTERS] + "…"
    return repr("".join(c if c.isprintable() else "?" for c in short))


# -- parsing ---------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """The file's text: UTF-8 with an optional byte-order mark."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        raise CsvError("not_utf8", line, byte=f"{byte:02x}") from None


def _is_blank(row: list[str]) -> bool:
    return all(not field.strip() for field in row)


def _column_index(header: list[str]) -> dict[str, int]:
    """Map each column name to its position, or raise :class:`CsvError` on line 1."""
    names = [name.strip().lower() for name in header]
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise CsvError("duplicated", 1, columns=", ".join(map(_shown, duplicated)))
    unexpected = [name for name in names if name not in COLUMNS]
    if unexpected:
        raise CsvError(
            "unexpected", 1, columns=", ".join(map(_shown, unexpected)), expected=_EXPECTED
        )
    missing = [name for name in COLUMNS if name not in names]
    if missing:
        raise CsvError("missing", 1, columns=", ".join(missing), expected=_EXPECTED)
    return {name: names.index(name) for name in COLUMNS}


def _finite(text: str, column: str, line: int) -> float:
    """The field ``text`` of ``column`` as a finite float."""
    field = text.strip()
    if not field:
        raise CsvError("empty_field", line, column=column)
    try:
        value = float(field)
    except ValueError:
        raise CsvError("not_a_number", line, column=column, field=_shown(field)) from None
    if not math.isfinite(value):
        raise CsvError("not_finite", line, column=column, field=_shown(field))
    return value


def _coordinate(text: str, column: str, line: int) -> float:
    value = _finite(text, column, line)
    if abs(value) > MAX_COORDINATE:
        shown = _shown(text.strip())
        raise CsvError("too_large", line, column=column, field=shown, limit=f"{MAX_COORDINATE:g}")
    return value


def _label(text: str, line: int) -> int:
    value = _finite(text, "label", line)
    if not value.is_integer():
        raise CsvError("not_whole", line, field=_shown(text.strip()))
    if not 0 <= value < MAX_CLASSES:
        raise CsvError("label_range", line, label=int(value), last=MAX_CLASSES - 1)
    return int(value)


def _point(row: list[str], columns: dict[str, int], line: int) -> tuple[float, float, int]:
    if len(row) != len(COLUMNS):
        raise CsvError("fields", line, count=len(COLUMNS), expected=_EXPECTED, found=len(row))
    return (
        _coordinate(row[columns["x0"]], "x0", line),
        _coordinate(row[columns["x1"]], "x1", line),
        _label(row[columns["label"]], line),
    )


def _read_points(reader: Any, columns: dict[str, int]) -> list[tuple[float, float, int]]:
    """The points of the rows after the header, at most ``MAX_POINTS`` of them."""
    points: list[tuple[float, float, int]] = []
    for row in reader:
        if _is_blank(row):
            continue
        if len(points) == MAX_POINTS:
            raise CsvError("too_many", reader.line_num, limit=MAX_POINTS)
        points.append(_point(row, columns, reader.line_num))
    return points


def check_file_size(size: int) -> None:
    """Refuse a file of ``size`` bytes if it is larger than :data:`MAX_BYTES`.

    Raises
    ------
    CsvError
        ``"the file is larger than 1,000,000 bytes (<size> bytes)"``.
    """
    if size > MAX_BYTES:
        raise CsvError("too_big", limit=f"{MAX_BYTES:,}", size=f"{size:,}")


def num_classes(labels: np.ndarray) -> int:
    """K of labels (N,) read from a file: the largest label + 1, at least ``MIN_CLASSES``."""
    return max(int(labels.max()) + 1, MIN_CLASSES)


def parse_points_csv(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Read labelled points from the bytes of a CSV file.

    Parameters
    ----------
    data : bytes
        The file's content: UTF-8 text, at most :data:`MAX_BYTES` bytes, with the header
        ``x0,x1,label`` (any order) and one point per line. See the module's description.

    Returns
    -------
    X : ndarray of float64, shape (N, 2)
        The points, 1 <= N <= 10,000, in the file's order.
    y : ndarray of int64, shape (N,)
        Their labels in ``0 .. K-1`` with 2 <= K <= 6, K = :func:`num_classes` of ``y``.

    Raises
    ------
    CsvError
        If the file breaks any rule; the message names the line and the problem.
    """
    check_file_size(len(data))
    text = _decode(bytes(data))
    if not text.strip():
        raise CsvError("empty_file", header=",".join(COLUMNS))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        columns = _column_index(next(reader))
        points = _read_points(reader, columns)
    except csv.Error as error:
        raise CsvError("unreadable", reader.line_num, error=error) from None
    if not points:
        raise CsvError("no_points")
    X = np.array([point[:2] for point in points], dtype=np.float64)
    y = np.array([point[2] for point in points], dtype=np.int64)
    return X, y


# -- export ----------------------------------------------------------------------------------


def _csv_text(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """CSV text with newline line endings: floats at full (``repr``) precision."""
    lines = [",".join(header)]
    lines.extend(",".join(map(repr, row)) for row in rows)
    return "\n".join(lines) + "\n"


def points_to_csv(X: object, y: object) -> str:
    """Write labelled points as CSV text that :func:`parse_points_csv` reads back exactly.

    Parameters
    ----------
    X : array_like, shape (N, 2)
        Finite points; to be read back they must lie within ``±MAX_COORDINATE``.
    y : array_like of int, shape (N,)
        Labels in ``0 .. 5``.

    Returns
    -------
    str
        The header ``x0,x1,label`` then one line per point, e.g. ``0.5,0.4,0``.

    Raises
    ------
    ValueError
        If ``X`` or ``y`` is malformed (see :func:`demo_core.validation.check_data`).
    """
    X, y = check_data(X, y, MAX_CLASSES)
    rows = ((float(x0), float(x1), int(label)) for (x0, x1), label in zip(X, y, strict=True))
    return _csv_text(COLUMNS, rows)


def _to_json(value: object) -> object:
    """Plain Python for NumPy values inside ``extra``."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot write a {type(value).__name__} as JSON")


def params_to_json(W: object, b: object, extra: dict[str, Any] | None = None) -> str:
    """Write the model's parameters as a JSON object.

    Parameters
    ----------
    W : array_like, shape (K, 2)
        Finite weights.
    b : array_like, shape (K,)
        Finite biases.
    extra : dict, optional
        More entries of the object, e.g. ``{"loss": "softmax", "reg": 0.1}``; NumPy arrays
        and scalars are converted. The keys ``"W"`` and ``"b"`` are reserved.

    Returns
    -------
    str
        ``{"W": [[w00, w01], ...], "b": [b0, ...], ...extra}``, strict JSON (no NaN).

    Raises
    ------
    ValueError
        If W or b is malformed, ``extra`` uses a reserved key or holds NaN or infinity.
    TypeError
        If a value of ``extra`` cannot be written as JSON.
    """
    W, b = check_params(W, b)
    extra = extra or {}
    reserved = sorted({"W", "b"} & set(extra))
    if reserved:
        raise ValueError(f"extra must not contain the reserved keys {reserved}")
    return json.dumps(
        {"W": W.tolist(), "b": b.tolist(), **extra}, allow_nan=False, default=_to_json
    )


def history_to_csv(records: Iterable[Record]) -> str:
    """Write the loss history as CSV text.

    Parameters
    ----------
    records : iterable of demo_core.trainer.Record
        The rows, e.g. ``trainer.history``.

    Returns
    -------
    str
        The header ``step,data_loss,reg_loss,total_loss,accuracy,batch_loss,test_loss,
        test_accuracy`` and one line per record; floats at full precision, a diverged loss
        as ``inf`` or ``nan``, and the test set's loss and accuracy as ``nan`` when no point
        is held out.
    """
    rows = ((int(record.step), *(float(value) for value in record[1:])) for record in records)
    return _csv_text(HISTORY_COLUMNS, rows)
