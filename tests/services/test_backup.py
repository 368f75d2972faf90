"""Backup archives, their verification against hostile archives, restore and rolling backups."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import sqlite3
import stat
import threading
import time
import warnings
import zipfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from backtracker import __version__
from backtracker.services import backup, export, preferences
from backtracker.services.backup import BackupError
from backtracker.storage import backups as store
from backtracker.storage import routines
from backtracker.storage.database import close_database, open_database
from backtracker.storage.migrations import SCHEMA_VERSION
from backtracker.storage.models import Workout
from backtracker.storage.profile import Profile

PHOTOS = {"a1.jpg": b"\xff\xd8first photo" * 100, "b2.jpg": b"\xff\xd8second photo" * 80}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`, with a hash of each file's bytes."""
    return {
        path.relative_to(folder).as_posix(): _sha(path.read_bytes()) if path.is_file() else "/"
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture
def filled(seeded) -> Profile:
    """A profile with a few weeks of demo training and two managed photos."""
    from backtracker.services.demo import fill_demo_profile

    routines.seed_builtin_routines()
    fill_demo_profile(today=dt.date(2025, 3, 12), weeks=4)
    seeded.photos_dir.mkdir(mode=0o700)
    for name, data in PHOTOS.items():
        (seeded.photos_dir / name).write_bytes(data)
    return seeded


def _export(tmp_path: Path, name: str) -> str:
    target = tmp_path / name
    export.export_csv(target)
    return target.read_text(encoding="utf-8")


# --- create ---------------------------------------------------------------------------------


def test_archive_holds_database_photos_and_a_true_manifest(filled, tmp_path):
    target = tmp_path / "backup.zip"
    (filled.photos_dir / ".a1.jpg.tmp").write_bytes(b"half-written")  # an ingest in flight

    written = backup.create_backup(target, data_dir=filled.data_dir)

    assert written == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with zipfile.ZipFile(target) as archive:
        names = sorted(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        contents = {name: archive.read(name) for name in names if name != "manifest.json"}
        infos = archive.infolist()
    assert names == ["backtracker.sqlite3", "manifest.json", "photos/a1.jpg", "photos/b2.jpg"]
    assert manifest["format"] == 1
    assert manifest["app_version"] == __version__
    assert manifest["schema_version"] == SCHEMA_VERSION
    dt.datetime.fromisoformat(manifest["created_at"])
    assert manifest["files"] == {
        name: {"sha256": _sha(data), "size": len(data)} for name, data in contents.items()
    }
    for name, data in PHOTOS.items():
        assert contents[f"photos/{name}"] == data
    assert contents["backtracker.sqlite3"].startswith(b"SQLite format 3\x00")
    assert all(stat.S_ISREG(info.external_attr >> 16) for info in infos)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.zip", "profile"]
    assert not list(filled.data_dir.glob(".backup-*"))

    checked = backup.verify_backup(target)
    assert checked.photo_count == 2
    assert checked.schema_version == SCHEMA_VERSION


def test_a_photo_name_a_restore_would_refuse_is_left_out(filled, tmp_path, caplog):
    (filled.photos_dir / "put:here by hand.jpg").write_bytes(b"odd")
    (filled.photos_dir / "back\\slash.jpg").write_bytes(b"odd")

    with caplog.at_level(logging.WARNING):
        archive = backup.create_backup(tmp_path / "backup.zip", data_dir=filled.data_dir)

    assert backup.verify_backup(archive).photo_count == 2
    assert "put:here by hand.jpg" in caplog.text and "back\\slash.jpg" in caplog.text


def test_the_database_copy_is_one_self_contained_file(filled, tmp_path):
    target = tmp_path / "backup.zip"
    backup.create_backup(target, data_dir=filled.data_dir)
    copy = tmp_path / "copy.sqlite3"
    with zipfile.ZipFile(target) as archive:
        copy.write_bytes(archive.read("backtracker.sqlite3"))

    with closing(sqlite3.connect(copy)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = conn.execute("SELECT count(*) FROM workout").fetchone()[0]
    assert count == Workout.select().count() > 0


def test_backup_is_consistent_while_another_connection_writes(filled, tmp_path):
    """The app keeps its connection open and a second one writes batches all the while."""
    database = filled.database_path
    with closing(sqlite3.connect(database)) as setup:
        setup.execute("CREATE TABLE probe (batch INTEGER NOT NULL, n INTEGER NOT NULL)")
        setup.commit()
    stop = threading.Event()
    batches = [0]
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            with closing(sqlite3.connect(database, timeout=10)) as conn:
                conn.execute("PRAGMA journal_mode=wal")
                while not stop.is_set():
                    with conn:
                        rows = [(batches[0], n) for n in range(200)]
                        conn.executemany("INSERT INTO probe VALUES (?, ?)", rows)
                    batches[0] += 1
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while batches[0] < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        before = batches[0]
        archives = [
            backup.create_backup(tmp_path / f"b{n}.zip", data_dir=filled.data_dir) for n in range(6)
        ]
        after = batches[0]
    finally:
        stop.set()
        thread.join()

    assert errors == []
    assert after > before, "the writer must have been writing during the backups"
    for archive in archives:
        backup.verify_backup(archive)
        copy = tmp_path / f"{archive.stem}.sqlite3"
        with zipfile.ZipFile(archive) as zipped:
            copy.write_bytes(zipped.read("backtracker.sqlite3"))
        with closing(sqlite3.connect(copy)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            rows, whole = conn.execute(
                "SELECT count(*), count(DISTINCT batch) FROM probe"
            ).fetchone()
        assert rows == 200 * whole, "a batch was copied half-written"


def test_backup_without_a_database_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(BackupError, match="no BackTracker database"):
        backup.create_backup(tmp_path / "b.zip", data_dir=tmp_path / "empty")
    assert not (tmp_path / "b.zip").exists()


def test_backup_over_the_database_or_into_a_missing_folder_is_refused(filled, tmp_path):
    before = _snapshot(filled.data_dir)
    with pytest.raises(BackupError, match="the database itself"):
        backup.create_backup(filled.database_path, data_dir=filled.data_dir)
    with pytest.raises(BackupError, match="does not exist"):
        backup.create_backup(tmp_path / "nowhere" / "b.zip", data_dir=filled.data_dir)
    with pytest.raises(BackupError, match="inside the photos folder"):
        backup.create_backup(filled.photos_dir / "b.zip", data_dir=filled.data_dir)
    assert _snapshot(filled.data_dir) == before


def test_a_failed_backup_leaves_the_old_archive_and_no_partial_file(filled, tmp_path, monkeypatch):
    target = tmp_path / "backup.zip"
    target.write_bytes(b"last week's backup")
    real_add = backup._add_file
    calls = [0]

    def add_then_fail(archive, name, path, stamp):
        calls[0] += 1
        if calls[0] == 2:
            raise OSError(28, "No space left on device")
        return real_add(archive, name, path, stamp)

    monkeypatch.setattr(backup, "_add_file", add_then_fail)
    with pytest.raises(BackupError, match="No space left on device"):
        backup.create_backup(target, data_dir=filled.data_dir)

    assert target.read_bytes() == b"last week's backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.zip", "profile"]


# --- restore --------------------------------------------------------------------------------


def test_backup_then_restore_gives_an_identical_export(filled, tmp_path):
    original_csv = _export(tmp_path, "before.csv")
    archive = backup.create_backup(tmp_path / "backup.zip", data_dir=filled.data_dir)
    Workout.delete().where(Workout.id == Workout.select().first().id).execute()
    (filled.photos_dir / "a1.jpg").unlink()
    (filled.photos_dir / "c3.jpg").write_bytes(b"a photo added after the backup")
    changed_csv = _export(tmp_path, "changed.csv")
    assert changed_csv != original_csv
    close_database()

    safety = backup.restore_backup(archive, data_dir=filled.data_dir)

    open_database(filled.database_path)
    assert _export(tmp_path, "after.csv") == original_csv
    assert {p.name: p.read_bytes() for p in filled.photos_dir.iterdir()} == PHOTOS
    assert safety.parent == filled.backups_dir
    assert safety.name.startswith("before-restore-")
    assert sorted(p.name for p in (safety / "photos").iterdir()) == ["b2.jpg", "c3.jpg"]
    with closing(sqlite3.connect(safety / "backtracker.sqlite3")) as conn:
        kept = conn.execute("SELECT count(*) FROM workout").fetchone()[0]
    assert kept == Workout.select().count() - 1  # the changed database, kept safe
    assert not list(filled.data_dir.glob(".restore-*"))


def test_restore_into_a_new_folder(filled, tmp_path):
    original_csv = _export(tmp_path, "before.csv")
    archive = backup.create_backup(tmp_path / "backup.zip", data_dir=filled.data_dir)
    close_database()
    fresh = tmp_path / "fresh"

    safety = backup.restore_backup(archive, data_dir=fresh)

    assert list(safety.iterdir()) == []
    open_database(fresh / "backtracker.sqlite3")
    assert _export(tmp_path, "after.csv") == original_csv
    assert {p.name for p in (fresh / "photos").iterdir()} == set(PHOTOS)


def test_restore_moves_a_stale_write_ahead_log_aside(filled, tmp_path):
    archive = backup.create_backup(tmp_path / "backup.zip", data_dir=filled.data_dir)
    close_database()
    wal = filled.database_path.with_name("backtracker.sqlite3-wal")
    wal.write_bytes(b"a log left by a crash")

    safety = backup.restore_backup(archive, data_dir=filled.data_dir)

    assert not wal.exists()
    assert (safety / wal.name).read_bytes() == b"a log left by a crash"
    assert store.quick_check(filled.database_path) == "ok"


def test_restore_refuses_while_this_process_has_the_database_open(filled, tmp_path):
    archive = backup.create_backup(tmp_path / "backup.zip", data_dir=filled.data_dir)
    with pytest.raises(RuntimeError, match="Close the profile database"):
        backup.restore_backup(archive, data_dir=filled.data_dir)
    assert not filled.backups_dir.exists()


def test_a_failed_move_puts_the_originals_back(filled, tmp_path, monkeypatch):
    archive = backup.create_backup(tmp_path / "backup.zip", data_dir=filled.data_dir)
    close_database()
    before = _snapshot(filled.data_dir)
    real_move = backup._move

    def move(source: Path, target: Path) -> None:
        if source.name == "photos" and target == filled.photos_dir:  # the last step
            raise OSError(13, "Permission denied")
        real_move(source, target)

    monkeypatch.setattr(backup, "_move", move)
    with pytest.raises(BackupError, match=r"Permission denied.*Your data is as it was"):
        backup.restore_backup(archive, data_dir=filled.data_dir)

    after = _snapshot(filled.data_dir)
    assert {k: v for k, v in after.items() if not k.startswith("backups")} == before
    assert not list(filled.data_dir.glob(".restore-*"))
    assert list(filled.backups_dir.iterdir()) == []


def test_restore_without_room_on_the_disk_changes_nothing(filled, tmp_path, monkeypatch):
    archive = backup.create_backup(tmp_path / "backup.zip", data_dir=filled.data_dir)
    close_database()
    before = _snapshot(filled.data_dir)

    class Usage:
        free = 1000

    monkeypatch.setattr(backup.shutil, "disk_usage", lambda _: Usage)
    with pytest.raises(BackupError, match="not enough free space"):
        backup.restore_backup(archive, data_dir=filled.data_dir)
    assert _snapshot(filled.data_dir) == before


# --- hostile and broken archives ------------------------------------------------------------


def _good_files(profile: Profile, tmp_path: Path) -> dict[str, bytes]:
    archive = backup.create_backup(tmp_path / "good.zip", data_dir=profile.data_dir)
    with zipfile.ZipFile(archive) as zipped:
        files = {name: zipped.read(name) for name in zipped.namelist()}
    archive.unlink()
    del files["manifest.json"]
    return files


def _manifest(files: dict[str, bytes], **changes: object) -> bytes:
    data = {
        "format": 1,
        "app_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "created_at": "2025-03-12T10:00:00",
        "files": {name: {"sha256": _sha(body), "size": len(body)} for name, body in files.items()},
    }
    data.update(changes)
    return json.dumps(data).encode()


Entries = list[tuple[str | zipfile.ZipInfo, bytes]]


def _with_manifest(files: dict[str, bytes], **changes: object) -> Entries:
    return [*files.items(), ("manifest.json", _manifest(files, **changes))]


def _extra(name: str | zipfile.ZipInfo, body: bytes) -> Callable[[dict[str, bytes]], Entries]:
    """The good files plus one more entry, listed in the manifest with its true checksum."""

    def build(files: dict[str, bytes]) -> Entries:
        listed = {**files, (name if isinstance(name, str) else name.filename): body}
        return [*files.items(), (name, body), ("manifest.json", _manifest(listed))]

    return build


def _symlink() -> zipfile.ZipInfo:
    info = zipfile.ZipInfo("photos/link.jpg")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    info.create_system = 3
    return info


def _fifo() -> zipfile.ZipInfo:
    info = zipfile.ZipInfo("photos/pipe.jpg")
    info.external_attr = (stat.S_IFIFO | 0o600) << 16
    info.create_system = 3
    return info


def _tampered(files: dict[str, bytes]) -> Entries:
    entries = _with_manifest(files)
    swapped = PHOTOS["a1.jpg"][::-1]  # the same size, other bytes
    return [(n, swapped if n == "photos/a1.jpg" else b) for n, b in entries]


def _wrong_size(files: dict[str, bytes]) -> Entries:
    data = json.loads(_manifest(files))
    data["files"]["photos/b2.jpg"]["size"] += 1
    return [*files.items(), ("manifest.json", json.dumps(data).encode())]


def _missing(files: dict[str, bytes]) -> Entries:
    listed = {**files, "photos/gone.jpg": b"never packed"}
    return [*files.items(), ("manifest.json", _manifest(listed))]


def _unlisted(files: dict[str, bytes]) -> Entries:
    return [*_with_manifest(files), ("photos/stowaway.jpg", b"not in the manifest")]


def _duplicate(files: dict[str, bytes]) -> Entries:
    return [*_with_manifest(files), ("photos/A1.JPG", b"a second a1")]


def _database_header(user_version: int) -> Callable[[dict[str, bytes]], Entries]:
    def build(files: dict[str, bytes]) -> Entries:
        data = bytearray(files["backtracker.sqlite3"])
        data[60:64] = user_version.to_bytes(4, "big")
        return _with_manifest({**files, "backtracker.sqlite3": bytes(data)})

    return build


def _not_sqlite(files: dict[str, bytes]) -> Entries:
    return _with_manifest({**files, "backtracker.sqlite3": b"not a database at all " * 20})


def _no_database(files: dict[str, bytes]) -> Entries:
    return _with_manifest({n: b for n, b in files.items() if n != "backtracker.sqlite3"})


HOSTILE: dict[str, tuple[Callable[[dict[str, bytes]], Entries], str]] = {
    "parent-path": (_extra("../evil.txt", b"escaped"), r"points outside the folder \(\.\.\)"),
    "nested-parent-path": (_extra("photos/../../evil.jpg", b"escaped"), r"points outside"),
    "absolute-path": (_extra("/tmp/evil.jpg", b"escaped"), "is an absolute path"),
    "backslashes": (_extra("photos\\..\\..\\evil.jpg", b"escaped"), "contains a backslash"),
    "drive-letter": (_extra("C:/evil.jpg", b"escaped"), "names a drive"),
    "stream": (_extra("photos/a.jpg:evil", b"escaped"), "names a drive or a stream"),
    "dot-part": (_extra("photos/./a.jpg", b"x"), "empty or “.” path part"),
    "control-character": (_extra("photos/a\x01.jpg", b"x"), "control characters"),
    "symlink": (_extra(_symlink(), b"/etc/passwd"), "is a symbolic link"),
    "special-file": (_extra(_fifo(), b""), "is not a plain file"),
    "unexpected-entry": (_extra("evil.sh", b"rm -rf ~"), "does not belong"),
    "checksum-mismatch": (_tampered, "checksum of “photos/a1.jpg” does not match"),
    "size-mismatch": (_wrong_size, "but the manifest says"),
    "listed-but-missing": (_missing, "listed in the manifest but missing"),
    "not-listed": (_unlisted, "not listed in the manifest"),
    "duplicate-name": (_duplicate, "appears more than once"),
    "newer-schema-in-manifest": (
        lambda files: _with_manifest(files, schema_version=SCHEMA_VERSION + 1),
        "made by a newer version of BackTracker",
    ),
    "newer-schema-in-database": (
        _database_header(SCHEMA_VERSION + 1),
        "database was written by a newer version",
    ),
    "newer-format": (lambda files: _with_manifest(files, format=2), "backup format 2"),
    "manifest-not-json": (
        lambda files: [*files.items(), ("manifest.json", b"{not json")],
        "not valid JSON",
    ),
    "manifest-incomplete": (
        lambda files: [*files.items(), ("manifest.json", b'{"format": 1}')],
        "incomplete or damaged",
    ),
    "no-manifest": (lambda files: list(files.items()), "no manifest.json"),
    "no-database": (_no_database, r"holds no database"),
    "not-a-database": (_not_sqlite, "not an SQLite database"),
}


def _write_zip(path: Path, entries: Entries) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zipped:
            for name, body in entries:
                zipped.writestr(name, body)
    return path


def _refused_and_nothing_changed(profile: Profile, archive: Path, match: str) -> None:
    close_database()
    before = _snapshot(profile.data_dir)
    with pytest.raises(BackupError, match=match) as refused:
        backup.verify_backup(archive)
    assert "Nothing was changed" in str(refused.value) or "not a zip" in str(refused.value)
    with pytest.raises(BackupError, match=match):
        backup.restore_backup(archive, data_dir=profile.data_dir)
    assert _snapshot(profile.data_dir) == before
    assert not (profile.data_dir.parent / "evil.txt").exists()


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_archives_are_refused_and_nothing_changes(filled, tmp_path, case):
    build, match = HOSTILE[case]
    archive = _write_zip(tmp_path / f"{case}.zip", build(_good_files(filled, tmp_path)))

    _refused_and_nothing_changed(filled, archive, match)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "not a zip archive"),
        (b"PK\x03\x04 but then nothing a zip needs" * 10, "not a zip archive"),
        (bytes(range(256)) * 40, "not a zip archive"),
    ],
)
def test_files_that_are_not_zips_are_refused(filled, tmp_path, content, match):
    archive = tmp_path / "backup.zip"
    archive.write_bytes(content)

    _refused_and_nothing_changed(filled, archive, match)


