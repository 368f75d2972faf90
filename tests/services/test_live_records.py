"""Live records: which sets beat the exercise's bests when they were done (domain/records.py,
storage/live_records.py, services/live_records.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.domain.records import Bests, RecordKind, RecordSet, find_records
from backtracker.domain.strength import estimate_one_rep_max
from backtracker.services import live_records
from backtracker.storage import body, workouts
from backtracker.storage.models import db
from tests.storage.test_progress import at, exercise_id, log

WARMUP = "warmup"


def one(key: int, load: float | None, reps: int | None, **kw) -> RecordSet:
    return RecordSet(
        key=key,
        set_type=kw.get("set_type", "normal"),
        completed=kw.get("completed", True),
        load_kg=load,
        reps=reps,
    )


def kinds(found, key: int) -> set[RecordKind]:
    return {hit.kind for hit in found.get(key, ())}


# --- the rules, without a database ----------------------------------------------------------

HISTORY = Bests({5: 30.0, 8: 32.5, 15: 20.0})  # 30 × 5, 32.5 × 8 and 20 × 15 done before


def test_heavier_than_ever_is_the_heaviest_and_the_best_estimate():
    found = find_records(HISTORY, [one(1, 35.0, 8)])
    assert kinds(found, 1) == {RecordKind.HEAVIEST, RecordKind.E1RM, RecordKind.REPS}
    hits = {hit.kind: hit for hit in found[1]}
    assert hits[RecordKind.HEAVIEST].value_kg == 35.0
    assert hits[RecordKind.E1RM].value_kg == pytest.approx(35.0 * (1 + 8 / 30))
    assert hits[RecordKind.REPS].describe("kg") == "best for 8 reps 35 kg"


def test_best_for_a_rep_count_is_the_heaviest_load_for_exactly_that_many_reps():
    # 31 × 5 beats 30 × 5, but neither the heaviest (32.5) nor the best estimate (32.5 × 8).
    found = find_records(HISTORY, [one(1, 31.0, 5)])
    assert kinds(found, 1) == {RecordKind.REPS}
    assert found[1][0].describe("kg") == "best for 5 reps 31 kg"
    # 6 reps were never done before: nothing to beat, so no record for 6 reps.
    assert kinds(find_records(HISTORY, [one(2, 31.0, 6)]), 2) == set()
    # Past 12 reps there is no rep record (the Progress records list 1–12): 21 × 15 is none.
    assert find_records(HISTORY, [one(3, 21.0, 15)]) == {}


def test_equal_or_within_the_weight_tolerance_is_no_record():
    assert find_records(HISTORY, [one(1, 32.5, 8)]) == {}
    # 32.51 kg is "71.7 lb" read back: the same weight (units.same_weight), no record.
    assert find_records(HISTORY, [one(1, 32.51, 8), one(2, 30.02, 5)]) == {}
    # A quarter-kilo plate more is a real record.
    assert kinds(find_records(HISTORY, [one(1, 30.25, 5)]), 1) == {RecordKind.REPS}


def test_warmups_unticked_sets_and_sets_without_load_never_count():
    sets = [
        one(1, 50.0, 5, set_type=WARMUP),
        one(2, 50.0, 5, completed=False),
        one(3, None, 5),
        one(4, 0.0, 5),
        one(5, -10.0, 5),
        one(6, 50.0, 0),
    ]
    assert find_records(HISTORY, sets) == {}


def test_each_set_is_measured_against_the_sets_before_it_in_the_workout():
    found = find_records(HISTORY, [one(1, 34.0, 5), one(2, 34.0, 5), one(3, 36.0, 5)])
    assert kinds(found, 1) == {RecordKind.HEAVIEST, RecordKind.REPS}  # e1RM 39.7 < 41.2
    assert 2 not in found  # only equals set 1
    assert kinds(found, 3) == {RecordKind.HEAVIEST, RecordKind.REPS, RecordKind.E1RM}
    # A set that was no record still raises the bar for the ones after it.
    found = find_records(HISTORY, [one(1, 31.0, 8), one(2, 31.0, 5)])
    assert kinds(found, 2) == {RecordKind.REPS}


def test_the_first_time_an_exercise_is_done_is_no_record():
    assert find_records(Bests(), [one(1, 40.0, 5)]) == {}
    # ...but its second set can beat its first.
    found = find_records(Bests(), [one(1, 40.0, 5), one(2, 42.5, 5)])
    assert kinds(found, 2) == {RecordKind.HEAVIEST, RecordKind.REPS, RecordKind.E1RM}


def test_the_estimate_follows_the_formula_the_person_chose():
    # 36 × 4 after a 40 kg single: Epley says 40.8 kg (a record), Brzycki 39.27 kg (none).
    found = find_records(Bests({1: 40.0}), [one(1, 36.0, 4)], "epley")
    assert found[1][0].kind is RecordKind.E1RM
    assert found[1][0].value_kg == pytest.approx(estimate_one_rep_max(36.0, 4, "epley"))
    assert find_records(Bests({1: 40.0}), [one(1, 36.0, 4)], "brzycki") == {}


# --- the bests before a set, from the database ----------------------------------------------


@pytest.fixture
def row(seeded) -> int:
    return exercise_id("dumbbell-row")


def _link(workout_id: int):
    return workouts.get_workout(workout_id).exercises


def test_bests_come_from_earlier_workouts_only(row):
    log(at("2026-01-05"), {row: [(30.0, 5), (40.0, 5, WARMUP), (45.0, 5, "normal", False)]})
    today = log(at("2026-01-12"), {row: [(31.0, 5), (32.5, 5)]})
    log(at("2026-01-19"), {row: [(50.0, 5)]})  # later: it does not take today's records away
    workout = workouts.get_workout(today)
    measure = live_records.for_link(
        workout.exercises[0], workout_id=today, started_at=workout.started_at, formula="epley"
    )
    assert dict(measure.bests.by_reps) == {5: 30.0}  # no warm-up, no unticked set, no later one
    first, second = workout.exercises[0].sets
    found = measure.records(workout.exercises[0].sets)
    assert kinds(found, first.id) == kinds(found, second.id)
    assert kinds(found, second.id) == {RecordKind.HEAVIEST, RecordKind.REPS, RecordKind.E1RM}
    assert [r.describe("kg") for r in live_records.workout_records(today, "epley")] == [
        "Dumbbell Row: heaviest 31 kg · best e1RM 36.17 kg · best for 5 reps 31 kg",
        "Dumbbell Row: heaviest 32.5 kg · best e1RM 37.92 kg · best for 5 reps 32.5 kg",
    ]
    (_first, last) = live_records.workout_records(today, "epley")
    assert live_records.announcement("Dumbbell Row", last.hits, "kg") == (
        "New record: Dumbbell Row heaviest 32.5 kg (+2 more)"
    )
    assert live_records.announcement("Dumbbell Row", last.hits[:1], "lb") == (
        "New record: Dumbbell Row heaviest 71.7 lb"
    )


def test_the_same_exercise_twice_in_a_workout_counts_its_first_entry(row):
    log(at("2026-01-05"), {row: [(30.0, 5)]})
    workout_id = workouts.start_workout(at("2026-01-12"))
    for weight in (34.0, 33.0):
        link = workouts.add_exercise(workout_id, workouts.PlannedExercise(row))
        workouts.add_set(link, {"weight_kg": weight, "reps": 5, "completed": True})
    records = live_records.workout_records(workout_id, "epley")
    assert [(r.weight_kg, {h.kind for h in r.hits}) for r in records] == [
        (34.0, {RecordKind.HEAVIEST, RecordKind.REPS, RecordKind.E1RM})
    ]  # 33 kg in the second entry beats nothing: 34 kg came before it


def test_a_workout_started_the_same_minute_counts_by_its_id(row):
    first = log(at("2026-01-12"), {row: [(30.0, 5)]})
    second = log(at("2026-01-12"), {row: [(32.0, 5)]})
    assert live_records.workout_records(first, "epley") == []
    assert len(live_records.workout_records(second, "epley")) == 1


def test_bodyweight_exercises_count_bodyweight_plus_the_added_or_assisting_load(seeded):
    pull = exercise_id("pull-up")
    body.set_bodyweight(dt.date(2026, 1, 1), 80.0)
    log(at("2026-01-05"), {pull: [(None, 5)]})  # 80 kg × 5
    assisted = log(at("2026-01-12"), {pull: [(-20.0, 5)]})  # 60 kg × 5: no record
    weighted = log(at("2026-01-19"), {pull: [(5.0, 5)]})  # 85 kg × 5
    assert live_records.workout_records(assisted, "epley") == []
    (record,) = live_records.workout_records(weighted, "epley")
    assert {h.kind: h.value_kg for h in record.hits}[RecordKind.HEAVIEST] == 85.0


def test_one_query_per_exercise_however_many_sets(row, monkeypatch):
    log(at("2026-01-05"), {row: [(30.0, 5)] * 3})
    today = log(at("2026-01-12"), {row: [(30.0 + n, 5) for n in range(1, 31)]})
    link = workouts.get_workout(today).exercises[0]
    calls: list[str] = []
    real = db.execute_sql
    monkeypatch.setattr(
        db, "execute_sql", lambda sql, *a, **k: calls.append(sql) or real(sql, *a, **k)
    )
    measure = live_records.for_link(
        link, workout_id=today, started_at=at("2026-01-12"), formula="epley"
    )
    found = measure.records(link.sets)
    assert len(calls) == 1
    assert len(found) == 30  # every set beat the one before it
