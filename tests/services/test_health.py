"""The start-up check: photo files and rows that disagree, leftovers, a damaged database."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from backtracker.services import health
from backtracker.storage import photos as photo_store

OLD = time.time() - 3600


def add_row(file_name: str) -> int:
    return photo_store.insert_photo(
        sha256=file_name.split(".", maxsplit=1)[0],
        file_name=file_name,
        original_name=f"IMG_{file_name}",
        taken_at=dt.datetime(2025, 3, 1, 8, 0),
        date_source="exif",
        pose="back",
        width=40,
        height=30,
    )


def put(path: Path, data: bytes = b"\xff\xd8 a photo", *, old: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if old:
        os.utime(path, (OLD, OLD))
    return path


def test_a_sound_profile_has_nothing_to_report(profile):
    add_row("aa.jpg")
    put(profile.photos_dir / "aa.jpg")

    report = health.check_profile(profile.data_dir)

    assert report.ok and report.messages() == [] and report.problem_count() == 0
    assert (profile.photos_dir / "aa.jpg").is_file()
    assert not health.recovered_dir(profile.data_dir).exists()


def test_orphans_are_moved_aside_and_missing_files_reported(profile):
    kept = add_row("aa.jpg")
    put(profile.photos_dir / "aa.jpg")
    dangling = add_row("bb.jpg")  # its file is gone
    orphan = put(profile.photos_dir / "cc.jpg", b"\xff\xd8 orphan")
    fresh = put(profile.photos_dir / "dd.jpg", old=False)  # perhaps an import running now
    stale_temp = put(profile.photos_dir / ".ee.jpg.x1.part")
    fresh_temp = put(profile.photos_dir / ".ff.jpg.x2.part", old=False)

    report = health.check_profile(profile.data_dir)

    assert report.missing_files == [(dangling, "bb.jpg")]
    moved = health.recovered_dir(profile.data_dir) / "cc.jpg"
    assert report.recovered_files == [moved]
    assert moved.read_bytes() == b"\xff\xd8 orphan" and not orphan.exists()  # moved, kept
    assert fresh.is_file() and fresh_temp.is_file() and not stale_temp.exists()
    assert photo_store.file_names() == {"aa.jpg": kept, "bb.jpg": dangling}  # rows untouched
    assert report.database_problems == [] and report.problem_count() == 2
    missing, recovered = report.messages()
    assert missing.startswith("1 photo is missing its file (bb.jpg).")
    assert "Photos tab" in missing
    assert f"has been moved to {health.recovered_dir(profile.data_dir)}" in recovered
    assert report.summary() == "The start-up check found 2 problems in your data."

    again = health.check_profile(profile.data_dir)  # the move is reported once
    assert again.recovered_files == [] and again.missing_files == [(dangling, "bb.jpg")]


def test_a_recovered_file_never_replaces_another(profile):
    put(health.recovered_dir(profile.data_dir) / "cc.jpg", b"first")
    put(profile.photos_dir / "cc.jpg", b"second")

    report = health.check_profile(profile.data_dir, settle_seconds=0)

    assert [p.name for p in report.recovered_files] == ["cc-1.jpg"]
    assert (health.recovered_dir(profile.data_dir) / "cc.jpg").read_bytes() == b"first"
    assert report.recovered_files[0].read_bytes() == b"second"


def test_many_missing_files_are_named_briefly(profile):
    for letter in "abcde":
        add_row(f"{letter * 2}.jpg")

    (line,) = health.check_profile(profile.data_dir).messages()

    assert line.startswith("5 photos are missing their file (aa.jpg, bb.jpg, cc.jpg and 2 more).")


def test_a_damaged_database_is_reported(seeded):
    from backtracker.storage.database import close_database, open_database
    from backtracker.storage.models import db

    root = db.execute_sql("SELECT rootpage FROM sqlite_master WHERE name = 'exercise'")
    page = root.fetchone()[0]
    page_size = db.execute_sql("PRAGMA page_size").fetchone()[0]
    path = seeded.database_path
    close_database()  # checkpoints the WAL into the file
    with path.open("r+b") as file:
        file.seek((page - 1) * page_size)
        file.write(b"\x0d\x00\x00\xff\xff\xff\xff" + b"\x77" * 200)  # a broken b-tree page
    open_database(path)

    report = health.check_profile(seeded.data_dir)

    assert report.database_problems
    assert not report.ok
    assert any("Page" in line for line in report.database_problems)  # for the log
    assert report.messages()[0].startswith(
        f"The database check found damage in {path} (the details are in backtracker.log)."
    )
    assert "Restore a recent backup" in report.messages()[0]
    assert str(seeded.data_dir / "backups") in report.messages()[0]
