"""The optimization lab: the gradient check, the loss landscape and the optimizer race.

:class:`Lab` puts the three views in tabs. The page calls :meth:`Lab.render` on every frame;
only the tab on screen does any work, and switching tabs brings the new one up to date.
The tabs are dynamic: a tab's models join the page's document only once it is opened, which
keeps the document small (the race alone brings hundreds of models), and every message the
server sends or receives costs time in proportion to the document's size.
"""

from __future__ import annotations

from typing import Protocol

import panel as pn
from bokeh.document import Document
from panel.io.document import hold
from panel.io.state import set_curdoc

from app.gradcheck_view import GradCheckView
from app.landscape_view import LandscapeView
from app.race_view import RaceView
from app.state import DemoState

__all__ = ["TAB_TITLES", "Lab"]

TAB_TITLES = ("Gradient check", "Loss landscape", "Optimizer race")


class _View(Protocol):
    visible: bool

    def render(self) -> None: ...

    def show(self) -> None: ...

    def panel(self) -> pn.viewable.Viewable: ...


class Lab:
    """The three views of the optimization lab for one session.

    Parameters
    ----------
    state : DemoState
        The session's state, which every view reads.
    doc : Document
        The session's document, for the race's periodic callback and late refreshes.
    """

    def __init__(self, state: DemoState, doc: Document) -> None:
        self.state = state
        self.doc = doc
        self.gradcheck = GradCheckView(state, doc)
        self.landscape = LandscapeView(state, doc)
        self.race = RaceView(state, doc)
        self.views: tuple[_View, ...] = (self.gradcheck, self.landscape, self.race)
        self.tabs = pn.Tabs(
            *((title, view.panel()) for title, view in zip(TAB_TITLES, self.views, strict=True)),
            dynamic=True,
        )
        self.tabs.param.watch(self._on_tab, "active")
        self._mark_visible()

    def _mark_visible(self) -> None:
        for index, view in enumerate(self.views):
            view.visible = index == self.tabs.active

    def _on_tab(self, _event: object) -> None:
        self._mark_visible()
        with set_curdoc(self.doc), hold(self.doc):
            self.views[self.tabs.active].show()

    def render(self) -> None:
        """Bring the view on screen up to date; cheap, and throttled where it is not."""
        for view in self.views:
            view.render()

    def close(self) -> None:
        """Stop the race and cancel scheduled work; called when the session ends."""
        self.race.close()
        self.landscape.close()
        self.gradcheck.close()

    def panel(self) -> pn.viewable.Viewable:
        """The lab under its heading, one tab per view."""
        return pn.Column(
            pn.pane.Markdown(
                "### Optimization lab\nCheck the gradient, see the loss surface around the "
                "current point, and race the update rules against each other.",
                margin=(10, 10, 0, 10),
            ),
            self.tabs,
        )
