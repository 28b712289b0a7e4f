"""A hostile websocket client sends thousands of random changes into one session.

The client speaks Bokeh's protocol without a browser (:mod:`bokeh_client`): it pulls the
document, then sends ``PATCH-DOC`` messages of random ``ModelChanged`` events (random models,
attributes and values) and random UI events (taps, drags, button clicks), from a fixed seed,
while a page in Chromium animates in a second session. Afterwards the server must be alive
with a log free of tracebacks, the second session must still be animating, and the fuzzed
session's state, read from the document the server sends back, must hold every invariant.
"""

from __future__ import annotations

import json
import math
import random
import re
import time
from typing import Any

import pytest
from bokeh_client import BokehClient, DocModel
from helpers_browser import click_button, step_count, wait_for_step

from app.views.data_table import ROWS_TEXT
from app.views.parameters import VALUES_TEXT
from demo_core.datasets import MAX_CLASSES, MAX_POINTS, MIN_CLASSES, MIN_POINTS

pytestmark = pytest.mark.browser

SEED = 20261127
#: Events to send, at least; and the most seconds the sending may take.
EVENTS = 2_000
SENDING_SECONDS = 40.0
#: Longest string, list and dict of a random value; and how deep they nest.
MAX_STRING, MAX_ITEMS, MAX_DEPTH = 300, 8, 2
#: Payloads a hostile client would try, among the random strings.
NASTY_STRINGS = (
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "javascript:alert(1)",
    "9" * 5000,
    "1e999",
    "nan",
    "-0",
    "\x00\ud7ff\ufffe",
    "' OR 1=1 --",
    "{{7*7}}",
)
NASTY_NUMBERS = (0, -1, 1, 10**9, -(10**9), 10**400, 2**63, 1e308, -1e308, 5e-324, 0.5, -0.0)
#: Bokeh's JSON for numbers that JSON cannot write.
NON_FINITE = tuple({"type": "number", "value": v} for v in ("nan", "+inf", "-inf"))
UI_EVENTS = ("tap", "pan", "panstart", "panend", "button_click", "doubletap", "press")
#: What the page's browser components send as messages, and what else a client could try.
MESSAGE_KEYS = ("set", "value", "action", "nudge", "text", "upload", "refused_upload", "download",
                "restore", "turn", "column", "shown", "rewind", "point", "answer", "go",
                "step")  # fmt: skip
SETTING_NAMES = ("n", "k", "seed", "noise", "dataset", "loss", "step_size", "reg", "rule",
                 "batch_size", "speed", "running", "mode", "new_label", "strategy", "mu",
                 "shade_probabilities", "points.csv", "single", "reset", "regenerate")  # fmt: skip
#: Attributes the checks use to find models again, and references to other models (which
#: would take the page's layout apart): never sent.
SPARED = {"name", "children", "renderers", "source", "tabs", "child", "js_property_callbacks"}


def random_value(rng: random.Random, depth: int = 0) -> Any:
    """Any JSON value within the size bounds, and sometimes NaN or an infinity."""
    kind = rng.randrange(9 if depth < MAX_DEPTH else 7)
    if kind == 0:
        return rng.choice(NASTY_NUMBERS)
    if kind == 1:
        return rng.uniform(-1e3, 1e3) * 10 ** rng.randint(-5, 5)
    if kind == 2:
        return rng.randint(-100, 10_100)
    if kind == 3:
        return rng.choice(NASTY_STRINGS)[:MAX_STRING]
    if kind == 4:
        return "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(0, MAX_STRING)))
    if kind == 5:
        return rng.choice((True, False, None))
    if kind == 6:
        return rng.choice(NON_FINITE)
    if kind == 7:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, MAX_ITEMS))]
    return {f"k{i}": random_value(rng, depth + 1) for i in range(rng.randint(0, MAX_ITEMS))}


def nearby_value(rng: random.Random, current: object) -> Any:
    """A value like ``current`` (same kind), often out of its range: a plausible attack."""
    if isinstance(current, bool):
        return not current
    if isinstance(current, int):
        return current + rng.choice((-1, 1, -1000, 1000, 10**6, -(10**12)))
    if isinstance(current, float):
        return current * rng.choice((-1.0, 10.0, 1e6, 1e300)) + rng.uniform(-1, 1)
    if isinstance(current, str):
        return rng.choice((current + "x", "", current.upper(), rng.choice(NASTY_STRINGS)))
    if isinstance(current, list):
        return [nearby_value(rng, item) for item in current[:MAX_ITEMS]]
    return random_value(rng)


def random_message(rng: random.Random) -> dict[str, Any]:
    """A message like those of the page's components, with random or hostile values."""
    message = {}
    for key in rng.sample(MESSAGE_KEYS, rng.randint(1, 3)):
        if key in ("set", "action", "download", "column") and rng.random() < 0.7:
            message[key] = rng.choice(SETTING_NAMES)
        elif key in ("rewind", "point", "go") and rng.random() < 0.7:
            message[key] = rng.randint(-2, 12)
        elif key in ("nudge", "set") and rng.random() < 0.5:
            message[key] = [rng.randint(-1, 6), rng.randint(-1, 3), rng.choice((-1, 1, 0, 2))]
        else:
            message[key] = random_value(rng)
    return message


