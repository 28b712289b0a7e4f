"""Bounded values: typed parameters, added and dragged points, and exports that import again."""

from __future__ import annotations

import math

import numpy as np
import pytest
from app_helpers import make_page, parameter_values
from bokeh.events import Pan, PanStart, Tap
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.page import Page
from app.state import MAX_PARAMETER
from app.views.loss_curve import widen
from demo_core.csv_io import MAX_COORDINATE, parse_points_csv
from demo_core.model import ParamIndex


def typed(page: Page, k: int, c: int, value: object) -> None:
    """Type ``value`` into the grid's input, as the browser sends it."""
    text = "" if value is None else str(value)
    page.parameters.receive({"set": [k, c], "text": text})


def shown(page: Page, k: int, c: int) -> float:
    """The value the grid's input shows."""
    return parameter_values(page)[k][c]


def test_a_huge_typed_value_is_clamped_with_a_note(page: Page) -> None:
    typed(page, 0, 0, 1e200)
    assert page.state.trainer.W[0, 0] == MAX_PARAMETER
    assert page.state.status == "W[0,0] is limited to ±100: set to 100."
    assert shown(page, 0, 0) == MAX_PARAMETER
    assert math.isfinite(page.state.trainer.result.total_loss)


@pytest.mark.parametrize(("value", "kept"), [(-math.inf, -100.0), (10**400, 100.0), (-101, -100.0)])
def test_values_beyond_the_bound_are_clamped(page: Page, value: object, kept: float) -> None:
    typed(page, 1, 2, value)
    assert page.state.trainer.b[1] == kept and "limited" in page.state.status


@pytest.mark.parametrize("value", [math.nan, None])
def test_a_value_that_is_not_a_number_changes_nothing(page: Page, value: object) -> None:
    typed(page, 2, 1, value)
    assert page.state.trainer.W[2, 1] == -1.0
    assert page.state.status == "W[2,1] must be a number; it stays -1."
    assert shown(page, 2, 1) == -1.0  # the input shows the state's value again


def test_a_value_within_the_bound_clears_the_note(page: Page) -> None:
    typed(page, 0, 0, 1e200)
    typed(page, 0, 0, -2.5)
    assert page.state.trainer.W[0, 0] == -2.5 and page.state.status == ""


def test_nudging_stops_at_the_bound(page: Page) -> None:
    typed(page, 0, 1, 99.95)
    page.state.nudge(ParamIndex("W", 0, 1), +1)
    assert page.state.trainer.W[0, 1] == MAX_PARAMETER and "limited" in page.state.status


def test_a_tap_far_outside_adds_the_point_at_the_edge_of_the_box(page: Page) -> None:
    page.editor.param.update(mode="add", new_label=1)
    figure = page.main_plot.figure
    page.main_plot._tap(Tap(figure, x=1e308, y=-1e308))
    assert page.state.trainer.X[-1].tolist() == [1.0, -1.0]  # the corner of [-1, 1]²
    assert math.isfinite(page.state.trainer.result.total_loss)


@pytest.mark.parametrize(("x", "y"), [(math.nan, 0.0), ("abc", 0.0), (0.0, [1]), (None, 0.0)])
def test_a_tap_that_is_not_a_position_adds_nothing(page: Page, x: object, y: object) -> None:
    page.editor.mode = "add"
    page.main_plot._tap(Tap(page.main_plot.figure, x=x, y=y))
    assert page.state.trainer.num_points == 9


def test_a_dragged_point_stays_in_the_box(page: Page) -> None:
    figure = page.main_plot.figure
    page.main_plot._grab(PanStart(figure, x=0.5, y=0.4))
    page.main_plot._drag(Pan(figure, x=-1e308, y=math.inf))
    assert page.state.trainer.X[0].tolist() == [-1.0, 1.0]


def test_a_point_that_is_gone_is_not_moved(page: Page) -> None:
    before = page.state.trainer.X.copy()
    page.state.move_point(9, 0.1, 0.1)
    page.state.move_point(0, math.nan, 0.1)
    assert np.array_equal(page.state.trainer.X, before)


def test_the_editor_keeps_points_where_the_importer_reads_them(page: Page) -> None:
    page.editor.add(1e300, -math.inf, 0)
    assert page.state.trainer.X[-1].tolist() == [MAX_COORDINATE, -MAX_COORDINATE]


def exported_points(page: Page) -> bytes:
    """The points as the download button saves them."""
    return page.controls.points_csv().encode()


COORDINATES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-(10**400), 10**400)
)
EDITS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), COORDINATES, COORDINATES, st.integers(0, 5)),
        st.tuples(st.just("move"), st.integers(0, 12), COORDINATES, COORDINATES),
        st.tuples(st.just("relabel"), st.lists(st.integers(0, 12)), st.integers(0, 5)),
        st.tuples(st.just("delete"), st.lists(st.integers(0, 12))),
    ),
    max_size=12,
)


@pytest.fixture(scope="module")
def reused_page() -> Page:
    """One page for many examples: each starts from Reset."""
    return make_page()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS)
def test_exported_points_always_import_again(reused_page: Page, edits: list[tuple]) -> None:
    page = reused_page
    page.state.reset()
    for kind, *args in edits:
        if kind == "add":
            page.editor.add(*args)
        elif kind == "move":
            page.state.move_point(*args)
        elif kind == "relabel":
            page.editor.relabel(*args)
        else:
            page.editor.delete(*args)
    X, y = parse_points_csv(exported_points(page))
    assert np.array_equal(X, page.state.trainer.X) and np.array_equal(y, page.state.trainer.y)


def test_points_relabelled_to_class_0_import_again_with_two_classes(page: Page) -> None:
    page.editor.relabel(list(range(9)), 0)
    assert page.editor.import_csv(exported_points(page)) == "Loaded 9 points in 2 classes."


@pytest.mark.parametrize("end", [-5.0, 0.0, math.nan, math.inf])
def test_the_loss_curve_widens_from_any_end_the_browser_left(page: Page, end: float) -> None:
    axis = page.loss_curve.figure.x_range
    axis.end = end  # the curve can be panned below zero
    for _ in range(3):
        page.state.step()
    assert axis.end == 4.0  # doubled from 1 until it holds step 3
    widen(axis, math.inf)  # no end holds it: the range stays
    assert axis.end == 4.0
