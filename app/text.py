"""The words and formulas on the page."""

from __future__ import annotations

__all__ = ["FORMULAS", "INTRO", "MODEL_FORMULA"]

INTRO = """
A **linear classifier** gives each class *k* a score, a weighted sum of the point's
coordinates plus a bias. The class with the highest score wins, so the plane splits into
one coloured region per class. The **loss** says how unhappy we are with the scores: it is
zero only when every point's own class wins by a margin. **Training** follows the
gradient of the loss downhill, one step at a time.

Drag the points, nudge W and b with ▲/▼, or press *Start repeated update* and watch the
regions, the zero-score lines (with arrows along each row of W) and the loss change.
"""

MODEL_FORMULA = (
    r"$s = W x + b, \qquad "
    r"L = \underbrace{\frac{1}{N}\sum_i L_i}_{\text{data loss}} + "
    r"\underbrace{\lambda \sum_{k,d} W_{k,d}^2}_{\text{regularization loss}}$"
)

FORMULAS: dict[str, str] = {
    "ww": r"$L_i = \sum_{j \neq y_i} \max(0,\ s_j - s_{y_i} + 1)$",
    "ova": r"$L_i = \sum_{j} \max(0,\ 1 - t_j s_j), \quad t_j = +1 \text{ if } j = y_i"
    r" \text{, else } -1$",
    "structured": r"$L_i = \max\big(0,\ \max_{j \neq y_i} s_j - s_{y_i} + 1\big)$",
    "softmax": r"$L_i = -\log \dfrac{e^{s_{y_i}}}{\sum_j e^{s_j}}$",
}