def random_event(rng: random.Random, models: list[DocModel]) -> dict[str, Any]:
    """A random ``ModelChanged`` of an attribute, a UI event, or a component's message."""
    model = rng.choice(models)
    if model.type.endswith(".ReactiveESM") and rng.random() < 0.6:
        return BokehClient.bokeh_event(model.id, "data_event", {"data": random_message(rng)})
    if rng.random() < 0.15:
        values = {
            "sx": rng.uniform(-50, 500), "sy": rng.uniform(-50, 500),
            "x": rng.choice((rng.uniform(-2, 2), *NASTY_NUMBERS, "abc", None)),
            "y": rng.choice((rng.uniform(-2, 2), *NASTY_NUMBERS, [1], None)),
        }  # fmt: skip
        return BokehClient.bokeh_event(model.id, rng.choice(UI_EVENTS), values)
    attributes = [a for a in model.attributes if a not in SPARED]
    if attributes and rng.random() < 0.85:
        attr = rng.choice(attributes)
        current = model.attributes[attr]
        new = nearby_value(rng, current) if rng.random() < 0.6 else random_value(rng)
    else:
        attr = rng.choice(("value", "active", "text", "tags", "data", "nonsense"))
        new = random_value(rng)
    return BokehClient.changed(model.id, attr, new)


# -- reading the state from the document ------------------------------------------------------


def component(models: dict[str, DocModel], name: str) -> dict[str, Any]:
    """The properties of the page's browser component ``name``, as the document holds them."""
    (esm,) = (m for m in models.values() if m.type.endswith(".ReactiveESM") and m.name == name)
    return models[esm.attributes["data"]["id"]].attributes


def live_text(models: dict[str, DocModel], name: str) -> Any:
    """The live text ``name`` (JSON) as the frame clock last sent it: app/runtime/frames.py."""
    (clock,) = (m for m in models.values() if m.name == "frame_clock")
    data = map_entries(clock.attributes["data"])
    return json.loads(data["html"][data["slot"].index(name)])


def map_entries(value: Any) -> dict[str, Any]:
    """A Bokeh JSON map (``{"type": "map", "entries": [...]}``) as a dict."""
    return dict(value["entries"]) if isinstance(value, dict) and "entries" in value else value


def state_of(models: dict[str, DocModel]) -> dict[str, Any]:
    """What the document says about the session's state: W and b, N, labels, settings."""
    table = component(models, "table")
    rows = live_text(models, ROWS_TEXT)
    total = re.search(r"of (\d+)", table["where"])
    controls = component(models, "controls")
    return {
        "W and b": live_text(models, VALUES_TEXT),
        "points": int(total.group(1)) if total else len(rows["rows"]),
        "labels": rows["labels"],
        "settings": map_entries(controls["values"]),
        "spec": [
            map_entries(c) for section in controls["spec"] for c in map_entries(section)["controls"]
        ],
    }


def assert_invariants(state: dict[str, Any]) -> None:
    rows = state["W and b"]
    assert MIN_CLASSES <= len(rows) <= MAX_CLASSES, rows
    assert all(isinstance(v, float | int) and math.isfinite(v) for row in rows for v in row), rows
    assert 1 <= state["points"] <= MAX_POINTS, state["points"]
    assert all(0 <= label < len(rows) for label in state["labels"]), state["labels"]
    settings = state["settings"]
    assert 1 <= settings["batch_size"] <= max(state["points"], 2), settings["batch_size"]
    assert MIN_POINTS <= settings["n"] <= MAX_POINTS, settings["n"]
    for spec in state["spec"]:
        name = spec["name"]
        if name not in settings or name == "batch_size":
            continue
        value = settings[name]
        if spec["kind"] == "checkboxes":  # a set of names, each one of the options
            assert set(value) <= {option[0] for option in spec["options"]}, (name, value)
        elif "options" in spec:
            assert value in [option[0] for option in spec["options"]], (name, value)
        elif "stops" in spec:
            assert value in [stop[0] for stop in spec["stops"]], (name, value)
        elif "min" in spec:
            assert spec["min"] <= value <= spec["max"], (name, value, spec)


# -- the test ---------------------------------------------------------------------------------


@pytest.mark.timeout(180)
def test_random_changes_over_the_websocket_break_nothing(server, page) -> None:
    click_button(page, "Start repeated update")
    wait_for_step(page, lambda n: n >= 2)
    fuzzed = BokehClient(server.url)
    models = fuzzed.pull()
    before = state_of(models)
    assert len(before["settings"]) >= 15, before["settings"]  # sliders, inputs and choices
    assert_invariants(before)
    rng = random.Random(SEED)
    targets = list(models.values())
    steps_before = step_count(page)
    sent, answers, deadline = 0, {"OK": 0, "ERROR": 0}, time.monotonic() + SENDING_SECONDS
    while sent < EVENTS and time.monotonic() < deadline:
        events = [random_event(rng, targets) for _ in range(rng.choice((1, 1, 2, 3)))]
        reply = fuzzed.reply_to(fuzzed.patch(events), timeout=10.0)
        answers[reply.msgtype] += 1
        sent += len(events)
    assert sent >= EVENTS, f"only {sent} events in {SENDING_SECONDS} s"
    assert answers["OK"] > 0 and answers["ERROR"] > 0, answers  # both kinds were tried

    assert server.process.poll() is None, "the server died"
    steps_after = step_count(page)
    assert steps_after > steps_before, "the other session stopped animating during the attack"
    wait_for_step(page, lambda n: n > steps_after + 2)
    controls = next(
        m for m in models.values() if m.type.endswith(".ReactiveESM") and m.name == "controls"
    )
    single = {"action": "single"}
    fuzzed.patch([BokehClient.bokeh_event(controls.id, "data_event", {"data": single})])
    time.sleep(1.5)  # this client acknowledges no frame: the next one follows the 1 s timeout
    assert_invariants(state_of(fuzzed.pull()))
    fuzzed.close()
    assert "Traceback" not in server.log(), server.log()[-5000:]
    assert "refused" in server.log()
