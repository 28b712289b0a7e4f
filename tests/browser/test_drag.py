"""Dragging a point with the mouse updates its table row and the loss live, and on release."""

from __future__ import annotations

import pytest
from helpers_browser import POINT_TO_PAGE_JS, readout, table_row, wait_for_change

pytestmark = pytest.mark.browser


def test_dragging_a_point_updates_table_and_loss_while_the_mouse_is_down(page):
    row_before = table_row(page, 0)
    assert row_before.startswith("0.50 0.40 0"), row_before
    loss_before = readout(page)["data"]
    x, y = page.evaluate(POINT_TO_PAGE_JS, [0.5, 0.4])
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 11):  # towards (0.1, 0.0): the point's class-0 score drops
        page.mouse.move(x - 8 * i, y + 8 * i)
    row_dragging = wait_for_change(lambda: table_row(page, 0), row_before, message="row while down")
    loss_dragging = wait_for_change(lambda: readout(page)["data"], loss_before)
    assert not row_dragging.startswith("0.50 0.40"), row_dragging
    for i in range(1, 11):
        page.mouse.move(x - 80 - 8 * i, y + 80 + 4 * i)
    page.mouse.up()
    row_after = wait_for_change(lambda: table_row(page, 0), row_dragging, message="row on release")
    loss_after = wait_for_change(lambda: readout(page)["data"], loss_dragging)
    assert loss_after != loss_before
    x0, x1 = (float(v) for v in row_after.split()[:2])
    assert x0 < 0.3 and x1 < 0.1, row_after
