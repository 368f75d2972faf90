"""The photo vault's passphrase on the command line, and the key it opens.

A command that reads or writes photos while the vault is on (`photos import`, `photos
timelapse`, `photos align`, `photos vault …`) needs the passphrase. It comes from
`--passphrase-file FILE` (the file's first line, its line ending removed) when given, else
from the terminal with `getpass` (nothing echoed). Without a terminal and without a file
the command stops before it changes anything (exit 2), as it does for a file that is
missing or unreadable, and for a wrong passphrase.

A pass that turning the vault on or off left unfinished (a kill, a power cut) is finished
as soon as the vault is unlocked, and stderr says so: every file is in one form or the
other until then, and readable either way once unlocked.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from backtracker.domain.errors import UserError, os_reason

FILE_HELP = (
    "read the photo vault's passphrase from the first line of FILE instead of asking on "
    "the terminal (for scripts; keep the file private)"
)


class Progress:
    """`done of total` on stderr: one line rewritten on a terminal, else every tenth."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.shown = -1
        self.stream = sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, done: int, total: int) -> None:
        step = max(1, total // 10)
        if self.live:
            print(f"\r{self.what}: {done} of {total}", end="", file=self.stream, flush=True)
            if done == total:
                print(file=self.stream)
        elif done == total or done // step != self.shown // step:
            print(f"{self.what}: {done} of {total}", file=self.stream, flush=True)
        self.shown = done


def add_passphrase_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-file", type=Path, metavar="FILE", default=None, help=FILE_HELP
    )


def read_passphrase_file(path: Path, what: str = "passphrase") -> str:
    """The first line of `path` without its line ending. Raises UserError."""
    try:
        with path.open("r", encoding="utf-8", newline="") as file:
            line = file.readline()
    except FileNotFoundError:
        raise UserError(f"The {what} file {path} does not exist. Nothing was changed.") from None
    except IsADirectoryError:
        raise UserError(f"The {what} file {path} is a folder. Nothing was changed.") from None
    except UnicodeDecodeError:
        raise UserError(f"The {what} file {path} is not UTF-8 text. Nothing was changed.") from None
    except OSError as error:
        raise UserError(
            f"The {what} file {path} cannot be read: {os_reason(error)}. Nothing was changed."
        ) from None
    line = line.removesuffix("\n").removesuffix("\r")
    if not line:
        raise UserError(f"The first line of the {what} file {path} is empty. Nothing was changed.")
    return line


def read_given_files(args: argparse.Namespace) -> None:
    """Read --passphrase-file / --new-passphrase-file into `args` before anything else runs,
    so a wrong file name stops the command while nothing is changed (not even a folder
    made). Raises UserError."""
    given = getattr(args, "passphrase_file", None)
    args.passphrase = None if given is None else read_passphrase_file(given)
    new = getattr(args, "new_passphrase_file", None)
    args.new_passphrase = None if new is None else read_passphrase_file(new, "new passphrase")


def has_terminal() -> bool:
    stdin = sys.stdin
    return stdin is not None and stdin.isatty()


def ask(prompt: str) -> str:
    """A passphrase typed on the terminal, not echoed. Raises UserError without one."""
    if not has_terminal():
        raise UserError(
            "Your photos are in the photo vault and need its passphrase, but there is no "
            "terminal to ask on. Give it with --passphrase-file FILE. Nothing was changed."
        )
    try:
        return getpass.getpass(prompt, stream=sys.stderr)
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        raise UserError("No passphrase was given. Nothing was changed.") from None


def given_or_asked(args: argparse.Namespace, prompt: str = "Photo vault passphrase: ") -> str:
    given = getattr(args, "passphrase", None)
    return given if given is not None else ask(prompt)


def new_passphrase(args: argparse.Namespace, *, from_file: str = "new_passphrase") -> str:
    """A new passphrase: from its file, or typed twice on the terminal. Checked as the vault
    wants it (length, spaces, both the same). Raises UserError."""
    from backtracker.services import photo_vault

    given = getattr(args, from_file, None)
    if given is not None:
        photo_vault.validate_new_passphrase(given, given)
        return given
    first = ask("New passphrase: ")
    photo_vault.validate_new_passphrase(first, first)
    photo_vault.validate_new_passphrase(first, ask("The same passphrase again: "))
    return first


def unlock(args: argparse.Namespace, *, holds_lock: bool = True) -> None:
    """Unlock the vault when the open profile's photos need it (a no-op when it is off).

    A pass left unfinished is finished here. A command that only reads (`holds_lock`
    false) finishes it only if it can take the profile lock; else the app, which has it,
    finishes it, and the files are read in whichever form they are meanwhile. Raises
    UserError: no passphrase, a wrong one (nothing changed either way)."""
    from backtracker.services import photo_vault

    if not photo_vault.needs_passphrase():
        return
    photo_vault.unlock(given_or_asked(args))
    if photo_vault.pending_pass() is None:
        return
    if holds_lock:
        finish_pending()
        return
    from backtracker.storage import photos as photo_store
    from backtracker.storage.lock import ProfileInUseError, ProfileLock

    data_dir = photo_store.current_profile().data_dir
    try:
        held = ProfileLock.acquire(data_dir, wait=0, purpose="photos vault finish")
    except ProfileInUseError:
        finish_pending(allowed=False)
        return
    with held:
        finish_pending()


def finish_pending(*, allowed: bool = True, summary: bool = True) -> int:
    """Finish a pass cut short (the vault is unlocked); the files changed. Says so on
    stderr (the result too, with `summary`); with `allowed` false only says why it is not
    finished now."""
    from backtracker.services import photo_vault
    from backtracker.services.photo_vault import VaultState

    pending = photo_vault.pending_pass()
    if pending is None:
        return 0
    on = pending is VaultState.TURNING_ON
    what = "on" if on else "off"
    if not allowed:
        print(
            f"Turning the photo vault {what} was interrupted; BackTracker has this profile "
            "open, so it finishes there (unlock the photos in the Photos tab). The photos "
            "are read as they are meanwhile.",
            file=sys.stderr,
        )
        return 0
    print(f"Turning the photo vault {what} was interrupted; finishing it now.", file=sys.stderr)
    changed = photo_vault.finish_pass(
        progress=Progress("Encrypting files" if on else "Decrypting files")
    )
    done = "encrypted" if on else "decrypted"
    if summary:
        plural = "" if changed == 1 else "s"
        print(
            f"The photo vault is now {what} ({changed} more file{plural} {done}).",
            file=sys.stderr,
        )
    return changed


def forget_key() -> None:
    """Forget the vault's key (when this process ever loaded the vault)."""
    vault = sys.modules.get("backtracker.services.photo_vault")
    if vault is not None:
        vault.lock()
