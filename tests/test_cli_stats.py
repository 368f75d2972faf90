"""`backtracker stats`: an exercise's numbers on a demo profile, as JSON or a summary.

The expected numbers are worked out here from the raw rows with the domain's formula, not
through the code under test.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections import defaultdict
from contextlib import closing
from pathlib import Path

import pytest

from backtracker.app import main
from backtracker.cli import build_parser, registered_commands
from backtracker.domain.strength import estimate_one_rep_max
from backtracker.storage.models import db


def run_app(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backtracker", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("stats") / "demo"
    result = run_app("demo", "--data-dir", str(data), "--weeks", "8")
    assert result.returncode == 0, result.stderr
    return data


def expected(data: Path, key: str, formula: str) -> tuple[int, dict[str, float], float]:
    """(sessions, best e1RM per day, heaviest work set) from the raw rows."""
    sql = """
        SELECT w.id, date(w.started_at), s.set_type, s.weight_kg, s.reps, s.completed
        FROM set_entry s
        JOIN workout_exercise we ON we.id = s.workout_exercise_id
        JOIN workout w ON w.id = we.workout_id
        JOIN exercise e ON e.id = we.exercise_id
        WHERE e.catalogue_key = ?"""
    with closing(sqlite3.connect(data / "backtracker.sqlite3")) as conn:
        rows = conn.execute(sql, (key,)).fetchall()
    workouts, by_day, heaviest = set(), defaultdict(float), 0.0
    for workout, day, set_type, weight, reps, completed in rows:
        if not completed or set_type == "warmup" or not reps:
            continue
        workouts.add(workout)
        heaviest = max(heaviest, weight or 0.0)
        e1rm = estimate_one_rep_max(weight, reps, formula)
        if e1rm is not None:
            by_day[day] = max(by_day[day], e1rm)
    return len(workouts), {day: round(v, 2) for day, v in sorted(by_day.items())}, heaviest


@pytest.mark.parametrize("formula", ["epley", "brzycki"])
def test_json_numbers_match_the_raw_rows(demo, formula):
    result = run_app(
        "stats", "Dumbbell Row", "--json", "--formula", formula, "--data-dir", str(demo)
    )
    assert result.returncode == 0, result.stderr
    numbers = json.loads(result.stdout)
    sessions, by_day, heaviest = expected(demo, "dumbbell-row", formula)
    assert sessions > 5
    assert numbers["exercise"] == "Dumbbell Row"
    assert numbers["formula"] == formula
    assert numbers["sessions"] == sessions
    assert dict(numbers["e1rm_by_day"]) == by_day
    assert all(isinstance(pair, list) and len(pair) == 2 for pair in numbers["e1rm_by_day"])
    assert numbers["best_e1rm_kg"] == max(by_day.values())
    assert numbers["heaviest_weight_kg"] == round(heaviest, 2)
    assert numbers["best_set_volume_kg"] > 0


def test_alias_in_any_case_finds_the_exercise(demo):
    result = run_app("stats", "lat pull-down", "--json", "--data-dir", str(demo))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["exercise"] == "Lat Pulldown"


def test_the_summary_is_short_and_in_kg(demo):
    result = run_app("--data-dir", str(demo), "stats", "DB ROW")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Dumbbell Row: ") and "sessions" in lines[0]
    assert any(line.strip().startswith("Best estimated 1RM (Epley): ") for line in lines)
    assert " kg" in result.stdout and " lb" not in result.stdout
    assert len(lines) <= 6


def test_an_unknown_exercise_is_a_clear_error(demo):
    result = run_app("stats", "Dumbell Rwo", "--data-dir", str(demo))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "No exercise called “Dumbell Rwo”. Try one of: " in result.stderr
    assert "Dumbbell Row" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_saved_formula_is_the_default_and_the_database_is_closed(demo, tmp_path, capsys):
    data = tmp_path / "copy"
    shutil.copytree(demo, data)
    with closing(sqlite3.connect(data / "backtracker.sqlite3")) as conn:
        conn.execute(
            "INSERT OR REPLACE INTO setting (key, value_json) VALUES ('preferences', ?)",
            (json.dumps({"formula": "brzycki"}),),
        )
        conn.commit()
    assert main(["stats", "face pull", "--json", "--data-dir", str(data)]) == 0
    assert json.loads(capsys.readouterr().out)["formula"] == "brzycki"
    assert db.is_closed()
    assert main(["stats", "nothing like it", "--data-dir", str(data)]) == 2
    assert db.is_closed()


def test_stats_is_registered():
    assert "stats" in [command.name for command in registered_commands()]
    args = build_parser().parse_args(["stats", "row"])
    assert (args.exercise, args.json, args.formula) == ("row", False, None)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["stats", "row", "--formula", "lander"])
