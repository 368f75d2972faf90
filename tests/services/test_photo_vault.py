"""The photo vault: sealed files, the passphrase, the pass on and off, and what leaks."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from backtracker.domain.errors import UserError
from backtracker.services import photo_files, photo_vault, photos, timelapse, vault_crypto
from backtracker.services.photo_vault import VaultState
from backtracker.storage.settings import get_setting, set_setting

PASSPHRASE = "correct horse battery"


def camera_photo(path: Path, seed: int, size: tuple[int, int] = (480, 360)) -> Path:
    """A noisy JPEG (its bytes and pixels are unlike anything else on disk) with a GPS and
    camera-free EXIF orientation tag, as phones write them."""
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 255, (size[1], size[0], 3), dtype=np.uint8)
    image = Image.fromarray(pixels)
    exif = Image.Exif()
    exif[0x0112] = 6  # turned a quarter: the stored copy keeps its tag
    image.save(path, "JPEG", quality=90, exif=exif.tobytes())
    return path


@pytest.fixture
def three_photos(profile, tmp_path: Path):
    camera = tmp_path / "camera"
    camera.mkdir()
    files = [camera_photo(camera / f"IMG_{i}.jpg", seed=i) for i in range(3)]
    thumbs = photos.thumbnails_dir(profile.data_dir)
    report = photos.ingest(files, profile.photos_dir, thumbs, align=False)
    assert len(report.imported) == 3
    return profile, files, report.imported


def stored_files(profile) -> list[Path]:
    return [p for p in profile.data_dir.rglob("*") if p.is_file()]


def test_turning_on_seals_every_photo_and_thumbnail_and_they_still_read(three_photos):
    profile, _, imported = three_photos
    before = {info.id: photo_files.open_upright(info.path).tobytes() for info in imported}
    sealed = photo_vault.turn_on(PASSPHRASE)
    assert sealed == 6  # 3 copies + 3 thumbnails
    assert photo_vault.state() is VaultState.ON
    for path in [*profile.photos_dir.iterdir(), *profile.thumbnails_dir.iterdir()]:
        assert vault_crypto.is_sealed(path.read_bytes()), path
    # The same pixels come back through the one reader, unsealed in memory.
    for info in imported:
        assert photo_files.open_upright(info.path).tobytes() == before[info.id]


def test_the_key_lives_in_memory_only_and_a_locked_vault_refuses_to_read(three_photos):
    profile, files, imported = three_photos
    photo_vault.turn_on(PASSPHRASE)
    photo_vault.lock()
    assert photo_vault.needs_passphrase()
    with pytest.raises(photo_vault.VaultLockedError):
        photo_files.open_upright(imported[0].path)
    # Importing while locked is refused before any file is written.
    extra = camera_photo(files[0].parent / "extra.jpg", seed=9)
    count = len(list(profile.photos_dir.iterdir()))
    with pytest.raises(photo_vault.VaultLockedError):
        photos.ingest([extra], profile.photos_dir, profile.thumbnails_dir, align=False)
    assert len(list(profile.photos_dir.iterdir())) == count
    # The record holds parameters and a wrapped key, never the key or the passphrase.
    text = str(get_setting(photo_vault.SETTING))
    assert PASSPHRASE not in text
    photo_vault.unlock(PASSPHRASE)
    assert photo_files.open_upright(imported[0].path).size == (360, 480)


def test_a_wrong_passphrase_is_refused_and_changes_nothing(three_photos):
    profile, _, _imported = three_photos
    photo_vault.turn_on(PASSPHRASE)
    photo_vault.lock()
    record = get_setting(photo_vault.SETTING)
    contents = {p: p.read_bytes() for p in stored_files(profile) if p.suffix == ".jpg"}
    with pytest.raises(photo_vault.WrongPassphraseError, match="does not open"):
        photo_vault.unlock("correct horse battery!")
    with pytest.raises(photo_vault.WrongPassphraseError):
        photo_vault.turn_off("wrong wrong wrong")
    assert not photo_vault.is_unlocked()
    assert get_setting(photo_vault.SETTING) == record
    assert {p: p.read_bytes() for p in contents} == contents


def test_a_tampered_file_is_refused_and_named(three_photos):
    _profile, _, imported = three_photos
    photo_vault.turn_on(PASSPHRASE)
    target = imported[1].path
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit flipped in the ciphertext
    target.write_bytes(bytes(data))
    with pytest.raises(photo_vault.TamperedFileError) as caught:
        photo_files.open_upright(target)
    assert caught.value.path == target
    assert target.name in str(caught.value)
    # A sealed file moved in place of another is refused too (it is sealed to its name).
    other = imported[2].path
    other.write_bytes(imported[0].path.read_bytes())
    with pytest.raises(photo_vault.TamperedFileError, match=other.name):
        photo_vault.read(other)
    # The untouched photo still reads.
    assert photo_files.open_upright(imported[0].path).size == (360, 480)


def test_no_plaintext_image_bytes_under_the_data_folder_while_on(three_photos, tmp_path):
    profile, files, _imported = three_photos
    photo_vault.turn_on(PASSPHRASE)
    # Photos imported, thumbnails made again and a timelapse read while it is on.
    more = [camera_photo(files[0].parent / f"late_{i}.jpg", seed=20 + i) for i in range(2)]
    report = photos.ingest(more, profile.photos_dir, profile.thumbnails_dir, align=False)
    assert len(report.imported) == 2
    for thumb in profile.thumbnails_dir.iterdir():
        thumb.unlink()
    for info in photos.list_photos():
        photos.thumbnail_path(info, profile.thumbnails_dir)
    plan = timelapse.plan_timelapse(timelapse.TimelapseOptions(frame_ms=200, max_height=120))
    assert timelapse.write_timelapse(plan, tmp_path / "out.gif").frames == 5
    # Long enough that random ciphertext never holds one by chance (a 3-byte JPEG start
    # turns up in about 1 of 160 files of 100 kB).
    signatures = (b"\x89PNG\r\n\x1a\n", b"JFIF\x00\x01", b"Exif\x00\x00", b"WEBPVP8")
    originals = [f.read_bytes() for f in [*files, *more]]
    for path in stored_files(profile):
        data = path.read_bytes()
        for signature in signatures:
            assert signature not in data, f"{signature!r} in {path}"
        for original in originals:  # no run of an original's compressed image data
            middle = original[len(original) // 2 : len(original) // 2 + 64]
            assert middle not in data, path
        assert data[:3] != b"\xff\xd8\xff", path  # no file is a JPEG
        if path.parent in (profile.photos_dir, profile.thumbnails_dir):
            assert vault_crypto.is_sealed(data), path


def test_turning_off_gives_back_plain_files_and_forgets_the_key(three_photos):
    profile, _, imported = three_photos
    before = {info.id: photo_files.open_upright(info.path).tobytes() for info in imported}
    photo_vault.turn_on(PASSPHRASE)
    photo_vault.lock()
    assert photo_vault.turn_off(PASSPHRASE) == 6
    assert photo_vault.state() is VaultState.OFF
    assert get_setting(photo_vault.SETTING) is None
    assert not photo_vault.is_unlocked()
    for path in [*profile.photos_dir.iterdir(), *profile.thumbnails_dir.iterdir()]:
        assert path.read_bytes()[:3] == b"\xff\xd8\xff", path
    for info in imported:
        assert photo_files.open_upright(info.path).tobytes() == before[info.id]


def test_changing_the_passphrase_rewraps_the_key_and_rewrites_no_photo(three_photos):
    profile, _, imported = three_photos
    photo_vault.turn_on(PASSPHRASE)
    contents = {p: p.read_bytes() for p in profile.photos_dir.iterdir()}
    with pytest.raises(photo_vault.WrongPassphraseError):
        photo_vault.change_passphrase("not the one at all", "another good phrase")
    photo_vault.change_passphrase(PASSPHRASE, "another good phrase")
    assert {p: p.read_bytes() for p in contents} == contents
    photo_vault.lock()
    with pytest.raises(photo_vault.WrongPassphraseError):
        photo_vault.unlock(PASSPHRASE)
    photo_vault.unlock("another good phrase")
    assert photo_files.open_upright(imported[0].path).size == (360, 480)


@pytest.mark.parametrize(
    ("passphrase", "repeated", "field"),
    [
        ("short", "short", "passphrase"),
        (" padded phrase", " padded phrase", "passphrase"),
        ("long enough phrase", "long enough phrasE", "repeat"),
    ],
)
def test_a_weak_or_mistyped_new_passphrase_is_refused(passphrase, repeated, field):
    with pytest.raises(UserError) as caught:
        photo_vault.validate_new_passphrase(passphrase, repeated)
    assert caught.value.field == field


def test_turn_on_refuses_a_short_passphrase_before_touching_anything(three_photos):
    profile, _, _ = three_photos
    with pytest.raises(UserError, match="at least 8"):
        photo_vault.turn_on("short")
    assert photo_vault.state() is VaultState.OFF
    assert all(not vault_crypto.is_sealed(p.read_bytes()) for p in profile.photos_dir.iterdir())


def test_a_damaged_or_hostile_record_is_refused_in_plain_words(profile):
    set_setting(
        photo_vault.SETTING,
        {
            "version": 1,
            "state": "on",
            "kdf": {
                "kdf": "scrypt",
                "salt": "AAAAAAAAAAAAAAAAAAAAAA==",
                "n": 2**30,
                "r": 8,
                "p": 1,
            },
            "wrapped_key": "AAAA",
        },
    )
    with pytest.raises(photo_vault.VaultRecordError, match="out of range"):
        photo_vault.unlock(PASSPHRASE)
    set_setting(photo_vault.SETTING, {"version": 7, "state": "on"})
    with pytest.raises(photo_vault.VaultRecordError, match="version 7"):
        photo_vault.state()


def test_a_key_belongs_to_its_database(three_photos, tmp_path):
    from backtracker.storage.database import close_database, open_database
    from backtracker.storage.profile import prepare_profile

    profile, _, imported = three_photos
    photo_vault.turn_on(PASSPHRASE)
    close_database()
    other = prepare_profile(tmp_path / "other")
    open_database(other.database_path)
    try:
        assert not photo_vault.is_unlocked()  # the other profile's key is not this one's
    finally:
        close_database()
        open_database(profile.database_path)
    assert photo_vault.is_unlocked()
    assert io.BytesIO(photo_vault.read(imported[0].path)).read(3) == b"\xff\xd8\xff"
