"""Flagging discomfort after a workout (issue 15 §3): optional, beside the posture check-in.

A "Discomfort…" button in the workout editor's check-in row opens a small dialog listing the
workout's exercises and "Lower back overall", each with a 0–10 score ("—": no flag) and a
note. Save writes them all in one transaction; a note without a score is refused with a
message and nothing changes. Past workouts opened from the history show and edit theirs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.errors import UserError
from backtracker.domain.log import WorkoutInfo
from backtracker.services import discomfort, logbook
from backtracker.ui.log.lower_back_hint import swap_in_routine, swapped_text
from backtracker.ui.theme import theme

if TYPE_CHECKING:
    from backtracker.ui.log.editor import WorkoutEditor

LOWER_BACK = "Lower back overall"
NO_FLAG = "—"


class DiscomfortDialog(QDialog):
    """One row per exercise of the workout, then the lower back as a whole."""

    def __init__(self, workout: WorkoutInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workout = workout
        self.setWindowTitle("Discomfort after this workout")
        intro = QLabel(
            "Optional. Did anything hurt? 0 is none, 10 the worst; leave “—” for no flag. "
            "An exercise that hurts (4 or more) in 2 of its last 3 sessions gets a "
            "suggestion that is easier on the lower back."
        )
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Where</b>"), 0, 0)
        grid.addWidget(QLabel("<b>0–10</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Note</b>"), 0, 2)
        existing = discomfort.flags(workout.id)
        self.rows: dict[int | None, tuple[str, QSpinBox, QLineEdit]] = {}
        targets: list[tuple[int | None, str]] = [(e.id, e.exercise_name) for e in workout.exercises]
        targets.append((None, LOWER_BACK))
        for row, (link, name) in enumerate(targets, start=1):
            label = QLabel(name)
            score = QSpinBox()
            score.setRange(-1, 10)  # -1 shows as "—": no flag
            score.setSpecialValueText(NO_FLAG)
            score.setAccessibleName(f"Discomfort on {name}")
            score.setToolTip("0 none … 10 worst; — for no flag")
            note = QLineEdit()
            note.setMaxLength(discomfort.NOTE_LIMIT)
            note.setPlaceholderText("What did it feel like? (optional)")
            note.setAccessibleName(f"Note on {name}")
            flag = existing.get(link)
            score.setValue(flag.score if flag else -1)
            note.setText(flag.note if flag else "")
            label.setBuddy(score)
            grid.addWidget(label, row, 0)
            grid.addWidget(score, row, 1)
            grid.addWidget(note, row, 2)
            self.rows[link] = (name, score, note)
        grid.setColumnStretch(2, 1)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {theme().colors.error}; font-weight: 600;")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def spin(self, link: int | None) -> QSpinBox:
        return self.rows[link][1]

    def note(self, link: int | None) -> QLineEdit:
        return self.rows[link][2]

    def save(self) -> None:
        entries: dict[int | None, tuple[int | None, str]] = {}
        for link, (name, score, note) in self.rows.items():
            value = score.value()
            if value < 0 and note.text().strip():
                self._refuse(
                    f"Give {name} a score from 0 to 10 to go with its note, or clear the note.",
                    score,
                )
                return
            entries[link] = (None if value < 0 else value, note.text())
        try:
            discomfort.save(self.workout.id, entries)
        except UserError as error:
            self._refuse(str(error), None)
            return
        self.accept()

    def _refuse(self, message: str, focus: QWidget | None) -> None:
        self.error.setText(message)
        self.error.show()
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)


def summary_text(count: int) -> str:
    return f"Discomfort ({count})…" if count else "Discomfort…"


class DiscomfortControl:
    """The editor's button: shows how many flags the workout has and opens the dialog."""

    def __init__(self, editor: WorkoutEditor) -> None:
        self.editor = editor
        self.button = QPushButton(summary_text(0))
        self.button.setAccessibleName("Flag discomfort")
        self.button.setToolTip(
            "Optional: flag discomfort on an exercise or the lower back (0–10, with a note)"
        )
        self.button.clicked.connect(self.open_dialog)
        self.dialog: DiscomfortDialog | None = None

    def refresh(self) -> None:
        workout = self.editor.workout
        count = len(discomfort.flags(workout.id)) if workout is not None else 0
        self.button.setText(summary_text(count))

    def open_dialog(self) -> None:
        workout = self.editor.workout
        if workout is None:
            return
        self.editor.save_pending_edits()
        self.dialog = DiscomfortDialog(workout, self.editor)
        self.dialog.accepted.connect(self._saved)
        self.dialog.open()

    def _saved(self) -> None:
        self.refresh()
        for card in self.editor.cards:
            card.lower_back.refresh()
        self.editor.context.show_status("Discomfort saved.")
        self.editor.context.events.workouts_changed.emit()


class SummaryDiscomfort(QWidget):
    """The finish summary's "Flag discomfort…" button; once flags are saved, any lower-back
    suggestion they lead to is shown under it with its own "Swap in routine" button."""

    def __init__(self, workout_id: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.workout_id = workout_id
        self.button = QPushButton("Flag discomfort…")
        self.button.setToolTip("Optional: how did your back take this workout? (0–10)")
        self.button.clicked.connect(self.open_dialog)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.hide()
        self.swap_button = QPushButton("Swap in routine")
        self.swap_button.hide()
        self.swap_button.clicked.connect(self.swap)
        self.offer: discomfort.Offer | None = None
        self.dialog: DiscomfortDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.label)
        layout.addWidget(self.swap_button, 0, Qt.AlignmentFlag.AlignLeft)

    def open_dialog(self) -> None:
        try:
            workout = logbook.get_workout(self.workout_id)
        except UserError as error:
            self._say(str(error), error=True)
            return
        self.dialog = DiscomfortDialog(workout, self)
        self.dialog.accepted.connect(self._saved)
        self.dialog.open()

    def _saved(self) -> None:
        count = len(discomfort.flags(self.workout_id))
        self.button.setText(summary_text(count).replace("Discomfort", "Flag discomfort"))
        workout = logbook.get_workout(self.workout_id)
        offers = [
            offer
            for link in workout.exercises
            if (offer := discomfort.suggestion(link.exercise_id, self.workout_id)) is not None
        ]
        self.offer = next((o for o in offers if o.routine_id is not None), None)
        if offers:
            self._say(" ".join(o.swap.sentence for o in offers))
        else:
            self._say("Discomfort saved.")
        self.swap_button.setVisible(self.offer is not None)
        self.window().adjustSize()

    def swap(self) -> None:
        offer = self.offer
        if offer is not None and swap_in_routine(self, offer, lambda m: self._say(m, True)):
            self._say(swapped_text(offer))
            self.swap_button.hide()
            self.offer = None

    def _say(self, text: str, error: bool = False) -> None:
        colors = theme().colors
        self.label.setText(text)
        self.label.setStyleSheet(f"color: {colors.error if error else colors.muscle_primary};")
        self.label.show()
        self.window().adjustSize()  # the summary grows to fit the line, the sheet stays whole
