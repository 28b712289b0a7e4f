"""Data sets, editing with the mouse, undo, paging, files and shading, on a session's page."""

from __future__ import annotations

import json

import numpy as np
import pytest
from app_helpers import live_text, parameter_values
from bokeh.events import Tap

from app.page import Page
from app.views.data_table import PAGE_SIZE, ROWS_TEXT
from demo_core.model import ParamIndex


def tap(page: Page, x: float, y: float) -> None:
    page.main_plot._tap(Tap(page.main_plot.figure, x=x, y=y))


@pytest.mark.parametrize("k", [2, 4, 6])
def test_a_generated_data_set_sets_every_view_to_its_k(page: Page, k: int) -> None:
    page.state.param.update(dataset="blobs", n=60, k=k, seed=3)
    trainer = page.state.trainer
    assert trainer.num_points == 60 and trainer.num_classes == k
    assert len(parameter_values(page)) == k
    assert [c for c in page.table.component.columns if c.startswith("s")] == [
        f"s[{j}]" for j in range(k)
    ]
    assert len(page.main_plot.colors.palette) == k and len(set(page.main_plot.colors.palette)) == k
    assert page.main_plot.points.data["label"] == trainer.y.tolist()


def test_regenerate_draws_new_points_and_reset_restores_the_original(page: Page) -> None:
    page.state.param.update(dataset="xor", n=40)
    first = page.state.trainer.X.copy()
    page.controls.receive({"action": "regenerate"})
    assert page.state.seed == 1 and not np.array_equal(page.state.trainer.X, first)
    page.state.reset()
    assert page.state.trainer.num_points == 9 and page.state.dataset == "original"


def test_data_outside_the_box_widens_the_view(page: Page) -> None:
    page.editor.import_csv(b"x0,x1,label\n3.2,0,0\n-1,1,1\n0,0,2\n")
    assert page.main_plot.box == (-4.0, 4.0, -4.0, 4.0)
    assert page.main_plot.figure.x_range.end == 4.0


def test_clicking_adds_a_point_of_the_chosen_class_and_undo_removes_it(page: Page) -> None:
    page.editor.param.update(mode="add", new_label=2)
    tap(page, -0.6, -0.8)
    trainer = page.state.trainer
    assert trainer.num_points == 10 and trainer.y[-1] == 2
    assert np.allclose(trainer.X[-1], [-0.6, -0.8])
    assert len(page.table.data["x0"]) == 10
    assert page.editor.undo()
    assert page.state.trainer.num_points == 9


def test_select_then_delete_and_relabel(page: Page) -> None:
    page.editor.mode = "select"
    tap(page, 0.5, 0.4)  # point 0
    tap(page, 0.8, 0.3)  # point 1
    tap(page, 0.0, 0.0)  # nothing there
    assert page.editor.selection == [0, 1]
    assert page.main_plot.selected.data["x0"] == [0.5, 0.8]
    page.editor.relabel(page.editor.selection, 1)
    assert page.state.trainer.y[:2].tolist() == [1, 1]
    tap(page, 0.3, 0.8)  # point 2
    page.editor.delete(page.editor.selection)
    assert page.state.trainer.num_points == 8
    page.editor.undo()
    page.editor.undo()
    assert page.state.trainer.y[:3].tolist() == [0, 0, 0] and page.state.trainer.num_points == 9


def test_deleting_every_point_is_refused(page: Page) -> None:
    message = page.editor.delete(list(range(9)))
    assert "remain" in message and page.state.trainer.num_points == 9


def test_a_drag_can_be_undone(page: Page) -> None:
    from bokeh.events import Pan, PanEnd, PanStart

    figure = page.main_plot.figure
    page.main_plot._grab(PanStart(figure, x=0.5, y=0.4))
    page.main_plot._drag(Pan(figure, x=0.1, y=0.1))
    page.main_plot._release(PanEnd(figure, x=0.0, y=0.0))
    assert page.state.trainer.X[0].tolist() == [0.0, 0.0]
    page.editor.undo()
    assert page.state.trainer.X[0].tolist() == [0.5, 0.4]


def test_large_n_pages_the_table(page: Page) -> None:
    page.state.param.update(dataset="uniform", n=10_000, k=4)
    assert len(page.table.data["x0"]) == PAGE_SIZE
    assert page.table.component.pages > 1
    assert "of 10000" in page.table.component.where
    page.table.turn(+1)
    assert page.table.page == 1
    assert page.table.data["x0"][0] == f"{page.state.trainer.X[PAGE_SIZE, 0]:.2f}"
    page.state.step()
    assert page.state.trainer.steps == 1


