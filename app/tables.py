"""The tables beside the plot: the parameter grid, the data table and the read-out.

All are plain Bokeh models updated in place, so a frame sends a few property changes.
"""

from __future__ import annotations

from bokeh.layouts import column, row
from bokeh.models import (
    Button,
    ColumnDataSource,
    CustomJS,
    DataTable,
    Div,
    HTMLTemplateFormatter,
    InlineStyleSheet,
    NumericInput,
    TableColumn,
)

from app import palette
from app.display import number_formatter, number_text, text_html
from app.frames import FrameSync, slot
from app.state import DemoState

__all__ = ["DataTableView", "ParameterGrid", "ReadOut"]

_COLUMN_TITLES = ("W[k,0]", "W[k,1]", "b[k]")

_GRID_CSS = """
.bk-btn { padding: 0 6px; min-height: 22px; font-size: 11px; line-height: 1; }
input { font-weight: bold; text-align: center; }
"""


class ParameterGrid:
    """One row per class, one column each for W[k,0], W[k,1] and b[k].

    Each cell shows the value (bold, editable) and its gradient (red italic), with buttons
    that add or subtract :data:`app.state.NUDGE`.
    """

    def __init__(self, state: DemoState, sync: FrameSync) -> None:
        self.state = state
        self.sync = sync
        self._css = InlineStyleSheet(css=_GRID_CSS)  # a model belongs to one document
        self._format = number_formatter()
        self.layout = column(name="parameter_grid")
        self._inputs: list[list[NumericInput]] = []
        self._rendering = False
        self._gradients: list[list[Div]] = []  # their text is live: see _gradient_text
        self._build(state.trainer.num_classes)

    def _build(self, num_classes: int) -> None:
        header = row(
            [Div(text="", width=64)]
            + [Div(text=f"<b>{title}</b>", width=96, styles={"text-align": "center"})
               for title in _COLUMN_TITLES]
        )  # fmt: skip
        rows, self._inputs, self._gradients = [header], [], []
        colors = palette.main(num_classes)
        for k in range(num_classes):
            cells, inputs, gradients = [], [], []
            label = Div(
                text=f'<span style="color:{colors[k]};font-weight:bold">class {k}</span>',
                width=64,
                styles={"margin-top": "20px"},
            )
            for c in range(3):
                value = NumericInput(
                    mode="float",
                    format=self._format,
                    width=90,
                    name=f"param_{k}_{c}",
                    stylesheets=[self._css],
                )
                value.on_change("value", self._typed(k, c))
                gradient = Div(
                    text=slot(f"grad_{k}_{c}", self._gradient_text(k, c)),
                    width=90, name=f"grad_{k}_{c}",
                    styles={"color": "#c00000", "font-style": "italic", "text-align": "center"},
                )  # fmt: skip
                up = Button(label="▲", width=42, name=f"up_{k}_{c}", stylesheets=[self._css])
                down = Button(label="▼", width=42, name=f"down_{k}_{c}", stylesheets=[self._css])
                up.on_click(lambda _event, k=k, c=c: self.state.nudge(k, c, +1))
                down.on_click(lambda _event, k=k, c=c: self.state.nudge(k, c, -1))
                cells.append(column(value, row(up, down), gradient, width=96))
                inputs.append(value)
                gradients.append(gradient)
            rows.append(row([label, *cells]))
            self._inputs.append(inputs)
            self._gradients.append(gradients)
        self.layout.children = rows

    def _gradient_text(self, k: int, c: int) -> str:
        """The gradient of the total loss with respect to W[k, c] (c < 2) or b[k] (c = 2)."""
        result = self.state.trainer.result
        value = result.db[k] if c == 2 else result.dW[k, c]
        return number_text(value, 3)

    def _typed(self, k: int, c: int):
        def on_value(_attr: str, _old: float | None, new: float | None) -> None:
            # Bokeh also calls this for the server's own changes in render(): skip those. The
            # state clamps or refuses the value, and render() then shows the state's value.
            if not self._rendering and new != self.state.parameter(k, c):
                self.state.set_parameter(k, c, new)

        return on_value

    def render(self) -> None:
        """Show the current values and gradients, rebuilding the grid if K changed."""
        trainer = self.state.trainer
        if len(self._inputs) != trainer.num_classes:
            self._build(trainer.num_classes)
        self._rendering = True
        try:
            for k in range(trainer.num_classes):
                values = (trainer.W[k, 0], trainer.W[k, 1], trainer.b[k])
                for c in range(3):
                    value = float(values[c])
                    if self._inputs[k][c].value != value:
                        self._inputs[k][c].value = value
                    self.sync.text(f"grad_{k}_{c}", self._gradient_text(k, c))
        finally:
            self._rendering = False


