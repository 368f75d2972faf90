"""The per-profile lock: one holder at a time, waiting, messages, and files left behind."""

from __future__ import annotations

import os
import stat
import sys
import threading
import time

import pytest

from backtracker.domain.errors import UserError
from backtracker.storage import lock as lock_module
from backtracker.storage.lock import LOCK_NAME, ProfileInUseError, ProfileLock, read_holder

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX flock semantics")


def test_the_lock_file_is_private_and_names_its_holder(tmp_path):
    with ProfileLock.acquire(tmp_path, purpose="import") as held:
        path = tmp_path / LOCK_NAME
        assert held.held
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert read_holder(path) == (os.getpid(), "import")
    assert not held.held
    assert not path.exists()  # a clean release leaves the folder as it was


def test_a_second_holder_is_refused_with_who_holds_it(tmp_path):
    with ProfileLock.acquire(tmp_path), pytest.raises(ProfileInUseError) as caught:
        ProfileLock.acquire(tmp_path)
    error = caught.value
    assert isinstance(error, UserError)
    assert (error.pid, error.purpose, error.data_dir) == (os.getpid(), "window", tmp_path)
    assert str(error) == (
        f"BackTracker is open on this profile (pid {os.getpid()}) in {tmp_path}. "
        "Close it first, then try again."
    )


def test_a_command_holding_it_is_named(tmp_path):
    refused = pytest.raises(ProfileInUseError, match=r"Another BackTracker command \(restore, pid")
    with ProfileLock.acquire(tmp_path, purpose="restore"), refused:
        ProfileLock.acquire(tmp_path)


def test_after_release_it_can_be_taken_again(tmp_path):
    first = ProfileLock.acquire(tmp_path)
    first.release()
    first.release()  # idempotent
    with ProfileLock.acquire(tmp_path) as second:
        assert second.held


def test_waiting_gets_the_lock_once_the_holder_lets_go(tmp_path):
    holder = ProfileLock.acquire(tmp_path)
    releaser = threading.Timer(0.4, holder.release)
    releaser.start()
    started = time.monotonic()
    try:
        with ProfileLock.acquire(tmp_path, wait=5) as mine:
            waited = time.monotonic() - started
            assert mine.held
            assert read_holder(tmp_path / LOCK_NAME)[0] == os.getpid()
    finally:
        releaser.join()
    assert 0.3 < waited < 3


def test_waiting_gives_up_after_the_time_given(tmp_path):
    with ProfileLock.acquire(tmp_path):
        started = time.monotonic()
        with pytest.raises(ProfileInUseError):
            ProfileLock.acquire(tmp_path, wait=0.5)
        assert 0.45 < time.monotonic() - started < 3


def test_a_lock_file_left_by_a_dead_process_does_not_lock_anyone_out(tmp_path):
    (tmp_path / LOCK_NAME).write_text("999999\nwindow\n")
    with ProfileLock.acquire(tmp_path) as held:
        assert held.held
        assert read_holder(tmp_path / LOCK_NAME) == (os.getpid(), "window")


def test_locking_a_file_that_was_just_removed_tries_again(tmp_path, monkeypatch):
    """The releaser removes the file while locked: a file locked after that is not the lock."""
    orphan = tmp_path / "orphan"
    real_open = lock_module._open
    opened = []

    def open_orphan_first(path, data_dir):
        if not opened:
            opened.append(orphan)
            fd = os.open(orphan, os.O_RDWR | os.O_CREAT, 0o600)
            orphan.unlink()
            return fd
        opened.append(path)
        return real_open(path, data_dir)

    monkeypatch.setattr(lock_module, "_open", open_orphan_first)
    with ProfileLock.acquire(tmp_path) as held:
        assert opened == [orphan, tmp_path / LOCK_NAME]
        monkeypatch.setattr(lock_module, "_open", real_open)
        with pytest.raises(ProfileInUseError):
            ProfileLock.acquire(tmp_path)
        assert held.held


def test_a_folder_that_cannot_hold_the_lock_is_explained(tmp_path):
    missing = tmp_path / "not-there"
    with pytest.raises(UserError, match="cannot lock the data folder") as caught:
        ProfileLock.acquire(missing)
    assert not isinstance(caught.value, ProfileInUseError)
    assert not missing.exists()
