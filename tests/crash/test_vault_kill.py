"""SIGKILL while the photo vault is being turned on or off.

A child process opens a profile with six imported photos (six copies, six thumbnails) and
runs `photo_vault.turn_on` or `turn_off`, with a hook that kills it (SIGKILL: no handler, no
clean-up) at one moment of the pass: right after the record is committed (before any file),
with a file's new form written to its temp file but not renamed yet, after k files, and
after every file but before the final record. Afterwards, in this process:

- every photo and thumbnail is whole in exactly one form: sealed (and it unseals with the
  key to exactly the bytes it had) or plain, and its pixels are the original's;
- the record says turning_on / turning_off, and the start-up check says so in plain words,
  with the number of files still in the old form, without the key and moving nothing;
- unlocking and finishing (in process, or `photos vault finish --passphrase-file` as a
  person would) completes it: every file sealed (or plain), the same pixels as before.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")

PASSPHRASE = "correct horse battery"
PHOTOS = 6
FILES = 2 * PHOTOS  # the copies, then the thumbnails (managed_files' order)
LOW_N = 2**10  # scrypt's cost for these vaults (stored in the record, so every process uses it)

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path

    from backtracker.services import vault_crypto

    vault_crypto.SCRYPT_N = {low_n}
    from backtracker.services import photo_files, photo_vault
    from backtracker.services.photo_vault import VaultState
    from backtracker.storage.database import open_database

    data, action, point, k, passphrase = sys.argv[1:6]
    k = int(k)


    def die():
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)


    open_database(Path(data) / "backtracker.sqlite3")
    progress = None
    if point == "record":  # right after the turning_on / turning_off record is committed
        save = photo_vault._save

        def saving(found):
            save(found)
            if found is not None and found.state in (
                VaultState.TURNING_ON, VaultState.TURNING_OFF
            ):
                die()

        photo_vault._save = saving
    elif point == "rename":  # the k-th file's new form is in its temp file, not renamed
        commit = photo_files.commit_temp
        calls = []

        def committing(temp, target, *, durable):
            calls.append(target)
            if len(calls) == k:
                print("temp", temp.name, "for", target.name)
                die()
            commit(temp, target, durable=durable)

        photo_files.commit_temp = committing
    elif point == "files":  # after k files

        def progress(done, total):
            if done == k:
                die()

    elif point == "last":  # after every file, before the final record

        def progress(done, total):
            if done == total:
                die()

    if action == "on":
        photo_vault.turn_on(passphrase, progress=progress)
    else:
        photo_vault.turn_off(passphrase, progress=progress)
    print("not killed")
    sys.exit(3)
    """
).format(low_n=LOW_N)


def camera_photo(path: Path, seed: int) -> Path:
    """A noisy JPEG with an orientation tag, as phones write them."""
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 255, (300, 400, 3), dtype=np.uint8)
    exif = Image.Exif()
    exif[0x0112] = 6 if seed % 2 else 1
    Image.fromarray(pixels).save(path, "JPEG", quality=90, exif=exif.tobytes())
    return path


