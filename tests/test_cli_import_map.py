"""`backtracker import --map FILE` (issue 13, point 5): the person's mapping, the mapping the
import used printed with how each name was mapped, and never a fuzzy guess taken alone."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.services.test_importers_files import STRONG_IOS_HEADER, write
from tests.test_cli_import import counts, run_import

ROWS = [
    "2024-02-01 18:00:00,Pull,50m,Lat Pulldown (Cable),1,50,10,0,0,,,",
    "2024-02-01 18:00:00,Pull,50m,Lat Pulldown (Machine),1,55,10,0,0,,,",
    "2024-02-01 18:00:00,Pull,50m,Sumo Deadlift (Barbell),1,120,5,0,0,,,",
    "2024-02-01 18:00:00,Pull,50m,Upright Row (Barbell),1,30,12,0,0,,,",
    "2024-02-01 18:00:00,Pull,50m,Seated Row Wide,1,60,12,0,0,,,",
    "2024-02-01 18:00:00,Pull,50m,Deadlift (Barbell),1,140,3,0,0,,,",
]


def _strong(tmp_path: Path) -> Path:
    return write(tmp_path / "strong.csv", [STRONG_IOS_HEADER, *ROWS])


def _map(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "map.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _exercise_of(data: Path, weight: float) -> str:
    with closing(sqlite3.connect(data / "backtracker.sqlite3")) as conn:
        (name,) = conn.execute(
            "SELECT e.name FROM set_entry s JOIN workout_exercise we ON we.id = "
            "s.workout_exercise_id JOIN exercise e ON e.id = we.exercise_id WHERE s.weight_kg = ?",
            (weight,),
        ).fetchone()
    return name


def test_without_a_map_the_mapping_is_printed_and_no_guess_is_taken(tmp_path):
    data = tmp_path / "profile"
    done = run_import(str(_strong(tmp_path)), "--unit", "kg", "--data-dir", str(data))

    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "  Lat Pulldown (Cable) → Lat Pulldown (alias)\n" in out
    assert "  Deadlift (Barbell) → Deadlift (alias)\n" in out
    # "(Machine)" is Lat Pulldown's own equipment, but "(Cable)" already maps to it.
    assert "  Lat Pulldown (Machine) → Lat Pulldown (Machine) (new custom exercise)\n" in out
    assert "  Sumo Deadlift (Barbell) → Sumo Deadlift (Barbell) (new custom exercise)\n" in out
    assert "  Upright Row (Barbell) → Upright Row (Barbell) (new custom exercise)\n" in out
    assert "  Seated Row Wide → Seated Row Wide (new custom exercise)\n" in out
    assert _exercise_of(data, 120) == "Sumo Deadlift (Barbell)"
    assert _exercise_of(data, 140) == "Deadlift"


def test_the_map_file_decides_and_says_so(tmp_path):
    data = tmp_path / "profile"
    mapping = _map(
        tmp_path,
        "name,exercise\n"
        "Seated Row Wide,seated cable row\n"  # any letter case
        "Upright Row (Barbell),BB Row\n"  # an alias
        "Deadlift (Barbell),\n"  # empty: a new custom exercise, although it would match
        "Not In This File,Deadlift\n",
    )
    done = run_import(
        str(_strong(tmp_path)), "--unit", "kg", "--map", str(mapping), "--data-dir", str(data)
    )

    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "  Seated Row Wide → Seated Cable Row (from map file)\n" in out
    assert "  Upright Row (Barbell) → Barbell Row (from map file)\n" in out
    assert "  Deadlift (Barbell) → Deadlift (Barbell) (Strong) (new custom exercise)\n" in out
    assert "  Lat Pulldown (Cable) → Lat Pulldown (alias)\n" in out
    assert "line 5: “Not In This File” is not in the imported file; ignored." in out
    assert _exercise_of(data, 60) == "Seated Cable Row"
    assert _exercise_of(data, 30) == "Barbell Row"


def test_the_dry_run_uses_the_map_file_too(tmp_path):
    data = tmp_path / "profile"
    mapping = _map(tmp_path, "name,exercise\nSeated Row Wide,Seated Cable Row\n")
    done = run_import(
        str(_strong(tmp_path)),
        "--unit",
        "kg",
        "--map",
        str(mapping),
        "--dry-run",
        "--data-dir",
        str(data),
    )
    assert done.returncode == 0, done.stderr
    assert "  Seated Row Wide → Seated Cable Row (from map file)\n" in done.stdout
    assert not data.exists()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("source,target\nA,B\n", "line 1: the header is “source,target”"),
        ("name,exercise\nSeated Row Wide,Zorbing\n", "line 2: there is no exercise called"),
        ("name,exercise\nSeated Row Wide,Deadlift,x\n", "line 2: the row has 3 fields"),
        ("name,exercise\n,Deadlift\n", "line 2: the name is empty."),
        (
            "name,exercise\nSeated Row Wide,Deadlift\n\nSeated Row Wide,Rack Pull\n",
            "line 4: “Seated Row Wide” is mapped again",
        ),
        ("", "it is empty"),
    ],
)
def test_a_bad_map_file_names_its_line_and_writes_nothing(tmp_path, text, says):
    data = tmp_path / "profile"
    mapping = _map(tmp_path, text)
    done = run_import(
        str(_strong(tmp_path)), "--unit", "kg", "--map", str(mapping), "--data-dir", str(data)
    )
    assert done.returncode != 0
    assert says in done.stderr and "Nothing was imported." in done.stderr
    assert not data.exists()  # not even an empty profile


def test_a_bad_map_file_leaves_an_existing_profile_as_it_was(tmp_path):
    data = tmp_path / "profile"
    first = run_import(str(_strong(tmp_path)), "--unit", "kg", "--data-dir", str(data))
    assert first.returncode == 0
    before = counts(data)
    other = write(
        tmp_path / "other.csv",
        [STRONG_IOS_HEADER, "2024-03-01 18:00:00,Pull,50m,Seated Row Wide,1,61,12,0,0,,,"],
    )
    mapping = _map(tmp_path, "name,exercise\nSeated Row Wide,Nothing Like It\n")
    done = run_import(str(other), "--unit", "kg", "--map", str(mapping), "--data-dir", str(data))
    assert done.returncode != 0 and "line 2" in done.stderr
    assert counts(data) == before
