"""`backtracker export`, `backup` and `restore`, run as a person would, in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from backtracker.cli import build_parser, registered_commands
from backtracker.services.export import OUR_HEADER, STRONG_HEADER


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backtracker", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


def _listing(folder: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
        for p in sorted(folder.rglob("*"))
    }


def test_commands_are_registered_with_data_dir():
    names = {command.name for command in registered_commands()}
    assert {"export", "backup", "restore"} <= names
    parser = build_parser()
    args = parser.parse_args(["export", "out.csv", "--format", "strong", "--data-dir", "d"])
    assert (args.file, args.format, args.data_dir) == (Path("out.csv"), "strong", Path("d"))
    assert parser.parse_args(["export", "out.csv"]).format == "csv"
    for name in ("backup", "restore"):
        args = parser.parse_args([name, "b.zip", "--data-dir", "d"])
        assert (args.file, args.data_dir) == (Path("b.zip"), Path("d"))


def test_backup_restore_round_trip_gives_the_same_export(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    demo = run("demo", "--weeks", "3", "--data-dir", str(source))
    assert demo.returncode == 0, demo.stderr

    exported = run("export", str(tmp_path / "before.csv"), "--data-dir", str(source))
    assert exported.returncode == 0, exported.stderr
    assert "Exported" in exported.stdout and "BackTracker CSV" in exported.stdout
    assert (tmp_path / "before.csv").read_text(encoding="utf-8").startswith(OUR_HEADER)

    made = run("backup", str(tmp_path / "backup.zip"), "--data-dir", str(source))
    assert made.returncode == 0, made.stderr
    assert "Backed up the database and" in made.stdout and "photos" in made.stdout
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        assert "manifest.json" in archive.namelist()

    restored = run("restore", str(tmp_path / "backup.zip"), "--data-dir", str(target))
    assert restored.returncode == 0, restored.stderr
    assert "What was there before is kept in" in restored.stdout

    again = run("export", str(tmp_path / "after.csv"), "--data-dir", str(target))
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "after.csv").read_bytes() == (tmp_path / "before.csv").read_bytes()
    photos = sorted(p.name for p in (source / "photos").iterdir())
    assert photos and sorted(p.name for p in (target / "photos").iterdir()) == photos

    strong = run("export", str(tmp_path / "s.csv"), "--format", "strong", "--data-dir", str(target))
    assert strong.returncode == 0, strong.stderr
    assert "Strong-compatible CSV" in strong.stdout
    assert (tmp_path / "s.csv").read_text(encoding="utf-8").startswith(STRONG_HEADER)


def test_restore_of_a_hostile_archive_fails_clearly_and_changes_nothing(tmp_path):
    data = tmp_path / "data"
    assert run("demo", "--weeks", "1", "--data-dir", str(data)).returncode == 0
    hostile = tmp_path / "hostile.zip"
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("../escaped.txt", b"outside")
        archive.writestr("manifest.json", b"{}")
    before = _listing(data)

    result = run("restore", str(hostile), "--data-dir", str(data))

    assert result.returncode == 2
    assert "points outside the folder" in result.stderr
    assert "Nothing was changed" in result.stderr
    assert "Traceback" not in result.stderr
    assert _listing(data) == before
    assert not (tmp_path / "escaped.txt").exists()


def test_failures_exit_non_zero_with_a_message(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    no_database = run("backup", str(tmp_path / "b.zip"), "--data-dir", str(empty))
    assert no_database.returncode == 2
    assert "no BackTracker database" in no_database.stderr

    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("just text", encoding="utf-8")
    refused = run("restore", str(not_zip), "--data-dir", str(empty))
    assert refused.returncode == 2
    assert "not a zip archive" in refused.stderr
    assert list(empty.iterdir()) == []

    missing = run("restore", str(tmp_path / "gone.zip"), "--data-dir", str(empty))
    assert missing.returncode == 2
    assert "does not exist" in missing.stderr

    # A read-only command on a folder without a profile says so and creates none (the
    # export's own "the folder does not exist" is tested in tests/services/test_export.py).
    nowhere = run("export", str(tmp_path / "no" / "x.csv"), "--data-dir", str(empty))
    assert nowhere.returncode == 2
    assert "holds no BackTracker database" in nowhere.stderr
    assert list(empty.iterdir()) == []

    bad_format = run("export", str(tmp_path / "x.csv"), "--format", "xml")
    assert bad_format.returncode == 2
    assert "invalid choice" in bad_format.stderr
