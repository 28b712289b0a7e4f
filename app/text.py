"""The formulas on the page, in MathML (their words are in :mod:`app.catalogue`)."""

from __future__ import annotations

from html import escape

__all__ = ["MODEL_FORMULA", "loss_formulas"]


# The formulas in MathML, which the browser typesets itself.
_SUM = "<mo>∑</mo>"
_MINUS = "<mo>&#x2212;</mo>"


def _sub(base: str, index: str) -> str:
    return f"<msub>{base}{index}</msub>"


_Li = _sub("<mi>L</mi>", "<mi>i</mi>")
_sj = _sub("<mi>s</mi>", "<mi>j</mi>")
_yi = _sub("<mi>y</mi>", "<mi>i</mi>")
_syi = _sub("<mi>s</mi>", _yi)
_j_not_yi = f"<mrow><mi>j</mi><mo>≠</mo>{_yi}</mrow>"


def _math(body: str) -> str:
    return f'<math displaystyle="true"><mrow>{body}</mrow></math>'


MODEL_FORMULA = (
    _math("<mi>s</mi><mo>=</mo><mi>W</mi><mi>x</mi><mo>+</mo><mi>b</mi>")
    + "\u2003\u2003"
    + _math(
        "<mi>L</mi><mo>=</mo><mfrac><mn>1</mn><mi>N</mi></mfrac>"
        f"<munderover>{_SUM}<mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>N</mi></munderover>"
        f"{_Li}<mo>+</mo><mi>λ</mi>"
        f"<munder>{_SUM}<mrow><mi>k</mi><mo>,</mo><mi>d</mi></mrow></munder>"
        "<msubsup><mi>W</mi><mrow><mi>k</mi><mo>,</mo><mi>d</mi></mrow><mn>2</mn></msubsup>"
    )
)


def loss_formulas(if_text: str, else_text: str) -> dict[str, str]:
    """Each loss's formula, by the loss's key.

    ``if_text`` and ``else_text`` are the words of the OVA targets' "+1 if j = y_i, else -1",
    as plain text (escaped here).
    """
    if_text, else_text = escape(if_text), escape(else_text)
    return {
        "ww": _math(
            f"{_Li}<mo>=</mo><munder>{_SUM}{_j_not_yi}</munder>"
            f"<mi>max</mi><mo>(</mo><mn>0</mn><mo>,</mo>{_sj}{_MINUS}{_syi}<mo>+</mo><mn>1</mn><mo>)</mo>"
        ),
        "ova": _math(
            f"{_Li}<mo>=</mo><munder>{_SUM}<mi>j</mi></munder>"
            f"<mi>max</mi><mo>(</mo><mn>0</mn><mo>,</mo><mn>1</mn>{_MINUS}"
            f"{_sub('<mi>t</mi>', '<mi>j</mi>')}{_sj}<mo>)</mo><mo>,</mo><mspace width='1em'/>"
            f"{_sub('<mi>t</mi>', '<mi>j</mi>')}<mo>=</mo><mo>+</mo><mn>1</mn>"
            f"<mtext>{if_text}</mtext><mi>j</mi><mo>=</mo>{_yi}<mtext>{else_text}</mtext>"
            f"{_MINUS}<mn>1</mn>"
        ),
        "structured": _math(
            f"{_Li}<mo>=</mo><mi>max</mi><mo>(</mo><mn>0</mn><mo>,</mo>"
            f"<munder><mi>max</mi>{_j_not_yi}</munder>{_sj}{_MINUS}{_syi}<mo>+</mo><mn>1</mn>"
            "<mo>)</mo>"
        ),
        "softmax": _math(
            f"{_Li}<mo>=</mo>{_MINUS}<mi>log</mi><mfrac><msup><mi>e</mi>{_syi}</msup>"
            f"<mrow><munder>{_SUM}<mi>j</mi></munder><msup><mi>e</mi>{_sj}</msup></mrow></mfrac>"
        ),
    }
