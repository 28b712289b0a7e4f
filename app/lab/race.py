"""The optimizer race: 2 to 4 update rules and searches trained side by side from the same start.

The race is a :class:`demo_core.race.Race` built from the session's data, parameters, loss,
regularization, step size, batch size and search settings, or from a preset of
:data:`demo_core.race.PRESETS`, which brings its own data and settings. Every contestant
evaluates the loss once per step of the race (the race's budget B = 1, stated on the page): a
gradient rule takes one step with the gradient of its evaluation, a search tries one candidate.

The race runs on its own :class:`app.runtime.runner.Runner` at the state's speed, with its own
Start/Stop and Reset, and sends its frames through its own :class:`app.runtime.frames.FrameSync`,
so a slow browser gets the latest state rather than a queue. One loss curve has a line per
contestant; a small plot per contestant shows its class regions.

The student's choices, the contestants, the problem and whether the race runs, live in
:class:`RaceSettings`; the widgets set its parameters, and the view follows them.
"""

from __future__ import annotations

import functools

import panel as pn
import param
from bokeh.document import Document
from bokeh.models import ColumnDataSource, Div, Legend, LegendItem, Range1d
from bokeh.plotting import figure

from app import palette
from app.display import number_text, text_html
from app.lab.inputs import BUTTON_CSS
from app.runtime.frames import FrameSync, slot
from app.runtime.runner import Runner
from app.state import DemoState
from app.views.loss_curve import widen
from demo_core.geometry import fit_box, region_polygons
from demo_core.optim import RULES
from demo_core.race import MAX_RULES, MIN_RULES, PRESETS, SEARCH_CONTESTANTS, Race
from demo_core.trainer import DIVERGED

__all__ = ["DEFAULT_RULES", "PAGE_PROBLEM", "RULE_STYLES", "RaceSettings", "RaceView"]

DEFAULT_RULES = ("sgd", "momentum", "adam")
#: The problem of a race on the page's own data and settings; the others are preset keys.
PAGE_PROBLEM = "page"
#: The evaluations of the loss each contestant makes per step of the race.
BUDGET = 1
#: Each contestant's line colour and dash on the shared loss curve and its plot's frame.
RULE_STYLES = {
    "sgd": ("#333333", "solid"),
    "momentum": ("#1f77b4", "dashed"),
    "nesterov": ("#17becf", "dotdash"),
    "adagrad": ("#8c564b", "dotted"),
    "rmsprop": ("#9467bd", "dashdot"),
    "adam": ("#d62728", "solid"),
    "random": ("#e377c2", "dashed"),
    "local": ("#2ca02c", "dotdash"),
}
ROLLOVER = 2000
BOARD_SIZE = 170
#: The live-text slot of the race's message line, rewritten every frame without a re-layout.
MESSAGE_SLOT = "race_message"
#: The id of the run button's label, and its colour, by whether the race runs.
RUN_BUTTON = {False: ("race.start", "success"), True: ("race.stop", "danger")}


def contestant_name(state: DemoState, contestant: str) -> str:
    """A contestant's name: an update rule's own, or the search's in the page's language."""
    if contestant in RULES:
        return RULES[contestant][0]
    return state.say(f"search.{contestant}")


class RaceSettings(param.Parameterized):
    """What the student chose for the race: contestants, problem, and whether it runs."""

    rules = param.ListSelector(
        default=list(DEFAULT_RULES), objects=[*RULES, *SEARCH_CONTESTANTS],
        doc="The contestants: update rules and searches.",
    )  # fmt: skip
    problem = param.Selector(
        default=PAGE_PROBLEM, objects=[PAGE_PROBLEM, *PRESETS],
        doc="The page's data and settings, or a preset's key.",
    )  # fmt: skip
    running = param.Boolean(default=False)


