"""The deload week offer on the back's week: the suggestion when most back exercises have
stalled, with one click to accept it for next week; once accepted, the week and a way to
cancel it.

Nothing is set without the click; accepting can be taken back with "Cancel deload" until
the week is over, so no confirmation is asked. The rules are services/deload.py's.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from backtracker.domain import clock
from backtracker.domain.coach import stalls
from backtracker.domain.coach.deload_week import DeloadWeek, share_text
from backtracker.domain.dates import format_day_month
from backtracker.domain.errors import UserError
from backtracker.domain.one_sided import format_assisted
from backtracker.domain.units import format_weight
from backtracker.services import coach, deload
from backtracker.services.coach import WeekReport
from backtracker.ui import dialogs
from backtracker.ui.events import DataEvents
from backtracker.ui.widgets.headings import heading

TITLE = "Deload week"
PAST_NOTE = "A past week's suggestion: only this week's can be accepted."


def item_line(item: stalls.DeloadItem, unit: str) -> str:
    """Barbell Row: 52.5 kg, 2 sets (no weight for an exercise done without one)."""
    sets = f"{item.sets} set{'' if item.sets == 1 else 's'}"
    if item.load_kg is None:
        return f"{item.exercise}: {sets}"
    weight = format_assisted(item.load_kg, unit) if item.load_kg < 0 else None
    weight = weight or format_weight(item.load_kg, unit)
    return f"{item.exercise}: {weight}, {sets}"


def _days(week: DeloadWeek) -> str:
    return f"{format_day_month(week.monday)} – {format_day_month(week.sunday)}"


class DeloadOffer(QFrame):
    """Hidden unless the report suggests a deload week or one is accepted."""

    changed = Signal()  # a deload week was accepted or cancelled: pages read again

    def __init__(self, events: DataEvents | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self.report: WeekReport | None = None
        self.week: DeloadWeek | None = None  # the accepted one shown
        self.setObjectName("DeloadOffer")
        self.setFrameShape(QFrame.Shape.StyledPanel)

        self.title = heading(TITLE, 1.15)
        self.sentence = self._text()
        self.sentence.setAccessibleName("Deload suggestion")
        self.items = self._text()
        self.items.setAccessibleName("Deload week targets")
        self.status = self._text()
        self.status.setAccessibleName("Deload week status")
        font = self.status.font()
        font.setBold(True)
        self.status.setFont(font)
        self.note = self._text()
        self.note.setEnabled(False)
        self.accept_button = QPushButton("Accept deload week")
        self.accept_button.clicked.connect(self.accept)
        self.cancel_button = QPushButton("Cancel deload")
        self.cancel_button.clicked.connect(self.cancel)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 4, 0, 0)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.sentence)
        layout.addWidget(self.items)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.hide()

    @staticmethod
    def _text() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # -- showing ---------------------------------------------------------------------------
    def show_report(self, report: WeekReport) -> None:
        self.report = report
        self.week = report.deload_accepted
        if self.week is not None:
            self._show_accepted(self.week)
        elif report.deload:
            self._show_suggestion(report)
        else:
            self.hide()
            return
        self.show()

    def _show_suggestion(self, report: WeekReport) -> None:
        sentence = report.deload_sentence
        self.sentence.setText(sentence)
        self.sentence.setVisible(bool(sentence))
        lines = [item_line(item, report.unit) for item in report.deload]
        self.items.setText("<br>".join(f"• {escape(line)}" for line in lines))
        self.items.show()
        self.status.hide()
        next_week = DeloadWeek(report.monday + dt.timedelta(days=7), 0, 0)
        current = report.current and report.monday + dt.timedelta(days=6) >= clock.today()
        self.accept_button.setVisible(current)
        self.accept_button.setToolTip(
            f"Make next week ({_days(next_week)}) a deload week: its workouts start with these "
            "targets. You can cancel it until it is over."
        )
        self.note.setText(PAST_NOTE)
        self.note.setVisible(not current)
        self.cancel_button.hide()

    def _show_accepted(self, week: DeloadWeek) -> None:
        self.status.setText(f"Deload week of {format_day_month(week.monday)} accepted")
        self.status.show()
        self.sentence.setText(
            f"{_days(week)}: back exercises start at about {round(week.load_factor * 100)} % "
            f"of the load with {share_text(week.sets_factor)} of the sets, then back to "
            "normal progression."
        )
        self.sentence.show()
        self.items.hide()
        self.accept_button.hide()
        over = week.sunday < clock.today()
        self.cancel_button.setVisible(not over)
        self.cancel_button.setToolTip(f"Make {_days(week)} a normal week again")
        self.note.setVisible(over)
        self.note.setText("That week is over." if over else "")

    # -- the clicks ------------------------------------------------------------------------
    def accept(self) -> None:
        if self.report is None:
            return
        try:
            deload.accept(self.report)
        except UserError as error:
            dialogs.show_error(self, TITLE, str(error))
            return
        self._changed()

    def cancel(self) -> None:
        if self.week is None:
            return
        try:
            deload.cancel(self.week.monday)
        except UserError as error:
            dialogs.show_error(self, TITLE, str(error))
            return
        self._changed()

    def _changed(self) -> None:
        """Read the week again (the suggestion comes back after a cancel) and tell the rest."""
        if self.report is not None:
            self.show_report(coach.week_report(self.report.monday))
        self.changed.emit()
        if self.events is not None:
            self.events.coach_changed.emit()
