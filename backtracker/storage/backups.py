"""The files of backups: database snapshots, read-only looks, and the archive format.

The database helpers work on a path with plain `sqlite3` connections of their own, so they
can run before the profile database is opened (the backup on start happens before
migrations) and while the app has it open (SQLite's backup API copies one consistent
snapshot).

The archive is a zip: `backtracker.sqlite3`, `photos/...` and `manifest.json` with
`{format, app_version, schema_version, created_at, files: {name: {sha256, size}}}`.
`check_structure` and `check_content` refuse anything a hostile archive could use: names
that leave the target folder, links and special files, encryption, sizes over sane limits or
at odds with the manifest, checksum mismatches and a schema newer than this app.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import sqlite3
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from backtracker.domain import clock
from backtracker.domain.errors import UserError, os_reason
from backtracker.storage.migrations import SCHEMA_VERSION

# Beside a database in WAL mode: its write-ahead log and shared-memory index. They belong to
# the database, so they move with it, and a stale pair must never sit beside another one.
COMPANION_SUFFIXES = ("-wal", "-shm")
BUSY_TIMEOUT_S = 10.0


def utc_stamp(moment: dt.datetime | None = None) -> str:
    """20260318T081500Z: `moment` (an aware time; default now) in UTC, for backup names.

    UTC names sort in the order the copies were made even when the local clock goes back
    (the end of summer time, a flight west), so pruning by name never drops the newest.
    """
    return (moment or clock.utc_now()).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def companion_files(database: Path) -> list[Path]:
    """The database's -wal and -shm paths (whether or not they exist)."""
    return [database.with_name(database.name + suffix) for suffix in COMPANION_SUFFIXES]


def snapshot_database(source: Path, target: Path) -> int:
    """Copy `source` to a new file `target` with SQLite's backup API; its schema version.

    The copy is one read transaction, so it is consistent even while another connection
    writes (in WAL mode the writer is not blocked). The copy is switched to the rollback
    journal so that it is one self-contained file. Raises sqlite3.Error or OSError.
    """
    # Private to its owner from the start, like the profile database.
    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    source_uri = f"{source.resolve().as_uri()}?mode=rw"  # never creates a missing file
    with (
        closing(sqlite3.connect(source_uri, uri=True, timeout=BUSY_TIMEOUT_S)) as reader,
        closing(sqlite3.connect(target)) as copy,
    ):
        reader.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE").fetchone()
        return int(copy.execute("PRAGMA user_version").fetchone()[0])


