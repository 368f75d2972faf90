"""Backups of a photo vault: the photos travel sealed, a restored vault opens with its
passphrase and shows the same pixels, the key in memory and the thumbnail cache do not
outlive a restore, and a backup during a pass cut short (or one racing a pass) is handled."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from backtracker.services import backup, photo_files, photo_vault, photos, vault_crypto
from backtracker.services.photo_vault import VaultState
from backtracker.storage.backups import DATABASE_NAME, MANIFEST_NAME, PHOTOS_PREFIX
from backtracker.storage.database import close_database, open_database

PASSPHRASE = "correct horse battery"


class StopError(Exception):
    """Stands for a kill: the pass stops with its record still turning_on/off."""


def camera_photo(path: Path, seed: int) -> Path:
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 255, (150, 200, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(path, "JPEG", quality=92)
    return path


@pytest.fixture
def three_photos(profile, tmp_path: Path):
    camera = tmp_path / "camera"
    camera.mkdir()
    files = [camera_photo(camera / f"IMG_{i}.jpg", seed=i) for i in range(3)]
    report = photos.ingest(files, profile.photos_dir, profile.thumbnails_dir, align=False)
    assert len(report.imported) == 3
    plain = {info.path.name: info.path.read_bytes() for info in report.imported}
    before = {
        info.path.name: photo_files.open_upright(info.path).tobytes() for info in report.imported
    }
    return profile, files, plain, before


def pixels_now() -> dict[str, bytes]:
    return {
        info.path.name: photo_files.open_upright(info.path).tobytes()
        for info in photos.list_photos()
    }


def restore_into(archive: Path, profile) -> Path:
    close_database()
    try:
        return backup.restore_backup(archive, data_dir=profile.data_dir)
    finally:
        open_database(profile.database_path)


def test_a_vault_backup_holds_the_photos_sealed_and_no_plaintext_image_bytes(
    three_photos, tmp_path
):
    profile, files, plain, _ = three_photos
    photo_vault.turn_on(PASSPHRASE)
    archive = backup.create_backup(tmp_path / "vault.zip", data_dir=profile.data_dir)
    raw = archive.read_bytes()
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        members = [n for n in names if n.startswith(f"{PHOTOS_PREFIX}/")]
        assert sorted(members) == sorted(f"{PHOTOS_PREFIX}/{name}" for name in plain)
        assert set(names) == {*members, DATABASE_NAME, MANIFEST_NAME}  # no thumbnails
        for member in members:
            data = zipped.read(member)
            assert vault_crypto.is_sealed(data), member
            assert data == (profile.photos_dir / member.split("/")[1]).read_bytes()
        database = zipped.read(DATABASE_NAME)
    # No run of any photo's image data (the originals', the stored copies', the
    # thumbnails') anywhere in the archive, compressed or not, nor in its database.
    thumbs = [photo_vault.read(p) for p in profile.thumbnails_dir.iterdir()]
    for image in [*(f.read_bytes() for f in files), *plain.values(), *thumbs]:
        for start in range(len(image) // 8, len(image), len(image) // 8):
            piece = image[start : start + 48]
            if len(piece) == 48:
                assert piece not in raw and piece not in database
    for marker in (b"JFIF", b"Exif\x00\x00"):
        assert marker not in raw
    assert PASSPHRASE.encode() not in raw and PASSPHRASE.encode() not in database


def test_a_restored_vault_opens_with_its_passphrase_and_shows_the_same_pixels(
    three_photos, tmp_path
):
    profile, _, _, before = three_photos
    photo_vault.turn_on(PASSPHRASE)
    archive = backup.create_backup(tmp_path / "vault.zip", data_dir=profile.data_dir)
    # Into a new profile, elsewhere.
    other = tmp_path / "elsewhere"
    close_database()
    backup.restore_backup(archive, data_dir=other)
    open_database(other / DATABASE_NAME)
    try:
        assert photo_vault.state() is VaultState.ON
        assert photo_vault.needs_passphrase()
        with pytest.raises(photo_vault.WrongPassphraseError):
            photo_vault.unlock("not the passphrase")
        photo_vault.unlock(PASSPHRASE)
        assert pixels_now() == before
        for info in photos.list_photos():  # thumbnails are made again, sealed
            made = photos.thumbnail_path(info, other / "thumbnails")
            assert vault_crypto.is_sealed(made.read_bytes())
    finally:
        close_database()
        photo_vault.lock()
        open_database(profile.database_path)


def test_a_restore_forgets_the_key_and_empties_the_thumbnail_cache(three_photos, tmp_path):
    """A vault restored over another vault with the same photos but another key: the key in
    memory must not be taken for the new one, and the old sealed thumbnails (same names)
    would be unreadable with the restored key."""
    profile, _, _, before = three_photos
    photo_vault.turn_on(PASSPHRASE)
    archive = backup.create_backup(tmp_path / "first-key.zip", data_dir=profile.data_dir)
    photo_vault.turn_off(PASSPHRASE)
    photo_vault.turn_on("a different passphrase")  # a new data key, files sealed again
    old_thumbs = {p.name for p in profile.thumbnails_dir.iterdir()}
    assert photo_vault.is_unlocked()
    safety = restore_into(archive, profile)
    assert not photo_vault.is_unlocked()  # the other key was forgotten
    assert profile.thumbnails_dir.is_dir() and list(profile.thumbnails_dir.iterdir()) == []
    assert {p.name for p in (safety / "thumbnails").iterdir()} == old_thumbs
    with pytest.raises(photo_vault.WrongPassphraseError):
        photo_vault.unlock("a different passphrase")
    photo_vault.unlock(PASSPHRASE)
    assert pixels_now() == before
    for info in photos.list_photos():
        with Image.open(
            io.BytesIO(photo_vault.read(photos.thumbnail_path(info, profile.thumbnails_dir)))
        ) as thumb:
            thumb.load()


def test_an_unencrypted_backup_restored_over_a_vault_gives_an_unencrypted_profile(
    three_photos, tmp_path
):
    profile, _, plain, before = three_photos
    archive = backup.create_backup(tmp_path / "plain.zip", data_dir=profile.data_dir)
    photo_vault.turn_on(PASSPHRASE)
    restore_into(archive, profile)
    assert photo_vault.state() is VaultState.OFF
    assert not photo_vault.needs_passphrase()
    assert {p.name: p.read_bytes() for p in profile.photos_dir.iterdir()} == plain
    assert list(profile.thumbnails_dir.iterdir()) == []  # no sealed thumbnail left behind
    assert pixels_now() == before
    info = photos.list_photos()[0]
    assert not vault_crypto.is_sealed(
        photos.thumbnail_path(info, profile.thumbnails_dir).read_bytes()
    )


def test_a_backup_during_a_pass_cut_short_restores_and_finishes(three_photos, tmp_path):
    """Each file is whole in one form and the record says turning_on: the backup is taken
    as it is, and the restored profile finishes the pass when unlocked."""
    profile, _, _, before = three_photos

    def stop(done: int, _total: int) -> None:
        if done == 2:
            raise StopError

    with pytest.raises(StopError):
        photo_vault.turn_on(PASSPHRASE, progress=stop)
    photo_vault.lock()
    archive = backup.create_backup(tmp_path / "half.zip", data_dir=profile.data_dir)
    with zipfile.ZipFile(archive) as zipped:
        forms = [
            vault_crypto.is_sealed(zipped.read(n))
            for n in zipped.namelist()
            if n.startswith("photos/")
        ]
    assert sorted(forms) == [False, True, True]  # two copies sealed, one not yet
    other = tmp_path / "elsewhere"
    close_database()
    backup.restore_backup(archive, data_dir=other)
    open_database(other / DATABASE_NAME)
    try:
        assert photo_vault.pending_pass() is VaultState.TURNING_ON
        photo_vault.unlock(PASSPHRASE)
        assert pixels_now() == before  # both forms read
        photo_vault.finish_pass()
        assert photo_vault.state() is VaultState.ON
        assert all(vault_crypto.is_sealed(p.read_bytes()) for p in (other / "photos").iterdir())
        assert pixels_now() == before
    finally:
        close_database()
        photo_vault.lock()
        open_database(profile.database_path)


def test_a_backup_racing_a_pass_in_another_process_is_refused(three_photos, tmp_path, monkeypatch):
    """The database snapshot is taken first; if the vault is turned on before the photos are
    copied, the archive would hold sealed photos and a database without their key."""
    profile, _, _, _ = three_photos
    target = tmp_path / "raced.zip"
    add_file = backup._add_file
    calls = []

    def adding(archive, name, path, stamp):
        calls.append(name)
        if len(calls) == 1:  # right after the database snapshot went in
            photo_vault.turn_on(PASSPHRASE)
        return add_file(archive, name, path, stamp)

    monkeypatch.setattr(backup, "_add_file", adding)
    with pytest.raises(backup.BackupError, match="turned on or off while the backup"):
        backup.create_backup(target, data_dir=profile.data_dir)
    assert not target.exists()
    assert list(tmp_path.glob(".raced.zip.*")) == []  # no partial left
    # A pass that merely reaches its end meanwhile is fine: the snapshot opens every file.
    photo_vault.turn_off(PASSPHRASE)

    def stop(done: int, _total: int) -> None:
        if done == 1:
            raise StopError

    with pytest.raises(StopError):
        photo_vault.turn_on(PASSPHRASE, progress=stop)
    calls.clear()

    def finishing(archive, name, path, stamp):
        calls.append(name)
        if len(calls) == 1:
            photo_vault.finish_pass()
        return add_file(archive, name, path, stamp)

    monkeypatch.setattr(backup, "_add_file", finishing)
    assert backup.create_backup(target, data_dir=profile.data_dir) == target.absolute()
