"""The columns of a Bokeh image source (``Image`` or ``ImageRGBA``): one image over a box."""

from __future__ import annotations

import numpy as np

from demo_core.geometry import Box

__all__ = ["image_over", "no_image"]


def no_image() -> dict[str, list]:
    """The columns of an image source that draws nothing."""
    return {"image": [], "x": [], "y": [], "dw": [], "dh": []}


def image_over(box: Box, image: np.ndarray) -> dict[str, list]:
    """The columns of an image source that draws ``image`` over the whole ``box``."""
    xmin, xmax, ymin, ymax = box
    return {"image": [image], "x": [xmin], "y": [ymin], "dw": [xmax - xmin], "dh": [ymax - ymin]}
