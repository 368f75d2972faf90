"""Issue 13, point 8: our CSV export and the Strong-compatible one import back into a fresh
profile with the same workouts and numbers. (Superset groups are not in either file: issue
14 adds supersets.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from backtracker.services import demo, export, importers
from backtracker.services.importers import SourceFormat
from backtracker.storage import routines
from backtracker.storage.database import close_database, open_database
from backtracker.storage.models import Exercise, SetEntry, Workout, WorkoutExercise
from backtracker.storage.profile import prepare_profile
from backtracker.storage.seeding import seed_catalogue
from tests.services.test_export import log  # noqa: F401 (a fixture: every kind of set)

TODAY = dt.date(2026, 3, 18)


def _minute(moment: object) -> dt.datetime:
    value = moment if isinstance(moment, dt.datetime) else dt.datetime.fromisoformat(str(moment))
    return value.replace(microsecond=0)


def snapshot(*, strong: bool = False) -> list[tuple]:
    """Every completed set with its workout (and its duration), as the person sees them.

    For the Strong file: durations are whole minutes, distances pass through km, a set
    without a value is 0 there, and a workout without a name is "Workout".
    """
    rows = []
    query = (
        SetEntry.select(SetEntry, WorkoutExercise, Workout, Exercise)
        .join(WorkoutExercise)
        .join(Workout)
        .switch(WorkoutExercise)
        .join(Exercise)
        .where(SetEntry.completed == True)  # noqa: E712
        .order_by(Workout.started_at, WorkoutExercise.position, SetEntry.position)
    )
    for s in query:
        workout = s.workout_exercise.workout
        start = _minute(workout.started_at)
        end = start if workout.ended_at is None else _minute(workout.ended_at)
        seconds = int((end - start).total_seconds())  # an imported workout is finished
        name = workout.name
        if strong:
            seconds = seconds // 60 * 60
            name = name or "Workout"
        rows.append(
            (
                start,
                seconds,
                name,
                workout.notes,
                s.workout_exercise.exercise.name,
                s.set_type,
                round(s.weight_kg or 0, 6),
                s.reps or 0,
                round(s.duration_s or 0) if strong else (s.duration_s or 0),
                round(s.distance_m or 0, 3),
                s.rpe,
                s.notes,
            )
        )
    return rows


def volume() -> float:
    return round(
        sum(
            (s.weight_kg or 0) * (s.reps or 0)
            for s in SetEntry.select().where(SetEntry.completed == True)  # noqa: E712
        ),
        3,
    )


def _fresh_profile(folder: Path) -> None:
    close_database()
    open_database(prepare_profile(folder).database_path)
    seed_catalogue()


def _round_trip(tmp_path: Path, write, *, strong: bool = False, unit: str | None = None):
    before, weight = snapshot(strong=strong), volume()
    path = tmp_path / "export.csv"
    write(path)
    _fresh_profile(tmp_path / "fresh")
    result = importers.import_file(path, unit=unit)
    return before, weight, result


def test_our_csv_comes_back_whole(log, tmp_path):  # noqa: F811
    before, weight, result = _round_trip(tmp_path, export.export_csv)

    assert importers.detect(tmp_path / "export.csv") == (
        SourceFormat.BACKTRACKER,
        "BackTracker CSV",
    )
    assert (result.workouts_added, result.sets_added) == (3, 11)
    assert snapshot() == before  # names, times, durations, notes, types, RPE, set notes
    assert volume() == weight
    assert Workout.get(Workout.name == "Pull day").notes == 'Felt "great", really'
    # A workout still under way when exported comes back finished, with no duration.
    morning = Workout.get(Workout.name == "Morning")
    assert _minute(morning.ended_at) == _minute(morning.started_at)
    assert all(how in ("exact", "alias") for how in result.how.values())


def test_a_year_of_training_comes_back_whole_from_our_csv(seeded, tmp_path):
    routines.seed_builtin_routines()
    demo.fill_demo_profile(today=TODAY, weeks=26)
    workouts = Workout.select().where(Workout.ended_at.is_null(False)).count()
    before, weight, result = _round_trip(tmp_path, export.export_csv)

    assert result.workouts_added == workouts and result.sets_added == len(before)
    assert snapshot() == before
    assert volume() == weight


def test_the_strong_csv_comes_back_with_the_same_numbers(log, tmp_path):  # noqa: F811
    before, weight, result = _round_trip(tmp_path, export.export_strong_csv, strong=True, unit="kg")

    assert (result.workouts_added, result.sets_added) == (3, 11)
    assert snapshot(strong=True) == before
    assert volume() == weight


def test_importing_our_csv_twice_adds_nothing(log, tmp_path):  # noqa: F811
    _round_trip(tmp_path, export.export_csv)
    again = importers.import_file(tmp_path / "export.csv")
    assert again.already_imported and again.workouts_added == 0


def test_an_older_csv_without_workout_columns_still_imports(seeded, tmp_path):
    path = tmp_path / "old.csv"
    path.write_text(
        "workout_start,workout_name,exercise,set_number,set_type,weight_kg,reps,duration_s,"
        "distance_m,rpe,notes\r\n"
        "2024-05-01T07:30:00,Pull day,Dumbbell Row,1,warmup,10,12,,,,\r\n"
        "2024-05-01T07:30:00,Pull day,Dumbbell Row,2,normal,22.5,10,,,8,slow\r\n",
        encoding="utf-8",
    )
    assert importers.detect(path)[0] is SourceFormat.BACKTRACKER
    result = importers.import_file(path)
    assert (result.workouts_added, result.sets_added) == (1, 2)
    assert [(s.set_type, s.weight_kg, s.rpe, s.notes) for s in SetEntry.select()] == [
        ("warmup", 10.0, None, ""),
        ("normal", 22.5, 8.0, "slow"),
    ]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("set_type=superset", "is not a set type"),
        ("workout_start=May 1st", "is not a date"),
        ("set_number=0", "is not a set number"),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_written(seeded, tmp_path, cell, reason):
    column, value = cell.split("=")
    header = export.OUR_HEADER.split(",")
    good = dict.fromkeys(header, "")
    good |= {
        "workout_start": "2024-05-01T07:30:00",
        "workout_name": "Pull day",
        "exercise": "Dumbbell Row",
        "set_number": "1",
        "set_type": "normal",
        "weight_kg": "20",
        "reps": "8",
    }
    bad = good | {column: value}
    path = tmp_path / "bad.csv"
    path.write_text(
        "\r\n".join(
            ",".join(row[h] for h in header)
            for row in (dict(zip(header, header, strict=True)), good, bad)
        )
        + "\r\n",
        encoding="utf-8",
    )
    with pytest.raises(importers.BadRowsError) as error:
        importers.import_file(path)
    assert "Line 3:" in str(error.value) and reason in str(error.value)
    assert Workout.select().count() == 0
