"""A workout's times hang together: moving its start moves its end and its sets, and one
logged after the fact ends at its last set or after the duration typed, never at "now"."""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.domain import clock
from backtracker.domain.errors import UserError
from backtracker.services import logbook
from backtracker.services.preferences import Preferences
from backtracker.storage import workouts
from backtracker.storage.models import Exercise, SetEntry, Workout
from backtracker.ui.log.history import describe

PREFS = Preferences()
NOW = dt.datetime(2026, 3, 18, 9, 15)  # a Wednesday


@pytest.fixture(autouse=True)
def _wednesday_morning() -> None:
    """These tests name their days, so they pin the clock themselves (whatever
    BACKTRACKER_TEST_NOW says)."""
    clock.pin(NOW)


def _exercise() -> int:
    return Exercise.get(Exercise.catalogue_key == "barbell-row").id


def _finished_workout(start: dt.datetime, set_minutes: list[int], end_minutes: int) -> int:
    workout_id = workouts.start_workout(start)
    link = workouts.add_exercise(workout_id, workouts.PlannedExercise(_exercise()))
    for minutes in set_minutes:
        workouts.add_set(
            link,
            {
                "weight_kg": 40.0,
                "reps": 8,
                "completed": True,
                "completed_at": start + dt.timedelta(minutes=minutes),
            },
        )
    workouts.finish_workout(workout_id, start + dt.timedelta(minutes=end_minutes))
    return workout_id


def _completion_times(workout_id: int) -> list[dt.datetime]:
    info = logbook.get_workout(workout_id)
    return [s.completed_at for e in info.exercises for s in e.sets if s.completed]


def _history_line(workout_id: int) -> str:
    [summary] = [s for s in logbook.history() if s.id == workout_id]
    return describe(summary, PREFS.unit).splitlines()[0]


# -- 1. moving the start -------------------------------------------------------------------------


def _move_start(workout_id: int, started_at: dt.datetime) -> dt.timedelta:
    from backtracker.services import workout_times  # new: the rest of the file runs without it

    return workout_times.move_start(workout_id, started_at)


def test_moving_the_start_moves_the_end_and_the_sets_with_it(seeded):
    start = dt.datetime(2026, 3, 16, 7, 30)
    workout_id = _finished_workout(start, [5, 20, 38], 45)
    later = dt.datetime(2026, 3, 17, 18, 40)  # the day after, in the evening

    _move_start(workout_id, later)

    moved = logbook.get_workout(workout_id)
    assert moved.started_at == later
    assert moved.ended_at == later + dt.timedelta(minutes=45)
    assert _completion_times(workout_id) == [later + dt.timedelta(minutes=m) for m in (5, 20, 38)]
    assert _history_line(workout_id) == "Tue 17 Mar 2026 · 45 min"


