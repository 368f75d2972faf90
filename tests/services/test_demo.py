"""Demo data: a realistic, deterministic year of back training written in one transaction."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import pytest

from backtracker.domain.errors import UserError
from backtracker.domain.goals import week_start
from backtracker.services import demo
from backtracker.storage import routines
from backtracker.storage.database import close_database, open_database
from backtracker.storage.models import BodyMetric, Routine, SetEntry, Workout, db
from backtracker.storage.profile import prepare_profile
from backtracker.storage.seeding import seed_catalogue

TODAY = dt.date(2025, 3, 12)  # a Wednesday

SET_ROWS_SQL = """
SELECT w.started_at, w.ended_at, w.name, w.notes, w.posture_score, e.catalogue_key,
    we.position, we.rest_s, s.position, s.set_type, s.weight_kg, s.reps, s.duration_s, s.rpe,
    s.completed_at
FROM set_entry s
JOIN workout_exercise we ON we.id = s.workout_exercise_id
JOIN workout w ON w.id = we.workout_id
JOIN exercise e ON e.id = we.exercise_id
ORDER BY w.started_at, we.position, s.position
"""


@pytest.fixture
def ready(seeded):
    routines.seed_builtin_routines()
    return seeded


@pytest.fixture
def year(ready) -> demo.DemoReport:
    return demo.fill_demo_profile(today=TODAY)


def starts() -> list[dt.datetime]:
    return [w.started_at for w in Workout.select().order_by(Workout.started_at)]


def per_week() -> Counter[dt.date]:
    return Counter(week_start(started.date()) for started in starts())


def heaviest_work_kg(key: str, since: dt.date, until: dt.date) -> float:
    sql = """
        SELECT MAX(s.weight_kg) FROM set_entry s
        JOIN workout_exercise we ON we.id = s.workout_exercise_id
        JOIN workout w ON w.id = we.workout_id
        JOIN exercise e ON e.id = we.exercise_id
        WHERE e.catalogue_key = ? AND s.set_type != 'warmup'
            AND date(w.started_at) BETWEEN ? AND ?
    """
    return db.execute_sql(sql, (key, since.isoformat(), until.isoformat())).fetchone()[0]


def test_a_year_of_two_or_three_sessions_a_week(year):
    assert year.workouts == Workout.select().count() > 90
    assert year.sets == SetEntry.select().count() > 1000
    assert year.first == week_start(TODAY) - dt.timedelta(weeks=51)
    assert year.last < TODAY and (year.last - year.first).days >= 50 * 7
    weeks = per_week()
    assert max(weeks.values()) <= 3
    assert sum(1 for n in weeks.values() if n in (2, 3)) >= 0.75 * len(weeks)
    assert 1 in weeks.values()  # the odd one-session week
    all_weeks = {year.first + dt.timedelta(weeks=i) for i in range(52)}
    assert 2 <= len(all_weeks - set(weeks)) <= 5  # holiday, sick week, … (and this week so far)
    for started in starts():
        assert dt.time(17) <= started.time() <= dt.time(19, 30)


def test_workouts_follow_the_builtin_routines(year):
    names = [w.name for w in Workout.select().order_by(Workout.started_at)]
    switch = names.index("Back — Advanced")
    assert set(names[:switch]) == {"Back — Beginner"} and set(names[switch:]) == {names[-1]}
    assert 0.25 < switch / len(names) < 0.45  # about the first four months
    by_name = {r.name: r.id for r in Routine.select()}
    assert all(w.routine_id == by_name[w.name] for w in Workout.select())
    assert {w.source for w in Workout.select()} == {"demo"}


def test_sets_are_realistic(year):
    rows = db.execute_sql(SET_ROWS_SQL).fetchall()
    types = Counter(row[9] for row in rows)
    assert types["warmup"] > 50 and types["failure"] > 5 and types["normal"] > 1000
    assert set(types) <= {"warmup", "normal", "failure"}
    rpes = [row[13] for row in rows if row[13] is not None]
    assert rpes and all(7 <= r <= 10 for r in rpes)
    assert all(row[7] for row in rows)  # rest on every exercise
    for started, ended, *_, completed_at in rows:
        assert started < completed_at < ended
    durations = [(w.ended_at - w.started_at).total_seconds() / 60 for w in Workout.select()]
    assert min(durations) >= 35 and max(durations) <= 60
    holds = [row[12] for row in rows if row[5] == "superman"]
    assert min(holds) <= 20 and 45 <= max(holds) <= 60
    warmups = [row for row in rows if row[9] == "warmup"]
    assert all(row[6] == 0 and row[8] == 0 and 10 <= row[11] <= 12 for row in warmups)
    scores = [w.posture_score for w in Workout.select().order_by(Workout.started_at)]
    scored = [s for s in scores if s is not None]
    assert all(1 <= s <= 5 for s in scored)
    assert sum(scored[:20]) < sum(scored[-20:])
    assert sum(1 for w in Workout.select() if w.notes) >= 5
    assert sum(1 for w in Workout.select() if w.warmup_stretch) > 0.7 * year.workouts


def test_weights_progress(year):
    first_month = (year.first, year.first + dt.timedelta(days=30))
    last_month = (TODAY - dt.timedelta(days=30), TODAY)
    for key in ("dumbbell-row", "lat-pulldown", "face-pull", "renegade-row"):
        assert heaviest_work_kg(key, *last_month) > heaviest_work_kg(key, *first_month), key
    assert heaviest_work_kg("dumbbell-row", *first_month) < 15
    first = db.execute_sql(SET_ROWS_SQL).fetchall()[:20]
    assert {(row[5], row[10]) for row in first if row[9] == "normal"} >= {
        ("dumbbell-row", 10.0),
        ("lat-pulldown", 30.0),
        ("face-pull", 12.5),
        ("renegade-row", 6.0),
    }


def test_bodyweight_drifts_down(year):
    entries = [
        (b.measured_on, b.value, b.source)
        for b in BodyMetric.select()
        .where(BodyMetric.metric == "bodyweight")
        .order_by(BodyMetric.id)
    ]
    assert year.bodyweights == len(entries) > 70
    assert {source for *_, source in entries} == {"demo"}
    gaps = {(b[0] - a[0]).days for a, b in itertools.pairwise(entries)}
    assert gaps <= {3, 4, 5}
    values = [value for _, value, _ in entries]
    first, last = sum(values[:10]) / 10, sum(values[-10:]) / 10
    assert 81 < first < 83 and 77 < last < 79


def test_the_waist_narrows_while_the_shoulders_broaden(year):
    def series(metric: str) -> list[float]:
        rows = (
            BodyMetric.select().where(BodyMetric.metric == metric).order_by(BodyMetric.measured_on)
        )
        return [row.value for row in rows]

    waist, shoulders = series("waist"), series("shoulders")
    assert len(waist) == len(shoulders) == len(series("upper_arm")) > 20
    assert 85 < waist[0] < 87 and 81 < waist[-1] < 83
    assert 115 < shoulders[0] < 117 and 118 < shoulders[-1] < 120
    assert {row.source for row in BodyMetric.select()} == {"demo"}


def test_integrity(ready):
    # How long this takes is measured by benchmarks/demo_fill.py, not asserted here.
    demo.fill_demo_profile(today=TODAY)
    assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []


def test_same_seed_same_data(tmp_path):
    def fill(name: str, seed: int) -> list[tuple]:
        profile = prepare_profile(tmp_path / name)
        open_database(profile.database_path)
        try:
            seed_catalogue()
            routines.seed_builtin_routines()
            demo.fill_demo_profile(today=TODAY, weeks=20, seed=seed)
            return db.execute_sql(SET_ROWS_SQL).fetchall()
        finally:
            close_database()

    assert fill("a", 3) == fill("b", 3)
    assert fill("c", 4) != fill("b-again", 3)


def test_short_spans(ready):
    report = demo.fill_demo_profile(today=TODAY, weeks=1)
    assert report.workouts <= 2  # Monday and Tuesday only
    with pytest.raises(UserError):
        demo.fill_demo_profile(today=TODAY, weeks=0)


def test_everything_or_nothing(ready, monkeypatch):
    original = demo._insert_rows
    done: list[str] = []

    def failing(model, *args, **kwargs):
        if model is SetEntry:
            raise RuntimeError("disk full")
        done.append(model.__name__)
        return original(model, *args, **kwargs)

    monkeypatch.setattr(demo, "_insert_rows", failing)
    with pytest.raises(RuntimeError):
        demo.fill_demo_profile(today=TODAY)
    assert done == ["Workout", "WorkoutExercise"]  # rows were written, then rolled back
    assert Workout.select().count() == 0 and BodyMetric.select().count() == 0
    assert demo.workout_count() == 0


def test_needs_the_builtin_routines(seeded):
    with pytest.raises(UserError, match="built-in routines"):
        demo.fill_demo_profile(today=TODAY)
