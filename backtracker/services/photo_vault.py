"""The optional photo vault: the photo files and thumbnails sealed at rest (no Qt).

State. The vault's record is the `photo_vault` setting in the profile database: its state
(`on`, or `turning_on` / `turning_off` while a pass is unfinished), the scrypt parameters
and the wrapped data key (services/vault_crypto.py has the format). No record means off.
The database travels in every backup, so a restored vault carries its own record.

The key. `unlock()` derives the passphrase's key, unwraps the data key and keeps it in this
process's memory only, tied to the open database; `lock()` forgets it. Nothing decrypted is
ever written under the data folder: readers get bytes (`read`, `source`), and writers seal
before writing (`seal_for`).

Turning it on or off is one pass over every file of photos/ and thumbnails/. The record
goes first (`turning_on` with the wrapped key, or `turning_off`), committed before any file
changes; then each file is rewritten through a synced temp file and an atomic rename, so at
any moment each file is whole in exactly one form, told by its first bytes; the record's
final state goes last. A pass cut short (a kill, a power cut, a full disk) leaves the record
in `turning_on`/`turning_off`: every photo still reads, sealed or not, once the vault is
unlocked, and unlocking finishes the pass (`finish_pass`). The start-up check reports it.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from backtracker.domain.errors import UserError, os_reason
from backtracker.services import vault_crypto
from backtracker.services.vault_crypto import KdfParams
from backtracker.storage import photos as photo_store
from backtracker.storage.settings import delete_setting, get_setting, set_setting

log = logging.getLogger(__name__)

SETTING = "photo_vault"
RECORD_VERSION = 1
MIN_PASSPHRASE = 8

Progress = Callable[[int, int], None]


class VaultState(StrEnum):
    OFF = "off"
    ON = "on"
    TURNING_ON = "turning_on"
    TURNING_OFF = "turning_off"


class VaultLockedError(UserError):
    def __init__(self) -> None:
        super().__init__(
            "Your photos are locked. Unlock them with your passphrase (Photos tab) first."
        )


class WrongPassphraseError(UserError):
    def __init__(self) -> None:
        super().__init__("That passphrase does not open your photo vault. Nothing was changed.")


class TamperedFileError(UserError):
    """A sealed file that fails its check; `path` names it."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"The photo file {path} was changed or damaged after it was encrypted, so "
            "BackTracker will not use it. Restore it from a backup, or delete the photo."
        )
        self.path = path


class VaultRecordError(UserError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The photo vault's record in the database is damaged ({detail}); the photos "
            "cannot be opened. Restore the database from a backup."
        )


@dataclass(frozen=True)
class VaultRecord:
    state: VaultState
    params: KdfParams
    wrapped_key: bytes

    def to_json(self) -> dict[str, object]:
        return {
            "version": RECORD_VERSION,
            "state": self.state.value,
            "kdf": self.params.to_json(),
            "wrapped_key": vault_crypto.b64(self.wrapped_key),
        }

    @classmethod
    def from_json(cls, data: object) -> VaultRecord:
        if not isinstance(data, dict):
            raise VaultRecordError("not a record")
        if data.get("version") != RECORD_VERSION:
            raise VaultRecordError(f"version {data.get('version')!r} is not one this app knows")
        try:
            state = VaultState(data.get("state"))
            kdf = data.get("kdf")
            params = KdfParams.from_json(kdf if isinstance(kdf, dict) else {})
            wrapped = vault_crypto.unb64(data.get("wrapped_key"))
        except ValueError as error:
            raise VaultRecordError(str(error)) from None
        if state is VaultState.OFF:
            raise VaultRecordError("state off with a key")
        return cls(state, params, wrapped)


# --- the key, in memory only ----------------------------------------------------------------


@dataclass
class _Session:
    database: Path | None = None
    key: bytes | None = None


_session = _Session()
_session_lock = threading.Lock()


def _database() -> Path:
    return photo_store.current_profile().database_path