class _Board:
    """A small plot of one rule's class regions over the race's points."""

    def __init__(self, index: int, state: DemoState) -> None:
        self.state = state
        self.figure = figure(
            frame_width=BOARD_SIZE, frame_height=BOARD_SIZE, x_range=Range1d(-1, 1),
            y_range=Range1d(-1, 1), tools="", toolbar_location=None, name=f"race_board_{index}",
            visible=False,
        )  # fmt: skip
        fig = self.figure
        fig.grid.visible = False
        fig.axis.visible = False
        fig.outline_line_width = 3
        fig.title.text_font_size = "13px"
        self.regions = ColumnDataSource({"xs": [], "ys": [], "color": []})
        fig.patches("xs", "ys", source=self.regions, fill_color="color", line_color=None)
        self.points = ColumnDataSource({"x": [], "y": [], "color": []})
        fig.scatter("x", "y", source=self.points, size=7, fill_color="color", line_color="black")

    def show(self, rule: str, race: Race) -> None:
        """Show ``rule``'s points and frame; its regions follow in :meth:`render`."""
        trainer = race.trainer(rule)
        box = fit_box(trainer.X)
        self.box = box
        self.figure.x_range.update(start=box[0], end=box[1])
        self.figure.y_range.update(start=box[2], end=box[3])
        self.figure.outline_line_color = RULE_STYLES[rule][0]
        colors = palette.main(trainer.num_classes)
        self.points.data = {
            "x": trainer.X[:, 0].tolist(),
            "y": trainer.X[:, 1].tolist(),
            "color": [colors[label] for label in trainer.y.tolist()],
        }
        self.figure.visible = True

    def render(self, rule: str, race: Race) -> None:
        """Draw the rule's current regions; the title changes only if the rule diverges."""
        trainer = race.trainer(rule)
        polygons = region_polygons(trainer.W, trainer.b, self.box)
        light = palette.light(trainer.num_classes)
        shown = [k for k, polygon in enumerate(polygons) if len(polygon)]
        self.regions.data = {
            "xs": [polygons[k][:, 0].tolist() for k in shown],
            "ys": [polygons[k][:, 1].tolist() for k in shown],
            "color": [light[k] for k in shown],
        }
        diverged = trainer.status == DIVERGED
        text = (
            self.state.say(
                "race.diverged_at", rule=contestant_name(self.state, rule), step=trainer.steps
            )
            if diverged
            else contestant_name(self.state, rule)
        )
        if self.figure.title.text != text:
            self.figure.title.update(text=text, text_color="#c00000" if diverged else "#222222")


