"""Negative weights in Strong, Hevy and FitNotes exports (issue 14, section 4): assistance on
an exercise mapped to a bodyweight one (an assisted pull-up at -20 kg) is imported as it is;
on any other exercise its line is a problem line with a clear reason, so the file is
refused (nothing written) or, with skip_bad_rows, imported without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtracker.domain.catalogue import Tracking
from backtracker.services import importers
from backtracker.storage.models import Exercise, SetEntry, Workout, WorkoutExercise
from tests.services.test_importers_files import FITNOTES_HEADER, STRONG_2024_HEADER, write

HEVY_HEADER = ",".join(
    f'"{c}"'
    for c in (
        "title", "start_time", "end_time", "description", "exercise_title", "superset_id",
        "exercise_notes", "set_index", "set_type", "weight_kg", "reps", "distance_km",
        "duration_seconds", "rpe",
    )
)  # fmt: skip


def strong(path: Path, *, pulldown: str = "40.0") -> Path:
    rows = [
        "2024-11-05 17:20:00,Back,1h,Pull Up (Assisted),1,-20.0,8.0,0,0,",
        "2024-11-05 17:20:00,Back,1h,Pull Up (Assisted),2,-25,6.0,0,0,",
        f"2024-11-05 17:20:00,Back,1h,Lat Pulldown (Cable),1,{pulldown},10.0,0,0,",
    ]
    return write(path, [STRONG_2024_HEADER, *rows], crlf=False)


def hevy(path: Path, *, pulldown: str = "40") -> Path:
    head = '"Back","15 Sep 2025, 07:48","15 Sep 2025, 08:55",""'
    rows = [
        f"{head},Assisted Pull Up,,,0,normal,-20,8,,,",
        f"{head},Lat Pulldown (Cable),,,0,normal,{pulldown},10,,,",
    ]
    return write(path, [HEVY_HEADER, *rows], bom=False, crlf=False)


def fitnotes(path: Path, *, pulldown: str = "40.0") -> Path:
    rows = [
        "2023-05-02,Assisted Pull Up,Back,-20.0,kgs,8,,,,",
        "2023-05-02,Assisted Pull Up,Back,-44.0,lbs,8,,,,",
        f"2023-05-02,Lat Pulldown (Cable),Back,{pulldown},kgs,10,,,,",
    ]
    return write(path, [FITNOTES_HEADER, *rows], bom=False)


def weights_of(catalogue_key: str) -> list[float]:
    return [
        s.weight_kg
        for s in SetEntry.select()
        .join(WorkoutExercise)
        .join(Exercise)
        .where(Exercise.catalogue_key == catalogue_key)
        .order_by(SetEntry.position)
    ]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (strong, [-20.0, -25.0]),
        (hevy, [-20.0]),
        (fitnotes, [-20.0, pytest.approx(-44.0 * 0.45359237)]),
    ],
)
def test_assistance_on_an_assisted_pull_up_is_imported(seeded, tmp_path, make, expected):
    parsed = importers.parse(make(tmp_path / "in.csv"), unit="kg")
    assert not parsed.problems
    result = importers.import_parsed(parsed)
    assert result.mapping["Pull Up (Assisted)" if make is strong else "Assisted Pull Up"] == (
        "Assisted Pull-Up"
    )
    assert weights_of("assisted-pull-up") == expected
    assert weights_of("lat-pulldown") == [40.0]
    assert not result.skipped_rows


@pytest.mark.parametrize(
    ("make", "line"),
    [(strong, 4), (hevy, 3), (fitnotes, 4)],
)
def test_a_negative_weight_elsewhere_refuses_the_file_naming_the_line(seeded, tmp_path, make, line):
    parsed = importers.parse(make(tmp_path / "in.csv", pulldown="-40"), unit="kg")
    with pytest.raises(importers.BadRowsError) as caught:
        importers.import_parsed(parsed)
    (problem,) = caught.value.problems
    assert problem.line == line
    assert "negative weight (-40 kg) on “Lat Pulldown (Cable)”" in problem.reason
    assert "only bodyweight exercises take a negative (assisting) load" in problem.reason
    assert Workout.select().count() == 0 and SetEntry.select().count() == 0  # nothing written


def test_skipping_bad_rows_imports_the_rest_and_keeps_the_line_in_the_record(seeded, tmp_path):
    parsed = importers.parse(strong(tmp_path / "in.csv", pulldown="-40"), unit="kg")
    result = importers.import_parsed(parsed, skip_bad_rows=True)
    assert [p.line for p in result.skipped_rows] == [4]
    assert result.sets_added == 2
    assert weights_of("assisted-pull-up") == [-20.0, -25.0]
    assert weights_of("lat-pulldown") == []


def test_a_dry_run_reports_the_same(seeded, tmp_path):
    parsed = importers.parse(hevy(tmp_path / "in.csv", pulldown="-40"), unit="kg")
    with pytest.raises(importers.BadRowsError):
        importers.import_parsed(parsed, dry_run=True)
    result = importers.import_parsed(parsed, dry_run=True, skip_bad_rows=True)
    assert result.dry_run and [p.line for p in result.skipped_rows] == [3]
    assert SetEntry.select().count() == 0


def test_an_unknown_name_with_assistance_becomes_a_bodyweight_exercise(seeded, tmp_path):
    rows = ["2024-11-05 17:20:00,Back,1h,Gravitron Dip,1,-30.0,8.0,0,0,"]
    parsed = importers.parse(write(tmp_path / "in.csv", [STRONG_2024_HEADER, *rows]), unit="kg")
    result = importers.import_parsed(parsed)
    assert result.exercises_created == ["Gravitron Dip"]
    created = Exercise.get(Exercise.name == "Gravitron Dip")
    assert created.tracking == Tracking.BODYWEIGHT_REPS.value
    assert [s.weight_kg for s in SetEntry.select()] == [-30.0]


def test_a_mapping_onto_a_bodyweight_exercise_takes_the_assistance(seeded, tmp_path):
    """The person maps the pulldown's name onto the assisted pull-up: no problem line."""
    parsed = importers.parse(strong(tmp_path / "in.csv", pulldown="-40"), unit="kg")
    assisted = Exercise.get(Exercise.catalogue_key == "assisted-pull-up").id
    result = importers.import_parsed(parsed, {"Lat Pulldown (Cable)": assisted})
    assert not result.skipped_rows
    assert weights_of("assisted-pull-up") == [-40.0]
    # The file's own assisted name no longer has that exercise to itself (one name per
    # exercise): it becomes a bodyweight custom exercise, which takes its assistance too.
    assert result.sets_added == 3
    assert result.exercises_created == ["Pull Up (Assisted) (Strong)"]
    custom = Exercise.get(Exercise.name == "Pull Up (Assisted) (Strong)")
    assert custom.tracking == Tracking.BODYWEIGHT_REPS.value


def test_the_command_line_lists_the_line_and_imports_the_rest_when_told(tmp_path):
    """`backtracker import` lists such a line like any problem line, and --skip-bad-rows
    imports the rest and says it skipped it."""
    from tests.test_cli_import import run_import

    data = tmp_path / "data"
    path = strong(tmp_path / "in.csv", pulldown="-40")
    refused = run_import(str(path), "--unit", "kg", "--data-dir", str(data))
    assert refused.returncode != 0
    assert "Line 4: A negative weight (-40 kg)" in refused.stderr
    done = run_import(str(path), "--unit", "kg", "--data-dir", str(data), "--skip-bad-rows")
    assert done.returncode == 0, done.stderr
    assert "Line 4: A negative weight (-40 kg)" in done.stdout
    assert "Skipped 1 line (--skip-bad-rows)" in done.stdout
    assert "Sets: 2 imported" in done.stdout
