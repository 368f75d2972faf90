"""Shared parts of the crash tests: child processes to kill, and what must hold afterwards."""

from __future__ import annotations

import datetime as dt
import os
import queue
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

DRIVERS = Path(__file__).parent / "drivers"
DATABASE_NAME = "backtracker.sqlite3"


class Child:
    """A child Python process whose stdout lines are read on a thread, so waiting for a
    line never blocks past its deadline."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={
                **os.environ,
                "QT_QPA_PLATFORM": "offscreen",
                "PYTHONUNBUFFERED": "1",
                **(env or {}),
            },
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for_line(self, wanted: Callable[[str], bool], timeout: float = 60) -> str:
        """The first new stdout line for which `wanted` is true; fails if the child ends."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out; lines so far: {self.seen[-5:]}")
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise AssertionError(f"the child ended first: {self.stderr_text()}")
            self.seen.append(line)
            if wanted(line):
                return line

    def wait_until(self, condition: Callable[[], bool], timeout: float = 60) -> None:
        """Poll `condition` (every 2 ms) while the child runs."""
        deadline = time.monotonic() + timeout
        while not condition():
            if self.process.poll() is not None:
                raise AssertionError(f"the child ended first: {self.stderr_text()}")
            if time.monotonic() > deadline:
                raise AssertionError("timed out")
            time.sleep(0.002)

    def kill(self) -> None:
        """SIGKILL: no handler, no clean-up, no flushing; as a power cut is to the process."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        assert self.process.returncode == -signal.SIGKILL
        self.drain()

    def drain(self) -> None:
        """Whatever the child printed before it ended."""
        while True:
            try:
                line = self.lines.get(timeout=5)
            except queue.Empty:
                return
            if line is None:
                return
            self.seen.append(line)

    def finish(self, timeout: float = 120) -> int:
        code = self.process.wait(timeout=timeout)
        self.drain()
        return code

    def stderr_text(self) -> str:
        self.process.wait(timeout=30)
        assert self.process.stderr is not None
        return self.process.stderr.read()


def run_driver(name: str, *args: str | Path) -> Child:
    return Child(str(DRIVERS / name), *map(str, args))


def run_cli(*args: str | Path) -> Child:
    return Child("-m", "backtracker", *map(str, args))


def make_template_profile(folder: Path) -> Path:
    """A profile with the catalogue and routines seeded, its database closed (no WAL left)."""
    child = run_driver("prepare_profile.py", folder)
    assert child.finish() == 0, child.stderr_text()
    assert not (folder / f"{DATABASE_NAME}-wal").exists()
    return folder


def copy_profile(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target


def check_database(data_dir: Path) -> sqlite3.Connection:
    """Open the database as the app would after the crash (SQLite recovers from the WAL),
    check it, and hand back the connection for counts (the caller closes it)."""
    conn = sqlite3.connect(data_dir / DATABASE_NAME)
    conn.execute("PRAGMA foreign_keys = ON")
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    return conn


def count(conn: sqlite3.Connection, table: str, where: str = "") -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table} {where}").fetchone()[0])


def database_dump_digest(data_dir: Path) -> tuple[int, int]:
    """A fingerprint of the database's content (not its bytes): the length and hash of a
    full SQL dump."""
    with closing(sqlite3.connect(data_dir / DATABASE_NAME)) as conn:
        dump = "\n".join(conn.iterdump())
    return len(dump), hash(dump)


# --- a Strong export (iOS layout), as in benchmarks/import_strong.py -------------------------

STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE"
)
STRONG_EXERCISES = (
    ("Bent Over Row (Dumbbell)", 20.0),
    ("Lat Pulldown (Cable)", 50.0),
    ("Face Pull (Cable)", 15.0),
    ("Deadlift (Barbell)", 100.0),
    ("Seated Row (Cable)", 45.0),
    ("Pull Up", 0.0),
    ("Reverse Snow Angel (Floor)", 0.0),  # no catalogue match: becomes a custom exercise
)


def write_strong_file(path: Path, rows: int, seed: int = 3) -> None:
    """About 25 sets a workout, warm-ups and RPE on some; one custom exercise."""
    rng = random.Random(seed)
    start = dt.datetime(2016, 1, 4, 18, 0)
    lines = [STRONG_HEADER]
    while len(lines) - 1 < rows:
        head = f"{start:%Y-%m-%d %H:%M:%S},Pull Day,{rng.randint(40, 90)}m"
        for name, base in rng.sample(STRONG_EXERCISES, 5):
            weight = base + 2.5 * rng.randint(0, 8)
            lines.append(f"{head},{name},W,{weight / 2:g},12,0,0,,,")
            for number in range(1, 5):
                rpe = f"{rng.choice((7, 8, 9))}" if rng.random() < 0.3 else ""
                lines.append(f"{head},{name},{number},{weight:g},{rng.randint(5, 12)},0,0,,,{rpe}")
        start += dt.timedelta(days=rng.choice((1, 2, 3)))
    path.write_text("\n".join(lines[: rows + 1]) + "\n", encoding="utf-8")
