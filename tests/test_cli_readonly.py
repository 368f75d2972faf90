"""Commands that only read never create a profile.

Before, `stats` (and export, photos list, import --dry-run) given a --data-dir that did not
exist created the folder and an empty database in it, then reported "nothing logged".
Now they name the folder, say there is no profile there, exit 2 and leave no trace.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backtracker.app import main

STRONG_CSV = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
    '2024-05-01 07:30:00,"Back",45m,"Lat Pulldown (Cable)",1,50,10,0,0,"","",\n'
)

READ_ONLY = {
    "stats": lambda tmp: ["stats", "Barbell Row"],
    "stats --json": lambda tmp: ["stats", "Barbell Row", "--json"],
    "export": lambda tmp: ["export", str(tmp / "out.csv")],
    "export strong": lambda tmp: ["export", str(tmp / "out.csv"), "--format", "strong"],
    "photos list": lambda tmp: ["photos", "list"],
    "photos list --json": lambda tmp: ["photos", "list", "--json"],
    "backup": lambda tmp: ["backup", str(tmp / "backup.zip")],
    "report": lambda tmp: ["report"],
    "report --json": lambda tmp: ["report", "--week", "2026-W10", "--json"],
}
# `import --dry-run` also creates nothing, but checks the file even without a profile (as
# for a new one): tests/test_cli_import_dry_run.py.


@pytest.fixture
def outside(tmp_path) -> Path:
    """Where the commands' other files live: the CSV to import, the files they would write."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "strong.csv").write_text(STRONG_CSV, encoding="utf-8")
    return folder


def _run(capsys, args: list[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("command", list(READ_ONLY))
def test_a_folder_that_does_not_exist_is_named_and_not_created(command, tmp_path, outside, capsys):
    missing = tmp_path / "no-such-profile"
    args = [*READ_ONLY[command](outside), "--data-dir", str(missing)]
    code, out, err = _run(capsys, args)
    assert code == 2
    assert str(missing) in err
    assert "Traceback" not in err and out == ""
    assert not missing.exists()
    assert sorted(p.name for p in outside.iterdir()) == ["strong.csv"]  # nothing written


@pytest.mark.parametrize("command", list(READ_ONLY))
def test_a_folder_without_a_database_gets_none(command, tmp_path, outside, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    args = [*READ_ONLY[command](outside), "--data-dir", str(empty)]
    code, out, err = _run(capsys, args)
    assert code == 2
    assert str(empty) in err and "no BackTracker database" in err
    assert out == ""
    assert list(empty.iterdir()) == []
    assert sorted(p.name for p in outside.iterdir()) == ["strong.csv"]


def test_the_messages_say_what_is_wrong_and_what_to_do(tmp_path, capsys):
    missing = tmp_path / "typo"
    _code, _out, err = _run(capsys, ["stats", "Barbell Row", "--data-dir", str(missing)])
    assert err.startswith(f"BackTracker: The data folder {missing} does not exist")
    assert "--data-dir" in err and "nothing was created" in err


def test_stats_on_a_missing_folder_from_the_real_command(tmp_path):
    """The case a person hit: `backtracker stats` with a mistyped --data-dir."""
    missing = tmp_path / "BackTraker"
    result = subprocess.run(
        [sys.executable, "-m", "backtracker", "stats", "Barbell Row", "--data-dir", str(missing)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert result.returncode == 2
    assert "nothing logged" not in result.stdout.lower()
    assert f"The data folder {missing} does not exist" in result.stderr
    assert not missing.exists()


def test_commands_that_write_still_make_a_new_profile(tmp_path, outside, capsys):
    data = tmp_path / "new-profile"
    code, out, err = _run(
        capsys,
        ["import", str(outside / "strong.csv"), "--unit", "kg", "--data-dir", str(data)],
    )
    assert code == 0, err
    assert "Workouts: 1 imported" in out
    assert (data / "backtracker.sqlite3").is_file()
    # Now there is a profile, and the read-only commands read it.
    code, out, err = _run(capsys, ["photos", "list", "--data-dir", str(data)])
    assert (code, out.strip()) == (0, "No photos yet.")
    code, out, err = _run(capsys, ["stats", "Lat Pulldown", "--json", "--data-dir", str(data)])
    assert code == 0, err
    dry_run = ["import", str(outside / "strong.csv"), "--unit", "kg", "--dry-run"]
    code, out, err = _run(capsys, [*dry_run, "--data-dir", str(data)])
    assert code == 0 and "nothing new to add" in out
