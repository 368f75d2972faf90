"""What the Log tab offers when no workout is running."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain import clock
from backtracker.domain.dates import QT_DAY_TIME_PATTERN, format_duration, format_moment
from backtracker.domain.routines import Routine
from backtracker.ui.icons import icon
from backtracker.ui.widgets.date_edits import english_dates
from backtracker.ui.widgets.headings import heading


@dataclass(frozen=True)
class PastWorkout:
    """A workout to log after the fact: when it started, its routine, how long it lasted."""

    started_at: dt.datetime
    routine_id: int | None
    duration: dt.timedelta | None  # None: it ends at its last logged set


class PastWorkoutDialog(QDialog):
    """When a past workout happened, which routine it followed and, if known, how long."""

    def __init__(self, routines: list[Routine], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Log a past workout")
        self.when = QDateTimeEdit(QDateTime(clock.now()).addSecs(-24 * 3600))
        self.when.setCalendarPopup(True)
        self.when.setMaximumDateTime(QDateTime(clock.now()))
        english_dates(self.when, QT_DAY_TIME_PATTERN)
        self.duration = QSpinBox()
        self.duration.setRange(0, 24 * 60)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(" min")
        self.duration.setSpecialValueText("Until the last set")
        self.duration.setAccessibleName("Duration in minutes")
        self.duration.setToolTip(
            "How long the workout lasted. Leave it at “Until the last set” and it ends when "
            "the last set you log was done."
        )
        self.routine = QComboBox()
        self.routine.addItem("Empty workout", None)
        for routine in routines:
            self.routine.addItem(routine.name, routine.id)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem")
        self.error.hide()
        form = QFormLayout()
        form.addRow("&Started", self.when)
        form.addRow("&Duration", self.duration)
        form.addRow("&Routine", self.routine)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start logging")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def answer(self) -> PastWorkout:
        when = self.when.dateTime().toPython().replace(second=0, microsecond=0)
        minutes = self.duration.value()
        duration = dt.timedelta(minutes=minutes) if minutes else None
        return PastWorkout(when, self.routine.currentData(), duration)

    def accept(self) -> None:
        answer = self.answer()
        if answer.duration is not None and answer.started_at + answer.duration > clock.now():
            self.error.setText(
                f"A workout that started {format_moment(answer.started_at)} and lasted "
                f"{format_duration(answer.duration)} would end in the future. Pick an earlier "
                "start or a shorter duration."
            )
            self.error.show()
            self.duration.setFocus()
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, routines: list[Routine]) -> PastWorkout | None:
        dialog = cls(routines, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.answer()
        finally:
            dialog.deleteLater()


class StartPage(QWidget):
    start_requested = Signal(object)  # routine id or None
    past_requested = Signal()
    manage_routines_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = heading("Ready to train your back?")
        hint = QLabel(
            "Start from a routine and BackTracker fills in your targets from last "
            "time, or start empty and add exercises as you go. Each set is saved the "
            "moment you log it."
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        self.empty_button = QPushButton(icon("plus"), "Start empty workout  (Ctrl+N)")
        self.empty_button.clicked.connect(lambda: self.start_requested.emit(None))
        self.routines_box = QVBoxLayout()
        self.past_button = QPushButton(icon("log"), "Log a past workout…")
        self.past_button.clicked.connect(self.past_requested)
        self.manage_button = QPushButton(icon("edit"), "Manage routines…")
        self.manage_button.clicked.connect(self.manage_routines_requested)
        # A column of reading width, centred: a wide window does not stretch the buttons.
        column = QWidget()
        column.setMaximumWidth(max(640, self.fontMetrics().averageCharWidth() * 90))
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addStretch(1)
        outer.addWidget(column, 4)
        outer.addStretch(1)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addSpacing(12)
        layout.addWidget(self.empty_button)
        layout.addSpacing(8)
        routines_label = QLabel("<b>From a routine</b>")
        layout.addWidget(routines_label)
        layout.addLayout(self.routines_box)
        layout.addSpacing(8)
        layout.addWidget(self.past_button)
        layout.addWidget(self.manage_button)
        layout.addStretch(1)
        for button in (self.empty_button, self.past_button, self.manage_button):
            button.setMinimumHeight(34)
        self.routine_buttons: list[QPushButton] = []

    def set_routines(self, routines: list[Routine]) -> None:
        for button in self.routine_buttons:
            button.setParent(None)
            button.deleteLater()
        self.routine_buttons = []
        for routine in routines:
            exercises = len(routine.items)
            text = f"{routine.name}  ·  {exercises} exercise{'s' if exercises != 1 else ''}"
            button = QPushButton(icon("dumbbell"), text)
            button.setToolTip(
                routine.description or ", ".join(i.exercise_name for i in routine.items)
            )
            button.setMinimumHeight(34)
            button.setStyleSheet("text-align: left; padding-left: 10px;")
            button.clicked.connect(
                lambda _checked=False, rid=routine.id: self.start_requested.emit(rid)
            )
            self.routines_box.addWidget(button)
            self.routine_buttons.append(button)
        if not routines:
            label = QLabel("No routines yet: make one with Manage routines.")
            label.setEnabled(False)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft)
            self.routines_box.addWidget(label)
            self.routine_buttons.append(label)  # type: ignore[arg-type]
        # Tab follows the page from top to bottom, though the routine buttons came last.
        routine_buttons = [b for b in self.routine_buttons if isinstance(b, QPushButton)]
        chain = [self.empty_button, *routine_buttons, self.past_button, self.manage_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
