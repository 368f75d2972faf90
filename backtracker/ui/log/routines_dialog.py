"""Manage routines: the list on the left, the selected routine's editor on the right."""

from __future__ import annotations

import dataclasses
from enum import Enum

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.catalogue import Tracking
from backtracker.domain.errors import UserError, ValidationError
from backtracker.domain.routines import Routine, RoutineItem
from backtracker.services import library, routines
from backtracker.ui import dialogs
from backtracker.ui.icons import icon
from backtracker.ui.log.routine_models import (
    NUMBER_FIELDS,
    ExerciseTable,
    ItemColumn,
    NumberDelegate,
    RoomyDelegate,
    RoutineItemsModel,
    RoutineListModel,
)
from backtracker.ui.log.routine_supersets import RoutineSupersets
from backtracker.ui.theme import theme
from backtracker.ui.widgets.exercise_picker import ExercisePicker


class UnsavedChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def _button(text: str, icon_name: str | None = None, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    if icon_name:
        button.setIcon(icon(icon_name))
    button.setToolTip(tip)
    button.setAutoDefault(False)  # Enter in a field or cell must never press a button
    return button


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme().colors.muted_text};")
    return label


def _same(a: Routine, b: Routine) -> bool:
    def key(r: Routine) -> tuple[object, ...]:
        items = tuple(
            (i.exercise_id, i.sets, i.rep_min, i.rep_max, i.duration_s, i.rest_s, i.superset)
            for i in r.items
        )
        return (r.name, r.description, items)

    return key(a) == key(b)


def default_item(exercise_id: int) -> RoutineItem:
    """A sensible first plan for a newly added exercise: a hold, or 3 sets of 8–12."""
    info = library.exercise(exercise_id)
    if info.tracking in (Tracking.DURATION, Tracking.DISTANCE_DURATION):
        return RoutineItem(exercise_id, sets=2, duration_s=30, exercise_name=info.name)
    return RoutineItem(exercise_id, sets=3, rep_min=8, rep_max=12, exercise_name=info.name)


def copy_name(name: str, taken: set[str]) -> str:
    used = {n.casefold() for n in taken}
    base = name[:68].rstrip()
    candidate, number = f"{base} (copy)", 2
    while candidate.casefold() in used:
        candidate, number = f"{base} (copy {number})", number + 1
    return candidate


