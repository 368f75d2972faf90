"""The start-up check and the photo vault: a pass cut short is reported in plain words without
the key, the pass's temp files are swept like the others, and an encrypted photo file is never
moved aside where it could not be used again."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from backtracker.services import health, photo_files, photo_vault, photos, vault_crypto
from backtracker.services.photo_vault import VaultState
from backtracker.storage.models import Photo
from backtracker.storage.settings import set_setting

PASSPHRASE = "correct horse battery"


class StopError(Exception):
    """Stands for the kill: the pass ends here, the record still turning_on/off."""


def camera_photo(path: Path, seed: int) -> Path:
    rng = np.random.default_rng(seed)
    Image.fromarray(rng.integers(0, 255, (90, 120, 3), dtype=np.uint8)).save(path, "JPEG")
    return path


@pytest.fixture
def four_photos(profile, tmp_path: Path):
    camera = tmp_path / "camera"
    camera.mkdir()
    files = [camera_photo(camera / f"IMG_{i}.jpg", seed=i) for i in range(4)]
    report = photos.ingest(files, profile.photos_dir, profile.thumbnails_dir, align=False)
    assert len(report.imported) == 4
    return profile, camera


def stop_after(count: int):
    def progress(done: int, _total: int) -> None:
        if done == count:
            raise StopError

    return progress


def check(profile):
    return health.check_profile(profile.data_dir, settle_seconds=0)


def test_an_interrupted_turning_on_is_reported_without_the_key(four_photos):
    profile, _ = four_photos
    with pytest.raises(StopError):
        photo_vault.turn_on(PASSPHRASE, progress=stop_after(3))  # 3 of 8 files sealed
    photo_vault.lock()
    report = check(profile)
    assert not photo_vault.is_unlocked()  # the check needed no key and took none
    assert (report.vault_pending, report.vault_pending_files) == ("turning_on", 5)
    assert report.messages() == [
        "Turning the photo vault on was interrupted: 5 files are still unencrypted. "
        "Unlock the photos with your passphrase to finish."
    ]
    assert not report.ok and report.problem_count() == 1
    assert "1 problem" in report.summary()
    # Nothing was moved or changed: 3 sealed, 5 plain, as the pass left them.
    assert health.vault_file_counts() == (3, 5)
    assert report.recovered_files == [] and report.sealed_orphans == []
    photo_vault.unlock(PASSPHRASE)
    photo_vault.finish_pass()
    assert check(profile).ok


def test_an_interrupted_turning_off_is_reported_with_the_files_still_encrypted(four_photos):
    profile, _ = four_photos
    photo_vault.turn_on(PASSPHRASE)
    with pytest.raises(StopError):
        photo_vault.turn_off(PASSPHRASE, progress=stop_after(7))  # one file left sealed
    photo_vault.lock()
    report = check(profile)
    assert report.messages() == [
        "Turning the photo vault off was interrupted: 1 file is still encrypted. "
        "Unlock the photos with your passphrase to finish."
    ]
    assert photo_vault.state() is VaultState.TURNING_OFF


def test_a_vault_that_is_on_and_whole_is_no_problem(four_photos):
    profile, _ = four_photos
    photo_vault.turn_on(PASSPHRASE)
    photo_vault.lock()
    assert check(profile).ok


def test_the_pass_temp_files_are_swept_when_stale_and_the_photo_stays(four_photos):
    profile, _ = four_photos
    photo_vault.turn_on(PASSPHRASE)
    target = photos.list_photos()[0].path
    before = target.read_bytes()
    # What a pass killed before its rename leaves: the other form in `.<name>.<random>.part`.
    stale = photo_files.write_temp(target, b"half a pass", durable=True)
    fresh = photo_files.write_temp(target, b"a pass running now", durable=True)
    assert stale.name.startswith(f".{target.name}.") and stale.name.endswith(".part")
    old = time.time() - photo_files.STALE_TEMP_SECONDS - 60
    os.utime(stale, (old, old))
    report = check(profile)
    assert report.ok  # a temp file is never an orphan
    assert not stale.exists()
    assert fresh.exists()  # it may belong to a pass in another process
    assert target.read_bytes() == before


def test_an_encrypted_file_without_a_row_stays_in_place_and_is_reported(four_photos):
    """An import killed while the vault was on, between the copy and its row, leaves an
    encrypted copy with no row. In recovered/ it could never be imported again (it is
    sealed to photos/<name>), so it stays, encrypted, and the person is told."""
    profile, camera = four_photos
    photo_vault.turn_on(PASSPHRASE)
    info = photos.list_photos()[2]
    Photo.delete().where(Photo.id == info.id).execute()  # as if its row was never written
    sealed = info.path.read_bytes()
    photo_vault.lock()
    report = check(profile)
    assert report.sealed_orphans == [info.path]
    assert report.recovered_files == []
    assert info.path.read_bytes() == sealed
    assert not (profile.data_dir / "recovered").exists()
    (message,) = report.messages()
    assert message.startswith("1 encrypted photo file from an import that was cut short")
    assert info.path.name in message and "import the photo again" in message
    # Importing the photo again replaces the file and the report is clear.
    photo_vault.unlock(PASSPHRASE)
    again = photos.ingest(
        [camera / "IMG_2.jpg"], profile.photos_dir, profile.thumbnails_dir, align=False
    )
    assert [i.path for i in again.imported] == [info.path]
    assert check(profile).ok


def test_a_plain_file_without_a_row_is_still_moved_aside(four_photos):
    profile, _ = four_photos
    info = photos.list_photos()[1]
    Photo.delete().where(Photo.id == info.id).execute()
    report = check(profile)
    assert [p.name for p in report.recovered_files] == [info.path.name]
    assert report.sealed_orphans == []
    assert not vault_crypto.is_sealed(report.recovered_files[0].read_bytes())


def test_a_damaged_vault_record_is_reported_not_a_crash(four_photos):
    profile, _ = four_photos
    set_setting(photo_vault.SETTING, {"version": 9, "state": "on"})
    report = check(profile)
    assert report.vault_problem is not None
    assert any("record in the database is damaged" in line for line in report.messages())
    assert not report.ok
