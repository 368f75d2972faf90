"""`backtracker import --dry-run` leaves no trace; a refused import creates nothing; and
--skip-bad-rows (issue 13, points 6 and 7).

- On a missing profile a dry run still checks the file (counted as for a new profile) and
  creates nothing: no folder, no database.
- On an existing profile the database and its -wal keep their bytes: no migration, no
  seeding, no WAL growth, even for an older profile that a real open would upgrade.
- A refused or failed import into a missing profile leaves no empty profile behind.
- The dry run lists every problem line; without --skip-bad-rows nothing would be (or is)
  imported; with it the rest is, and the record keeps the skipped lines.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from backtracker.app import main
from backtracker.storage.migrations import SCHEMA_VERSION
from tests.fixtures.build_fixture_databases import fixture_path

STRONG = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE"
)
GOOD = [
    "2024-05-01 07:30:00,Back,45m,Lat Pulldown (Cable),1,50,10,0,0,,,",
    "2024-05-01 07:30:00,Back,45m,Lat Pulldown (Cable),2,50,9,0,0,,,",
    "2024-05-03 07:30:00,Back,40m,Seated Cable Row,1,60,10,0,0,,,",
]
BAD = [
    "2024-05-03 07:30:00,Back,40m,Seated Cable Row,2,sixty,10,0,0,,,",  # line 5
    "2024-05-03 07:30:00,Back,40m,Seated Cable Row,3,60,ten,0,0,,,",  # line 6
]


def write(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([STRONG, *rows]) + "\n", encoding="utf-8")
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def digests(folder: Path) -> dict[str, str]:
    """Every file in the profile folder (database, -wal, -shm, backups…) and its hash."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def table_counts(database: Path) -> tuple[int, int]:
    with closing(sqlite3.connect(database)) as conn:
        return (
            conn.execute("SELECT COUNT(*) FROM workout").fetchone()[0],
            conn.execute("SELECT COUNT(*) FROM set_entry").fetchone()[0],
        )


def forget_catalogue(conn: sqlite3.Connection) -> None:
    """Make a real open re-seed the catalogue (a write), as after an app update."""
    conn.execute("DELETE FROM setting WHERE key = 'catalogue_fingerprint'")
    conn.commit()


@pytest.fixture
def csv(tmp_path) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    return write(folder / "strong.csv", GOOD)


def test_a_dry_run_on_a_missing_profile_checks_the_file_and_creates_nothing(tmp_path, csv, capsys):
    missing = tmp_path / "no-profile-yet"
    code, out, err = run(capsys, str(csv), "--unit", "kg", "--dry-run", "--data-dir", str(missing))
    assert code == 0, err
    assert f"There is no profile in {missing} yet: counted as for a new one." in out
    assert "Workouts: 2 would be imported, 0 skipped" in out
    assert "Sets: 3 would be imported" in out
    assert "  Lat Pulldown (Cable) → Lat Pulldown (alias)\n" in out  # the catalogue, as new
    assert "Dry run: nothing was written." in out
    assert not missing.exists()

    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run(capsys, str(csv), "--unit", "kg", "--dry-run", "--data-dir", str(empty))
    assert code == 0, err
    assert list(empty.iterdir()) == []
    assert sorted(p.name for p in csv.parent.iterdir()) == ["strong.csv"]


def _profile(tmp_path: Path, capsys, csv: Path) -> Path:
    data = tmp_path / "profile"
    code, _out, err = run(capsys, str(csv), "--unit", "kg", "--data-dir", str(data))
    assert code == 0, err
    return data


def test_a_dry_run_leaves_an_existing_profile_byte_for_byte(tmp_path, csv, capsys):
    data = _profile(tmp_path, capsys, csv)
    with closing(sqlite3.connect(data / "backtracker.sqlite3")) as conn:
        forget_catalogue(conn)  # as if last opened by a version with another catalogue
    more = write(tmp_path / "files" / "more.csv", [*GOOD, GOOD[0].replace("05-01", "05-08")])
    before = digests(data)
    assert "backtracker.sqlite3" in before
    code, out, err = run(capsys, str(more), "--unit", "kg", "--dry-run", "--data-dir", str(data))
    assert code == 0, err
    assert "Workouts: 1 would be imported, 2 skipped as duplicates" in out
    assert "There is no profile" not in out
    assert digests(data) == before


def test_a_dry_run_while_the_app_has_the_profile_open_leaves_its_wal_alone(tmp_path, csv, capsys):
    """With the app open the -wal holds committed pages not yet in the database file; the dry
    run sees them (the workout is a duplicate) and changes neither file."""
    data = _profile(tmp_path, capsys, csv)
    database = data / "backtracker.sqlite3"
    with closing(sqlite3.connect(database)) as app:  # stands in for the running app
        app.execute("PRAGMA journal_mode = wal")
        app.execute("PRAGMA wal_autocheckpoint = 0")
        app.execute("UPDATE workout SET notes = 'from the app' WHERE id = 1")
        forget_catalogue(app)
        wal = data / "backtracker.sqlite3-wal"
        assert wal.stat().st_size > 0
        before = {
            name: hashlib.sha256((data / name).read_bytes()).hexdigest()
            for name in ("backtracker.sqlite3", "backtracker.sqlite3-wal")
        }
        code, out, err = run(capsys, str(csv), "--unit", "kg", "--dry-run", "--data-dir", str(data))
        assert code == 0, err
        assert "This file was imported before; nothing new to add" in out
        after = {name: hashlib.sha256((data / name).read_bytes()).hexdigest() for name in before}
        assert after == before


