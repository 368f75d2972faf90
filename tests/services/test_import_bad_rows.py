"""One bad row never costs thousands of good ones (issue 13, point 6).

Reading goes on past a row that cannot be imported and collects every such row with its
reason. Without the person's choice nothing is written (BadRowsError lists them all); with
`skip_bad_rows` the rest is written and the import's record keeps what was left out.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from backtracker.services import importers
from backtracker.services.importers import BadRowsError, ImportFileError, UnitNeededError
from backtracker.storage import imports as store
from backtracker.storage.database import close_database, open_database
from backtracker.storage.models import BodyMetric, ImportBatch, SetEntry, Workout
from tests.fixtures.build_fixture_databases import fixture_path

STRONG = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE"
)
HEVY = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    '"duration_seconds","rpe"'
)
BODY = "Date,Time,Measurement,Value,Unit,Comment"


def write(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def strong_rows(workouts: int) -> list[str]:
    """`workouts` Strong workouts of 3 sets each, one day apart."""
    rows = []
    for day in range(workouts):
        when = f"2024-01-{day + 1:02d} 18:00:00"
        rows += [f"{when},Back,45m,Lat Pulldown (Cable),{n},50,10,0,0,,," for n in (1, 2, 3)]
    return rows


def written() -> tuple[int, int, int]:
    return Workout.select().count(), SetEntry.select().count(), ImportBatch.select().count()


def test_every_problem_line_is_listed_and_nothing_is_written(seeded, tmp_path):
    rows = strong_rows(30)  # lines 2..91
    rows[4] = rows[4].replace(",50,10,", ",fifty,10,")  # line 6
    rows[40] += ",oops"  # line 42: a field too many
    rows[77] = rows[77].replace(",50,10,", ",50,-3,")  # line 79
    rows[88] = rows[88].replace(",0,0,,,", ",0,0,,,11")  # line 90: RPE 11
    path = write(tmp_path / "strong.csv", STRONG, rows)

    with pytest.raises(BadRowsError) as refused:
        importers.import_file(path, unit="kg")
    error = refused.value
    assert [(p.line, p.reason) for p in error.problems] == [
        (6, "“fifty” in Weight is not a number."),
        (42, "this row has 13 fields but the header has 12. The file may be cut short or "
             "edited by hand."),
        (79, "Reps can't be negative (“-3”)."),
        (90, "“11” in RPE is not an RPE (from 1 to 10)."),
    ]  # fmt: skip
    assert str(error).startswith("Line 6: “fifty” in Weight is not a number. (3 more lines")
    assert written() == (0, 0, 0)

    # Parsed with the choice, the problems come back beside the rest; writing still needs it.
    parsed = importers.parse(path, unit="kg", skip_bad_rows=True)
    assert parsed.problems == error.problems
    assert (parsed.rows, parsed.set_count, len(parsed.workouts)) == (90, 86, 30)
    with pytest.raises(BadRowsError):
        importers.import_parsed(parsed)
    assert written() == (0, 0, 0)
    dry = importers.import_parsed(parsed, dry_run=True, skip_bad_rows=True)
    assert (dry.sets_added, dry.skipped_rows) == (86, error.problems)
    assert written() == (0, 0, 0)

    result = importers.import_parsed(parsed, skip_bad_rows=True)
    assert (result.workouts_added, result.sets_added) == (30, 86)
    assert result.skipped_rows == error.problems
    assert written() == (30, 86, 1)
    assert store.skipped_lines(result.batch_id) == [(p.line, p.reason) for p in error.problems]


def test_a_workout_whose_only_row_is_bad_is_not_imported_empty(seeded, tmp_path):
    rows = [
        "2024-01-01 18:00:00,Back,45m,Lat Pulldown (Cable),1,50,10,0,0,,,",
        "2024-01-02 18:00:00,Legs,45m,Squat (Barbell),1,lots,5,0,0,,,",
    ]
    result = importers.import_file(
        write(tmp_path / "s.csv", STRONG, rows), unit="kg", skip_bad_rows=True
    )
    assert result.workouts_added == 1
    assert [w.name for w in Workout.select()] == ["Back"]


def test_hevy_rows_are_skipped_one_by_one(seeded, tmp_path):
    start = '"Pull","15 Sep 2025, 07:48","15 Sep 2025, 08:40",""'
    rows = [
        f'{start},"Lat Pulldown (Cable)",,"",0,normal,50,10,,,',
        f'{start},"Lat Pulldown (Cable)",,"",1,sideways,50,10,,,',  # not a set type
        f'{start},"Lat Pulldown (Cable)",,"",2,normal,50,10,,,8',
        '"Pull","31 Sep 2025, 07:48","","","Plank",,"",0,normal,,,,60,',  # no such day
        f'{start},"Lat Pulldown (Cable)",,"",3,normal,50',  # cut short
    ]
    path = write(tmp_path / "hevy.csv", HEVY, rows)
    with pytest.raises(BadRowsError) as refused:
        importers.parse(path)
    assert [p.line for p in refused.value.problems] == [3, 5, 6]
    assert "“sideways” in set_type is not a set type" in refused.value.problems[0].reason
    assert "31 Sep 2025" in refused.value.problems[1].reason
    assert "10 fields but the header has 14" in refused.value.problems[2].reason
    result = importers.import_file(path, skip_bad_rows=True)
    assert (result.workouts_added, result.sets_added) == (1, 2)
    workout = Workout.get()
    assert (workout.ended_at - workout.started_at).total_seconds() == 52 * 60


def test_body_tracker_rows_too(seeded, tmp_path):
    rows = [
        "2024-02-01,07:00:00,Bodyweight,80.5,kgs,",
        "2024-02-02,07:00:00,Bodyweight,-80,kgs,",
        "2024-02-03,07:00:00,Bodyweight,80.1,kgs,",
    ]
    path = write(tmp_path / "body.csv", BODY, rows)
    with pytest.raises(BadRowsError) as refused:
        importers.import_file(path)
    assert [p.line for p in refused.value.problems] == [3]
    assert BodyMetric.select().count() == 0
    result = importers.import_file(path, skip_bad_rows=True)
    assert result.bodyweights_added == 2
    assert store.skipped_lines(result.batch_id) == [(3, "Bodyweight of -80 is not possible.")]


def test_a_file_with_no_good_row_is_refused_even_when_skipping(seeded, tmp_path):
    rows = ["2024-01-01 18:00:00,Back,45m,Lat Pulldown (Cable),1,heavy,10,0,0,,,"]
    path = write(tmp_path / "s.csv", STRONG, rows)
    with pytest.raises(BadRowsError) as refused:
        importers.parse(path, unit="kg", skip_bad_rows=True)
    assert str(refused.value) == "Line 2: “heavy” in Weight is not a number."
    assert written() == (0, 0, 0)


def test_the_unit_question_is_for_the_whole_file_not_a_problem_line(seeded, tmp_path):
    rows = strong_rows(2)
    with pytest.raises(UnitNeededError):
        importers.parse(write(tmp_path / "s.csv", STRONG, rows), skip_bad_rows=True)
    legacy = (
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
        "Distance Unit;Seconds;Notes;Workout Notes"
    )
    no_unit = ["2024-01-01 18:00:00;Back;Lat Pulldown;1;50;;10;;;;;;"]
    with pytest.raises(UnitNeededError):
        importers.parse(write(tmp_path / "l.csv", legacy, no_unit), skip_bad_rows=True)


def test_a_file_level_problem_still_refuses_the_file(seeded, tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(STRONG.encode() + b"\n2024-01-01 18:00:00,Back,45m,Lat\xff,1,5,1,0,0,,,\n")
    with pytest.raises(ImportFileError) as refused:
        importers.parse(path, unit="kg", skip_bad_rows=True)
    assert not isinstance(refused.value, BadRowsError)
    assert "not UTF-8" in str(refused.value)


def _batches(path: Path) -> list[tuple[int, str]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT id, skipped_json FROM import_batch ORDER BY id").fetchall()


def test_older_profiles_get_an_empty_list_of_skipped_lines(tmp_path):
    """Migration 2 adds import_batch.skipped_json; imports recorded before skipped nothing."""
    copy = tmp_path / "backtracker.sqlite3"
    shutil.copyfile(fixture_path(1), copy)
    with closing(sqlite3.connect(copy)) as conn:
        before = conn.execute("SELECT id FROM import_batch ORDER BY id").fetchall()
    assert before
    open_database(copy)
    try:
        assert [store.skipped_lines(batch_id) for (batch_id,) in before] == [[]] * len(before)
    finally:
        close_database()
    assert _batches(copy) == [(batch_id, "[]") for (batch_id,) in before]
    # The fixture of schema 2 holds a skipped line as that version writes it.
    kept = json.loads(_batches(fixture_path(2))[0][1])
    assert kept == [[17, "“heavy” in Weight is not a number."]]


def test_an_11000_row_hevy_file_with_problem_lines_imports_in_under_a_second(seeded, tmp_path):
    """Point 9 for Hevy: reading on past bad rows costs nothing measurable."""
    rows = []
    day = 0
    while len(rows) < 11_000:
        start = f"{1 + day % 28:02d} {('Jan', 'Feb', 'Mar')[day // 28 % 3]} {2019 + day // 84}"
        when = f'"Push","{start}, 07:48","{start}, 08:50",""'
        for name in ("Bench Press (Barbell)", "Lat Pulldown (Cable)", "Squat (Barbell)", "Plank"):
            for index in range(5):
                weight, reps = ("", "") if name == "Plank" else (40 + index * 5, 12 - index)
                seconds = 60 if name == "Plank" else ""
                rows.append(f'{when},"{name}",,"",{index},normal,{weight},{reps},,{seconds},')
        day += 1
    rows = rows[:11_000]
    for line in (100, 5000, 10_999):
        rows[line - 2] = rows[line - 2].replace(",normal,", ",sideways,")
    path = write(tmp_path / "hevy.csv", HEVY, rows)
    wall, cpu = time.perf_counter(), time.process_time()
    result = importers.import_file(path, skip_bad_rows=True)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    assert result.sets_added == 10_997
    assert [p.line for p in result.skipped_rows] == [100, 5000, 10_999]
    # CPU time, so other processes on the machine do not decide the outcome.
    assert cpu < 1.0, f"{cpu:.2f} s of CPU ({wall:.2f} s wall) for 11,000 Hevy rows"


def test_an_unclosed_quote_refuses_the_file_instead_of_skipping_what_it_swallowed(seeded, tmp_path):
    """A quote left open makes the csv reader run on through the following lines as one
    field; skipping that "row" would silently drop them all, so the file is refused."""
    rows = strong_rows(3)
    rows[1] = rows[1].replace(",Lat Pulldown (Cable),", ',"Lat Pulldown (Cable),')  # line 3
    path = write(tmp_path / "s.csv", STRONG, rows)
    with pytest.raises(ImportFileError) as refused:
        importers.parse(path, unit="kg", skip_bad_rows=True)
    assert not isinstance(refused.value, BadRowsError)
    assert str(refused.value).startswith("Line 3: this row runs on to line 10: a quote")
    # A note on several lines, quoted as it should be, is one good row.
    rows = strong_rows(1)
    rows[0] = rows[0].replace(",0,0,,,", ',0,0,"slow\neccentric",,')
    parsed = importers.parse(write(tmp_path / "n.csv", STRONG, rows), unit="kg")
    assert parsed.workouts[0].sets[0].notes == "slow\neccentric"
    assert parsed.problems == ()
