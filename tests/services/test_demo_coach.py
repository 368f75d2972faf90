"""The demo profile shows the back coach (issue 15): one stalled period followed by an accepted
deload week, discomfort flags with the lower-back rule firing near the end, and goals."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from backtracker.domain import clock
from backtracker.domain.coach import lower_back
from backtracker.domain.strength import estimate_one_rep_max
from backtracker.services import coach, demo, demo_coach, discomfort
from backtracker.storage import discomfort as discomfort_store
from backtracker.storage import routines
from backtracker.storage.models import (
    Deload,
    Discomfort,
    Exercise,
    Goal,
    SetEntry,
    Workout,
    WorkoutExercise,
    db,
)

WEEK = dt.timedelta(weeks=1)
WORK_SETS_SQL = """
SELECT e.catalogue_key, w.id, date(w.started_at), s.weight_kg, s.reps
FROM set_entry s
JOIN workout_exercise we ON we.id = s.workout_exercise_id
JOIN workout w ON w.id = we.workout_id
JOIN exercise e ON e.id = we.exercise_id
WHERE s.set_type != 'warmup' AND s.completed AND date(w.started_at) >= ? AND date(w.started_at) < ?
"""


@pytest.fixture
def ready(seeded):
    routines.seed_builtin_routines()
    return seeded


def fill(seed: int = 7, weeks: int = 52) -> None:
    demo.fill_demo_profile(today=clock.today(), weeks=weeks, seed=seed)


def work_sets(start: dt.date, end: dt.date) -> list[tuple]:
    return db.execute_sql(WORK_SETS_SQL, (start.isoformat(), end.isoformat())).fetchall()


def best_e1rm(start: dt.date, end: dt.date) -> dict[str, float]:
    best: dict[str, float] = defaultdict(float)
    for key, _workout, _day, weight, reps in work_sets(start, end):
        if (estimate := estimate_one_rep_max(weight, reps)) is not None:
            best[key] = max(best[key], estimate)
    return best


def the_deload() -> dt.date:
    rows = list(Deload.select())
    assert len(rows) == 1
    return rows[0].week_start


def test_one_accepted_deload_week_with_lighter_workouts_and_fewer_sets(ready):
    fill()
    row = Deload.get()
    monday = row.week_start
    assert monday.weekday() == 0
    assert row.load_factor == pytest.approx(0.9) and row.sets_factor == pytest.approx(2 / 3)
    assert row.created_at < dt.datetime.combine(monday, dt.time(0))  # accepted beforehand
    today = clock.today()
    assert monday + 8 * WEEK <= today <= monday + 30 * WEEK  # well inside the year

    def per_session(start: dt.date) -> tuple[dict[str, float], dict[str, set[int]], int]:
        heaviest: dict[str, float] = defaultdict(float)
        counts: dict[tuple[str, int], int] = defaultdict(int)
        rows = work_sets(start, start + WEEK)
        for key, workout, _day, weight, _reps in rows:
            heaviest[key] = max(heaviest[key], weight or 0.0)
            counts[key, workout] += 1
        sets: dict[str, set[int]] = defaultdict(set)
        for (key, _workout), count in counts.items():
            sets[key].add(count)
        return heaviest, sets, len({workout for _k, workout, *_ in rows})

    before, before_sets, _ = per_session(monday - WEEK)
    during, during_sets, sessions = per_session(monday)
    assert sessions >= 2
    assert set(during) == set(before)  # the same exercises
    for key, kg in before.items():
        if kg:
            assert during[key] <= 0.9 * kg + 1e-6, key  # about 90 %, rounded down
            assert during[key] >= 0.8 * kg, key
        (planned,) = before_sets[key]
        assert during_sets[key] == {max(1, round(planned * 2 / 3))}, key
    deload_types = db.execute_sql(
        """SELECT DISTINCT s.set_type FROM set_entry s
        JOIN workout_exercise we ON we.id = s.workout_exercise_id
        JOIN workout w ON w.id = we.workout_id
        WHERE date(w.started_at) >= ? AND date(w.started_at) < ?""",
        (monday.isoformat(), (monday + WEEK).isoformat()),
    ).fetchall()
    assert ("failure",) not in deload_types  # nobody goes to failure in a deload week


@pytest.mark.parametrize("seed", [7, 14])
def test_the_week_before_the_deload_suggests_it(ready, seed):
    fill(seed)
    monday = the_deload()
    report = coach.week_report(monday - WEEK)
    assert 2 * len(report.stalled) > report.trained >= 3  # most back lifts have stalled
    # Without the accepted row, the report of that week suggests the deload week itself.
    with db.atomic() as transaction:
        Deload.delete().execute()
        suggested = coach.week_report(monday - WEEK)
        transaction.rollback()
    assert suggested.deload
    assert any("take a deload week" in sentence for sentence in suggested.suggestions)
    by_name = {item.exercise: item for item in suggested.deload}
    assert {"Dumbbell Row", "Lat Pulldown"} <= set(by_name)


def test_progress_resumes_after_the_deload(ready):
    fill()
    monday = the_deload()
    stalled = best_e1rm(monday - 2 * WEEK, monday)
    before = best_e1rm(monday - 10 * WEEK, monday - 4 * WEEK)
    after = best_e1rm(monday + WEEK, monday + 4 * WEEK)
    back = ("dumbbell-row", "lat-pulldown", "face-pull", "renegade-row")
    assert all(stalled[key] <= before[key] for key in back)  # no progress in the stall
    assert sum(after[key] > stalled[key] for key in back) >= 3  # then it resumes
    assert sum(after[key] > before[key] for key in back) >= 2


def test_discomfort_flags_and_the_lower_back_rule_fires_near_the_end(ready):
    fill()
    row = Exercise.get(Exercise.catalogue_key == demo_coach.SORE_EXERCISE)
    assert row.spinal_load == "high"
    flags = list(Discomfort.select())
    for flag in flags:  # a flag on an exercise belongs to a workout that trained it
        if flag.workout_exercise is not None:
            assert flag.workout_exercise.workout_id == flag.workout_id
            assert (
                SetEntry.select()
                .where(SetEntry.workout_exercise == flag.workout_exercise_id)
                .exists()
            )
    low = [f for f in flags if f.workout_exercise is not None and f.score < 4]
    overall = [f for f in flags if f.workout_exercise is None]
    assert len(low) >= 3 and len({f.workout_exercise.exercise_id for f in low}) >= 2
    assert len(overall) >= 1 and all(f.note for f in overall)
    latest = (
        WorkoutExercise.select()
        .join(Workout)
        .where(WorkoutExercise.exercise == row.id)
        .order_by(Workout.started_at.desc())
        .first()
    )
    assert latest.workout.started_at.date() >= clock.today() - WEEK
    offer = discomfort.suggestion(row.id, latest.workout_id)
    assert offer is not None and offer.routine_id == latest.workout.routine_id
    assert offer.swap.flagged == 2 and offer.swap.sessions == 3
    alternative = Exercise.get_by_id(offer.swap.alternative_id)
    assert alternative.spinal_load == "low"
    # A workout started today (nothing else logged yet) gets the suggestion too.
    assert lower_back.fires(discomfort_store.recent_scores(row.id, before=clock.now()))
    # Nothing but the sore exercise reaches the threshold.
    sore = {f.workout_exercise.exercise_id for f in flags if f.workout_exercise and f.score >= 4}
    assert sore == {row.id}
    # The last full week's report carries the swap sentence.
    report = coach.week_report(clock.today() - WEEK)
    assert any(s.startswith("Dumbbell Row hurt your lower back") for s in report.suggestions)


def test_a_goal_ahead_and_a_goal_reached(ready):
    fill()
    today = clock.today()
    goals = {g.exercise.catalogue_key: g for g in Goal.select()}
    ahead = goals[demo_coach.GOAL_EXERCISE]
    assert ahead.kind == "reps" and ahead.reps is not None and 6 <= ahead.reps <= 12
    assert 61 <= (ahead.due_on - today).days <= 120  # about two months, four at most
    assert ahead.created_at.date() < today
    mine = [
        (weight, reps)
        for key, _w, _d, weight, reps in work_sets(dt.date.min, today + WEEK)
        if key == demo_coach.GOAL_EXERCISE
    ]
    assert not any(w >= ahead.weight_kg and r >= ahead.reps for w, r in mine)  # not met yet
    best = max(estimate_one_rep_max(w, r) or 0 for w, r in mine)
    assert best < estimate_one_rep_max(ahead.weight_kg, ahead.reps) < best * 1.1
    (reached_key,) = set(goals) - {demo_coach.GOAL_EXERCISE}
    reached = goals[reached_key]
    assert reached.kind == "e1rm" and reached.reps is None
    done = [
        day
        for key, _w, day, weight, reps in work_sets(dt.date.min, today + WEEK)
        if key == reached_key and (estimate_one_rep_max(weight, reps) or 0) >= reached.weight_kg
    ]
    first = dt.date.fromisoformat(min(done))
    assert reached.created_at.date() <= first <= reached.due_on
    assert today - dt.timedelta(weeks=16) <= first <= today - dt.timedelta(weeks=2)


def test_short_spans_have_no_deload_but_stay_whole(ready):
    fill(weeks=8)
    assert Deload.select().count() == 0
    assert Goal.select().count() >= 1
    assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []


def test_the_same_seed_tells_the_same_story(ready):
    def story() -> tuple[list, list, list]:
        return (
            list(Deload.select(Deload.week_start, Deload.load_factor).tuples()),
            sorted(Discomfort.select(Discomfort.score, Discomfort.note).tuples()),
            sorted(Goal.select(Goal.kind, Goal.weight_kg, Goal.reps, Goal.due_on).tuples()),
        )

    fill(weeks=40)
    first = story()
    with db.atomic():
        for model in (Discomfort, Goal, Deload, Workout):
            model.delete().execute()
    fill(weeks=40)
    assert story() == first and first[0] and first[1] and first[2]
