"""The anatomy of one point and its pull: picked, live, and quiet while no point is picked."""

from __future__ import annotations

import json

import pytest
from app_helpers import make_page
from bokeh.events import Pan, PanEnd, PanStart, Tap

from app.page import Page
from app.views.main_plot import PRESENTATION_SCALE
from demo_core.losses import LOSSES


def shown(page: Page) -> dict:
    return json.loads(page.anatomy.component.shown)


def pull_arrows(page: Page) -> int:
    return len(page.main_plot.pull.arrows.data["x0"])


@pytest.mark.parametrize("loss", list(LOSSES))
def test_a_tap_on_a_point_shows_its_loss_as_the_table_has_it(loss: str) -> None:
    page = make_page()
    page.state.loss = loss
    page.main_plot._tap(Tap(page.main_plot.figure, x=-0.3, y=0.7))  # point 4, in drag mode
    assert page.state.examined == 4
    anatomy = shown(page)
    per_point = page.state.trainer.result.per_point
    assert anatomy["point"] == 4 and anatomy["loss"] == loss and anatomy["label"] == 1
    assert anatomy["value"] == page.table.data["L"][4] == f"{per_point[4]:.2f}"
    scores = [float(text) for text in anatomy["scores"]]
    assert scores == pytest.approx(page.state.trainer.result.scores[4], abs=0.005)
    assert page.main_plot.pull.ring.data["x0"] == [-0.3]
    assert pull_arrows(page) > 0  # point 4 has a positive loss under every loss


def test_the_anatomy_follows_every_step_and_a_drag(page: Page) -> None:
    page.anatomy.receive({"point": 0})
    before = shown(page)
    page.state.step()
    after_step = shown(page)
    assert after_step["value"] == page.table.data["L"][0] != before["value"]
    figure = page.main_plot.figure
    page.main_plot._grab(PanStart(figure, x=0.8, y=0.3))  # point 1: grabbing it picks it
    page.main_plot._drag(Pan(figure, x=0.1, y=-0.6))
    assert shown(page)["point"] == 1
    assert shown(page)["value"] == f"{page.state.trainer.result.per_point[1]:.2f}"
    assert page.main_plot.pull.ring.data["x0"] == [0.1]
    page.main_plot._release(PanEnd(figure, x=0.1, y=-0.6))
    assert page.state.trainer.X[1].tolist() == [0.1, -0.6]


def test_a_point_with_no_loss_pulls_no_line(page: Page) -> None:
    page.anatomy.receive({"point": 2})  # L = 0 under WW at the defaults
    assert shown(page)["value"] == "0.00" and shown(page)["calm"]
    assert pull_arrows(page) == 0
    assert page.main_plot.pull.ring.data["x0"] == [0.3]


def test_the_select_and_add_modes_keep_their_taps(page: Page) -> None:
    page.editor.mode = "select"
    page.main_plot._tap(Tap(page.main_plot.figure, x=0.5, y=0.4))
    assert page.editor.selection == [0] and page.state.examined is None
    page.editor.mode = "add"
    page.main_plot._tap(Tap(page.main_plot.figure, x=0.0, y=0.9))
    assert page.state.trainer.num_points == 10 and page.state.examined is None


@pytest.mark.parametrize("message", [{"point": 9}, {"point": -1}, {"point": "1"}, {"point": True},
                                     {"point": 1.0}, {"point": None}, [1], "point"])  # fmt: skip
def test_a_message_that_names_no_point_shows_none(page: Page, message: object) -> None:
    page.anatomy.receive({"point": 3})
    page.anatomy.receive(message)
    expected = 3 if not isinstance(message, dict) else None
    assert page.state.examined == expected
    assert (page.anatomy.component.shown == "") == (expected is None)


def test_nothing_is_sent_while_no_point_is_picked(page: Page) -> None:
    changes: list[str] = []
    page.anatomy.component.param.watch(lambda event: changes.append(event.name), ["shown"])
    sources = (page.main_plot.pull.ring, page.main_plot.pull.arrows)
    before = [id(source.data) for source in sources]
    for _ in range(3):
        page.state.step()
    assert changes == [] and page.anatomy.component.shown == ""
    assert [id(source.data) for source in sources] == before
    page.anatomy.receive({"point": 4})
    page.anatomy.receive({"point": None})
    assert changes == ["shown", "shown"] and pull_arrows(page) == 0


def test_deleting_points_or_new_data_forgets_the_point(page: Page) -> None:
    page.anatomy.receive({"point": 8})
    page.editor.add(0.1, 0.1, 0)
    assert page.state.examined == 8  # adding moves no index
    page.editor.delete([0])
    assert page.state.examined is None
    page.anatomy.receive({"point": 2})
    page.state.n = 30
    page.state.dataset = "blobs"
    assert page.state.examined is None and page.anatomy.component.shown == ""
    page.anatomy.receive({"point": 5})
    page.state.reset()
    assert page.state.examined is None and page.anatomy.component.shown == ""


def test_the_pull_is_drawn_from_the_first_point_examined_and_enlarged_in_a_presentation(
    page: Page,
) -> None:
    """No ring or arrow exists before a point is examined; made in a presentation, they are big."""
    pull, figure = page.main_plot.pull, page.main_plot.figure

    def sources() -> list[object]:  # of the glyphs' renderers and of the arrows
        return [getattr(r, "data_source", getattr(r, "source", None)) for r in figure.renderers]

    assert pull.ring not in sources() and pull.arrows not in sources()
    page.state.present = True
    page.state.examine(4)
    page.main_plot.render()
    ring = next(r.glyph for r in figure.renderers if r.data_source is pull.ring)
    assert pull.arrows in sources()
    assert ring.size == 26 * PRESENTATION_SCALE
    page.state.present = False
    assert ring.size == 26
