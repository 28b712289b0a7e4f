"""The controls of the page: training, data, editing and files, as one browser component.

:data:`SECTIONS` lists every control: which setting of the state (or of the editor) it sets,
the kind of element that shows it, and its label. Bounds and choices come from the settings'
declarations in :class:`app.state.DemoState` and :class:`app.editing.DataEditor`. The browser
side, ``controls.js``, draws native, labelled elements from that list; it sends each change
as a message, and :class:`Controls` applies it to the state. The state's values are what the
controls then show, so a refused or clamped value snaps back.

One component instead of some seventy Panel widgets makes a new page far cheaper to build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import param
from bokeh.document import Document

from app.catalogue import LANGUAGES, say
from app.component import Component, browser_module
from app.controls import upload
from app.editing import MOUSE_MODES, DataEditor
from app.server.patches import refusals
from app.state import PAGE_PARTS, DemoState, LogNumber
from demo_core.csv_io import MAX_BYTES, history_to_csv, params_to_json, points_to_csv
from demo_core.datasets import DATASETS
from demo_core.features import FEATURES
from demo_core.losses import LOSSES
from demo_core.optim import RULES, SEARCHES

__all__ = ["SECTIONS", "Control", "Controls"]


@dataclass(frozen=True)
class Control:
    """One control of the page.

    Attributes
    ----------
    name : str
        The setting it shows and sets, or the action it starts.
    kind : str
        ``action``, ``toggle``, ``slider``, ``select``, ``radios``, ``segmented``, ``number``,
        ``checkbox``, ``checkboxes`` (a set of names, one box each), ``language``, ``note``,
        ``upload``, ``download``, or ``snapshot`` and ``record`` (the main plot as a PNG or a
        WebM video, made in the browser: ``clip.js``), ``timeline`` (a slider back along the
        run's last steps, ``timeline.js``), or ``lesson_link`` (the page's link with parts of
        the page to hide, made in the browser). What it says is the
        text ``control.<name>`` of :mod:`app.catalogue`; a toggle says ``control.<name>.on``
        while on.
    owner : str
        ``"state"`` or ``"editor"``: whose setting it is.
    step : float or None
        A slider's step; None for stops or whole numbers.
    style : str
        A button's look: ``primary``, ``light``, ``warning``.
    """

    name: str
    kind: str
    owner: str = "state"
    step: float | None = None
    style: str = ""


#: Every control, by the id of its section's title in :mod:`app.catalogue` (empty: no heading).
SECTIONS: tuple[tuple[str, tuple[Control, ...]], ...] = (
    (
        "",
        (
            Control("lang", "language"),
            Control("single", "action", style="primary"),
            Control("running", "toggle"),
            Control("randomize", "action", style="light"),
            Control("reset", "action", style="warning"),
            Control("timeline", "timeline"),
            Control("present", "checkbox"),
            Control("speed", "slider", step=1),
            Control("step_size", "slider"),
            Control("reg", "slider"),
            Control("loss", "radios"),
            Control("strategy", "radios"),
            Control("rule", "select"),
            Control("mu", "slider", step=0.01),
            Control("decay", "slider", step=0.001),
            Control("beta1", "slider", step=0.01),
            Control("beta2", "slider", step=0.0005),
            Control("batch_size", "slider", step=1),
            Control("search_scale", "slider", step=0.05),
            Control("search_step", "slider", step=0.005),
        ),
    ),
    (
        "section.overlays",
        (
            Control("show_zones", "checkbox"),
            Control("show_shares", "checkbox"),
            Control("show_next_step", "checkbox"),
        ),
    ),
    (
        "section.data",
        (
            Control("dataset", "select"),
            Control("data_summary", "note"),
            Control("n", "number"),
            Control("k", "number"),
            Control("seed", "number"),
            Control("noise", "slider", step=0.01),
            Control("regenerate", "action", style="light"),
            Control("features", "checkboxes"),
        ),
    ),
    (
        "section.test_set",
        (
            Control("holdout", "slider", step=0.05),
            Control("test_summary", "note"),
            Control("overfitting_example", "action", style="light"),
        ),
    ),
    (
        "section.edit",
        (
            Control("mode", "segmented", owner="editor"),
            Control("new_label", "select", owner="editor"),
            Control("delete", "action", style="light"),
            Control("relabel", "action", style="light"),
            Control("undo", "action", style="light"),
            Control("shade_probabilities", "checkbox"),
        ),
    ),
    (
        "section.load",
        (Control("upload", "upload"),),
    ),
    (
        "section.save",
        (
            Control("points.csv", "download"),
            Control("parameters.json", "download"),
            Control("loss-history.csv", "download"),
            Control("linear-classify.png", "snapshot"),
            Control("linear-classify.webm", "record"),
        ),
    ),
    (
        "section.lesson",
        (Control("lesson_link", "lesson_link"),),
    ),
)
_CONTROLS = {control.name: control for _title, controls in SECTIONS for control in controls}
#: The choices of the settings that offer a few: each value, and the id of its label.
_CHOICES: dict[str, list[tuple[object, str]]] = {
    "lang": [(code, f"language.{code}") for code in LANGUAGES],
    "loss": [(key, f"loss.{key}") for key in LOSSES],
    "strategy": [(key, f"search.{key}") for key in SEARCHES],
    "rule": [(key, f"rule.{key}") for key in RULES],
    "dataset": [(key, f"dataset.{key}") for key in DATASETS],
    "mode": [(mode, f"mode.{mode}") for mode in MOUSE_MODES],
    "features": [(key, f"feature.{key}") for key in FEATURES],
}
#: The kinds of control that show and set a setting of the state or the editor.
_SETTINGS = (
    "toggle", "slider", "radios", "select", "segmented", "number", "checkbox", "checkboxes",
    "language",
)  # fmt: skip
#: The settings of the generated data sets, which the fixed original points do not use.
_GENERATOR = ("n", "k", "seed", "noise", "regenerate")
#: Settings whose slider or box shows something other than the state's value.
_FULL_BATCH = "batch_size"
_HYPERPARAMETERS = ("mu", "decay", "beta1", "beta2")
#: The controls that each part of the page a lesson may hide (:data:`app.state.PAGE_PARTS`)
#: holds in the sidebar: whole sections, or, for the update rules, the controls of stepping.
_PART_SECTIONS = {"data": ("section.data", "section.test_set"), "edit": ("section.edit",),
                  "files": ("section.load", "section.save")}  # fmt: skip
_PART_CONTROLS = {
    part: tuple(c.name for title, controls in SECTIONS if title in titles for c in controls)
    for part, titles in _PART_SECTIONS.items()
} | {"rules": ("strategy", "rule", *_HYPERPARAMETERS, _FULL_BATCH, "search_scale", "search_step")}
#: The files the page offers, with their type.
_MIME = {"csv": "text/csv", "json": "application/json"}

_CSS = (Path(__file__).with_name("sidebar.css")).read_text(encoding="utf-8")
#: The browser side: the controls made in the browser alone, then the sidebar that uses them.
_MODULES = ("clip.js", "lesson_link.js", "timeline.js", "sidebar.js")


class ControlsComponent(Component):
    """The browser side of the controls: see ``controls.js``."""

    spec = param.List(default=[], doc="The sections and their controls, as JSON.")
    values = param.Dict(default={}, doc="What each setting's control shows, by name.")
    options = param.Dict(default={}, doc="Choices that change with the data, by name.")
    maxima = param.Dict(default={}, doc="Slider ends that change with the data, by name.")
    hidden = param.List(default=[], doc="Names of the controls not shown now.")
    message = param.String(default="", doc="What the last edit or file did, as text.")
    message_is_error = param.Boolean(default=False, doc="Whether the message is a refusal.")
    message_after = param.String(default="upload", doc="The control the message follows.")
    page_attributes = param.List(
        default=["loss", "present"],
        doc="Settings the page's HTML follows, as data- attributes of <html>.",
    )

    _esm = browser_module(*(Path(__file__).with_name(name) for name in _MODULES))
    _stylesheets = [_CSS]  # noqa: RUF012 - Panel's class attribute


def data_summary(lang: str, points: int, classes: int, origin: str) -> str:
    """What the plot shows now, e.g. "9 points in 3 classes, from the data set Original."."""
    return say(lang, "summary.data", points=points, classes=classes, origin=origin)


def _within_bounds(
    lang: str, control: Control, declaration: param.Parameter, value: object
) -> tuple[object, str]:
    """A typed whole number clamped to the setting's bounds, and a note if it was.

    Anything else is left for the state to take or refuse.
    """
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return value, ""
    low, high = declaration.bounds
    kept = min(max(value, low), high)
    if kept == value:
        return value, ""
    limit = "note.at_most" if kept == high else "note.at_least"
    return kept, say(lang, limit, label=say(lang, f"control.{control.name}"), value=kept)


class Controls:
    """The controls of one page, bound to its state and data editor.

    Parameters
    ----------
    state : DemoState
        The session's state.
    editor : DataEditor
        The session's edits of the points.
    doc : Document
        The session's document, whose refusals are logged together.
    """

    def __init__(self, state: DemoState, editor: DataEditor, doc: Document) -> None:
        self.state = state
        self.editor = editor
        self.doc = doc
        self._note = ""  # what the last change of a setting was limited to, if it was
        self.component = ControlsComponent(
            self.receive, spec=self._spec(), name="controls", sizing_mode="stretch_width"
        )
        self.show()
        state.param.watch(
            lambda *_events: self.show(),
            [*self._names("state"), "data_revision", "data_origin", "hide"],
        )
        editor.param.watch(lambda *_events: self.show(), self._names("editor"))
        editor.param.watch(lambda *_events: self._show_message(), ["message", "refused"])
        self._show_message()

    # -- what the browser draws -----------------------------------------------------------

    def _names(self, owner: str) -> list[str]:
        return [c.name for c in _CONTROLS.values() if c.owner == owner and c.kind in _SETTINGS]

    def _owner_of(self, control: Control) -> param.Parameterized:
        return self.editor if control.owner == "editor" else self.state

    def _spec(self) -> list[dict]:
        """The sections and controls as the browser takes them."""
        lang = self.state.lang
        return [
            {
                "title": say(lang, title) if title else "",
                "controls": [self._control_spec(c) for c in controls],
            }
            for title, controls in SECTIONS
        ]

    def _control_spec(self, control: Control) -> dict[str, object]:
        lang = self.state.lang
        spec: dict[str, object] = {
            "name": control.name,
            "kind": control.kind,
            "label": say(lang, f"control.{control.name}"),
            "style": control.style,
        }
        if control.kind in ("toggle", "record"):
            spec["label_on"] = say(lang, f"control.{control.name}.on")
        if control.kind == "record":
            parts = ("elapsed", "saved", "unsupported")
            spec.update({part: say(lang, f"clip.{part}") for part in parts})
        if control.kind == "upload":
            spec.update(accept=".csv", max_bytes=MAX_BYTES)
        if control.kind == "timeline":
            texts = ("shown", "empty", "continue")
            spec.update({text: say(lang, f"timeline.{text}") for text in texts})
        if control.kind == "lesson_link":
            spec["parts"] = [[part, say(lang, f"part.{part}")] for part in PAGE_PARTS]
            spec.update(
                {part: say(lang, f"lesson.{part}") for part in ("hide", "copied", "copy_by_hand")}
            )
        if control.name in _CHOICES:
            spec["options"] = [[value, say(lang, key)] for value, key in _CHOICES[control.name]]
        owner = self._owner_of(control)
        declaration = owner.param.objects(instance=False).get(control.name)
        if isinstance(declaration, LogNumber):
            spec["stops"] = [[value, label] for label, value in declaration.stops().items()]
        elif control.kind in ("slider", "number"):
            low, high = declaration.bounds
            spec.update(min=low, max=high, step=control.step or 1)
            spec["format"] = "integer" if control.step in (None, 1) else "decimal"
        return spec

    def show(self) -> None:
        """Show the settings' current values, and only the controls that apply."""
        state, trainer = self.state, self.state.trainer
        values = {name: getattr(state, name) for name in self._names("state")}
        values.update({name: getattr(self.editor, name) for name in self._names("editor")})
        values[_FULL_BATCH] = trainer.batch_size  # the slider's right end is the full batch
        values["data_summary"] = " ".join(
            filter(None, (self._note, data_summary(state.lang, trainer.num_points,
                                                   trainer.num_classes, state.data_origin)))
        )  # fmt: skip
        values["test_summary"] = (
            state.say("summary.test", test=trainer.num_test, points=trainer.num_points)
            if trainer.num_test
            else state.say("summary.no_test")
        )
        gradient = state.strategy == "gradient"
        used = state.rule_settings() if gradient else {}
        hidden = [name for name in _HYPERPARAMETERS if name not in used]
        if not gradient:
            hidden += ["rule", _FULL_BATCH]
        if state.strategy != "random":
            hidden.append("search_scale")
        if state.strategy != "local":
            hidden.append("search_step")
        if state.dataset == "original":
            hidden += _GENERATOR
        for part in state.hide:
            hidden += _PART_CONTROLS.get(part, ())
        classes = [[k, state.say("class", k=k)] for k in range(trainer.num_classes)]
        self.component.param.update(
            values=values,
            hidden=hidden,
            options={"new_label": classes},
            maxima={_FULL_BATCH: max(trainer.num_train, 2)},
        )

    def _show_message(self) -> None:
        self.component.param.update(
            message=self.editor.message, message_is_error=self.editor.refused
        )

    def visible(self, name: str) -> bool:
        """Whether the control ``name`` is shown now."""
        return name not in self.component.hidden

    # -- from the browser -----------------------------------------------------------------

    def receive(self, data: object) -> None:
        """Apply one message of the browser; anything unexpected is ignored.

        Messages: ``{"set": name, "value": v}``, ``{"action": name}``, ``{"upload": base64}``,
        ``{"refused_upload": size}``, ``{"download": filename}``, ``{"rewind": step}`` and
        ``{"restore": true}``.
        """
        if not isinstance(data, dict):
            return
        if "set" in data:
            self._set(data.get("set"), data.get("value"))
        elif "action" in data:
            self._act(data.get("action"))
        elif "upload" in data:
            upload.receive(self.editor, data.get("upload"))
        elif "refused_upload" in data:
            upload.refuse_size(self.editor, data.get("refused_upload"))
        elif "download" in data:
            self._download(data.get("download"))
        elif "rewind" in data:
            self._rewind(data.get("rewind"))
        elif data.get("restore"):
            self._restore()

    def _set(self, name: object, value: object) -> None:
        control = _CONTROLS.get(name) if isinstance(name, str) else None
        if control is None or control.kind not in _SETTINGS:
            self._refused("a change", f"there is no setting {str(name)[:40]!r}")
            return
        owner = self._owner_of(control)
        self._note = ""
        if control.kind == "number":
            value, self._note = _within_bounds(
                self.state.lang, control, owner.param[control.name], value
            )
        try:
            owner.param.update({control.name: value})
        except refusals.REFUSALS as problem:
            self._refused(f"a change of {control.name!r}", refusals.reason(problem))
        self.show()
        self._restore()

    def _restore(self) -> None:
        """Make the browser show the state's values again, e.g. after a refused change."""
        self.component._send_msg({"restore": True})

    def _refused(self, what: str, reason: str) -> None:
        """Log the refusal in one short line, rate-limited per session (see ``refusals``)."""
        refusals.report(self.doc, what, reason)

    def _act(self, name: object) -> None:
        state, editor = self.state, self.editor
        actions = {
            "single": state.step,
            "randomize": state.randomize,
            "reset": state.reset,
            "overfitting_example": state.show_overfitting_example,
            "regenerate": lambda: setattr(state, "seed", (state.seed + 1) % 2**32),
            "delete": lambda: editor.delete(editor.selection),
            "relabel": lambda: editor.relabel(editor.selection, editor.new_label),
            "undo": lambda: editor.undo() or editor.say(state.say("edit.nothing_to_undo")),
            "continue": lambda: setattr(state, "running", True),
        }
        action = actions.get(name) if isinstance(name, str) else None
        if action is None:
            self._refused("an action", f"there is no action {str(name)[:40]!r}")
            return
        action()

    def _rewind(self, step: object) -> None:
        """Show the run at ``step`` of its timeline, or refuse a step it does not hold."""
        if not isinstance(step, int) or isinstance(step, bool):
            self._refused("a rewind", f"the step {str(step)[:40]!r} is not a whole number")
            return
        try:
            self.state.rewind(step)
        except ValueError as problem:
            self._refused("a rewind", str(problem))

    def _download(self, filename: object) -> None:
        makers = {
            "points.csv": self.points_csv,
            "parameters.json": self.params_json,
            "loss-history.csv": self.history_csv,
        }
        make = makers.get(filename) if isinstance(filename, str) else None
        if make is None:
            return
        mime = _MIME[filename.rsplit(".", 1)[-1]]
        self.component._send_msg({"file": {"name": filename, "mime": mime, "text": make()}})

    # -- the files ------------------------------------------------------------------------

    def points_csv(self) -> str:
        """The points and labels as CSV text."""
        trainer = self.state.trainer
        return points_to_csv(trainer.X, trainer.y)

    def params_json(self) -> str:
        """W, b, the loss, λ and the step as JSON text."""
        trainer = self.state.trainer
        extra = {"loss": trainer.loss, "reg": trainer.reg, "step": trainer.steps}
        return params_to_json(trainer.W, trainer.b, extra)

    def history_csv(self) -> str:
        """The loss history as CSV text."""
        return history_to_csv(self.state.trainer.history)