def test_a_missing_archive_is_explained(filled, tmp_path):
    with pytest.raises(BackupError, match="does not exist"):
        backup.verify_backup(tmp_path / "nothing.zip")


def test_a_zip_bomb_is_refused_by_its_declared_size(filled, tmp_path, monkeypatch):
    monkeypatch.setattr(store, "MAX_FILE_BYTES", 8 * 1024 * 1024)
    files = _good_files(filled, tmp_path)
    bomb = bytes(32 * 1024 * 1024)  # deflates to about 32 KB
    archive = _write_zip(tmp_path / "bomb.zip", _extra("photos/bomb.jpg", bomb)(files))
    assert archive.stat().st_size < 1024 * 1024

    _refused_and_nothing_changed(filled, archive, r"photos/bomb.jpg” would be 32.0 MB")


def test_too_much_in_total_is_refused(filled, tmp_path, monkeypatch):
    files = _good_files(filled, tmp_path)
    monkeypatch.setattr(store, "MAX_TOTAL_BYTES", sum(len(b) for b in files.values()) - 1)
    archive = _write_zip(tmp_path / "big.zip", _with_manifest(files))

    _refused_and_nothing_changed(filled, archive, "when extracted")


def test_too_many_entries_are_refused(filled, tmp_path, monkeypatch):
    monkeypatch.setattr(store, "MAX_ENTRIES", 3)
    archive = backup.create_backup(tmp_path / "backup.zip", data_dir=filled.data_dir)

    _refused_and_nothing_changed(filled, archive, "it has 4 entries")


