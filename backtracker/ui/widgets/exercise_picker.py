"""A quick-search popup that picks an exercise from the library (Ctrl+E in the log)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from backtracker.services import library
from backtracker.ui.library.model import Column, ExerciseFilterProxy, ExerciseTableModel, Role


class ExercisePicker(QDialog):
    """Type to narrow the list; Enter takes the highlighted exercise, Esc cancels."""

    def __init__(self, parent: QWidget | None = None, title: str = "Add exercise") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.model = ExerciseTableModel(self)
        self.model.sync(library.exercises(include_archived=False))
        self.proxy = ExerciseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.sort(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search exercises by name or alias")
        self.search.setAccessibleName("Search exercises")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setModelColumn(Column.NAME)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.activated.connect(lambda _index: self.accept())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(420, 520)
        self._filter("")
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        self.proxy.set_query(text)
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, Column.NAME))

    def chosen_id(self) -> int | None:
        index = self.list.currentIndex()
        return index.data(Role.EXERCISE_ID) if index.isValid() else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                # Arrow through the results without leaving the search field.
                row = self.list.currentIndex().row()
                step = {
                    Qt.Key.Key_Down: 1,
                    Qt.Key.Key_Up: -1,
                    Qt.Key.Key_PageDown: 10,
                    Qt.Key.Key_PageUp: -10,
                }[Qt.Key(key)]
                row = max(0, min(self.proxy.rowCount() - 1, row + step))
                self.list.setCurrentIndex(self.proxy.index(row, Column.NAME))
                return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        if self.chosen_id() is not None:
            super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str = "Add exercise") -> int | None:
        """The id of the exercise picked, or None when cancelled."""
        dialog = cls(parent, title)
        try:
            return dialog.chosen_id() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
