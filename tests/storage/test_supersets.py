"""Superset groups in workouts and routines: grouping, ungrouping, moving and removing keep
every group adjacent with two or more members; groups survive the routine → workout copy."""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.domain import supersets as rules
from backtracker.domain.errors import UserError
from backtracker.domain.routines import Routine, RoutineItem
from backtracker.services import logbook, routines
from backtracker.services import supersets as service
from backtracker.services.preferences import Preferences
from backtracker.storage import supersets, workouts
from backtracker.storage.models import Exercise, WorkoutExercise
from backtracker.storage.models import RoutineItem as RoutineItemRow

T0 = dt.datetime(2026, 3, 16, 18, 0)
KEYS = ("lat-pulldown", "dumbbell-row", "face-pull", "superman")


def ex(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def _workout() -> tuple[int, list[int]]:
    plan = tuple(workouts.PlannedExercise(ex(k), sets=2) for k in KEYS)
    workout_id = workouts.start_workout(T0, plan=plan)
    return workout_id, [e.id for e in workouts.get_workout(workout_id).exercises]


def _groups(workout_id: int) -> list[int | None]:
    return [e.superset for e in workouts.get_workout(workout_id).exercises]


def test_domain_rules():
    assert rules.tidy([5, 5, None, 7, 3, 3, 3]) == [1, 1, None, None, 2, 2, 2]
    assert rules.tidy([1, None, 1]) == [None, None, None]
    assert rules.group([None, None, None], [0, 1]) == [1, 1, None]
    assert rules.group([1, 1, None, None], [1, 2]) == [1, 1, 1, None]  # joins the group
    with pytest.raises(ValueError, match="next to each other"):
        rules.group([None] * 4, [0, 2])
    with pytest.raises(ValueError, match="two or more"):
        rules.group([None] * 4, [1])
    assert rules.ungroup([1, 1, 1], [1]) == [None, None, None]  # split into ones: dissolved
    assert rules.ungroup([1, 1, 1], [2]) == [1, 1, None]
    assert rules.labels([None, 4, 4, None, 9, 9, 9]) == ["", "A1", "A2", "", "B1", "B2", "B3"]
    assert [rules.letter(n) for n in (0, 25, 26)] == ["A", "Z", "AA"]
    assert [rules.number_of(t) for t in ("A", "z", "AA", "", "1")] == [0, 25, 26, None, None]
    # a non-member moving into a group hops over it; a member stays only beside another
    order, groups = rules.moved([None, 1, 1, None], 3, -1)
    assert (order, groups) == ([0, 3, 1, 2], [None, None, 1, 1])
    order, groups = rules.moved([None, 1, 1, 1], 0, 1)
    assert (order, groups) == ([1, 2, 3, 0], [1, 1, 1, None])
    order, groups = rules.moved([1, 1, None], 1, -1)  # swapped within its group
    assert (order, groups) == ([1, 0, 2], [1, 1, None])
    order, groups = rules.moved([1, 1, None], 1, 1)  # out of the group: both dissolve
    assert (order, groups) == ([0, 2, 1], [None, None, None])


def test_group_and_ungroup_in_a_workout(seeded):
    workout_id, ids = _workout()
    before = service.group([ids[1], ids[2]])
    assert before == dict.fromkeys(ids)
    assert _groups(workout_id) == [None, 1, 1, None]
    service.superset_with_next(ids[0])  # joins the group
    assert _groups(workout_id) == [1, 1, 1, None]
    undo = service.remove_from_superset(ids[1])  # the middle: two groups of one dissolve
    assert _groups(workout_id) == [None, None, None, None]
    service.restore(undo)
    assert _groups(workout_id) == [1, 1, 1, None]


def test_bad_groupings_change_nothing(seeded):
    workout_id, ids = _workout()
    with pytest.raises(UserError, match="next to each other"):
        service.group([ids[0], ids[2]])
    with pytest.raises(UserError, match="two or more"):
        service.group([ids[0]])
    with pytest.raises(UserError, match="last exercise"):
        service.superset_with_next(ids[3])
    with pytest.raises(UserError, match="not in a superset"):
        service.remove_from_superset(ids[3])
    other_id, other_ids = _workout()
    with pytest.raises(UserError, match="one workout"):
        service.group([ids[0], other_ids[1]])
    assert _groups(workout_id) == [None] * 4
    assert _groups(other_id) == [None] * 4


def test_removing_and_moving_keep_groups_valid(seeded):
    workout_id, ids = _workout()
    service.group([ids[0], ids[1]])
    service.group([ids[2], ids[3]])
    assert _groups(workout_id) == [1, 1, 2, 2]
    workouts.move_exercise(ids[1], 1)  # would land inside the other group: hops over it
    assert [e.id for e in workouts.get_workout(workout_id).exercises] == [
        ids[0], ids[2], ids[3], ids[1]
    ]  # fmt: skip
    assert _groups(workout_id) == [None, 1, 1, None]  # left alone, the first group dissolved
    workouts.remove_exercise(ids[3])
    assert _groups(workout_id) == [None, None, None]  # a group of one is no group
    assert WorkoutExercise.select().where(WorkoutExercise.superset.is_null(False)).count() == 0


def test_deleted_workout_comes_back_with_its_groups(seeded):
    workout_id, ids = _workout()
    service.group(ids[:3])
    deleted = workouts.delete_workout(workout_id)
    workouts.restore_workout(deleted)
    assert _groups(workout_id) == [1, 1, 1, None]


def test_routine_groups_are_saved_tidy_and_survive_the_copy(seeded):
    items = (
        RoutineItem(ex("lat-pulldown"), 3, 8, 12, superset=7),
        RoutineItem(ex("dumbbell-row"), 3, 8, 12, superset=7),
        RoutineItem(ex("face-pull"), 2, 8, 12, superset=9),  # a group of one: none
        RoutineItem(ex("superman"), 2, duration_s=20),
    )
    routine_id = routines.save_routine(Routine(None, "Pairs", items=items))
    saved = routines.get_routine(routine_id)
    assert [i.superset for i in saved.items] == [1, 1, None, None]
    query = RoutineItemRow.select().where(RoutineItemRow.routine == routine_id)
    assert [r.superset for r in query.order_by(RoutineItemRow.position)] == [1, 1, None, None]
    workout_id = logbook.start_workout(Preferences(), routine_id=routine_id, started_at=T0)
    assert _groups(workout_id) == [1, 1, None, None]
    assert supersets.groups_of(workout_id) == dict(
        zip(
            [e.id for e in workouts.get_workout(workout_id).exercises],
            [1, 1, None, None],
            strict=True,
        )
    )