def test_a_bad_csv_changes_nothing_and_says_why(page: Page) -> None:
    before = page.state.trainer.X.copy()
    message = page.editor.import_csv(b"x0,x1,label\n0.1,0.2,1\n0.3,abc,0\n")
    assert "line 3" in message and "not a number" in message
    assert np.array_equal(page.state.trainer.X, before)
    assert page.controls.component.message == message and page.editor.refused
    assert page.controls.component.message_is_error


def test_a_good_csv_replaces_the_data_and_can_be_undone(page: Page) -> None:
    message = page.editor.import_csv(b"x0,x1,label\n0.1,0.2,1\n0.3,-0.4,0\n-0.5,0.5,1\n")
    assert message == "Loaded 3 points in 2 classes."
    assert page.state.trainer.num_classes == 2 and page.table.data["x0"][0] == "0.10"
    page.editor.undo()
    assert page.state.trainer.num_classes == 3 and page.state.trainer.num_points == 9


def test_exports_hold_the_current_data_parameters_and_history(page: Page) -> None:
    page.state.step()
    points = page.controls.points_csv().splitlines()
    assert points[0] == "x0,x1,label" and len(points) == 10
    params = json.loads(page.controls.params_json())
    assert np.allclose(params["W"], page.state.trainer.W) and params["loss"] == "ww"
    history = page.controls.history_csv().splitlines()
    assert history[0].startswith("step,data_loss") and len(history) == 2


def test_softmax_shading_replaces_the_flat_regions(page: Page) -> None:
    assert not page.main_plot.shading_renderer.visible
    page.state.shade_probabilities = True
    assert page.main_plot.shading_renderer.visible
    assert not page.main_plot.regions_renderer.visible
    image = page.main_plot.shading.data["image"][0]
    assert image.shape == (100, 100) and image.dtype == np.uint32


def test_many_points_are_drawn_as_one_image(page: Page) -> None:
    assert page.main_plot.many_points.data["image"] == []
    page.state.param.update(dataset="blobs", n=2_000, k=3)
    image = page.main_plot.many_points.data["image"][0]
    assert page.main_plot.points.data["x0"] == []
    assert image.shape == (page.main_plot.size, page.main_plot.size)
    drawn = np.unique(image[image != 0])
    from app import palette

    expected = {int.from_bytes(bytes([*_rgb(c), 255]), "little") for c in palette.main(3)}
    assert set(drawn.tolist()) == expected  # every class drawn, in its own colour, nothing else
    page.state.reset()
    assert (
        page.main_plot.many_points.data["image"] == []
        and len(page.main_plot.points.data["x0"]) == 9
    )


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def summary(page: Page) -> str:
    """The sidebar's line that says what the plot shows now."""
    return page.controls.component.values["data_summary"]


def test_the_sidebar_says_what_the_data_really_are(page: Page) -> None:
    assert summary(page) == "9 points in 3 classes, from the data set Original."
    # The fixed original points use none of the generator's settings: they are not shown.
    assert all(not page.controls.visible(name) for name in ("n", "k", "seed", "noise"))
    page.editor.import_csv(b"x0,x1,label\n0.1,0.2,1\n0.3,-0.4,0\n-0.5,0.5,1\n0.2,0.2,0\n")
    assert summary(page) == "4 points in 2 classes, from a CSV file."
    page.editor.add(0.5, 0.5, 1)
    assert summary(page) == "5 points in 2 classes, from a CSV file, edited."
    page.editor.undo()
    assert summary(page) == "4 points in 2 classes, from a CSV file."
    page.state.param.update(dataset="blobs", n=30, k=4)
    assert summary(page) == "30 points in 4 classes, from the data set Gaussian blobs."
    assert all(page.controls.visible(name) for name in ("n", "k", "seed", "noise"))


def test_a_refusal_clears_once_the_student_does_something_else(page: Page) -> None:
    page.editor.delete([])
    assert page.controls.component.message.startswith("Select points first")
    page.editor.mode = "select"
    assert page.controls.component.message == ""
    page.editor.relabel([], 1)
    assert page.controls.component.message.startswith("Select points first")
    page.editor.toggle(0)
    assert page.controls.component.message == ""


def test_a_loss_that_shows_as_zero_is_marked_as_met(page: Page) -> None:
    page.state.loss = "softmax"
    page.state.set_parameter(ParamIndex("W", 0, 0), 100.0)  # point 1 then scores its class by far
    page.render()
    shown = json.loads(live_text(page, ROWS_TEXT))
    cells = [row[-1] for row in shown["rows"]]
    assert any(cell == "0.00" for cell in cells), cells
    assert shown["positive"] == [cell != "0.00" for cell in cells]
