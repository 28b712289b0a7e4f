"""Features of the points on the page: the setting, its link, the plot and the parameter grid."""

from __future__ import annotations

import numpy as np
from app_helpers import live_text, parameter_values
from bokeh.models import Image

from app.lab.gradcheck import rows_of
from app.lab.landscape import parameter_names
from app.link import apply_query, current_query
from app.page import Page
from app.views.curved_regions import REGION_RESOLUTION
from app.views.plot_overlays import NOTE_TEXT
from demo_core.features import FEATURES
from demo_core.gradcheck import gradient_check

SQUARES = ["x0sq", "x1sq"]


def _filled(source) -> bool:
    return any(len(column) for column in source.data.values())


def _tick(page: Page, features: list[str]) -> None:
    page.controls.receive({"set": "features", "value": features})


def test_the_features_are_checkboxes_of_the_data_section_and_start_off(page: Page) -> None:
    sections = {s["title"]: s["controls"] for s in page.controls.component.spec}
    control = next(c for c in sections["Data"] if c["name"] == "features")
    assert control["kind"] == "checkboxes"
    assert [value for value, _label in control["options"]] == list(FEATURES)
    assert [label for _value, label in control["options"]] == [
        "x0²", "x1²", "x0·x1", "sin x0", "sin x1",
    ]  # fmt: skip
    assert page.controls.component.values["features"] == []
    assert page.state.trainer.dim == 2


def test_a_link_carries_the_features_there_and_back(page: Page) -> None:
    assert apply_query(page.state, {"features": [b"x1sq,X0SQ"]}) == []
    assert page.state.features == SQUARES
    assert page.state.trainer.feature_names == ["x0", "x1", "x0²", "x1²"]
    assert current_query(page.state) == "features=x0sq,x1sq"


def test_an_unknown_feature_gets_a_notice_and_the_known_ones_apply(page: Page) -> None:
    notices = apply_query(page.state, {"features": [b"sinx0,cube,x0x1"]})
    assert len(notices) == 1
    said = page.state.say(f"notice.{notices[0].kind}", **notices[0].values)
    assert "cube" in said
    assert page.state.features == ["x0x1", "sinx0"]
    assert page.state.trainer.dim == 4


def test_turning_features_on_keeps_the_points_and_the_boundaries_and_stops(page: Page) -> None:
    trainer = page.state.trainer
    X, scores = trainer.X.copy(), trainer.result.scores.copy()
    page.state.running = True
    _tick(page, SQUARES)
    assert not page.state.running
    np.testing.assert_array_equal(trainer.X, X)
    np.testing.assert_allclose(trainer.result.scores, scores)
    assert trainer.W.shape == (3, 4)


def test_the_parameter_grid_has_k_times_d_plus_1_cells_named_by_their_inputs(page: Page) -> None:
    _tick(page, ["x0x1", "sinx1", "x1sq"])
    rows = parameter_values(page)
    assert np.shape(rows) == (3, 6)
    columns = page.parameters.component.columns
    assert columns == [
        ["W[{k},0]", "x0"], ["W[{k},1]", "x1"], ["W[{k},2]", "x1²"], ["W[{k},3]", "x0·x1"],
        ["W[{k},4]", "sin x1"], ["b[{k}]", ""],
    ]  # fmt: skip
    for k in range(3):
        for c in range(6):
            assert live_text(page, f"grad_{k}_{c}")
    # The buttons and boxes of the new columns work: W[1,3] nudged, b[2] typed.
    page.parameters.receive({"nudge": [1, 3, 1]})
    page.parameters.receive({"set": [2, 5], "text": "0.75"})
    rows = parameter_values(page)
    assert rows[1][3] == 0.1 and rows[2][5] == 0.75
    page.parameters.receive({"nudge": [0, 6, 1]})  # no such column: ignored
    assert parameter_values(page) == rows


def test_the_plain_grid_is_as_it_was(page: Page) -> None:
    assert page.parameters.component.columns == [
        ["W[{k},0]", ""], ["W[{k},1]", ""], ["b[{k}]", ""],
    ]  # fmt: skip
    _tick(page, SQUARES)
    _tick(page, [])
    assert np.shape(parameter_values(page)) == (3, 3)
    assert page.parameters.component.columns[2] == ["b[{k}]", ""]


