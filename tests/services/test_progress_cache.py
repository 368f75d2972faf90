"""services.progress_cache: what the Progress tab reads of an exercise, kept until the data
changes. It must give exactly what the uncached functions give, read each thing once, and
never hand out figures from before a write (told or not)."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
import threading

import pytest

from backtracker.domain import clock
from backtracker.services import progress
from backtracker.services.progress import Metric, Range
from backtracker.services.progress_cache import ExerciseCache
from backtracker.storage import body, workouts
from backtracker.storage import progress as store
from tests.storage.test_progress import at, exercise_id, log, log_history

TODAY = dt.date(2026, 3, 18)


@pytest.fixture
def history(seeded) -> tuple[int, int]:
    return log_history()


@pytest.fixture
def counted(monkeypatch) -> dict[str, int]:
    """How often each per-exercise query ran."""
    calls = {"days": 0, "records": 0, "time_days": 0}
    for name, attribute in (
        ("days", "exercise_days"),
        ("records", "exercise_records"),
        ("time_days", "exercise_time_days"),
    ):
        real = getattr(store, attribute)

        def counting(*args, _real=real, _name=name, **kwargs):
            calls[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(store, attribute, counting)
    return calls


def test_series_is_what_exercise_series_gives(history):
    cache = ExerciseCache()
    compared = 0
    for exercise in history:  # a weighted exercise and a bodyweight one
        for metric, rng, formula, unit in itertools.product(
            list(Metric)[:6], Range, ("epley", "brzycki"), ("kg", "lb")
        ):
            expected = progress.exercise_series(
                exercise, metric, rng, formula=formula, unit=unit, today=TODAY
            )
            got = cache.series(exercise, metric, rng, formula=formula, unit=unit, today=TODAY)
            assert got == expected, (exercise, metric, rng, formula, unit)
            compared += bool(expected.values)
    assert compared > 50  # most of them have points, so the comparison means something


def test_time_series_is_what_exercise_series_gives(seeded):
    hang = exercise_id("dead-hang")
    workout = workouts.start_workout(at("2026-03-02"))
    link = workouts.add_exercise(workout, workouts.PlannedExercise(hang))
    for seconds in (30.0, 45.0):
        workouts.add_set(link, {"duration_s": seconds, "completed": True})
    cache = ExerciseCache()
    for metric in (Metric.LONGEST_HOLD, Metric.TIME_UNDER_TENSION):
        expected = progress.exercise_series(
            hang, metric, Range.ALL, formula="epley", unit="kg", today=TODAY
        )
        assert cache.series(hang, metric, Range.ALL, formula="epley", unit="kg", today=TODAY) == (
            expected
        )
        assert expected.values  # the hold is there, so the comparison means something
    assert cache.kind(hang) is progress.ExerciseKind.TIME


def test_each_exercise_is_read_once_for_every_metric_range_and_unit(history, counted):
    row, _ = history
    cache = ExerciseCache()
    for _ in range(2):
        for metric in progress.WEIGHT_METRICS:
            for rng in Range:
                for unit in ("kg", "lb"):
                    cache.series(row, metric, rng, formula="epley", unit=unit, today=TODAY)
        cache.records(row, formula="epley")
    assert counted == {"days": 1, "records": 0, "time_days": 0}  # records: from the days
    cache.series(row, Metric.E1RM, Range.ALL, formula="brzycki", unit="kg", today=TODAY)
    assert counted["days"] == 2  # another formula is other figures


def test_records_and_efforts_are_the_uncached_ones(history):
    row, pull = history
    cache = ExerciseCache()
    for exercise in (row, pull):
        for formula in ("epley", "brzycki"):
            assert cache.records(exercise, formula=formula) == progress.records(
                exercise, formula=formula
            )
        assert cache.effort_records(exercise) == progress.effort_records(exercise)
        assert cache.metrics_for(exercise) == progress.metrics_for(exercise)


def e1rm_values(cache: ExerciseCache, exercise: int) -> tuple[float, ...]:
    return cache.series(
        exercise, Metric.E1RM, Range.ALL, formula="epley", unit="kg", today=TODAY
    ).values


def test_a_set_logged_without_telling_the_cache_is_seen(history, counted):
    """Nobody calls clear(): the connection's change count moves, the cache empties."""
    row, _ = history
    cache = ExerciseCache()
    before = e1rm_values(cache, row)
    best_before = cache.records(row, formula="epley").best_e1rm
    log(at("2026-03-10"), {row: [(60.0, 5)]})
    after = e1rm_values(cache, row)
    assert after == (*before, 60.0 * (1 + 5 / 30))
    best = cache.records(row, formula="epley").best_e1rm
    assert best is not None and best.value_kg == pytest.approx(70.0)
    assert best != best_before
    assert counted["days"] == 2 and counted["records"] == 0