def quick_check(path: Path) -> str:
    """SQLite's quick integrity check of a database file: "ok", or what is wrong."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    return "; ".join(str(row[0]) for row in rows[:5])


def read_setting(path: Path, key: str) -> Any:
    """A stored setting read from the file without opening (or migrating) it; None if absent.

    Raises sqlite3.Error for a file that is not a database, and ValueError for stored text
    that is not JSON.
    """
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        found = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'setting'"
        ).fetchone()
        if found is None:
            return None
        row = conn.execute('SELECT value_json FROM "setting" WHERE "key" = ?', (key,)).fetchone()
    return None if row is None else json.loads(row[0])


def is_open_here(path: Path) -> bool:
    """Whether this process has the profile database at `path` open through Peewee."""
    from backtracker.storage.models import db  # read at start-up without the ORM

    if db.is_closed() or not db.database:
        return False
    try:
        return Path(db.database).resolve() == path.resolve()
    except OSError:
        return False


# --- the archive format ---------------------------------------------------------------------

FORMAT = 1
MANIFEST_NAME = "manifest.json"
DATABASE_NAME = "backtracker.sqlite3"
PHOTOS_PREFIX = "photos"

# Limits that no real profile reaches, so a hostile archive cannot fill the disk or the memory.
MAX_ENTRIES = 200_000
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_FILE_BYTES = 4 * 1024**3
MAX_TOTAL_BYTES = 64 * 1024**3

CHUNK = 1024 * 1024
_SQLITE_MAGIC = b"SQLite format 3\x00"
_USER_VERSION_OFFSET = 60  # in the 100-byte database header, a big-endian 32-bit integer
_DRIVE = re.compile(r"^[A-Za-z]:")


class BackupError(UserError):
    """A backup that cannot be made, or an archive that is refused; nothing was changed."""


@dataclass(frozen=True)
class ManifestFile:
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    """What an archive says it holds (checked against what it really holds)."""

    format: int
    app_version: str
    schema_version: int
    created_at: dt.datetime
    files: dict[str, ManifestFile]

    @property
    def photo_count(self) -> int:
        return sum(1 for name in self.files if name.startswith(PHOTOS_PREFIX + "/"))

    @property
    def total_size(self) -> int:
        return sum(entry.size for entry in self.files.values())

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": self.format,
                "app_version": self.app_version,
                "schema_version": self.schema_version,
                "created_at": self.created_at.isoformat(timespec="seconds"),
                "files": {
                    name: {"sha256": entry.sha256, "size": entry.size}
                    for name, entry in self.files.items()
                },
            },
            ensure_ascii=False,
            indent=2,
        )


@contextlib.contextmanager
def open_archive(archive: Path) -> Iterator[zipfile.ZipFile]:
    """The archive opened for reading, or BackupError when it is missing or not a zip."""
    if not archive.exists():
        raise BackupError(f"The backup {archive} does not exist.")
    if not archive.is_file():
        raise BackupError(f"{archive} is not a file. Choose a BackTracker backup (.zip).")
    try:
        zipped = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise BackupError(
            f"{archive} is not a BackTracker backup: it is not a zip archive ({error})."
        ) from error
    except OSError as error:
        raise BackupError(f"{archive} could not be read: {os_reason(error)}.") from error
    with zipped:
        yield zipped


def refusal(archive: Path, problem: str) -> BackupError:
    return BackupError(f"The backup {archive} was refused: {problem}. Nothing was changed.")


def check_structure(
    archive: Path, zipped: zipfile.ZipFile
) -> tuple[Manifest, dict[str, zipfile.ZipInfo]]:
    """Names, kinds and sizes of the entries, and the manifest that must describe them."""
    infos = zipped.infolist()
    if len(infos) > MAX_ENTRIES:
        raise refusal(archive, f"it has {len(infos)} entries, more than any profile holds")
    entries: dict[str, zipfile.ZipInfo] = {}
    folded: set[str] = set()
    total = 0
    for info in infos:
        _check_entry(archive, info)
        key = info.filename.rstrip("/").casefold()
        if key in folded:
            raise refusal(archive, f"the name “{info.filename}” appears more than once")
        folded.add(key)
        if info.is_dir():
            continue
        total += info.file_size
        entries[info.filename] = info
    if total > MAX_TOTAL_BYTES:
        raise refusal(archive, f"its files would take {size_text(total)} when extracted")
    manifest_info = entries.pop(MANIFEST_NAME, None)
    if manifest_info is None:
        raise refusal(archive, f"it has no {MANIFEST_NAME}, so it is not a BackTracker backup")
    manifest = _read_manifest(archive, zipped, manifest_info)
    if DATABASE_NAME not in entries or DATABASE_NAME not in manifest.files:
        raise refusal(archive, f"it holds no database ({DATABASE_NAME})")
    missing = sorted(set(manifest.files) - set(entries))
    if missing:
        raise refusal(archive, f"“{missing[0]}” is listed in the manifest but missing")
    unlisted = sorted(set(entries) - set(manifest.files))
    if unlisted:
        raise refusal(archive, f"“{unlisted[0]}” is not listed in the manifest")
    for name, info in entries.items():
        if info.file_size != manifest.files[name].size:
            raise refusal(
                archive,
                f"“{name}” is {info.file_size} bytes, but the manifest says "
                f"{manifest.files[name].size}",
            )
    return manifest, entries


def _check_entry(archive: Path, info: zipfile.ZipInfo) -> None:
    """One entry's name and kind: only plain files and folders inside the target."""
    name = info.filename
    # The name as stored: zipfile cuts `filename` at a NUL, which would hide what follows.
    problem = name_problem(info.orig_filename)
    if problem:
        raise refusal(archive, f"the entry “{_printable(info.orig_filename)}” {problem}")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise refusal(archive, f"the entry “{name}” is a symbolic link")
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise refusal(archive, f"the entry “{name}” is not a plain file")
    if info.flag_bits & 0x1:
        raise refusal(archive, f"the entry “{name}” is encrypted")
    if info.file_size > MAX_FILE_BYTES:
        raise refusal(
            archive, f"the entry “{name}” would be {size_text(info.file_size)} when extracted"
        )
    if not info.is_dir():
        parts = name.split("/")
        allowed = name in (MANIFEST_NAME, DATABASE_NAME) or (
            len(parts) >= 2 and parts[0] == PHOTOS_PREFIX
        )
        if not allowed:
            raise refusal(archive, f"the entry “{name}” does not belong in a BackTracker backup")


def name_problem(name: str) -> str | None:
    """Why a name could reach outside the folder it is extracted to, or None if it is safe."""
    if not name or not name.rstrip("/"):
        return "has no name"
    if "\\" in name:
        return "contains a backslash"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "contains control characters"
    if name.startswith("/") or PurePosixPath(name).is_absolute():
        return "is an absolute path"
    if _DRIVE.match(name) or ":" in name:
        return "names a drive or a stream"
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        return "points outside the folder (..)"
    if any(part in ("", ".") for part in parts):
        return "has an empty or “.” path part"
    return None


