"""Opening the profile database: version check first, then pragmas, then migrations.

Before an older database is upgraded, a copy of it as it was goes to
`backups/before-upgrade-v<old>-<UTC timestamp>Z.sqlite3` beside it. Those copies are never
pruned, and a database whose copy cannot be made is not upgraded.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from contextlib import closing
from pathlib import Path

from backtracker.domain.errors import UserError
from backtracker.storage import migrations as schema
from backtracker.storage.backups import BackupError, snapshot_database, utc_stamp
from backtracker.storage.migrations import SCHEMA_VERSION, migrate

log = logging.getLogger(__name__)

BACKUPS_FOLDER = "backups"  # the same folder as Profile.backups_dir

# Applied by Peewee on every new connection (ENGINEERING.md). WAL lets readers work while a
# write is under way; synchronous=FULL makes each committed set survive a power cut too.
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "full",
    "busy_timeout": 5000,
    "cache_size": -16_000,  # 16 MB page cache
}


class DatabaseTooNewError(UserError):
    def __init__(self, path: Path, found: int) -> None:
        super().__init__(
            f"The database at {path} was written by a newer version of BackTracker "
            f"(schema {found}; this version understands up to {SCHEMA_VERSION}). "
            "It has not been opened or changed. Please update BackTracker to open it."
        )
        self.found = found


class NotADatabaseError(UserError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"{path} is not a BackTracker database that can be opened ({reason}). "
            "It has not been changed. Choose another data folder with --data-dir, or "
            "restore it from a backup."
        )


class UpgradeFailedError(UserError):
    def __init__(self, path: Path, found: int, target: int, reason: str, copy: Path) -> None:
        super().__init__(
            f"BackTracker could not upgrade your data in {path} for this version ({reason}; "
            f"data format {found} to {target}). Your data is unchanged; a copy made before "
            f"the upgrade is in {copy}. Please report this problem; the details are in "
            "backtracker.log."
        )
        self.found = found
        self.copy = copy


def read_schema_version(path: Path) -> int | None:
    """Read `user_version` without changing the file; None when there is no database yet."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as error:
        raise NotADatabaseError(path, str(error)) from error


def open_database(path: Path) -> None:
    """Point the shared `db` at `path`, creating or upgrading the schema as needed.

    A database from a newer app is refused before anything writes to it: even switching on
    WAL would change its header. An older one is copied first (`copy_before_upgrade`); if
    the upgrade then fails, every step is rolled back and UpgradeFailedError says where the
    copy is.
    """
    from backtracker.storage.models import db  # the ORM loads here, not with this module

    migrations = schema.MIGRATIONS  # looked up now, so a test can swap in a broken step
    target = migrations[-1].version
    found = read_schema_version(path)
    if found is not None and found > target:
        raise DatabaseTooNewError(path, found)
    copy = copy_before_upgrade(path, found) if found and found < target else None
    if found is None and not path.exists():
        # Create the file private to its owner before SQLite does (WAL files copy its mode).
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    if not db.is_closed():
        db.close()
    db.init(str(path), pragmas=PRAGMAS)
    try:
        db.connect()
        migrate(db, migrations)
    except Exception as error:
        db.close()
        if copy is None:
            if isinstance(error, sqlite3.DatabaseError):
                raise NotADatabaseError(path, str(error)) from error
            raise
        log.exception("Upgrading %s from schema %d to %d failed", path, found, target)
        raise UpgradeFailedError(path, found or 0, target, _reason(error), copy) from error


def open_database_copy(path: Path | None) -> None:
    """Point the shared `db` at an in-memory copy of the database at `path`, upgraded there.

    For work that must leave no trace (an import's dry run): the file is only read, so
    neither it nor its -wal changes, even when it is older and would need an upgrade, and no
    -wal or -shm file appears beside it. With `path` None, or no database there, the copy
    starts empty (a new profile). Raises DatabaseTooNewError or NotADatabaseError.
    """
    from backtracker.storage.models import db

    migrations = schema.MIGRATIONS
    exists = path is not None and path.is_file() and path.stat().st_size > 0
    if not db.is_closed():
        db.close()
    db.init(":memory:", pragmas={"foreign_keys": 1})
    db.connect()
    try:
        if path is not None and exists:
            # Without a -wal (no app has the profile open) SQLite would create -wal and -shm
            # files even for a read-only connection; "immutable" reads the file as it is.
            live = Path(f"{path}-wal").exists()
            uri = f"{path.resolve().as_uri()}?mode=ro" + ("" if live else "&immutable=1")
            with closing(sqlite3.connect(uri, uri=True)) as source:
                found = int(source.execute("PRAGMA user_version").fetchone()[0])
                if found > migrations[-1].version:
                    raise DatabaseTooNewError(path, found)
                source.backup(db.connection())
        migrate(db, migrations)
    except sqlite3.DatabaseError as error:
        db.close()
        raise NotADatabaseError(path or Path(":memory:"), str(error)) from error
    except BaseException:
        db.close()
        raise


def _reason(error: Exception) -> str:
    text = str(error).strip().rstrip(".")
    return text or type(error).__name__


def copy_before_upgrade(path: Path, found: int) -> Path:
    """Copy the database at `path` (schema `found`) into `backups/` before it is upgraded.

    Raises BackupError, leaving the database untouched, when the copy cannot be made.
    """
    folder = path.parent / BACKUPS_FOLDER
    stamp = utc_stamp()  # UTC, like every backup name: 20260318T081500Z
    target = folder / f"before-upgrade-v{found}-{stamp}.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"before-upgrade-v{found}-{stamp}-{n}.sqlite3"
    partial = folder / f".{target.name}.partial"
    try:
        folder.mkdir(exist_ok=True, mode=0o700)
        partial.unlink(missing_ok=True)
        try:
            snapshot_database(path, partial)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    except (sqlite3.Error, OSError) as error:
        raise BackupError(
            f"BackTracker needs to upgrade your data in {path} to this version, and could "
            f"not first make a copy of it in {folder} ({error}). Nothing was changed. Free "
            "some space or make the folder writable, then start BackTracker again."
        ) from error
    log.info("Copied %s (schema %d) to %s before upgrading it", path, found, target)
    return target


def close_database() -> None:
    from backtracker.storage.models import db

    if not db.is_closed():
        db.close()
