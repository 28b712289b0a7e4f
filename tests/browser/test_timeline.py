"""The timeline in the browser: the slider takes the run back, and it continues from there."""

from __future__ import annotations

import pytest
from helpers_browser import (
    click_button,
    opened_without_errors,
    readout,
    settled_step,
    wait_until,
)

from app.catalogue import say

pytestmark = pytest.mark.browser


def test_the_slider_takes_the_run_back_and_it_branches_from_there(browser, server) -> None:
    with opened_without_errors(browser, server) as opened:
        page = opened.page
        seen = {}
        for step in range(1, 7):
            click_button(page, say("en", "control.single"))
            wait_until(lambda step=step: readout(page)["step"] == step, timeout=20,
                       message=f"step {step}")  # fmt: skip
            seen[step] = readout(page)
        timeline = page.get_by_role("slider", name=say("en", "control.timeline"))
        timeline.focus()
        for _ in range(3):
            page.keyboard.press("ArrowLeft")
        wait_until(lambda: readout(page)["step"] == 3, timeout=20, message="back at step 3")
        assert readout(page) == seen[3]
        shown = say("en", "timeline.shown", shown=3, first=0, last=6)
        assert page.locator(".timeline .value").inner_text() == shown
        page.get_by_role("button", name=say("en", "timeline.continue")).click()
        wait_until(lambda: readout(page)["step"] >= 8, timeout=20, message="running from step 3")
        click_button(page, say("en", "control.running.on"), busy=True)
        page.get_by_role("button", name=say("en", "control.running"), exact=True).wait_for()
        last = settled_step(page, timeout=20)
        branch = say("en", "timeline.shown", shown=last, first=0, last=last)
        wait_until(lambda: page.locator(".timeline .value").inner_text() == branch,
                   message="the branch's timeline")  # fmt: skip
