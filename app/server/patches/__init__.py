"""Private hooks into Panel, Bokeh and BokehJS: each in one module, with what it buys.

Every module here says what its hook buys, as a measured figure where there is one, and
which versions it was checked on (Panel 1.9.4, Bokeh 3.9.2, Tornado 6.6.1). pyproject.toml
caps Panel and Bokeh below their next minor version, and tests/test_project.py fails loudly
when an installed version lies outside the range checked.

* :mod:`.tcp_nodelay`: Bokeh's websocket handler sends without Nagle's delay.
* :mod:`.quiet_close`: a tab closed while a message is on its way is not logged as an error.
* :mod:`.reference_tables`: Bokeh's tables of model references, built once per set of models.
* :mod:`.refusals`: a browser's refused change is one short log line, and shown back.
* :mod:`.unchanged_styles`: BokehJS skips rewriting style sheets whose text is the same.
* :mod:`.view_index`: the page finds live-text slots in BokehJS's views.
* :mod:`.class_defaults`: Bokeh looks up each class's overridden defaults once.
* :mod:`.page_language`: Panel's page template, with the page's language left to the page.

:func:`install` installs the Python ones, once per process; the JavaScript ones are part of
the page (see app/page.html and app/runtime/frames.py).
"""

from __future__ import annotations

from app.server.patches import (
    class_defaults,
    quiet_close,
    reference_tables,
    refusals,
    tcp_nodelay,
)

__all__ = ["install"]


def install() -> None:
    """Install every Python hook of this package; calling this again changes nothing."""
    tcp_nodelay.install()
    quiet_close.install()
    reference_tables.install()
    refusals.install()
    class_defaults.install()
