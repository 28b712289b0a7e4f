"""The controls of the data: data sets, editing with the mouse, and files in and out."""

from __future__ import annotations

import io

import panel as pn
from bokeh.document import Document

from app.display import text_html
from app.editing import MOUSE_MODES, DataEditor
from app.state import DemoState
from app.upload import Upload
from demo_core.csv_io import history_to_csv, params_to_json, points_to_csv
from demo_core.datasets import DATASETS, MAX_CLASSES

__all__ = ["DataControls"]

#: Text and background colours of the editor's message: a refusal, or what an edit did.
_MESSAGE_COLORS = {True: ("#842029", "#f8d7da"), False: ("#0f5132", "#d1e7dd")}


class DataControls:
    """Widgets for the data of one session, bound to its state and editor."""

    def __init__(self, state: DemoState, editor: DataEditor, doc: Document) -> None:
        self.state = state
        self.editor = editor
        self.dataset = pn.widgets.Select.from_param(
            state.param.dataset, options={label: key for key, label in DATASETS.items()},
            label="Data set", sizing_mode="stretch_width",
        )  # fmt: skip
        self.n = pn.widgets.IntInput.from_param(state.param.n, label="Points N", width=90)
        self.k = pn.widgets.IntInput.from_param(state.param.k, label="Classes K", width=90)
        self.noise = pn.widgets.FloatSlider.from_param(
            state.param.noise, label="Noise", step=0.01, sizing_mode="stretch_width"
        )
        self.seed = pn.widgets.IntInput.from_param(state.param.seed, label="Seed", width=90)
        self.regenerate = pn.widgets.Button(
            label="Regenerate (next seed)", sizing_mode="stretch_width"
        )
        self.regenerate.on_click(lambda _event: self._next_seed())
        self.mode = pn.widgets.RadioButtonGroup.from_param(
            editor.param.mode, options=MOUSE_MODES, label="Mouse", sizing_mode="stretch_width"
        )
        self.new_label = pn.widgets.Select(
            label="Class of new or selected points", sizing_mode="stretch_width"
        )
        self.new_label.param.watch(self._set_label, "value")
        self.delete = pn.widgets.Button(label="Delete selected", sizing_mode="stretch_width")
        self.relabel = pn.widgets.Button(label="Set their class", sizing_mode="stretch_width")
        self.undo = pn.widgets.Button(label="Undo last edit", sizing_mode="stretch_width")
        self.delete.on_click(lambda _event: editor.delete(editor.selection))
        self.relabel.on_click(lambda _event: editor.relabel(editor.selection, editor.new_label))
        self.undo.on_click(lambda _event: editor.undo() or editor._say("Nothing to undo."))
        self.shading = pn.widgets.Checkbox.from_param(
            state.param.shade_probabilities, label="Shade by softmax probability"
        )
        self.upload = Upload(editor, doc)
        # Plain HTML, not Markdown: a message quotes the file, whose text must stay text.
        self.message = pn.pane.HTML("", visible=False, margin=(5, 10), sizing_mode="stretch_width")
        editor.param.watch(self._show_message, "message")
        self.downloads = [
            pn.widgets.FileDownload(
                callback=callback,
                filename=filename,
                label=label,
                color="light",
                sizing_mode="stretch_width",
            )
            for callback, filename, label in (
                (self._points_csv, "points.csv", "Points (CSV)"),
                (self._params_json, "parameters.json", "W and b (JSON)"),
                (self._history_csv, "loss-history.csv", "Loss history (CSV)"),
            )
        ]
        state.param.watch(self._show_classes, "data_revision")
        self._show_classes()

    def _next_seed(self) -> None:
        self.state.seed = (self.state.seed + 1) % (2**32)

    def _show_classes(self, *events: object) -> None:
        """Offer the classes 0 .. K-1 of the current data for new or relabelled points."""
        num_classes = self.state.trainer.num_classes
        options = {f"class {k}": k for k in range(min(num_classes, MAX_CLASSES))}
        value = min(self.editor.new_label, num_classes - 1)
        self.new_label.param.update(options=options, value=value)

    def _set_label(self, event: object) -> None:
        if self.new_label.value is not None:
            self.editor.new_label = self.new_label.value

    def _show_message(self, event: object) -> None:
        text = self.editor.message
        color, background = _MESSAGE_COLORS[self.editor.refused]
        self.message.param.update(
            object=text_html(text),
            visible=bool(text),
            styles={"color": color, "background": background, "padding": "8px 12px",
                    "border-radius": "6px"},
        )  # fmt: skip

    def _points_csv(self) -> io.StringIO:
        trainer = self.state.trainer
        return io.StringIO(points_to_csv(trainer.X, trainer.y))

    def _params_json(self) -> io.StringIO:
        trainer = self.state.trainer
        extra = {"loss": trainer.loss, "reg": trainer.reg, "step": trainer.steps}
        return io.StringIO(params_to_json(trainer.W, trainer.b, extra))

    def _history_csv(self) -> io.StringIO:
        return io.StringIO(history_to_csv(self.state.trainer.history))

    def panel(self) -> pn.Column:
        """The data controls laid out in one column."""
        return pn.Column(
            pn.pane.Markdown("**Data**", margin=(0, 10)),
            self.dataset,
            pn.Row(self.n, self.k, self.seed),
            self.noise,
            self.regenerate,
            pn.pane.Markdown("**Edit points with the mouse**", margin=(0, 10)),
            self.mode,
            self.new_label,
            pn.Row(self.delete, self.relabel, sizing_mode="stretch_width"),
            self.undo,
            self.shading,
            pn.pane.Markdown("**Load points** (CSV with columns x0, x1, label)", margin=(0, 10)),
            pn.pane.Bokeh(self.upload.widget, sizing_mode="stretch_width"),
            self.message,
            pn.pane.Markdown("**Save**", margin=(0, 10)),
            *self.downloads,
            sizing_mode="stretch_width",
        )