def _key() -> bytes | None:
    with _session_lock:
        if _session.key is None or _session.database != _database():
            return None
        return _session.key


def _remember(key: bytes) -> None:
    with _session_lock:
        _session.database, _session.key = _database(), key


def lock() -> None:
    """Forget the key. Photos stay sealed on disk; reading them needs `unlock` again."""
    with _session_lock:
        _session.database, _session.key = None, None


# --- the record -----------------------------------------------------------------------------


def record() -> VaultRecord | None:
    """The vault's record, or None when the vault is off. Raises VaultRecordError."""
    data = get_setting(SETTING)
    return None if data is None else VaultRecord.from_json(data)


def state() -> VaultState:
    found = record()
    return VaultState.OFF if found is None else found.state


def is_unlocked() -> bool:
    return _key() is not None


def needs_passphrase() -> bool:
    """True when the vault is on (or a pass is unfinished) and the key is not in memory."""
    return state() is not VaultState.OFF and not is_unlocked()


def _save(found: VaultRecord | None) -> None:
    if found is None:
        delete_setting(SETTING)
    else:
        set_setting(SETTING, found.to_json())


def _existing() -> VaultRecord:
    found = record()
    if found is None:
        raise UserError("The photo vault is off.")
    return found


def _data_key(passphrase: str, found: VaultRecord) -> bytes:
    try:
        return vault_crypto.unwrap_key(
            vault_crypto.derive(passphrase, found.params), found.wrapped_key
        )
    except vault_crypto.WrongPassphraseError:
        raise WrongPassphraseError from None


def unlock(passphrase: str) -> None:
    """Check the passphrase and keep the data key in memory. Raises WrongPassphraseError,
    or UserError when the vault is off."""
    _remember(_data_key(passphrase, _existing()))


def check_passphrase(passphrase: str) -> None:
    """Raise WrongPassphraseError unless `passphrase` opens the vault (the key in memory, if
    any, is left as it is)."""
    _data_key(passphrase, _existing())


