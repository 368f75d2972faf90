"""Opening the profile database: version check first, then pragmas, then migrations."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from backtracker.domain.errors import UserError
from backtracker.storage.migrations import SCHEMA_VERSION, migrate
from backtracker.storage.models import db

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
    WAL would change its header.
    """
    found = read_schema_version(path)
    if found is not None and found > SCHEMA_VERSION:
        raise DatabaseTooNewError(path, found)
    if found is None and not path.exists():
        # Create the file private to its owner before SQLite does (WAL files copy its mode).
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    if not db.is_closed():
        db.close()
    db.init(str(path), pragmas=PRAGMAS)
    db.connect()
    try:
        migrate(db)
    except sqlite3.DatabaseError as error:
        db.close()
        raise NotADatabaseError(path, str(error)) from error


def close_database() -> None:
    if not db.is_closed():
        db.close()
