"""The optimization lab's views: gradient check, loss landscape and optimizer race."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from app.catalogue import say
from app.lab.slices import LINE_SAMPLES, MAX_KINKS, PLANE_SAMPLES
from app.lab.tabs import TABS, Lab
from app.page import Page
from demo_core.datasets import generate
from demo_core.gradcheck import gradient_check
from demo_core.losses import LOSSES, evaluate
from demo_core.slices import kinks, random_directions
from demo_core.trainer import TRAIL_SIZE

TAB_TITLES = tuple(say("en", key) for key in TABS)

GRADCHECK, LANDSCAPE, RACE = range(3)


@pytest.fixture
def lab(page: Page) -> Iterator[Lab]:
    """The lab of a fresh page, with no throttling and no browser to wait for."""
    lab = Lab(page.state, page.doc)
    lab.landscape.throttle.interval = 0.0
    lab.gradcheck.throttle.interval = 0.0
    lab.race.sync.timeout = 0.0
    yield lab
    lab.close()


def step(lab: Lab, times: int = 1) -> None:
    """Take steps as the page does: each one followed by a frame."""
    for _ in range(times):
        lab.state.step()
        lab.render()


def test_the_lab_has_a_tab_per_view(lab: Lab) -> None:
    assert lab.tabs.titles == list(TAB_TITLES)
    assert lab.gradcheck.visible and not lab.landscape.visible and not lab.race.visible


# -- gradient check ---------------------------------------------------------------------------


@pytest.mark.parametrize("loss", list(LOSSES))
def test_the_gradient_check_passes_at_the_defaults_for_every_loss(lab: Lab, loss: str) -> None:
    lab.state.loss = loss
    lab.gradcheck.check_button.clicks += 1
    rows = lab.gradcheck.rows
    assert [row.name for row in rows[:3]] == ["W[0,0]", "W[0,1]", "b[0]"]
    assert len(rows) == 9
    assert all(row.error < 1e-6 and row.verdict == "pass" for row in rows)
    assert "passes the check" in lab.gradcheck.verdict.text
    assert LOSSES[loss] in lab.gradcheck.context.text
    assert lab.gradcheck.table.text.count("✓ pass") == 9


def test_the_original_regularization_gradient_fails_the_check(lab: Lab) -> None:
    lab.gradcheck.original.value = True
    view = lab.gradcheck
    assert not view.result.passed
    assert "fails the check" in view.verdict.text and "2·λ·W" in view.verdict.text
    verdicts = {row.name: row.verdict for row in view.rows}
    assert verdicts["W[1,1]"] == "fail"
    assert all(verdicts[f"b[{k}]"] == "pass" for k in range(3))  # b is not regularized
    view.original.value = False
    assert view.result.passed


def test_h_is_used_and_a_large_h_is_doubtful_for_softmax(lab: Lab) -> None:
    lab.state.loss = "softmax"
    view = lab.gradcheck
    view.h.value = 0.1
    assert "h = 0.1" in view.context.text
    assert 1e-6 < view.result.max_error <= 1e-2
    assert (
        view.result.max_error
        == gradient_check(
            "softmax", *(getattr(lab.state.trainer, a) for a in ("W", "b", "X", "y", "reg")), h=0.1
        ).max_error
    )
    assert "✓ pass" not in view.verdict.text


def test_the_check_follows_the_steps_only_when_asked(lab: Lab) -> None:
    view = lab.gradcheck
    before = view.rows
    step(lab)
    assert view.rows == before
    assert "changed since" in view.context.text
    view.follow.value = True
    assert view.rows != before  # turning it on checks at once
    for _ in range(3):
        step(lab)
        trainer = lab.state.trainer
        expected = gradient_check("ww", trainer.W, trainer.b, trainer.X, trainer.y, trainer.reg)
        assert view.rows[0].analytic == expected.analytic_dW[0, 0]
        assert "step 4" in view.context.text or trainer.steps != 4
        assert "changed since" not in view.context.text


def test_following_is_throttled_while_running(lab: Lab) -> None:
    view = lab.gradcheck
    view.follow.value = True
    view.throttle.interval = 60.0
    view.check_button.clicks += 1
    before = view.rows
    step(lab, 3)
    assert view.rows == before  # deferred to one late check
    assert len(lab.doc.session_callbacks) == 1
    lab.close()  # the session ended: Bokeh drops the document's callbacks itself
    assert view.throttle._late is None


def test_a_hidden_check_waits_until_its_tab_is_shown(lab: Lab) -> None:
    lab.gradcheck.follow.value = True
    lab.tabs.active = LANDSCAPE
    before = lab.gradcheck.rows
    step(lab, 2)
    assert lab.gradcheck.rows == before
    lab.tabs.active = GRADCHECK
    assert lab.gradcheck.rows != before
    assert "Checked at step 2" in lab.gradcheck.context.text


# -- loss landscape ---------------------------------------------------------------------------


def test_the_landscape_equals_point_by_point_evaluation(lab: Lab) -> None:
    lab.tabs.active = LANDSCAPE
    step(lab, 3)
    view = lab.landscape
    view.x_axis.value, view.y_axis.value = "b[1]", "W[2,0]"
    land = view.landscape
    trainer = lab.state.trainer
    assert (land.x_name, land.y_name) == ("b[1]", "W[2,0]")
    for i, j in [(0, 0), (30, 30), (5, 50), (60, 17)]:
        W, b = trainer.W.copy(), trainer.b.copy()
        b[1], W[2, 0] = land.x[j], land.y[i]
        expected = evaluate("ww", W, b, trainer.X, trainer.y, trainer.reg).total_loss
        assert land.loss[i, j] == pytest.approx(expected, abs=1e-12)
    image = view.image.data["image"][0]
    assert image.dtype == np.float32 and image.shape == (61, 61)
    np.testing.assert_allclose(image, land.loss, rtol=1e-6)
    assert view.current.data == {"x": [trainer.b[1]], "y": [trainer.W[2, 0]]}
    assert view.figure.xaxis[0].axis_label == "b[1]"


def test_the_trajectory_has_a_point_per_step_up_to_the_cap(lab: Lab) -> None:
    lab.tabs.active = LANDSCAPE
    view = lab.landscape
    assert view.path.data["x"] == []
    step(lab, 5)
    assert len(view.path.data["x"]) == 5
    W = lab.state.trainer.W
    assert (view.path.data["x"][-1], view.path.data["y"][-1]) == (W[0, 0], W[0, 1])
    assert "path over the last steps (up to 200)" in view.caption.text
    lab.state.step_size = 1e-3
    step(lab, TRAIL_SIZE)
    assert len(view.path.data["x"]) == TRAIL_SIZE


def test_the_landscape_is_throttled_but_catches_up(lab: Lab) -> None:
    lab.tabs.active = LANDSCAPE
    view = lab.landscape
    view.throttle.interval = 60.0
    view.refresh_button.clicks += 1  # a refresh on demand is never throttled
    center = view.landscape.center
    step(lab)
    assert view.landscape.center == center  # deferred, not dropped:
    assert len(lab.doc.session_callbacks) == 1
    step(lab)
    assert len(lab.doc.session_callbacks) == 1  # one late run serves every request
    view.refresh_button.clicks += 1
    assert view.landscape.center != center
    lab.close()
    assert view.throttle._late is None


def test_a_hidden_landscape_does_no_work_until_shown(lab: Lab) -> None:
    view = lab.landscape
    center = view.landscape.center
    step(lab, 2)
    assert view.landscape.center == center
    lab.tabs.active = LANDSCAPE
    assert view.landscape.center == (lab.state.trainer.W[0, 0], lab.state.trainer.W[0, 1])


def test_the_same_parameter_twice_is_refused(lab: Lab) -> None:
    view = lab.landscape
    view.y_axis.value = "W[0,0]"
    assert view.landscape is None
    assert "two different parameters" in view.caption.text
    view.y_axis.value = "b[0]"
    assert view.landscape is not None


def test_the_axes_follow_the_number_of_classes(lab: Lab) -> None:
    lab.tabs.active = LANDSCAPE
    view = lab.landscape
    view.x_axis.value = "b[2]"
    trainer = lab.state.trainer
    two_classes = np.minimum(trainer.y, 1)
    lab.state.load_problem(trainer.X, two_classes, trainer.W[:2], trainer.b[:2], "two classes")
    lab.render()
    assert "W[2,0]" not in view.x_axis.options
    assert view.x_axis.value == "W[0,0]"
    assert view.landscape.loss.shape == (61, 61)


# -- slices of the loss -----------------------------------------------------------------------


def test_the_slices_agree_with_evaluate_at_their_sample_points(lab: Lab) -> None:
    lab.tabs.active = LANDSCAPE
    step(lab, 2)
    slices = lab.landscape.slices
    trainer = lab.state.trainer
    problem = (trainer.X, trainer.y, trainer.reg)
    first, second = random_directions(lab.landscape.settings.slice_seed, 3, count=2)

    def total(W, b):
        return evaluate("ww", W, b, *problem).total_loss

    line = slices.line.data
    assert len(line["a"]) == LINE_SAMPLES and line["a"][0] == -1.0 and line["a"][-1] == 1.0
    for index in (0, 37, 100, 200):
        a = line["a"][index]
        expected = total(trainer.W + a * first[0], trainer.b + a * first[1])
        assert line["loss"][index] == pytest.approx(expected, abs=1e-12)
    assert slices.line_here.data["loss"] == [pytest.approx(trainer.result.total_loss)]
    kink = slices.kink.data
    assert 0 < len(kink["a"]) <= MAX_KINKS
    assert len(kink["color"]) == len(kink["point"]) == len(kink["a"])
    for a, loss in zip(kink["a"], kink["loss"], strict=True):
        assert loss == pytest.approx(total(trainer.W + a * first[0], trainer.b + a * first[1]))
    image = slices.heat_map.image.data["image"][0]
    assert image.shape == (PLANE_SAMPLES, PLANE_SAMPLES)
    u = v = np.linspace(-1.0, 1.0, PLANE_SAMPLES)
    for i, j in [(0, 0), (20, 20), (5, 40)]:  # rows follow the second direction
        W = trainer.W + u[j] * first[0] + v[i] * second[0]
        b = trainer.b + u[j] * first[1] + v[i] * second[1]
        assert image[i, j] == pytest.approx(total(W, b), rel=1e-6)
    eta = lab.state.step_size
    result = trainer.result
    after_step = total(trainer.W - eta * result.dW, trainer.b - eta * result.db)
    assert slices.next_step.data == {"t": [eta], "loss": [pytest.approx(after_step, abs=1e-12)]}
    assert slices.descent.data["t"][-1] == pytest.approx(3 * eta)
    assert slices.step_line.location == eta
    assert "kink" in slices.caption.text and "18" not in slices.caption.text


def test_new_random_directions_change_the_slices(lab: Lab) -> None:
    lab.tabs.active = LANDSCAPE
    view = lab.landscape
    line = view.slices.line.data["loss"]
    image = view.slices.heat_map.image.data["image"][0]
    view.slices.regenerate.clicks += 1
    assert view.settings.slice_seed == 1
    assert view.slices.line.data["loss"] != line
    assert not np.allclose(view.slices.heat_map.image.data["image"][0], image)


def test_many_kinks_are_marked_nearest_the_current_point_first(lab: Lab) -> None:
    lab.tabs.active = LANDSCAPE
    X, y = generate("blobs", n=400, k=3, seed=2)
    lab.state.load_problem(X, y, lab.state.trainer.W, lab.state.trainer.b, "many points")
    lab.render()
    view = lab.landscape
    trainer = lab.state.trainer
    (first,) = random_directions(view.settings.slice_seed, 3)
    every, _ = kinks("ww", trainer.W, trainer.b, X, y, first, 1.0)
    marked = np.array(view.slices.kink.data["a"])
    assert every.size > MAX_KINKS == marked.size
    assert np.all(np.diff(marked) >= 0)
    assert np.max(np.abs(marked)) <= np.sort(np.abs(every))[MAX_KINKS]


def test_softmax_slices_have_no_kinks_and_say_so(lab: Lab) -> None:
    lab.tabs.active = LANDSCAPE
    lab.state.loss = "softmax"
    lab.render()
    slices = lab.landscape.slices
    assert slices.kink.data["a"] == []
    assert "no kinks" in slices.caption.text


def test_the_descent_slice_follows_the_step_size(lab: Lab) -> None:
    lab.tabs.active = LANDSCAPE
    lab.state.step_size = 2.0
    lab.render()
    assert lab.landscape.slices.next_step.data["t"] == [2.0]


def test_no_slice_is_computed_while_the_tab_is_closed(page: Page) -> None:
    lab = Lab(page.state, page.doc)
    lab.open()
    assert lab._views[LANDSCAPE] is None  # the gradient check's tab is shown
    for _ in range(3):
        page.state.step()
        lab.render()
    assert lab._views[LANDSCAPE] is None
    view = lab.landscape  # built while hidden, as a test may; it then follows nothing
    view.throttle.interval = 0.0
    line = view.slices.line.data["loss"]
    step(lab, 2)
    assert view.slices.line.data["loss"] == line
    lab.tabs.active = LANDSCAPE
    assert view.slices.line.data["loss"] != line
    lab.close()


# -- optimizer race ---------------------------------------------------------------------------


def race_losses(lab: Lab) -> dict[str, list[float]]:
    view = lab.race
    return {rule: view.sources[rule].data["loss"] for rule in view.race.rules}


def test_the_race_runs_every_selected_rule(lab: Lab) -> None:
    lab.tabs.active = RACE
    view = lab.race
    view.rules.value = ["sgd", "nesterov", "rmsprop", "adam"]
    for _ in range(30):
        view.tick()
    losses = race_losses(lab)
    assert list(losses) == ["sgd", "nesterov", "rmsprop", "adam"]
    for rule, values in losses.items():
        assert len(values) == 31, rule
        assert values[-1] < values[0], rule
        assert view.sources[rule].data["step"] == list(range(31))
    assert len({values[0] for values in losses.values()}) == 1  # the same start
    assert [board.figure.visible for board in view.boards] == [True] * 4
    assert all(board.regions.data["xs"] for board in view.boards)
    assert "Step 30" in view.message_html
    assert "Total loss: SGD " in view.message_html
    assert [item.label["value"] for item in view.legend.items] == [
        "SGD", "Nesterov", "RMSProp", "Adam",
    ]  # fmt: skip


def test_the_default_race_falls_for_each_of_its_three_rules(lab: Lab) -> None:
    lab.tabs.active = RACE
    for _ in range(30):
        lab.race.tick()
    losses = race_losses(lab)
    assert list(losses) == ["sgd", "momentum", "adam"]
    assert all(values[-1] < values[0] for values in losses.values())
    assert not lab.race.boards[3].figure.visible


def test_the_preset_races_searches_against_the_slope_on_six_classes(lab: Lab) -> None:
    lab.tabs.active = RACE
    view = lab.race
    assert "evaluates the loss B = 1 time per step" in view.budget.text
    view.problem.value = "search_vs_slope"
    assert view.settings.rules == ["sgd", "momentum", "random", "local"]
    assert view.race.trainer("random").num_classes == 6
    assert "18 numbers" in view.budget.text
    assert view.rules.value == ["sgd", "momentum", "random", "local"]
    for _ in range(100):
        view.tick()
    losses = race_losses(lab)
    assert max(losses["sgd"][-1], losses["momentum"][-1]) < min(
        losses["random"][-1], losses["local"][-1]
    )
    message = view.message_html
    assert "Random search: best " in message and "after 100 tries" in message
    assert "Random local search: best " in message
    assert "Loss evaluations so far: 100 for each contestant." in message
    assert [item.label["value"] for item in view.legend.items] == [
        "SGD", "Momentum", "Random search", "Random local search",
    ]  # fmt: skip
    assert "step size 0.5" in view.curve.title.text
    view.problem.value = "page"  # back to the page's data, with the contestants kept
    assert view.race.trainer("random").num_classes == 3 and view.race.steps == 0
    assert "18 numbers" not in view.budget.text


def test_a_race_starts_from_the_current_parameters(lab: Lab) -> None:
    step(lab, 3)
    lab.tabs.active = RACE
    lab.race.run.value = True
    start = lab.race.race.histories["sgd"][0]
    assert (
        start
        == lab.state.trainer.result.total_loss
        < evaluate("ww", *_original_problem(), 0.1).total_loss
    )


def _original_problem():
    from demo_core.datasets import original
    from demo_core.model import original_params

    X, y = original()
    W, b = original_params()
    return W, b, X, y


@pytest.mark.parametrize("rules", [["sgd"], ["sgd", "momentum", "nesterov", "adagrad", "adam"]])
def test_one_or_five_rules_are_refused_with_a_message(lab: Lab, rules: list[str]) -> None:
    view = lab.race
    view.rules.value = rules
    assert f"Pick 2 to 4 contestants to race ({len(rules)} picked)" in view.message_html
    assert view.race is None
    view.run.value = True
    assert view.runner.callback is None and not view.run.value
    assert not lab.doc.session_callbacks
    view.rules.value = ["sgd", "adam"]
    assert view.race is not None and "Pick" not in view.message_html


def test_start_is_guarded_and_close_removes_the_callback(lab: Lab) -> None:
    view = lab.race
    view.run.value = True
    callback = view.runner.callback
    assert callback is not None and view.run.label == "Stop race"
    view.start()
    assert view.runner.callback is callback
    assert list(lab.doc.session_callbacks) == [callback]
    assert callback.period == 100  # the state's speed, 10 steps per second
    lab.state.speed = 20
    assert view.runner.callback.period == 50 and len(lab.doc.session_callbacks) == 1
    view.stop()
    assert view.runner.callback is None and not lab.doc.session_callbacks
    assert not view.run.value and view.run.label == "Start race"
    view.start()
    lab.close()  # the session ended: forget the callback, touch nothing of the document
    assert view.runner.callback is None and view.run.label == "Stop race"


def test_stop_and_reset(lab: Lab) -> None:
    lab.tabs.active = RACE
    view = lab.race
    view.run.value = True
    for _ in range(5):
        view.tick()
    view.run.value = False
    assert view.runner.callback is None and not lab.doc.session_callbacks
    assert view.race.steps == 5
    view.reset_button.clicks += 1
    assert view.race.steps == 0
    assert all(len(view.sources[rule].data["loss"]) == 1 for rule in view.race.rules)


def test_diverged_rules_are_marked_and_the_others_go_on(lab: Lab) -> None:
    lab.state.step_size = 10.0
    lab.tabs.active = RACE
    view = lab.race
    view.rules.value = ["sgd", "adagrad"]
    for _ in range(30):
        view.tick()
    statuses = view.race.statuses
    assert statuses["sgd"] == "diverged" and statuses["adagrad"] == "ok"
    assert "Diverged: SGD" in view.message_html
    assert "diverged at step" in view.boards[0].figure.title.text
    assert view.boards[0].figure.title.text_color == "#c00000"
    assert len(view.sources["adagrad"].data["loss"]) == 31


def test_a_hidden_race_steps_and_draws_when_shown(lab: Lab) -> None:
    view = lab.race
    for _ in range(4):
        view.tick()
    assert view.race.steps == 4
    assert view.sources["sgd"].data["loss"] == [view.race.histories["sgd"][0]]
    lab.tabs.active = RACE
    assert len(view.sources["sgd"].data["loss"]) == 5


# -- changes by kind ------------------------------------------------------------------------


def test_turning_a_page_or_selecting_a_point_recomputes_nothing_of_the_lab(page: Page) -> None:
    lab = page.lab
    lab.landscape.throttle.interval = 0.0
    lab.tabs.active = LANDSCAPE
    page.render()
    landscape = lab.landscape.landscape
    lab.tabs.active = GRADCHECK
    lab.gradcheck.check_button.clicks += 1
    verdict = lab.gradcheck.context.text
    lab.tabs.active = LANDSCAPE
    page.state.param.update(dataset="blobs", n=120)  # two pages of points in the table
    page.render()
    landscape = lab.landscape.landscape
    page.table.turn(+1)
    page.editor.toggle(3)
    page.state.shade_probabilities = True
    page.render()
    assert lab.landscape.landscape is landscape  # not computed again
    lab.tabs.active = GRADCHECK
    assert "press Check now" in lab.gradcheck.context.text  # the data changed above
    lab.gradcheck.check_button.clicks += 1
    verdict = lab.gradcheck.context.text
    page.table.turn(-1)
    page.editor.toggle(3)
    page.render()
    assert lab.gradcheck.context.text == verdict and "press Check now" not in verdict