def test_the_image_and_the_curves_are_drawn_only_once_features_were_on(page: Page) -> None:
    plot = page.main_plot
    renderers = len(plot.figure.renderers)
    assert not plot.curved.drawn
    assert not any(isinstance(r.glyph, Image) for r in plot.figure.renderers)
    page.state.step()
    assert len(plot.figure.renderers) == renderers  # nothing new while features are off
    _tick(page, SQUARES)
    assert plot.curved.drawn
    order = [r.data_source for r in plot.figure.renderers]
    image, curves = plot.curved.image, plot.curved.curves
    # The image under the polygons' place, the curves under the lines' and over the image.
    assert order.index(image) < order.index(plot.regions) < order.index(curves)
    assert order.index(curves) < order.index(plot.lines) < order.index(plot.points)
    (cells,) = image.data["image"]
    assert cells.shape == (REGION_RESOLUTION, REGION_RESOLUTION) and cells.dtype == np.uint8
    assert _filled(curves)
    # No polygons, straight lines or arrows of W while the features are on.
    for source in (plot.regions, plot.lines, plot.arrows):
        assert not _filled(source)
    _tick(page, [])
    assert not _filled(image) and not _filled(curves)
    assert _filled(plot.regions) and _filled(plot.lines) and _filled(plot.arrows)


def test_the_region_image_shows_each_cells_class_and_is_sent_only_when_it_changes(
    page: Page,
) -> None:
    page.state.param.update(dataset="circles", n=90, k=2, features=SQUARES)
    curved = page.main_plot.curved
    changes: list[str] = []
    curved.image.on_change("data", lambda _a, _o, _n: changes.append("image"))
    W, b = page.state.trainer.W, page.state.trainer.b
    page.state.view_changed()  # a frame without a change of the regions
    assert changes == []
    W0 = W.copy()
    W0[0, 2:] = [5.0, 5.0]  # class 0 wins far from the origin
    W0[1, 2:] = [-5.0, -5.0]
    page.state.trainer.set_params(W0, b)
    page.state.changed()
    assert changes == ["image"]
    (cells,) = curved.image.data["image"]
    assert cells[0, 0] == 0 and cells[REGION_RESOLUTION // 2, REGION_RESOLUTION // 2] == 1
    page.state.view_changed()  # a frame without a change of the regions
    assert changes == ["image"]


def test_the_curves_travel_as_binary_arrays_and_a_frame_stays_bounded(page: Page) -> None:
    page.state.features = ["sinx0", "sinx1"]
    # Points out to ±9: sin x0 + sin x1 = 0 draws long curves over the box.
    X = np.array([[-9.0, -9.0], [9.0, 9.0], [0.0, 1.0]])
    W = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 0.0, -1.0, -1.0]])
    page.state.load_problem(X, np.array([0, 1, 0]), W, np.zeros(2), "test")
    data = page.main_plot.curved.curves.data
    assert len(data["k"]) > 200
    assert data["x0"].dtype == np.float32 and data["k"].dtype == np.uint8
    sent = sum(column.nbytes for column in data.values())
    assert sent <= 17 * 2 * 47 * 47  # two segments a cell at most, for each class


def test_the_note_says_how_the_plane_is_drawn_and_the_overlays_follow(page: Page) -> None:
    _tick(page, SQUARES)
    note = live_text(page, NOTE_TEXT)
    assert "4 inputs" in note and "grid" in note and "not drawn" in note
    page.controls.receive({"set": "show_zones", "value": True})
    page.controls.receive({"set": "show_next_step", "value": True})
    overlays = page.main_plot.overlays
    assert not _filled(overlays.zones)
    ghosts = overlays.ghosts.data
    assert len(ghosts["x0"]) > 10 and len(ghosts["color"]) == len(ghosts["x0"])
    assert "zero-score curves after the next step" in live_text(page, NOTE_TEXT)


def test_the_examined_point_keeps_its_ring_but_draws_no_pull(page: Page) -> None:
    page.state.examine(4)
    pull = page.main_plot.pull
    assert _filled(pull.arrows)
    _tick(page, ["sinx0"])
    assert _filled(pull.ring) and not _filled(pull.arrows)
    anatomy = page.state.anatomy()
    assert anatomy is not None and anatomy.gradient.shape == (4, 3)


def test_the_lab_follows_d(page: Page) -> None:
    _tick(page, SQUARES)
    trainer = page.state.trainer
    assert "W[2,3]" in parameter_names(trainer.num_classes, trainer.dim)
    check = gradient_check(trainer.loss, trainer.W, trainer.b, trainer.inputs, trainer.y, 0.1)
    assert len(rows_of(check)) == 3 * 5


def test_reset_and_a_lesson_chapter_turn_the_features_off(page: Page) -> None:
    _tick(page, SQUARES)
    page.state.reset()
    assert page.state.features == [] and page.state.trainer.dim == 2
    assert not _filled(page.main_plot.curved.curves)
    _tick(page, ["x0x1"])
    page.state.lesson = 3
    assert page.state.features == [] and page.state.trainer.dim == 2


def test_regenerated_data_keeps_the_features_with_their_weights_at_zero(page: Page) -> None:
    _tick(page, SQUARES)
    page.state.param.update(dataset="xor", n=40, k=2)
    trainer = page.state.trainer
    assert trainer.features == ("x0sq", "x1sq") and trainer.inputs.shape == (40, 4)
    np.testing.assert_array_equal(trainer.W[:, 2:], 0.0)
    page.state.randomize()
    assert np.all(trainer.W[:, 2:] != 0.0)
