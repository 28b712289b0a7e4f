"""Entry point of ``panel serve app/main.py``: builds one page per browser session."""

from __future__ import annotations

import panel as pn

from app.page import Page

pn.extension("katex", notifications=False)


def create_app() -> pn.template.BaseTemplate:
    """Build the page of a new session and stop its animation when the session ends."""
    page = Page(pn.state.curdoc)
    pn.state.on_session_destroyed(lambda _context, page=page: page.close())
    return page.template()


create_app().servable(title="Linear Classification Loss Visualization")
