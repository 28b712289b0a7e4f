"""The optimization lab: the gradient check, the loss landscape and the optimizer race.

:class:`Lab` puts the three views in tabs. It is closed when the page opens: a button opens
it, and each view is built only when its tab is first shown, so a page whose student never
opens the lab costs the server nothing for it. The page calls :meth:`Lab.render` on every
frame; only the tab on screen does any work, and switching tabs brings the new one up to date.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import panel as pn
import param
from bokeh.document import Document
from panel.custom import Children
from panel.io.document import hold
from panel.io.state import set_curdoc

from app.component import Component
from app.lab.gradcheck import GradCheckView
from app.lab.landscape import LandscapeView
from app.lab.race import RaceView
from app.state import DemoState

__all__ = ["TABS", "Lab", "LabTabs"]

#: The tabs' titles: texts of :mod:`app.catalogue`.
TABS = ("lab.gradcheck", "lab.landscape", "lab.race")


class _View(Protocol):
    visible: bool

    def render(self) -> None: ...

    def show(self) -> None: ...

    def close(self) -> None: ...

    def panel(self) -> pn.viewable.Viewable: ...


class LabTabs(Component):
    """Tabs that a screen reader knows as tabs: see ``tabs.js``.

    The browser asks for a tab with a message, ``{"tab": i}``; :attr:`active` is the tab shown.
    """

    label = param.String(default="", doc="Name of the list of tabs.")
    titles = param.List(default=[], doc="Each tab's title.")
    active = param.Integer(default=0, doc="The tab shown, from 0.")
    objects = Children(default=[], doc="Each tab's content.")

    _esm = Path(__file__).with_name("tabs.js").read_text(encoding="utf-8")
    _stylesheets = [Path(__file__).with_name("tabs.css").read_text(encoding="utf-8")]  # noqa: RUF012

    def __init__(self, titles: list[str], **params: object) -> None:
        super().__init__(
            self._received, titles=titles, objects=[pn.Column() for _ in titles], **params
        )

    def _received(self, data: object) -> None:
        """A message of the browser: ``{"tab": i}``."""
        index = data.get("tab") if isinstance(data, dict) else None
        if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(self.titles):
            self.active = index


class Lab:
    """The three views of the optimization lab for one session.

    Parameters
    ----------
    state : DemoState
        The session's state, which every view reads.
    doc : Document
        The session's document, for the race's periodic callback and late refreshes.

    Attributes
    ----------
    root : pn.Column
        What the page shows: the button that opens the lab, then its tabs.
    tabs : LabTabs
        One tab per view; a tab holds its view once it has been shown.
    """

    def __init__(self, state: DemoState, doc: Document) -> None:
        self.state = state
        self.doc = doc
        self._builders: tuple[Callable[[], _View], ...] = (
            lambda: GradCheckView(state, doc),
            lambda: LandscapeView(state, doc),
            lambda: RaceView(state, doc),
        )
        self._views: list[_View | None] = [None] * len(TABS)
        self.tabs = LabTabs(
            [state.say(key) for key in TABS],
            label=state.say("heading.lab"),
            sizing_mode="stretch_width",
        )
        self.tabs.param.watch(self._on_tab, "active")
        self.open_button = pn.widgets.Button(
            label=state.say("lab.open"), color="primary", width=260
        )
        self.open_button.on_click(lambda _event: self.open())
        self.root = pn.Column(self.open_button, sizing_mode="stretch_width")

    def view(self, index: int) -> _View:
        """The view of tab ``index``, built (and put into its tab) on first use."""
        view = self._views[index]
        if view is None:
            view = self._views[index] = self._builders[index]()
            view.visible = index == self.tabs.active
            self.tabs.objects[index].objects = [view.panel()]
        return view

    @property
    def gradcheck(self) -> GradCheckView:
        """The gradient check view."""
        return self.view(0)  # type: ignore[return-value]

    @property
    def landscape(self) -> LandscapeView:
        """The loss landscape view."""
        return self.view(1)  # type: ignore[return-value]

    @property
    def race(self) -> RaceView:
        """The optimizer race view."""
        return self.view(2)  # type: ignore[return-value]

    def open(self) -> None:
        """Show the tabs in place of the button, with the active tab's view."""
        if self.root.objects != [self.tabs]:
            with set_curdoc(self.doc), hold(self.doc):
                self.view(self.tabs.active).show()
                self.root.objects = [self.tabs]

    def show_tab(self, index: int) -> None:
        """Open the lab at tab ``index``."""
        self.tabs.active = index
        self.open()

    def _on_tab(self, _event: object) -> None:
        for index, view in enumerate(self._views):
            if view is not None:
                view.visible = index == self.tabs.active
        with set_curdoc(self.doc), hold(self.doc):
            self.view(self.tabs.active).show()

    def render(self) -> None:
        """Bring the view on screen up to date; cheap, and throttled where it is not."""
        for view in self._views:
            if view is not None:
                view.render()

    def close(self) -> None:
        """Stop the race and cancel scheduled work; called when the session ends."""
        for view in self._views:
            if view is not None:
                view.close()

    def panel(self) -> pn.viewable.Viewable:
        """The lab as the page shows it."""
        return self.root
