"""SIGKILL in the middle of `backtracker backup`: the archive is complete or not there.

The archive is written under a hidden partial name and renamed when complete and synced, so
the name asked for never holds half an archive. The live profile is only read.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from tests.crash.helpers import (
    check_database,
    database_dump_digest,
    run_cli,
    write_strong_file,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    """A demo profile with 60,000 imported sets and 12 large photos more (the database
    snapshot and the archive take long enough to be caught mid-way); and the size of a
    complete archive of it, and its photo count."""
    from backtracker.services import backup

    folder = tmp_path_factory.mktemp("backup-crash")
    data = folder / "profile"
    csv_file = folder / "strong.csv"
    write_strong_file(csv_file, 60_000)
    camera = folder / "camera"
    camera.mkdir()
    for number in range(12):
        noise = Image.effect_noise((1200, 900), 40 + number).convert("RGB")
        noise.save(camera / f"noise-{number}.jpg", quality=92)
    for args in (
        ("demo", "--weeks", "26"),
        ("import", csv_file, "--unit", "kg"),
        ("photos", "import", camera),
        ("backup", folder / "reference.zip"),
    ):
        child = run_cli(*args, "--data-dir", data)
        assert child.finish() == 0, child.stderr_text()
    reference = folder / "reference.zip"
    return data, reference.stat().st_size, backup.verify_backup(reference).photo_count


def partials(target: Path) -> list[Path]:
    return list(target.parent.glob(f".{target.name}.*.partial"))


def snapshots(data: Path) -> list[Path]:
    return list(data.glob(".backup-*"))


KILL_POINTS = {
    "taking the database snapshot": lambda data, target, size: bool(snapshots(data)),
    "archive just begun": lambda data, target, size: bool(partials(target)),
    "archive a third written": lambda data, target, size: any(
        p.stat().st_size > size / 3 for p in partials(target)
    ),
    "archive nearly done": lambda data, target, size: any(
        p.stat().st_size > size * 0.85 for p in partials(target)
    ),
    "archive renamed into place": lambda data, target, size: target.exists(),
}


@pytest.mark.slow
@pytest.mark.parametrize("moment", list(KILL_POINTS))
def test_kill_during_a_backup(source, tmp_path: Path, moment: str):
    from backtracker.services import backup

    data, size, photo_count = source
    before = database_dump_digest(data)
    target = tmp_path / "backup.zip"
    child = run_cli("backup", target, "--data-dir", data)

    def reached() -> bool:
        try:
            return KILL_POINTS[moment](data, target, size)
        except FileNotFoundError:  # a partial renamed while we looked
            return False

    child.wait_until(reached, timeout=60)
    child.kill()

    if target.exists():  # only ever a complete archive under the asked-for name
        manifest = backup.verify_backup(target)
        assert manifest.photo_count == photo_count
        state = "complete"
    else:
        state = "absent"
    cut_short = bool(partials(target))  # the kill landed while the archive was written
    assert not (cut_short and state == "complete")
    if moment == "archive renamed into place":
        assert state == "complete"
    elif moment != "archive nearly done":  # (that one may finish before the kill lands)
        assert state == "absent"
        assert cut_short or moment == "taking the database snapshot"
    # The live profile was only read: its content is as before, and it passes the checks.
    check_database(data).close()
    assert database_dump_digest(data) == before
    for leftover in partials(target):  # a cut-short archive keeps its hidden partial name
        assert leftover.name.startswith(".") and leftover.name.endswith(".partial")
    # A later backup to the same name works and verifies.
    again = run_cli("backup", target, "--data-dir", data)
    assert again.finish() == 0, again.stderr_text()
    assert backup.verify_backup(target).photo_count == photo_count


@pytest.mark.slow
def test_the_start_up_check_sweeps_a_killed_backups_old_snapshot(source, tmp_path: Path):
    """A killed backup leaves its database snapshot in a hidden folder of the profile; once
    it is old enough to be no running backup's, the start-up check removes it."""
    import shutil

    from backtracker.services.health import check_profile
    from backtracker.storage.database import close_database, open_database

    data = tmp_path / "profile"
    shutil.copytree(source[0], data)
    child = run_cli("backup", tmp_path / "backup.zip", "--data-dir", data)
    child.wait_until(lambda: bool(partials(tmp_path / "backup.zip")), timeout=60)
    child.kill()
    left = snapshots(data)
    assert left  # the snapshot folder of the killed backup
    open_database(data / "backtracker.sqlite3")
    try:
        assert check_profile(data, settle_seconds=0).ok
        assert snapshots(data) == left  # fresh: maybe a backup running now, left alone
        old = time.time() - 3600
        for folder in left:
            os.utime(folder, (old, old))
        assert check_profile(data, settle_seconds=0).ok
    finally:
        close_database()
    assert snapshots(data) == []