# (offset in a local header, offset in a central directory header, width) of a field
SIZE_FIELD = (22, 24, 4)
FLAGS_FIELD = (6, 8, 2)


def _patch_headers(
    archive: Path, name: str, field: tuple[int, int, int], change: Callable[[int], int]
) -> None:
    """Rewrite one field of an entry's local and central headers, as a forger would."""
    data = bytearray(archive.read_bytes())
    encoded = name.encode()
    local_at, central_at, width = field
    headers = ((b"PK\x03\x04", local_at, 26, 30), (b"PK\x01\x02", central_at, 28, 46))
    for signature, field_at, name_length_at, name_at in headers:
        at = data.find(signature)
        while at != -1:
            length = int.from_bytes(data[at + name_length_at : at + name_length_at + 2], "little")
            if bytes(data[at + name_at : at + name_at + length]) == encoded:
                start = at + field_at
                old = int.from_bytes(data[start : start + width], "little")
                data[start : start + width] = change(old).to_bytes(width, "little")
            at = data.find(signature, at + 4)
    archive.write_bytes(bytes(data))


def test_an_encrypted_entry_is_refused(filled, tmp_path):
    archive = _write_zip(tmp_path / "secret.zip", _with_manifest(_good_files(filled, tmp_path)))
    _patch_headers(archive, "photos/a1.jpg", FLAGS_FIELD, lambda flags: flags | 0x1)

    _refused_and_nothing_changed(filled, archive, "“photos/a1.jpg” is encrypted")


