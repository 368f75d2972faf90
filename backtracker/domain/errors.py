"""The two kinds of error (ENGINEERING.md): a user or environment problem, or a bug.

`UserError` is a problem the person can fix (a bad value, a corrupt file, a database from a
newer app). Its message is a plain sentence that says what happened and what to do; it is
shown as is, never with a traceback. Anything else that escapes is a bug and gets logged.
"""

from __future__ import annotations

import errno
import os


class UserError(Exception):
    """A problem the person can understand and act on; `str(error)` is the message to show."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """One or more form fields hold values we cannot accept; nothing was changed."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        first_field, first_message = next(iter(self.problems.items()))
        super().__init__(first_message, field=first_field)


# What the operating system said, in English like the rest of the interface (its own
# `strerror` follows the system language: "Datei oder Verzeichnis nicht gefunden").
_OS_REASONS = {
    errno.ENOENT: "No such file or directory",
    errno.EACCES: "Permission denied",
    errno.EPERM: "Operation not permitted",
    errno.ENOSPC: "No space left on device",
    errno.EDQUOT: "Disk quota exceeded",
    errno.EFBIG: "File too large",
    errno.EROFS: "Read-only file system",
    errno.EEXIST: "File exists",
    errno.EISDIR: "Is a directory",
    errno.ENOTDIR: "Not a directory",
    errno.ENAMETOOLONG: "File name too long",
    errno.EIO: "Input/output error",
    errno.EBUSY: "Device or resource busy",
    errno.EMFILE: "Too many open files",
}


def os_reason(error: OSError) -> str:
    """Why a file operation failed, in English: "No space left on device". A reason of our own
    (an OSError raised with words other than the system's) is kept as it is."""
    own = error.strerror and error.errno and error.strerror != os.strerror(error.errno)
    return (not own and _OS_REASONS.get(error.errno or 0)) or error.strerror or str(error)
