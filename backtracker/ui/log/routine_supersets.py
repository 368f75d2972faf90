"""Supersets in the routine editor: select adjacent exercises, Group as superset / Ungroup.

The buttons, the table's context menu and the keys (Ctrl+G, Ctrl+Shift+G) change the
routine being edited; like any edit they are saved with Save changes. The exercise column
shows A1, A2 … for the first group, B1, B2 … for the next (routine_models.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QPushButton

from backtracker.domain import supersets as rules

if TYPE_CHECKING:
    from backtracker.ui.log.routines_dialog import RoutinesDialog

GROUP_KEY = "Ctrl+G"
UNGROUP_KEY = "Ctrl+Shift+G"


class RoutineSupersets(QObject):
    def __init__(self, dialog: RoutinesDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        table = dialog.table
        table.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.group_button = self._button(
            "Group as superset",
            f"Do the selected exercises in turn, one set of each, then rest ({GROUP_KEY})",
        )
        self.ungroup_button = self._button(
            "Ungroup", f"Take the selected exercises out of their superset ({UNGROUP_KEY})"
        )
        self.group_button.clicked.connect(self.group)
        self.ungroup_button.clicked.connect(self.ungroup)
        self.buttons = (self.group_button, self.ungroup_button)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.group_action = self._action("Group as superset", GROUP_KEY, self.group)
        self.ungroup_action = self._action("Ungroup", UNGROUP_KEY, self.ungroup)
        table.selectionModel().selectionChanged.connect(self.update)
        for signal in (dialog.items.dataChanged, dialog.items.modelReset, dialog.items.rowsMoved):
            signal.connect(self.update)
        self.update()

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAutoDefault(False)  # Enter in a cell must never press a button
        return button

    def _action(self, text: str, key: str, slot: object) -> QAction:
        action = QAction(text, self.dialog.table)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.dialog.table.addAction(action)
        return action

    def selected_rows(self) -> list[int]:
        rows = {index.row() for index in self.dialog.table.selectionModel().selectedIndexes()}
        if not rows and self.dialog.table.currentIndex().isValid():
            rows = {self.dialog.table.currentIndex().row()}
        return sorted(rows)

    def group(self) -> None:
        rows = self.selected_rows()
        model = self.dialog.items
        try:
            groups = rules.group(model.groups(), rows)
        except ValueError as error:
            self.dialog.show_problem(
                f"{error} Select them with Shift+↓ or Shift+click, then Group as superset.",
                "items",
            )
            return
        self.dialog.error.hide()
        model.set_groups(groups)
        self.update()

    def ungroup(self) -> None:
        rows = self.selected_rows()
        model = self.dialog.items
        if not any(model.groups()[row] is not None for row in rows):
            self.dialog.show_problem("The selected exercises are in no superset.", "items")
            return
        self.dialog.error.hide()
        model.set_groups(rules.ungroup(model.groups(), rows))
        self.update()

    def update(self, *_args: object) -> None:
        rows = self.selected_rows()
        groups = self.dialog.items.groups()
        can_group = len(rows) >= 2
        can_ungroup = any(0 <= r < len(groups) and groups[r] is not None for r in rows)
        # The keys and the menu stay on: pressed when they cannot act, they say why.
        self.group_button.setEnabled(can_group)
        self.ungroup_button.setEnabled(can_ungroup)
