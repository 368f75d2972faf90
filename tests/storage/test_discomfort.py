"""Discomfort flags (issue 15 §3): set, replace and clear in one transaction; deleting a
workout and undoing it brings its flags back; merging exercises carries them along."""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.domain.catalogue import ExerciseDraft
from backtracker.domain.errors import UserError
from backtracker.services import discomfort as service
from backtracker.services import library
from backtracker.storage import discomfort as store
from backtracker.storage import workouts
from backtracker.storage.models import Discomfort, Exercise, db
from backtracker.storage.workouts import PlannedExercise


def ex(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def done_workout(day: int, *keys: str) -> tuple[int, list[int]]:
    """A finished workout on March `day` with one done set of each exercise."""
    started = dt.datetime(2026, 3, day, 18, 0)
    plan = tuple(
        PlannedExercise(ex(k), sets=1, prefill=({"weight_kg": 40.0, "reps": 8},)) for k in keys
    )
    workout_id = workouts.start_workout(started, plan=plan)
    info = workouts.get_workout(workout_id)
    for link in info.exercises:
        workouts.update_set(link.sets[0].id, {"completed": True, "completed_at": started})
    workouts.finish_workout(workout_id, started + dt.timedelta(hours=1))
    return workout_id, [link.id for link in info.exercises]


def rows() -> list[tuple]:
    return sorted(
        Discomfort.select(
            Discomfort.id,
            Discomfort.workout,
            Discomfort.workout_exercise,
            Discomfort.score,
            Discomfort.note,
            Discomfort.created_at,
        ).tuples(),
        key=repr,
    )


def test_set_replace_and_clear(seeded):
    workout_id, (row, pulldown) = done_workout(2, "barbell-row", "lat-pulldown")
    service.save(workout_id, {row: (6, "  sharp   on the left "), None: (3, "")})
    flags = store.flags_of(workout_id)
    assert {k: (f.score, f.note) for k, f in flags.items()} == {
        row: (6, "sharp on the left"),
        None: (3, ""),
    }
    service.save(workout_id, {row: (2, "better"), pulldown: (0, "")})  # replace, add
    service.save(workout_id, {None: (None, "")})  # clear the lower back
    flags = store.flags_of(workout_id)
    assert {k: (f.score, f.note) for k, f in flags.items()} == {
        row: (2, "better"),
        pulldown: (0, ""),
    }
    assert Discomfort.select().count() == 2


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ((11, ""), "from 0"),
        ((-1, ""), "from 0"),
        ((None, "hurts"), "score"),
        ((5, "x" * 600), "under 500"),
    ],
)
def test_bad_values_are_refused_and_nothing_changes(seeded, entry, message):
    workout_id, (row,) = done_workout(2, "barbell-row")
    service.save(workout_id, {None: (4, "stiff")})
    before = rows()
    with pytest.raises(UserError, match=message):
        service.save(workout_id, {None: (1, ""), row: entry})  # the good one is not written
    assert rows() == before


def test_an_exercise_of_another_workout_is_refused_in_one_transaction(seeded):
    first, (row,) = done_workout(2, "barbell-row")
    _second, (other,) = done_workout(4, "barbell-row")
    with pytest.raises(UserError, match="no longer in this workout"):
        service.save(first, {row: (5, ""), other: (5, "")})
    assert rows() == [] and not db.in_transaction()


def test_deleting_a_workout_and_undoing_it_brings_the_flags_back(seeded):
    workout_id, (row,) = done_workout(2, "barbell-row")
    service.save(workout_id, {row: (6, "tight"), None: (3, "")})
    before = rows()
    deleted = workouts.delete_workout(workout_id)
    assert rows() == []  # cascade
    workouts.restore_workout(deleted)
    assert rows() == before  # ids, scores, notes and times exactly


