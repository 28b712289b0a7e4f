r"""Where one example pulls the classifier: arrows for its step on W and on b.

A step of size :math:`\eta` on one example's loss alone changes class k's row of W by
:math:`\Delta W_k = -\eta \, \partial L_i / \partial W_k` and its bias by
:math:`\Delta b_k = -\eta \, \partial L_i / \partial b_k`. On the plane:

* the change of :math:`W_k` is drawn as an arrow :math:`\Delta W_k` (in the plane's units)
  from the tip of class k's W arrow (:func:`demo_core.geometry.arrows`): how the row turns
  and grows;
* the change of :math:`b_k` moves the zero-score line :math:`W_k \cdot x + b_k = 0` along
  :math:`W_k` by :math:`-\Delta b_k / |W_k|`; it is drawn as an arrow from the foot of the W
  arrow (the line's point nearest to the origin) to where that foot goes.

A class whose gradient is zero is not pulled, and gets no arrow.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from demo_core.geometry import arrows

__all__ = ["Pull", "pull_arrows"]


class Pull(NamedTuple):
    r"""The arrows of one example's pull, class by class.

    Attributes
    ----------
    weights : list of K items
        ``[start, end]`` (2, 2): the arrow :math:`\Delta W_k` from the tip of the W arrow;
        ``None`` where W[k] is not pulled or W[k] = 0 (no arrow to start from).
    biases : list of K items
        ``[start, end]`` (2, 2): from the foot of the W arrow to where the bias step alone
        moves it; ``None`` where b[k] is not pulled or W[k] = 0 (no line).
    """

    weights: list[np.ndarray | None]
    biases: list[np.ndarray | None]


def pull_arrows(
    W: np.ndarray, b: np.ndarray, gradient: np.ndarray, step_size: float, length: float = 0.2
) -> Pull:
    r"""The arrows of a step of size ``step_size`` down one example's gradient.

    Parameters
    ----------
    W : ndarray of float64, shape (K, 2)
    b : ndarray of float64, shape (K,)
    gradient : ndarray of float64, shape (3, K)
        :math:`\nabla_\theta L_i`, packed as ``[dW | db].T`` (see
        :func:`demo_core.losses.point_gradients`).
    step_size : float
        :math:`\eta`.
    length : float
        The length of the W arrows, as given to :func:`demo_core.geometry.arrows`.

    Returns
    -------
    Pull
        For class k, the W arrow runs from ``a`` to ``t = a + length W_k / |W_k|``; its pull
        runs from ``t`` to ``t + ΔW_k``, and its bias's from ``a`` to
        ``a - Δb_k W_k / |W_k|^2``.
    """
    step = -step_size * gradient  # (3, K): [ΔW | Δb].T
    weights: list[np.ndarray | None] = []
    biases: list[np.ndarray | None] = []
    for k, arrow in enumerate(arrows(W, b, length)):
        if arrow is None:
            weights.append(None)
            biases.append(None)
            continue
        foot, tip = arrow
        change = step[:2, k]
        weights.append(np.array([tip, tip + change]) if change.any() else None)
        shift = float(step[2, k])
        if shift:
            w = W[k]
            biases.append(np.array([foot, foot - shift * w / float(w @ w)]))
        else:
            biases.append(None)
    return Pull(weights, biases)