def test_an_entry_larger_than_it_declares_is_refused(filled, tmp_path):
    """The real size counts, not the header's: the extra bytes are never trusted."""
    files = _good_files(filled, tmp_path)
    photo = files["photos/a1.jpg"]
    short = {**files, "photos/a1.jpg": photo[:100]}  # what the headers will claim
    archive = tmp_path / "liar.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zipped:
        for name, body in files.items():
            zipped.writestr(name, body)
        zipped.writestr("manifest.json", _manifest(short))
    _patch_headers(archive, "photos/a1.jpg", SIZE_FIELD, lambda _: 100)
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.getinfo("photos/a1.jpg").file_size == 100

    _refused_and_nothing_changed(filled, archive, "photos/a1.jpg")


def test_a_damaged_database_inside_a_sound_archive_is_refused(filled, tmp_path):
    files = _good_files(filled, tmp_path)
    data = bytearray(files["backtracker.sqlite3"])
    page = int.from_bytes(data[16:18], "big")
    data[page : page * 3] = b"\x0d" * (page * 2)  # scribble over the first pages of tables
    archive = _write_zip(
        tmp_path / "damaged.zip", _with_manifest({**files, "backtracker.sqlite3": bytes(data)})
    )
    close_database()
    before = _snapshot(filled.data_dir)

    backup.verify_backup(archive)  # the checksums are right: the damage is inside
    with pytest.raises(BackupError, match=r"its database (is damaged|cannot be opened)"):
        backup.restore_backup(archive, data_dir=filled.data_dir)

    assert _snapshot(filled.data_dir) == before