def _printable(name: str) -> str:
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in name)


def _read_manifest(archive: Path, zipped: zipfile.ZipFile, info: zipfile.ZipInfo) -> Manifest:
    if info.file_size > MAX_MANIFEST_BYTES:
        raise refusal(archive, f"its manifest is {size_text(info.file_size)}, far too large")
    try:
        with zipped.open(info) as stream:
            text = stream.read(MAX_MANIFEST_BYTES + 1)
        data = json.loads(text.decode("utf-8"))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as error:
        raise refusal(archive, f"its manifest cannot be read ({error})") from error
    except (UnicodeDecodeError, ValueError) as error:  # ValueError: also a 5,000-digit number
        raise refusal(archive, f"its manifest is not valid JSON ({error})") from error
    except RecursionError:  # thousands of nested brackets
        raise refusal(archive, "its manifest is not valid JSON (nested too deeply)") from None
    try:
        return _parse_manifest(data)
    except (KeyError, TypeError, ValueError) as error:
        raise refusal(archive, f"its manifest is incomplete or damaged ({error})") from error
    except BackupError as error:
        raise refusal(archive, str(error)) from error


def _parse_manifest(data: Any) -> Manifest:
    if not isinstance(data, dict):
        raise TypeError("not an object")
    found_format = data["format"]
    if not isinstance(found_format, int) or isinstance(found_format, bool):
        raise TypeError("format is not a number")
    if found_format != FORMAT:
        raise BackupError(
            f"it is in backup format {found_format}, and this version of BackTracker reads "
            f"format {FORMAT}; update BackTracker to restore it"
        )
    schema = data["schema_version"]
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 0:
        raise TypeError("schema_version is not a whole number")
    if schema > SCHEMA_VERSION:
        raise BackupError(
            f"it was made by a newer version of BackTracker (schema {schema}; this version "
            f"understands up to {SCHEMA_VERSION}); update BackTracker to restore it"
        )
    files: dict[str, ManifestFile] = {}
    listed = data["files"]
    if not isinstance(listed, dict):
        raise TypeError("files is not an object")
    for name, entry in listed.items():
        sha = entry["sha256"]
        size = entry["size"]
        if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{64}", sha):
            raise ValueError(f"the checksum of “{name}” is not a SHA-256")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise ValueError(f"the size of “{name}” is not a whole number")
        files[name] = ManifestFile(sha, size)
    return Manifest(
        format=found_format,
        app_version=str(data["app_version"]),
        schema_version=schema,
        created_at=dt.datetime.fromisoformat(str(data["created_at"])),
        files=files,
    )


def check_content(
    archive: Path,
    zipped: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    expected: ManifestFile,
    sink: IO[bytes] | None,
) -> None:
    """Stream one entry (into `sink`, if given), counting and hashing the real bytes."""
    import hashlib  # OpenSSL loads here, not with the backup on start

    name = info.filename
    digest = hashlib.sha256()
    size = 0
    head = b""
    try:
        with zipped.open(info) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > expected.size:
                    raise refusal(archive, f"“{name}” holds more data than its declared size")
                digest.update(chunk)
                if len(head) < 100:
                    head += chunk[: 100 - len(head)]
                if sink is not None:
                    sink.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise refusal(archive, f"“{name}” is damaged ({error})") from error
    except NotImplementedError as error:  # a compression method zipfile cannot read
        raise refusal(archive, f"“{name}” cannot be unpacked ({error})") from error
    if size != expected.size or digest.hexdigest() != expected.sha256:
        raise refusal(archive, f"the checksum of “{name}” does not match its manifest")
    if name == DATABASE_NAME:
        _check_database_header(archive, head)


def _check_database_header(archive: Path, head: bytes) -> None:
    if len(head) < 100 or not head.startswith(_SQLITE_MAGIC):
        raise refusal(archive, f"its {DATABASE_NAME} is not an SQLite database")
    found = int.from_bytes(head[_USER_VERSION_OFFSET : _USER_VERSION_OFFSET + 4], "big")
    if found > SCHEMA_VERSION:
        raise refusal(
            archive,
            f"its database was written by a newer version of BackTracker (schema {found}; "
            f"this version understands up to {SCHEMA_VERSION}); update BackTracker to restore it",
        )


def size_text(size: int) -> str:
    """A size for people: 512 bytes, 3.4 MB, 12.0 GB."""
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
