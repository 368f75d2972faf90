"""Routine use cases: list, read, save (with the domain's checks), delete and reorder.

Every front end goes through here, so a routine is validated against the same rules (a
unique, tidy name; at least one exercise; sane sets and rep ranges) before anything is written.
"""

from __future__ import annotations

from backtracker.domain.errors import UserError
from backtracker.domain.routines import Routine, validate_routine
from backtracker.storage import routines as store
from backtracker.storage.models import db


def list_routines() -> list[Routine]:
    """The person's routines in their chosen order, each with its exercises."""
    return store.list_routines()


def get_routine(routine_id: int) -> Routine:
    try:
        return store.get_routine(routine_id)
    except KeyError:
        raise UserError(
            "That routine no longer exists. Close the window and open it again."
        ) from None


def save_routine(routine: Routine) -> int:
    """Validate and create or replace a routine; returns its id.

    Raises ValidationError (and writes nothing) when the name is empty or taken, or the
    exercises are missing or out of range. The check and the write are one transaction, so
    no other write can slip a clashing name in between.
    """
    with db.atomic():
        if routine.id is not None and routine.id not in _ids():
            raise UserError("That routine no longer exists, so the changes were not saved.")
        clean = validate_routine(routine, names_in_use=store.routine_names(exclude_id=routine.id))
        return store.save_routine(clean)


def delete_routine(routine_id: int) -> None:
    """Delete a routine; workouts done from it keep their sets."""
    store.delete_routine(routine_id)


def move_routine(routine_id: int, offset: int) -> None:
    """Move a routine up (negative offset) or down the list; the ends clamp."""
    if routine_id not in _ids():
        raise UserError("That routine no longer exists.")
    store.move_routine(routine_id, offset)


def _ids() -> set[int]:
    return {r.id for r in store.list_routines() if r.id is not None}
