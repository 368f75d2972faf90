"""Start the real app as a person would, see it come up, and stop it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGTERM")


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def start(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "backtracker", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_app_comes_up_on_a_new_data_dir_and_stops_cleanly(tmp_path: Path):
    data = tmp_path / "profile"
    process = start("--data-dir", str(data))
    log = data / "backtracker.log"
    try:
        came_up = _wait_for(
            lambda: log.exists() and "Main window shown" in log.read_text(), timeout=60
        )
        assert came_up, process.stderr.read() if process.poll() is not None else "timed out"
        assert process.poll() is None
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr

    with sqlite3.connect(data / "backtracker.sqlite3") as conn:
        count = conn.execute("SELECT count(*) FROM exercise").fetchone()[0]
        assert count >= 40
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    # The window remembered its geometry on the way out.
    assert "geometry" in (data / "window-state.ini").read_text()


def test_demo_profile_is_temporary(tmp_path: Path):
    env_tmp = tmp_path / "tmp"
    env_tmp.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(env_tmp)}
    process = subprocess.Popen(
        [sys.executable, "-m", "backtracker", "--demo"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert _wait_for(
            lambda: any(
                (d / "backtracker.log").exists()
                and "Main window shown" in (d / "backtracker.log").read_text()
                for d in env_tmp.glob("backtracker-demo-*")
            ),
            timeout=60,
        )
        logs = [(d / "backtracker.log").read_text() for d in env_tmp.glob("backtracker-demo-*")]
        assert any("Demo profile filled" in text for text in logs)
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    assert process.returncode == 0
    assert not list(env_tmp.glob("backtracker-demo-*"))