def validate_new_passphrase(passphrase: str, repeated: str) -> None:
    """Raises UserError (field "passphrase" or "repeat") for a passphrase we will not take."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(
            f"Use a passphrase of at least {MIN_PASSPHRASE} characters; a few words you will "
            "remember are best.",
            field="passphrase",
        )
    if passphrase != passphrase.strip():
        raise UserError(
            "The passphrase starts or ends with a space; remove it so it cannot be mistyped.",
            field="passphrase",
        )
    if passphrase != repeated:
        raise UserError("The two passphrases are not the same.", field="repeat")


def change_passphrase(old: str, new: str) -> None:
    """Wrap the same data key under a new passphrase: one record, no photo rewritten."""
    found = _existing()
    data_key = _data_key(old, found)
    params = KdfParams.new()
    wrapped = vault_crypto.wrap_key(vault_crypto.derive(new, params), data_key)
    _save(dataclasses.replace(found, params=params, wrapped_key=wrapped))
    _remember(data_key)


# --- reading and writing managed files ------------------------------------------------------


def read(path: Path) -> bytes:
    """A managed photo or thumbnail's plain bytes, unsealed in memory if sealed.

    Raises FileNotFoundError/OSError as reading does, VaultLockedError when the file is
    sealed and the key is not in memory, TamperedFileError when it fails its check."""
    data = path.read_bytes()
    if not vault_crypto.is_sealed(data):
        return data
    key = _key()
    if key is None:
        raise VaultLockedError
    try:
        return vault_crypto.unseal(key, data, vault_crypto.label_of(path))
    except vault_crypto.SealBrokenError:
        raise TamperedFileError(path) from None


def source(path: Path) -> BinaryIO:
    """`read(path)` as a file object (for Pillow)."""
    return io.BytesIO(read(path))


def write_key() -> bytes | None:
    """The key new managed files are sealed with, or None when they are written plain.
    Raises VaultLockedError when the vault is on and locked (nothing may be written plain
    then)."""
    found = record()
    if found is None or found.state is VaultState.TURNING_OFF:
        return None
    key = _key()
    if key is None:
        raise VaultLockedError
    return key


def seal_for(target: Path, data: bytes, key: bytes | None) -> bytes:
    """What to write at `target`: `data` sealed to that path, or as it is without a key."""
    return data if key is None else vault_crypto.seal(key, data, vault_crypto.label_of(target))


# --- turning it on and off ------------------------------------------------------------------


def turn_on(passphrase: str, *, progress: Progress | None = None) -> int:
    """Seal every photo and thumbnail under a new passphrase; the number of files sealed.

    The record (`turning_on`, the wrapped key) is committed first, so a pass cut short is
    finished by `finish_pass` after unlocking."""
    if record() is not None:
        raise UserError("The photo vault is already on.")
    validate_new_passphrase(passphrase, passphrase)
    params = KdfParams.new()
    data_key = vault_crypto.new_data_key()
    wrapped = vault_crypto.wrap_key(vault_crypto.derive(passphrase, params), data_key)
    _save(VaultRecord(VaultState.TURNING_ON, params, wrapped))
    _remember(data_key)
    return finish_pass(progress=progress)


def turn_off(passphrase: str, *, progress: Progress | None = None) -> int:
    """Unseal every file (after checking the passphrase) and drop the record; the number of
    files unsealed."""
    found = record()
    if found is None:
        raise UserError("The photo vault is already off.")
    unlock(passphrase)
    _save(dataclasses.replace(found, state=VaultState.TURNING_OFF))
    return finish_pass(progress=progress)


def finish_pass(*, progress: Progress | None = None) -> int:
    """Finish an unfinished pass (the vault must be unlocked); the number of files changed.
    Does nothing when no pass is pending."""
    found = record()
    if found is None or found.state is VaultState.ON:
        return 0
    key = _key()
    if key is None:
        raise VaultLockedError
    sealing = found.state is VaultState.TURNING_ON
    changed = _convert(key, sealing=sealing, progress=progress)
    if sealing:
        _save(dataclasses.replace(found, state=VaultState.ON))
    else:
        _save(None)
        lock()
    return changed


def pending_pass() -> VaultState | None:
    """TURNING_ON or TURNING_OFF when a pass was cut short, else None."""
    current = state()
    return current if current in (VaultState.TURNING_ON, VaultState.TURNING_OFF) else None


def managed_files() -> list[Path]:
    """Every photo and thumbnail file of the open profile (temp files aside)."""
    from backtracker.services import photo_files  # Pillow is imported there

    profile = photo_store.current_profile()
    found: list[Path] = []
    for folder in (profile.photos_dir, profile.thumbnails_dir):
        if folder.is_dir():
            found.extend(
                sorted(
                    p for p in folder.iterdir() if p.is_file() and not photo_files.is_temp_file(p)
                )
            )
    return found


def _convert(key: bytes, *, sealing: bool, progress: Progress | None) -> int:
    from backtracker.services import photo_files  # Pillow is imported there

    files = managed_files()
    changed = 0
    for done, path in enumerate(files, start=1):
        try:
            data = path.read_bytes()
        except FileNotFoundError:  # deleted meanwhile
            continue
        except OSError as error:
            raise UserError(f"Could not read {path}: {os_reason(error)}.") from error
        if vault_crypto.is_sealed(data) != sealing:
            label = vault_crypto.label_of(path)
            if sealing:
                new = vault_crypto.seal(key, data, label)
            else:
                try:
                    new = vault_crypto.unseal(key, data, label)
                except vault_crypto.SealBrokenError:
                    raise TamperedFileError(path) from None
            try:
                photo_files.write_atomically(path, new, durable=True)
            except OSError as error:
                raise UserError(
                    f"Could not rewrite {path}: {os_reason(error)}. Every photo is still "
                    "readable; the vault finishes the change the next time it is unlocked."
                ) from error
            changed += 1
        if progress is not None:
            progress(done, len(files))
    return changed