class RaceView:
    """Pick rules, start, stop and reset a race, and watch it.

    Parameters
    ----------
    state : DemoState
        The session's state: the race takes its data, parameters and settings at the start.
    doc : Document
        The session's document, for the race's periodic callback and frames.

    Attributes
    ----------
    settings : RaceSettings
        The rules that race and whether the race runs, as the widgets set them.
    race : Race or None
        The race shown; None while the rule choice is invalid.
    runner : Runner
        Steps the race while ``settings.running`` is true.
    visible : bool
        Whether the view is on screen; a hidden view steps but does not draw.
    """

    def __init__(self, state: DemoState, doc: Document) -> None:
        self.state = state
        self.doc = doc
        self.visible = True
        self.race: Race | None = None
        self.runner = Runner(doc, self.tick, state.speed)
        self.settings = settings = RaceSettings()
        self.rules = pn.widgets.CheckBoxGroup(
            options={contestant_name(state, key): key for key in settings.param.rules.objects},
            value=list(settings.rules), inline=True,
            stylesheets=[".bk-input-group { flex-wrap: wrap; }"],
        )  # fmt: skip
        self.rules.link(settings, value="rules", bidirectional=True)
        self.problem = pn.widgets.Select(
            label=state.say("race.problem"),
            options={
                state.say(f"race.problem.{key}"): key for key in settings.param.problem.objects
            },
            value=settings.problem, sizing_mode="stretch_width", max_width=420,
        )  # fmt: skip
        self.problem.link(settings, value="problem", bidirectional=True)
        self.rules_caption = Div(
            text=text_html(state.say("race.rules", low=MIN_RULES, high=MAX_RULES)),
            styles={"font-size": "14px"},
        )
        self.budget = Div(
            name="race_budget",
            sizing_mode="stretch_width", max_width=640, styles={"font-size": "13px"},
        )  # fmt: skip
        self.run = pn.widgets.Toggle.from_param(
            settings.param.running,
            label=pn.bind(
                lambda running: state.say(RUN_BUTTON[running][0]), settings.param.running
            ),
            color=pn.bind(lambda running: RUN_BUTTON[running][1], settings.param.running),
            width=120,
            stylesheets=[BUTTON_CSS],
        )
        self.reset_button = pn.widgets.Button(
            label=state.say("race.reset"), color="warning", width=120, stylesheets=[BUTTON_CSS]
        )
        self.message = Div(
            text=slot(MESSAGE_SLOT, state.say("race.ready_html")), name="race_message",
            sizing_mode="stretch_width", max_width=640, styles={"font-size": "14px"},
        )  # fmt: skip
        self.curve = self._curve()
        self.boards = [_Board(i, state) for i in range(MAX_RULES)]
        self.sync = FrameSync(doc, self._draw, name="race_clock")
        self.sync.anchor(self.curve)
        settings.param.watch(lambda _event: self.reset(), "rules")
        settings.param.watch(self._on_problem, "problem")
        settings.param.watch(self._on_running, "running")
        self.reset_button.on_click(lambda _event: self.reset())
        state.param.watch(self._on_speed, "speed")
        self._sent: dict[str, int] = {}
        self._drawn_revision = -1
        self._rebuild()
        self.sync.prepare()

    def _curve(self) -> figure:
        fig = figure(
            height=300, sizing_mode="stretch_width", min_width=300, max_width=520,
            x_range=Range1d(0, 50), y_range=Range1d(0, 8),
            tools="", toolbar_location=None, x_axis_label=self.state.say("axis.step"),
            y_axis_label=self.state.say("axis.total_loss"), name="race_curve",
        )  # fmt: skip
        self.sources = {
            rule: ColumnDataSource({"step": [], "loss": []}, name=f"race_{rule}")
            for rule in RULE_STYLES
        }
        self.lines = {
            rule: fig.line("step", "loss", source=self.sources[rule], line_width=2.5,
                           line_color=color, line_dash=dash, visible=False)
            for rule, (color, dash) in RULE_STYLES.items()
        }  # fmt: skip
        self.legend = Legend(items=[], location="top_right", background_fill_alpha=0.8)
        fig.add_layout(self.legend)
        return fig

    # -- the race's life ------------------------------------------------------------------

    def _on_problem(self, _event: object) -> None:
        """A preset brings its own contestants; the page's problem keeps the ones chosen."""
        preset = PRESETS.get(self.settings.problem)
        if preset is not None and list(self.settings.rules) != list(preset.contestants):
            self.settings.rules = list(preset.contestants)  # which lines up the new race
        else:
            self.reset()

    def reset(self) -> None:
        """Stop, and line up a new race of the chosen rules at the current W and b."""
        self.stop()
        self._rebuild()
        self.sync.request()

    def _rebuild(self) -> None:
        """Clear the views and line up a new race (None if the rule choice is refused).

        The message it leaves goes to the browser with the next frame.
        """
        for source in self.sources.values():
            source.data = {"step": [], "loss": []}
        for line in self.lines.values():
            line.visible = False
        self.legend.items = []
        for board in self.boards:
            board.figure.visible = False
        self.race = self._line_up()
        self._state_budget()
        if self.race is not None:
            self._show_lineup()
            self._say(self.state.say("race.ready_html"))

    def _state_budget(self) -> None:
        """Say what every contestant may spend, and what a preset shows."""
        say = self.state.say
        text = say("race.budget_html", count=BUDGET)
        preset = PRESETS.get(self.settings.problem)
        if preset is not None:
            text += " " + say(f"race.hint.{self.settings.problem}", count=preset.num_params)
        elif self.state.trainer.features:
            text += " " + text_html(say("race.plain"))
        if self.budget.text != text:  # a new text would lay the page out again
            self.budget.text = text

    def _line_up(self) -> Race | None:
        """A race at the state's settings, or None with a message saying what is wrong."""
        rules = list(self.settings.rules)
        if not MIN_RULES <= len(rules) <= MAX_RULES:
            self._refuse(
                self.state.say("race.pick", low=MIN_RULES, high=MAX_RULES, count=len(rules))
            )
            return None
        trainer, state = self.state.trainer, self.state
        settings = {
            rule: {name: getattr(state, name) for name in RULES[rule][1].hyperparameters}
            if rule in RULES
            else {}
            for rule in rules
        }
        self._drawn_revision = state.model_revision
        preset = PRESETS.get(self.settings.problem)
        try:
            if preset is not None:
                return preset.race(settings, history_size=ROLLOVER, evaluations=BUDGET)
            return Race(
                # The plain linear model: the race draws its contestants' regions as polygons.
                *trainer.training_points(), trainer.W[:, :2], trainer.b, settings,
                loss=trainer.loss,
                reg=trainer.reg, step_size=state.step_size, batch_size=state.batch_size,
                history_size=ROLLOVER, evaluations=BUDGET, search_scale=state.search_scale,
                search_step=state.search_step,
            )  # fmt: skip
        except ValueError as error:
            self._refuse(self.state.say("race.cannot", error=error))
            return None

    def _refuse(self, text: str) -> None:
        self._say(f'<b style="color:#c00000">{text_html(text)}</b>')

    def _say(self, html: str) -> None:
        """Show ``html`` in the message line with the next frame."""
        self.sync.text(MESSAGE_SLOT, html)

    @property
    def message_html(self) -> str:
        """What the message line shows (or is about to show)."""
        return self.sync.texts.get(MESSAGE_SLOT, self.state.say("race.ready_html"))

    def _show_lineup(self) -> None:
        race = self.race
        self._sent = dict.fromkeys(race.rules, 0)
        items = []
        for rule, board in zip(race.rules, self.boards, strict=False):
            self.lines[rule].visible = True
            label = contestant_name(self.state, rule)
            items.append(LegendItem(label=label, renderers=[self.lines[rule]]))
            board.show(rule, race)
        self.legend.items = items
        start = race.histories[race.rules[0]][0]
        self.curve.x_range.update(start=0, end=50)
        self.curve.y_range.update(start=0, end=max(1.2 * start, 1e-3))
        say, first = self.state.say, race.trainer(race.rules[0])
        batch = (
            say("race.full_batch") if first.full_batch else say("race.batch", size=first.batch_size)
        )
        self.curve.title.text = say(
            "race.conditions", step_size=f"{race.step_size:g}", reg=f"{first.reg:g}",
            batch=batch,
        )  # fmt: skip
        self._draw()

    def _stale(self) -> bool:
        """Whether no race is lined up, or one that has not started lags behind the state."""
        race = self.race
        stale = self._drawn_revision != self.state.model_revision
        return race is None or (race.steps == 0 and stale)

    def start(self) -> None:
        """Run the race at the state's speed; one not yet started starts from the current W, b."""
        self.settings.running = True

    def stop(self) -> None:
        """Stop the race where it stands."""
        self.settings.running = False

    def _on_running(self, _event: object) -> None:
        if not self.settings.running:
            self.runner.stop()
            return
        if self._stale():
            self._rebuild()
        if self.race is None or self.race.finished:
            self.settings.running = False  # nothing to run: the message line says why
        else:
            self.runner.start()
            self._say(text_html(self.state.say("race.racing")))
        self.sync.request()

    def close(self) -> None:
        """Forget the race's callback; called when the session has ended.

        Bokeh has already removed the callbacks of the destroyed document, and its widgets
        must not be touched any more.
        """
        self.runner.close()

    def _on_speed(self, _event: object) -> None:
        self.runner.speed = self.state.speed

    def tick(self) -> None:
        """Step every rule once, stop once all have diverged, and ask for a frame."""
        if self.race is None:
            return
        self.race.step()
        if self.race.finished:
            self.stop()
        if self.visible:
            self.sync.request()

    # -- drawing --------------------------------------------------------------------------

    def _draw(self) -> None:
        """Stream the new losses of every rule and redraw its regions and title."""
        race = self.race
        if race is None:
            return
        histories = race.histories
        top = 0.0
        for rule, board in zip(race.rules, self.boards, strict=False):
            total = race.trainer(rule).steps + 1
            new = min(total - self._sent[rule], histories[rule].size)
            if new > 0:
                losses = histories[rule][-new:]
                self.sources[rule].stream(
                    {"step": list(range(total - new, total)), "loss": losses.tolist()},
                    rollover=ROLLOVER,
                )
                top = max(top, float(losses.max()))
                self._sent[rule] = total
            board.render(rule, race)
        widen(self.curve.x_range, race.steps)
        widen(self.curve.y_range, top)
        self._summarize()

    def _summarize(self) -> None:
        race = self.race
        if race.steps == 0:
            return
        name = functools.partial(contestant_name, self.state)
        diverged = [name(rule) for rule, status in race.statuses.items() if status == DIVERGED]
        running = race.running
        say = self.state.say
        parts = [say("race.step", step=race.steps)]
        if running:
            best = min(running, key=lambda rule: race.trainer(rule).result.total_loss)
            loss = race.trainer(best).result.total_loss
            parts.append(say("race.lowest_html", rule=name(best), loss=number_text(loss, 3)))
        if diverged:
            parts.append(
                f'<b style="color:#c00000">{say("race.diverged", rules=", ".join(diverged))}</b> '
                + say("race.diverged_hint")
            )
        losses = " · ".join(
            self._standing(rule) if status != DIVERGED
            else f'<s style="color:#c00000">{name(rule)}</s>'
            for rule, status in race.statuses.items()
        )  # fmt: skip
        parts.append(f'<br><span style="color:#555">{say("race.total_loss", losses=losses)}</span>')
        spent = say("race.spent", count=race.spent(race.rules[0]))
        parts.append(f'<br><span style="color:#555">{spent}</span>')
        self.sync.text(MESSAGE_SLOT, " ".join(parts))

    def _standing(self, contestant: str) -> str:
        """A contestant's total loss; for a search, its best loss and its tries."""
        race, name = self.race, contestant_name(self.state, contestant)
        loss = number_text(race.trainer(contestant).result.total_loss, 3)
        search = race.search(contestant)
        if search is None:
            return f"{name} {loss}"
        return self.state.say("race.search_standing", search=name, loss=loss, tries=search.tries)

    def render(self) -> None:
        """Keep a race that has not started lined up at the current W and b."""
        if self.visible and self.race is not None and self.race.steps == 0 and self._stale():
            self._rebuild()
            self.sync.request()

    def show(self) -> None:
        """Draw what happened while the view was hidden."""
        if self._stale() and self.race is not None:
            self._rebuild()
            self.sync.request()
        else:
            self._draw()

    def panel(self) -> pn.viewable.Viewable:
        """Rule choice and buttons, the shared curve, and one small plot per rule."""
        return pn.Column(
            self.problem,
            pn.pane.Bokeh(self.rules_caption),
            pn.FlexBox(self.rules, self.run, self.reset_button, align_items="center"),
            pn.pane.Bokeh(self.budget, sizing_mode="stretch_width"),
            pn.pane.Bokeh(self.message, sizing_mode="stretch_width"),
            pn.FlexBox(
                pn.pane.Bokeh(self.curve, sizing_mode="stretch_width", max_width=520),
                pn.Column(
                    pn.Row(*(pn.pane.Bokeh(board.figure) for board in self.boards[:2])),
                    pn.Row(*(pn.pane.Bokeh(board.figure) for board in self.boards[2:])),
                ),
            ),
        )
