"""The photo vault on the command line: `photos vault status|on|off|passphrase|finish`, and
the passphrase that `photos import`, `timelapse` and `align` ask for when the vault is on.

Most run in this process through `main` (scrypt at the tests' cost, see conftest); the
terminal is faked at `getpass` there. One runs as a person would, under a real
pseudo-terminal, to show the passphrase is not echoed; others run with no terminal at all.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from backtracker.app import main
from backtracker.cli import passphrase as cli_passphrase
from backtracker.services import photo_files, photo_vault, vault_crypto
from backtracker.services.photo_vault import VaultState
from backtracker.storage.database import close_database, open_database
from backtracker.storage.settings import set_setting

PASSPHRASE = "correct horse battery"


class StopError(Exception):
    """Stands for a kill: the pass stops with its record still turning_on/off."""


def camera_photo(path: Path, seed: int) -> Path:
    rng = np.random.default_rng(seed)
    Image.fromarray(rng.integers(0, 255, (90, 120, 3), dtype=np.uint8)).save(path, "JPEG")
    return path


def secret_file(folder: Path, text: str, name: str = "pass.txt") -> Path:
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A profile with three photos imported through the command, the vault off."""
    camera = tmp_path / "camera"
    camera.mkdir()
    for i in range(3):
        camera_photo(camera / f"IMG_{i}.jpg", seed=i)
    folder = tmp_path / "data"
    assert main(["photos", "import", str(camera), "--data-dir", str(folder)]) == 0
    return folder


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_passphrase, "has_terminal", lambda: False)


class Terminal:
    """`getpass` answered from a list; what was asked is kept."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *answers: str) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []
        monkeypatch.setattr(cli_passphrase, "has_terminal", lambda: True)
        monkeypatch.setattr(cli_passphrase.getpass, "getpass", self.getpass)

    def getpass(self, prompt: str, stream: object = None) -> str:
        self.prompts.append(prompt)
        return self.answers.pop(0)


def in_profile(folder: Path):
    """Open the profile's database here for a look; close it with close_database()."""
    open_database(folder / "backtracker.sqlite3")


def files_of(folder: Path) -> dict[Path, bytes]:
    return {
        p: p.read_bytes()
        for sub in ("photos", "thumbnails")
        if (folder / sub).is_dir()
        for p in (folder / sub).iterdir()
    }


def pixels(folder: Path) -> dict[str, bytes]:
    from backtracker.services import photos

    in_profile(folder)
    try:
        if photo_vault.needs_passphrase():
            photo_vault.unlock(PASSPHRASE)
        return {
            info.path.name: photo_files.open_upright(info.path).tobytes()
            for info in photos.list_photos()
        }
    finally:
        close_database()
        photo_vault.lock()


def status(folder: Path, capsys) -> dict[str, object]:
    capsys.readouterr()
    assert main(["photos", "vault", "status", "--json", "--data-dir", str(folder)]) == 0
    return json.loads(capsys.readouterr().out)


def turned_on(folder: Path, tmp_path: Path) -> None:
    secret = secret_file(tmp_path, PASSPHRASE)
    assert (
        main(["photos", "vault", "on", "--passphrase-file", str(secret), "--data-dir", str(folder)])
        == 0
    )


