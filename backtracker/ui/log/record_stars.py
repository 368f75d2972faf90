"""Stars on the sets that beat a record, as they are logged (and when a past workout is
opened): the set's number cell gets a star and a tooltip naming the record, and the status
bar says so once. Computed from services/live_records.py, never stored."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QIcon

from backtracker.domain.records import RecordHit, describe_hits
from backtracker.services import live_records
from backtracker.ui.icons import icon

if TYPE_CHECKING:
    from backtracker.ui.log.exercise_card import ExerciseCard

_ROLES = [Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole]


@cache
def _star() -> QIcon:
    return icon("star-filled", accent="star")


def star_data(role: int, tooltip: str) -> Any:
    """What the set number cell of a record set shows for `role` (set_model.data)."""
    if role == Qt.ItemDataRole.DecorationRole:
        return _star()
    if role == Qt.ItemDataRole.ToolTipRole:
        return tooltip
    return None


class RecordStars(QObject):
    """Keeps the stars of one card's sets up to date as sets are ticked, edited, taken
    back or deleted (one query when the card is built, none after)."""

    def __init__(self, card: ExerciseCard) -> None:
        super().__init__(card)
        self.card = card
        self.model = card.model
        self.unit = card.context.prefs.unit
        self.measure = live_records.for_link(
            card.link,
            workout_id=card.workout_id,
            started_at=card.started_at,
            formula=card.context.prefs.formula,
        )
        self.hits: dict[int, tuple[RecordHit, ...]] = {}
        self._busy = False
        self.refresh(announce=False)
        for signal in (
            self.model.dataChanged,
            self.model.rowsInserted,
            self.model.rowsRemoved,
            self.model.modelReset,
        ):
            signal.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        self.refresh(announce=True)

    def refresh(self, *, announce: bool) -> None:
        if self._busy:
            return
        sets = [self.model.set_at(row) for row in range(self.model.rowCount())]
        found = self.measure.records(sets)
        changed = {k for k in found.keys() | self.hits.keys() if found.get(k) != self.hits.get(k)}
        gained = [s.id for s in sets if s.id in changed and s.id in found]
        self.hits = found
        self.model.record_marks = {
            set_id: f"Record: {describe_hits(hits, self.unit)}" for set_id, hits in found.items()
        }
        self._busy = True  # the model's dataChanged below would call back in here
        try:
            for set_id in changed:
                row = self.model.row_of(set_id)
                if row is not None:
                    cell = self.model.index(row, self.model.column_of("number") or 0)
                    self.model.dataChanged.emit(cell, cell, _ROLES)
        finally:
            self._busy = False
        if announce and gained:
            last = gained[-1]
            self.card.context.show_status(
                live_records.announcement(self.card.link.exercise_name, found[last], self.unit)
            )
