r"""What the plane shows on request: the margins, each point's pull, and the next step.

Three settings of the state turn each on (:attr:`DemoState.show_zones`, ``show_shares``,
``show_next_step``). Each is drawn only once it is first turned on, so that a page that never
shows it neither builds nor sends its renderer; while off, its source stays empty and nothing
of it is sent.

* **Zones**: each class's safe zone, where a point of that class has zero loss under an SVM
  loss; for softmax, which has none, where it has a probability of at least 0.9
  (:mod:`demo_core.zones`). Hatched in the class colour, under the lines and points.
* **Halos**: a grey disc behind each point, growing with the length of its own gradient
  :math:`\|\nabla L_i\|`, its share of the step; a point that does not pull has none.
  Only the :data:`HALO_LIMIT` strongest are drawn, so that a frame stays short with
  thousands of points (drawn as one image, their halos still follow them).
* **Ghost lines**: the zero-score lines after the next step, dashed; none when the next step
  does not follow the gradient. With features, the zero-score curves after the next step.

With features of the points (:mod:`demo_core.features`) the safe zones are not drawn: their
edges are straight lines only for the plain linear model.

A short note under the plot says what is drawn, as live text.
"""

from __future__ import annotations

import numpy as np
from bokeh.models import ColumnDataSource, GlyphRenderer, Patches, Plot, Scatter, Segment
from bokeh.models.glyph import Glyph

from app import palette
from app.runtime.frames import FrameSync
from app.state import DemoState
from app.views.curved_regions import curve_columns
from app.views.shared_models import SharedModels, empty
from demo_core.geometry import Box, zero_lines
from demo_core.zones import CONFIDENCE, SAFE_LOSSES, confident_zones, safe_zones

__all__ = ["HALO_LIMIT", "NOTE_TEXT", "PlotOverlays"]

#: At most this many points get a halo: those that pull hardest.
HALO_LIMIT = 100
#: How many pixels a halo adds to the diameter of a point that pulls the hardest...
HALO_GROWTH = 24.0
#: ... while at most this many points pull; with more, halos grow less, so as not to merge.
HALO_ROOM = 20
#: The live text under the plot that says what the overlays show.
NOTE_TEXT = "plot_note"
_HALO_COLOR = "#555555"


