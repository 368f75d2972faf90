"""`backtracker demo`: fills an empty profile, refuses one that already holds workouts."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from backtracker.app import main
from backtracker.cli import build_parser, registered_commands


def run_demo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backtracker", "demo", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


def count(database: Path, table: str) -> int:
    with closing(sqlite3.connect(database)) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_demo_fills_a_new_profile_once(tmp_path):
    data = tmp_path / "demo"
    result = run_demo("--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    assert "workouts" in result.stdout and "bodyweight entries" in result.stdout
    database = data / "backtracker.sqlite3"
    workouts, sets = count(database, "workout"), count(database, "set_entry")
    assert workouts > 90 and sets > 1000
    assert f"{workouts} workouts, {sets} sets" in result.stdout

    again = run_demo("--data-dir", str(data))
    assert again.returncode == 2
    assert f"already holds {workouts} workouts" in again.stderr
    assert "--data-dir" in again.stderr and "Traceback" not in again.stderr
    assert count(database, "workout") == workouts and count(database, "set_entry") == sets


def test_weeks_gives_a_small_profile(tmp_path):
    data = tmp_path / "small"
    result = run_demo("--weeks", "4", "--seed", "3", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    assert 1 <= count(data / "backtracker.sqlite3", "workout") <= 12


def test_bad_arguments_and_folders_are_user_errors(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main(["demo", "--data-dir", str(blocker)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    for weeks in ("0", "many"):
        result = run_demo("--weeks", weeks, "--data-dir", str(tmp_path / "x"))
        assert result.returncode == 2 and "--weeks" in result.stderr
    assert not (tmp_path / "x").exists()


def test_demo_is_registered():
    assert "demo" in [command.name for command in registered_commands()]
    args = build_parser().parse_args(["demo", "--weeks", "10"])
    assert args.weeks == 10 and args.seed == 7 and args.data_dir is None
