"""The Library's "these are the same": merge one exercise into another, as one undo step.

The person picks the exercise to keep; every set and routine entry of the other moves to it
(services.library.merge_exercises), and Edit ▸ Undo puts every row back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from backtracker.domain.catalogue import ExerciseInfo
from backtracker.domain.errors import UserError
from backtracker.services import library
from backtracker.ui import dialogs
from backtracker.ui.events import DataEvents
from backtracker.ui.library.model import Column
from backtracker.ui.undo import CallbackCommand
from backtracker.ui.widgets.exercise_picker import ExercisePicker


def merge_picker(parent: QWidget, other: ExerciseInfo) -> ExercisePicker:
    """The picker of the exercise to keep: every other live exercise."""
    picker = ExercisePicker(parent, f"“{other.name}” is the same as…")
    picker.model.sync([e for e in library.exercises(include_archived=False) if e.id != other.id])
    picker.proxy.set_query("")
    picker.list.setCurrentIndex(picker.proxy.index(0, Column.NAME))
    ok = picker.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText("Merge")
    ok.setToolTip(
        f"Keep the exercise chosen here: the sets and routine entries of “{other.name}” move "
        "to it. Edit ▸ Undo puts everything back."
    )
    return picker


def ask_exercise_to_keep(parent: QWidget, other: ExerciseInfo) -> int | None:
    picker = merge_picker(parent, other)
    try:
        accepted = picker.exec() == QDialog.DialogCode.Accepted
        return picker.chosen_id() if accepted else None
    finally:
        picker.deleteLater()


def push_merge(
    parent: QWidget,
    undo_stack: QUndoStack,
    keep_id: int,
    other_id: int,
    *,
    events: DataEvents,
    report: Callable[[UserError], None],
) -> str | None:
    """Merge as an undo step; the status line to show, or None when it was refused."""
    try:
        keep, other = library.exercise(keep_id), library.exercise(other_id)
    except UserError as error:
        dialogs.show_error(parent, "Cannot merge", str(error))
        return None
    state: dict[str, library.MergeRecord] = {}

    def changed() -> None:
        events.exercises_changed.emit()
        events.workouts_changed.emit()  # history, progress and records follow the sets

    def redo() -> None:
        state["record"] = library.merge_exercises(keep_id, other_id)
        changed()

    def undo() -> None:
        record = state.pop("record", None)
        if record is not None:
            library.unmerge_exercises(record)
        changed()

    undo_stack.push(CallbackCommand(f"Merge “{other.name}” into “{keep.name}”", redo, undo, report))
    if "record" not in state:
        return None  # refused: `report` said why
    return (
        f"Merged “{other.name}” into “{keep.name}”: its sets and routine entries are now "
        f"{keep.name}'s."
    )
