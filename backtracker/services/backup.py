"""Backup and restore of a profile: one zip with the database, the photos and a manifest.

An archive holds `backtracker.sqlite3` (a consistent copy made with SQLite's backup API, so
it can be taken while the app runs), the managed photos under `photos/`, and
`manifest.json`: `{format, app_version, schema_version, created_at, files: {name: {sha256,
size}}}`. Thumbnails are a cache and are not included.

The photo vault: photo files are archived as they are on disk, sealed in a vault, and the
database carries the vault's record, so a restored vault opens with its passphrase
(services/backup_vault.py has the rest).

An archive is restored only after `verify_backup` accepts it: every name stays inside the
target folder, nothing is a link, the sizes are sane and agree with the manifest, every
checksum matches, and the schema is not newer than this app. Restoring first moves what was
there to `backups/before-restore-<timestamp>/`, so nothing is ever overwritten; the
thumbnail cache goes there too (the restored profile starts with an empty one), and a vault
key held in memory is forgotten.

The rolling backup on start (`rolling_backup`) keeps the newest N copies of the database in
`backups/auto-<UTC timestamp>Z.sqlite3` (e.g. `auto-20260318T081500Z.sqlite3`). Names and
their order are in UTC, so a clock set back an hour in autumn, or a flight west, never makes
the newest copy look oldest and get pruned. Copies named by older versions in local time
(`auto-20260318-091500.sqlite3`) are still read, and ordered by the UTC moment they stand for.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import logging
import os
import re
import shutil
import sqlite3
import stat
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from backtracker import __version__
from backtracker.domain import clock
from backtracker.domain.errors import os_reason
from backtracker.services import backup_vault, preferences
from backtracker.storage import backups as store
from backtracker.storage.backups import (
    CHUNK,
    DATABASE_NAME,
    FORMAT,
    MANIFEST_NAME,
    PHOTOS_PREFIX,
    BackupError,
    Manifest,
    ManifestFile,
)
from backtracker.storage.database import NotADatabaseError, read_schema_version
from backtracker.storage.migrations import SCHEMA_VERSION
from backtracker.storage.profile import Profile, prepare_profile

log = logging.getLogger(__name__)

__all__ = [
    "BackupError",
    "Manifest",
    "ManifestFile",
    "backup_on_start",
    "create_backup",
    "read_manifest",
    "restore_backup",
    "rolling_backup",
    "verify_backup",
]

SPACE_MARGIN_BYTES = 64 * 1024 * 1024
# auto-20260318T081500Z.sqlite3 (UTC), or auto-20260318-091500.sqlite3 (local time, as older
# versions named them);
# a second copy within the same second gets -2, -3, ...
_AUTO_NAME = re.compile(
    r"^auto-(?:(?P<utc>\d{8}T\d{6}Z)|(?P<local>\d{8}-\d{6}))(?:-(?P<n>\d+))?\.sqlite3$"
)


def _now() -> dt.datetime:
    """Local time: what a person reads in a manifest and in zip entries."""
    return clock.now()


def _utc_now() -> dt.datetime:
    """UTC: what backup names and their order are made of."""
    return clock.utc_now()


def _stamp(moment: dt.datetime) -> str:
    """20260318T081500Z, for an aware moment (written in UTC)."""
    return store.utc_stamp(moment)


def _reason(error: OSError) -> str:
    return os_reason(error)


# --- creating -------------------------------------------------------------------------------


def create_backup(target: Path, *, data_dir: Path) -> Path:
    """Write the profile in `data_dir` to the zip `target`; the absolute path written.

    The archive appears all at once (written beside `target`, then renamed), and an existing
    file at `target` is replaced only when the new archive is complete.
    """
    profile = Profile(data_dir.expanduser().absolute())
    if not profile.database_path.is_file():
        raise BackupError(f"There is no BackTracker database in {profile.data_dir} to back up.")
    target = target.expanduser().absolute()
    _check_target(target, profile)
    try:
        with tempfile.TemporaryDirectory(prefix=".backup-", dir=profile.data_dir) as work:
            copy = Path(work) / DATABASE_NAME
            schema_version = store.snapshot_database(profile.database_path, copy)
            sources = [(DATABASE_NAME, copy), *_photo_files(profile.photos_dir)]
            vault_state = backup_vault.vault_state(copy)
            _write_archive(
                target,
                sources,
                schema_version,
                before_commit=lambda: backup_vault.check_unchanged(vault_state, profile),
            )
    except (sqlite3.Error, OSError) as error:
        raise BackupError(
            f"The profile in {profile.data_dir} could not be backed up: {error}. "
            "No backup was written."
        ) from error
    return target


def _check_target(target: Path, profile: Profile) -> None:
    if target.is_dir():
        raise BackupError(f"{target} is a folder. Give the name of the backup file to write.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist. No backup was written.")
    resolved = target.resolve()
    database = profile.database_path.resolve()
    if resolved in (database, *store.companion_files(database)):
        raise BackupError(f"{target} is the database itself; choose another file name.")
    if profile.photos_dir.resolve() in resolved.parents:
        raise BackupError("The backup cannot be written inside the photos folder it backs up.")


def _photo_files(photos_dir: Path) -> list[tuple[str, Path]]:
    """The managed photos as (archive name, path): regular files, no hidden or temp files.

    A file whose name a restore would refuse (only possible when put there by hand) is left
    out with a warning, so that the archive stays restorable.
    """
    if not photos_dir.is_dir():
        return []
    found = []
    for path in sorted(photos_dir.rglob("*")):
        relative = path.relative_to(photos_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_symlink() or not path.is_file():
            continue
        name = f"{PHOTOS_PREFIX}/{relative.as_posix()}"
        problem = store.name_problem(name)
        if problem:
            log.warning("Not backed up: the photo file %s %s", path, problem)
            continue
        found.append((name, path))
    return found


def _write_archive(
    target: Path,
    sources: list[tuple[str, Path]],
    schema_version: int,
    *,
    before_commit: Callable[[], None] = lambda: None,
) -> None:
    _remove_abandoned_partials(target)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    files: dict[str, ManifestFile] = {}
    stamp = _now()
    try:
        handle = os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w") as archive:
            for name, path in sources:
                files[name] = _add_file(archive, name, path, stamp)
            manifest = Manifest(FORMAT, __version__, schema_version, stamp, files)
            archive.writestr(_zip_info(MANIFEST_NAME, stamp), manifest.to_json())
            raw.flush()
            os.fsync(raw.fileno())
        before_commit()
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The backup {target} could not be written: {_reason(error)}.") from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _remove_abandoned_partials(target: Path) -> None:
    """Delete half-written copies of `target` left by a backup whose process was killed."""
    prefix, suffix = f".{target.name}.", ".partial"
    for leftover in target.parent.glob(f"{glob.escape(prefix)}*{suffix}"):
        pid = leftover.name[len(prefix) : -len(suffix)]
        if pid.isdigit() and int(pid) != os.getpid() and not _process_alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill there would stop the process, not ask about it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is not ours, or this platform cannot tell: leave it
        return True
    return True


def _zip_info(name: str, stamp: dt.datetime, *, compress: bool = True) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = (stat.S_IFREG | 0o600) << 16
    return info


def _add_file(archive: zipfile.ZipFile, name: str, path: Path, stamp: dt.datetime) -> ManifestFile:
    """Copy one file into the archive, hashing exactly the bytes written."""
    import hashlib  # OpenSSL loads here, not with the backup on start

    digest = hashlib.sha256()
    size = 0
    compress = name == DATABASE_NAME  # photos are compressed images already
    with (
        path.open("rb") as source,
        archive.open(_zip_info(name, stamp, compress=compress), "w", force_zip64=True) as sink,
    ):
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            sink.write(chunk)
            size += len(chunk)
    return ManifestFile(digest.hexdigest(), size)


# --- verifying ------------------------------------------------------------------------------


def verify_backup(archive: Path) -> Manifest:
    """Check an archive completely without extracting it; its manifest, or BackupError."""
    try:
        with store.open_archive(archive) as zipped:
            manifest, entries = store.check_structure(archive, zipped)
            for name, info in entries.items():
                store.check_content(archive, zipped, info, manifest.files[name], sink=None)
    except OSError as error:
        raise BackupError(f"The backup {archive} could not be read: {_reason(error)}.") from error
    return manifest


def read_manifest(archive: Path) -> Manifest:
    """The manifest, after the checks that need no file contents (names, kinds, sizes).

    Quicker than `verify_backup`, for showing what an archive holds before restoring it.
    """
    with store.open_archive(archive) as zipped:
        manifest, _ = store.check_structure(archive, zipped)
    return manifest


# --- restoring ------------------------------------------------------------------------------


def restore_backup(archive: Path, *, data_dir: Path) -> Path:
    """Replace the profile in `data_dir` with the archive's; the safety-copy folder.

    The caller must have closed the profile database first (and no other BackTracker may have
    it open). The archive is verified, then extracted to a temp folder inside `data_dir`;
    the current database (with its -wal/-shm) and photos move to
    `backups/before-restore-<timestamp>/`, then the restored ones move in. Every step is a
    rename within `data_dir`; if one fails, what was moved is put back and BackupError
    explains it.
    """
    manifest = verify_backup(archive)
    profile = prepare_profile(data_dir)
    if store.is_open_here(profile.database_path):
        raise RuntimeError("Close the profile database before restoring a backup into it.")
    _check_space(profile, manifest)
    try:
        staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=profile.data_dir))
    except OSError as error:
        raise BackupError(
            f"The backup cannot be unpacked in {profile.data_dir}: {_reason(error)}. "
            "Nothing was changed."
        ) from error
    try:
        _extract(archive, manifest, staging)
        _check_restored_database(archive, staging / DATABASE_NAME)
        safety = _safety_folder(profile)
        _swap_in(profile, staging, safety)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    backup_vault.forget_key()
    try:
        profile.thumbnails_dir.mkdir(exist_ok=True, mode=0o700)  # the cache, empty
    except OSError:
        log.warning("Could not make %s again", profile.thumbnails_dir, exc_info=True)
    log.info(
        "Restored %s into %s (%d photos); the previous data is in %s",
        archive,
        profile.data_dir,
        manifest.photo_count,
        safety,
    )
    return safety


def _check_space(profile: Profile, manifest: Manifest) -> None:
    try:
        free = shutil.disk_usage(profile.data_dir).free
    except OSError:
        return
    needed = manifest.total_size + SPACE_MARGIN_BYTES
    if free < needed:
        raise BackupError(
            f"There is not enough free space in {profile.data_dir} to restore this backup "
            f"({store.size_text(needed)} needed, {store.size_text(free)} free). "
            "Nothing was changed."
        )


def _extract(archive: Path, manifest: Manifest, staging: Path) -> None:
    """Write every file under `staging`, checking each again as it is written."""
    root = staging.resolve()
    with store.open_archive(archive) as zipped:
        again, entries = store.check_structure(archive, zipped)
        if again != manifest:
            raise store.refusal(archive, "it changed while it was being restored")
        for name, info in entries.items():
            target = staging.joinpath(*name.split("/"))
            if root not in target.resolve().parents:
                raise store.refusal(archive, f"the entry “{name}” points outside the folder")
            try:
                target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
                with os.fdopen(os.open(target, flags, 0o600), "wb") as sink:
                    store.check_content(archive, zipped, info, manifest.files[name], sink=sink)
            except OSError as error:
                raise BackupError(
                    f"The backup could not be unpacked into {staging.parent}: "
                    f"{_reason(error)}. Nothing was changed."
                ) from error


def _check_restored_database(archive: Path, path: Path) -> None:
    try:
        found = read_schema_version(path)
        problem = store.quick_check(path)
    except (NotADatabaseError, sqlite3.Error) as error:
        raise store.refusal(archive, f"its database cannot be opened ({error})") from error
    if found is None or found > SCHEMA_VERSION:
        raise store.refusal(archive, f"its database has an unusable schema version ({found})")
    if problem != "ok":
        raise store.refusal(archive, f"its database is damaged ({problem})")


def _safety_folder(profile: Profile) -> Path:
    """A new, empty `backups/before-restore-<timestamp>` folder."""
    base = profile.backups_dir / f"before-restore-{_stamp(_utc_now())}"
    candidate = base
    try:
        profile.backups_dir.mkdir(exist_ok=True, mode=0o700)
        for n in range(2, 1000):
            try:
                candidate.mkdir(mode=0o700)
            except FileExistsError:
                candidate = base.with_name(f"{base.name}-{n}")
            else:
                return candidate
    except OSError as error:
        raise BackupError(
            f"The safety copy folder {candidate} could not be made: {_reason(error)}. "
            "Nothing was changed."
        ) from error
    raise BackupError(f"Too many safety copies named {base.name}; remove some old ones.")


def _swap_in(profile: Profile, staging: Path, safety: Path) -> None:
    """Move the current files aside, then the restored ones in; undo everything on failure."""
    database = profile.database_path
    aside = [
        (path, safety / path.name)
        for path in (
            database,
            *store.companion_files(database),
            profile.photos_dir,
            profile.thumbnails_dir,  # a cache: emptied, so none is read with the wrong key
        )
        if path.exists() or path.is_symlink()
    ]
    restored = [(staging / DATABASE_NAME, database)]
    if (staging / PHOTOS_PREFIX).is_dir():
        restored.append((staging / PHOTOS_PREFIX, profile.photos_dir))
    done: list[tuple[Path, Path]] = []
    try:
        for source, target in [*aside, *restored]:
            _move(source, target)
            done.append((source, target))
    except OSError as error:
        problems = _undo(done)
        with contextlib.suppress(OSError):
            safety.rmdir()  # only when nothing is left in it
        message = f"The backup could not be put in place: {_reason(error)}."
        if problems:
            message += (
                f" Some files could not be put back and are in {safety}: {'; '.join(problems)}."
            )
        else:
            message += " Your data is as it was."
        raise BackupError(message) from error


def _move(source: Path, target: Path) -> None:
    if target.exists() or target.is_symlink():
        raise FileExistsError(17, "already exists", str(target))
    source.replace(target)


def _undo(done: list[tuple[Path, Path]]) -> list[str]:
    """Reverse the moves done so far, newest first; what could not be put back."""
    problems = []
    for source, target in reversed(done):
        try:
            target.replace(source)
        except OSError as error:
            log.error("Could not move %s back to %s: %s", target, source, error)
            problems.append(f"{target.name} ({_reason(error)})")
    return problems


# --- rolling backups on start ---------------------------------------------------------------


def rolling_backup(data_dir: Path, *, keep: int) -> Path | None:
    """Copy the database to `backups/auto-<UTC timestamp>Z.sqlite3`, keeping the newest `keep`.

    None when `keep` is 0 (turned off) or there is no database yet. Other files in the
    backups folder are never touched, and the copy just made is never pruned, even if a
    wrong clock gave it an older name than the others.
    """
    profile = Profile(data_dir.expanduser().absolute())
    database = profile.database_path
    if keep <= 0 or not database.is_file() or database.stat().st_size == 0:
        return None
    folder = profile.backups_dir
    try:
        folder.mkdir(exist_ok=True, mode=0o700)
        target = _auto_name(folder)
        partial = folder / f".{target.name}.partial"
        partial.unlink(missing_ok=True)
        try:
            store.snapshot_database(database, partial)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    except (sqlite3.Error, OSError) as error:
        raise BackupError(f"The automatic backup of {database} failed: {error}.") from error
    prune_auto_backups(folder, keep=keep, spare=target)
    return target


def _auto_name(folder: Path) -> Path:
    stamp = _stamp(_utc_now())
    target = folder / f"auto-{stamp}.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"auto-{stamp}-{n}.sqlite3"
    return target


def auto_backup_moment(name: str) -> tuple[dt.datetime, int] | None:
    """The UTC moment an automatic backup's name stands for, and its counter; None if the
    name is not an automatic backup's.

    An old local-time name is read in this computer's time zone (an hour repeated when the
    clocks go back is taken as its first occurrence).
    """
    match = _AUTO_NAME.match(name)
    if match is None:
        return None
    counter = int(match["n"] or 1)
    try:
        if match["utc"]:
            moment = dt.datetime.strptime(match["utc"], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
        else:
            local = dt.datetime.strptime(match["local"], "%Y%m%d-%H%M%S")
            moment = local.astimezone(dt.UTC)
    except (ValueError, OverflowError, OSError):  # e.g. month 13: not one of ours
        return None
    return moment, counter


def auto_backups(folder: Path) -> list[Path]:
    """The automatic backups in `folder`, oldest first (by the UTC moment of their names)."""
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            moment = auto_backup_moment(path.name)
            if moment is not None and path.is_file():
                found.append((moment, path.name, path))
    return [path for *_, path in sorted(found)]


def prune_auto_backups(folder: Path, *, keep: int, spare: Path | None = None) -> list[Path]:
    """Delete all but the newest `keep` automatic backups; the ones deleted.

    `spare` (the copy just made) is never deleted and counts as one of the `keep`.
    """
    if keep <= 0:
        return []
    found = auto_backups(folder)
    if spare is not None and spare in found:
        found.remove(spare)
        keep -= 1
    old = found[: -keep or None] if keep > 0 else found
    for path in old:
        try:
            path.unlink()
        except OSError as error:
            log.warning("Could not remove the old backup %s: %s", path, error)
    return old


def backup_on_start(data_dir: Path) -> Path | None:
    """The rolling backup made when the app starts, before the database is opened.

    It reads how many to keep from the stored preferences without opening the database, and
    leaves a database it cannot read, or one from a newer version, to `open_database` to
    report. When nothing was written since the newest automatic backup it makes none, so a
    few starts in a row do not push older, different copies out. A database that needs an
    upgrade is left to `open_database`, which always copies it first, whatever the setting.
    Raises BackupError when the copy fails.
    """
    profile = Profile(data_dir)
    database = profile.database_path
    try:
        found = read_schema_version(database)
        if found is None or found > SCHEMA_VERSION:
            return None
        if found < SCHEMA_VERSION:
            # open_database copies it to backups/before-upgrade-v<found>-… (kept for good)
            log.info("No rolling backup on start: the upgrade from schema %d makes one", found)
            return None
        stored = store.read_setting(database, preferences.KEY)
    except (NotADatabaseError, sqlite3.Error, ValueError) as error:
        log.warning("No backup on start: %s", error)
        return None
    keep = preferences.from_stored(stored).backups_to_keep
    newest = auto_backups(profile.backups_dir)[-1:]
    if keep and newest and _unchanged_since(database, newest[0]):
        log.info("No backup on start: nothing changed since %s", newest[0].name)
        return None
    return rolling_backup(data_dir, keep=keep)


def _unchanged_since(database: Path, copy: Path) -> bool:
    """Whether the database (with its write-ahead log) was last written before `copy` was.

    An empty log, and the shared-memory index, hold no data: opening the database read-only
    leaves them behind.
    """
    wal, _ = store.companion_files(database)
    try:
        made = copy.stat().st_mtime_ns
        written = database.stat().st_mtime_ns
        if wal.exists() and wal.stat().st_size > 0:
            written = max(written, wal.stat().st_mtime_ns)
    except OSError:
        return False
    return written < made