def test_moving_the_start_is_one_transaction(seeded, monkeypatch):
    start = dt.datetime(2026, 3, 16, 7, 30)
    workout_id = _finished_workout(start, [5, 20, 38], 45)
    before = logbook.get_workout(workout_id)
    real_update = SetEntry.update
    calls = {"n": 0}

    def fail_on_the_second_set(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real_update(*args, **kwargs)

    monkeypatch.setattr(SetEntry, "update", fail_on_the_second_set)
    with pytest.raises(OSError):
        _move_start(workout_id, dt.datetime(2026, 3, 17, 18, 40))
    monkeypatch.undo()

    assert logbook.get_workout(workout_id) == before


def test_a_move_that_would_end_the_workout_in_the_future_changes_nothing(seeded):
    workout_id = _finished_workout(dt.datetime(2026, 3, 16, 7, 30), [5], 45)
    before = logbook.get_workout(workout_id)

    with pytest.raises(UserError, match="would end in the future"):
        _move_start(workout_id, NOW - dt.timedelta(minutes=20))
    with pytest.raises(UserError, match="can't start in the future"):
        _move_start(workout_id, NOW + dt.timedelta(hours=1))

    assert logbook.get_workout(workout_id) == before


# -- 2. a workout logged after the fact ------------------------------------------------------------


def _log_sets_over(workout_id: int, minutes: list[int]) -> list[dt.datetime]:
    """Tick one set at each of these minutes after now (the clock moves on between them)."""
    info = logbook.get_workout(workout_id)
    link = logbook.get_workout(workout_id).exercises[0]
    for offset in minutes:
        clock.pin(NOW + dt.timedelta(minutes=offset))
        set_id = logbook.add_set(link.id, {"weight_kg": 40.0, "reps": 8})
        logbook.complete_set(link, set_id)
    assert logbook.get_workout(workout_id).started_at == info.started_at
    return _completion_times(workout_id)


def test_a_back_dated_workout_ends_at_its_last_set(seeded):
    started = NOW - dt.timedelta(hours=26)  # yesterday morning, 07:15
    workout_id = logbook.start_workout(PREFS, started_at=started)
    logbook.add_exercise(workout_id, _exercise(), PREFS)

    times = _log_sets_over(workout_id, [2, 9, 17])  # typed in over a quarter of an hour
    clock.pin(NOW + dt.timedelta(minutes=25))  # a last look before Finish
    logbook.finish_workout(workout_id)

    assert times == [started + dt.timedelta(minutes=m) for m in (2, 9, 17)]
    finished = logbook.get_workout(workout_id)
    assert finished.ended_at == started + dt.timedelta(minutes=17)
    assert _history_line(workout_id) == "Tue 17 Mar 2026 · 17 min"


def test_a_back_dated_workout_ends_after_the_duration_typed(seeded):
    started = NOW - dt.timedelta(hours=26)
    workout_id = logbook.start_workout(PREFS, started_at=started)
    logbook.add_exercise(workout_id, _exercise(), PREFS)
    _log_sets_over(workout_id, [1, 2])

    logbook.finish_workout(workout_id, duration=dt.timedelta(hours=1, minutes=5))

    assert logbook.get_workout(workout_id).ended_at == started + dt.timedelta(minutes=65)
    assert _history_line(workout_id) == "Tue 17 Mar 2026 · 1 h 05 min"


def test_a_live_workout_still_ends_now_while_a_back_dated_one_does_not(seeded):
    live = logbook.start_workout(PREFS)
    logbook.add_exercise(live, _exercise(), PREFS)
    live_times = _log_sets_over(live, [3, 10])
    clock.pin(NOW + dt.timedelta(minutes=40))
    logbook.finish_workout(live)
    old = logbook.start_workout(PREFS, started_at=NOW - dt.timedelta(hours=26))
    logbook.add_exercise(old, _exercise(), PREFS)
    clock.pin(NOW + dt.timedelta(minutes=50))
    old_times = _log_sets_over(old, [52])

    logbook.finish_workout(old)

    assert live_times == [NOW + dt.timedelta(minutes=3), NOW + dt.timedelta(minutes=10)]
    assert logbook.get_workout(live).ended_at == NOW + dt.timedelta(minutes=40)
    lag = Workout.get_by_id(old).created_at - logbook.get_workout(old).started_at
    assert old_times == [NOW + dt.timedelta(minutes=52) - lag]
    assert logbook.get_workout(old).ended_at == old_times[0]
    assert logbook.get_workout(old).ended_at < NOW - dt.timedelta(hours=24)


@pytest.mark.parametrize(
    ("duration", "problem"),
    [
        (dt.timedelta(0), "at least a minute"),
        (dt.timedelta(minutes=-30), "at least a minute"),
        (dt.timedelta(hours=25), "at most 24 hours"),
    ],
)
def test_a_duration_that_makes_no_sense_is_refused_and_changes_nothing(seeded, duration, problem):
    workout_id = logbook.start_workout(PREFS, started_at=NOW - dt.timedelta(hours=26))
    logbook.add_exercise(workout_id, _exercise(), PREFS)
    _log_sets_over(workout_id, [1])
    before = logbook.get_workout(workout_id)

    with pytest.raises(UserError, match=problem):
        logbook.finish_workout(workout_id, duration=duration)

    assert logbook.get_workout(workout_id) == before
