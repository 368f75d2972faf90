"""Superset use cases in a workout: group adjacent exercises, ungroup, and put groups back.

Each change is one transaction and returns the groups as they were, so undo can restore
them. The rules (adjacent, two or more; a group of one dissolves) are domain/supersets.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from backtracker.domain.errors import UserError
from backtracker.storage import supersets as store
from backtracker.storage.models import WorkoutExercise

Groups = dict[int, int | None]


def group(link_ids: Sequence[int]) -> Groups:
    """Group two or more adjacent exercises of one workout into a superset."""
    try:
        return store.group(link_ids)
    except ValueError as error:
        raise UserError(str(error)) from None


def ungroup(link_ids: Sequence[int]) -> Groups:
    """Take exercises out of their superset; a group left with one exercise dissolves."""
    try:
        return store.ungroup(link_ids)
    except ValueError as error:
        raise UserError(str(error)) from None


def superset_with_next(link_id: int) -> Groups:
    """Join this exercise and the one after it (and any group either is in)."""
    order = _order_of(link_id)
    at = order.index(link_id)
    if at + 1 >= len(order):
        raise UserError("This is the last exercise: there is no next one to superset it with.")
    return group([link_id, order[at + 1]])


def remove_from_superset(link_id: int) -> Groups:
    if store.groups_of(_workout_of(link_id)).get(link_id) is None:
        raise UserError("This exercise is not in a superset.")
    return ungroup([link_id])


def restore(groups: Groups) -> None:
    """Put back the groups a change returned (undo)."""
    store.restore(groups)


def _workout_of(link_id: int) -> int:
    row = WorkoutExercise.get_or_none(WorkoutExercise.id == link_id)
    if row is None:
        raise UserError("That exercise is no longer in the workout.")
    return row.workout_id


def _order_of(link_id: int) -> list[int]:
    return list(store.groups_of(_workout_of(link_id)))


def groups_of(workout_id: int) -> Groups:
    """Each exercise's group number in the workout (None: in no group), in order."""
    return store.groups_of(workout_id)
