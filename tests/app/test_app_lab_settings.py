"""The lab's settings: each view's widgets are made from its settings, and the view follows them.

Data flows widget -> settings -> view. The view never writes into its widgets: what used to
need guard flags (the axes offered anew for another number of classes, a frame asked for
before the race was shown) holds by itself.
"""

from __future__ import annotations

import numpy as np
import pytest
from app_helpers import make_page
from bokeh.server.callbacks import PeriodicCallback
from hypothesis import given, settings
from hypothesis import strategies as st

from app.catalogue import say
from app.lab.landscape import LandscapeView, parameter_names
from app.lab.race import RaceView
from app.lab.tabs import Lab
from app.page import Page

GRADCHECK, LANDSCAPE, RACE = range(3)


@pytest.fixture
def lab(page: Page) -> Lab:
    """The lab of a fresh page, with no throttling and no browser to wait for."""
    page.lab.landscape.throttle.interval = 0.0
    page.lab.race.sync.timeout = 0.0
    return page.lab


def count_images(view: LandscapeView) -> list[int]:
    """A counter, in a list, of the landscapes sent to the browser from now on."""
    sent = [0]

    def on_image(_attr: str, _old: object, _new: object) -> None:
        sent[0] += 1

    view.image.on_change("data", on_image)
    return sent


def two_classes(lab: Lab) -> None:
    trainer = lab.state.trainer
    y = np.minimum(trainer.y, 1)
    lab.state.load_problem(trainer.X, y, trainer.W[:2], trainer.b[:2], "two classes")


# -- loss landscape ---------------------------------------------------------------------------


def test_the_landscapes_axes_and_span_are_set_through_its_settings(lab: Lab) -> None:
    lab.tabs.active = LANDSCAPE
    view = lab.landscape
    images = count_images(view)
    view.settings.param.update(x_axis="b[1]", y_axis="W[2,0]", span=0.5)
    assert (view.x_axis.value, view.y_axis.value, view.span.value) == ("b[1]", "W[2,0]", 0.5)
    land = view.landscape
    trainer = lab.state.trainer
    assert (land.x_name, land.y_name) == ("b[1]", "W[2,0]")
    assert (land.x[0], land.x[-1]) == pytest.approx((trainer.b[1] - 0.5, trainer.b[1] + 0.5))
    assert images == [1]  # three settings at once: one landscape
    view.span.value = 2.0  # the widget sets the settings, which the view follows
    assert view.settings.span == 2.0
    assert view.landscape.y[-1] == pytest.approx(trainer.W[2, 0] + 2.0)
    assert images == [2]


def test_fewer_classes_move_a_vanished_axis_to_its_default_in_one_landscape(lab: Lab) -> None:
    lab.tabs.active = LANDSCAPE
    view = lab.landscape
    view.x_axis.value, view.y_axis.value = "b[2]", "W[2,1]"
    assert (view.settings.x_axis, view.settings.y_axis) == ("b[2]", "W[2,1]")
    images = count_images(view)
    two_classes(lab)
    lab.render()
    names = list(parameter_names(2))
    assert view.settings.x_axis == view.x_axis.value == "W[0,0]"
    assert view.settings.y_axis == view.y_axis.value == "W[0,1]"
    assert list(view.x_axis.options) == list(view.y_axis.options) == names
    assert view.settings.param.x_axis.objects == names
    assert (view.landscape.x_name, view.landscape.y_name) == ("W[0,0]", "W[0,1]")
    assert images == [1]  # offering the new names did not compute the landscape again
    lab.render()
    assert images == [1]


def test_a_refresh_before_the_axes_are_offered_again_falls_back_too(lab: Lab) -> None:
    lab.tabs.active = LANDSCAPE
    view = lab.landscape
    view.settings.x_axis = "b[2]"
    two_classes(lab)
    images = count_images(view)
    view.refresh_button.clicks += 1  # as a late refresh may, before the lab renders
    assert view.landscape.x_name == "W[0,0]" and view.landscape.loss.shape == (61, 61)
    lab.render()  # now the axes offer two classes: the landscape shown is already right
    assert view.x_axis.value == "W[0,0]" and "b[2]" not in view.x_axis.options
    assert images == [1]


