"""The words and formulas on the page."""

from __future__ import annotations

__all__ = ["FORMULAS", "INTRO_HTML", "MODEL_FORMULA"]

INTRO_HTML = """
<p>A <b>linear classifier</b> gives each class <i>k</i> a score <i>s<sub>k</sub></i>, a weighted
sum of the point's coordinates plus a bias. The class with the highest score wins, so the plane
splits into one coloured region per class. Each coloured line is where a class's score is zero;
its arrow points along that row of W, the way the score grows.</p>
<p>The <b>loss</b> measures how unhappy we are with the scores: the data loss is zero only when
every point's own class wins by a margin, and the regularization loss prefers small weights.
<b>Training</b> follows the gradient (red numbers) downhill, one step at a time.</p>
<p>Drag the points, nudge W and b with ▲/▼, or press <i>Start repeated update</i>.</p>
"""

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

FORMULAS: dict[str, str] = {
    "ww": _math(
        f"{_Li}<mo>=</mo><munder>{_SUM}{_j_not_yi}</munder>"
        f"<mi>max</mi><mo>(</mo><mn>0</mn><mo>,</mo>{_sj}{_MINUS}{_syi}<mo>+</mo><mn>1</mn><mo>)</mo>"
    ),
    "ova": _math(
        f"{_Li}<mo>=</mo><munder>{_SUM}<mi>j</mi></munder>"
        f"<mi>max</mi><mo>(</mo><mn>0</mn><mo>,</mo><mn>1</mn>{_MINUS}"
        f"{_sub('<mi>t</mi>', '<mi>j</mi>')}{_sj}<mo>)</mo><mo>,</mo><mspace width='1em'/>"
        f"{_sub('<mi>t</mi>', '<mi>j</mi>')}<mo>=</mo><mo>+</mo><mn>1</mn>"
        f"<mtext>&#xA0;if&#xA0;</mtext><mi>j</mi><mo>=</mo>{_yi}<mtext>, else&#xA0;</mtext>"
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