# --- rolling backups ------------------------------------------------------------------------


def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each backup a minute after the last (names are in UTC)."""
    start = dt.datetime(2025, 3, 12, 8, 0, tzinfo=dt.UTC)
    moments = (start + dt.timedelta(minutes=n) for n in range(1000))
    monkeypatch.setattr(backup, "_utc_now", lambda: next(moments))


def test_rolling_backups_keep_the_newest(filled, monkeypatch):
    _clock(monkeypatch)
    filled.backups_dir.mkdir()
    (filled.backups_dir / "notes.txt").write_text("mine")
    (filled.backups_dir / "auto-old.sqlite3").write_text("not one of ours")
    (filled.backups_dir / "before-restore-20240101-000000").mkdir()

    made = [backup.rolling_backup(filled.data_dir, keep=3) for _ in range(5)]

    assert [p.name for p in made] == [f"auto-20250312T08{m:02}00Z.sqlite3" for m in range(5)]
    assert sorted(p.name for p in filled.backups_dir.iterdir()) == [
        "auto-20250312T080200Z.sqlite3",
        "auto-20250312T080300Z.sqlite3",
        "auto-20250312T080400Z.sqlite3",
        "auto-old.sqlite3",
        "before-restore-20240101-000000",
        "notes.txt",
    ]
    for path in made[2:]:
        assert store.quick_check(path) == "ok"
        with closing(sqlite3.connect(path)) as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            assert conn.execute("SELECT count(*) FROM workout").fetchone()[0] > 0
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_backups_in_the_same_second_do_not_overwrite_each_other(filled, monkeypatch):
    monkeypatch.setattr(backup, "_utc_now", lambda: dt.datetime(2025, 3, 12, 8, 0, tzinfo=dt.UTC))

    made = [backup.rolling_backup(filled.data_dir, keep=2) for _ in range(3)]

    assert [p.name for p in made] == [
        "auto-20250312T080000Z.sqlite3",
        "auto-20250312T080000Z-2.sqlite3",
        "auto-20250312T080000Z-3.sqlite3",
    ]
    assert stat.S_IMODE(filled.backups_dir.stat().st_mode) == 0o700
    assert [p.name for p in backup.auto_backups(filled.backups_dir)] == [
        "auto-20250312T080000Z-2.sqlite3",
        "auto-20250312T080000Z-3.sqlite3",
    ]


def test_keeping_none_turns_rolling_backups_off(filled):
    assert backup.rolling_backup(filled.data_dir, keep=0) is None
    assert not filled.backups_dir.exists()


def test_no_database_means_no_rolling_backup(tmp_path):
    assert backup.rolling_backup(tmp_path, keep=7) is None
    assert list(tmp_path.iterdir()) == []


def _write_to(database: Path, n: int) -> None:
    """A change to the database, stamped clearly after any backup made so far."""
    with closing(sqlite3.connect(database)) as conn, conn:
        conn.execute("INSERT INTO setting VALUES (?, '1')", (f"test-{n}",))
    later = time.time_ns() + (n + 1) * 10**9
    os.utime(database, ns=(later, later))


def test_backup_on_start_keeps_what_the_preferences_say(filled, monkeypatch):
    _clock(monkeypatch)
    preferences.save(preferences.Preferences(backups_to_keep=2))
    close_database()

    made = []
    for n in range(4):
        _write_to(filled.database_path, n)
        made.append(backup.backup_on_start(filled.data_dir))

    assert all(made)
    assert backup.auto_backups(filled.backups_dir) == made[2:]


def test_backup_on_start_defaults_to_seven(filled, monkeypatch):
    _clock(monkeypatch)
    close_database()
    for n in range(9):
        _write_to(filled.database_path, n)
        backup.backup_on_start(filled.data_dir)
    assert len(backup.auto_backups(filled.backups_dir)) == 7


def test_backup_on_start_skips_a_database_unchanged_since_the_last_copy(filled, monkeypatch):
    _clock(monkeypatch)
    close_database()
    first = backup.backup_on_start(filled.data_dir)
    assert first is not None
    earlier = first.stat().st_mtime_ns - 10**9
    os.utime(filled.database_path, ns=(earlier, earlier))
    before = filled.database_path.read_bytes()

    assert backup.backup_on_start(filled.data_dir) is None  # e.g. started twice in a row
    assert backup.auto_backups(filled.backups_dir) == [first]
    assert filled.database_path.read_bytes() == before

    _write_to(filled.database_path, 1)
    second = backup.backup_on_start(filled.data_dir)
    assert second is not None
    assert backup.auto_backups(filled.backups_dir) == [first, second]


def test_backup_on_start_can_be_turned_off(filled):
    preferences.save(preferences.Preferences(backups_to_keep=0))
    close_database()
    assert backup.backup_on_start(filled.data_dir) is None
    assert not filled.backups_dir.exists()


def test_backup_on_start_leaves_a_newer_database_alone(filled):
    close_database()
    with closing(sqlite3.connect(filled.database_path)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = filled.database_path.read_bytes()

    assert backup.backup_on_start(filled.data_dir) is None
    assert filled.database_path.read_bytes() == before
    assert not filled.backups_dir.exists()


def test_backup_on_start_leaves_a_file_that_is_not_a_database_alone(tmp_path):
    (tmp_path / "backtracker.sqlite3").write_bytes(b"not a database " * 100)
    assert backup.backup_on_start(tmp_path) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backtracker.sqlite3"]


def test_a_failed_backup_on_start_never_stops_the_app(tmp_path, monkeypatch, caplog):
    from backtracker import app
    from backtracker.storage.profile import prepare_profile

    profile = prepare_profile(tmp_path / "profile")

    def refuse(_: Path) -> None:
        raise BackupError("The disk is full.")

    monkeypatch.setattr(backup, "backup_on_start", refuse)
    assert app._backup_on_start(profile) == "The automatic backup failed: The disk is full."

    def bug(_: Path) -> None:
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(backup, "backup_on_start", bug)
    with caplog.at_level(logging.ERROR):
        message = app._backup_on_start(profile)
    assert message == "The automatic backup failed; the details are in backtracker.log."
    assert "ZeroDivisionError" in caplog.text


def test_the_app_backs_up_before_it_opens_the_database(filled, monkeypatch):
    """On start the copy is made before `open_database` could migrate the database."""
    from backtracker import app
    from backtracker.storage import database, first_window
    from backtracker.ui import application, dialogs

    close_database()
    backups_when_opened: list[int] = []

    def open_and_refuse(path: Path) -> None:
        backups_when_opened.append(len(backup.auto_backups(filled.backups_dir)))
        raise database.DatabaseTooNewError(path, SCHEMA_VERSION + 1)

    monkeypatch.setattr(app, "configure_logging", lambda profile: None)
    monkeypatch.setattr(application, "create_application", lambda argv: None)
    monkeypatch.setattr(database, "open_database", open_and_refuse)
    monkeypatch.setattr(dialogs, "show_fatal_error", lambda title, text: None)
    # The usual path, as for a database to migrate (the window from plain reads opens the
    # database after its first paint: tests/e2e/test_first_window_start.py).
    monkeypatch.setattr(first_window, "read_first_window", lambda path: None)

    assert app._run_gui(filled, demo=False) == app.EXIT_DATABASE_REFUSED
    assert backups_when_opened == [1]


def test_a_partial_archive_left_by_a_killed_backup_is_removed(filled, tmp_path):
    import subprocess
    import sys

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    target = tmp_path / "backtracker.zip"
    abandoned = tmp_path / f".backtracker.zip.{dead.pid}.partial"
    abandoned.write_bytes(b"half an archive")
    other_name = tmp_path / f".other.zip.{dead.pid}.partial"
    other_name.write_bytes(b"not ours to judge")
    live = tmp_path / f".backtracker.zip.{os.getppid()}.partial"  # a running process
    live.write_bytes(b"still being written")

    backup.create_backup(target, data_dir=filled.data_dir)

    assert not abandoned.exists()
    assert other_name.exists() and live.exists()
    backup.verify_backup(target)
