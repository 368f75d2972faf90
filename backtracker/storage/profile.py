"""Where a profile's files live: the data folder and what is inside it."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from backtracker.domain.errors import UserError, os_reason

APP_DIR_NAME = "BackTracker"


def default_data_dir() -> Path:
    """The platform's per-user data folder, e.g. ~/.local/share/BackTracker on Linux."""
    return platformdirs.user_data_path(APP_DIR_NAME, appauthor=False, roaming=True)


def default_cache_dir() -> Path:
    """The per-user cache folder, e.g. ~/.cache/BackTracker on Linux: kept files that can be
    made again (matplotlib's font list, PySide6's compiled support code)."""
    return platformdirs.user_cache_path(APP_DIR_NAME, appauthor=False)


@dataclass(frozen=True)
class Profile:
    """The files of one person's data folder."""

    data_dir: Path

    @property
    def database_path(self) -> Path:
        return self.data_dir / "backtracker.sqlite3"

    @property
    def photos_dir(self) -> Path:
        return self.data_dir / "photos"

    @property
    def thumbnails_dir(self) -> Path:
        """The thumbnail cache (services.photos.thumbnails_dir names the same folder)."""
        return self.data_dir / "thumbnails"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def ui_state_path(self) -> Path:
        """Window geometry and view choices (QSettings, INI format)."""
        return self.data_dir / "window-state.ini"


def prepare_profile(data_dir: Path) -> Profile:
    """Create the data folder if needed, private to its owner (0700)."""
    data_dir = data_dir.expanduser().absolute()
    if data_dir.exists() and not data_dir.is_dir():
        raise UserError(f"The data folder {data_dir} is a file, not a folder. Choose another.")
    try:
        if not data_dir.exists():
            data_dir.mkdir(parents=True, mode=0o700)
            data_dir.chmod(0o700)  # mkdir's mode is filtered by the umask
        if not os.access(data_dir, os.W_OK | os.X_OK):
            if hasattr(os, "statvfs") and os.statvfs(data_dir).f_flag & os.ST_RDONLY:
                raise OSError(errno.EROFS, "it is on a read-only disk")
            raise PermissionError(errno.EACCES, "permission denied")
    except OSError as error:
        reason = os_reason(error)
        raise UserError(
            f"BackTracker cannot use the data folder {data_dir}: {reason}. "
            "Choose a folder you can write to with --data-dir."
        ) from error
    return Profile(data_dir)


NOTHING_CREATED = "Point --data-dir at your BackTracker data folder; nothing was created."


def existing_profile(data_dir: Path) -> Profile:
    """The profile already in `data_dir`, for commands that only read: creates nothing.

    Raises UserError, naming the folder, when it does not exist, is a file, or holds no
    database (a read-only command must not leave an empty profile behind).
    """
    data_dir = data_dir.expanduser().absolute()
    profile = Profile(data_dir)
    if not data_dir.exists():
        raise UserError(
            f"The data folder {data_dir} does not exist, so there is no BackTracker data to "
            f"read. {NOTHING_CREATED}"
        )
    if not data_dir.is_dir():
        raise UserError(f"The data folder {data_dir} is a file, not a folder. Choose another.")
    if not profile.database_path.is_file():
        raise UserError(
            f"The folder {data_dir} holds no BackTracker database "
            f"({profile.database_path.name}), so there is nothing to read. {NOTHING_CREATED}"
        )
    return profile
