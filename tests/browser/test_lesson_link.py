"""A lesson's link: hide= hides parts of the page, and the sidebar builds such a link."""

from __future__ import annotations

import pytest
from helpers_browser import opened_without_errors

from app.catalogue import say

pytestmark = pytest.mark.browser


def test_a_lesson_link_hides_its_parts_and_names_an_unknown_one(browser, server) -> None:
    with opened_without_errors(browser, server, query="?hide=lab,data,rules,nope") as opened:
        page = opened.page
        assert page.locator("section.lab").is_hidden()
        assert page.locator("section.table").is_visible()
        assert page.get_by_role("heading", name=say("en", "section.data"), exact=True).is_hidden()
        assert page.get_by_role("group", name=say("en", "control.strategy")).is_hidden()
        assert page.get_by_role("button", name=say("en", "control.single")).is_visible()
        notice = say("en", "notice.unknown_names", name="hide", text="nope",
                     options=", ".join(("lab", "parameters", "table", "curve", "data", "rules",
                                        "edit", "files")))  # fmt: skip
        assert page.get_by_text(notice).count() == 1


def test_copy_lesson_link_builds_a_link_that_hides_the_chosen_parts(browser, server) -> None:
    permissions = {"permissions": ["clipboard-read", "clipboard-write"]}
    with opened_without_errors(browser, server, query="?loss=softmax", **permissions) as opened:
        page = opened.page
        for part in ("table", "files"):
            page.get_by_role("checkbox", name=say("en", f"part.{part}")).check()
        page.get_by_role("button", name=say("en", "control.lesson_link")).click()
        link = page.get_by_role("textbox", name=say("en", "control.lesson_link")).input_value()
        assert link.endswith("/?loss=softmax&hide=table,files")
        assert page.evaluate("navigator.clipboard.readText()") == link
        assert page.get_by_text(say("en", "lesson.copied")).count() == 1
    with opened_without_errors(browser, server, query=link.split("/", 3)[3]) as opened:
        page = opened.page
        assert page.locator("section.table").is_hidden()
        assert page.get_by_role("button", name=say("en", "control.points.csv")).is_hidden()
        assert page.get_by_role("radio", name=say("en", "loss.softmax")).is_checked()
