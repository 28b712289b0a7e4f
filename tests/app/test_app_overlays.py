"""The plot's zones, halos and next-step lines: on and off, what they draw, and what they send."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest
from app_helpers import live_text
from bokeh.document import Document

from app.page import Page
from app.state import DemoState
from app.views.plot_overlays import HALO_LIMIT, NOTE_TEXT
from demo_core.zones import confident_zones, safe_zones

TOGGLES = ("show_zones", "show_shares", "show_next_step")


def _sources(page: Page) -> dict[str, object]:
    overlays = page.main_plot.overlays
    return {"show_zones": overlays.zones, "show_shares": overlays.halos,
            "show_next_step": overlays.ghosts}  # fmt: skip


def _filled(source) -> bool:
    return any(len(column) for column in source.data.values())


def _count_changes(page: Page) -> list[str]:
    changes: list[str] = []
    for name, source in _sources(page).items():
        source.on_change("data", lambda _a, _o, _n, name=name: changes.append(name))
    return changes


def _all_on(page: Page) -> None:
    for name in TOGGLES:
        page.controls.receive({"set": name, "value": True})


def test_each_toggle_is_a_checkbox_of_the_sidebar_and_starts_off(page: Page) -> None:
    controls = {c["name"]: c for s in page.controls.component.spec for c in s["controls"]}
    for name in TOGGLES:
        assert controls[name]["kind"] == "checkbox"
        assert page.controls.component.values[name] is False
        assert not _filled(_sources(page)[name])
    assert NOTE_TEXT not in page.sync.texts


def test_each_is_drawn_from_its_first_turn_on_above_the_regions_and_under_the_lines(
    page: Page,
) -> None:
    """A page that never shows an overlay has none of its models; once on, each keeps its place."""
    plot = page.main_plot
    sources = _sources(page)

    def drawn_sources() -> list[object]:
        return [r.data_source for r in plot.figure.renderers]

    assert not any(source in drawn_sources() for source in sources.values())
    assert all(source.document is None for source in sources.values())
    for name in ("show_next_step", "show_zones", "show_shares"):  # not in their order
        page.controls.receive({"set": name, "value": True})
    order = drawn_sources()
    regions, lines = order.index(plot.regions), order.index(plot.lines)
    assert order[regions + 1 : lines] == [sources[name] for name in TOGGLES]
    page.controls.receive({"set": "show_zones", "value": False})
    assert drawn_sources() == order  # turned off: emptied, still in its place


def test_while_off_nothing_of_them_is_built_or_sent(page: Page) -> None:
    changes = _count_changes(page)
    page.state.step()
    page.state.move_point(0, 0.2, 0.2)
    page.state.loss = "softmax"
    page.state.randomize()
    assert changes == []
    assert NOTE_TEXT not in page.sync.texts


@pytest.mark.parametrize("loss", ["ww", "ova", "structured"])
def test_the_zones_of_an_svm_loss_are_its_safe_zones(page: Page, loss: str) -> None:
    page.state.loss = loss
    page.controls.receive({"set": "show_zones", "value": True})
    assert page.state.show_zones
    trainer = page.state.trainer
    expected = [z for z in safe_zones(loss, trainer.W, trainer.b, page.main_plot.box) if len(z)]
    data = page.main_plot.overlays.zones.data
    assert len(data["xs"]) == len(expected) >= 1
    for xs, ys, zone in zip(data["xs"], data["ys"], expected, strict=True):
        np.testing.assert_allclose(np.column_stack([xs, ys]), zone, atol=1e-4)
    assert "safe zone" in live_text(page, NOTE_TEXT)


def test_softmax_says_it_has_no_safe_zone_and_draws_where_p_is_0_9(page: Page) -> None:
    page.state.param.update(loss="softmax", show_zones=True)
    trainer = page.state.trainer
    trainer.set_params(3 * trainer.W, trainer.b)  # confident somewhere in the box
    page.state.changed()
    expected = [z for z in confident_zones(trainer.W, trainer.b, page.main_plot.box) if len(z)]
    assert len(page.main_plot.overlays.zones.data["xs"]) == len(expected) >= 1
    assert "Softmax has no safe zone" in live_text(page, NOTE_TEXT)


def test_the_note_says_when_no_zone_is_in_view(page: Page) -> None:
    page.state.param.update(loss="softmax", show_zones=True)
    assert "None is in view yet" not in live_text(page, NOTE_TEXT)
    trainer = page.state.trainer
    trainer.set_params(0.1 * trainer.W, 0.0 * trainer.b)  # no class gets near p = 0.9
    page.state.changed()
    assert page.main_plot.overlays.zones.data["xs"] == []
    assert "None is in view yet" in live_text(page, NOTE_TEXT)


def test_the_note_speaks_the_pages_language() -> None:
    # A page in Korean is a new page (choosing a language loads the page anew).
    page = Page(Document(), DemoState(lang="ko", loss="softmax", show_zones=True))
    assert "Softmax에는 안전 구역이 없습니다" in live_text(page, NOTE_TEXT)


def test_the_zones_follow_every_step(page: Page) -> None:
    page.state.show_zones = True
    before = copy.deepcopy(page.main_plot.overlays.zones.data)
    page.state.step()
    assert page.main_plot.overlays.zones.data != before


def test_a_halo_rings_exactly_the_points_that_pull(page: Page) -> None:
    page.state.show_shares = True
    trainer = page.state.trainer
    pulling = trainer.X[trainer.result.per_point > 0]  # under WW: the points with a loss
    halos = page.main_plot.overlays.halos.data
    assert len(halos["x0"]) == len(pulling) < trainer.num_points
    np.testing.assert_allclose(np.column_stack([halos["x0"], halos["x1"]]), pulling, atol=1e-4)
    assert all(size > 13 for size in halos["size"])
    page.state.loss = "softmax"  # softmax never lets a point go
    assert len(page.main_plot.overlays.halos.data["x0"]) == trainer.num_points


def test_with_many_points_only_the_strongest_pulls_get_a_halo(page: Page) -> None:
    page.state.param.update(dataset="blobs", n=2_000, k=3, loss="softmax", show_shares=True)
    assert len(page.main_plot.overlays.halos.data["x0"]) == HALO_LIMIT
    assert f"Only the {HALO_LIMIT} of the 2000 points" in live_text(page, NOTE_TEXT)


@pytest.mark.parametrize("rule", ["sgd", "momentum", "adam"])
def test_the_ghost_lines_are_where_the_next_step_puts_the_lines(page: Page, rule: str) -> None:
    page.state.param.update(rule=rule, show_next_step=True)
    page.state.step()  # a rule with a velocity has one now
    ghosts = copy.deepcopy(page.main_plot.overlays.ghosts.data)
    page.state.step()
    lines = page.main_plot.lines.data
    for column in ("x0", "y0", "x1", "y1", "color"):
        assert ghosts[column] == lines[column]
    assert "Dashed" in live_text(page, NOTE_TEXT)


def test_the_ghost_lines_move_with_the_step_size(page: Page) -> None:
    page.state.show_next_step = True
    before = copy.deepcopy(page.main_plot.overlays.ghosts.data)
    page.controls.receive({"set": "step_size", "value": 1.0})
    assert page.main_plot.overlays.ghosts.data != before


def test_a_search_has_no_ghost_lines_and_says_why(page: Page) -> None:
    page.state.param.update(show_next_step=True, strategy="random")
    assert not _filled(page.main_plot.overlays.ghosts)
    assert "No dashed lines" in live_text(page, NOTE_TEXT)


def test_turning_them_off_empties_each_once_and_then_sends_nothing(page: Page) -> None:
    _all_on(page)
    assert all(_filled(source) for source in _sources(page).values())
    for name in TOGGLES:
        page.controls.receive({"set": name, "value": False})
    assert not any(_filled(source) for source in _sources(page).values())
    assert page.sync.texts[NOTE_TEXT] == ""
    changes = _count_changes(page)
    page.state.step()
    assert changes == []


def test_reset_turns_them_off(page: Page) -> None:
    _all_on(page)
    page.state.reset()
    assert not any(getattr(page.state, name) for name in TOGGLES)
    assert not any(_filled(source) for source in _sources(page).values())


@pytest.mark.parametrize("loss", ["ww", "ova", "softmax"])
def test_with_everything_on_a_frame_stays_short(page: Page, loss: str) -> None:
    # Everything new travels as short plain lists: a few hundred bytes of JSON at most.
    page.state.loss = loss
    _all_on(page)
    page.state.step()
    sent = 0
    for source in _sources(page).values():
        for column in source.data.values():
            assert isinstance(column, list)
        sent += len(json.dumps(source.data))
    assert sent <= 2_000
