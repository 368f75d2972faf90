"""`backtracker import`: the report, --dry-run, --unit, --format and the exit codes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from backtracker.cli import build_parser
from tests.services.test_importers_files import fitnotes_body, hevy, strong_android, strong_ios

TABLES = (
    "workout",
    "workout_exercise",
    "set_entry",
    "exercise",
    "exercise_alias",
    "import_batch",
    "body_metric",
)


def run_import(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backtracker", "import", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


def counts(data: Path) -> dict[str, int]:
    with closing(sqlite3.connect(data / "backtracker.sqlite3")) as conn:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_parser_knows_the_import_options(tmp_path):
    args = build_parser().parse_args(
        ["import", "x.csv", "--format", "fitnotes-body", "--unit", "lb", "--dry-run"]
    )
    assert (args.file, args.format, args.unit, args.dry_run) == (
        Path("x.csv"),
        "fitnotes-body",
        "lb",
        True,
    )
    assert build_parser().parse_args(["import", "x.csv"]).format == "auto"


def test_strong_ios_needs_the_unit_then_imports_once(tmp_path):
    data = tmp_path / "profile"
    path = strong_ios(tmp_path / "strong.csv")

    needs = run_import(str(path), "--data-dir", str(data))
    assert needs.returncode == 2 and needs.stdout == ""
    assert "Line 1: this Strong export does not say whether its weights are in kg or lb" in (
        needs.stderr
    )
    assert "Use --unit kg or --unit lb." in needs.stderr and "Traceback" not in needs.stderr
    assert not data.exists()  # a refused import leaves no empty profile behind

    dry = run_import(str(path), "--unit", "kg", "--dry-run", "--data-dir", str(data))
    assert dry.returncode == 0, dry.stderr
    assert "Workouts: 2 would be imported, 0 skipped" in dry.stdout
    assert "Dry run: nothing was written." in dry.stdout
    assert not data.exists()  # nor does a dry run make one

    done = run_import(str(path), "--unit", "kg", "--data-dir", str(data))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "strong.csv: Strong, Strong iOS: no unit in the file, 24-hour times" in out
    assert "comma-separated, weights kg as chosen, 12 rows" in out
    assert "Workouts: 2 imported, 0 skipped as duplicates" in out
    assert "Sets: 10 imported, 0 skipped as duplicates." in out
    assert "  Lat Pulldown (Cable) → Lat Pulldown (alias)\n" in out
    assert "  Plank → Plank (new custom exercise)\n" in out
    after = counts(data)
    assert (after["workout"], after["set_entry"], after["import_batch"]) == (2, 10, 1)

    again = run_import(str(path), "--unit", "kg", "--data-dir", str(data))
    assert again.returncode == 0
    assert "This file was imported before; nothing new to add (2 workouts already there)." in (
        again.stdout
    )
    assert counts(data) == after


def test_hevy_and_the_body_tracker_say_what_they_add(tmp_path):
    data = tmp_path / "profile"
    result = run_import(str(hevy(tmp_path / "hevy.csv")), "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    assert "Hevy, Hevy (kg, km) (comma-separated, weights kg, 7 rows)" in result.stdout
    assert "  Pull Up → Pull-Up (alias)\n" in result.stdout
    body = run_import(str(fitnotes_body(tmp_path / "body.csv")), "--data-dir", str(data))
    assert body.returncode == 0, body.stderr
    assert "Bodyweights: 2 imported." in body.stdout
    assert "Other body measurements: 2 imported." in body.stdout


def test_a_wrong_format_or_a_broken_file_exits_2_and_changes_nothing(tmp_path):
    data = tmp_path / "profile"
    good = run_import(str(strong_android(tmp_path / "a.csv")), "--data-dir", str(data))
    assert good.returncode == 0, good.stderr
    before = counts(data)

    wrong = run_import(str(tmp_path / "a.csv"), "--format", "hevy", "--data-dir", str(data))
    assert wrong.returncode == 2
    assert "Line 1: this is a Strong export" in wrong.stderr and "not Hevy" in wrong.stderr

    broken = tmp_path / "broken.csv"
    lines = (tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[3] = lines[3].replace('"22.5"', '"heavy"')
    broken.write_text("\n".join(lines))
    refused = run_import(str(broken), "--data-dir", str(data))
    assert refused.returncode == 2
    assert "Line 4: “heavy” in Weight (kg) is not a number." in refused.stderr

    missing = run_import(str(tmp_path / "nope.csv"), "--data-dir", str(data))
    assert missing.returncode == 2 and "There is no file at" in missing.stderr
    assert counts(data) == before
