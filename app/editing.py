"""Editing the points: add, delete, relabel, drag, import from CSV, and undo the last edit.

Every edit goes through :meth:`DemoState.set_points` or :meth:`DemoState.load_problem`, after
a snapshot of what it replaces, so Undo restores the data (and, for an import that changed
K, the parameters) exactly.
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

import numpy as np
import param

from app.state import DemoState, bounded_point
from demo_core.csv_io import CsvError, num_classes, parse_points_csv
from demo_core.datasets import MAX_POINTS
from demo_core.model import random_params

__all__ = ["DataEditor"]

#: How many edits Undo can take back.
UNDO_DEPTH = 50


class _Snapshot(NamedTuple):
    X: np.ndarray
    y: np.ndarray
    W: np.ndarray
    b: np.ndarray
    origin: str


#: What the mouse does, by mode: drag points, add them, or select them.
MOUSE_MODES = ("drag", "add", "select")


class DataEditor(param.Parameterized):
    """The edits a student makes to the points of one session, with an undo history."""

    mode = param.Selector(default="drag", objects=list(MOUSE_MODES), doc="Mouse mode.")
    new_label = param.Integer(default=0, bounds=(0, 5), doc="Class of added points.")
    selection = param.List(default=[], item_type=int, doc="Indices of the selected points.")
    message = param.String(default="", doc="What the last edit or import did, or why not.")
    refused = param.Boolean(default=False, doc="Whether the message says why not.")

    def __init__(self, state: DemoState, **params: object) -> None:
        super().__init__(**params)
        self.state = state
        self._undo: deque[_Snapshot] = deque(maxlen=UNDO_DEPTH)
        state.param.watch(self._new_data_set, ["dataset", "n", "k", "noise", "seed"])
        # A refusal ("Select points first", a bad file) stands until the student does
        # something else: selects, changes the mouse mode or the data.
        self.param.watch(self._clear_refusal, ["selection", "mode"])
        state.param.watch(self._clear_refusal, ["data_revision"])

    def _new_data_set(self, *events: object) -> None:
        self.forget()

    def _clear_refusal(self, *events: object) -> None:
        if self.refused:
            self.say("", refused=False)

    def say(self, message: str, refused: bool = True) -> str:
        """Show ``message`` to the student (empty: nothing to say) and return it.

        ``refused`` tells whether it says why something was not done.
        """
        self.param.update(refused=refused, message=message)
        return message

    def toggle(self, index: int) -> None:
        """Select point ``index``, or deselect it if it was selected."""
        chosen = set(self.selection) ^ {index}
        self.selection = sorted(chosen)
        self.state.view_changed()

    def remember(self) -> None:
        """Save the current data and parameters, before an edit."""
        trainer = self.state.trainer
        self._undo.append(
            _Snapshot(trainer.X, trainer.y, trainer.W, trainer.b, self.state.data_origin)
        )

    def forget(self) -> None:
        """Drop the undo history and the selection, e.g. when a new data set is loaded."""
        self._undo.clear()
        self.selection = []

    def undo(self) -> bool:
        """Restore the state before the last edit; ``False`` if there was none."""
        if not self._undo:
            return False
        snapshot = self._undo.pop()
        self.selection = []
        trainer = self.state.trainer
        if snapshot.W.shape == trainer.W.shape:
            self.state.set_points(snapshot.X, snapshot.y)
            self.state.data_origin = snapshot.origin
        else:
            self.state.load_problem(*snapshot)
        return True

    def add(self, x0: object, x1: object, label: int) -> str:
        """Add a point of class ``label`` at ``(x0, x1)``; returns a message if refused.

        The point is clamped by :func:`app.state.bounded_point`.
        """
        trainer = self.state.trainer
        point = bounded_point(x0, x1)
        if point is None:
            return self.say(self.state.say("edit.two_numbers"))
        if trainer.num_points >= MAX_POINTS:
            return self.say(self.state.say("edit.at_most", count=MAX_POINTS))
        if not 0 <= label < trainer.num_classes:
            return self.say(self.state.say("edit.class_range", last=trainer.num_classes - 1))
        self.remember()
        X = np.vstack([trainer.X, [point]])
        self.state.set_points(X, np.append(trainer.y, label))
        return self.say("")

    def delete(self, indices: list[int]) -> str:
        """Delete the points at ``indices``; at least one point must remain."""
        trainer = self.state.trainer
        keep = np.ones(trainer.num_points, dtype=bool)
        keep[[i for i in indices if 0 <= i < trainer.num_points]] = False
        if keep.all():
            return self.say(self.state.say("edit.select_first"))
        if not keep.any():
            return self.say(self.state.say("edit.one_remains"))
        self.remember()
        self.selection = []
        self.state.set_points(trainer.X[keep], trainer.y[keep])
        return self.say("")

    def relabel(self, indices: list[int], label: int) -> str:
        """Give the points at ``indices`` the class ``label``."""
        trainer = self.state.trainer
        chosen = [i for i in indices if 0 <= i < trainer.num_points]
        if not chosen:
            return self.say(self.state.say("edit.select_first"))
        if not 0 <= label < trainer.num_classes:
            return self.say(self.state.say("edit.class_range", last=trainer.num_classes - 1))
        self.remember()
        self.selection = []
        y = trainer.y.copy()
        y[chosen] = label
        self.state.set_points(trainer.X, y)
        return self.say("")

    def import_csv(self, data: bytes) -> str:
        """Load points from a CSV file (columns x0, x1, label); returns a message.

        The file is checked completely first: a bad file changes nothing.
        """
        try:
            X, y = parse_points_csv(data)
        except CsvError as error:
            return self.refuse_file(error)
        classes = num_classes(y)
        self.remember()
        self.selection = []
        trainer = self.state.trainer
        if trainer.num_classes == classes:
            self.state.load_problem(X, y, trainer.W, trainer.b, self.state.say("origin.file"))
        else:
            self.state.load_problem(
                X, y, *random_params(self.state.rng, classes), self.state.say("origin.file")
            )
        return self.say(
            self.state.say("edit.loaded", points=len(y), classes=classes), refused=False
        )

    def refuse_file(self, problem: CsvError | str) -> str:
        """Say that a file was not loaded, and why, in the page's language; nothing changes."""
        if isinstance(problem, CsvError):
            reason = self.state.say(f"csv.{problem.kind}", **problem.values)
            if problem.line is not None:
                reason = self.state.say("csv.on_line", line=problem.line, problem=reason)
            problem = reason
        return self.say(self.state.say("edit.not_loaded", problem=problem))
