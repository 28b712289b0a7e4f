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

MODEL_FORMULA = (
    r"$s = W x + b \qquad L = \frac{1}{N}\sum_{i=1}^{N} L_i + \lambda \sum_{k,d} W_{k,d}^2$"
)

FORMULAS: dict[str, str] = {
    "ww": r"$L_i = \sum_{j \neq y_i} \max(0,\ s_j - s_{y_i} + 1)$",
    "ova": r"$L_i = \sum_{j} \max(0,\ 1 - t_j s_j), \quad t_j = +1 \text{ if } j = y_i"
    r" \text{, else } -1$",
    "structured": r"$L_i = \max\big(0,\ \max_{j \neq y_i} s_j - s_{y_i} + 1\big)$",
    "softmax": r"$L_i = -\log \dfrac{e^{s_{y_i}}}{\sum_j e^{s_j}}$",
}
