"""`backtracker photos vault status|on|off|passphrase|finish`: the photo vault from the terminal.

`status` only reads (it runs alongside the app); the others write, so they hold the profile
lock like every writing command (`commands._run_photos_locked`) and never create a profile.
Passphrases are typed on the terminal without echo, or read from files (cli/passphrase.py).
Progress goes to stderr, the result to stdout. The work itself is services/photo_vault.py's
crash-safe pass: a command killed half-way leaves every photo readable in one form, and the
next unlock (`photos vault finish`, any photo command, or the app) finishes it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from backtracker.cli import passphrase
from backtracker.cli.commands import EXIT_OK, _add_wait, _plural, fail

HELP = "encrypt the photos with a passphrase, or see and change the vault (status, on, off, …)"
WARNING = (
    "Warning: if you forget this passphrase, your photos cannot be recovered. Nobody can "
    "open them without it, not BackTracker either, and no backup helps: backups keep them "
    "encrypted too."
)
WRITING_ACTIONS = ("on", "off", "passphrase", "finish")
EXIT_INTERRUPTED = 130  # as a shell reports Ctrl+C


def configure(actions: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `vault` action to `photos`, with its own actions."""
    vault = actions.add_parser(
        "vault",
        help=HELP,
        description="The photo vault keeps the photo files and thumbnails encrypted on disk "
        "(AES-256-GCM, the key made from your passphrase with scrypt and kept in memory "
        "only). Photo commands then ask for the passphrase.",
    )
    steps = vault.add_subparsers(dest="vault_action", metavar="ACTION", required=True)
    status = steps.add_parser("status", help="say whether the vault is on, and count the files")
    status.add_argument("--json", action="store_true", help="print a JSON object")
    on = steps.add_parser(
        "on",
        help="encrypt every photo and thumbnail under a new passphrase",
        description="Encrypt every photo file and thumbnail under a new passphrase (asked "
        f"twice). {WARNING}",
    )
    off = steps.add_parser("off", help="decrypt every photo and thumbnail (asks the passphrase)")
    change = steps.add_parser(
        "passphrase",
        help="change the passphrase (no photo is rewritten)",
        description="Change the vault's passphrase: the old one, then the new one twice "
        "(or --passphrase-file and --new-passphrase-file).",
    )
    finish = steps.add_parser(
        "finish", help="finish turning the vault on or off after it was cut short"
    )
    for sub in (status, on, off, change, finish):
        sub.add_argument("--data-dir", type=Path, metavar="PATH", default=argparse.SUPPRESS)
    for sub in (on, off, change, finish):
        _add_wait(sub)
    for sub in (off, change, finish):
        passphrase.add_passphrase_file(sub)
    on.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        default=None,
        help="read the new passphrase from the first line of FILE instead of asking twice",
    )
    change.add_argument(
        "--new-passphrase-file",
        type=Path,
        metavar="FILE",
        default=None,
        help="read the new passphrase from the first line of FILE",
    )
    return vault


def writes(args: argparse.Namespace) -> bool:
    return args.photos_action == "vault" and args.vault_action in WRITING_ACTIONS


def run(args: argparse.Namespace) -> int:
    """With the profile's database open (and the profile lock held when it writes)."""
    action = {
        "status": _status,
        "on": _turn_on,
        "off": _turn_off,
        "passphrase": _change,
        "finish": _finish,
    }[args.vault_action]
    try:
        return action(args)
    except KeyboardInterrupt:  # Ctrl+C during a pass: each file is whole in one form
        print(file=sys.stderr)
        fail(
            "Stopped. Every photo is still readable; `backtracker photos vault finish` "
            "finishes the change (so does the next unlock)."
        )
        return EXIT_INTERRUPTED


