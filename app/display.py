"""Text for the page: numbers of a bounded width, and untrusted text turned into safe HTML.

Every number the page shows goes through :func:`number_text` on the server, or through the
same rule in the browser (:func:`number_formatter`), so that no value, however large, widens
its cell. Every text that did not come from this code (a link, a file, a value sent by a
browser) becomes HTML only through :func:`text_html`.
"""

from __future__ import annotations

import html
import math

from bokeh.models import CustomJSTickFormatter

__all__ = ["FIXED_LIMIT", "number_formatter", "number_text", "text_html"]

#: Numbers below this magnitude are shown with fixed decimals; larger ones as ``1.2e+05``.
FIXED_LIMIT = 1e4

#: The rule of :func:`number_text` for a ``CustomJSTickFormatter``, which gets ``tick``.
_NUMBER_JS = r"""
if (!Number.isFinite(tick)) { return Number.isNaN(tick) ? "nan" : (tick > 0 ? "inf" : "-inf"); }
if (Math.abs(tick) >= limit) { return tick.toExponential(1).replace(/e([+-])(\d)$/, "e$10$2"); }
const text = tick.toFixed(decimals);
return Number(text) === 0 ? text.replace("-", "") : text;
"""


def number_text(value: float, decimals: int = 2) -> str:
    """``value`` in at most ``max(decimals + 6, 9)`` characters: ``0.50``, ``-12.25``, ``1.2e+05``.

    Magnitudes below :data:`FIXED_LIMIT` have ``decimals`` fixed decimals, without a negative
    zero; larger ones have two significant digits and an exponent. Infinities and NaN are
    ``inf``, ``-inf`` and ``nan``.
    """
    value = float(value)
    if not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if abs(value) >= FIXED_LIMIT:
        return f"{value:.1e}"
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def number_formatter(decimals: int = 2) -> CustomJSTickFormatter:
    """The rule of :func:`number_text` for a Bokeh widget that formats in the browser.

    Each call makes a new model: a Bokeh model belongs to one document.
    """
    return CustomJSTickFormatter(code=_NUMBER_JS, args={"limit": FIXED_LIMIT, "decimals": decimals})


def text_html(text: str) -> str:
    """HTML that shows ``text`` exactly as it is: ``<``, ``>``, ``&`` and quotes escaped.

    This is the one place where text that did not come from this code becomes HTML.
    """
    return html.escape(text, quote=True)