class PlotOverlays:
    """The zones, halos and ghost lines of one main plot.

    Parameters
    ----------
    state : DemoState
        The session's state, read at each :meth:`render`.
    shared : SharedModels
        Makes the sources and renderers as the main plot's own.
    figure : Plot
        The main plot; the overlays are drawn in the order they are made, so make them after
        the class regions and before the lines and points.
    """

    def __init__(
        self, state: DemoState, shared: SharedModels, figure: Plot, below: GlyphRenderer
    ) -> None:
        self.state = state
        self._no_zone = False  # whether the zones are on and no class has one in view
        self._shared, self._figure, self._below = shared, figure, below
        self.zones = shared.source({"xs": [], "ys": [], "color": []}, name="zones")
        self.halos = shared.source({"x0": [], "x1": [], "size": []}, name="halos")
        self.ghosts = shared.source(
            {"x0": [], "y0": [], "x1": [], "y1": [], "color": []}, name="ghost_lines"
        )
        # Each source's glyph, drawn from the first time it is on, in this order from below.
        self._glyphs: dict[ColumnDataSource, Glyph] = {
            self.zones: Patches(
                xs="xs", ys="ys", fill_color="color", fill_alpha=0.12, hatch_pattern="/",
                hatch_color="color", hatch_alpha=0.5, hatch_scale=10, line_color="color",
                line_width=1.5,
            ),
            self.halos: Scatter(
                x="x0", y="x1", size="size", fill_color=_HALO_COLOR, fill_alpha=0.25,
                line_color=_HALO_COLOR, line_alpha=0.6,
            ),
            self.ghosts: Segment(
                x0="x0", y0="y0", x1="x1", y1="y1", line_color="color", line_width=2,
                line_alpha=0.55, line_dash="dashed",
            ),
        }  # fmt: skip
        self._drawn: dict[ColumnDataSource, GlyphRenderer] = {}

    def _fill(self, source: ColumnDataSource, data: dict[str, list]) -> None:
        """Set ``source``'s data, drawing its glyph too if it is not drawn yet.

        The data are set first: a new glyph reaches the browser with them, rather than with a
        change of them that BokehJS would apply before it has made the glyph's view.
        """
        source.data = data
        if source not in self._drawn:
            order = list(self._glyphs)
            above = [self._drawn[s] for s in order[order.index(source) + 1 :] if s in self._drawn]
            self._drawn[source] = self._shared.insert_glyph(
                self._figure, source, self._glyphs[source], above[0] if above else self._below
            )

    def render(self, box: Box, point_size: float) -> None:
        """Fill the sources of what is on and empty those of what has just been turned off.

        ``box`` is the plot's view box; ``point_size`` the points' diameter in pixels.
        """
        state = self.state
        trainer = state.trainer
        if state.show_zones and not trainer.features:  # a zone's edges are straight lines
            zones = _polygon_columns(self._zones(box), palette.main(trainer.num_classes))
            self._fill(self.zones, zones)
            self._no_zone = not zones["xs"]
        else:
            empty(self.zones)
        if state.show_shares:
            self._fill(self.halos, self._halos(point_size))
        else:
            empty(self.halos)
        after = trainer.next_params() if state.show_next_step else None
        if after is not None:
            colors = palette.main(trainer.num_classes)
            if trainer.features:
                self._fill(self.ghosts, _curve_columns(*after, box, trainer.features, colors))
            else:
                self._fill(self.ghosts, _segment_columns(zero_lines(*after, box), colors))
        else:
            empty(self.ghosts)

    def _zones(self, box: Box) -> list[np.ndarray]:
        trainer = self.state.trainer
        if trainer.loss in SAFE_LOSSES:
            return safe_zones(trainer.loss, trainer.W, trainer.b, box)
        return confident_zones(trainer.W, trainer.b, box)

    def _halos(self, point_size: float) -> dict[str, list]:
        """The points that pull, at most :data:`HALO_LIMIT`, with their halos' diameters."""
        trainer = self.state.trainer
        norms = trainer.point_gradient_norms()
        pulling = np.flatnonzero(norms)
        if len(pulling) > HALO_LIMIT:
            strongest = np.argpartition(norms[pulling], -HALO_LIMIT)[-HALO_LIMIT:]
            pulling = pulling[strongest]
        X = trainer.X[pulling]
        # The length of a point's gradient is |(x, 1)| times that of its scores' slopes: below
        # 1.5 for softmax, about 2.4 for WW with two margins broken. A halo is full at twice
        # the farthest point's |(x, 1)|, and its area grows with the pull.
        reach = 2.0 * float(np.sqrt(1.0 + np.max(np.sum(trainer.X**2, axis=1))))
        share = np.sqrt(np.minimum(norms[pulling] / reach, 1.0))
        growth = HALO_GROWTH * min(1.0, np.sqrt(HALO_ROOM / max(len(pulling), 1)))
        return {
            "x0": np.round(X[:, 0], 4).tolist(),
            "x1": np.round(X[:, 1], 4).tolist(),
            "size": np.round(point_size + growth * share, 1).tolist(),
        }

    def write_note(self, sync: FrameSync) -> None:
        """Say under the plot what the overlays show; nothing is sent until one is on."""
        note = self.note()
        if note or NOTE_TEXT in sync.texts:
            sync.text(NOTE_TEXT, note)

    def note(self) -> str:
        """What the overlays that are on show, in the page's language; empty if none is."""
        state = self.state
        trainer = state.trainer
        parts = []
        if trainer.features:
            parts.append(state.say("overlay.features", d=trainer.dim))
        if state.show_zones and not trainer.features:
            zones = {"ww": "margin", "structured": "margin"}.get(trainer.loss, trainer.loss)
            parts.append(state.say(f"overlay.zones.{zones}", level=f"{CONFIDENCE:g}"))
            if self._no_zone:
                parts.append(state.say("overlay.zones.none"))
        if state.show_shares:
            parts.append(state.say("overlay.shares"))
            points = trainer.num_points
            if points > HALO_LIMIT:
                parts.append(state.say("overlay.shares.strongest", count=HALO_LIMIT, points=points))
        if state.show_next_step:
            foreseen = trainer.strategy == "gradient"
            drawn = "overlay.next_step.features" if trainer.features else "overlay.next_step"
            parts.append(state.say(drawn if foreseen else "overlay.next_step.none"))
        return " ".join(parts)


def _polygon_columns(polygons: list[np.ndarray], colors: list[str]) -> dict[str, list]:
    """Columns xs, ys, color of the polygons (M_k, 2) that are not empty."""
    shown = [(np.round(p, 4), c) for p, c in zip(polygons, colors, strict=True) if len(p)]
    return {
        "xs": [p[:, 0].tolist() for p, _ in shown],
        "ys": [p[:, 1].tolist() for p, _ in shown],
        "color": [c for _, c in shown],
    }


def _curve_columns(
    W: np.ndarray, b: np.ndarray, box: Box, features: tuple[str, ...], colors: list[str]
) -> dict[str, list]:
    """Columns x0, y0, x1, y1, color of the segments of every class's zero-score curve."""
    columns = curve_columns(W, b, box, features)
    ends = {name: columns[name].tolist() for name in ("x0", "y0", "x1", "y1")}
    return {**ends, "color": [colors[k] for k in columns["k"].tolist()]}


def _segment_columns(segments: list[np.ndarray | None], colors: list[str]) -> dict[str, list]:
    """Columns x0, y0, x1, y1, color of the segments (2, 2) that exist."""
    shown = [(s, c) for s, c in zip(segments, colors, strict=True) if s is not None]
    ends = np.round(np.array([s.ravel() for s, _ in shown]).reshape(-1, 4), 4)
    columns = dict(zip(("x0", "y0", "x1", "y1"), ends.T.tolist(), strict=True))
    return {**columns, "color": [c for _, c in shown]}
