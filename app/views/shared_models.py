"""One model of each stateless kind for all the data sources and renderers of a plot.

Bokeh gives every ColumnDataSource a selection policy of its own and every renderer a filter
of its own (a ``UnionRenderers`` and an ``AllIndices``), models that hold no state and are
built, sent and set up in the browser for each. A plot shares one of each instead: the main
plot's eight sources and seven renderers then take 2 such models instead of 15, which a new
page neither builds nor sends.
"""

from __future__ import annotations

from typing import Any

from bokeh.models import (
    AllIndices,
    CDSView,
    ColumnDataSource,
    GlyphRenderer,
    Plot,
    UnionRenderers,
)
from bokeh.models.glyph import Glyph

__all__ = ["SharedModels", "empty"]


class SharedModels:
    """The stateless models shared by one plot's sources and renderers."""

    def __init__(self) -> None:
        self.selection_policy = UnionRenderers()
        self.all_indices = AllIndices()

    def source(self, data: dict[str, Any], **properties: Any) -> ColumnDataSource:
        """A ColumnDataSource of ``data`` (columns by name) with the shared selection policy."""
        return ColumnDataSource(data, selection_policy=self.selection_policy, **properties)

    def add_glyph(
        self, plot: Plot, source: ColumnDataSource, glyph: Glyph, **properties: Any
    ) -> GlyphRenderer:
        """Draw ``glyph`` from ``source`` in ``plot``, through the shared filter.

        Each renderer keeps a view of its own (its ``CDSView`` holds the indices it draws);
        only the filter, which computes them, is shared. ``add_glyph`` rather than a figure's
        glyph methods: no selection, hover or muted copies of the glyph.
        """
        view = CDSView(filter=self.all_indices)
        return plot.add_glyph(source, glyph, view=view, **properties)

    def insert_glyph(
        self, plot: Plot, source: ColumnDataSource, glyph: Glyph, below: GlyphRenderer
    ) -> GlyphRenderer:
        """Draw ``glyph`` from ``source`` in ``plot`` as :meth:`add_glyph` does, under ``below``.

        For what is drawn only once it is asked for, in its place among what is drawn already.
        """
        renderer = self.add_glyph(plot, source, glyph)
        renderers = [r for r in plot.renderers if r is not renderer]
        renderers.insert(renderers.index(below), renderer)
        plot.renderers = renderers
        return renderer


def empty(source: ColumnDataSource) -> None:
    """Empty ``source``, once: a source already empty sends nothing."""
    if any(len(column) for column in source.data.values()):
        source.data = {name: [] for name in source.data}