def test_a_hidden_landscape_offers_new_axes_when_shown(lab: Lab) -> None:
    lab.tabs.active = LANDSCAPE
    view = lab.landscape
    view.settings.y_axis = "W[2,1]"
    lab.tabs.active = GRADCHECK
    images = count_images(view)
    two_classes(lab)
    lab.render()
    assert images == [0]  # hidden: no work
    lab.tabs.active = LANDSCAPE
    assert view.y_axis.value == "W[0,1]" and images == [1]


# -- optimizer race ---------------------------------------------------------------------------


def test_the_races_rules_and_run_are_set_through_its_settings(lab: Lab) -> None:
    view = lab.race
    view.settings.rules = ["sgd", "rmsprop"]
    assert view.rules.value == ["sgd", "rmsprop"] and view.race.rules == ("sgd", "rmsprop")
    view.settings.running = True
    assert view.run.value and (view.run.label, view.run.color) == ("Stop race", "danger")
    assert view.runner.running
    view.rules.value = ["sgd", "adam"]  # the widget sets the settings; a new line-up stops
    assert view.settings.rules == ["sgd", "adam"] and view.race.rules == ("sgd", "adam")
    assert not view.settings.running and not view.runner.running
    assert not view.run.value and (view.run.label, view.run.color) == ("Start race", "success")


def test_a_refused_start_leaves_the_run_button_off(lab: Lab) -> None:
    view = lab.race
    view.settings.rules = ["adam"]
    view.run.value = True  # the student presses Start race
    assert not view.settings.running and not view.run.value and view.run.label == "Start race"
    assert "Pick 2 to 4 contestants" in view.message_html
    assert not view.runner.running


def test_a_race_that_diverged_everywhere_turns_its_button_off(lab: Lab) -> None:
    lab.state.step_size = 10.0
    view = lab.race
    view.settings.rules = ["sgd", "nesterov"]
    view.run.value = True
    for _ in range(30):
        view.tick()
    assert view.race.finished
    assert not view.settings.running and not view.run.value and view.run.label == "Start race"
    view.run.value = True  # nothing left to run
    assert not view.run.value and not view.runner.running


def test_the_race_sends_no_frame_before_it_is_shown(page: Page) -> None:
    view = RaceView(page.state, page.doc)
    assert view.sync.frame == 0  # prepared, not sent: the browser has no clock yet
    assert view.sync.clock.data["html"] == [say("en", "race.ready_html")]
    view.sync.timeout = 0.0
    view.reset_button.clicks += 1
    assert view.sync.frame == 1


# -- no stray callback ------------------------------------------------------------------------

RULE_CHOICES = (["sgd", "adam"], ["sgd", "nesterov"], ["adam"], ["sgd", "momentum", "adam"])
ACTIONS = st.one_of(
    st.sampled_from(
        ["press run", "start", "stop", "reset", "tick", "ten ticks", "diverging step size",
         "state step", "render", "show race", "hide race"]
    ),
    st.tuples(st.just("speed"), st.integers(1, 60)),
    st.tuples(st.just("rules"), st.sampled_from(RULE_CHOICES)),
)  # fmt: skip


def act(page: Page, view: RaceView, action: str | tuple) -> None:
    match action:
        case ("speed", speed):
            page.state.speed = speed
        case ("rules", rules):
            view.rules.value = list(rules)
        case "press run":
            view.run.value = not view.run.value
        case "start":
            view.start()
        case "stop":
            view.stop()
        case "reset":
            view.reset_button.clicks += 1
        case "tick":
            view.tick()
        case "ten ticks":
            for _ in range(10):
                view.tick()
        case "diverging step size":
            page.state.step_size = 10.0
        case "state step":
            page.state.step()
        case "render":
            page.render()
        case "show race":
            page.lab.tabs.active = RACE
        case "hide race":
            page.lab.tabs.active = GRADCHECK


@settings(max_examples=25, deadline=None)
@given(st.lists(ACTIONS, max_size=15))
def test_a_race_started_stopped_and_sped_up_leaves_no_stray_callback(actions: list) -> None:
    page = make_page()
    view = page.lab.race
    view.sync.timeout = 0.0
    for action in actions:
        act(page, view, action)
        periodic = [c for c in page.doc.session_callbacks if isinstance(c, PeriodicCallback)]
        running = view.settings.running
        assert periodic == ([view.runner.callback] if running else [])
        assert running == view.runner.running == view.run.value
        assert view.run.label == ("Stop race" if running else "Start race")
        if running:
            assert periodic[0].period == pytest.approx(1000 / page.state.speed)
            assert view.race is not None and not view.race.finished
    view.stop()
    assert not page.doc.session_callbacks
