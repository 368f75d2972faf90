"""Progress's "Goal…": set, replace or clear the goal of the exercise shown (issue 15 §5).

A goal is a weight × reps ("30 kg × 10") or an estimated 1RM, optionally by a date. The
dialog checks what is typed through services.goals and says what is wrong beside the fields;
nothing is saved until it is right. Setting, replacing and clearing a goal are each a step on
the window's undo stack: the status bar says what was done and offers Undo, as deleting a
workout does, so clearing does not ask first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
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

from backtracker.domain.coach.forecast import Goal, GoalKind
from backtracker.domain.dates import QT_DAY_PATTERN
from backtracker.domain.errors import UserError, ValidationError
from backtracker.domain.units import MAX_ASSISTANCE, MAX_WEIGHT, Unit, from_kg
from backtracker.services import goals
from backtracker.services.progress import Metric
from backtracker.ui.equipment_page import DecimalSpinBox
from backtracker.ui.events import DataEvents
from backtracker.ui.progress.goal_overlay import GoalOverlay
from backtracker.ui.theme import theme
from backtracker.ui.undo import CallbackCommand, UndoPlace
from backtracker.ui.widgets.date_edits import english_dates

if TYPE_CHECKING:
    from backtracker.ui.progress.picker import ExerciseCombo
    from backtracker.ui.progress.tab import ProgressTab

KIND_TEXT = {GoalKind.REPS: "Weight × reps", GoalKind.E1RM: "Estimated 1RM"}


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class GoalDialog(QDialog):
    """The goal of one exercise. Emits `changed(exercise_id, before, after)` once it was
    saved or cleared: the goal it had and the one it has now (`None`: none)."""

    changed = Signal(int, object, object)

    def __init__(
        self,
        parent: QWidget | None,
        *,
        exercise_id: int,
        exercise_name: str,
        unit: Unit | str,
        today: dt.date,
    ) -> None:
        super().__init__(parent)
        self.exercise_id = exercise_id
        self.exercise_name = exercise_name
        self.unit = Unit(unit)
        self.today = today
        self.bodyweight = goals.is_bodyweight(exercise_id)
        self.current = goals.get_goal(exercise_id)
        self.setWindowTitle(f"Goal for {exercise_name}")
        self.setMinimumWidth(380)

        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Kind of goal")
        for kind, text in KIND_TEXT.items():
            self.kind_combo.addItem(text, kind.value)
        self.weight_spin = DecimalSpinBox()
        self.weight_spin.setDecimals(2)
        self.weight_spin.setSuffix(f" {self.unit.value}")
        self.weight_spin.setSingleStep(2.5 if self.unit is Unit.KG else 5.0)
        self.weight_spin.setMinimumWidth(120)
        self.reps_spin = QSpinBox()
        self.reps_spin.setRange(1, goals.MAX_GOAL_REPS)
        self.reps_spin.setAccessibleName("Reps")
        self.reps_spin.setValue(10)
        self.due_check = QCheckBox("&By a date")
        self.due_edit = english_dates(QDateEdit(calendarPopup=True), QT_DAY_PATTERN)
        self.due_edit.setAccessibleName("Due date")
        self.due_edit.setMinimumDate(_qdate(today))
        self.due_edit.setDate(_qdate(today + dt.timedelta(weeks=8)))
        self.due_edit.setEnabled(False)
        self.due_check.toggled.connect(self.due_edit.setEnabled)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_check)
        due_row.addWidget(self.due_edit, 1)

        form = QFormLayout()
        self.kind_label = QLabel("&Goal")
        self.kind_label.setBuddy(self.kind_combo)
        form.addRow(self.kind_label, self.kind_combo)
        self.weight_label = QLabel()
        self.weight_label.setBuddy(self.weight_spin)
        form.addRow(self.weight_label, self.weight_spin)
        self.reps_label = QLabel("&Reps")
        self.reps_label.setBuddy(self.reps_spin)
        form.addRow(self.reps_label, self.reps_spin)
        form.addRow("", due_row)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {theme().colors.error}; font-weight: 600;")
        self.error.hide()
        note = QLabel(
            "A weight × reps goal is met by one completed work set with at least that weight "
            "and reps. Progress forecasts it from your recent trend."
        )
        note.setWordWrap(True)
        note.setEnabled(False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.clear_button = QPushButton("C&lear goal")
        self.clear_button.setEnabled(self.current is not None)
        self.buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.clear_button.clicked.connect(self.clear)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self._fill(self.current)

    # -- state -----------------------------------------------------------------------------
    def kind(self) -> GoalKind:
        return GoalKind(self.kind_combo.currentData())

    def _fill(self, goal: Goal | None) -> None:
        if goal is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(goal.kind.value))
        self._kind_changed()
        if goal is None:
            return
        self.weight_spin.setValue(round(from_kg(goal.weight_kg, self.unit), 2))
        if goal.reps is not None:
            self.reps_spin.setValue(goal.reps)
        if goal.due_on is not None:  # one that has passed is shown as it is, to be changed
            self.due_check.setChecked(True)
            self.due_edit.setMinimumDate(_qdate(min(goal.due_on, self.today)))
            self.due_edit.setDate(_qdate(goal.due_on))

    def _kind_changed(self) -> None:
        reps = self.kind() is GoalKind.REPS
        assisted = self.bodyweight and reps
        low = -MAX_ASSISTANCE[self.unit] if assisted else 0.0
        self.weight_spin.setRange(low, MAX_WEIGHT[self.unit])
        if self.kind() is GoalKind.E1RM:
            self.weight_label.setText("Estimated &1RM")
            self.weight_spin.setAccessibleName("Estimated 1RM")
            self.weight_spin.setToolTip(
                "Bodyweight plus added weight" if self.bodyweight else "The estimated 1RM to reach"
            )
        elif self.bodyweight:
            self.weight_label.setText("Added &weight")
            self.weight_spin.setAccessibleName("Added weight")
            self.weight_spin.setToolTip("0 for bodyweight alone; negative for assistance (−20)")
        else:
            self.weight_label.setText("&Weight")
            self.weight_spin.setAccessibleName("Weight")
            self.weight_spin.setToolTip("")
        self.reps_label.setVisible(reps)
        self.reps_spin.setVisible(reps)

    # -- actions ---------------------------------------------------------------------------
    def save(self) -> None:
        self.weight_spin.interpretText()
        self.reps_spin.interpretText()
        due = self.due_edit.date().toPython() if self.due_check.isChecked() else None
        try:
            before = goals.set_goal(
                self.exercise_id,
                kind=self.kind(),
                weight=self.weight_spin.value(),
                reps=self.reps_spin.value() if self.kind() is GoalKind.REPS else None,
                due_on=due,
                unit=self.unit,
                today=self.today,
            )
        except ValidationError as error:
            self._show_error(str(error), error.field)
            return
        except UserError as error:
            self._show_error(str(error), None)
            return
        self.changed.emit(self.exercise_id, before, goals.get_goal(self.exercise_id))
        self.accept()

    def clear(self) -> None:
        if self.current is None:
            return
        before = goals.clear_goal(self.exercise_id)
        self.changed.emit(self.exercise_id, before, None)
        self.accept()

    def _show_error(self, message: str, field: str | None) -> None:
        self.error.setText(message)
        self.error.show()
        widget = {"weight": self.weight_spin, "reps": self.reps_spin, "due_on": self.due_edit}
        target = widget.get(field or "", self.weight_spin)
        target.setFocus()
        if target is self.weight_spin:
            self.weight_spin.selectAll()


class GoalEditor:
    """The "Goal…" button beside the exercise picker, and what follows a change."""

    def __init__(
        self,
        controls: QWidget,
        overlay: GoalOverlay,
        events: DataEvents,
        undo: UndoPlace,
        *,
        combo: ExerciseCombo,
        unit: Callable[[], str],
        today: Callable[[], dt.date],
    ) -> None:
        self.combo, self._unit, self._today = combo, unit, today
        self.overlay = overlay
        self.events = events
        self.undo = undo
        self.button = QPushButton("&Goal…")
        self.button.setToolTip("Set a goal for this exercise: weight × reps or an estimated 1RM")
        self.button.clicked.connect(self.open)
        controls.layout().addWidget(self.button)
        self.dialog: GoalDialog | None = None

    @classmethod
    def for_tab(cls, tab: ProgressTab, events: DataEvents) -> GoalEditor:
        """The editor of the Progress tab: its button beside the metric, its goal on the
        tab's chart; a goal changed anywhere redraws the tab."""
        editor = cls(
            tab.exercise_controls,
            tab.exercise_chart.goal,
            events,
            tab.undo,
            combo=tab.exercise_combo,
            unit=lambda: tab._prefs_provider().unit,
            today=lambda: tab.today(),  # noqa: PLW0108 (tests swap tab.today)
        )
        events.goal_changed.connect(tab.mark_dirty)
        return editor

    def show(
        self, exercise_id: int | None, metric: Metric, *, formula: str, unit: str, today: dt.date
    ) -> None:
        """The button for the exercise shown, and its goal on the chart."""
        status = None
        if exercise_id is not None:
            status = goals.goal_status(exercise_id, formula=formula, unit=unit, today=today)
        self.overlay.show(status, metric=metric, unit=unit, today=today)
        self.update(exercise_id)

    def update(self, exercise_id: int | None) -> None:
        """Offered for weight and bodyweight exercises; not for holds, stretches or cardio."""
        able = exercise_id is not None and goals.can_have_goal(exercise_id)
        self.button.setEnabled(able)
        if exercise_id is not None and not able:
            self.button.setToolTip("Goals are for weight × reps; this exercise records time")
        else:
            self.button.setToolTip(
                "Set a goal for this exercise: weight × reps or an estimated 1RM"
            )

    def open(self) -> None:
        exercise_id = self.combo.current_id()
        if exercise_id is None:
            return
        name = self.combo.itemText(self.combo.currentIndex())
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return
        if self.dialog is not None:  # the one from last time has closed: let it go
            self.dialog.deleteLater()
        self.dialog = GoalDialog(
            self.button.window(),
            exercise_id=exercise_id,
            exercise_name=name,
            unit=self._unit(),
            today=self._today(),
        )
        self.dialog.changed.connect(partial(self._changed, name))
        self.dialog.open()

    def _changed(
        self, name: str, exercise_id: int, before: Goal | None, after: Goal | None
    ) -> None:
        """A goal saved or cleared by the dialog: a step on the undo stack, and said."""

        def put(goal: Goal | None) -> None:
            goals.restore_goal(exercise_id, goal)
            self.events.goal_changed.emit(exercise_id)

        if after is None:
            text, message = "Clear goal", f"Goal of {name} cleared."
        elif before is None:
            text, message = "Set goal", f"Goal of {name} set."
        else:
            text, message = "Change goal", f"Goal of {name} changed."
        self.undo.stack.push(
            CallbackCommand(
                text,
                partial(put, after),
                partial(put, before),
                lambda error: self.undo.show_status(str(error)),
                already_done=True,
            )
        )
        self.events.goal_changed.emit(exercise_id)
        self.undo.show_status(message, undoable=True)
