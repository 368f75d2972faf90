"""One writer per profile: an exclusive lock on `<data_dir>/.lock`.

The app and every command that writes hold it while they run, so a second BackTracker on the
same data folder cannot write under the first one's feet. It is an operating-system lock
(`flock` on POSIX, `msvcrt.locking` on Windows), not a pid file: it goes away with the
process however that ends, even on SIGKILL or a power cut, so a stale lock never locks a
person out. The file holds the holder's pid and what it is doing, for the message, and is
removed again on a clean release.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from types import TracebackType

from backtracker.domain.errors import UserError, os_reason

LOCK_NAME = ".lock"
POLL_S = 0.1
GUI_PURPOSE = "window"

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    # Lock a byte far past the end, so the pid at the start stays readable.
    _LOCK_OFFSET = 1 << 30

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class ProfileInUseError(UserError):
    """Another process holds the profile; `pid` and `purpose` say which, when known."""

    def __init__(self, data_dir: Path, pid: int | None, purpose: str) -> None:
        self.data_dir = data_dir
        self.pid = pid
        self.purpose = purpose
        then = "Close it first" if purpose in (GUI_PURPOSE, "") else "Wait for it to finish"
        super().__init__(f"{holder_text(pid, purpose)} in {data_dir}. {then}, then try again.")


def holder_text(pid: int | None, purpose: str) -> str:
    """Who holds the profile, as the start of a sentence."""
    if purpose == GUI_PURPOSE or not purpose:
        return "BackTracker is open on this profile" + (f" (pid {pid})" if pid else "")
    which = f", pid {pid}" if pid else ""
    return f"Another BackTracker command ({purpose}{which}) is using this profile"


class ProfileLock:
    """The held lock; release it with `release()` or by leaving a `with` block."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, data_dir: Path, wait: float = 0, *, purpose: str = GUI_PURPOSE) -> ProfileLock:
        """Take the lock of the profile in `data_dir` (which must exist).

        Waits up to `wait` seconds for another holder to let go, then raises
        ProfileInUseError. `purpose` (e.g. "import") tells whoever else tries meanwhile.
        """
        path = Path(data_dir) / LOCK_NAME
        deadline = time.monotonic() + max(wait, 0)
        while True:
            fd = _open(path, data_dir)
            try:
                if _try_lock(fd):
                    if _is_current(fd, path):
                        _write_holder(fd, purpose)
                        return cls(path, fd)
                    os.close(fd)  # the holder removed this file as we locked it: again
                    continue
                if time.monotonic() >= deadline:
                    pid, held_for = read_holder(path)
                    raise ProfileInUseError(Path(data_dir), pid, held_for)
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)
            time.sleep(POLL_S)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Let go (idempotent), removing the file so the data folder is left as it was.

        It is removed while still locked, and a new holder checks that the file it locked
        is still the one at the path, so two can never both think they hold it.
        """
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if os.name == "posix":  # Windows cannot remove a file that is open
                with contextlib.suppress(OSError):
                    self.path.unlink()
            else:  # pragma: no cover
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> ProfileLock:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def read_holder(path: Path) -> tuple[int | None, str]:
    """The pid and purpose written by the holder of the lock file at `path`, when readable."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None, ""
    lines = text.splitlines()
    pid = int(lines[0]) if lines and lines[0].strip().isdigit() else None
    purpose = lines[1].strip() if len(lines) > 1 else ""
    return pid, purpose


def _open(path: Path, data_dir: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        raise UserError(
            f"BackTracker cannot lock the data folder {data_dir}: "
            f"{os_reason(error)}. Choose a folder you can write to with --data-dir."
        ) from error


def _is_current(fd: int, path: Path) -> bool:
    """Whether the open file `fd` is still the file at `path` (not removed or replaced)."""
    if os.name != "posix":  # pragma: no cover - the file is never removed there
        return True
    try:
        return os.path.samestat(os.fstat(fd), path.stat())
    except OSError:
        return False


def _write_holder(fd: int, purpose: str) -> None:
    if os.name == "posix":
        os.fchmod(fd, 0o600)  # also when an older file was made with another mode
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, f"{os.getpid()}\n{purpose}\n".encode())
