"""The set table: type a value, Enter; the last value's Enter logs the set."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from backtracker.domain.strength import SetType
from backtracker.ui.log.set_model import SetTableModel

Index = QModelIndex | QPersistentModelIndex


class CellDelegate(QStyledItemDelegate):
    """Lets the view see the Enter key typed into a cell editor.

    Qt closes an editor with the same "submit" hint for Enter and for a change of current
    row, so the view needs to know which one it was before it moves on or logs the set.
    """

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = self.make_editor(parent, option, index)
        # Named after its column and set, so a screen reader says "kg, set 2" while typing.
        header = index.model().headerData(index.column(), Qt.Orientation.Horizontal)
        editor.setAccessibleName(f"{header}, set {index.row() + 1}")
        view = self.parent()
        if isinstance(view, QObject):
            editor.installEventFilter(view)
        return editor

    def make_editor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        # Made here rather than by the base class, so Python owns it from the start.
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return editor


class SetTypeDelegate(CellDelegate):
    """Warm-up, normal, drop or failure, from a short list."""

    def make_editor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for set_type in SetType:
            combo.addItem(set_type.label, set_type.value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findText(str(index.data()))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class SetTableView(QTableView):
    """Keyboard flow from UX.md: weight, Enter, reps, Enter: the set is logged."""

    row_entered = Signal(int)  # Enter in the last field of a row
    delete_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        self.setShowGrid(False)
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.setItemDelegate(CellDelegate(self))
        self._enter_typed = False
        # Work that must wait for the next turn of the event loop runs from these timers,
        # owned by the view, so nothing fires after the view is gone.
        self._pending_edit: tuple[int, int, int] | None = None
        self._edit_timer = QTimer(self)
        self._edit_timer.setSingleShot(True)
        self._edit_timer.setInterval(10)
        self._edit_timer.timeout.connect(self._retry_edit)
        self._pending_enter: tuple[int, int, bool] | None = None
        self._enter_timer = QTimer(self)
        self._enter_timer.setSingleShot(True)
        self._enter_timer.setInterval(0)
        self._enter_timer.timeout.connect(self._run_pending_enter)

    def set_model(self, model: SetTableModel) -> None:
        self.setModel(model)
        type_column = model.column_of("set_type")
        if type_column is not None:
            self.setItemDelegateForColumn(type_column, SetTypeDelegate(self))
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        widths = {
            "number": 44,
            "set_type": 96,
            "weight": 72,
            "reps": 60,
            "duration": 72,
            "distance": 72,
            "rpe": 52,
            "done": 52,
        }
        for number, column in enumerate(model.columns):
            if column.key == "notes":
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.Stretch)
            else:
                self.setColumnWidth(number, widths[column.key])
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self.fit_height)
        self.fit_height()

    @property
    def set_model_(self) -> SetTableModel:
        model = self.model()
        assert isinstance(model, SetTableModel)
        return model

    def moveCursor(
        self, cursor_action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Tab and Shift+Tab walk the fields row by row, then leave the table.

        Qt's table wraps around to the first cell, which would keep Tab inside the table for
        ever; the set number is no field, so it is skipped.
        """
        step = {
            QAbstractItemView.CursorAction.MoveNext: 1,
            QAbstractItemView.CursorAction.MovePrevious: -1,
        }.get(cursor_action)
        model = self.model()
        if step is None or model is None or model.rowCount() == 0:
            return super().moveCursor(cursor_action, modifiers)
        columns = [c for c in range(1, model.columnCount()) if not self.isColumnHidden(c)]
        cells = [(row, column) for row in range(model.rowCount()) for column in columns]
        current = self.currentIndex()
        if not current.isValid():
            row, column = cells[0] if step > 0 else cells[-1]
            return model.index(row, column)
        here = (current.row(), max(current.column(), columns[0]))
        position = cells.index(here) if here in cells else 0
        target = position + step
        if not 0 <= target < len(cells):
            return QModelIndex()  # past the last field (or before the first): focus moves on
        return model.index(*cells[target])

    def fit_height(self) -> None:
        """Show every row: the workout scrolls, not each exercise."""
        rows = self.model().rowCount() if self.model() else 0
        height = (
            self.horizontalHeader().height() + rows * self.verticalHeader().defaultSectionSize()
        )
        self.setFixedHeight(height + 2 * self.frameWidth() + 2)

    def edit_cell(self, row: int, column: int, *, _attempts: int = 20) -> None:
        """Open the cell for typing; a table that is still being laid out opens it next turn."""
        if not self.isVisible() and _attempts:
            self._pending_edit = (row, column, _attempts - 1)
            self._edit_timer.start()
            return
        index = self.model().index(row, column)
        self.setCurrentIndex(index)
        if not self.isVisible():  # another tab is showing: the cell opens when the Log does
            return
        self.setFocus()
        self.edit(index)

    def commit_open_editor(self) -> None:
        """Save what is typed in an open cell and close it (before finishing, say)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        for editor in self.viewport().findChildren(QWidget):
            if editor.parent() is self.viewport() and editor.isVisible():
                self.commitData(editor)
                self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(watched, QWidget)
            and watched.parent() is self.viewport()
        ):
            assert isinstance(event, QKeyEvent)
            self._enter_typed = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                event.modifiers()
                in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            )
        return super().eventFilter(watched, event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        index = self.currentIndex()
        typed_enter, self._enter_typed = self._enter_typed, False
        super().closeEditor(editor, hint)
        if not typed_enter or not index.isValid():
            return
        # The view is still closing this editor; act once it is done.
        row, column, refused = index.row(), index.column(), self.set_model_.refused
        self._pending_enter = (row, column, refused)
        self._enter_timer.start()

    def _retry_edit(self) -> None:
        if self._pending_edit is not None:
            row, column, attempts = self._pending_edit
            self._pending_edit = None
            if row < self.model().rowCount():
                self.edit_cell(row, column, _attempts=attempts)

    def _run_pending_enter(self) -> None:
        if self._pending_enter is not None:
            pending, self._pending_enter = self._pending_enter, None
            self._after_enter(*pending)

    def _after_enter(self, row: int, column: int, refused: bool) -> None:
        if refused:  # the value was refused: stay in the cell to fix it
            self.edit_cell(row, column)
            return
        entries = self.set_model_.entry_columns()
        if column in entries and column != entries[-1]:
            self.edit_cell(row, entries[entries.index(column) + 1])
        elif column in entries:
            self.row_entered.emit(row)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() == QAbstractItemView.State.EditingState:
            # Keys that an open editor passes on (its Enter) are handled by closeEditor.
            super().keyPressEvent(event)
            return
        index = self.currentIndex()
        key = event.key()
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        entries = self.set_model_.entry_columns() if self.model() else []
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain
        if enter and index.isValid() and index.column() in entries:
            # Enter on a cell that is not being edited: log the set from its last field,
            # otherwise open the field for typing.
            if index.column() == entries[-1]:
                self.row_entered.emit(index.row())
            else:
                self.edit(index)
            return
        if key == Qt.Key.Key_Delete and plain and index.isValid():
            self.delete_requested.emit(index.row())
            return
        super().keyPressEvent(event)