#: Width of the status line under the read-out, in pixels: about the parameter grid's.
STATUS_WIDTH = 380

#: Rows of the data table shown at once; more points are paged.
PAGE_SIZE = 50

#: Redraws the rows of ``table`` with the values now in its source. The row set is the same,
#: so the columns keep their widths: ``updateGrid`` would also size them again, which makes
#: the browser lay out the page. The table's view is looked up once and then kept.
_REDRAW_JS = """
const views = (window.__table_views ??= new Map());
let view = views.get(table.id);
if (view == null || !view.el.isConnected) {
  view = [...Bokeh.index.query((v) => v.model === table)][0];
  views.set(table.id, view);
}
if (view != null) {
  view.data.init(table.source, table.view);
  view.grid.invalidate();
}
"""


class DataTableView:
    """One row per point: x[0], x[1], y, the scores s[k], and the loss L.

    The y and score cells are tinted with class colours; L is marked red when positive
    and green when zero. The mean data loss sits under the table.
    """

    def __init__(self, state: DemoState, sync: FrameSync, width: int = 520) -> None:
        self.state = state
        self.sync = sync
        self.source = ColumnDataSource({})
        self.table = DataTable(
            source=self.source, width=width, height=300, index_position=None,
            sortable=False, reorderable=False, name="data_table",
        )  # fmt: skip
        # BokehJS's DataTable redraws only when its row set changes; new values in the same
        # rows need an explicit redraw.
        self.source.js_on_change("data", CustomJS(args={"table": self.table}, code=_REDRAW_JS))
        self.mean = Div(
            text=f"mean data loss: <b>{slot('mean_data_loss', '')}</b>",
            name="mean_data_loss", styles={"font-size": "14px"},
        )  # fmt: skip
        self.page = 0
        self.previous = Button(label="◀ previous", width=100, name="table_previous")
        self.next = Button(label="next ▶", width=100, name="table_next")
        self.rows = Div(name="table_rows", styles={"margin-top": "6px"})
        self.previous.on_click(lambda _event: self._turn(-1))
        self.next.on_click(lambda _event: self._turn(+1))
        self.pager = row(self.previous, self.rows, self.next, visible=False)
        self.layout = column(self.table, self.pager, self.mean)
        self._num_classes = 0

    def _pages(self) -> int:
        return -(-self.state.trainer.num_points // PAGE_SIZE)

    def _turn(self, direction: int) -> None:
        self.page = min(max(self.page + direction, 0), self._pages() - 1)
        self.state.changed()

    def _columns(self, num_classes: int) -> list[TableColumn]:
        light = palette.light(num_classes)
        tinted_label = HTMLTemplateFormatter(
            template='<div style="background:<%- tint %>;padding-left:4px"><%- value %></div>'
        )
        columns = [
            TableColumn(field="x0", title="x[0]"),
            TableColumn(field="x1", title="x[1]"),
            TableColumn(field="y", title="y", formatter=tinted_label),
        ]
        for k in range(num_classes):
            formatter = HTMLTemplateFormatter(
                template=f'<div style="background:{light[k]};padding-left:4px"><%- value %></div>'
            )
            columns.append(TableColumn(field=f"s{k}", title=f"s[{k}]", formatter=formatter))
        loss_mark = HTMLTemplateFormatter(
            template=(
                '<div style="border:2px solid <%= positive ? "#d62728" : "#2ca02c" %>;'
                'padding-left:4px"><%- value %> <%= positive ? "✗" : "✓" %></div>'
            )
        )
        columns.append(TableColumn(field="L", title="L", formatter=loss_mark))
        return columns

    def render(self) -> None:
        """Copy the current page's points, labels, scores and per-point losses into the table."""
        trainer = self.state.trainer
        K = trainer.num_classes
        result = trainer.result
        light = palette.light(K)
        pages = self._pages()
        self.page = min(self.page, pages - 1)
        rows = slice(self.page * PAGE_SIZE, min((self.page + 1) * PAGE_SIZE, trainer.num_points))
        labels = trainer.y[rows].tolist()
        losses = result.per_point[rows]
        data = {
            "x0": [number_text(v) for v in trainer.X[rows, 0].tolist()],
            "x1": [number_text(v) for v in trainer.X[rows, 1].tolist()],
            "y": labels,
            "tint": [light[label] for label in labels],
            "L": [number_text(v) for v in losses.tolist()],
            "positive": (losses > 0).tolist(),
        }
        for k in range(K):
            data[f"s{k}"] = [number_text(v) for v in result.scores[rows, k].tolist()]
        self.pager.visible = pages > 1
        text = f"rows {rows.start + 1} to {rows.stop} of {trainer.num_points}"
        text += f" (page {self.page + 1} of {pages})"
        if pages > 1 and self.rows.text != text:
            self.rows.text = text
        height = min(320, 30 + 26 * len(labels))
        if self.table.height != height:
            self.table.height = height
        if self._num_classes != K:
            self._num_classes = K
            self.table.columns = self._columns(K)
        self.source.data = data
        self.sync.text("mean_data_loss", number_text(result.data_loss))


class ReadOut:
    """The losses and accuracy, with the original's labels, and the status line."""

    def __init__(self, state: DemoState, sync: FrameSync) -> None:
        self.state = state
        self.sync = sync
        self.div = Div(
            text=(
                f"Total data loss: {slot('data_loss', '')}<br>"
                f"Regularization loss: {slot('reg_loss', '')}<br>"
                f"<b>Total loss: {slot('total_loss', '')}</b><br>"
                f"Accuracy: {slot('accuracy', '')}"
                f'<span style="color:#666"> &middot; step {slot("step", "0")}</span>'
                f"{slot('search', '')}"
            ),
            name="readout",
            styles={"font-size": "16px", "line-height": "1.6"},
        )
        # As wide as the grid above it: a long notice wraps rather than widening the page.
        self.status = Div(
            name="status", width=STATUS_WIDTH, styles={"font-size": "15px", "font-weight": "bold"}
        )

    def values(self) -> dict[str, str]:
        """The read-out's current texts by slot: data_loss, reg_loss, total_loss, accuracy..."""
        trainer = self.state.trainer
        result = trainer.result
        texts = {
            "data_loss": number_text(result.data_loss),
            "reg_loss": number_text(result.reg_loss),
            "total_loss": number_text(result.total_loss),
            "accuracy": number_text(trainer.accuracy),
            "step": str(trainer.steps),
            "search": "",
        }
        search = {"random": trainer.random_search, "local": trainer.local_search}.get(
            trainer.strategy
        )
        if search is not None and search.tries:
            texts["search"] = (
                f'<br><span style="color:#444">{search.tries} tries, '
                f"best loss so far {number_text(search.best_loss)}</span>"
            )
        return texts

    def render(self) -> None:
        """Show the current losses, accuracy and status."""
        for name, text in self.values().items():
            self.sync.text(name, text)
        status = self.state.status
        color = "#c00000" if status.startswith("diverged") else "#333333"
        text = f'<span style="color:{color}">{text_html(status)}</span>' if status else ""
        if self.status.text != text:
            self.status.text = text
