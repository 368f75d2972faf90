"""Issue 14 §1 and §4 in files: Hevy's superset_id becomes superset groups; our CSV writes
`superset`, `reps_left` and `reps_right` after the older columns and reads them back; files
without them import as before; bad values are refused naming the line, nothing written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from backtracker.services import export, importers
from backtracker.storage.database import close_database, open_database
from backtracker.storage.models import Exercise, SetEntry, Workout, WorkoutExercise
from backtracker.storage.profile import prepare_profile
from backtracker.storage.seeding import seed_catalogue

HEVY_HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    '"duration_seconds","rpe"'
)
OLD_HEADER = (
    "workout_start,workout_name,exercise,set_number,set_type,weight_kg,reps,duration_s,"
    "distance_m,rpe,notes,workout_end,workout_notes"
)


def hevy_row(exercise: str, superset: str, index: int, weight: str = "20") -> str:
    return (
        f'"Pairs","15 Sep 2025, 07:48","15 Sep 2025, 08:55","","{exercise}",{superset},"",'
        f'{index},"normal",{weight},10,,,'
    )


def groups(workout: Workout) -> list[tuple[str, int | None]]:
    query = (
        WorkoutExercise.select(WorkoutExercise, Exercise)
        .join(Exercise)
        .where(WorkoutExercise.workout == workout)
        .order_by(WorkoutExercise.position)
    )
    return [(link.exercise.name, link.superset) for link in query]


def test_hevy_superset_ids_become_groups(seeded, tmp_path):
    path = tmp_path / "hevy.csv"
    rows = [
        hevy_row("Bent Over Row (Dumbbell)", "0", 0),  # superset_id 0 is a real group
        hevy_row("Face Pull", "0", 0),
        hevy_row("Bent Over Row (Dumbbell)", "0", 1),
        hevy_row("Face Pull", "0", 1),
        hevy_row("Pull Up", "", 0, ""),  # no superset
        hevy_row("Lat Pulldown (Cable)", "3", 0),
        hevy_row("Seated Cable Row", "3", 0),
        hevy_row("Shrug (Dumbbell)", "3", 0),
        hevy_row("Bicep Curl (Dumbbell)", "7", 0),  # a group of one is no group
    ]
    path.write_text("\n".join([HEVY_HEADER, *rows]) + "\n", encoding="utf-8")
    result = importers.import_file(path)
    assert result.workouts_added == 1
    assert [g for _, g in groups(Workout.get())] == [1, 1, None, 2, 2, 2, None]


def _fresh_profile(folder: Path) -> None:
    close_database()
    open_database(prepare_profile(folder).database_path)
    seed_catalogue()


def _exercise(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def _workout_with_supersets() -> None:
    """Pulldown + row as superset A, face pull alone, renegade row + superman as B; the row
    is logged left and right."""
    start = dt.datetime(2026, 3, 16, 18, 0)
    workout = Workout.create(name="Pairs", started_at=start, ended_at=start.replace(hour=19))
    plan = [
        ("lat-pulldown", 5, [dict(weight_kg=40.0, reps=10)]),
        ("dumbbell-row", 5, [dict(weight_kg=16.0, reps=9, reps_left=10, reps_right=9)] * 2),
        ("face-pull", None, [dict(weight_kg=20.0, reps=12)]),
        ("renegade-row", 8, [dict(weight_kg=8.0, reps=8)]),
        ("superman", 8, [dict(duration_s=30.0)]),
    ]
    for position, (key, group, sets) in enumerate(plan):
        link = WorkoutExercise.create(
            workout=workout, exercise=_exercise(key), position=position, superset=group
        )
        for at, values in enumerate(sets):
            SetEntry.create(
                workout_exercise=link, position=at, completed=True, completed_at=start, **values
            )


def test_our_csv_round_trip_keeps_supersets_and_left_right_reps(seeded, tmp_path):
    _workout_with_supersets()
    path = tmp_path / "ours.csv"
    assert export.export_csv(path) == 6
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == export.OUR_HEADER
    assert lines[0].startswith(OLD_HEADER + ",")  # appended: old readers keep working
    assert lines[0].endswith(",workout_notes,superset,reps_left,reps_right")
    tails = [line.rsplit(",", 3)[1:] for line in lines[1:]]
    assert tails == [
        ["A", "", ""],
        ["A", "10", "9"],
        ["A", "10", "9"],
        ["", "", ""],
        ["B", "", ""],
        ["B", "", ""],
    ]
    # the Strong-compatible file is unchanged: no superset or side columns
    strong = tmp_path / "strong.csv"
    export.export_strong_csv(strong)
    assert strong.read_text(encoding="utf-8").splitlines()[0] == export.STRONG_HEADER

    _fresh_profile(tmp_path / "fresh")
    result = importers.import_file(path)
    assert (result.workouts_added, result.sets_added) == (1, 6)
    assert groups(Workout.get()) == [
        ("Lat Pulldown", 1),
        ("Dumbbell Row", 1),
        ("Face Pull", None),
        ("Renegade Row", 2),
        ("Superman", 2),
    ]
    sides = [
        (s.reps, s.reps_left, s.reps_right)
        for s in SetEntry.select().order_by(SetEntry.id)
        if s.reps_left is not None
    ]
    assert sides == [(9, 10, 9), (9, 10, 9)]
    assert SetEntry.select().where(SetEntry.reps_left.is_null(False)).count() == 2


def test_files_without_the_new_columns_still_import(seeded, tmp_path):
    path = tmp_path / "old.csv"
    path.write_text(
        OLD_HEADER + "\r\n"
        "2024-05-01T07:30:00,Pull day,Dumbbell Row,1,normal,22.5,10,,,8,,2024-05-01T08:30:00,\r\n"
        "2024-05-01T07:30:00,Pull day,Face Pull,1,normal,20,12,,,,,2024-05-01T08:30:00,\r\n",
        encoding="utf-8",
    )
    assert importers.detect(path) == (importers.SourceFormat.BACKTRACKER, "BackTracker CSV")
    result = importers.import_file(path)
    assert (result.workouts_added, result.sets_added) == (1, 2)
    assert [g for _, g in groups(Workout.get())] == [None, None]
    assert SetEntry.select().where(SetEntry.reps_left.is_null(False)).count() == 0


def test_a_left_right_set_without_reps_takes_the_weaker_side(seeded, tmp_path):
    path = tmp_path / "sides.csv"
    path.write_text(
        export.OUR_HEADER + "\r\n"
        "2024-05-01T07:30:00,One arm,Dumbbell Row,1,normal,20,,,,,,,,,11,9\r\n",
        encoding="utf-8",
    )
    importers.import_file(path)
    (entry,) = SetEntry.select()
    assert (entry.reps, entry.reps_left, entry.reps_right) == (9, 11, 9)


@pytest.mark.parametrize(
    ("tail", "reason"),
    [
        ("A1,,", "“A1” in superset is not a superset letter"),
        (",10,", "give both the left and the right reps"),
        (",10,12", r"reps \(8\) must be the weaker side \(10\)"),
        (",ten,9", "“ten” in reps_left is not a number"),
    ],
)
def test_bad_superset_or_side_values_are_refused(seeded, tmp_path, tail, reason):
    path = tmp_path / "bad.csv"
    path.write_text(
        export.OUR_HEADER + "\r\n"
        f"2024-05-01T07:30:00,Pull day,Dumbbell Row,1,normal,20,8,,,,,,,{tail}\r\n",
        encoding="utf-8",
    )
    with pytest.raises(importers.ImportFileError, match=f"Line 2: {reason}"):
        importers.import_file(path)
    assert Workout.select().count() == 0 and SetEntry.select().count() == 0
