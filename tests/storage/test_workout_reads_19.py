"""The reads a workout's cards make, as plain SQL (issue 17, the Log's stalls): `past_sessions`
and `_sets_by_link` give exactly what their peewee versions gave (kept here as the
reference), on a generated history with ties, deload weeks, unticked sets and an exercise
twice in a workout."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from peewee import fn

from backtracker.domain.log import LoggedSet, PastSession
from backtracker.storage import workouts
from backtracker.storage.models import Deload, SetEntry, Workout, WorkoutExercise, db
from tests.services.test_live_records_read_ahead_19 import log_awkward_cases


def reference_sets_by_link(link_ids: list[int]) -> dict[int, list[LoggedSet]]:
    result: dict[int, list[LoggedSet]] = defaultdict(list)
    query = (
        SetEntry.select()
        .where(SetEntry.workout_exercise.in_(link_ids))
        .order_by(SetEntry.position, SetEntry.id)
    )
    for row in query:
        result[row.workout_exercise_id].append(workouts._set(row))
    return result


def reference_past_sessions(
    exercise_id: int,
    *,
    before: dt.datetime,
    limit: int,
    exclude_workout_id: int | None,
    skip_deload_weeks: bool,
) -> list[PastSession]:
    where = (
        (WorkoutExercise.exercise == exercise_id)
        & (Workout.started_at <= before)
        & (Workout.id != (exclude_workout_id or 0))
        & fn.EXISTS(
            SetEntry.select(SetEntry.id).where(
                (SetEntry.workout_exercise == WorkoutExercise.id) & (SetEntry.completed == True)  # noqa: E712 - peewee expression
            )
        )
    )
    if skip_deload_weeks:
        day = fn.date(Workout.started_at)
        where &= ~fn.EXISTS(
            Deload.select(Deload.id).where(
                (Deload.week_start <= day) & (fn.date(Deload.week_start, "+6 days") >= day)
            )
        )
    links = list(
        WorkoutExercise.select(
            WorkoutExercise.id, WorkoutExercise.rest_s, Workout.id, Workout.started_at
        )
        .join(Workout)
        .where(where)
        .order_by(Workout.started_at.desc())
        .limit(limit)
    )
    sets = reference_sets_by_link([link.id for link in links])
    return [
        PastSession(
            workout_id=link.workout.id,
            started_at=link.workout.started_at,
            rest_s=link.rest_s,
            sets=tuple(s for s in sets[link.id] if s.completed),
        )
        for link in links
    ]


def test_past_sessions_and_sets_are_the_peewee_ones_on_a_generated_history(profile):
    from benchmarks.chart_queries import build_history

    build_history(profile.database_path, years=1, target_sets=3000)
    rng = random.Random(19)
    log_awkward_cases(rng)
    for monday in (dt.date(2026, 1, 12), dt.date(2026, 2, 16)):  # past weeks: by hand
        Deload.create(week_start=monday, load_factor=0.9, sets_factor=0.6)
    for sql in (  # (peewee's % is LIKE: plain SQL)
        "UPDATE workout_exercise SET rest_s = 90 WHERE id % 7 = 0",
        "UPDATE set_entry SET completed = 0 WHERE id % 11 = 0",
        "UPDATE set_entry SET rpe = 8.5, notes = 'hard', reps_left = 5, reps_right = 6 "
        "WHERE id % 13 = 0",
    ):
        db.execute_sql(sql)

    links = list(WorkoutExercise.select(WorkoutExercise, Workout).join(Workout))
    ids = [link.id for link in links]
    for at in range(0, len(ids), 7):
        chunk = ids[at : at + 7]
        assert workouts._sets_by_link(chunk) == reference_sets_by_link(chunk)

    compared = 0
    for link in rng.sample(links, 150):
        for skip in (False, True):
            for exclude in (None, link.workout.id):
                args = {
                    "before": link.workout.started_at,
                    "limit": rng.choice([1, 3, 5]),
                    "exclude_workout_id": exclude,
                    "skip_deload_weeks": skip,
                }
                got = workouts.past_sessions(link.exercise_id, **args)
                assert got == reference_past_sessions(link.exercise_id, **args), (link.id, args)
                compared += bool(got)
    assert compared > 400


def test_no_past_sessions_and_no_sets(seeded):
    assert workouts.past_sessions(1, before=dt.datetime(2026, 1, 1)) == []
    assert workouts._sets_by_link([]) == {}
