"""The data table: a row per point with its coordinates, label, scores and loss.

One browser component (``data_table.js``) draws a plain HTML table, paged by
:data:`PAGE_SIZE` rows, with the y and score cells tinted by class and the loss L marked red
(✗) when positive and green (✓) when zero. The rows, which change every frame, come as live
text (:data:`ROWS_TEXT`, JSON), like the mean data loss under the table.
"""

from __future__ import annotations

import json
from pathlib import Path

import param

from app import palette
from app.component import Component, browser_module
from app.display import number_text
from app.runtime.frames import FrameSync
from app.state import DemoState

__all__ = ["PAGE_SIZE", "ROWS_TEXT", "DataTableView"]

#: The live text that carries the rows shown, their labels and whether their loss is positive.
ROWS_TEXT = "table_rows"
#: Rows of the data table shown at once; more points are paged.
PAGE_SIZE = 50
#: The pager's and the mean's words: the texts ``table.<key>`` of :mod:`app.catalogue`.
LABELS = ("previous", "next", "mean")
_CSS = Path(__file__).with_name("data_table.css").read_text(encoding="utf-8")


class DataTableComponent(Component):
    """The browser side of the data table: see ``data_table.js``."""

    caption = param.String(default="", doc="What the table is, for screen readers.")
    labels = param.Dict(default={}, doc="The pager's and the mean's words.")
    columns = param.List(default=[], doc="Column titles: x[0], x[1], y, s[k]..., L.")
    tints = param.List(default=[], doc="The light colour of each class.")
    page = param.Integer(default=0, doc="The page shown, from 0.")
    pages = param.Integer(default=1, doc="How many pages there are.")
    where = param.String(default="", doc="Which rows are shown, e.g. rows 1 to 50 of 90.")

    _esm = browser_module(Path(__file__).with_name("data_table.js"))
    _stylesheets = [_CSS]  # noqa: RUF012 - Panel's class attribute


class DataTableView:
    """The data table of one page.

    Attributes
    ----------
    data : dict of str to list of str
        The columns of the page shown, by field: x0, x1, y, s0 .. s{K-1}, L.
    page : int
        The page shown, from 0.
    """

    def __init__(self, state: DemoState, sync: FrameSync) -> None:
        self.state = state
        self.sync = sync
        self.page = 0
        self.data: dict[str, list] = {}
        self.component = DataTableComponent(
            self._received,
            caption=state.say("heading.table"),
            labels={key: state.say(f"table.{key}") for key in LABELS},
            name="table",
            sizing_mode="stretch_width",
        )

    def _pages(self) -> int:
        return -(-self.state.trainer.num_points // PAGE_SIZE)

    def _received(self, data: object) -> None:
        """A message of the table: ``{"turn": ±1}``."""
        if isinstance(data, dict) and data.get("turn") in (-1, 1):
            self.turn(data["turn"])

    def turn(self, direction: int) -> None:
        """Show the next (``+1``) or previous (``-1``) page."""
        self.page = min(max(self.page + direction, 0), self._pages() - 1)
        self.sync.request(urgent=True)

    def render(self) -> None:
        """Show the current page's points, labels, scores and per-point losses."""
        trainer = self.state.trainer
        K = trainer.num_classes
        result = trainer.result
        test = self.state.say("table.test")
        pages = self._pages()
        self.page = min(self.page, pages - 1)
        rows = slice(self.page * PAGE_SIZE, min((self.page + 1) * PAGE_SIZE, trainer.num_points))
        losses = result.per_point[rows]
        scores = result.scores[rows]
        self.data = {
            "x0": [number_text(v) for v in trainer.X[rows, 0].tolist()],
            "x1": [number_text(v) for v in trainer.X[rows, 1].tolist()],
            "y": [
                f"{label} ({test})" if held else str(label)
                for label, held in zip(
                    trainer.y[rows].tolist(), trainer.test_mask[rows].tolist(), strict=True
                )
            ],
            **{f"s{k}": [number_text(v) for v in scores[:, k].tolist()] for k in range(K)},
            "L": [number_text(v) for v in losses.tolist()],
        }
        columns = ["x[0]", "x[1]", "y", *(f"s[{k}]" for k in range(K)), "L"]
        shown = {
            "rows": [list(cells) for cells in zip(*self.data.values(), strict=True)],
            "labels": trainer.y[rows].tolist(),
            # As shown: a softmax loss is never 0, but one that shows as 0.00 is no miss.
            "positive": [float(text) > 0 for text in self.data["L"]],
        }
        self.sync.text(ROWS_TEXT, json.dumps(shown))
        updates = {
            "page": self.page,
            "pages": pages,
            "where": self.state.say(
                "table.where",
                first=rows.start + 1,
                last=rows.stop,
                points=trainer.num_points,
                page=self.page + 1,
                pages=pages,
            ),
        }
        component = self.component
        if columns != component.columns:
            updates.update(columns=columns, tints=palette.light(K))
        component.param.update(**{k: v for k, v in updates.items() if getattr(component, k) != v})
        self.sync.text("mean_data_loss", number_text(result.data_loss))
