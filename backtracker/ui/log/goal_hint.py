"""The exercise's goal on its card in the Log, next to the coaching (issue 15 §5):
"Goal 30 kg × 10 by 1 Mar · at this rate, about 14 Mar". Hidden when there is no goal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from backtracker.domain import clock
from backtracker.domain.coach.forecast import FIT_NAME
from backtracker.services import goals
from backtracker.ui.theme import theme

if TYPE_CHECKING:
    from backtracker.ui.log.exercise_card import ExerciseCard


class GoalHint(QLabel):
    def __init__(self, card: ExerciseCard, line: str | None = None) -> None:
        """`line`: the goal's line when already read (else it is read here)."""
        super().__init__(card)
        self.card = card
        self.setWordWrap(True)
        self.setObjectName("GoalHint")
        self.setAccessibleName(f"Goal for {card.link.exercise_name}")
        self.setToolTip(f"Set in Progress (Goal…). Forecast: {FIT_NAME}.")
        card.context.events.goal_changed.connect(self._goal_changed)
        card.set_logged.connect(self.refresh)  # a set may just have reached it
        theme().changed.connect(self._restyle)
        self._restyle()
        self.refresh(line)

    def refresh(self, line: str | None = None) -> None:
        if line is None:
            prefs = self.card.context.prefs
            line = goals.goal_line(
                self.card.link.exercise_id,
                formula=prefs.formula,
                unit=prefs.unit,
                today=clock.today(),
            )
        self.setText(line)
        self.setVisible(bool(line))

    def _goal_changed(self, exercise_id: int) -> None:
        if exercise_id == self.card.link.exercise_id:
            self.refresh()

    def _restyle(self) -> None:
        self.setStyleSheet(f"#GoalHint {{ color: {theme().colors.muted_text}; }}")
