"""Class colours: the original's blue, green and red, then three more for K up to 6.

The first three are the original demo's (main, light) pairs. The others are chosen to stay
distinguishable from them and from each other for the common forms of colour blindness.
"""

from __future__ import annotations

__all__ = ["LIGHT", "MAIN", "light", "main"]

MAIN: tuple[str, ...] = ("#6464c8", "#64c864", "#c86464", "#e69f00", "#8c5aa0", "#20a0b0")
LIGHT: tuple[str, ...] = ("#c8c8fa", "#c8fac8", "#fac8c8", "#fbe0a8", "#dcc8e6", "#b4e4ea")


def main(num_classes: int) -> list[str]:
    """The main colour of each of ``num_classes`` classes."""
    return list(MAIN[:num_classes])


def light(num_classes: int) -> list[str]:
    """The light colour of each of ``num_classes`` classes, used for regions and tints."""
    return list(LIGHT[:num_classes])
