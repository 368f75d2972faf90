"""The search field and filter controls above the exercise list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.catalogue import Category, Equipment, MuscleInfo
from backtracker.ui.icons import icon
from backtracker.ui.library.model import ExerciseFilterProxy


class FilterBar(QWidget):
    """Drives an ExerciseFilterProxy; Down or Enter in the search field moves to the list."""

    leave_search = Signal()
    changed = Signal()  # after the proxy has applied any search or filter change

    def __init__(
        self, proxy: ExerciseFilterProxy, muscles: list[MuscleInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._proxy = proxy
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search exercises  (Ctrl+F)")
        self.search.setAccessibleName("Search exercises")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.textChanged.connect(self._apply(proxy.set_query))
        self.search.installEventFilter(self)

        self.muscle = QComboBox()
        self.muscle.setAccessibleName("Filter by muscle")
        self.muscle.addItem("All muscles", None)
        for muscle in muscles:
            self.muscle.addItem(muscle.short_name, muscle.key)
        self.muscle.currentIndexChanged.connect(
            self._apply(lambda _index: proxy.set_muscle(self.muscle.currentData()))
        )
        self.equipment = QComboBox()
        self.equipment.setAccessibleName("Filter by equipment")
        self.equipment.addItem("All equipment", None)
        for equipment in Equipment:
            self.equipment.addItem(equipment.label, equipment.value)
        self.equipment.currentIndexChanged.connect(
            self._apply(lambda _index: proxy.set_equipment(self.equipment.currentData()))
        )
        self.category = QComboBox()
        self.category.setAccessibleName("Filter by type")
        self.category.addItem("All types", None)
        for category in Category:
            self.category.addItem(category.label, category.value)
        self.category.currentIndexChanged.connect(
            self._apply(lambda _index: proxy.set_category(self.category.currentData()))
        )
        self.no_gym = QCheckBox("No gym needed")
        self.no_gym.toggled.connect(self._apply(proxy.set_no_gym))
        self.proven = QCheckBox("Proven five")
        self.proven.setToolTip("The five exercises at the heart of the training guide")
        self.proven.toggled.connect(self._apply(proxy.set_proven_only))
        self.low_spinal_load = QCheckBox("Low spinal load")
        self.low_spinal_load.setToolTip(
            "Only exercises with a low spinal load, kind to a sore lower back"
        )
        self.low_spinal_load.toggled.connect(self._apply(proxy.set_low_spinal_load))
        self.clear_button = QToolButton()
        self.clear_button.setIcon(icon("filter-off"))
        self.clear_button.setToolTip("Clear search and filters")
        self.clear_button.setAccessibleName("Clear search and filters")
        self.clear_button.clicked.connect(self.clear)

        combos = QHBoxLayout()
        for combo in (self.muscle, self.equipment, self.category):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combos.addWidget(combo, 1)
        checks = QHBoxLayout()
        checks.addWidget(self.no_gym)
        checks.addWidget(self.proven)
        checks.addStretch(1)
        checks.addWidget(self.clear_button)
        more_checks = QHBoxLayout()  # its own row, so the list stays narrow (half a laptop screen)
        more_checks.addWidget(self.low_spinal_load)
        more_checks.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(combos)
        layout.addLayout(checks)
        layout.addLayout(more_checks)

    def _apply(self, setter: Callable[[Any], None]) -> Callable[[Any], None]:
        def apply(value: Any) -> None:
            setter(value)
            self.changed.emit()

        return apply

    def select_muscle(self, key: str) -> None:
        self.muscle.setCurrentIndex(max(0, self.muscle.findData(key)))

    def clear(self) -> None:
        self.search.clear()
        for combo in (self.muscle, self.equipment, self.category):
            combo.setCurrentIndex(0)
        self.no_gym.setChecked(False)
        self.proven.setChecked(False)
        self.low_spinal_load.setChecked(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.leave_search.emit()
                return True
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(watched, event)
