"""What a session's page shows and how it reacts, checked on its Bokeh models."""

from __future__ import annotations

import numpy as np
import pytest
from app_helpers import live_text, make_page, parameter_values, readout_values

from app.catalogue import say
from app.page import Page
from demo_core.losses import LOSSES
from demo_core.model import ParamIndex

ORIGINAL_DATA_LOSS = {"ww": 2.77, "ova": 4.02, "structured": 2.37, "softmax": 1.84}


def test_defaults_show_the_original_numbers(page: Page) -> None:
    values = readout_values(page)
    assert values["Total data loss"] == 2.77
    assert values["Regularization loss"] == 3.50
    assert values["Total loss"] == 6.27
    assert values["Accuracy"] == pytest.approx(2 / 9, abs=0.005)
    assert live_text(page, "mean_data_loss") == "2.77"


def test_parameter_grid_shows_values_and_current_gradients(page: Page) -> None:
    values = parameter_values(page)
    assert values == [[1, 2, 0], [2, -4, 0.5], [3, -1, -0.5]]
    # The WW gradient of b at the defaults: class 0 is pushed up by one point, class 1 down.
    assert [live_text(page, f"grad_{k}_2") for k in range(3)] == ["0.111", "-0.111", "0.000"]
    # dW includes the regularization term 2 * lambda * W (the original used 0.5 * lambda * W).
    expected = page.state.trainer.result.dW
    assert float(live_text(page, "grad_1_1")) == pytest.approx(expected[1, 1], abs=5e-4)


def test_one_step_lowers_the_total_loss_and_streams_the_curve(page: Page) -> None:
    before = readout_values(page)["Total loss"]
    page.state.step()
    after = readout_values(page)["Total loss"]
    assert after < before
    assert page.loss_curve.source.data["step"] == [1]
    assert page.loss_curve.source.data["total_loss"][0] == pytest.approx(after, abs=0.005)


@pytest.mark.parametrize("loss", list(LOSSES))
def test_switching_the_loss_shows_its_data_loss(page: Page, loss: str) -> None:
    page.state.loss = loss
    assert readout_values(page)["Total data loss"] == ORIGINAL_DATA_LOSS[loss]
    # The page shows the formula of the loss that the controls hold.
    assert page.controls.component.values["loss"] == loss
    assert "loss" in page.controls.component.page_attributes


def test_moving_a_point_changes_its_row_and_the_plot(page: Page) -> None:
    row_before = {name: column[4] for name, column in page.table.data.items()}
    page.state.move_point(4, -0.9, -0.9)
    row_after = {name: column[4] for name, column in page.table.data.items()}
    assert (row_after["x0"], row_after["x1"]) == ("-0.90", "-0.90")
    assert row_after["L"] != row_before["L"]
    assert page.main_plot.points.data["x0"][4] == -0.9
    assert page.table.data["x0"][3] == "-0.40"  # other rows stay


def test_a_drag_grabs_only_a_point_near_the_pointer(page: Page) -> None:
    from bokeh.events import Pan, PanEnd, PanStart

    figure = page.main_plot.figure
    page.main_plot._grab(PanStart(figure, x=0.0, y=0.0))  # no point within reach
    page.main_plot._drag(Pan(figure, x=0.1, y=0.1))
    assert np.array_equal(page.state.trainer.X[0], [0.5, 0.4])
    page.main_plot._grab(PanStart(figure, x=0.51, y=0.41))
    page.main_plot._drag(Pan(figure, x=0.2, y=-0.3))
    page.main_plot._release(PanEnd(figure, x=0.25, y=-0.35))
    assert np.allclose(page.state.trainer.X[0], [0.25, -0.35])
    gradients = page.state.trainer.result.dW
    assert float(live_text(page, "grad_0_0")) == pytest.approx(gradients[0, 0], abs=5e-4)


def test_nudge_and_typed_values_change_parameters(page: Page) -> None:
    page.state.nudge(ParamIndex("b", 0), +1)
    assert page.state.trainer.b[0] == pytest.approx(0.1)
    page.state.nudge(ParamIndex("W", 1, 0), -1)
    assert page.state.trainer.W[1, 0] == pytest.approx(1.9)
    page.parameters.receive({"set": [2, 1], "text": "0.75"})  # as if typed in the browser
    assert page.state.trainer.W[2, 1] == 0.75


def test_randomize_keeps_values_in_range(page: Page) -> None:
    for _ in range(20):
        page.state.randomize()
        W, b = page.state.trainer.W, page.state.trainer.b
        assert np.all((W >= -0.5) & (W < 0.5)) and np.all((b >= -0.5) & (b < 0.5))


def test_divergence_sets_the_status_and_reset_recovers(page: Page) -> None:
    page.state.param.update(loss="softmax", step_size=10.0, running=True)
    for _ in range(100):
        if not page.state.step():
            break
    assert page.state.status == say("en", "status.diverged")
    assert not page.state.running
    assert "diverged" in page.parameters.component.status
    # A step asked for now takes none, and says why.
    W = page.state.trainer.W.copy()
    assert page.state.step() is False
    assert page.state.status == say("en", "status.no_step")
    np.testing.assert_array_equal(page.state.trainer.W, W)
    text = str(page.sync.texts) + "".join(str(v) for v in page.table.data.values())
    assert "nan" not in text.lower() and "inf" not in text.lower()
    page.state.reset()
    assert readout_values(page)["Total loss"] == 6.27
    assert page.parameters.component.status == ""
    assert page.loss_curve.source.data["step"] == []


@pytest.mark.parametrize("speed", [1, 10, 60])
def test_the_animation_ticks_speed_times_a_second_and_steps_once_per_tick(
    page: Page, speed: int
) -> None:
    page.state.param.update(speed=speed, running=True)
    (callback,) = page.doc.session_callbacks
    assert callback.period == pytest.approx(1000 / speed)
    for ticks in range(1, 6):
        callback.callback()  # what Bokeh's loop calls once per period
        assert page.state.trainer.steps == ticks
    page.state.running = False
    assert not page.doc.session_callbacks


def test_a_new_speed_while_running_replaces_the_periodic_callback(page: Page) -> None:
    page.state.running = True
    (slow,) = page.doc.session_callbacks
    page.state.speed = 60
    (fast,) = page.doc.session_callbacks
    assert (slow.period, fast.period) == (100, pytest.approx(1000 / 60))
    fast.callback()
    assert page.state.trainer.steps == 1


def test_reg_zero_gives_no_regularization_loss(page: Page) -> None:
    page.state.reg = 0.0
    assert readout_values(page)["Regularization loss"] == 0.0


def test_sessions_do_not_share_state() -> None:
    first, second = make_page(), make_page()
    first.state.step()
    first.state.move_point(0, 0.0, 0.0)
    assert readout_values(second)["Total loss"] == 6.27
    assert second.state.trainer.X[0].tolist() == [0.5, 0.4]
    assert first.main_plot.figure is not second.main_plot.figure


def test_showing_the_parameters_never_writes_them_back(page: Page) -> None:
    page.state.step()  # values with many decimals
    W, b = page.state.trainer.W, page.state.trainer.b
    page.render()
    assert page.state.trainer.W is W and page.state.trainer.b is b


def test_the_page_document_passes_bokehs_checks() -> None:
    from bokeh.core.validation.check import check_integrity
    from bokeh.document import Document
    from panel.io.state import set_curdoc

    doc = Document()
    with set_curdoc(doc):
        Page(doc).show()
    issues = check_integrity(doc.models)
    assert not issues.error and not issues.warning, issues
