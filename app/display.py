"""Text for the page: numbers of a bounded width, and untrusted text turned into safe HTML.

Every number the page shows goes through :func:`number_text` on the server, or through the
same rule in the browser (``formatted`` in ``app/views/parameters.js``), so that no value,
however large, widens its cell. Every text that did not come from this code (a link, a file,
a value sent by a browser) becomes HTML only through :func:`text_html`.
"""

from __future__ import annotations

import html
import math

__all__ = ["FIXED_LIMIT", "number_text", "text_html"]

#: Numbers below this magnitude are shown with fixed decimals; larger ones as ``1.2e+05``.
FIXED_LIMIT = 1e4


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


def text_html(text: str) -> str:
    """HTML that shows ``text`` exactly as it is: ``<``, ``>``, ``&`` and quotes escaped.

    This is the one place where text that did not come from this code becomes HTML.
    """
    return html.escape(text, quote=True)
