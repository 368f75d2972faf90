"""FitNotes as it really writes (issue 13, point 4; FORMATS.md "Seen in real exports").

- The current layout, `Weight,Weight Unit` with `kgs`/`lbs`, with or without `Comment`.
- Exercise names with commas written without quotes, so the row has one field more per comma:
  the name is rebuilt when exactly one placement puts a known category (FitNotes' own, or one
  the file's well-formed rows use) in Category and numbers in the number columns; the rows so
  repaired are counted. A row that cannot be placed is a problem line, not the end.
- All-zero rows are kept as the sets they are; identical rows are real repeated sets.
- An ~11,000-row file imports in under 1 s of CPU time.

Every file here is invented, in the shapes FORMATS.md lists.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from backtracker.domain.units import KG_PER_LB
from backtracker.services import importers
from backtracker.services.importers import BadRowsError
from backtracker.storage import imports as store
from backtracker.storage.models import Exercise, ImportBatch, SetEntry, Workout, WorkoutExercise

CURRENT = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time"
CURRENT_COMMENT = CURRENT + ",Comment"
OLDER_LBS = "Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time,Comment"
PRESS = "Overhead Press (Each Side, Dumbbells)"


def write(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def sets_of(name: str) -> list[SetEntry]:
    return list(
        SetEntry.select()
        .join(WorkoutExercise)
        .join(Exercise)
        .where(Exercise.name == name)
        .order_by(SetEntry.id)
    )


def test_current_layout_without_comment_reads_kgs_and_lbs(seeded, tmp_path):
    path = write(
        tmp_path / "FitNotes_Export.csv",
        CURRENT,
        [
            "2024-06-03,Deadlift,Back,140.0,kgs,5,,,",
            "2024-06-03,Deadlift,Back,140.0,kgs,5,,,",  # a real repeated set, kept
            "2024-06-03,Lat Pulldown,Back,100.0,lbs,10,,,",
            "2024-06-03,Plank,Abs,0.0,kgs,0,,,0:01:30",
            "2024-06-05,Dumbbell Curl,Biceps,0.0,kgs,0,,,",  # all zero: kept as the file has it
            "2024-06-05,Running,Cardio,0.0,kgs,0,5.0,km,0:28:10",
        ],
    )
    parsed = importers.parse(path)
    assert parsed.variant == "FitNotes (current)"
    assert (parsed.rows, parsed.set_count, parsed.repaired, parsed.problems) == (6, 6, 0, ())
    result = importers.import_parsed(parsed)
    assert (result.workouts_added, result.sets_added) == (2, 6)
    deadlift = [s.weight_kg for s in SetEntry.select().where(SetEntry.reps == 5)]
    assert deadlift == [140.0, 140.0]
    pulldown = SetEntry.get(SetEntry.reps == 10)
    assert pulldown.weight_kg == pytest.approx(100 * KG_PER_LB)
    zero = [s for s in SetEntry.select() if s.weight_kg is None and s.reps is None]
    assert len(zero) == 3  # the plank (a time), the all-zero curl and the run (a distance)
    assert Workout.select().count() == 2


def test_unquoted_commas_in_names_are_put_back_and_counted(seeded, tmp_path):
    path = write(
        tmp_path / "export.csv",
        CURRENT_COMMENT,
        [
            "2024-06-03,Deadlift,Back,140.0,kgs,5,,,,",
            f"2024-06-03,{PRESS},Shoulders,22.5,kgs,8,,,,",
            f"2024-06-03,{PRESS},Shoulders,22.5,kgs,8,,,,left side weaker",
            "2024-06-03,Curl (Cable, Rope, Kneeling),Biceps,30.0,lbs,12,,,,",
            "2024-06-05,Hip Thrust,Glutes,100.0,kgs,10,,,,",  # a category the person made
            "2024-06-05,Hip Thrust (Single Leg, Bench),Glutes,20.0,kgs,10,,,,",
            "2024-06-05,Deadlift,Back,150.0,kgs,3,,,,felt good, easy",  # a comma in Comment
        ],
    )
    parsed = importers.parse(path)
    assert parsed.problems == ()
    assert parsed.repaired == 5
    assert parsed.exercise_names == (
        "Deadlift",
        PRESS,
        "Curl (Cable, Rope, Kneeling)",
        "Hip Thrust",
        "Hip Thrust (Single Leg, Bench)",
    )
    assert parsed.exercise_groups[PRESS] == "Shoulders"
    assert parsed.exercise_groups["Hip Thrust (Single Leg, Bench)"] == "Glutes"
    importers.import_parsed(parsed)
    press = sets_of(PRESS)
    assert [(s.weight_kg, s.reps, s.notes) for s in press] == [
        (22.5, 8, ""),
        (22.5, 8, "left side weaker"),
    ]
    curl = sets_of("Curl (Cable, Rope, Kneeling)")
    assert curl[0].weight_kg == pytest.approx(30 * KG_PER_LB) and curl[0].reps == 12
    heavy = SetEntry.get(SetEntry.weight_kg == 150.0)
    assert heavy.notes == "felt good, easy"
    assert SetEntry.select().count() == 7


def test_the_older_lbs_layout_is_repaired_too(seeded, tmp_path):
    path = write(
        tmp_path / "old.csv",
        OLDER_LBS,
        [
            "2019-01-07,Bench Press,Chest,135.0,8,,,,",
            "2019-01-07,Fly (Cable, Low to High),Chest,25.0,15,,,,",
        ],
    )
    parsed = importers.parse(path)
    assert (parsed.repaired, parsed.unit_in_file) == (1, "lb")
    importers.import_parsed(parsed)
    fly = sets_of("Fly (Cable, Low to High)")
    assert fly[0].weight_kg == pytest.approx(25 * KG_PER_LB) and fly[0].reps == 15


UNPLACEABLE = "2024-06-05,Nordic Curl, Assisted,Hamstrings,0.0,kgs,6,,,"  # unknown category


def test_a_row_that_cannot_be_placed_is_a_problem_line_not_the_end(seeded, tmp_path):
    rows = [
        "2024-06-03,Deadlift,Back,140.0,kgs,5,,,",
        f"2024-06-03,{PRESS},Shoulders,22.5,kgs,8,,,",
        UNPLACEABLE,
        f"2024-06-05,{PRESS},Shoulders,heavy,kgs,8,,,",  # placed, but its weight is wrong
        "2024-06-05,Deadlift,Back,150.0,kgs,3,,,",
    ]
    path = write(tmp_path / "export.csv", CURRENT, rows)

    with pytest.raises(BadRowsError) as refused:
        importers.parse(path)
    problems = refused.value.problems
    assert [p.line for p in problems] == [4, 5]
    assert "cannot be placed for certain" in problems[0].reason
    assert "Put that name in quotes" in problems[0].reason
    assert problems[1].reason == "“heavy” in Weight is not a number."
    assert (Workout.select().count(), ImportBatch.select().count()) == (0, 0)

    parsed = importers.parse(path, skip_bad_rows=True)
    assert (parsed.rows, parsed.set_count, parsed.repaired) == (5, 3, 1)
    result = importers.import_parsed(parsed, skip_bad_rows=True)
    assert (result.workouts_added, result.sets_added) == (2, 3)
    assert store.skipped_lines(result.batch_id) == [(p.line, p.reason) for p in problems]


def test_placement_needs_the_category_known(seeded, tmp_path):
    """With Comment last, "Row, Chest Supported,Back" could split several ways; the one that
    puts a known category in Category wins. A category that no well-formed row uses is not
    guessed at: that row is a problem line."""
    path = write(
        tmp_path / "export.csv",
        CURRENT_COMMENT,
        [
            "2024-06-03,Row, Chest Supported,Back,60.0,kgs,10,,,,",
            "2024-06-03,Row, Seal,Upper Back,60.0,kgs,10,,,,",
        ],
    )
    parsed = importers.parse(path, skip_bad_rows=True)
    assert parsed.exercise_names == ("Row, Chest Supported",)
    assert [p.line for p in parsed.problems] == [3]


def _big_file(path: Path, rows: int) -> Path:
    names = [
        ("Deadlift", "Back"),
        (PRESS, "Shoulders"),
        ("Lat Pulldown", "Back"),
        ("Squat", "Legs"),
        ("Curl (Cable, Rope)", "Biceps"),
        ("Running", "Cardio"),
    ]
    lines = []
    day = dt.date(2014, 1, 6)
    while len(lines) < rows:
        for i in range(22):
            name, category = names[(len(lines) + i) % len(names)]
            if category == "Cardio":
                lines.append(f"{day},{name},{category},0.0,kgs,0,5.0,km,0:2{i % 10}:00,")
            else:
                unit = "lbs" if i % 5 == 0 else "kgs"
                lines.append(f"{day},{name},{category},{40 + i}.0,{unit},{1 + i % 12},,,,")
        day += dt.timedelta(days=2)
    return write(path, CURRENT_COMMENT, lines[:rows])


def test_an_11000_row_file_imports_in_under_a_second(seeded, tmp_path):
    path = _big_file(tmp_path / "big.csv", 11_000)
    wall, cpu = time.perf_counter(), time.process_time()
    result = importers.import_file(path)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    assert result.sets_added == 11_000
    assert result.workouts_added == 500
    # CPU time, so other processes on the machine do not decide the outcome.
    assert cpu < 1.0, f"{cpu:.2f} s of CPU ({wall:.2f} s wall) for 11,000 FitNotes rows"


def test_a_trailing_comma_is_not_a_repair_and_needs_no_known_category(seeded, tmp_path):
    """Rows that only end with an empty extra field are read as before: not "repaired", and
    a category of the person's own is fine even when no row is exactly the header's width."""
    path = write(
        tmp_path / "export.csv",
        CURRENT,
        [
            "2024-06-03,Hip Thrust,Glutes,100.0,kgs,10,,,,",
            "2024-06-03,Cable Kickback,Glutes,15.0,kgs,12,,,,",
            "2024-06-03,Hip Thrust (Single Leg, Bench),Glutes,20.0,kgs,10,,,,",
        ],
    )
    parsed = importers.parse(path)
    assert (parsed.set_count, parsed.repaired, parsed.problems) == (3, 1, ())
    assert parsed.exercise_names[-1] == "Hip Thrust (Single Leg, Bench)"
