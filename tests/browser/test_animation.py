"""Repeated updates in a real browser: Start and Stop, speed, divergence and recovery."""

from __future__ import annotations

import re

import pytest
from helpers_browser import (
    click_button,
    expect_readout,
    page_text,
    press_on_slider,
    settled_step,
    step_count,
    wait_for_step,
    wait_until,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SPEED = "Speed (steps per second)"
NOT_A_NUMBER = re.compile(r"\bnan\b|Infinity", re.IGNORECASE)


def test_start_runs_and_stop_halts(page):
    click_button(page, "Start repeated update")
    expect(page.get_by_role("button", name="Stop repeated update", exact=True)).to_be_visible()
    wait_for_step(page, lambda n: n >= 20, timeout=3.0)  # speed 10: about 30 steps in 3 s
    click_button(page, "Stop repeated update", busy=True)
    expect(page.get_by_role("button", name="Start repeated update", exact=True)).to_be_visible()
    stopped = settled_step(page)  # frames already under way may still land
    page.wait_for_timeout(1000)
    assert step_count(page) == stopped


def test_speed_60_reaches_the_server_and_keeps_one_animation(page, server):
    # How many steps a speed gives per second is the server's periodic callback: its period and
    # its one step per tick are counted in tests/app; the figures are in the benchmarks.
    click_button(page, "Start repeated update")
    wait_for_step(page, lambda n: n >= 3)
    press_on_slider(page, SPEED, "End")
    expect(page.get_by_text(f"{SPEED}: 60")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]speed=60(&|$)"))  # written from the server's state
    changed = step_count(page)
    wait_for_step(page, lambda n: n >= changed + 10)
    # The new speed replaced the animation's periodic callback rather than adding one; pages of
    # earlier tests may still be closing.
    wait_until(
        lambda: server.health()["periodic_callbacks"] == 1, message="one callback", timeout=10
    )
    click_button(page, "Stop repeated update", busy=True)
    wait_until(
        lambda: server.health()["periodic_callbacks"] == 0, message="no callback", timeout=10
    )


def test_divergence_is_reported_without_nan_and_reset_recovers(page):
    press_on_slider(page, "Step size", "End")
    expect(page.get_by_text("Step size: 10")).to_be_visible()
    page.get_by_label("Softmax", exact=True).check()
    click_button(page, "Start repeated update")
    status = page.get_by_text("diverged: lower the step size and press Reset")
    expect(status).to_be_visible(timeout=3000)
    expect(page.get_by_role("button", name="Start repeated update", exact=True)).to_be_visible()
    text = page_text(page)
    assert "Total loss:" in text
    assert not NOT_A_NUMBER.search(text), NOT_A_NUMBER.search(text)
    click_button(page, "Reset")
    expect_readout(page, "Total loss: 6.27")
    expect(status).to_have_count(0)


#: The page box of the loss curve's canvas: left, top, width, height.
LOSS_CURVE_BOX_JS = """() => {
  const view = [...Bokeh.index.query((v) => v.model && v.model.name === 'loss_curve')][0];
  const box = view.canvas_view.el.getBoundingClientRect();
  return [box.left, box.top, box.width, box.height];
}"""


def test_panning_the_loss_curve_below_zero_while_running_keeps_it_running(page):
    click_button(page, "Start repeated update")
    wait_for_step(page, lambda n: n >= 3)
    left, top, width, height = page.evaluate(LOSS_CURVE_BOX_JS)
    for _ in range(3):  # drag the curve right by nearly its width: its x range ends below 0
        page.mouse.move(left + 60, top + height / 2)
        page.mouse.down()
        page.mouse.move(left + width - 20, top + height / 2, steps=10)
        page.mouse.up()
    shown = step_count(page)
    wait_for_step(page, lambda n: n >= shown + 5)  # the server widened the range and went on
    click_button(page, "Stop repeated update", busy=True)
