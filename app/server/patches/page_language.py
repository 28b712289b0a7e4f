"""Panel's page template, with the page's language left to the page.

Panel's base template (``panel/_templates/base.html``, which every Panel page extends) opens
with ``<html lang="en" {{ html_attrs }}>``: a page in Korean would say it is in English, and
a second ``lang`` in ``html_attrs`` is ignored, since the first attribute wins. There is no
public setting for it. :data:`PANEL_PAGE` is Panel's own template, read from Panel's
installed file, with that one ``lang="en"`` taken out; the page (app/page.py) extends it and
sets ``lang`` through ``html_attrs``. It buys a correct ``<html lang>`` for screen readers,
hyphenation and fonts. Checked with Panel 1.9.4; if Panel's template no longer has the
attribute, :data:`PANEL_PAGE` is Panel's template as it is, and tests/app/test_app_patches.py
fails.
"""

from __future__ import annotations

from pathlib import Path

from bokeh.core.templates import get_env
from jinja2 import Template
from panel.io.resources import BASE_TEMPLATE

__all__ = ["PANEL_LANG", "PANEL_PAGE"]

#: What Panel's template writes before the page's own attributes of ``<html>``.
PANEL_LANG = '<html lang="en" '
#: Panel's page template without its fixed language.
PANEL_PAGE: Template = get_env().from_string(
    Path(BASE_TEMPLATE.filename).read_text(encoding="utf-8").replace(PANEL_LANG, "<html ", 1)
)
