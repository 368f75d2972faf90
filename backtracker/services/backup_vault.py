"""The photo vault in backups (services/backup.py calls these; no Qt).

- **What a backup holds.** Photo files go into the archive as they are on disk, so a vault's
  backup holds them sealed, and its database carries the vault's record (the KDF parameters
  and the wrapped key, never the key itself): a restored vault opens with its passphrase.
- **A pass cut short** (the record says turning_on/turning_off) leaves every file whole in
  one form, so a backup then is fine: it restores to the same state, and the next unlock
  finishes the pass.
- **A pass running in another process while the backup is written** could pair a database
  from before the change with files from after it: sealed files and no key to open them
  (turned on), or plain files beside a record that says on (turned off). So when the
  vault's state changed while the backup was written, other than a pass reaching its end,
  the backup is refused and not written.
- **After a restore** the key in memory belonged to the database that was replaced (at the
  same path): it is forgotten, and the thumbnail cache starts empty (thumbnails sealed with
  another key could not be read, and plain ones must not sit beside a vault; they are
  rebuilt on demand).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from backtracker.storage import backups as store
from backtracker.storage.backups import BackupError
from backtracker.storage.profile import Profile

# A pass reaching its end while the backup runs: the snapshot's record still opens every
# file, and the next unlock finishes the pass.
HARMLESS_CHANGES = {("turning_on", "on"), ("turning_off", "off")}


def vault_state(database: Path) -> str:
    """The vault's state in a database file (`off` without a record), read without opening
    it as the app does. Raises sqlite3.Error."""
    from backtracker.services import photo_vault

    try:
        found = store.read_setting(database, photo_vault.SETTING)
    except ValueError:  # not JSON: the app will say the record is damaged
        return "unreadable"
    state = found.get("state") if isinstance(found, dict) else None
    return state if isinstance(state, str) else "off"


def check_unchanged(before: str, profile: Profile) -> None:
    """Raise BackupError when the live vault state is no longer `before` (the snapshot's),
    except for a pass that reached its end."""
    try:
        now = vault_state(profile.database_path)
    except sqlite3.Error as error:
        raise BackupError(
            f"The profile in {profile.data_dir} could not be read again: {error}. "
            "No backup was written."
        ) from error
    if now != before and (before, now) not in HARMLESS_CHANGES:
        raise BackupError(
            "The photo vault was turned on or off while the backup was being written, so "
            "its photos might not match its database. No backup was written; try again "
            "when that has finished."
        )


def forget_key() -> None:
    """Forget the key in memory (it opened the database a restore just replaced)."""
    from backtracker.services import photo_vault

    photo_vault.lock()
