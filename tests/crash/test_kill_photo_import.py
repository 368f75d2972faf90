"""SIGKILL in the middle of `backtracker photos import` of 60 photos.

Each photo's copy is written to a temp file, synced and renamed before its row is committed.
So a kill leaves no row without its file. It can leave the one copy whose row was not yet
written, and a temp file cut short: the start-up check moves that copy to recovered/ and
never counts a temp file as a photo; old temp files are swept.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from tests.crash.helpers import check_database, copy_profile, count, make_template_profile, run_cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")

PHOTOS = 60


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("photo-crash")
    template = make_template_profile(folder / "template")
    camera = folder / "camera"
    camera.mkdir()
    for number in range(PHOTOS):
        image = Image.linear_gradient("L").resize((1200, 900)).convert("RGB")
        image.paste((number * 4 % 256, 90, 255 - number * 4 % 256), (0, 0, 300, 200 + number))
        image.save(camera / f"IMG_{number:04}.jpg", quality=90)
    return template, camera


def managed_files(photos_dir: Path) -> list[Path]:
    if not photos_dir.is_dir():
        return []
    return [p for p in photos_dir.iterdir() if not p.name.startswith(".")]


def temp_files(photos_dir: Path) -> list[Path]:
    if not photos_dir.is_dir():
        return []
    return [p for p in photos_dir.iterdir() if p.name.endswith(".part")]


def killed_import(
    template: Path, camera: Path, data: Path, kill_when, *, copied: bool = False
) -> None:
    if not copied:
        copy_profile(template, data)
    child = run_cli("photos", "import", camera, "--data-dir", data)
    child.wait_until(lambda: kill_when(data / "photos"), timeout=60)
    child.kill()
    assert not child.seen  # it was stopped before its summary


def check_after_kill(data: Path) -> tuple[int, list[Path]]:
    """The invariants after any kill; the row count and the orphan files found."""
    from backtracker.services import photos
    from backtracker.storage.database import close_database, open_database

    conn = check_database(data)
    rows = count(conn, "photo")
    conn.close()
    photos_dir = data / "photos"
    open_database(data / "backtracker.sqlite3")
    try:
        orphans, missing = photos.orphan_check(photos_dir)
        assert missing == []  # no row points at a missing file
        assert len(orphans) <= 1  # at most the photo whose row was being written
        for orphan in orphans:  # and that one is a complete copy, named by its hash
            with Image.open(orphan) as image:
                image.load()
        # Every row's photo can show: the thumbnail cache can be rebuilt from its copy.
        thumbs = photos.thumbnails_dir(data)
        for thumb in thumbs.glob("*.jpg"):
            thumb.unlink()
        for info in photos.list_photos():
            assert info.path.is_file()
            assert hashlib.sha256(info.path.read_bytes()).hexdigest() != ""  # readable
            with Image.open(photos.thumbnail_path(info, thumbs)) as thumb:
                assert max(thumb.size) <= photos.THUMB_SIZE
    finally:
        close_database()
    return rows, orphans


def start_up_check(data: Path):
    from backtracker.services.health import check_profile
    from backtracker.storage.database import close_database, open_database

    open_database(data / "backtracker.sqlite3")
    try:
        return check_profile(data, settle_seconds=0)
    finally:
        close_database()


@pytest.mark.slow
@pytest.mark.parametrize("files_before_kill", [1, 12, 30, 50])
def test_kill_while_photos_are_imported(setup, tmp_path: Path, files_before_kill: int):
    template, camera = setup
    data = tmp_path / "profile"
    killed_import(template, camera, data, lambda d: len(managed_files(d)) >= files_before_kill)
    rows, orphans = check_after_kill(data)
    assert files_before_kill - 1 <= rows < PHOTOS

    report = start_up_check(data)
    assert report.missing_files == [] and report.database_problems == []
    assert [p.name for p in report.recovered_files] == [p.name for p in orphans]
    assert all(p.parent == data / "recovered" and p.is_file() for p in report.recovered_files)
    assert len(managed_files(data / "photos")) == rows  # every file left has its row


@pytest.mark.slow
def test_kill_between_a_copy_and_its_row_leaves_an_orphan_the_check_recovers(setup, tmp_path: Path):
    """Killed when a copy has been renamed into place but its row is not committed yet
    (seen from here as more files than rows): the check moves that copy aside."""
    template, camera = setup
    for attempt in range(6):
        data = tmp_path / f"profile-{attempt}"
        copy_profile(template, data)
        reader = sqlite3.connect(data / "backtracker.sqlite3")
        try:

            def file_without_row(photos_dir: Path, reader: sqlite3.Connection = reader) -> bool:
                files = len(managed_files(photos_dir))
                return files >= 3 and files > count(reader, "photo")

            killed_import(template, camera, data, file_without_row, copied=True)
        finally:
            reader.close()
        rows, orphans = check_after_kill(data)
        if orphans:
            break
    else:
        pytest.fail("no kill landed between a copy and its row in 6 tries")
    report = start_up_check(data)
    assert [p.name for p in report.recovered_files] == [orphans[0].name]
    recovered = report.recovered_files[0]
    assert recovered.parent == data / "recovered"
    assert recovered.read_bytes()[:2] == b"\xff\xd8"  # a whole JPEG, ready to import again
    assert len(managed_files(data / "photos")) == rows
    assert start_up_check(data).ok  # reported once; nothing left to find


@pytest.mark.slow
def test_kill_mid_write_leaves_only_a_temp_file_that_is_swept(setup, tmp_path: Path):
    """Killed while a copy is being written: its temp file is no photo, not an orphan, and
    the start-up check deletes it once it is old enough to be no other import's."""
    template, camera = setup
    data = tmp_path / "profile"
    killed_import(
        template, camera, data, lambda d: len(temp_files(d)) > 0 and len(managed_files(d)) >= 5
    )
    rows, _ = check_after_kill(data)
    assert rows >= 4
    left = temp_files(data / "photos")
    assert left  # the copy being written when the kill came
    report = start_up_check(data)
    assert report.missing_files == []
    assert all(p.exists() for p in left)  # fresh: perhaps another import's, left alone
    old = time.time() - 3600
    for temp in left:
        os.utime(temp, (old, old))
    start_up_check(data)
    assert temp_files(data / "photos") == []


@pytest.mark.slow
def test_importing_again_after_a_kill_finishes_the_batch(setup, tmp_path: Path):
    template, camera = setup
    data = tmp_path / "profile"
    killed_import(template, camera, data, lambda d: len(managed_files(d)) >= 20)
    check_after_kill(data)
    again = run_cli("photos", "import", camera, "--data-dir", data)
    assert again.finish() == 0, again.stderr_text()
    rows, orphans = check_after_kill(data)
    assert rows == PHOTOS and orphans == []
    assert len(managed_files(data / "photos")) == PHOTOS