def test_merging_exercises_carries_the_flags_and_the_rule_follows(seeded):
    custom = library.add_custom_exercise(
        ExerciseDraft(
            name="My Bent Row",
            category="strength",
            equipment="barbell",
            tracking="weight_reps",
            load_profile="heavy",
            primary_muscles=["lats"],
        )
    )
    keep = ex("barbell-row")
    sessions = []
    for day in (2, 4, 6):
        started = dt.datetime(2026, 3, day, 18, 0)
        prefill = ({"weight_kg": 40.0, "reps": 8},)
        workout_id = workouts.start_workout(
            started, plan=(PlannedExercise(custom, sets=1, prefill=prefill),)
        )
        link = workouts.get_workout(workout_id).exercises[0]
        workouts.update_set(link.sets[0].id, {"completed": True})
        sessions.append((workout_id, link.id))
    service.save(sessions[2][0], {sessions[2][1]: (6, "")})
    service.save(sessions[1][0], {sessions[1][1]: (5, "")})
    moment = dt.datetime(2026, 3, 7)
    assert store.recent_scores(keep, before=moment) == []

    record = library.merge_exercises(keep, custom)
    assert store.recent_scores(keep, before=moment) == [6, 5, None]
    assert Discomfort.select().count() == 2  # the flags stay on the moved entries
    library.unmerge_exercises(record)
    assert store.recent_scores(keep, before=moment) == []
    assert store.recent_scores(custom, before=moment) == [6, 5, None]


def test_recent_scores_count_sessions_with_done_sets_and_leave_out_the_lower_back(seeded):
    ids = [done_workout(day, "barbell-row") for day in (2, 4, 6, 9)]
    for (workout_id, (link,)), score in zip(ids, (8, 8, None, 5), strict=True):
        service.save(workout_id, {None: (9, "")} if score is None else {link: (score, "")})
    # A workout with the exercise planned but no set done is not a session of it.
    workouts.start_workout(
        dt.datetime(2026, 3, 10, 18), plan=(PlannedExercise(ex("barbell-row"), sets=2),)
    )
    scores = store.recent_scores(ex("barbell-row"), before=dt.datetime(2026, 3, 11))
    assert scores == [5, None, 8]  # newest first; the lower-back 9 is not the row's
    assert store.recent_scores(ex("barbell-row"), before=dt.datetime(2026, 3, 5)) == [8, 8]


def test_a_swap_keeps_the_item_and_its_superset_and_a_missing_item_is_refused(seeded):
    from backtracker.storage.models import Routine, RoutineItem
    from backtracker.storage.settings import get_setting

    routine = Routine.create(name="Pull day")
    RoutineItem.create(
        routine=routine,
        exercise=ex("barbell-row"),
        position=0,
        sets=4,
        rep_min=6,
        rep_max=8,
        rest_s=150,
        superset=1,
    )
    RoutineItem.create(routine=routine, exercise=ex("face-pull"), position=1, sets=3, superset=1)
    assert service.accept_swap(routine.id, ex("barbell-row"), ex("chest-supported-row")) == 1
    item = RoutineItem.get(RoutineItem.position == 0)
    assert (
        item.exercise_id,
        item.sets,
        item.rep_min,
        item.rep_max,
        item.rest_s,
        item.superset,
    ) == (ex("chest-supported-row"), 4, 6, 8, 150, 1)
    pending = {ex("barbell-row"): 0.9, ex("chest-supported-row"): 0.9}
    assert service.pending_lighter() == pending
    # Asked again (a second window, a stale button): refused, nothing changes.
    with pytest.raises(UserError, match="no longer has that exercise"):
        service.accept_swap(routine.id, ex("barbell-row"), ex("chest-supported-row"))
    assert RoutineItem.get(RoutineItem.position == 0).exercise_id == ex("chest-supported-row")
    # Taken once, then gone; the card's line names the workout it went to.
    start = dt.datetime(2026, 3, 18, 9, 15)
    assert service.take_lighter(ex("barbell-row"), start) == 0.9
    assert service.take_lighter(ex("barbell-row"), start) is None
    assert "about 90 %" in service.lighter_line(ex("barbell-row"), start)
    assert service.lighter_line(ex("barbell-row"), start + dt.timedelta(days=2)) == ""
    assert get_setting(service.LIGHTER_KEY) == {str(ex("chest-supported-row")): 0.9}