def test_vault_on_from_a_file_seals_every_file_and_status_counts_them(data, tmp_path, capsys):
    before = pixels(data)
    assert status(data, capsys) == {
        "state": "off",
        "pending": False,
        "sealed_files": 0,
        "plain_files": 6,
        "kdf": None,
    }
    secret = secret_file(tmp_path, PASSPHRASE)
    code = main(
        ["photos", "vault", "on", "--passphrase-file", str(secret), "--data-dir", str(data)]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "if you forget this passphrase, your photos cannot be recovered" in out.err
    assert "Encrypting files: 6 of 6" in out.err
    assert "The photo vault is on: 6 files encrypted" in out.out
    assert all(vault_crypto.is_sealed(b) for b in files_of(data).values())
    found = status(data, capsys)
    assert (found["state"], found["sealed_files"], found["plain_files"]) == ("on", 6, 0)
    assert found["kdf"]["name"] == "scrypt"  # type: ignore[index]
    assert main(["photos", "vault", "status", "--data-dir", str(data)]) == 0
    assert "Photo vault: on (6 files encrypted, 0 unencrypted)." in capsys.readouterr().out
    assert pixels(data) == before
    assert not photo_vault.is_unlocked()  # the command forgot the key when it ended


def test_vault_on_asks_twice_on_the_terminal_and_refuses_a_mismatch(data, monkeypatch, capsys):
    files = files_of(data)
    terminal = Terminal(monkeypatch, PASSPHRASE, PASSPHRASE + "x")
    assert main(["photos", "vault", "on", "--data-dir", str(data)]) == 2
    assert "The two passphrases are not the same." in capsys.readouterr().err
    assert terminal.prompts == ["New passphrase: ", "The same passphrase again: "]
    assert files_of(data) == files
    assert status(data, capsys)["state"] == "off"

    Terminal(monkeypatch, "short", "short")
    assert main(["photos", "vault", "on", "--data-dir", str(data)]) == 2
    assert "at least 8 characters" in capsys.readouterr().err

    Terminal(monkeypatch, PASSPHRASE, PASSPHRASE)
    assert main(["photos", "vault", "on", "--data-dir", str(data)]) == 0
    assert status(data, capsys)["sealed_files"] == 6


def test_vault_on_without_a_terminal_or_file_changes_nothing(data, no_terminal, capsys):
    files = files_of(data)
    assert main(["photos", "vault", "on", "--data-dir", str(data)]) == 2
    assert "no terminal to ask on" in capsys.readouterr().err
    assert files_of(data) == files
    assert status(data, capsys)["state"] == "off"


def test_photo_commands_ask_for_the_passphrase_and_a_wrong_one_changes_nothing(
    data, tmp_path, no_terminal, capsys
):
    turned_on(data, tmp_path)
    extra = camera_photo(tmp_path / "extra.jpg", seed=42)
    files = files_of(data)
    wrong = secret_file(tmp_path, "not the passphrase", "wrong.txt")
    importing = ["photos", "import", str(extra), "--data-dir", str(data)]
    capsys.readouterr()

    assert main(importing) == 2  # no terminal, no file
    assert "Give it with --passphrase-file FILE. Nothing was changed." in capsys.readouterr().err
    assert main([*importing, "--passphrase-file", str(wrong)]) == 2
    assert "does not open your photo vault" in capsys.readouterr().err
    missing = tmp_path / "nowhere.txt"
    assert main([*importing, "--passphrase-file", str(missing)]) == 2
    assert f"The passphrase file {missing} does not exist" in capsys.readouterr().err
    assert main([*importing, "--passphrase-file", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert files_of(data) == files

    right = secret_file(tmp_path, PASSPHRASE, "right.txt")
    assert main([*importing, "--passphrase-file", str(right)]) == 0
    assert "Imported 1 photo" in capsys.readouterr().out
    assert len(files_of(data)) == 8
    assert all(vault_crypto.is_sealed(b) for b in files_of(data).values())

    out = tmp_path / "out.gif"
    timelapse = ["photos", "timelapse", str(out), "--frame-ms", "200", "--data-dir", str(data)]
    assert main(timelapse) == 2
    assert not out.exists()
    assert main([*timelapse, "--passphrase-file", str(right)]) == 0
    with Image.open(out) as animation:
        assert animation.n_frames == 4
    assert main(["photos", "align", "--data-dir", str(data)]) == 2
    assert main(["photos", "align", "--passphrase-file", str(right), "--data-dir", str(data)]) == 0


def test_the_passphrase_is_asked_on_the_terminal_for_import(data, tmp_path, monkeypatch, capsys):
    turned_on(data, tmp_path)
    extra = camera_photo(tmp_path / "extra.jpg", seed=43)
    terminal = Terminal(monkeypatch, PASSPHRASE)
    assert main(["photos", "import", str(extra), "--data-dir", str(data)]) == 0
    assert terminal.prompts == ["Photo vault passphrase: "]
    assert "Imported 1 photo" in capsys.readouterr().out


def test_a_passphrase_file_keeps_everything_but_its_line_ending(tmp_path):
    path = tmp_path / "p.txt"
    path.write_bytes(b"  spaced words  \r\nsecond line\n")
    assert cli_passphrase.read_passphrase_file(path) == "  spaced words  "
    path.write_bytes(b"\n")
    with pytest.raises(Exception, match="is empty"):
        cli_passphrase.read_passphrase_file(path)


def test_a_missing_passphrase_file_creates_no_profile(tmp_path, capsys):
    camera = tmp_path / "camera"
    camera.mkdir()
    camera_photo(camera / "a.jpg", seed=1)
    folder = tmp_path / "new-profile"
    args = ["photos", "import", str(camera), "--passphrase-file", str(tmp_path / "nope")]
    assert main([*args, "--data-dir", str(folder)]) == 2
    assert "does not exist. Nothing was changed." in capsys.readouterr().err
    assert not folder.exists()


def test_a_pending_pass_is_finished_when_a_command_unlocks_and_says_so(data, tmp_path, capsys):
    before = pixels(data)
    in_profile(data)
    try:

        def stop(done: int, _total: int) -> None:
            if done == 2:
                raise StopError

        with pytest.raises(StopError):
            photo_vault.turn_on(PASSPHRASE, progress=stop)
    finally:
        close_database()
        photo_vault.lock()
    found = status(data, capsys)
    assert (found["state"], found["pending"], found["sealed_files"]) == ("turning_on", True, 2)
    assert main(["photos", "vault", "status", "--data-dir", str(data)]) == 0
    assert "turning it on was interrupted (2 files encrypted, 4 unencrypted)" in (
        capsys.readouterr().out
    )
    right = secret_file(tmp_path, PASSPHRASE)
    assert main(["photos", "align", "--passphrase-file", str(right), "--data-dir", str(data)]) == 0
    err = capsys.readouterr().err
    assert "Turning the photo vault on was interrupted; finishing it now." in err
    assert "The photo vault is now on (4 more files encrypted)." in err
    assert status(data, capsys)["state"] == "on"
    assert all(vault_crypto.is_sealed(b) for b in files_of(data).values())
    assert pixels(data) == before


def test_vault_finish_finishes_a_pass_and_says_when_there_is_none(data, tmp_path, capsys):
    right = secret_file(tmp_path, PASSPHRASE)
    finish = ["photos", "vault", "finish", "--passphrase-file", str(right), "--data-dir", str(data)]
    assert main(finish) == 0
    assert "Nothing to finish: the photo vault is off." in capsys.readouterr().out
    turned_on(data, tmp_path)
    in_profile(data)
    try:

        def stop(done: int, _total: int) -> None:
            if done == 5:
                raise StopError

        with pytest.raises(StopError):
            photo_vault.turn_off(PASSPHRASE, progress=stop)
    finally:
        close_database()
        photo_vault.lock()
    wrong = secret_file(tmp_path, "wrong wrong wrong", "wrong.txt")
    files = files_of(data)
    assert main([*finish[:4], str(wrong), *finish[5:]]) == 2
    assert files_of(data) == files
    assert main(finish) == 0
    assert "Finished turning the photo vault off: 1 more file decrypted." in capsys.readouterr().out
    assert status(data, capsys) == {
        "state": "off",
        "pending": False,
        "sealed_files": 0,
        "plain_files": 6,
        "kdf": None,
    }


def test_vault_off_and_a_new_passphrase(data, tmp_path, capsys, monkeypatch):
    before = pixels(data)
    turned_on(data, tmp_path)
    right = secret_file(tmp_path, PASSPHRASE)
    new = secret_file(tmp_path, "a brand new phrase", "new.txt")
    wrong = secret_file(tmp_path, "not it at all", "wrong.txt")
    changing = ["photos", "vault", "passphrase", "--data-dir", str(data)]
    in_profile(data)
    record = photo_vault.record()
    close_database()
    assert (
        main([*changing, "--passphrase-file", str(wrong), "--new-passphrase-file", str(new)]) == 2
    )
    assert "does not open" in capsys.readouterr().err
    in_profile(data)
    assert photo_vault.record() == record
    close_database()
    assert (
        main([*changing, "--passphrase-file", str(right), "--new-passphrase-file", str(right)]) == 2
    )
    assert "the same as the current one" in capsys.readouterr().err
    files = files_of(data)
    assert (
        main([*changing, "--passphrase-file", str(right), "--new-passphrase-file", str(new)]) == 0
    )
    assert "passphrase is changed" in capsys.readouterr().out
    assert files_of(data) == files  # no photo rewritten

    off = ["photos", "vault", "off", "--data-dir", str(data)]
    assert main([*off, "--passphrase-file", str(right)]) == 2  # the old one no longer opens it
    assert files_of(data) == files
    Terminal(monkeypatch, "a brand new phrase")
    assert main(off) == 0
    out = capsys.readouterr()
    assert "The photo vault is off: 6 files decrypted." in out.out
    assert "Decrypting files: 6 of 6" in out.err
    assert not any(vault_crypto.is_sealed(b) for b in files_of(data).values())
    assert pixels(data) == before
    assert main(off) == 2
    assert "already off" in capsys.readouterr().err


def test_vault_on_twice_or_during_a_pass_is_refused(data, tmp_path, capsys):
    turned_on(data, tmp_path)
    right = secret_file(tmp_path, PASSPHRASE)
    on = ["photos", "vault", "on", "--passphrase-file", str(right), "--data-dir", str(data)]
    assert main(on) == 2
    assert "already on" in capsys.readouterr().err
    in_profile(data)
    try:
        set_setting(photo_vault.SETTING, {**photo_vault.record().to_json(), "state": "turning_off"})
    finally:
        close_database()
    assert main(on) == 2
    assert "`backtracker photos vault finish`" in capsys.readouterr().err


def test_a_read_only_command_leaves_a_pending_pass_to_the_app_that_holds_the_profile(
    data, tmp_path, capsys
):
    from backtracker.storage.lock import ProfileLock

    in_profile(data)
    try:

        def stop(done: int, _total: int) -> None:
            if done == 3:
                raise StopError

        with pytest.raises(StopError):
            photo_vault.turn_on(PASSPHRASE, progress=stop)
    finally:
        close_database()
        photo_vault.lock()
    files = files_of(data)
    right = secret_file(tmp_path, PASSPHRASE)
    out = tmp_path / "out.webp"
    with ProfileLock.acquire(data, purpose="window"):  # as the app holds it
        code = main(
            [
                "photos",
                "timelapse",
                str(out),
                "--passphrase-file",
                str(right),
                "--data-dir",
                str(data),
            ]
        )
    assert code == 0
    assert "BackTracker has this profile open, so it finishes there" in capsys.readouterr().err
    assert files_of(data) == files  # read in both forms, nothing rewritten
    with Image.open(out) as animation:
        assert animation.n_frames == 3
    assert (
        main(
            [
                "photos",
                "timelapse",
                str(out),
                "--force",
                "--passphrase-file",
                str(right),
                "--data-dir",
                str(data),
            ]
        )
        == 0
    )
    assert "finishing it now" in capsys.readouterr().err
    assert all(vault_crypto.is_sealed(b) for b in files_of(data).values())


def test_typed_passphrases_are_not_echoed_on_a_real_terminal(data, tmp_path):
    """`photos vault passphrase` under a pseudo-terminal: the prompts appear, what is typed
    does not."""
    turned_on(data, tmp_path)
    new = "typed but never shown"
    argv = ["-m", "backtracker", "photos", "vault", "passphrase", "--data-dir", str(data)]
    code, shown = run_in_terminal(argv, [PASSPHRASE, new, new])
    assert code == 0, shown
    assert "Current passphrase: " in shown and "The same passphrase again: " in shown
    assert "passphrase is changed" in shown
    assert PASSPHRASE not in shown and new not in shown
    in_profile(data)
    try:
        photo_vault.unlock(new)
        assert photo_vault.state() is VaultState.ON
    finally:
        close_database()
        photo_vault.lock()


def test_no_terminal_in_a_real_subprocess_is_a_clear_error(data, tmp_path):
    turned_on(data, tmp_path)
    extra = camera_photo(tmp_path / "extra.jpg", seed=44)
    files = files_of(data)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "backtracker",
            "photos",
            "import",
            str(extra),
            "--data-dir",
            str(data),
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert done.returncode == 2
    assert "no terminal to ask on. Give it with --passphrase-file FILE" in done.stderr
    assert files_of(data) == files


def run_in_terminal(argv: list[str], answers: list[str], timeout: float = 60) -> tuple[int, str]:
    """Run Python with `argv` on a new pseudo-terminal, typing each answer when a prompt
    (a line ending in ':') waits; the exit code and everything the terminal showed."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal is its controlling terminal, as in a shell
        os.execve(
            sys.executable, [sys.executable, *argv], {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        )
    shown = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                shown += chunk
            elif answers and shown.rstrip().endswith(b":"):
                os.write(fd, answers.pop(0).encode() + b"\n")
                shown += b"\n"  # what we typed is not in `shown` unless the terminal echoed it
    finally:
        os.close(fd)
    _, status_code = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status_code), shown.decode(errors="replace")


def test_backup_and_restore_commands_carry_the_vault(data, tmp_path, capsys):
    before = pixels(data)
    turned_on(data, tmp_path)
    archive = tmp_path / "vault.zip"
    assert main(["backup", str(archive), "--data-dir", str(data)]) == 0
    other = tmp_path / "restored"
    capsys.readouterr()
    assert main(["restore", str(archive), "--data-dir", str(other)]) == 0
    out = capsys.readouterr().out
    assert "Its photos are in a photo vault: they open with the passphrase the vault had" in out
    assert status(other, capsys)["sealed_files"] == 3  # the photos; thumbnails come on demand
    assert pixels(other) == before
    plain = tmp_path / "plain-restored"
    assert main(["restore", str(archive), "--data-dir", str(plain)]) == 0
    right = secret_file(tmp_path, PASSPHRASE)
    assert (
        main(["photos", "vault", "off", "--passphrase-file", str(right), "--data-dir", str(plain)])
        == 0
    )
    plain_archive = tmp_path / "plain.zip"
    assert main(["backup", str(plain_archive), "--data-dir", str(plain)]) == 0
    capsys.readouterr()
    assert main(["restore", str(plain_archive), "--data-dir", str(other)]) == 0
    assert "photo vault" not in capsys.readouterr().out
    assert status(other, capsys)["state"] == "off"
    assert pixels(other) == before


def test_ctrl_c_during_vault_on_leaves_a_pass_to_finish(data, tmp_path, capsys, monkeypatch):
    before = pixels(data)
    shown = cli_passphrase.Progress.__call__

    def interrupted(self, done: int, total: int) -> None:
        shown(self, done, total)
        if done == 4:
            raise KeyboardInterrupt

    monkeypatch.setattr(cli_passphrase.Progress, "__call__", interrupted)
    secret = secret_file(tmp_path, PASSPHRASE)
    on = ["photos", "vault", "on", "--passphrase-file", str(secret), "--data-dir", str(data)]
    assert main(on) == 130
    assert "Stopped. Every photo is still readable" in capsys.readouterr().err
    found = status(data, capsys)
    assert (found["state"], found["sealed_files"], found["plain_files"]) == ("turning_on", 4, 2)
    monkeypatch.setattr(cli_passphrase.Progress, "__call__", shown)
    assert main(["photos", "vault", "finish", *on[3:]]) == 0
    assert "Finished turning the photo vault on: 2 more files encrypted." in capsys.readouterr().out
    assert pixels(data) == before
