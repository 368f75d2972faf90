"""The start-up check of a profile: photo files and rows that disagree, and a database check.

A crash or a kill at the wrong moment can leave a managed photo copy whose row was never
written (the copy is written first, so a kill between the two leaves a file without a row),
a temp file of a half-written copy, or, when files are removed by hand, rows whose file is
gone. `check_profile` finds these and does only what cannot lose anything:

- stale temp files (older than `photo_files.STALE_TEMP_SECONDS`) are deleted: they were
  never photos; fresh ones may belong to an import running in another process, so they are
  left alone;
- a photo file without a row is moved into the profile's `recovered/` folder, from where the
  person can import it again; one younger than `settle_seconds` is left where it is (another
  process may be about to write its row);
- rows whose file is missing are only reported: the photo cannot be brought back from here,
  and the person decides (restore a backup, or delete it in the Photos tab);
- database snapshots of a backup that was killed (hidden `.backup-*` folders) are deleted
  once stale: they are copies, never the only one;
- `PRAGMA quick_check` reads the whole database, so this runs off the GUI thread; on a sound
  database the per-link volume kept by triggers is recounted from the sets and rebuilt if it
  is out of step (derived numbers: nothing is lost; storage/link_volume.py);
- the photo vault (services/photo_vault.py): a pass turning it on or off that was cut short
  is reported with the number of files still to change, told by their first bytes, so no
  key is needed. Its temp files are `.<name>.<random>.part` like every other and swept the
  same way. An encrypted file without a row (an import cut short while the vault was on) is
  left where it is and reported: moved to recovered/ it could not be imported again (it is
  sealed to its place in photos/), and it must not be decrypted onto the disk.

Needs the profile's database open on the calling thread. No Qt.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import peewee

from backtracker.services import vault_crypto
from backtracker.storage import link_volume
from backtracker.storage.models import db
from backtracker.storage.profile import Profile

log = logging.getLogger(__name__)

RECOVERED_DIR_NAME = "recovered"  # in the profile's data folder
SETTLE_SECONDS = 60.0  # a photo file this fresh may be waiting for its row
QUICK_CHECK_LIMIT = 5  # problems quick_check reports at most
NAMES_SHOWN = 3
BACKUP_SNAPSHOT_PREFIX = ".backup-"  # services.backup's temp folders in the data folder


@dataclass
class HealthReport:
    """What the check found and did; `ok` when there is nothing to tell the person."""

    data_dir: Path
    missing_files: list[tuple[int, str]] = field(default_factory=list)  # (photo id, file)
    recovered_files: list[Path] = field(default_factory=list)  # where they are now
    unmoved_files: list[Path] = field(default_factory=list)  # orphans that could not be moved
    database_problems: list[str] = field(default_factory=list)
    sealed_orphans: list[Path] = field(default_factory=list)  # encrypted, left in place
    vault_pending: str | None = None  # "turning_on" / "turning_off": a pass cut short
    vault_pending_files: int = 0  # files still in the old form
    vault_problem: str | None = None  # the vault's record cannot be read

    @property
    def recovered_dir(self) -> Path:
        return recovered_dir(self.data_dir)

    @property
    def ok(self) -> bool:
        return not (
            self.missing_files
            or self.recovered_files
            or self.unmoved_files
            or self.database_problems
            or self.sealed_orphans
            or self.vault_pending
            or self.vault_problem
        )

    def problem_count(self) -> int:
        return (
            len(self.missing_files)
            + len(self.recovered_files)
            + len(self.unmoved_files)
            + (1 if self.database_problems else 0)
            + len(self.sealed_orphans)
            + (1 if self.vault_pending else 0)
            + (1 if self.vault_problem else 0)
        )

    def messages(self) -> list[str]:
        """One plain sentence or two per kind of problem, each saying what to do."""
        lines = []
        if self.database_problems:
            lines.append(
                f"The database check found damage in {Profile(self.data_dir).database_path} (the "
                "details are in backtracker.log). Restore a recent backup (File ▸ Restore…); "
                f"BackTracker keeps automatic backups in {self.data_dir / 'backups'}."
            )
        if self.vault_problem:
            lines.append(self.vault_problem)
        if self.vault_pending:
            lines.append(self._pending_message())
        if self.missing_files:
            one = len(self.missing_files) == 1
            names = _names([name for _, name in self.missing_files])
            it = "it" if one else "them"
            lines.append(
                f"{_count(len(self.missing_files), 'photo')} {'is' if one else 'are'} missing "
                f"{'its' if one else 'their'} file ({names}). Restore a backup to get {it} "
                f"back, or delete {it} in the Photos tab."
            )
        if self.recovered_files:
            one = len(self.recovered_files) == 1
            it = "it" if one else "them"
            lines.append(
                f"{_count(len(self.recovered_files), 'photo file')} from an import that was cut "
                f"short {'was' if one else 'were'} not in the gallery and "
                f"{'has' if one else 'have'} been moved to {self.recovered_dir}. "
                f"Import {it} again from there if you want {it}."
            )
        if self.unmoved_files:
            one = len(self.unmoved_files) == 1
            lines.append(
                f"{_count(len(self.unmoved_files), 'file')} in the photos folder "
                f"{'is' if one else 'are'} not in the gallery and could not be moved aside "
                f"({_names(p.name for p in self.unmoved_files)})."
            )
        if self.sealed_orphans:
            one = len(self.sealed_orphans) == 1
            lines.append(
                f"{_count(len(self.sealed_orphans), 'encrypted photo file')} from an import "
                f"that was cut short {'is' if one else 'are'} not in the gallery "
                f"({_names(p.name for p in self.sealed_orphans)}). "
                f"{'It stays' if one else 'They stay'} encrypted in the photos folder; import "
                f"the {'photo' if one else 'photos'} again from where you keep "
                f"{'it' if one else 'them'} (that replaces the file)."
            )
        return lines

    def _pending_message(self) -> str:
        count, on = self.vault_pending_files, self.vault_pending == "turning_on"
        files = f"{_count(count, 'file')} {'is' if count == 1 else 'are'} still"
        return (
            f"Turning the photo vault {'on' if on else 'off'} was interrupted: {files} "
            f"{'unencrypted' if on else 'encrypted'}. Unlock the photos with your passphrase "
            "to finish."
        )

    def summary(self) -> str:
        """A short line for the status bar."""
        count = self.problem_count()
        return f"The start-up check found {count} problem{'s' if count != 1 else ''} in your data."


def _count(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _names(names: Iterable[str]) -> str:
    listed = list(names)
    shown = ", ".join(listed[:NAMES_SHOWN])
    more = len(listed) - NAMES_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def recovered_dir(data_dir: Path) -> Path:
    """Where photo files without a row are moved; nothing in it is ever deleted by the app."""
    return data_dir / RECOVERED_DIR_NAME


def check_profile(
    data_dir: Path,
    *,
    settle_seconds: float = SETTLE_SECONDS,
    check_database: bool = True,
) -> HealthReport:
    """Look for photo files and rows that disagree, and (if asked) quick_check the database."""
    from backtracker.services import photo_files, photos  # Pillow: only when checking

    profile = Profile(data_dir)
    report = HealthReport(profile.data_dir)
    if check_database:
        report.database_problems = quick_check()
        if not report.database_problems:
            _check_link_volume()
    photos_dir, thumbs_dir = profile.photos_dir, photos.thumbnails_dir(profile.data_dir)
    photo_files.remove_stale_temp_files(*(d for d in (photos_dir, thumbs_dir) if d.is_dir()))
    _remove_stale_snapshots(profile.data_dir, photo_files.STALE_TEMP_SECONDS)
    _check_vault(report)
    rows = _file_names()
    orphans, missing_ids = photos.orphan_check(photos_dir, rows)
    names = {photo_id: name for name, photo_id in rows.items()}
    report.missing_files = [(photo_id, names.get(photo_id, "?")) for photo_id in missing_ids]
    limit = time.time() - settle_seconds
    for orphan in orphans:
        try:
            if orphan.stat().st_mtime > limit:
                continue  # perhaps an import in another process, about to write its row
            if _is_sealed_file(orphan):
                report.sealed_orphans.append(orphan)
                continue
            report.recovered_files.append(_move_aside(orphan, report.recovered_dir))
        except FileNotFoundError:  # removed meanwhile (a photo being deleted): nothing to do
            continue
        except OSError:
            log.warning("Could not move the orphan photo file %s aside", orphan, exc_info=True)
            report.unmoved_files.append(orphan)
    if not report.ok:
        log.warning("Start-up check: %s", " ".join(report.messages()))
    return report


def _check_vault(report: HealthReport) -> None:
    """A pass turning the vault on or off that was cut short, or a damaged record."""
    from backtracker.services import photo_vault

    try:
        pending = photo_vault.pending_pass()
    except photo_vault.VaultRecordError as error:
        report.vault_problem = str(error)
        return
    if pending is None:
        return
    sealed, plain = vault_file_counts()
    report.vault_pending = pending.value
    report.vault_pending_files = plain if pending is photo_vault.VaultState.TURNING_ON else sealed


def vault_file_counts() -> tuple[int, int]:
    """(encrypted, unencrypted) photo and thumbnail files of the open profile, told by
    their first bytes (no key needed); files that vanish meanwhile are not counted."""
    from backtracker.services import photo_vault

    sealed = plain = 0
    for path in photo_vault.managed_files():
        try:
            is_sealed = _is_sealed_file(path)
        except OSError:
            continue
        sealed += is_sealed
        plain += not is_sealed
    return sealed, plain


def _is_sealed_file(path: Path) -> bool:
    with path.open("rb") as file:
        return vault_crypto.is_sealed(file.read(len(vault_crypto.MAGIC)))


def _remove_stale_snapshots(data_dir: Path, stale_seconds: float) -> None:
    """Database snapshots of backups that were killed (`services.backup` makes them in hidden
    `.backup-*` folders); fresh ones may belong to a backup running now."""
    limit = time.time() - stale_seconds
    for folder in data_dir.glob(f"{BACKUP_SNAPSHOT_PREFIX}*"):
        try:
            if folder.is_dir() and not folder.is_symlink() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder)
                log.info("Removed %s, left by a backup that was cut short", folder)
        except OSError:
            log.warning("Could not remove the leftover %s", folder, exc_info=True)


def _file_names() -> dict[str, int]:
    from backtracker.storage import photos as store

    return store.file_names()


def _move_aside(path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / path.name
    number = 1
    while target.exists():
        target = folder / f"{path.stem}-{number}{path.suffix}"
        number += 1
    path.replace(target)  # same file system: a rename, never a copy that could half-fail
    return target


def _check_link_volume() -> None:
    """The per-link volume the triggers keep (storage/link_volume.py) against a recount from
    the sets; rebuilt when out of step, which only a bug can cause (logged there)."""
    try:
        link_volume.check_and_repair()
    except (peewee.DatabaseError, sqlite3.DatabaseError):
        log.exception("Could not check the link_volume table against the sets")


def quick_check() -> list[str]:
    """`PRAGMA quick_check`: the problems it names, none when the database is sound."""
    try:
        rows = db.execute_sql(f"PRAGMA quick_check({QUICK_CHECK_LIMIT})").fetchall()
    except (peewee.DatabaseError, sqlite3.DatabaseError) as error:
        return [str(error)]
    found = [line for (text,) in rows for line in str(text).splitlines() if line.strip()]
    if found == ["ok"]:
        return []
    log.error("PRAGMA quick_check found:\n%s", "\n".join(found))
    return found
