"""A full or read-only disk, told in plain words at the storage boundary.

SQLite reports these as `OperationalError("database or disk is full")` or
`("attempt to write a readonly database")`. Left alone they reach the person as a bug
report. `disk_errors()` turns them into errors that are both a `UserError` (the UI shows the
message as is) and a `peewee.OperationalError` (code that catches database errors, such as
the photo import's per-file refusal, still does). SQLite has rolled the statement or the
transaction back by then, so nothing was half-written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import peewee

from backtracker.domain.errors import UserError


class DiskFullError(UserError, peewee.OperationalError):
    def __init__(self) -> None:
        super().__init__(
            "The disk with your BackTracker data is full, so this change was not saved. "
            "Free up some space and try again; everything saved before is safe."
        )


class ReadOnlyStorageError(UserError, peewee.OperationalError):
    def __init__(self) -> None:
        super().__init__(
            "Your BackTracker data is on a read-only disk or folder, so this change was not "
            "saved. Make the data folder writable (or choose another with --data-dir) and "
            "try again; everything saved before is safe."
        )


def storage_problem(error: BaseException) -> UserError | None:
    """The plain-words error for a full or read-only disk, or None for anything else."""
    if isinstance(error, UserError):
        return None
    text = str(error).lower()
    if "database or disk is full" in text:
        return DiskFullError()
    if "readonly database" in text or "read-only file system" in text:
        return ReadOnlyStorageError()
    return None


@contextmanager
def disk_errors() -> Iterator[None]:
    """Re-raise SQLite's full-disk and read-only errors as their plain-words versions."""
    try:
        yield
    except (sqlite3.OperationalError, peewee.OperationalError) as error:
        problem = storage_problem(error)
        if problem is None:
            raise
        raise problem from error
