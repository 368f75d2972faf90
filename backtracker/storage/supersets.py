"""Superset groups of a workout's exercises (workout_exercise.superset), one transaction each.

The rules (adjacent, two or more) live in domain/supersets.py; this module reads a workout's
exercises in order, applies them and writes every number that changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from backtracker.domain import supersets as rules
from backtracker.storage.models import Workout, WorkoutExercise, db, now


class NotInOneWorkoutError(ValueError):
    pass


def _links(workout_id: int) -> list[tuple[int, int | None]]:
    """(id, group) of the workout's exercises in their order."""
    return list(
        WorkoutExercise.select(WorkoutExercise.id, WorkoutExercise.superset)
        .where(WorkoutExercise.workout == workout_id)
        .order_by(WorkoutExercise.position, WorkoutExercise.id)
        .tuples()
    )


def _write(links: list[tuple[int, int | None]], groups: Sequence[int | None]) -> None:
    for (link_id, before), after in zip(links, groups, strict=True):
        if before != after:
            WorkoutExercise.update(superset=after).where(WorkoutExercise.id == link_id).execute()


def _workout_of(link_ids: Sequence[int]) -> int:
    workouts = {
        w
        for (w,) in WorkoutExercise.select(WorkoutExercise.workout)
        .where(WorkoutExercise.id.in_(list(link_ids)))
        .tuples()
    }
    found = WorkoutExercise.select().where(WorkoutExercise.id.in_(list(link_ids))).count()
    if len(workouts) != 1 or found != len(set(link_ids)):
        raise NotInOneWorkoutError("The exercises are not all in one workout.")
    return workouts.pop()


def groups_of(workout_id: int) -> dict[int, int | None]:
    """Each exercise's group number (None: in no group), by workout_exercise id."""
    return dict(_links(workout_id))


def _change(
    link_ids: Sequence[int], rule: Callable[[list[int | None], list[int]], list[int | None]]
) -> dict[int, int | None]:
    with db.atomic():
        workout_id = _workout_of(link_ids)
        links = _links(workout_id)
        before = dict(links)
        rows = [i for i, (link_id, _) in enumerate(links) if link_id in set(link_ids)]
        _write(links, rule([g for _, g in links], rows))
        Workout.update(updated_at=now()).where(Workout.id == workout_id).execute()
    return before


def group(link_ids: Sequence[int]) -> dict[int, int | None]:
    """Group adjacent exercises of one workout into a superset (joining any group they are
    in); returns every exercise's group before, for undo. ValueError names the problem."""
    return _change(link_ids, rules.group)


def ungroup(link_ids: Sequence[int]) -> dict[int, int | None]:
    """Take the exercises out of their supersets; returns the groups before, for undo."""
    return _change(link_ids, rules.ungroup)


def restore(groups: dict[int, int | None]) -> None:
    """Put back the groups `group`/`ungroup` returned (exercises since removed are skipped)."""
    with db.atomic():
        for link_id, number in groups.items():
            WorkoutExercise.update(superset=number).where(WorkoutExercise.id == link_id).execute()


def tidy(workout_id: int) -> None:
    """Re-apply the rules after an exercise left (a group of one dissolves). Call inside the
    caller's transaction."""
    links = _links(workout_id)
    _write(links, rules.tidy([g for _, g in links]))


def move(link_id: int, offset: int) -> None:
    """Move an exercise up or down, keeping groups whole (domain/supersets.moved); one
    transaction with the new positions and groups."""
    with db.atomic():
        link = WorkoutExercise.get_by_id(link_id)
        links = _links(link.workout_id)
        index = [i for i, _ in links].index(link_id)
        order, groups = rules.moved([g for _, g in links], index, offset)
        for position, (old, number) in enumerate(zip(order, groups, strict=True)):
            WorkoutExercise.update(position=position, superset=number).where(
                WorkoutExercise.id == links[old][0]
            ).execute()
