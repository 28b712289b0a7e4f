"""One session's page: state, views, controls and the wiring between them.

The page is a plain document of a few Bokeh roots (the plots, the table) and browser
components (the controls, the parameter grid, the formulas), laid out by the page's own HTML
template, ``page.html``. It holds about a hundred models rather than four hundred, so that a
new page costs the server little; the optimization lab builds its views only when opened.
"""

from __future__ import annotations

import base64
import logging
import time
from pathlib import Path
from urllib.parse import parse_qs

import panel as pn
import param
from bokeh.core.templates import get_env
from bokeh.document import Document
from markupsafe import Markup, escape
from panel.io.location import Location

from app.catalogue import say
from app.controls.sidebar import Controls
from app.editing import DataEditor
from app.lab.tabs import Lab
from app.lesson.panel import Lesson
from app.link import parse_settings
from app.runtime.animation import Animator
from app.runtime.frames import LIVE_TEXT_JS, FrameSync
from app.server.patches.page_language import PANEL_PAGE
from app.server.patches.unchanged_styles import SKIP_UNCHANGED_JS
from app.server.patches.view_index import VIEW_NAMED_JS
from app.state import DemoState
from app.text import MODEL_FORMULA, loss_formulas
from app.views.anatomy import AnatomyView
from app.views.data_table import DataTableView
from app.views.loss_curve import LossCurve
from app.views.main_plot import MainPlot
from app.views.parameters import ParameterPanel
from demo_core.losses import LOSSES

__all__ = ["Page", "PageAddress", "page_address"]

#: Seconds between updates of the tables, read-out and loss curve while the animation runs.
SLOW_VIEW_PERIOD = 0.1
#: The page's HTML around its roots, compiled once for every page. It extends
#: :data:`PANEL_PAGE`.
TEMPLATE = get_env().from_string(
    "{% extends panel_page %}\n" + Path(__file__).with_name("page.html").read_text(encoding="utf-8")
)
#: The favicon, inline, so that the page needs no static route for it.
_FAVICON_SVG = (Path(__file__).resolve().parents[1] / "static" / "favicon.svg").read_bytes()
FAVICON = "data:image/svg+xml;base64," + base64.b64encode(_FAVICON_SVG).decode()
#: The page's headings, by name; each is the text ``heading.<name>`` of :mod:`app.catalogue`.
HEADINGS = (
    "menu", "plot", "parameters", "table", "curve", "lab", "lab_intro", "leave_present",
    "shortcuts", "shortcuts_note", "close", "anatomy",
)  # fmt: skip
#: The keyboard shortcuts, as the page lists them (app/controls/sidebar.js handles them): the
#: key, or the id of its name, and the id of what it does.
SHORTCUTS = (
    ("key.space", "shortcut.single"),
    ("R", "shortcut.running"),
    ("Z", "shortcut.reset"),
    ("↑ ↓", "shortcut.step_size"),
    ("P", "shortcut.present"),
    ("?", "shortcut.help"),
)
#: The roots that the template places by name; any other root goes in a hidden container.
PLACED = (
    "controls", "main_plot", "parameters", "table", "loss_curve",
    "loss_curve_legend", "lab", "anatomy", "lesson",
)  # fmt: skip
log = logging.getLogger(__name__)


