"""Record bests read ahead (issue 17, the Log's stalls): each exercise's bests per link,
read in the background for the History, answer `heaviest_by_reps_before` for every link
exactly as its own query does, and are dropped the moment the data changes."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from backtracker.services import live_records
from backtracker.storage import body, workouts
from backtracker.storage.live_records import (
    CHECKPOINT_ROWS,
    PerLinkBests,
    bests_before,
    heaviest_by_reps_before,
    heaviest_by_reps_per_link,
)
from backtracker.storage.models import Exercise, Workout, WorkoutExercise, db
from tests.storage.test_progress import at, exercise_id, log


def every_link() -> list[tuple[WorkoutExercise, Workout, bool]]:
    rows = (
        WorkoutExercise.select(WorkoutExercise, Workout, Exercise)
        .join_from(WorkoutExercise, Workout)
        .join_from(WorkoutExercise, Exercise)
        .order_by(WorkoutExercise.id)
    )
    return [(link, link.workout, link.exercise.tracking == "bodyweight_reps") for link in rows]


def compare_every_link(biggest: list[int] | None = None) -> int:
    """Asserts the per-link rows give each link's query answer, also when asked with a
    start a second later or earlier than its workout's (the workout's own rows are then not
    where its start puts them); returns how many links had bests before them (so the
    comparison means something)."""
    biggest = [] if biggest is None else biggest
    per_exercise: dict[tuple[int, bool], PerLinkBests] = {}
    with_bests = 0
    for link, workout, bodyweight in every_link():
        key = (link.exercise_id, bodyweight)
        if key not in per_exercise:
            per_exercise[key] = heaviest_by_reps_per_link(
                link.exercise_id, bodyweight_exercise=bodyweight
            )
        where = {
            "workout_id": workout.id,
            "started_at": workout.started_at,
            "link_id": link.id,
            "link_position": link.position,
        }
        expected = heaviest_by_reps_before(
            exercise_id=link.exercise_id, bodyweight_exercise=bodyweight, **where
        )
        assert bests_before(per_exercise[key], **where) == expected, (link.id, workout.id)
        with_bests += bool(expected)
        for shift in (dt.timedelta(seconds=1), dt.timedelta(seconds=-1)):
            moved = {**where, "started_at": workout.started_at + shift}
            assert bests_before(per_exercise[key], **moved) == heaviest_by_reps_before(
                exercise_id=link.exercise_id, bodyweight_exercise=bodyweight, **moved
            ), (link.id, shift)
    biggest[:] = [max((len(table) for table in per_exercise.values()), default=0)]
    return with_bests


def log_awkward_cases(rng: random.Random) -> None:
    """Ties the rule decides by id and position, on top of whatever history is there: two
    workouts started the same minute, an exercise twice in one workout (two positions, and
    two links at one position), bodyweight ones assisted and weighted, warm-ups, unticked
    sets, no load and a load of 0."""
    row, pull, pulldown = (exercise_id(k) for k in ("dumbbell-row", "pull-up", "lat-pulldown"))
    body.set_bodyweight(dt.date(2026, 1, 1), 80.0)
    body.set_bodyweight(dt.date(2026, 3, 1), 77.5)
    for week in range(12):
        day = (dt.date(2026, 1, 5) + dt.timedelta(weeks=week)).isoformat()
        for _ in range(2):  # the same minute, twice
            log(
                at(day),
                {
                    row: [
                        (rng.choice([20.0, 22.5, 25.0, 0.0, None]), rng.randint(1, 15))
                        for _ in range(3)
                    ]
                    + [(40.0, 5, "warmup"), (60.0, 5, "normal", False)],
                    pull: [(rng.choice([None, -20.0, 5.0, 10.0]), rng.randint(3, 10))],
                },
            )
        workout_id = workouts.start_workout(at(day, 7))
        for _ in range(2):
            link = workouts.add_exercise(workout_id, workouts.PlannedExercise(pulldown))
            for _ in range(2):
                workouts.add_set(
                    link,
                    {"weight_kg": rng.choice([40.0, 42.5]), "reps": 8, "completed": True},
                )
    # Two links of one exercise at the same position: the lower id comes first.
    workout_id = workouts.start_workout(at("2026-04-01"))
    for weight in (50.0, 52.5):
        link = workouts.add_exercise(workout_id, workouts.PlannedExercise(pulldown))
        workouts.add_set(link, {"weight_kg": weight, "reps": 8, "completed": True})
    WorkoutExercise.update(position=0).where(WorkoutExercise.workout == workout_id).execute()


def test_per_link_bests_give_every_links_query_answer_on_a_generated_history(profile):
    from benchmarks.chart_queries import build_history

    build_history(profile.database_path, years=1, target_sets=3000)
    log_awkward_cases(random.Random(19))
    biggest: list[int] = []
    assert compare_every_link(biggest) > 300
    assert biggest[0] > 2 * CHECKPOINT_ROWS  # the checkpoints are used, not only the rows


def test_per_link_bests_give_every_links_query_answer_on_a_demo_profile(seeded):
    from backtracker.domain import clock
    from backtracker.services.demo import fill_demo_profile
    from backtracker.storage.routines import seed_builtin_routines

    seed_builtin_routines()
    fill_demo_profile(today=clock.today(), weeks=12)
    assert compare_every_link() > 20


# --- the read-ahead in the service ------------------------------------------------------------


@pytest.fixture
def history(seeded) -> tuple[int, int]:
    """(row, a workout with a record set): 30 kg × 5 then 32.5 kg × 5."""
    live_records.forget_read_ahead()
    row = exercise_id("dumbbell-row")
    log(at("2026-01-05"), {row: [(30.0, 5)]})
    return row, log(at("2026-01-12"), {row: [(32.5, 5), (31.0, 5)]})


def read_ahead_for(workout_id: int) -> bool:
    stamp = live_records.read_ahead_stamp()
    found = live_records.read_ahead(live_records.missing_for([workout_id]))
    return live_records.remember(stamp, found)


def test_an_exercise_read_ahead_needs_no_query_and_gives_the_same_records(history, monkeypatch):
    row, today = history
    without = live_records.workout_records(today, "epley")
    assert [r.weight_kg for r in without] == [32.5]
    assert live_records.missing_for([today]) == [(row, False)]
    assert read_ahead_for(today)
    assert live_records.missing_for([today]) == []
    link = workouts.get_workout(today).exercises[0]
    calls: list[str] = []
    real = db.execute_sql
    monkeypatch.setattr(
        db, "execute_sql", lambda sql, *a, **k: calls.append(sql) or real(sql, *a, **k)
    )
    measure = live_records.for_link(
        link, workout_id=today, started_at=at("2026-01-12"), formula="epley"
    )
    assert not [sql for sql in calls if "set_entry" in sql]  # no pass over the sets
    assert measure.records(link.sets) == {r.set_id: r.hits for r in without}


def test_a_write_after_the_read_ahead_drops_it(history):
    row, today = history
    assert read_ahead_for(today)
    log(at("2026-01-08"), {row: [(35.0, 5)]})  # now 32.5 kg is no record
    assert live_records.missing_for([today]) == [(row, False)]
    assert live_records.workout_records(today, "epley") == []


def test_a_read_ahead_overtaken_by_a_write_is_not_kept(history):
    row, today = history
    stamp = live_records.read_ahead_stamp()
    found = live_records.read_ahead(live_records.missing_for([today]))
    log(at("2026-01-08"), {row: [(35.0, 5)]})  # written while the read-ahead ran
    assert not live_records.remember(stamp, found)
    assert live_records.missing_for([today]) == [(row, False)]
    assert live_records.workout_records(today, "epley") == []


def test_no_workouts_no_read_ahead(seeded):
    assert live_records.missing_for([]) == []
    assert live_records.read_ahead([]) == {}
