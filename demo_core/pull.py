r"""Where one example pulls the classifier: arrows for its step on W and on b.

A step of size :math:`\eta` on one example's loss alone changes class k's row of W by
:math:`\Delta W_k = -\eta \, \partial L_i / \partial W_k` and its bias by
:math:`\Delta b_k = -\eta \, \partial L_i / \partial b_k`. On the plane:

* the change of :math:`W_k` is drawn as an arrow :math:`\Delta W_k` (in the plane's units)
  from the tip of class k's W arrow (:func:`demo_core.geometry.arrows`): how the row turns
  and grows;
* the change of :math:`b_k` moves the zero-score line :math:`W_k \cdot x + b_k = 0` along
  :math:`W_k` by :math:`-\Delta b_k / |W_k|`; it is drawn as an arrow across the line, from
  its point nearest to the example (kept within the view box) to where that point goes.

A class whose gradient is zero is not pulled, and gets no arrow.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from demo_core.geometry import Box, arrows, zero_lines

__all__ = ["Pull", "pull_arrows"]


class Pull(NamedTuple):
    r"""The arrows of one example's pull, class by class.

    Attributes
    ----------
    weights : list of K items
        ``[start, end]`` (2, 2): the arrow :math:`\Delta W_k` from the tip of the W arrow;
        ``None`` where W[k] is not pulled or W[k] = 0 (no arrow to start from).
    biases : list of K items
        ``[start, end]`` (2, 2): from the line's point nearest to the example, within the box,
        to where the bias step alone moves it; ``None`` where b[k] is not pulled or the line
        is not in the box.
    """

    weights: list[np.ndarray | None]
    biases: list[np.ndarray | None]


def pull_arrows(
    W: np.ndarray,
    b: np.ndarray,
    gradient: np.ndarray,
    step_size: float,
    point: np.ndarray,
    box: Box,
    length: float = 0.2,
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
    point : ndarray of float64, shape (2,)
        The example x.
    box : (xmin, xmax, ymin, ymax)
        The view box, as given to :func:`demo_core.geometry.zero_lines`.
    length : float
        The length of the W arrows, as given to :func:`demo_core.geometry.arrows`.

    Returns
    -------
    Pull
        For class k, the W arrow runs from ``a`` to ``t = a + length W_k / |W_k|``; its pull
        runs from ``t`` to ``t + ΔW_k``. The bias's runs from ``c`` to
        ``c - Δb_k W_k / |W_k|^2``, where ``c`` is the point of the line's segment in the box
        (:func:`demo_core.geometry.zero_lines`) nearest to ``point``.
    """
    step = -step_size * gradient  # (3, K): [ΔW | Δb].T
    weights: list[np.ndarray | None] = []
    biases: list[np.ndarray | None] = []
    lines = zero_lines(W, b, box)
    for k, arrow in enumerate(arrows(W, b, length)):
        change = step[:2, k]
        pulled = arrow is not None and change.any()
        weights.append(np.array([arrow[1], arrow[1] + change]) if pulled else None)
        shift = float(step[2, k])
        segment = lines[k]
        if shift and segment is not None:
            start = _nearest_on_segment(segment, point)
            biases.append(np.array([start, start - shift * W[k] / float(W[k] @ W[k])]))
        else:
            biases.append(None)
    return Pull(weights, biases)


def _nearest_on_segment(segment: np.ndarray, point: np.ndarray) -> np.ndarray:
    """The point of ``segment`` (2, 2), ``[start, end]``, nearest to ``point`` (2,)."""
    start, end = segment
    along = end - start
    t = float(np.clip((point - start) @ along / float(along @ along), 0.0, 1.0))
    return start + t * along
