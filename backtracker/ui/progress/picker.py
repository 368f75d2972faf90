"""The exercise picker of the Progress tab: exercises with history, most logged first.

An editable combo box: type any part of a name and the completer lists the matches. Each row
shows how many sessions the exercise has, so the person sees where the data is.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from backtracker.ui.theme import theme

_NO_PARENT = QModelIndex()
EXERCISE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SESSIONS_ROLE = Qt.ItemDataRole.UserRole + 2


def sessions_text(count: int) -> str:
    return f"{count} session" + ("" if count == 1 else "s")


class ExerciseHistoryModel(QAbstractListModel):
    """Rows of (exercise id, name, sessions), in the order the service gives them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[int, str, int]] = []

    def set_rows(self, rows: list[tuple[int, str, int]]) -> None:
        if rows == self._rows:
            return
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, exercise_id: int) -> int:
        """The row of an exercise, or -1 when it has no history."""
        return next((i for i, row in enumerate(self._rows) if row[0] == exercise_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        exercise_id, name, sessions = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{name}: {sessions_text(sessions)} logged"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{name}, {sessions_text(sessions)}"
        if role == EXERCISE_ID_ROLE:
            return exercise_id
        if role == SESSIONS_ROLE:
            return sessions
        return None


class SessionCountDelegate(QStyledItemDelegate):
    """Draws the session count right-aligned and muted beside the exercise name."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        sessions = index.data(SESSIONS_ROLE)
        if sessions is None:
            return
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        colors = theme().colors
        painter.setPen(option.palette.highlightedText().color() if selected else colors.muted_text)
        rect = QRect(option.rect).adjusted(0, 0, -8, 0)
        painter.drawText(
            rect,
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            sessions_text(sessions),
        )
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        extra = option.fontMetrics.horizontalAdvance("  9999 sessions  ")
        return QSize(size.width() + extra, max(size.height(), option.fontMetrics.height() + 8))


class ExerciseCombo(QComboBox):
    """Type to search; emits `exercise_chosen(id)` when the person settles on an exercise."""

    exercise_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = ExerciseHistoryModel(self)
        self.setModel(self.history)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(22)
        self.setMaxVisibleItems(16)
        self.setAccessibleName("Exercise")
        self.setToolTip("Pick an exercise; type part of its name to search")
        self.lineEdit().setPlaceholderText("Type to search exercises")
        self.lineEdit().setClearButtonEnabled(False)
        delegate = SessionCountDelegate(self)
        self.setItemDelegate(delegate)
        self.search = QCompleter(self.history, self)
        self.search.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.search.setFilterMode(Qt.MatchFlag.MatchContains)
        self.search.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.setMaxVisibleItems(12)
        self.search.popup().setItemDelegate(SessionCountDelegate(self.search.popup()))
        self.setCompleter(self.search)
        self.currentIndexChanged.connect(self._index_changed)
        self.lineEdit().editingFinished.connect(self._restore_text)

    def set_rows(self, rows: list[tuple[int, str, int]], keep: int | None) -> int | None:
        """Fill the list and keep `keep` selected if it is still there; returns the current id.

        Quiet: no `exercise_chosen`, since the caller refreshes the chart itself. What the
        person is typing stays: the list comes in while they type (the tab's first show reads
        it on a worker, and focus is in this box meanwhile), and showing the current exercise's
        name would overwrite the letters typed so far.
        """
        editor = self.lineEdit()
        typed = (editor.text(), editor.cursorPosition()) if editor.isModified() else None
        self.blockSignals(True)
        try:
            self.history.set_rows(rows)
            row = self.history.row_of(keep) if keep is not None else -1
            if row < 0 and rows:
                row = 0
            self.setCurrentIndex(row)
        finally:
            self.blockSignals(False)
        if typed is not None:
            self._keep_typing(*typed)
        return self.current_id()

    def _keep_typing(self, typed: str, position: int) -> None:
        editor = self.lineEdit()
        editor.setText(typed)
        editor.setModified(True)
        editor.setCursorPosition(position)
        if typed and editor.hasFocus():
            self.search.setCompletionPrefix(typed)
            self.search.complete()  # the matches, as if the last letter had just been typed

    def current_id(self) -> int | None:
        return self.currentData(EXERCISE_ID_ROLE)

    def select(self, exercise_id: int) -> bool:
        """Show this exercise (emits `exercise_chosen` on a change); False without history."""
        row = self.history.row_of(exercise_id)
        if row < 0:
            return False
        self.setCurrentIndex(row)
        return True

    def _index_changed(self, row: int) -> None:
        if row >= 0:
            self.exercise_chosen.emit(self.itemData(row, EXERCISE_ID_ROLE))

    def _restore_text(self) -> None:
        """Half-typed text that matches nothing goes back to the exercise shown."""
        typed = self.currentText().strip().casefold()
        for row in range(self.count()):
            if self.itemText(row).casefold() == typed:
                self.setCurrentIndex(row)
                break
        if self.currentIndex() >= 0 and self.currentText() != self.itemText(self.currentIndex()):
            self.setEditText(self.itemText(self.currentIndex()))
