"""One profile, one writer: a second window switches to the first; writing commands wait or
refuse; the lock goes away with its process, however that ends. Real processes throughout."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from backtracker.storage.database import close_database, open_database
from backtracker.storage.lock import LOCK_NAME, ProfileLock, read_holder
from tests.services.test_importers_files import strong_android

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX signals")

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
HOLDER = """
import sys, time
from pathlib import Path
from backtracker.storage.lock import ProfileLock
lock = ProfileLock.acquire(Path(sys.argv[1]), purpose=sys.argv[3])
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def backtracker(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backtracker", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=ENV,
        check=False,
    )


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def hold(data: Path, seconds: float, purpose: str = "window") -> subprocess.Popen[str]:
    """A process that takes the profile lock, says so, and keeps it for `seconds`."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data), str(seconds), purpose],
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "held"
    return process


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A profile with its database made (catalogue-less), closed again."""
    folder = tmp_path / "profile"
    folder.mkdir(mode=0o700)
    open_database(folder / "backtracker.sqlite3")
    close_database()
    return folder


@pytest.fixture
def holder(data: Path) -> Iterator[subprocess.Popen[str]]:
    process = hold(data, 120)
    yield process
    process.kill()
    process.wait(timeout=30)


def state(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file in the folder (lock file aside): its hash and modification time."""
    return {
        str(path.relative_to(folder)): (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != LOCK_NAME
    }


def workouts(folder: Path) -> int:
    with closing(sqlite3.connect(folder / "backtracker.sqlite3")) as conn:
        return conn.execute("SELECT count(*) FROM workout").fetchone()[0]


# --- a second window --------------------------------------------------------------------------


def test_a_second_window_on_the_same_profile_brings_the_first_forward(tmp_path):
    folder = tmp_path / "profile"
    log = folder / "backtracker.log"
    first = subprocess.Popen(
        [sys.executable, "-m", "backtracker", "--data-dir", str(folder)],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        listening = wait_for(
            lambda: log.exists() and "Listening for other starts" in log.read_text(), 60
        )
        assert listening, first.stderr.read() if first.poll() is not None else "timed out"
        before = state(folder)

        started = time.monotonic()
        second = backtracker("--data-dir", str(folder), timeout=60)
        took = time.monotonic() - started

        assert second.returncode == 0, second.stderr
        assert (
            second.stdout.strip() == "BackTracker is already open on this profile; switched to it."
        )
        assert took < 15
        assert wait_for(lambda: "brought the window forward" in log.read_text(), 10)
        assert log.read_text().count("Main window shown") == 1
        assert state(folder) | {"backtracker.log": None} == before | {"backtracker.log": None}
        assert first.poll() is None  # the first one is still there
    finally:
        first.send_signal(signal.SIGTERM)
        _, stderr = first.communicate(timeout=30)
    assert first.returncode == 0, stderr
    assert not (folder / LOCK_NAME).exists()  # released on the way out


@pytest.mark.parametrize(
    ("purpose", "expected"),
    [
        ("import", "Another BackTracker command (import, pid {pid}) is using this profile in "
         "{data}. Wait for it to finish, then try again."),
        ("window", "BackTracker is open on this profile (pid {pid}) in {data}. Close it first, "
         "then try again."),
    ],
    ids=["a-command-has-it", "a-window-that-does-not-answer"],
)  # fmt: skip
def test_a_second_window_explains_when_it_cannot_switch(data, purpose, expected):
    holder = hold(data, 120, purpose=purpose)
    try:
        before = state(data)
        second = backtracker("--data-dir", str(data), timeout=60)
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert second.returncode == 4
    assert expected.format(pid=holder.pid, data=data) in second.stderr
    assert "Traceback" not in second.stderr
    assert state(data) == before


def test_demo_windows_never_share_a_profile(tmp_path):
    """Two demo sessions at once each get a folder of their own, so neither is refused."""
    env_tmp = tmp_path / "tmp"
    env_tmp.mkdir()
    env = {**ENV, "TMPDIR": str(env_tmp)}
    command = [sys.executable, "-m", "backtracker", "--demo"]
    sessions = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    try:

        def both_up() -> bool:
            logs = [d / "backtracker.log" for d in env_tmp.glob("backtracker-demo-*")]
            up = [p for p in logs if p.exists() and "Listening for other" in p.read_text()]
            return len(up) == 2

        assert wait_for(both_up, 120)
        assert [s.poll() for s in sessions] == [None, None]
    finally:
        for session in sessions:
            session.send_signal(signal.SIGTERM)
            session.communicate(timeout=30)
    assert [s.returncode for s in sessions] == [0, 0]


# --- writing commands ---------------------------------------------------------------------


def test_import_refuses_at_once_while_the_profile_is_open(data, holder, tmp_path):
    csv = strong_android(tmp_path / "strong.csv")
    before = state(data)

    result = backtracker("import", str(csv), "--data-dir", str(data))

    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"BackTracker: BackTracker is open on this profile (pid {holder.pid}). "
        "Close it first, or pass --wait to wait for it."
    )
    assert result.stdout == ""
    assert state(data) == before
    assert workouts(data) == 0


def test_every_writing_command_refuses_and_reads_still_work(data, holder, tmp_path):
    archive = tmp_path / "backup.zip"
    made = backtracker("backup", str(archive), "--data-dir", str(data))
    assert made.returncode == 0, made.stderr  # a consistent snapshot: fine while open
    exported = backtracker("export", str(tmp_path / "sets.csv"), "--data-dir", str(data))
    assert exported.returncode == 0, exported.stderr
    listed = backtracker("photos", "list", "--data-dir", str(data))
    assert listed.returncode == 0, listed.stderr
    dry = backtracker("import", str(strong_android(tmp_path / "s.csv")), "--dry-run",
                      "--data-dir", str(data))  # fmt: skip
    assert dry.returncode == 0, dry.stderr
    before = state(data)

    photo = tmp_path / "back.png"
    photo.write_bytes(b"not really a photo")
    for args in (
        ("restore", str(archive)),
        ("photos", "import", str(photo)),
        ("demo", "--weeks", "1"),
    ):
        result = backtracker(*args, "--data-dir", str(data))
        assert result.returncode == 2, args
        assert f"BackTracker is open on this profile (pid {holder.pid})" in result.stderr, args
        assert "Traceback" not in result.stderr
        assert state(data) == before, args


def test_wait_gets_through_once_the_app_closes(data, tmp_path):
    csv = strong_android(tmp_path / "strong.csv")
    holder = hold(data, 1)
    started = time.monotonic()

    result = backtracker("import", str(csv), "--wait", "5", "--data-dir", str(data))

    took = time.monotonic() - started
    holder.wait(timeout=30)
    assert result.returncode == 0, result.stderr
    assert "Workouts: 1 imported" in result.stdout
    assert workouts(data) == 1
    assert took >= 0.5  # it really waited for the holder


def test_wait_gives_up_with_a_clear_message(data, holder, tmp_path):
    csv = strong_android(tmp_path / "strong.csv")
    started = time.monotonic()

    result = backtracker("import", str(csv), "--data-dir", str(data), "--wait", "1")

    assert time.monotonic() - started >= 1
    assert result.returncode == 2
    assert (
        f"BackTracker is open on this profile (pid {holder.pid}), still after waiting 1 "
        "second. Close it first, then try again."
    ) in result.stderr
    assert workouts(data) == 0


def test_wait_needs_a_number_of_seconds(data, tmp_path):
    result = backtracker("import", "x.csv", "--data-dir", str(data), "--wait", "soon")
    assert result.returncode == 2
    assert "give the number of seconds to wait" in result.stderr


# --- the lock dies with its process -------------------------------------------------------


def test_a_killed_holder_leaves_no_lock(data):
    holder = hold(data, 120)
    with pytest.raises(Exception, match="is open on this profile"):
        ProfileLock.acquire(data)

    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)

    assert read_holder(data / LOCK_NAME)[0] == holder.pid  # its file is still there...
    with ProfileLock.acquire(data) as mine:  # ...and locks nobody out
        assert mine.held


# --- the window's side, in this process -----------------------------------------------------


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_listening_window_comes_forward_and_answers(qtbot, tmp_path):
    from PySide6.QtNetwork import QLocalSocket
    from PySide6.QtWidgets import QWidget

    from backtracker.ui import single_instance

    window = QWidget()
    qtbot.addWidget(window)
    window.showMinimized()
    server = single_instance.listen(window, tmp_path)
    assert server is not None and server.isListening()

    client = QLocalSocket()
    replies: list[bytes] = []
    client.readyRead.connect(lambda: replies.append(bytes(client.readAll().data())))
    client.connectToServer(single_instance.server_name(tmp_path))
    client.write(single_instance.REQUEST)
    qtbot.waitUntil(lambda: b"".join(replies) == single_instance.REPLY, timeout=5000)

    assert window.isVisible()
    assert not window.isMinimized()
    client.abort()


def test_server_names_differ_per_profile_and_stay_put(tmp_path):
    from backtracker.ui.single_instance import server_name

    a, b = tmp_path / "a", tmp_path / "b"
    assert server_name(a) == server_name(a / ".." / "a")
    assert server_name(a) != server_name(b)
    assert len(server_name(a)) < 60  # a Unix socket path has a small limit
