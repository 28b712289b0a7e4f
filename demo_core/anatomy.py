r"""The anatomy of one example: its scores, the terms of its loss, and its gradient.

For one point x with label y and scores :math:`s = W x + b` of shape (K,), each loss is a sum
of per-class terms (see :mod:`demo_core.losses`), with margin :math:`\Delta = 1`:

* ``"ww"``, Weston-Watkins: :math:`L_i = \sum_{j \ne y} \max(0, s_j - s_y + \Delta)`;
* ``"ova"``, One vs. All: :math:`L_i = \sum_j \max(0, \Delta - t_j s_j)`, with
  :math:`t_y = +1` and :math:`t_j = -1` otherwise;
* ``"structured"``, Structured SVM: :math:`L_i = \max(0, \max_{j \ne y} s_j - s_y + \Delta)`,
  the single largest of the Weston-Watkins hinges;
* ``"softmax"``: :math:`p_j = e^{s_j} / \sum_k e^{s_k}` and :math:`L_i = -\log p_y`.

:func:`point_anatomy` returns those terms class by class, so that a view can draw each one as
a bar and show that they add up to :math:`L_i`, and the gradient of :math:`L_i` from
:func:`demo_core.losses.point_gradients`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from demo_core.losses import Batch, pack_params, point_gradients

__all__ = ["MARGIN", "Anatomy", "point_anatomy"]

#: The margin Δ of the hinge losses.
MARGIN = 1.0


class Anatomy(NamedTuple):
    r"""One example's loss, class by class.

    Attributes
    ----------
    scores : ndarray of float64, shape (K,)
        :math:`s = W x + b`.
    label : int
        y, the correct class.
    hinges : ndarray of float64, shape (K,)
        Each class's hinge before the loss sums them or takes their largest: for WW and
        Structured SVM :math:`\max(0, s_j - s_y + \Delta)`, with 0 at ``j = y``; for One vs.
        All :math:`\max(0, \Delta - t_j s_j)`; for softmax the probabilities :math:`p_j`.
    terms : ndarray of float64, shape (K,)
        What each class adds to :math:`L_i`; ``terms.sum()`` is :math:`L_i`. WW and One vs.
        All: the hinges. Structured SVM: the largest rival's hinge at that rival (the first of
        equal ones, as ``argmax``), 0 elsewhere. Softmax: :math:`-\log p_y` at ``j = y``, 0
        elsewhere.
    loss : float
        :math:`L_i`, as :func:`demo_core.losses.evaluate` computes it for this point.
    gradient : ndarray of float64, shape (D + 1, K)
        :math:`\nabla_\theta L_i`, packed as the parameters: ``[dW_i | db_i].T``.
    """

    scores: np.ndarray
    label: int
    hinges: np.ndarray
    terms: np.ndarray
    loss: float
    gradient: np.ndarray


def point_anatomy(name: str, W: np.ndarray, b: np.ndarray, x: np.ndarray, label: int) -> Anatomy:
    r"""The scores, hinges, terms, loss and gradient of one example.

    Parameters
    ----------
    name : str
        A key of :data:`demo_core.losses.LOSSES`.
    W : ndarray of float64, shape (K, D)
    b : ndarray of float64, shape (K,)
    x : ndarray of float64, shape (D,)
        The point's inputs: its coordinates, then its features
        (:func:`demo_core.features.expand`); its loss must be finite (as any valid
        problem's is).
    label : int
        Its class y, in ``0 .. K-1``.

    Returns
    -------
    Anatomy
    """
    num_classes = W.shape[0]
    batch = Batch.of_valid(
        np.asarray(x, dtype=np.float64).reshape(1, W.shape[1]), np.array([label]), num_classes
    )
    per_point, gradients = point_gradients(name, pack_params(W, b), batch)
    scores = W @ batch.X[0] + b
    rival = np.arange(num_classes) != label
    if name == "softmax":
        exponentials = np.exp(scores - scores.max())
        hinges = exponentials / exponentials.sum()
        terms = np.where(rival, 0.0, float(per_point[0]))
    elif name == "ova":
        signs = np.where(rival, -1.0, 1.0)
        hinges = np.maximum(0.0, MARGIN - signs * scores)
        terms = hinges
    else:
        hinges = np.where(rival, np.maximum(0.0, scores - scores[label] + MARGIN), 0.0)
        terms = hinges
        if name == "structured":
            terms = np.zeros(num_classes)
            largest = int(np.argmax(np.where(rival, hinges, -np.inf)))
            terms[largest] = hinges[largest]
    return Anatomy(scores, int(label), hinges, terms, float(per_point[0]), gradients[0])
