"""What the page shows: numbers that fit their cells, and untrusted text that stays text."""

from __future__ import annotations

import math

import pytest
from app_helpers import live_text
from hypothesis import given
from hypothesis import strategies as st

from app.display import FIXED_LIMIT, number_text, text_html
from app.link import apply_query
from app.page import Page

PAYLOAD = '<img src=x onerror="alert(1)">'


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (0.5, 2, "0.50"),
        (-12.254, 2, "-12.25"),
        (-0.001, 2, "0.00"),  # no negative zero
        (9999.5, 3, "9999.500"),
        (FIXED_LIMIT, 2, "1.0e+04"),
        (123456.0, 2, "1.2e+05"),
        (-1e200, 3, "-1.0e+200"),
        (math.inf, 2, "inf"),
        (-math.inf, 2, "-inf"),
        (math.nan, 2, "nan"),
    ],
)
def test_numbers_have_fixed_decimals_then_an_exponent(value, decimals, text) -> None:
    assert number_text(value, decimals) == text


@given(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([2, 3, 7]))
def test_no_number_is_wider_than_its_bound(value: float, decimals: int) -> None:
    assert len(number_text(value, decimals)) <= max(decimals + 6, 9)


def test_text_becomes_html_that_shows_it_exactly() -> None:
    assert text_html(PAYLOAD) == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    assert text_html("a & b's") == "a &amp; b&#x27;s"


def test_a_huge_parameter_fits_its_cells(page: Page) -> None:
    W = page.state.trainer.W.copy()
    W[0, 0] = 3e150  # where a run can take it before it diverges
    page.state.trainer.set_params(W, page.state.trainer.b)
    page.state.changed()
    assert len(live_text(page, "grad_0_0")) <= 9
    assert all(len(live_text(page, name)) <= 9 for name in ("data_loss", "total_loss"))
    assert all(len(cell) <= 9 for cell in page.table.data["s0"])


def test_the_status_line_shows_link_notices_as_text(page: Page) -> None:
    notices = apply_query(page.state, {PAYLOAD: [b"1"], "loss": [PAYLOAD.encode()]})
    page.state.status = "Link settings: " + "; ".join(notices)
    page.render()
    # The status is the component's text, which the browser sets as text, not as HTML.
    assert PAYLOAD in page.parameters.component.status


def test_a_quoted_csv_cell_is_neither_html_nor_a_link(page: Page) -> None:
    page.editor.import_csv(f"x0,x1,label\n{PAYLOAD},0,1\nhttp://evil.example/x,0,0\n".encode())
    controls = page.controls.component
    assert PAYLOAD[:20] in controls.message  # text, which the browser sets as text
    page.editor.import_csv(b"x0,x1,label\n0,0,1\nhttp://evil.example/x,0,0\n")
    assert "http://evil.example" in controls.message and "<a" not in controls.message


def test_the_races_refusal_shows_its_text_as_text(page: Page) -> None:
    page.lab.race._refuse(PAYLOAD)
    assert "<img" not in page.lab.race.message_html