class RoutinesDialog(QDialog):
    """Create, edit, order and delete routines; nothing is written until it validates."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Manage routines")
        self.setModal(True)
        self._changed = False
        self._switching = False  # selection moves made by code, not by the person
        self._loaded: Routine | None = None
        self._switch_pending = False
        self._pending_target: int | None = None  # where the person moved with unsaved edits

        self.routines = RoutineListModel(self)
        self.list = QListView()
        self.list.setModel(self.routines)
        self.list.setItemDelegate(RoomyDelegate(self.list))
        self.list.setAccessibleName("Routines")
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.selectionModel().currentChanged.connect(self._routine_selected)
        self.new_button = _button("New", "plus", "Start a new, empty routine")
        self.duplicate_button = _button("Duplicate", tip="Save a copy of this routine")
        self.delete_button = _button("Delete", "trash", "Delete this routine")
        self.up_button = _button("Move up", tip="Show this routine earlier in the Log tab")
        self.down_button = _button("Move down", tip="Show this routine later in the Log tab")
        self.new_button.clicked.connect(self._new)
        self.duplicate_button.clicked.connect(self._duplicate)
        self.delete_button.clicked.connect(self._delete)
        self.up_button.clicked.connect(lambda: self._move_routine(-1))
        self.down_button.clicked.connect(lambda: self._move_routine(1))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("&Routines")
        heading.setBuddy(self.list)
        left_layout.addWidget(heading)
        left_layout.addWidget(self.list, 1)
        row_one, row_two = QHBoxLayout(), QHBoxLayout()
        for button in (self.new_button, self.duplicate_button, self.delete_button):
            row_one.addWidget(button)
        for button in (self.up_button, self.down_button):
            row_two.addWidget(button)
        left_layout.addLayout(row_one)
        left_layout.addLayout(row_two)

        self.editor_stack = QStackedWidget()
        self.editor_stack.addWidget(self._build_editor())
        self.empty_label = _muted(
            "You have no routines yet. Click New to build one from your favourite exercises."
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.editor_stack.addWidget(self.empty_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.editor_stack)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 680])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(self.save)
        remove_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        remove_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_key.activated.connect(self._remove_item)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self._delete)

        self.resize(1000, 620)
        self._reload(select_id=None)
        self.list.setFocus()

    def _build_editor(self) -> QWidget:
        self.name = QLineEdit()
        self.name.setMaxLength(80)
        self.name.setPlaceholderText("e.g. Back at home")
        self.name.textChanged.connect(self._edited)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText("Optional: what it is for, how often to do it")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(60)
        self.description.textChanged.connect(self._edited)

        self.items = RoutineItemsModel(self)
        for signal in (
            self.items.dataChanged,
            self.items.rowsInserted,
            self.items.rowsRemoved,
            self.items.rowsMoved,
            self.items.modelReset,
        ):
            signal.connect(self._edited)
        self.table = ExerciseTable()
        self.table.setModel(self.items)
        self.table.setAccessibleName("Exercises in the routine")
        self.table.setItemDelegate(NumberDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ItemColumn.EXERCISE, QHeaderView.ResizeMode.Stretch)
        for column in NUMBER_FIELDS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, 88)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())

        self.add_button = _button("Add exercise…", "plus", "Pick an exercise from the library")
        self.remove_button = _button("Remove", "trash", "Remove the selected exercise (Delete)")
        self.item_up_button = _button("Move up")
        self.item_down_button = _button("Move down")
        self.add_button.clicked.connect(self._add_item)
        self.remove_button.clicked.connect(self._remove_item)
        self.item_up_button.clicked.connect(lambda: self._move_item(-1))
        self.item_down_button.clicked.connect(lambda: self._move_item(1))

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem with the routine")
        self.error.setStyleSheet(f"color: {theme().colors.error}; font-weight: 600;")
        self.error.hide()
        self.unsaved_label = _muted("Unsaved changes")
        self.unsaved_label.setWordWrap(False)
        self.revert_button = _button("Revert", tip="Throw away the changes to this routine")
        self.save_button = _button("Save changes", tip="Save this routine (Ctrl+S)")
        self.revert_button.clicked.connect(self.revert)
        self.save_button.clicked.connect(self.save)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Name", self.name)
        form.addRow("&Description", self.description)
        exercises_label = QLabel("&Exercises")
        exercises_label.setBuddy(self.table)

        item_buttons = QHBoxLayout()
        self.supersets = RoutineSupersets(self)  # Group as superset / Ungroup, Ctrl+G
        for button in (self.add_button, self.remove_button, *self.supersets.buttons):
            item_buttons.addWidget(button)
        item_buttons.addStretch(1)
        for button in (self.item_up_button, self.item_down_button):
            item_buttons.addWidget(button)

        save_row = QHBoxLayout()
        save_row.addWidget(self.unsaved_label)
        save_row.addStretch(1)
        save_row.addWidget(self.revert_button)
        save_row.addWidget(self.save_button)

        editor = QWidget()
        layout = QVBoxLayout(editor)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(exercises_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(item_buttons)
        layout.addWidget(
            _muted("Double-click a number to change it; “–” means none (a hold has no reps).")
        )
        layout.addWidget(self.error)
        layout.addLayout(save_row)
        return editor

    # -- state ---------------------------------------------------------------------------
    def changed(self) -> bool:
        """True once anything was saved, deleted or reordered."""
        return self._changed

    def current_routine(self) -> Routine | None:
        """The routine as the editor holds it now, saved or not."""
        if self._loaded is None:
            return None
        return dataclasses.replace(
            self._loaded,
            name=self.name.text(),
            description=self.description.toPlainText(),
            items=self.items.items(),
        )

    def is_modified(self) -> bool:
        current = self.current_routine()
        return current is not None and self._loaded is not None and not _same(current, self._loaded)

    def has_unsaved_changes(self) -> bool:
        """Edits not yet saved, or a new routine that was never saved."""
        return self._loaded is not None and (self._loaded.id is None or self.is_modified())

    def _current_row(self) -> int:
        return self.list.currentIndex().row()

    # -- loading and selection -------------------------------------------------------------
    def _reload(self, select_id: int | None, *, keep_editor: bool = False) -> None:
        """Re-read the routines, select `select_id` (or the first) and, unless kept, show it."""
        self._switching = True
        try:
            self.routines.set_routines(routines.list_routines())
            row = self.routines.row_of(select_id) if select_id is not None else -1
            if row < 0 and self.routines.rowCount():
                row = 0
            if row >= 0:
                self.list.setCurrentIndex(self.routines.index(row, 0))
        finally:
            self._switching = False
        if not keep_editor:
            self._show(self.routines.routine(row) if row >= 0 else None)
        self._update_actions()

    def _select_row_quietly(self, row: int) -> None:
        self._switching = True
        try:
            self.list.setCurrentIndex(self.routines.index(row, 0))
        finally:
            self._switching = False

    def _show(self, routine: Routine | None) -> None:
        self._loaded = routine
        self.editor_stack.setCurrentIndex(0 if routine is not None else 1)
        for widget in (self.name, self.description):
            widget.blockSignals(True)
        self.name.setText(routine.name if routine else "")
        self.description.setPlainText(routine.description if routine else "")
        for widget in (self.name, self.description):
            widget.blockSignals(False)
        self.items.set_items(routine.items if routine else ())
        self.error.hide()
        self._update_actions()

    def _routine_selected(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._switching:
            return
        if not current.isValid():  # keep showing a routine rather than a blank editor
            if previous.isValid():
                self._select_row_quietly(previous.row())
            return
        target = self.routines.routine(current.row())
        if not self.has_unsaved_changes():
            self._show(target)
            return
        # Ask only once the click or key press that moved the selection has finished, so the
        # view's own selection handling cannot undo what the answer decides.
        if not self._switch_pending:
            self._switch_pending = True
            QTimer.singleShot(0, self, self._leave_for_pending)
        self._pending_target = target.id if target is not None else None

    def _leave_for_pending(self) -> None:
        target_id, self._switch_pending = self._pending_target, False
        stay_id = self._loaded.id if self._loaded is not None else None
        if not self.resolve_unsaved_changes():
            row = self.routines.row_of(stay_id)
            if row >= 0:
                self._select_row_quietly(row)
            return
        row = self.routines.row_of(target_id)
        if row >= 0:
            self._select_row_quietly(row)
            self._show(self.routines.routine(row))

    def resolve_unsaved_changes(self) -> bool:
        """Ask to save or discard pending edits; False when the person stays where they are."""
        if not self.has_unsaved_changes():
            return True
        current = self.current_routine()
        name = (current.name.strip() if current else "") or "the new routine"
        choice = self.ask_save_changes(name)
        if choice is UnsavedChoice.SAVE:
            return self.save()
        if choice is UnsavedChoice.DISCARD:
            self._discard()
            return True
        return False

    def ask_save_changes(self, name: str) -> UnsavedChoice:
        """The seam tests patch: save, discard or stay with the unsaved routine."""
        buttons = (
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            f"Save your changes to “{name}”?",
            buttons,
            QMessageBox.StandardButton.Save,
        )
        return {
            QMessageBox.StandardButton.Save: UnsavedChoice.SAVE,
            QMessageBox.StandardButton.Discard: UnsavedChoice.DISCARD,
        }.get(answer, UnsavedChoice.CANCEL)

    def _discard(self) -> None:
        if self._loaded is not None and self._loaded.id is None:
            self._switching = True
            try:
                self.routines.remove_draft()
            finally:
                self._switching = False
            self._loaded = None
        else:
            self.revert()

    # -- routine actions ---------------------------------------------------------------------
    def save(self) -> bool:
        """Validate and save the routine in the editor; on a problem say so and write nothing."""
        routine = self.current_routine()
        if routine is None:
            return True
        try:
            routine_id = routines.save_routine(routine)
        except ValidationError as error:
            self.show_problem(" ".join(error.problems.values()), error.field)
            return False
        except UserError as error:
            self.show_problem(str(error), error.field)
            return False
        self._changed = True
        self._reload(select_id=routine_id)
        return True

    def revert(self) -> None:
        self._show(self._loaded)

    def show_problem(self, message: str, field: str | None) -> None:
        self.error.setText(message)
        self.error.show()
        (self.table if field == "items" else self.name).setFocus()

    def _new(self) -> None:
        if not self.resolve_unsaved_changes():
            return
        draft = Routine(id=None, name="")
        self._switching = True
        try:
            row = self.routines.append_draft(draft)
            self.list.setCurrentIndex(self.routines.index(row, 0))
        finally:
            self._switching = False
        self._show(draft)
        self.name.setFocus()

    def _duplicate(self) -> None:
        if self._loaded is None or self._loaded.id is None or not self.resolve_unsaved_changes():
            return
        source = self.routines.routine(self._current_row())
        if source is None or source.id is None:
            return
        copy = Routine(
            id=None,
            name=copy_name(source.name, self.routines.names()),
            description=source.description,
            items=source.items,
        )
        try:
            new_id = routines.save_routine(copy)
        except UserError as error:
            self.show_problem(str(error), error.field)
            return
        self._changed = True
        self._reload(select_id=new_id)
        self.name.setFocus()
        self.name.selectAll()

    def _delete(self) -> None:
        routine = self._loaded
        if routine is None:
            return
        row = self._current_row()
        if routine.id is None:
            self._discard()
            self._reload(select_id=None)
            return
        if not dialogs.confirm(
            self,
            "Delete routine",
            f"Delete the routine “{routine.name}”? Workouts you did from it keep their sets.",
            "Delete",
        ):
            return
        routines.delete_routine(routine.id)
        self._changed = True
        neighbour = self.routines.routine(row + 1) or self.routines.routine(row - 1)
        self._reload(select_id=neighbour.id if neighbour else None)

    def _move_routine(self, offset: int) -> None:
        if self._loaded is None or self._loaded.id is None:
            return
        routines.move_routine(self._loaded.id, offset)
        self._changed = True
        self._reload(select_id=self._loaded.id, keep_editor=True)

    # -- exercise actions --------------------------------------------------------------------
    def _current_item_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def _select_item(self, row: int) -> None:
        if 0 <= row < self.items.rowCount():
            self.table.setCurrentIndex(self.items.index(row, ItemColumn.SETS))
        self._update_actions()

    def _add_item(self) -> None:
        exercise_id = ExercisePicker.ask(self, "Add exercise to the routine")
        if exercise_id is None:
            return
        row = self.items.append(default_item(exercise_id))
        self._select_item(row)
        self.table.setFocus()

    def _remove_item(self) -> None:
        row = self._current_item_row()
        if row < 0:
            return
        self.items.remove(row)
        self._select_item(min(row, self.items.rowCount() - 1))

    def _move_item(self, offset: int) -> None:
        row = self._current_item_row()
        if row >= 0:
            self._select_item(self.items.move(row, offset))

    # -- keeping the buttons honest ----------------------------------------------------------
    def _edited(self, *_args: object) -> None:
        if self._loaded is not None and self._loaded.id is None:
            self.routines.rename_draft(self.name.text())
        self._update_actions()

    def _update_actions(self) -> None:
        loaded = self._loaded
        saved = loaded is not None and loaded.id is not None
        row = self._current_row()
        self.duplicate_button.setEnabled(saved)
        self.delete_button.setEnabled(loaded is not None)
        self.up_button.setEnabled(saved and row > 0)
        self.down_button.setEnabled(saved and row < self.routines.saved_count() - 1)

        item_row = self._current_item_row()
        count = self.items.rowCount()
        self.remove_button.setEnabled(item_row >= 0)
        self.item_up_button.setEnabled(item_row > 0)
        self.item_down_button.setEnabled(0 <= item_row < count - 1)

        unsaved = self.has_unsaved_changes()
        self.save_button.setEnabled(unsaved)
        self.revert_button.setEnabled(self.is_modified())
        self.unsaved_label.setText("Not saved yet" if not saved else "Unsaved changes")
        self.unsaved_label.setVisible(unsaved)

    # -- closing -----------------------------------------------------------------------------
    def reject(self) -> None:
        if self.resolve_unsaved_changes():
            super().reject()

    @classmethod
    def ask(cls, parent: QWidget | None) -> bool:
        """Run the dialog; True when any routine was saved, deleted or reordered."""
        dialog = cls(parent)
        try:
            dialog.exec()
            return dialog.changed()
        finally:
            dialog.deleteLater()