class Page:
    """Everything one browser session sees, built on one :class:`DemoState`."""

    def __init__(self, doc: Document, state: DemoState | None = None) -> None:
        self.doc = doc
        self.state = state or DemoState()
        self.editor = DataEditor(self.state)
        self.main_plot = MainPlot(self.state, self.editor)
        self.loss_curve = LossCurve(self.state)
        self._last_full_render = 0.0
        self.sync = FrameSync(doc, self.render)
        self.parameters = ParameterPanel(self.state, self.sync)
        self.table = DataTableView(self.state, self.sync)
        self.anatomy = AnatomyView(self.state)
        self.sync.anchor(self.main_plot.figure)
        self.controls = Controls(self.state, self.editor, doc)
        self.animator = Animator(doc, self.state, self.sync)
        self.lab = Lab(self.state, doc)
        self.lesson = Lesson(self.state, self.lab.show_tab)
        self.state.param.watch(self._on_revision, ["model_revision", "view_revision"])
        self.state.param.watch(self._on_revision, "running")  # a stop shows everything
        self.state.param.watch(self._on_present, "present")
        self.sync.prepare()

    def _on_revision(self, event: object) -> None:
        try:
            # What the user did is shown at once; the animation's steps wait their turn.
            self.sync.request(urgent=not self.animator.stepping)
        except Exception:
            log.exception("could not update the page")
            self.state.status = self.state.say("page.draw_failed")

    def render(self) -> None:
        """Copy the state into the views: the plot every frame, the rest at most 10 times/s.

        The anatomy of the examined point follows every frame, as its pull on the plot does.
        While the animation runs, the tables, read-out and loss curve follow at
        :data:`SLOW_VIEW_PERIOD`: numbers changing faster cannot be read, and every update of
        them makes the browser recompute styles. A stop or a single step shows everything.
        """
        self.main_plot.render()
        self.main_plot.overlays.write_note(self.sync)
        self.anatomy.render()  # follows every step and drag, as the plot does
        now = time.monotonic()
        if self.state.running and now - self._last_full_render < SLOW_VIEW_PERIOD:
            return
        self._last_full_render = now
        self.parameters.render()
        self.table.render()
        self.loss_curve.render(self.sync)
        self.lab.render()

    def _on_present(self, event: param.parameterized.Event) -> None:
        """Presentation mode: the main plot's lines and points thick enough for a projector."""
        self.main_plot.show_large(event.new)
        self.sync.request(urgent=True)

    def close(self) -> None:
        """Forget the animation; called when the session has ended.

        Bokeh has already destroyed the document and removed its callbacks, so nothing here
        may touch it: the state stops running without telling its watchers (which would
        update widgets of the destroyed document).
        """
        self.animator.close()
        self.lab.close()
        with param.parameterized.discard_events(self.state):
            self.state.running = False

    def show(self, address: Location | None = None) -> None:
        """Put the page's roots into its document, laid out by :data:`TEMPLATE`.

        ``address``: Panel's model of the page's URL, which follows the state's settings.
        """
        doc, lang = self.doc, self.state.lang
        with doc.models.freeze():
            for root in (self.main_plot.figure, self.loss_curve.figure):
                doc.add_root(root)
            _add_root(doc, self.parameters.component, "parameters")
            _add_root(doc, self.table.component, "table")
            _add_root(doc, self.anatomy.component, "anatomy")
            _add_root(doc, self.loss_curve.legend, "loss_curve_legend")
            _add_root(doc, self.lab.panel(), "lab")
            _add_root(doc, self.lesson.component, "lesson")
            _add_root(doc, self.controls.component, "controls", location=address or True)
        doc.title = say(lang, "page.title")
        doc.template = TEMPLATE
        formulas = loss_formulas(say(lang, "formula.if"), say(lang, "formula.else"))
        doc.template_variables.update(
            panel_page=PANEL_PAGE,
            favicon=FAVICON,
            intro=Markup(say(lang, "intro_html")),
            headings={name: say(lang, f"heading.{name}") for name in HEADINGS},
            shortcuts=[
                (say(lang, key) if key.startswith("key.") else key, say(lang, meaning))
                for key, meaning in SHORTCUTS
            ],
            placed=PLACED,
            # The formulas over the plot, in MathML: the model's, and each loss's with its name.
            formulas={
                "model": Markup(MODEL_FORMULA),
                "losses": [
                    (key, say(lang, f"loss.{key}"), Markup(formulas[key])) for key in LOSSES
                ],
            },
            skip_unchanged_styles=Markup(SKIP_UNCHANGED_JS),
            live_text=Markup(LIVE_TEXT_JS),
            view_named=Markup(VIEW_NAMED_JS),
            # The loss whose formula shows; the controls keep it up to date in the browser.
            html_attrs=Markup(
                f'lang="{escape(lang)}" data-loss="{escape(self.state.loss)}" '
                f'data-present="{str(self.state.present).lower()}" '
                f'data-hide="{escape(" ".join(self.state.hide))}"'
            ),
        )


def _add_root(
    doc: Document, viewable: pn.viewable.Viewable, name: str, location: Location | bool = False
) -> None:
    """Add ``viewable`` to ``doc`` as a root that the template finds by ``name``.

    ``location``: whether to add Panel's model of the page's URL too (one per page).
    """
    before = set(doc.roots)
    viewable.server_doc(doc, location=location)
    # Panel adds the viewable's model first, then what else the page needs (its URL's model).
    added = [root for root in doc.roots if root not in before]
    added[0].name = name


class PageAddress(Location):
    """The page's address, as Panel keeps it in step with the browser's, read safely.

    Panel's own reading of the query, :attr:`Location.query_params`, turns a value of digits
    into a Python integer, and raises for one of more than 4,300 digits (Python's limit); it
    does so whenever the address changes, so a link with such a value would break the page.
    Here the query is read by :func:`app.link.parse_settings`, which never raises.
    """

    @property
    def query_params(self) -> dict[str, object]:
        """The usable settings of the query, by name (see :func:`parse_settings`)."""
        return parse_settings(parse_qs(self.search.removeprefix("?"))).values


def page_address(doc: Document) -> PageAddress:
    """The address of the page of ``doc``, from the request that opened its session."""
    context = doc.session_context
    return PageAddress.from_request(getattr(context, "request", None))