def _status(args: argparse.Namespace) -> int:
    from backtracker.services import photo_vault
    from backtracker.services.health import vault_file_counts
    from backtracker.services.photo_vault import VaultState

    found = photo_vault.record()
    state = VaultState.OFF if found is None else found.state
    sealed, plain = vault_file_counts()
    if args.json:
        data: dict[str, object] = {
            "state": state.value,
            "pending": photo_vault.pending_pass() is not None,
            "sealed_files": sealed,
            "plain_files": plain,
            "kdf": None,
        }
        if found is not None:
            p = found.params
            data["kdf"] = {"name": "scrypt", "n": p.n, "r": p.r, "p": p.p}
        print(json.dumps(data, indent=2))
        return EXIT_OK
    files = f"{_plural(sealed, 'file')} encrypted, {plain} unencrypted"
    if state is VaultState.OFF:
        print(f"Photo vault: off ({files}).")
        print("`backtracker photos vault on` encrypts the photos under a passphrase.")
    elif state is VaultState.ON:
        print(f"Photo vault: on ({files}).")
    else:
        what = "on" if state is VaultState.TURNING_ON else "off"
        print(f"Photo vault: turning it {what} was interrupted ({files}).")
        print("`backtracker photos vault finish` finishes it (it asks for the passphrase).")
    if found is not None:
        p = found.params
        print(f"Key from the passphrase: scrypt N={p.n}, r={p.r}, p={p.p}; AES-256-GCM files.")
    return EXIT_OK


def _turn_on(args: argparse.Namespace) -> int:
    from backtracker.services import photo_vault
    from backtracker.services.photo_vault import VaultState

    current = photo_vault.state()
    if current is VaultState.ON:
        return fail("The photo vault is already on. Nothing was changed.")
    if current is not VaultState.OFF:
        what = "on" if current is VaultState.TURNING_ON else "off"
        return fail(
            f"Turning the photo vault {what} was interrupted; finish that first with "
            "`backtracker photos vault finish`. Nothing was changed."
        )
    print(WARNING, file=sys.stderr)
    new = passphrase.new_passphrase(args, from_file="passphrase")
    sealed = photo_vault.turn_on(new, progress=passphrase.Progress("Encrypting files"))
    print(
        f"The photo vault is on: {_plural(sealed, 'file')} encrypted (photos and thumbnails). "
        "Photo commands now ask for the passphrase. If you forget it, the photos cannot "
        "be recovered."
    )
    return EXIT_OK


def _turn_off(args: argparse.Namespace) -> int:
    from backtracker.services import photo_vault
    from backtracker.services.photo_vault import VaultState

    if photo_vault.state() is VaultState.OFF:
        return fail("The photo vault is already off. Nothing was changed.")
    secret = passphrase.given_or_asked(args)
    opened = photo_vault.turn_off(secret, progress=passphrase.Progress("Decrypting files"))
    print(
        f"The photo vault is off: {_plural(opened, 'file')} decrypted. The photos are "
        "stored unencrypted again."
    )
    return EXIT_OK


def _change(args: argparse.Namespace) -> int:
    from backtracker.services import photo_vault
    from backtracker.services.photo_vault import VaultState

    if photo_vault.state() is VaultState.OFF:
        return fail("The photo vault is off, so it has no passphrase to change.")
    old = passphrase.given_or_asked(args, "Current passphrase: ")
    photo_vault.check_passphrase(old)  # a wrong one stops here, before the new is asked
    new = passphrase.new_passphrase(args)
    if new == old:
        return fail("The new passphrase is the same as the current one. Nothing was changed.")
    photo_vault.change_passphrase(old, new)
    print("The photo vault's passphrase is changed; no photo had to be rewritten.")
    passphrase.finish_pending()  # it is unlocked now: a pass cut short is finished too
    return EXIT_OK


def _finish(args: argparse.Namespace) -> int:
    from backtracker.services import photo_vault
    from backtracker.services.photo_vault import VaultState

    pending = photo_vault.pending_pass()
    if pending is None:
        state = "on" if photo_vault.state() is VaultState.ON else "off"
        print(f"Nothing to finish: the photo vault is {state}.")
        return EXIT_OK
    photo_vault.unlock(passphrase.given_or_asked(args))
    changed = passphrase.finish_pending(summary=False)  # said on stdout below
    what = "on" if pending is VaultState.TURNING_ON else "off"
    done = "encrypted" if pending is VaultState.TURNING_ON else "decrypted"
    print(f"Finished turning the photo vault {what}: {_plural(changed, 'more file')} {done}.")
    return EXIT_OK


def restore_note(database: Path) -> list[str]:
    """What `restore` adds when the restored profile's photos are in a vault."""
    import sqlite3

    from backtracker.services.backup_vault import vault_state

    try:
        state = vault_state(database)
    except sqlite3.Error:
        return []
    if state == "off":
        return []
    return [
        "Its photos are in a photo vault: they open with the passphrase the vault had when "
        "the backup was made."
        + (
            " Turning the vault on or off was interrupted in it; the next unlock finishes it."
            if state != "on"
            else ""
        )
    ]
