"""Class colours and markers: blue, green and red as in the original, then three more for K ≤ 6.

The six main colours are the Okabe-Ito palette (blue, bluish green, vermillion, orange,
reddish purple, sky blue), chosen to stay distinguishable for the common forms of colour
blindness, where the original's green and red were not. The light colours are the main ones
mixed with 70 % white, for regions and table tints.
"""

from __future__ import annotations

__all__ = ["LIGHT", "MAIN", "MARKERS", "SYMBOLS", "light", "main"]

_RGB = ((0, 114, 178), (0, 158, 115), (213, 94, 0), (230, 159, 0), (204, 121, 167), (86, 180, 233))


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


MAIN: tuple[str, ...] = tuple(_hex(c) for c in _RGB)
LIGHT: tuple[str, ...] = tuple(_hex(tuple(0.3 * c + 0.7 * 255 for c in rgb)) for rgb in _RGB)


#: Each class's marker on the plot, so that shapes and not only colours tell classes apart,
#: and the same shape as a text symbol for tables and legends.
MARKERS: tuple[str, ...] = ("circle", "square", "triangle", "diamond", "inverted_triangle", "hex")
SYMBOLS: tuple[str, ...] = ("●", "■", "▲", "◆", "▼", "⬢")


def main(num_classes: int) -> list[str]:
    """The main colour of each of ``num_classes`` classes."""
    return list(MAIN[:num_classes])


def light(num_classes: int) -> list[str]:
    """The light colour of each of ``num_classes`` classes, used for regions and tints."""
    return list(LIGHT[:num_classes])