def test_an_edited_and_a_deleted_set_are_seen(history):
    row, _ = history
    workout = log(at("2026-03-10"), {row: [(60.0, 5)]})
    cache = ExerciseCache()
    assert e1rm_values(cache, row)[-1] == pytest.approx(70.0)
    (set_id,) = [
        s.id
        for link in workouts.get_workout(workout).exercises
        for s in link.sets
        if s.weight_kg == 60.0
    ]
    workouts.update_set(set_id, {"weight_kg": 30.0})
    assert e1rm_values(cache, row)[-1] == pytest.approx(35.0)
    workouts.delete_set(set_id)
    assert (
        dt.date(2026, 3, 10)
        not in cache.series(
            row, Metric.E1RM, Range.ALL, formula="epley", unit="kg", today=TODAY
        ).days
    )


def test_a_bodyweight_logged_moves_the_load_of_bodyweight_exercises(history):
    _, pull = history
    cache = ExerciseCache()
    before = e1rm_values(cache, pull)
    body.set_bodyweight(dt.date(2025, 12, 1), 90.0)  # the earliest: the load before Jan 1
    after = e1rm_values(cache, pull)
    assert after != before
    assert after[0] == pytest.approx(90.0 * (1 + 6 / 30))


def test_a_write_through_another_connection_is_seen(history, profile):
    """A background thread or another process writes through its own connection: SQLite's
    data_version moves for ours."""
    row, _ = history
    cache = ExerciseCache()
    stamp = store.data_stamp()
    before = e1rm_values(cache, row)

    def write() -> None:
        other = sqlite3.connect(profile.database_path, timeout=5)
        with other:
            other.execute("UPDATE set_entry SET weight_kg = weight_kg * 2")
        other.close()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(10)
    assert store.data_stamp() != stamp
    after = e1rm_values(cache, row)
    assert after == pytest.approx(tuple(2 * v for v in before))


def test_clear_forgets_and_reads_do_not_write(history, counted):
    row, _ = history
    cache = ExerciseCache()
    stamp = store.data_stamp()
    e1rm_values(cache, row)
    cache.records(row, formula="epley")
    progress.overview(rng=Range.ALL, today=TODAY)
    assert store.data_stamp() == stamp  # reading moves nothing: the cache stays valid
    e1rm_values(cache, row)
    assert counted["days"] == 1
    cache.clear()
    e1rm_values(cache, row)
    assert counted["days"] == 2


def test_overview_is_kept_per_range_until_a_change(history, monkeypatch):
    row, _ = history
    calls = []
    real = progress.overview
    monkeypatch.setattr(progress, "overview", lambda **k: calls.append(k["rng"]) or real(**k))
    cache = ExerciseCache()
    first = cache.overview(rng=Range.ALL, today=TODAY)
    assert first == real(rng=Range.ALL, today=TODAY)
    cache.overview(rng=Range.Y1, today=TODAY)
    cache.overview(rng=Range.ALL, today=TODAY)
    assert calls == [Range.ALL, Range.Y1]
    log(at("2026-03-16"), {row: [(50.0, 5)]})
    again = cache.overview(rng=Range.ALL, today=TODAY)
    assert calls == [Range.ALL, Range.Y1, Range.ALL]
    assert again.weeks[-1] == (dt.date(2026, 3, 16), first.weeks[-1][1] + 1)
    assert clock.today() == TODAY
