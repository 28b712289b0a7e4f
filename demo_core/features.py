r"""Features of a point besides its coordinates: squares, a product and sines.

A point of the plane is :math:`x = (x_0, x_1)`. A classifier that is linear in x draws
straight boundaries; one that is linear in features of x as well, such as :math:`x_0^2`, draws
curves in the plane while its training stays that of a linear model. :func:`expand` appends
the chosen features to the coordinates, so that a model of D = 2 + F inputs sees the vector

.. math:: \phi(x) = (x_0, x_1, f_1(x), \dots, f_F(x))

whose first two entries are always the plotted coordinates. The features are taken in the
order of :data:`FEATURES`, whatever order they were asked for in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

__all__ = ["COORDINATES", "FEATURES", "canonical", "expand", "input_names"]

#: The names of the two coordinates, the first two inputs of every model.
COORDINATES: tuple[str, str] = ("x0", "x1")

#: Each feature by its key (a word a link can carry): its plain name and how it is computed
#: from the coordinates ``x0`` and ``x1`` (arrays of any one shape).
FEATURES: dict[str, tuple[str, Callable[[np.ndarray, np.ndarray], np.ndarray]]] = {
    "x0sq": ("x0²", lambda x0, x1: x0 * x0),
    "x1sq": ("x1²", lambda x0, x1: x1 * x1),
    "x0x1": ("x0·x1", lambda x0, x1: x0 * x1),
    "sinx0": ("sin x0", lambda x0, x1: np.sin(x0)),
    "sinx1": ("sin x1", lambda x0, x1: np.sin(x1)),
}


def canonical(keys: Iterable[str]) -> tuple[str, ...]:
    """The keys of :data:`FEATURES` among ``keys``, once each, in the order of FEATURES.

    Raises
    ------
    ValueError
        For a key that names no feature.
    """
    chosen = set(keys)
    unknown = sorted(chosen.difference(FEATURES))
    if unknown:
        raise ValueError(f"unknown feature {unknown[0]!r}; choose from {', '.join(FEATURES)}")
    return tuple(key for key in FEATURES if key in chosen)


def input_names(keys: Iterable[str]) -> list[str]:
    """The names of the D inputs: ``["x0", "x1"]`` and the plain name of each feature."""
    return [*COORDINATES, *(FEATURES[key][0] for key in canonical(keys))]


def expand(X: np.ndarray, keys: Iterable[str]) -> np.ndarray:
    r"""The points with their features appended: :math:`\phi(x)` for every point.

    Parameters
    ----------
    X : ndarray of float64, shape (N, 2), or (..., 2) for the points of a grid
        The coordinates :math:`x_0 = X[..., 0]` and :math:`x_1 = X[..., 1]`.
    keys : iterable of str
        Keys of :data:`FEATURES`, in any order; F of them.

    Returns
    -------
    ndarray of float64, shape (N, 2 + F), or (..., 2 + F)
        ``X`` itself (not a copy) when F = 0; else a new array whose first two columns are
        X and whose column 2 + f is feature f of the canonical order, e.g.
        :math:`x_0^2` for ``"x0sq"``.
    """
    chosen = canonical(keys)
    if not chosen:
        return X
    x0, x1 = X[..., 0], X[..., 1]
    out = np.empty((*X.shape[:-1], 2 + len(chosen)))
    out[..., :2] = X
    for column, key in enumerate(chosen, start=2):
        out[..., column] = FEATURES[key][1](x0, x1)
    return out
