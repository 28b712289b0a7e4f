"""The test set on the page: the slider, hollow points, read-out, table, curve, link and example."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import numpy as np
from app_helpers import live_text, make_page

from app.link import apply_query, current_query
from app.page import Page
from app.views.data_table import ROWS_TEXT
from demo_core.holdout import OVERFITTING_EXAMPLE


def _controls(page: Page) -> dict[str, dict]:
    return {c["name"]: c for s in page.controls.component.spec for c in s["controls"]}


def _hold_out(page: Page, fraction: float = 0.5) -> None:
    page.state.param.update(dataset="blobs", n=20)
    page.controls.receive({"set": "holdout", "value": fraction})
    page.sync.request(urgent=True)


def test_a_page_starts_without_a_test_set_and_builds_nothing_for_one(page: Page) -> None:
    controls = _controls(page)
    assert controls["holdout"]["kind"] == "slider"
    assert (controls["holdout"]["min"], controls["holdout"]["max"]) == (0.0, 0.5)
    assert page.controls.component.values["test_summary"] == (
        "No point is held out: every point trains."
    )
    assert page.main_plot.held_out.source is None
    assert page.sync.texts["test"] == ""
    assert set(page.loss_curve.legend.absent) >= {"test_loss", "test_accuracy"}
    assert "test_loss" not in page.loss_curve.lines  # drawn once points are held out


def test_held_out_points_are_drawn_hollow_and_said_in_the_sidebar(page: Page) -> None:
    _hold_out(page)
    trainer = page.state.trainer
    assert trainer.num_test == 10
    source = page.main_plot.held_out.source
    mask = trainer.test_mask
    np.testing.assert_array_equal(source.data["x0"], trainer.X[mask, 0])
    np.testing.assert_array_equal(source.data["x1"], trainer.X[mask, 1])
    assert len(source.data["color"]) == 10
    assert page.controls.component.values["test_summary"].startswith("10 of 20 points are held out")
    page.controls.receive({"set": "holdout", "value": 0.0})
    assert source.data["x0"] == []


def test_the_read_out_and_the_table_tell_the_test_points_from_the_training_points(
    page: Page,
) -> None:
    _hold_out(page)
    trainer = page.state.trainer
    test_loss, test_accuracy = trainer.test_metrics()
    text = live_text(page, "test")
    assert text.startswith("Test set (10 points never trained on)")
    assert f"loss {test_loss:.2f}" in text and f"accuracy {test_accuracy:.2f}" in text
    assert float(page.sync.texts["data_loss"]) == round(trainer.result.data_loss, 2)
    rows = json.loads(page.sync.texts[ROWS_TEXT])["rows"]
    held = [row[2].endswith("(test)") for row in rows]
    assert held == trainer.test_mask[: len(rows)].tolist()


def test_the_loss_curve_draws_the_test_set_s_lines_once_points_are_held_out(page: Page) -> None:
    _hold_out(page)
    page.state.step()
    page.sync.request(urgent=True)
    curve = page.loss_curve
    assert not {"test_loss", "test_accuracy"} & set(curve.legend.absent)
    assert curve.lines["test_loss"].visible and curve.lines["test_accuracy"].visible
    record = page.state.trainer.history[-1]
    assert curve.source.data["test_loss"][-1] == record.test_loss
    assert curve.lines["test_accuracy"].y_range_name == "accuracy"


def test_without_a_test_set_the_curve_streams_null_rather_than_nan(page: Page) -> None:
    page.state.step()
    page.sync.request(urgent=True)
    assert page.loss_curve.source.data["test_loss"] == [None]


def test_a_minibatch_never_outgrows_the_training_points(page: Page) -> None:
    page.state.param.update(dataset="blobs", n=20)
    page.state.batch_size = 15
    assert page.state.batch_size == 15
    page.controls.receive({"set": "holdout", "value": 0.5})
    assert page.state.batch_size is None  # 15 of 10 training points: the full batch
    assert page.controls.component.maxima["batch_size"] == 10


def test_a_link_carries_the_test_set_and_clamps_a_fraction_above_one_half(page: Page) -> None:
    notices = apply_query(page.state, {"dataset": [b"blobs"], "holdout": [b"0.3"]})
    assert notices == [] and page.state.holdout == 0.3
    assert page.state.trainer.num_test == 27
    other = make_page()
    assert apply_query(other.state, parse_qs(current_query(page.state))) == []
    np.testing.assert_array_equal(other.state.trainer.test_mask, page.state.trainer.test_mask)
    notices = apply_query(make_page().state, {"holdout": [b"0.9"]})
    assert len(notices) == 1 and "holdout" in notices[0]


def test_the_example_of_what_lambda_is_for_sets_up_its_problem_and_says_what_to_try(
    page: Page,
) -> None:
    page.state.param.update(rule="adam", show_zones=True)
    page.controls.receive({"action": "overfitting_example"})
    state = page.state
    assert {name: getattr(state, name) for name in OVERFITTING_EXAMPLE} == OVERFITTING_EXAMPLE
    assert state.rule == "sgd" and not state.show_zones  # the rest is back at the defaults
    assert state.trainer.num_points == 30 and state.trainer.num_test == 15
    assert "set λ to 0.1" in state.status
    page.sync.request(urgent=True)
    assert page.parameters.component.status == state.status  # shown under the read-out


def test_a_lesson_link_that_hides_the_data_hides_the_test_set_too(page: Page) -> None:
    apply_query(page.state, {"hide": [b"data"]})
    for name in ("holdout", "test_summary", "overfitting_example"):
        assert not page.controls.visible(name)


def test_reset_puts_every_point_back_into_training(page: Page) -> None:
    _hold_out(page)
    page.state.reset()
    assert page.state.holdout == 0.0 and page.state.trainer.num_test == 0


def test_the_loss_axis_fits_a_new_run_s_losses_and_holds_the_test_loss(page: Page) -> None:
    page.state.step()
    page.sync.request(urgent=True)
    assert page.loss_curve.figure.y_range.end == 8.0  # the original's total loss, 6.2
    page.controls.receive({"action": "overfitting_example"})
    for _ in range(300):
        page.state.step()
    page.sync.request(urgent=True)
    records = page.state.trainer.history
    highest = max(max(r.total_loss, r.test_loss) for r in records)
    end = page.loss_curve.figure.y_range.end
    assert highest <= end < 2 * highest  # a loss of 0.7 is not drawn at the foot of 8


def test_a_held_out_point_examined_is_ringed_but_pulls_nothing(page: Page) -> None:
    page.state.holdout = 0.5
    trainer = page.state.trainer
    held, trained = (
        int(np.flatnonzero(mask)[0]) for mask in (trainer.test_mask, ~trainer.test_mask)
    )
    pull = page.main_plot.pull
    page.state.examine(trained)
    page.sync.request(urgent=True)
    assert len(pull.arrows.data["x0"]) > 0  # every point has a loss at the defaults
    page.state.examine(held)
    page.sync.request(urgent=True)
    assert pull.ring.data["x0"] == [trainer.X[held, 0]]
    assert len(pull.arrows.data["x0"]) == 0


def test_above_500_points_the_held_out_markers_give_way_to_the_points_image(page: Page) -> None:
    _hold_out(page)
    assert len(page.main_plot.held_out.source.data["x0"]) == 10
    page.state.n = 600
    page.sync.request(urgent=True)
    assert page.main_plot.held_out.source.data["x0"] == []
    assert page.main_plot.many_points.data["image"]  # drawn as one image, hollow squares in it