def test_a_dry_run_on_an_older_profile_neither_upgrades_nor_backs_it_up(tmp_path, csv, capsys):
    data = tmp_path / "old-profile"
    data.mkdir()
    shutil.copyfile(fixture_path(1), data / "backtracker.sqlite3")
    assert SCHEMA_VERSION > 1
    before = digests(data)
    code, out, err = run(capsys, str(csv), "--unit", "kg", "--dry-run", "--data-dir", str(data))
    assert code == 0, err
    assert "Workouts: 2 would be imported" in out
    assert digests(data) == before  # no backups/before-upgrade copy, no migration


def test_a_refused_import_into_a_missing_profile_leaves_nothing(tmp_path, csv, capsys):
    missing = tmp_path / "new"
    code, out, err = run(capsys, str(csv), "--data-dir", str(missing))  # no --unit
    assert (code, out) == (2, "")
    assert "Use --unit kg or --unit lb." in err
    assert not missing.exists()

    broken = write(tmp_path / "files" / "broken.csv", [*GOOD, *BAD])
    code, out, err = run(capsys, str(broken), "--unit", "kg", "--data-dir", str(missing))
    assert code == 2
    assert "Nothing was imported: 2 lines of the file cannot be read" in err
    assert not missing.exists()

    hevy_named = write(tmp_path / "files" / "hevy.csv", GOOD)
    code, out, err = run(
        capsys, str(hevy_named), "--format", "hevy", "--unit", "kg", "--data-dir", str(missing)
    )
    assert code == 2 and "not Hevy" in err
    assert not missing.exists()


def test_an_import_that_fails_while_writing_removes_the_profile_it_began(
    tmp_path, csv, capsys, monkeypatch
):
    from backtracker.domain.errors import UserError
    from backtracker.services import importers

    def full_disk(*args: object, **kwargs: object) -> None:
        raise UserError("The disk is full.")

    monkeypatch.setattr(importers, "import_parsed", full_disk)
    missing = tmp_path / "new"
    code, _out, err = run(capsys, str(csv), "--unit", "kg", "--data-dir", str(missing))
    assert code == 2 and "The disk is full." in err
    assert not missing.exists()

    empty = tmp_path / "empty"
    empty.mkdir()
    code, _out, err = run(capsys, str(csv), "--unit", "kg", "--data-dir", str(empty))
    assert code == 2
    assert list(empty.iterdir()) == []  # the folder was there: it stays, empty


def test_the_dry_run_lists_every_problem_line_and_says_what_would_happen(tmp_path, capsys):
    data = tmp_path / "profile"
    broken = write(tmp_path / "broken.csv", [*GOOD, *BAD])
    code, out, err = run(capsys, str(broken), "--unit", "kg", "--dry-run", "--data-dir", str(data))
    assert code == 2
    assert "Lines that cannot be imported (2):\n" in out
    assert "  Line 5: “sixty” in Weight is not a number.\n" in out
    assert "  Line 6: “ten” in Reps is not a number.\n" in out
    assert "As it stands nothing would be imported: 2 lines" in err
    assert "--skip-bad-rows" in err
    assert not data.exists()

    code, out, err = run(
        capsys,
        str(broken),
        "--unit",
        "kg",
        "--dry-run",
        "--skip-bad-rows",
        "--data-dir",
        str(data),
    )
    assert code == 0, err
    assert "Workouts: 2 would be imported" in out and "Sets: 3 would be imported" in out
    assert not data.exists()


def test_skip_bad_rows_imports_the_rest_and_keeps_what_it_skipped(tmp_path, capsys):
    data = tmp_path / "profile"
    broken = write(tmp_path / "broken.csv", [*GOOD, *BAD])
    code, out, err = run(
        capsys, str(broken), "--unit", "kg", "--skip-bad-rows", "--data-dir", str(data)
    )
    assert code == 0, err
    assert "  Line 5: “sixty” in Weight is not a number.\n" in out
    assert "Skipped 2 lines (--skip-bad-rows); the import's record keeps them." in out
    assert "Sets: 3 imported" in out
    database = data / "backtracker.sqlite3"
    assert table_counts(database) == (2, 3)
    with closing(sqlite3.connect(database)) as conn:
        (kept,) = conn.execute("SELECT skipped_json FROM import_batch").fetchone()
    assert kept == (
        '[[5, "“sixty” in Weight is not a number."], [6, "“ten” in Reps is not a number."]]'
    )
