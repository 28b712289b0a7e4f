"""Settings read from a shareable link's query, and written back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.link import (
    MAX_LENGTH,
    MAX_NOTICES,
    SETTINGS,
    ParsedSettings,
    parse_settings,
    to_query,
)
from demo_core.datasets import DATASETS
from demo_core.losses import LOSSES
from demo_core.optim import RULES

ROOT = Path(__file__).resolve().parent.parent
LOSS_CHOICES = "ww, ova, structured, softmax"


def _parsed(**query: object) -> ParsedSettings:
    return parse_settings(query)


# -- usable values ---------------------------------------------------------------------------


def test_a_single_loss():
    assert _parsed(loss="softmax") == ParsedSettings({"loss": "softmax"}, [])


def test_an_empty_query():
    assert parse_settings({}) == ParsedSettings({}, [])


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        *(("loss", key, key) for key in LOSSES),
        *(("rule", key, key) for key in RULES),
        *(("dataset", key, key) for key in DATASETS),
        ("loss", "SoftMax", "softmax"),
        ("step_size", "0.1", 0.1),
        ("step_size", "1e-4", 1e-4),
        ("step_size", "10", 10.0),
        ("reg", "0", 0.0),
        ("reg", "-0", 0.0),
        ("reg", "100", 100.0),
        ("noise", " 0.25 ", 0.25),
        ("batch_size", "1", 1),
        ("batch_size", "10000", 10_000),
        ("n", "3", 3),
        ("n", "1e3", 1000),
        ("n", "250.0", 250),
        ("k", "6", 6),
        ("seed", "0", 0),
        ("seed", str(2**32 - 1), 2**32 - 1),
        ("speed", "+60", 60),
    ],
)
def test_each_setting_reads_its_valid_values(name, text, value):
    parsed = _parsed(**{name: text})
    assert parsed.notices == []
    assert parsed.values == {name: value}
    assert type(parsed.values[name]) is type(value)


def test_every_setting_together():
    query = {
        "dataset": "spiral", "n": "500", "k": "4", "noise": "0.2", "seed": "42",
        "loss": "ova", "step_size": "0.01", "reg": "0.001", "rule": "adam",
        "batch_size": "32", "speed": "30",
    }  # fmt: skip
    parsed = parse_settings(query)
    assert parsed.notices == []
    assert parsed.values == {
        "dataset": "spiral", "n": 500, "k": 4, "noise": 0.2, "seed": 42,
        "loss": "ova", "step_size": 0.01, "reg": 0.001, "rule": "adam",
        "batch_size": 32, "speed": 30,
    }  # fmt: skip


@pytest.mark.parametrize(
    "raw",
    [b"softmax", [b"ww", b"softmax"], ["ova", "softmax"], ("softmax",), bytearray(b"softmax")],
)
def test_bytes_and_lists_give_their_last_value(raw):
    assert _parsed(loss=raw) == ParsedSettings({"loss": "softmax"}, [])


def test_numbers_given_as_numbers_are_read():
    assert _parsed(n=40, reg=0.5) == ParsedSettings({"n": 40, "reg": 0.5}, [])


def test_the_ranges_match_the_state():
    pytest.importorskip("param")
    from app.state import DemoState

    for name in ("step_size", "reg", "speed"):
        low, high = DemoState.param[name].bounds
        assert (SETTINGS[name].low, SETTINGS[name].high) == (low, high), name


def test_the_module_loads_no_web_library():
    # It reads the settings' declarations from the state, a param.Parameterized.
    script = (
        "import sys, app.link\n"
        "loaded = [m for m in ('panel', 'bokeh') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


# -- hostile values --------------------------------------------------------------------------

LONG = "9" * 5000
HOSTILE = [
    ("step_size", "1e9", {"step_size": 10.0}, "step_size=1e9 is out of range; using 10"),
    ("step_size", "0", {"step_size": 1e-4}, "step_size=0 is out of range; using 0.0001"),
    ("reg", "-1", {"reg": 0.0}, "reg=-1 is out of range; using 0"),
    ("reg", "1e308", {"reg": 100.0}, "reg=1e308 is out of range; using 100"),
    ("noise", "2", {"noise": 1.0}, "noise=2 is out of range; using 1"),
    ("n", "1000000000", {"n": 10_000}, "n=1000000000 is out of range; using 10000"),
    ("n", "1e308", {"n": 10_000}, "n=1e308 is out of range; using 10000"),
    ("n", "-5", {"n": 3}, "n=-5 is out of range; using 3"),
    ("k", "1", {"k": 2}, "k=1 is out of range; using 2"),
    ("k", "99", {"k": 6}, "k=99 is out of range; using 6"),
    ("seed", "-1", {"seed": 0}, "seed=-1 is out of range; using 0"),
    ("seed", str(2**32), {"seed": 2**32 - 1}, f"seed={2**32} is out of range; using {2**32 - 1}"),
    ("batch_size", "0", {"batch_size": 1}, "batch_size=0 is out of range; using 1"),
    (
        "batch_size",
        "20000",
        {"batch_size": 10_000},
        "batch_size=20000 is out of range; using 10000",
    ),
    ("speed", "1000", {"speed": 60}, "speed=1000 is out of range; using 60"),
    ("loss", "hinge", {}, f"loss='hinge' is not one of {LOSS_CHOICES}; ignored"),
    ("rule", "lbfgs", {}, "rule='lbfgs' is not one of " + ", ".join(RULES) + "; ignored"),
    ("dataset", "moons", {}, "dataset='moons' is not one of " + ", ".join(DATASETS) + "; ignored"),
    ("step_size", "fast", {}, "step_size='fast' is not a number; ignored"),
    ("step_size", "0x10", {}, "step_size='0x10' is not a number; ignored"),
    ("n", "2.5", {}, "n='2.5' is not a whole number; ignored"),
    ("n", "ten", {}, "n='ten' is not a number; ignored"),
    ("noise", "nan", {}, "noise='nan' is not a finite number; ignored"),
    ("reg", "inf", {}, "reg='inf' is not a finite number; ignored"),
    ("reg", "-Infinity", {}, "reg='-Infinity' is not a finite number; ignored"),
    ("reg", "1e400", {}, "reg='1e400' is not a finite number; ignored"),
    ("n", "NaN", {}, "n='NaN' is not a finite number; ignored"),
    ("n", "1e400", {}, "n='1e400' is not a finite number; ignored"),
    ("n", "", {}, "n is empty; ignored"),
    ("loss", "   ", {}, "loss is empty; ignored"),
    ("loss", [], {}, "loss has no value; ignored"),
    ("loss", b"\xe9t\xe9", {}, "loss is not UTF-8 text; ignored"),
    ("loss", None, {}, "loss has a value of unsupported type NoneType; ignored"),
    ("loss", True, {}, "loss has a value of unsupported type bool; ignored"),
    ("loss", [["softmax"]], {}, "loss has a value of unsupported type list; ignored"),
    ("n", LONG, {}, f"n={'9' * 30}… is too long (5000 characters); ignored"),
    ("n", str(10**400), {}, f"n=1{'0' * 29}… is too long (401 characters); ignored"),
    ("n", LONG.encode(), {}, f"n={'9' * 30}… is too long; ignored"),
    ("foo", "1", {}, "unknown setting 'foo' ignored"),
    ("x" * 500, "1", {}, f"unknown setting '{'x' * 30}…' ignored"),
    ("loss", "soft\x00max", {}, f"loss='soft?max' is not one of {LOSS_CHOICES}; ignored"),
]


@pytest.mark.parametrize(
    ("name", "raw", "values", "notice"), HOSTILE, ids=[f"{h[0][:10]}={h[1]!r:.20}" for h in HOSTILE]
)
def test_hostile_values_are_clamped_or_ignored_with_a_notice(name, raw, values, notice):
    parsed = parse_settings({name: raw})
    assert parsed.values == values
    assert parsed.notices == [notice]
    for value in values.values():
        assert type(value) is (float if name in ("step_size", "reg", "noise") else int)


@pytest.mark.parametrize("raw", [LONG, "1" * MAX_LENGTH + "0", "x" * 10**6])
def test_long_values_are_never_echoed_whole(raw):
    notice = parse_settings({"seed": raw}).notices[0]
    assert len(notice) < 100


def test_a_value_just_within_the_length_limit_is_parsed():
    parsed = parse_settings({"n": "0" * (MAX_LENGTH - 1) + "5"})
    assert parsed == ParsedSettings({"n": 5}, [])


def test_hostile_input_is_refused_by_its_length_and_yields_a_bounded_answer():
    # Refused for their length, not converted (int() of decimal text takes time quadratic in
    # its length): converted, n would be clamped "out of range" instead.
    query = {"n": "9" * 4300, "seed": "1" * 10**6} | {f"key{i}": "9" * 5000 for i in range(2000)}
    parsed = parse_settings(query)
    assert parsed.values == {}
    assert parsed.notices[:2] == [
        f"n={'9' * 30}… is too long (4300 characters); ignored",
        f"seed={'1' * 30}… is too long (1000000 characters); ignored",
    ]
    assert len(parsed.notices) == MAX_NOTICES + 1
    assert parsed.notices[-1] == f"and {len(query) - MAX_NOTICES} more"
    assert all(len(notice) < 100 for notice in parsed.notices)


def test_notices_are_capped():
    parsed = parse_settings({f"unknown{i}": "1" for i in range(25)})
    assert len(parsed.notices) == MAX_NOTICES + 1
    assert parsed.notices[:2] == [
        "unknown setting 'unknown0' ignored",
        "unknown setting 'unknown1' ignored",
    ]
    assert parsed.notices[-1] == f"and {25 - MAX_NOTICES} more"


def test_good_settings_survive_bad_neighbours():
    parsed = parse_settings({"loss": "softmax", "foo": "bar", "reg": "nan", "k": "9"})
    assert parsed.values == {"loss": "softmax", "k": 6}
    assert parsed.notices == [
        "unknown setting 'foo' ignored",
        "reg='nan' is not a finite number; ignored",
        "k=9 is out of range; using 6",
    ]


@pytest.mark.parametrize("query", [None, "loss=softmax", ["loss"], 3])
def test_a_query_that_is_not_a_mapping_is_ignored(query):
    parsed = parse_settings(query)
    assert parsed.values == {}
    assert len(parsed.notices) == 1


@settings(max_examples=50, deadline=None)
@given(
    st.dictionaries(
        st.one_of(st.sampled_from(list(SETTINGS)), st.text(max_size=20)),
        st.one_of(
            st.text(max_size=150),
            st.floats().map(repr),
            st.integers().map(str),
            st.binary(max_size=150),
            st.lists(st.one_of(st.text(max_size=20), st.binary(max_size=20)), max_size=3),
            st.floats(),
            st.integers(),
            st.none(),
        ),
        max_size=15,
    )
)
def test_parsing_never_raises_and_keeps_only_usable_values(query):
    parsed = parse_settings(query)
    assert set(parsed.values) <= set(SETTINGS)
    assert len(parsed.notices) <= MAX_NOTICES + 1
    assert all(len(notice) < 200 for notice in parsed.notices)
    assert parse_settings(parse_qs(to_query(parsed.values))).values == _rounded(parsed.values)


# -- writing the query -----------------------------------------------------------------------


def test_to_query_writes_known_settings_in_a_stable_order():
    values = {"speed": 5, "loss": "softmax", "foo": "bar", "step_size": 0.1, "reg": None, "n": 90}
    assert to_query(values) == "n=90&loss=softmax&step_size=0.1&speed=5"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.1, "0.1"),
        (0.1 + 0.2, "0.3"),
        (10.0, "10"),
        (1e-4, "0.0001"),
        (1e-5, "1e-05"),
        (0.0501, "0.0501"),
        (-0.0, "0"),
        (1 / 3, "0.333333333333"),
    ],
)
def test_to_query_writes_compact_floats(value, text):
    assert to_query({"reg": value}) == f"reg={text}"


def test_to_query_of_nothing_is_empty():
    assert to_query({}) == ""


setting_values = st.fixed_dictionaries(
    {},
    optional={
        "dataset": st.sampled_from(list(DATASETS)),
        "n": st.integers(3, 10_000),
        "k": st.integers(2, 6),
        "noise": st.floats(0.0, 1.0),
        "seed": st.integers(0, 2**32 - 1),
        "loss": st.sampled_from(list(LOSSES)),
        "step_size": st.floats(1e-4, 10.0),
        "reg": st.floats(0.0, 100.0),
        "rule": st.sampled_from(list(RULES)),
        "batch_size": st.integers(1, 10_000),
        "speed": st.integers(1, 60),
    },
)


def _rounded(values):
    return {
        name: float(f"{value:.12g}") if isinstance(value, float) else value
        for name, value in values.items()
    }


@settings(max_examples=100, deadline=None)
@given(setting_values)
def test_to_query_round_trips_through_parse_settings(values):
    query = to_query(values)
    for parsed in (
        parse_settings(parse_qs(query)),
        parse_settings({k: [v.encode() for v in vs] for k, vs in parse_qs(query).items()}),
    ):
        assert parsed.notices == []
        assert parsed.values == _rounded(values)
        assert list(parsed.values) == [name for name in SETTINGS if name in values]
        assert to_query(parsed.values) == query


# -- the parts a lesson hides ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "values", "notices"),
    [
        ("lab", {"hide": ["lab"]}, []),
        ("Data, LAB ,lab", {"hide": ["lab", "data"]}, []),  # the order of PAGE_PARTS, once each
        (
            "lab,<script>,table",
            {"hide": ["lab", "table"]},
            [
                "hide: unknown '<script>' ignored; the choices are "
                "lab, parameters, table, curve, data, rules, edit, files"
            ],
        ),
        (" , ,", {}, ["hide is empty; ignored"]),
    ],
)
def test_hide_keeps_the_known_parts_and_names_the_others(text, values, notices):
    parsed = _parsed(hide=text)
    assert parsed.values == values
    assert parsed.notices == notices


def test_hide_is_written_with_plain_commas_and_read_back():
    query = to_query({"loss": "softmax", "hide": ["lab", "rules"]})
    assert query == "loss=softmax&hide=lab,rules"
    assert parse_settings(parse_qs(query)).values == {"loss": "softmax", "hide": ["lab", "rules"]}
