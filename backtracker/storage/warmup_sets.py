"""Sets put in before others: the warm-up ramp goes in above the first work set."""

from __future__ import annotations

from typing import Any

from backtracker.storage.models import SetEntry, db
from backtracker.storage.workouts import SET_FIELDS


def insert_sets(link_id: int, position: int, rows: list[dict[str, Any]]) -> list[int]:
    """Insert sets at `position` of an exercise in a workout, the sets from there on moving
    down; one transaction. Returns the new ids in order."""
    for values in rows:
        unknown = set(values) - set(SET_FIELDS)
        if unknown:
            raise ValueError(f"unknown set fields {unknown}")
    with db.atomic():
        SetEntry.update(position=SetEntry.position + len(rows)).where(
            (SetEntry.workout_exercise == link_id) & (SetEntry.position >= position)
        ).execute()
        return [
            SetEntry.insert(
                workout_exercise=link_id, position=position + offset, **values
            ).execute()
            for offset, values in enumerate(rows)
        ]
