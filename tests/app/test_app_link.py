"""Settings from a shared link are applied safely to a new session."""

from __future__ import annotations

from app_helpers import readout_values
from bokeh.document import Document

from app.link import apply_query, current_query
from app.page import Page, PageAddress, page_address
from app.views.main_plot import PRESENTATION_SCALE


def test_a_link_selects_the_loss(page: Page) -> None:
    notices = apply_query(page.state, {"loss": [b"softmax"]})
    assert notices == []
    assert page.state.loss == "softmax"
    assert readout_values(page)["Total data loss"] == 1.84


def test_link_values_snap_to_slider_stops(page: Page) -> None:
    apply_query(page.state, {"step_size": [b"0.0123"], "reg": [b"0"], "speed": [b"60"]})
    assert page.state.step_size in page.state.param.step_size.stops().values()
    assert page.state.step_size == 0.0126
    assert page.state.reg == 0.0 and page.state.speed == 60


def test_a_hostile_link_is_clamped_or_ignored_with_notices(page: Page) -> None:
    query = {
        "step_size": [b"1e9"],
        "reg": [b"abc"],
        "n": [b"1000000000"],
        "loss": [b"x" * 10_000],
        "speed": [b"-5"],
        "batch_size": [b"999999"],
        "evil": [b"<script>"],
    }
    notices = apply_query(page.state, query)
    assert page.state.step_size == 10.0 and page.state.speed == 1
    assert page.state.reg in page.state.param.reg.stops().values() and page.state.loss == "ww"
    assert page.state.batch_size is None  # clamped to the full batch
    assert any("step_size" in n for n in notices) and any("evil" in n for n in notices)
    assert all(len(n) < 200 for n in notices)


def test_the_current_settings_make_a_link_that_reproduces_them(page: Page) -> None:
    page.state.param.update(loss="ova", step_size=0.01, reg=0.0, rule="adam", speed=30)
    link = current_query(page.state)
    from urllib.parse import parse_qs

    from app_helpers import make_page

    other = make_page()
    assert apply_query(other.state, parse_qs(link)) == []
    for name in ("loss", "step_size", "reg", "rule", "speed"):
        assert getattr(other.state, name) == getattr(page.state, name)


def test_a_link_sets_the_data_set(page: Page) -> None:
    notices = apply_query(
        page.state, {"dataset": [b"circles"], "n": [b"120"], "k": [b"4"], "batch_size": [b"16"]}
    )
    assert notices == []
    trainer = page.state.trainer
    assert (trainer.num_points, trainer.num_classes, trainer.batch_size) == (120, 4, 16)


def test_a_huge_n_in_a_link_is_clamped(page: Page) -> None:
    notices = apply_query(page.state, {"dataset": [b"blobs"], "n": [b"1000000000"]})
    assert page.state.trainer.num_points == 10_000
    assert any("n=" in notice for notice in notices)


def test_a_link_names_only_what_differs_from_the_defaults(page: Page) -> None:
    assert current_query(page.state) == ""
    page.state.loss = "softmax"
    assert current_query(page.state) == "loss=softmax"


HUGE = "9" * 30_000  # over Python's limit of 4,300 digits for a string made an int


def test_a_link_with_a_30000_digit_value_is_read_with_a_notice(page: Page) -> None:
    notices = apply_query(page.state, {"n": [HUGE.encode()], "loss": [b"softmax"]})
    assert page.state.n == 90 and page.state.loss == "softmax"
    assert notices == ["n=999999999999999999999999999999… is too long; ignored"]


def test_the_page_address_reads_any_query_safely() -> None:
    address = page_address(Document())
    address.search = f"?n={HUGE}&k=[{HUGE}]&loss=softmax&%ff=%00"  # as the browser reports it
    assert isinstance(address, PageAddress)
    assert address.query_params == {"loss": "softmax"}


def test_a_link_opens_presentation_mode_which_thickens_the_plot_and_survives_reset(
    page: Page,
) -> None:
    scatter = page.main_plot.figure.renderers[-1].glyph  # the points
    normal = (scatter.size, scatter.line_width)
    assert apply_query(page.state, {"present": [b"1"]}) == []
    assert page.state.present and current_query(page.state) == "present=1"
    assert (scatter.size, scatter.line_width) == (normal[0] * PRESENTATION_SCALE,
                                                  normal[1] * PRESENTATION_SCALE)  # fmt: skip
    page.state.reset()
    assert page.state.present
    page.state.present = False
    assert (scatter.size, scatter.line_width) == normal and current_query(page.state) == ""
    assert apply_query(page.state, {"present": [b"maybe"]}) == [
        "present='maybe' is neither 1 nor 0; ignored"
    ]


def test_a_lesson_link_hides_parts_of_the_sidebar_and_of_the_page(page: Page) -> None:
    """hide= takes the parts' controls out of the sidebar and names the parts on <html>."""
    assert apply_query(page.state, {"hide": [b"data,rules,lab"]}) == []
    hidden = set(page.controls.component.hidden)
    assert {"dataset", "n", "regenerate", "strategy", "rule", "batch_size"} <= hidden
    assert {"loss", "step_size", "single", "upload"}.isdisjoint(hidden)
    assert current_query(page.state) == "hide=lab,data,rules"
    page.state.reset()  # a lesson's parts stay hidden
    assert page.state.hide == ["lab", "data", "rules"]
    page.show()
    assert 'data-hide="lab data rules"' in page.doc.template_variables["html_attrs"]


def test_a_link_turns_on_what_the_plot_shows_besides(page: Page) -> None:
    """Zones, halos, the next step and the softmax shading can be shared, as 1 or 0."""
    query = {name: [b"1"] for name in ("show_zones", "show_shares", "show_next_step")}
    assert apply_query(page.state, {**query, "shade_probabilities": [b"yes"]}) == []
    assert page.state.show_zones and page.state.show_shares and page.state.show_next_step
    assert page.state.shade_probabilities
    assert current_query(page.state) == (
        "shade_probabilities=1&show_zones=1&show_shares=1&show_next_step=1"
    )
