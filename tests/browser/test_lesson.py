"""The guided lesson in the browser: open it, answer, take the step, read the verdict."""

from __future__ import annotations

import pytest
from helpers_browser import open_page, opened_without_errors, readout, wait_until

from app.catalogue import say

pytestmark = pytest.mark.browser


def test_a_student_answers_the_first_chapter_and_is_told_it_was_right(browser, server) -> None:
    with opened_without_errors(browser, server) as opened:
        page = opened.page
        guide = page.locator(".guide")
        guide.get_by_role("button", name=say("en", "lesson.open")).click()
        wait_until(lambda: guide.get_by_role("heading").count() == 1, message="chapter 1")
        assert guide.get_by_role("heading").inner_text() == say("en", "lesson.landscape.title")
        guide.get_by_role("button", name=say("en", "lesson.yes"), exact=True).click()
        step = guide.get_by_role("button", name=say("en", "control.single"))
        step.wait_for()
        step.click()
        verdict = guide.get_by_role("status")
        wait_until(lambda: verdict.inner_text().startswith("Right!"), message="the verdict")
        # The read-out is live text of the frames, which may arrive after the verdict.
        wait_until(lambda: readout(page)["step"] == 1, message="the read-out at step 1")
        guide.get_by_role("button", name=say("en", "lesson.next")).click()
        wait_until(lambda: say("en", "lesson.random.title") in guide.inner_text(), message="2")
        assert "Chapter 2 of 8" in guide.inner_text()


def test_a_link_opens_a_chapter_in_korean(browser, server) -> None:
    context = browser.new_context()
    try:
        ready = say("ko", "parameters.total_loss") + ": "
        opened = open_page(context, server.url + "?lesson=8&lang=ko", ready=ready)
        guide = opened.page.locator(".guide")
        assert guide.get_by_role("heading").inner_text() == say("ko", "lesson.losses.title")
        assert say("ko", "lesson.losses.question") in guide.inner_text()
        assert not opened.errors
    finally:
        context.close()
