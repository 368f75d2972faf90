"""Routines and their items; the built-ins are seeded once and then belong to the person."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backtracker.storage.models import Exercise, db, now
from backtracker.storage.models import Routine as RoutineRow
from backtracker.storage.models import RoutineItem as RoutineItemRow
from backtracker.storage.settings import get_setting, set_setting

if TYPE_CHECKING:
    from backtracker.domain.routines import Routine, RoutineItem

SEEDED_KEY = "builtin_routines_seeded"


def seed_builtin_routines() -> int:
    """Create the built-in routines on first start; a person may later edit or delete them."""
    if get_setting(SEEDED_KEY, False):
        return 0  # every later start: the built-in routines are not even imported
    from backtracker.domain.routines import BUILTIN_ROUTINES, Routine, RoutineItem

    ids = dict(
        Exercise.select(Exercise.catalogue_key, Exercise.id)
        .where(Exercise.catalogue_key.is_null(False))
        .tuples()
    )
    created = 0
    with db.atomic():
        for position, spec in enumerate(BUILTIN_ROUTINES):
            if RoutineRow.select().where(RoutineRow.builtin_key == spec.key).exists():
                continue
            items = tuple(
                RoutineItem(
                    exercise_id=ids[i.catalogue_key],
                    sets=i.sets,
                    rep_min=i.rep_min,
                    rep_max=i.rep_max,
                    duration_s=i.duration_s,
                )
                for i in spec.items
                if i.catalogue_key in ids
            )
            _insert(Routine(None, spec.name, spec.description, items, spec.key), position)
            created += 1
        set_setting(SEEDED_KEY, True)
    return created


def _insert(routine: Routine, position: int) -> int:
    routine_id = RoutineRow.insert(
        name=routine.name,
        description=routine.description,
        builtin_key=routine.builtin_key,
        position=position,
    ).execute()
    _write_items(routine_id, routine.items)
    return routine_id


def _write_items(routine_id: int, items: tuple[RoutineItem, ...]) -> None:
    from backtracker.domain.supersets import tidy

    RoutineItemRow.delete().where(RoutineItemRow.routine == routine_id).execute()
    groups = tidy([item.superset for item in items])  # adjacent, two or more
    for position, item in enumerate(items):
        RoutineItemRow.insert(
            routine=routine_id,
            exercise=item.exercise_id,
            position=position,
            sets=item.sets,
            rep_min=item.rep_min,
            rep_max=item.rep_max,
            duration_s=item.duration_s,
            rest_s=item.rest_s,
            superset=groups[position],
        ).execute()


def list_routines() -> list[Routine]:
    from backtracker.domain.routines import Routine, RoutineItem

    rows = list(
        RoutineRow.select()
        .where(RoutineRow.archived_at.is_null())
        .order_by(RoutineRow.position, RoutineRow.id)
    )
    items: dict[int, list[RoutineItem]] = {row.id: [] for row in rows}
    query = (
        RoutineItemRow.select(
            RoutineItemRow.routine,
            RoutineItemRow.exercise,
            RoutineItemRow.sets,
            RoutineItemRow.rep_min,
            RoutineItemRow.rep_max,
            RoutineItemRow.duration_s,
            RoutineItemRow.rest_s,
            Exercise.name,
            RoutineItemRow.superset,
        )
        .join(Exercise)
        .order_by(RoutineItemRow.position, RoutineItemRow.id)
        .tuples()
    )
    for routine_id, exercise_id, sets, rep_min, rep_max, duration_s, rest_s, name, group in query:
        if routine_id in items:
            items[routine_id].append(
                RoutineItem(
                    exercise_id=exercise_id,
                    sets=sets,
                    rep_min=rep_min,
                    rep_max=rep_max,
                    duration_s=duration_s,
                    rest_s=rest_s,
                    exercise_name=name,
                    superset=group,
                )
            )
    return [
        Routine(row.id, row.name, row.description, tuple(items[row.id]), row.builtin_key)
        for row in rows
    ]


def get_routine(routine_id: int) -> Routine:
    for routine in list_routines():
        if routine.id == routine_id:
            return routine
    raise KeyError(routine_id)


def routine_names(*, exclude_id: int | None = None) -> set[str]:
    query = RoutineRow.select(RoutineRow.name).where(RoutineRow.archived_at.is_null())
    if exclude_id is not None:
        query = query.where(RoutineRow.id != exclude_id)
    return {name for (name,) in query.tuples()}


def save_routine(routine: Routine) -> int:
    """Create or replace a routine and its items in one transaction."""
    with db.atomic():
        if routine.id is None:
            position = RoutineRow.select().count()
            return _insert(routine, position)
        RoutineRow.update(
            name=routine.name, description=routine.description, updated_at=now()
        ).where(RoutineRow.id == routine.id).execute()
        _write_items(routine.id, routine.items)
        return routine.id


def delete_routine(routine_id: int) -> None:
    """Workouts done from it keep their sets; they just no longer point at it."""
    RoutineRow.delete().where(RoutineRow.id == routine_id).execute()


def move_routine(routine_id: int, offset: int) -> None:
    with db.atomic():
        ids = [r.id for r in list_routines()]
        index = ids.index(routine_id)
        target = max(0, min(len(ids) - 1, index + offset))
        ids.insert(target, ids.pop(index))
        for position, other in enumerate(ids):
            RoutineRow.update(position=position).where(RoutineRow.id == other).execute()


def swap_exercise(routine_id: int, old_exercise_id: int, new_exercise_id: int) -> int:
    """Put `new` in place of `old` in the routine (sets, reps, rest and superset stay); how
    many items changed. Called inside the caller's transaction."""
    changed = (
        RoutineItemRow.update(exercise=new_exercise_id)
        .where(
            (RoutineItemRow.routine == routine_id) & (RoutineItemRow.exercise == old_exercise_id)
        )
        .execute()
    )
    if changed:
        RoutineRow.update(updated_at=now()).where(RoutineRow.id == routine_id).execute()
    return changed
