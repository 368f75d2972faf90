"""A profile on a full or read-only disk gets a clear message, and is never half-written.

Where the tests may mount (root with CAP_SYS_ADMIN, as in CI containers), each profile lives
on a real small tmpfs: "full" is a filler file written until ENOSPC, "read-only" is a
remount. Elsewhere the same tests run on simulated faults, chosen at run time:
`PRAGMA max_page_count` makes SQLite itself report "database or disk is full", a file-size
limit (RLIMIT_FSIZE) makes file writes fail, and a 0500 folder is read-only to a non-root
user. The mode in use is printed in the test report (-rP shows it).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from backtracker.domain.errors import UserError, os_reason
from backtracker.storage.faults import DiskFullError

pytestmark = pytest.mark.skipif(os.name != "posix", reason="tmpfs, rlimits and POSIX modes")

FULL_MESSAGE = DiskFullError().message


def _can_mount() -> bool:
    if os.geteuid() != 0:
        return False
    probe = Path("/tmp") / f"bt-mount-probe-{uuid.uuid4().hex}"
    probe.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            return False
        subprocess.run(["umount", str(probe)], check=True)
        return True
    except OSError:
        return False
    finally:
        probe.rmdir()


REAL_DISK = _can_mount()


class Disk:
    """A small disk for one profile: a real tmpfs, or a folder with simulated faults."""

    def __init__(self, root: Path, size_mb: int) -> None:
        self.root = root
        self.real = REAL_DISK
        self.filler = root / "filler.bin"
        root.mkdir()
        if self.real:
            subprocess.run(
                ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0700", "tmpfs", str(root)],
                check=True,
            )
        self._limit: tuple[int, int] | None = None
        self._handler: object = None

    def fill(self) -> None:
        """No room left: nothing can grow (real), or SQLite and new file data are capped."""
        if self.real:
            with self.filler.open("wb") as filler, contextlib.suppress(OSError):
                while True:
                    filler.write(b"\0" * 65536)
                    filler.flush()
            with contextlib.suppress(OSError), self.filler.open("ab") as filler:
                filler.write(b"\0" * 4096)  # the last partial chunk
            return
        from backtracker.storage.models import db

        if not db.is_closed():
            pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
            db.execute_sql(f"PRAGMA max_page_count = {pages}")
        import resource

        self._handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        self._limit = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, self._limit[1]))

    def free(self) -> None:
        if self.real:
            self.filler.unlink(missing_ok=True)
            return
        from backtracker.storage.models import db

        if not db.is_closed():
            db.execute_sql("PRAGMA max_page_count = 1073741823")
        if self._limit is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_FSIZE, self._limit)
            signal.signal(signal.SIGXFSZ, self._handler)  # type: ignore[arg-type]
            self._limit = None

    def read_only(self, data_dir: Path) -> None:
        if self.real:
            subprocess.run(["mount", "-o", "remount,ro", str(self.root)], check=True)
        elif os.geteuid() != 0:
            data_dir.chmod(0o500)
        else:
            pytest.skip("root without mount: no way to make a folder read-only here")

    def writable(self, data_dir: Path) -> None:
        if self.real:
            subprocess.run(["mount", "-o", "remount,rw", str(self.root)], check=True)
        else:
            data_dir.chmod(0o700)

    def unmount(self) -> None:
        self.free()
        if self.real:
            subprocess.run(["umount", "-l", str(self.root)], check=False)

    @property
    def full_reason(self) -> str:
        """What the app says of it: in English, whatever the system language."""
        code = errno.ENOSPC if self.real else errno.EFBIG
        return os_reason(OSError(code, os.strerror(code)))


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Disk]:
    small = Disk(tmp_path / "disk", size_mb=24)
    print(f"disk faults: {'real tmpfs' if small.real else 'simulated'}")
    try:
        yield small
    finally:
        from backtracker.storage.database import close_database

        close_database()
        small.unmount()


@pytest.fixture
def profile_on_disk(disk: Disk):
    """A seeded profile on the small disk, with its database open."""
    from backtracker.storage.database import open_database
    from backtracker.storage.profile import prepare_profile
    from backtracker.storage.routines import seed_builtin_routines
    from backtracker.storage.seeding import seed_catalogue

    profile = prepare_profile(disk.root / "profile")
    open_database(profile.database_path)
    seed_catalogue()
    seed_builtin_routines()
    return profile


def folder_hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def integrity(database: Path) -> str:
    with closing(sqlite3.connect(database)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


# --- read-only ----------------------------------------------------------------------------


def test_starting_on_a_read_only_profile_explains_and_changes_nothing(disk, profile_on_disk):
    from backtracker.storage.database import close_database

    data = profile_on_disk.data_dir
    close_database()
    before = folder_hashes(data)
    disk.read_only(data)
    try:
        started = subprocess.run(
            [sys.executable, "-m", "backtracker", "--data-dir", str(data)],
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        imported = subprocess.run(
            [sys.executable, "-m", "backtracker", "--data-dir", str(data), "photos", "list"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        disk.writable(data)
    assert started.returncode == 2, started.stderr
    assert "Traceback" not in started.stderr
    assert f"BackTracker cannot use the data folder {data}" in started.stderr
    if disk.real:
        assert "read-only disk" in started.stderr
    assert "Choose a folder you can write to with --data-dir" in started.stderr
    assert imported.returncode == 2 and "Traceback" not in imported.stderr
    assert folder_hashes(data) == before
    assert integrity(profile_on_disk.database_path) == "ok"


# --- full: logging a set in the window ----------------------------------------------------


def test_logging_a_set_on_a_full_disk_says_so_and_keeps_what_was_saved(
    disk, profile_on_disk, qtbot
):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from backtracker.storage.models import SetEntry
    from backtracker.ui.application import ui_state
    from backtracker.ui.main_window import MainWindow
    from backtracker.ui.theme import ThemeMode, install_theme
    from tests.ui.test_log_tab import done_sets, pick_when_open, type_into_cell

    install_theme(QApplication.instance(), ThemeMode.LIGHT)
    window = MainWindow(profile_on_disk, ui_state(profile_on_disk))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.log_page)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    pick_when_open(qtbot, "dumbbell row")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    card = window.log.editor.cards[0]
    type_into_cell(qtbot, card.table, "14")
    type_into_cell(qtbot, card.table, "10")
    assert done_sets() == [(14.0, 10, "normal")]

    disk.fill()
    shown = ""
    for attempt in range(60):  # the write-ahead log may still have room for a few pages
        type_into_cell(qtbot, card.table, str(16 + attempt % 5))
        type_into_cell(qtbot, card.table, "8")
        if card.error.isVisible() and card.error.text():
            shown = card.error.text()
            break
    logged_while_full = done_sets()
    disk.free()

    assert shown == FULL_MESSAGE, shown
    assert logged_while_full[0] == (14.0, 10, "normal")  # the earlier set is intact
    assert integrity(profile_on_disk.database_path) == "ok"
    # What the table shows as done is exactly what the database holds.
    model = card.model
    shown_done = [
        model.set_at(row).id for row in range(model.rowCount()) if model.set_at(row).completed
    ]
    stored_done = [
        s.id
        for s in SetEntry.select().where(SetEntry.completed == True)  # noqa: E712
    ]
    assert sorted(shown_done) == sorted(stored_done)
    # With room again, logging goes on.
    type_into_cell(qtbot, card.table, "20")
    type_into_cell(qtbot, card.table, "6")
    assert len(done_sets()) == len(stored_done) + 1 or (20.0, 6, "normal") in done_sets()


# --- full: photos, backups, CSV imports ----------------------------------------------------


def _jpeg(path: Path, shade: int) -> Path:
    from PIL import Image

    Image.effect_noise((400, 300), 60 + shade).convert("RGB").save(path, "JPEG", quality=95)
    return path


def test_importing_photos_on_a_full_disk_refuses_each_and_leaves_no_part(
    disk, profile_on_disk, tmp_path
):
    from backtracker.services import photos
    from backtracker.storage.models import Photo

    thumbs = photos.thumbnails_dir(profile_on_disk.data_dir)
    for folder in (profile_on_disk.photos_dir, thumbs):
        folder.mkdir(mode=0o700)
    sources = [_jpeg(tmp_path / f"p{n}.jpg", n) for n in range(3)]
    disk.fill()
    try:
        report = photos.ingest(sources, profile_on_disk.photos_dir, thumbs)
    finally:
        disk.free()

    assert report.imported == []
    assert [r.path for r in report.refused] == sources
    for refusal in report.refused:
        assert refusal.reason.startswith("could not be stored"), refusal.reason
        assert disk.full_reason in refusal.reason or "disk is full" in refusal.reason
    assert list(profile_on_disk.photos_dir.iterdir()) == []
    assert list(thumbs.iterdir()) == []
    assert Photo.select().count() == 0
    # With room again, the same files import.
    assert len(photos.ingest(sources, profile_on_disk.photos_dir, thumbs).imported) == 3


def test_a_backup_on_a_full_disk_is_refused_with_no_partial_archive(disk, profile_on_disk):
    from backtracker.services import backup

    exports = disk.root / "exports"
    exports.mkdir()
    target = exports / "backup.zip"
    disk.fill()
    try:
        with pytest.raises(UserError) as refused:
            backup.create_backup(target, data_dir=profile_on_disk.data_dir)
    finally:
        disk.free()

    message = str(refused.value)
    assert "No backup was written" in message or "could not be written" in message
    assert "full" in message or disk.full_reason in message
    assert "Traceback" not in message
    assert list(exports.iterdir()) == []
    leftovers = [p.name for p in profile_on_disk.data_dir.iterdir() if p.name.startswith(".")]
    assert leftovers == []
    assert backup.verify_backup(backup.create_backup(target, data_dir=profile_on_disk.data_dir))


def _strong_csv(path: Path, workouts: int) -> Path:
    from tests.ui.test_import_dialog import STRONG_IOS_HEADER

    rows = [
        f"2024-{1 + w // 28:02d}-{1 + w % 28:02d} 18:00:00,Back Day {w},45m,"
        f"Lat Pulldown (Cable),{s},{40 + s},10,0,0,a note for set {s},,8"
        for w in range(workouts)
        for s in range(1, 6)
    ]
    path.write_text("\n".join([STRONG_IOS_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_csv_import_on_a_full_disk_is_absent_entirely(disk, profile_on_disk, tmp_path):
    from backtracker.services import importers
    from backtracker.storage.models import ImportBatch, SetEntry, Workout

    csv = _strong_csv(tmp_path / "strong.csv", workouts=300)
    counts = (Workout.select().count(), SetEntry.select().count(), ImportBatch.select().count())
    disk.fill()
    try:
        with pytest.raises(UserError) as refused:
            importers.import_file(csv, unit="kg")
    finally:
        disk.free()

    assert str(refused.value) == FULL_MESSAGE
    after = (Workout.select().count(), SetEntry.select().count(), ImportBatch.select().count())
    assert after == counts
    assert integrity(profile_on_disk.database_path) == "ok"
    result = importers.import_file(csv, unit="kg")  # with room again, all of it goes in
    assert result.workouts_added == 300 and result.sets_added == 1500


def test_the_translation_is_the_sqlite_message_in_plain_words(profile):
    """Both kinds stay database errors for code that catches those (the photo refusal)."""
    import peewee

    from backtracker.storage.faults import ReadOnlyStorageError, disk_errors

    for text, kind in (
        ("database or disk is full", DiskFullError),
        ("attempt to write a readonly database", ReadOnlyStorageError),
    ):
        with pytest.raises(kind) as raised, disk_errors():
            raise sqlite3.OperationalError(text)
        assert isinstance(raised.value, UserError)
        assert isinstance(raised.value, peewee.OperationalError)
    with pytest.raises(sqlite3.OperationalError, match="no such table"), disk_errors():
        raise sqlite3.OperationalError("no such table: nothing")


def test_a_full_disk_inside_nested_transactions_is_still_reported_plainly(disk, profile_on_disk):
    """SQLite has rolled everything back by itself; the savepoint and transaction exits must
    not replace the reason with "no transaction is active"."""
    from backtracker.storage.models import Setting, db

    before = Setting.select().count()
    disk.fill()
    try:
        with pytest.raises(DiskFullError), db.atomic(), db.atomic():
            for n in range(20_000):
                Setting.create(key=f"filler-{n}", value_json='"' + "x" * 200 + '"')
    finally:
        disk.free()
    assert Setting.select().count() == before
    assert integrity(profile_on_disk.database_path) == "ok"