class Template:
    """The profile before the pass (plain) and after it (sealed), and what every file held."""

    def __init__(self, folder: Path) -> None:
        self.plain = folder / "plain"
        self.sealed = folder / "sealed"
        self.bytes: dict[str, bytes] = {}  # "photos/<name>" or "thumbnails/<name>": plain
        self.pixels: dict[str, bytes] = {}  # the same, decoded (photos upright)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    from backtracker.cli.commands import open_profile
    from backtracker.services import photo_vault, photos, vault_crypto
    from backtracker.storage.database import close_database, open_database

    folder = tmp_path_factory.mktemp("vault-kill")
    made = Template(folder)
    camera = folder / "camera"
    camera.mkdir()
    files = [camera_photo(camera / f"IMG_{i}.jpg", seed=i) for i in range(PHOTOS)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(vault_crypto, "SCRYPT_N", LOW_N)
        profile = open_profile(made.plain)
        try:
            report = photos.ingest(files, profile.photos_dir, profile.thumbnails_dir, align=False)
            assert len(report.imported) == PHOTOS
            for path in photo_vault.managed_files():
                made.bytes[label(path)] = path.read_bytes()
                made.pixels[label(path)] = decoded(path)
        finally:
            close_database()
        assert len(made.bytes) == FILES
        shutil.copytree(made.plain, made.sealed)
        open_database(made.sealed / "backtracker.sqlite3")
        try:
            photo_vault.turn_on(PASSPHRASE)
            photo_vault.lock()
        finally:
            close_database()
            photo_vault.lock()
    return made


def label(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def decoded(path: Path) -> bytes:
    """The pixels of a managed file, through the app's readers (unsealed in memory)."""
    from backtracker.services import photo_files, photo_vault

    if path.parent.name == "photos":
        return photo_files.open_upright(path).tobytes()
    with Image.open(io.BytesIO(photo_vault.read(path))) as image:
        return image.convert("RGB").tobytes()


def files_of(data: Path) -> list[Path]:
    return sorted(p for folder in ("photos", "thumbnails") for p in (data / folder).iterdir())


def temp_files(data: Path) -> list[Path]:
    return [p for p in files_of(data) if p.name.startswith(".") and p.name.endswith(".part")]


def is_sealed(path: Path) -> bool:
    from backtracker.services import vault_crypto

    return vault_crypto.is_sealed(path.read_bytes())


def killed_pass(tmp_path: Path, start: Path, action: str, point: str, k: int) -> Path:
    data = tmp_path / "profile"
    shutil.copytree(start, data)
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    child = subprocess.run(
        [sys.executable, str(script), str(data), action, point, str(k), PASSPHRASE],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert child.returncode == -signal.SIGKILL, (child.stdout, child.stderr)
    if point == "rename":
        assert child.stdout.startswith("temp ."), child.stdout
    return data


def check_every_file_whole(data: Path, template: Template, *, sealing: bool) -> int:
    """Every managed file whole in one form, with its bytes and pixels; the converted count
    (sealed when `sealing`, plain otherwise). The vault must be unlocked."""
    from backtracker.services import photo_vault, photos

    names = {label(p) for p in photo_vault.managed_files()}
    assert names == set(template.bytes)  # none lost, none doubled
    assert {label(info.path) for info in photos.list_photos()} == {
        n for n in names if n.startswith("photos/")
    }
    converted = 0
    for path in photo_vault.managed_files():
        sealed = is_sealed(path)
        if not sealed:  # a plain image, whole
            with Image.open(path) as image:
                image.load()
        # Sealed or plain, the bytes inside are exactly the plain file's (a sealed one
        # unseals with the key and passes its tag), and the pixels are the original's.
        assert photo_vault.read(path) == template.bytes[label(path)], path
        assert decoded(path) == template.pixels[label(path)], path
        converted += sealed == sealing
    return converted


def start_up_check(data: Path):
    from backtracker.services.health import check_profile

    return check_profile(data, settle_seconds=0, check_database=True)


def finish_with_the_cli(data: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "backtracker",
            "photos",
            "vault",
            "finish",
            "--passphrase-file",
            str(secret),
            "--data-dir",
            str(data),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdin=subprocess.DEVNULL,
        check=False,
    )


# (kill point, k, files converted when killed, finish through the CLI)
POINTS = [
    ("record", 0, 0, False),
    ("rename", 1, 0, True),  # the first photo's new form written, not renamed
    ("rename", 8, 7, False),  # a thumbnail's
    ("files", 3, 3, True),
    ("files", 9, 9, False),
    ("last", 0, FILES, True),
]
POINT_IDS = [f"{point}-{k}" for point, k, *_ in POINTS]


@pytest.mark.slow
@pytest.mark.parametrize("action", ["on", "off"])
@pytest.mark.parametrize("where", POINTS, ids=POINT_IDS)
def test_a_killed_pass_leaves_every_photo_whole_and_is_finished(
    template: Template, tmp_path: Path, action: str, where: tuple[str, int, int, bool]
):
    from backtracker.services import photo_vault
    from backtracker.services.photo_vault import VaultState
    from backtracker.storage.database import close_database, open_database

    point, k, converted, cli = where
    sealing = action == "on"
    start = template.plain if sealing else template.sealed
    data = killed_pass(tmp_path, start, action, point, k)
    pending = VaultState.TURNING_ON if sealing else VaultState.TURNING_OFF
    temps = temp_files(data)
    if point == "rename":  # the new form sits in its temp file; the file itself is untouched
        assert len(temps) == 1
        assert temps[0].name.startswith(f".{sorted(template.bytes)[k - 1].split('/')[1]}.")
        assert is_sealed(temps[0]) == sealing
    else:
        assert temps == []

    open_database(data / "backtracker.sqlite3")
    try:
        # The start-up check, with the vault locked: it needs no key.
        assert photo_vault.pending_pass() is pending
        assert not photo_vault.is_unlocked()
        report = start_up_check(data)
        left = FILES - converted
        assert (report.vault_pending, report.vault_pending_files) == (pending.value, left)
        state = "unencrypted" if sealing else "encrypted"
        verb = "is" if left == 1 else "are"
        files = f"{left} file{'' if left == 1 else 's'}"
        assert (
            f"Turning the photo vault {action} was interrupted: {files} {verb} still "
            f"{state}. Unlock the photos with your passphrase to finish."
        ) in report.messages()
        assert report.recovered_files == [] and report.sealed_orphans == []
        assert report.missing_files == [] and report.database_problems == []
        assert not report.ok
        if temps:  # the pass's temp file is swept like any other once stale
            old = time.time() - 3600
            os.utime(temps[0], (old, old))
            start_up_check(data)
            assert temp_files(data) == []

        photo_vault.unlock(PASSPHRASE)
        assert check_every_file_whole(data, template, sealing=sealing) == converted
        if not cli:
            photo_vault.finish_pass()
    finally:
        close_database()
        photo_vault.lock()

    if cli:
        finished = finish_with_the_cli(data, tmp_path)
        assert finished.returncode == 0, finished.stderr
        assert f"Finished turning the photo vault {action}" in finished.stdout
        assert "interrupted; finishing it now" in finished.stderr

    open_database(data / "backtracker.sqlite3")
    try:
        assert photo_vault.state() is (VaultState.ON if sealing else VaultState.OFF)
        assert start_up_check(data).ok
        if sealing:
            photo_vault.unlock(PASSPHRASE)
        assert check_every_file_whole(data, template, sealing=sealing) == FILES
        assert temp_files(data) == []
    finally:
        close_database()
        photo_vault.lock()
