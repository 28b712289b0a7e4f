"""Entry point of ``panel serve app/main.py``: builds one page per browser session."""

from __future__ import annotations

import panel as pn
from bokeh.settings import settings

from app.link import LINK_SETTINGS, apply_query, current_query
from app.page import Page, page_address
from app.server import patches

pn.extension(notifications=False, browser_info=False)
# Bokeh checks every new document's models for mistakes, about a tenth of a new page's server
# time; the page is always built the same way, and tests/app/test_app_page.py checks it once.
settings.perform_document_validation.set_value(False)


def create_app() -> None:
    """Serve the page of a new session from its link, and stop it when the session ends."""
    patches.install()  # once per process: later calls change nothing
    page = Page(pn.state.curdoc)
    notices = apply_query(page.state, pn.state.session_args or {})
    if notices:
        page.state.status = "Link settings: " + "; ".join(notices)
    page.sync.prepare()
    address = page_address(page.doc)
    page.state.param.watch(
        lambda *_events: address.param.update(search="?" + current_query(page.state)),
        list(LINK_SETTINGS),
    )
    pn.state.on_session_destroyed(lambda _context, page=page: page.close())
    page.show(address)


create_app()
