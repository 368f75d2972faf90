"""The lower-back suggestion on an exercise's card (issue 15 §3): one sentence saying why,
and a "Swap in routine" button. Nothing changes until the person clicks and confirms."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from backtracker.domain.errors import UserError
from backtracker.services import discomfort
from backtracker.ui import dialogs
from backtracker.ui.theme import theme

if TYPE_CHECKING:
    from backtracker.ui.log.exercise_card import ExerciseCard


class LowerBackHint(QWidget):
    def __init__(
        self, card: ExerciseCard, start: tuple[discomfort.Offer | None, str] | None = None
    ) -> None:
        """`start`: the offer and the "lighter" line when already read (else read here)."""
        super().__init__(card)
        self.card = card
        self.offer: discomfort.Offer | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName(f"Lower-back suggestion for {card.link.exercise_name}")
        self.swap_button = QPushButton("Swap in routine")
        self.swap_button.clicked.connect(self.swap)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.swap_button)
        self.refresh(start)

    def refresh(self, start: tuple[discomfort.Offer | None, str] | None = None) -> None:
        if start is None:
            exercise_id = self.card.link.exercise_id
            start = (
                discomfort.suggestion(exercise_id, self.card.workout_id),
                discomfort.lighter_line(exercise_id, self.card.started_at),
            )
        self.offer, lighter = start
        if self.offer is None:
            self.swap_button.hide()
            self.label.setText(lighter)
            self.label.setStyleSheet(f"color: {theme().colors.muscle_primary};")
            self.setVisible(bool(lighter))
            return
        self.label.setText(" ".join(t for t in (self.offer.swap.sentence, lighter) if t))
        self.label.setStyleSheet(f"color: {theme().colors.muscle_primary};")
        routine = self.offer.routine_id is not None
        self.swap_button.setVisible(routine)
        if routine:
            self.swap_button.setAccessibleName(
                f"Swap {self.offer.swap.alternative_name} into {self.offer.routine_name}"
            )
            self.swap_button.setToolTip(
                f"Put {self.offer.swap.alternative_name} in place of "
                f"{self.offer.swap.exercise_name} in “{self.offer.routine_name}”"
            )
        self.show()

    def swap(self) -> None:
        if self.offer is not None and swap_in_routine(self, self.offer, self.card.show_problem):
            self.card.context.show_status(swapped_text(self.offer))
        self.refresh()


def swapped_text(offer: discomfort.Offer) -> str:
    swap = offer.swap
    return (
        f"{swap.alternative_name} replaces {swap.exercise_name} in “{offer.routine_name}”; "
        "its next session is about 90 % of the load."
    )


def swap_in_routine(
    parent: QWidget, offer: discomfort.Offer, report: Callable[[str], None]
) -> bool:
    """The person's click on "Swap in routine": confirm, then swap; True when swapped."""
    if offer.routine_id is None:
        return False
    swap = offer.swap
    if not dialogs.confirm(
        parent,
        "Swap in routine",
        f"Put {swap.alternative_name} in place of {swap.exercise_name} in “"
        f"{offer.routine_name}”? Its sets, reps and rest stay. The next session starts at "
        "about 90 % of the load. To go back, edit the routine in Manage routines.",
        "Swap",
    ):
        return False
    try:
        discomfort.accept_swap(offer.routine_id, swap.exercise_id, swap.alternative_id)
    except UserError as error:
        report(str(error))
        return False
    return True
