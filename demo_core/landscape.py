r"""The loss landscape: the total loss over a grid of two parameters, all others held fixed.

A parameter of the linear model is addressed by a :class:`demo_core.model.ParamIndex`:
``W[k, d]`` (class k, input dimension d) or ``b[k]``. Its position in the flattened parameter
vector ``theta = [W.ravel(), b]`` of length ``K * D + K`` is :meth:`ParamIndex.flat`.

Moving one parameter by :math:`\delta` moves only the scores of its class k, by
:math:`\delta X_{:, d}` for ``W[k, d]`` and by :math:`\delta` for ``b[k]``. So the scores at
all R x R grid points lie on a plane, the current scores plus a step along each of two fixed
score directions, and :func:`demo_core.losses.loss_plane` computes the data loss at all of
them at once, with the same per-point losses as :func:`demo_core.losses.evaluate`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from demo_core.losses import check_problem, evaluate_batch, loss_plane, pack_params
from demo_core.model import ParamIndex

__all__ = ["Landscape", "loss_landscape", "trajectory_in"]

#: Largest accepted grid resolution R.
MAX_RESOLUTION = 400


@dataclass(frozen=True)
class Landscape:
    """The total loss over a grid of two parameters around a point.

    Attributes
    ----------
    x : ndarray, shape (R,)
        Values of the first parameter, increasing, centred on its current value.
    y : ndarray, shape (R,)
        Values of the second parameter, likewise.
    loss : ndarray, shape (R, R)
        ``loss[i, j]`` is the total loss with the first parameter at ``x[j]`` and the second at
        ``y[i]``: rows follow the second parameter, as in an image whose y axis points up.
    x_param, y_param : ParamIndex
        The two parameters.
    center : tuple of float
        Their current values ``(x0, y0)``.
    center_loss : float
        The total loss at the current point. For odd R it equals ``loss[R // 2, R // 2]``.
    loss_name : str
        The loss's key in :data:`demo_core.losses.LOSSES`.
    """

    x: np.ndarray
    y: np.ndarray
    loss: np.ndarray
    x_param: ParamIndex
    y_param: ParamIndex
    center: tuple[float, float]
    center_loss: float
    loss_name: str

    @property
    def x_name(self) -> str:
        """The first parameter's label, e.g. ``"W[0,0]"``."""
        return self.x_param.name

    @property
    def y_name(self) -> str:
        """The second parameter's label."""
        return self.y_param.name


def _check_axes(axes: object, num_classes: int, dim: int) -> tuple[ParamIndex, ParamIndex]:
    """Two distinct, existing parameters, or ValueError."""
    if not isinstance(axes, tuple | list) or len(axes) != 2:
        raise ValueError(f"axes must be a pair of parameters, got {axes!r}")
    first, second = (ParamIndex.parse(spec) for spec in axes)
    first.check(num_classes, dim)
    second.check(num_classes, dim)
    if first == second:
        raise ValueError(f"the two axes must be different parameters, got {first.name} twice")
    return first, second


def _check_grid(span: float, resolution: int) -> None:
    """Raise ValueError unless span is finite and > 0 and 2 <= resolution <= MAX_RESOLUTION."""
    if not (np.isfinite(span) and span > 0):
        raise ValueError(f"span must be a finite number > 0, got {span}")
    if not (isinstance(resolution, int | np.integer) and 2 <= resolution <= MAX_RESOLUTION):
        raise ValueError(f"resolution must be an integer from 2 to {MAX_RESOLUTION}")


def _reg_grid(
    W: np.ndarray, axes: tuple[ParamIndex, ParamIndex], x: np.ndarray, y: np.ndarray, reg: float
) -> np.ndarray:
    r"""The regularization loss :math:`\lambda \sum W^2` over the grid, shape (R, R)."""
    fixed = W.copy()
    for axis in axes:
        if axis.d is not None:
            fixed[axis.k, axis.d] = 0.0
    x2, y2 = (
        values**2 if axis.d is not None else 0.0 * values
        for axis, values in zip(axes, (x, y), strict=True)
    )
    return reg * (float(np.sum(fixed * fixed)) + y2[:, None] + x2[None, :])


def _scores_along(param: ParamIndex, X: np.ndarray, num_classes: int) -> np.ndarray:
    """The change of the class-major scores (K, N) per unit change of ``param``.

    Only the row of the parameter's class k is non-zero: :meth:`ParamIndex.score_direction`.
    """
    direction = np.zeros((num_classes, X.shape[0]))
    direction[param.k] = param.score_direction(X)
    return direction


def loss_landscape(
    name: str,
    W: object,
    b: object,
    X: object,
    y: object,
    reg: float,
    axes: tuple[object, object] = ((0, 0), (0, 1)),
    span: float = 1.0,
    resolution: int = 61,
) -> Landscape:
    r"""The total loss over an R x R grid of two parameters, all other parameters fixed.

    Parameters
    ----------
    name : str
        A key of :data:`demo_core.losses.LOSSES`.
    W : array_like, shape (K, 2)
    b : array_like, shape (K,)
    X : array_like, shape (N, 2)
    y : array_like of int, shape (N,)
    reg : float
        L2 regularization strength :math:`\lambda >= 0`.
    axes : pair of parameter addresses
        The first parameter (the x axis) and the second (the y axis), each as accepted by
        :meth:`ParamIndex.parse`; default ``W[0,0]`` and ``W[0,1]``.
    span : float
        Each parameter ranges over its current value :math:`\pm` span, > 0.
    resolution : int
        R, the number of values per axis, 2 to 400. The default 61 is odd, so that the middle
        grid point is the current point.

    Returns
    -------
    Landscape
        ``loss[i, j]`` = total loss (mean data loss + :math:`\lambda \sum W^2`) at
        first parameter ``x[j]``, second ``y[i]``.

    Raises
    ------
    ValueError
        For an unknown loss, invalid data or parameters, axes that are not two distinct
        existing parameters, or a bad span or resolution.
    """
    W, b, batch, reg = check_problem(name, W, b, X, y, reg)
    first, second = _check_axes(axes, *W.shape)
    _check_grid(span, resolution)
    center = (first.value(W, b), second.value(W, b))
    offsets = np.linspace(-span, span, resolution)
    x, y_values = center[0] + offsets, center[1] + offsets
    scores = np.dot(pack_params(W, b).T, batch.XT1)
    # Rows follow the second parameter, columns the first.
    num_classes = W.shape[0]
    directions = (
        _scores_along(second, batch.X, num_classes),
        _scores_along(first, batch.X, num_classes),
    )
    data = loss_plane(name, batch, scores, directions, (offsets, offsets))
    total = data + _reg_grid(W, (first, second), x, y_values, reg)
    center_loss = evaluate_batch(name, W, b, batch, reg).total_loss
    return Landscape(x, y_values, total, first, second, center, center_loss, name)


def trajectory_in(
    landscape: Landscape, path: Iterable[tuple[np.ndarray, np.ndarray]]
) -> tuple[np.ndarray, np.ndarray]:
    """The coordinates of a sequence of parameters in a landscape's plane.

    Parameters
    ----------
    landscape : Landscape
    path : iterable of (W, b)
        T parameter pairs, W of shape (K, D) and b of shape (K,), e.g. the recent steps.

    Returns
    -------
    xs, ys : ndarray, shape (T,)
        The values of ``landscape.x_param`` and ``landscape.y_param`` at each step.
    """
    points = [(landscape.x_param.value(W, b), landscape.y_param.value(W, b)) for W, b in path]
    coordinates = np.array(points, dtype=np.float64).reshape(-1, 2)
    return coordinates[:, 0].copy(), coordinates[:, 1].copy()
