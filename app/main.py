"""Entry point of ``panel serve app/main.py``: builds one page per browser session."""

from __future__ import annotations

import panel as pn
from bokeh.settings import settings

from app.catalogue import preferred_language
from app.link import LINK_SETTINGS, apply_query, current_query, parse_settings
from app.page import Page, page_address
from app.server import patches
from app.state import DemoState

pn.extension(notifications=False, browser_info=False)
# Bokeh checks every new document's models for mistakes, about a tenth of a new page's server
# time; the page is always built the same way, and tests/app/test_app_page.py checks it once.
settings.perform_document_validation.set_value(False)


def create_app() -> None:
    """Serve the page of a new session from its link, and stop it when the session ends.

    The page's language is the link's ``lang``, or else the one the browser prefers.
    """
    patches.install()  # once per process: later calls change nothing
    doc = pn.state.curdoc
    query = pn.state.session_args or {}
    request = getattr(doc.session_context, "request", None)
    browser = preferred_language(getattr(request, "headers", {}).get("Accept-Language"))
    lang = parse_settings(query).values.get("lang", browser)
    page = Page(doc, DemoState(lang=lang))
    notices = apply_query(page.state, query)
    if notices:
        said = [page.state.say(f"notice.{n.kind}", **n.values) for n in notices]
        page.state.status = page.state.say("link.notices", notices="; ".join(said))
    page.sync.prepare()
    address = page_address(page.doc)

    # The link keeps a language that the browser would not choose by itself.
    def follow(*_events: object) -> None:
        keep = ("lang",) if page.state.lang != browser else ()
        address.param.update(search="?" + current_query(page.state, keep))

    page.state.param.watch(follow, list(LINK_SETTINGS))
    pn.state.on_session_destroyed(lambda _context, page=page: page.close())
    page.show(address)


create_app()
