"""Filling a profile with demo data: a year of training written in one transaction.

`backtracker demo` and the tests' demo fixtures call `services.demo.fill_demo_profile`. This
times it on a fresh profile (catalogue and built-in routines seeded, like a new user's) for
`--weeks` weeks. The baseline is the least the same database needs for the same data: the
rows the demo wrote, read back and inserted again through raw sqlite3 (`executemany`, one
transaction, the app's pragmas) into another fresh profile. Runs alternate between the two;
medians are printed. (This timing used to be an assertion in tests/services/test_demo.py;
timings live here, the test keeps the behaviour.)

    python benchmarks/demo_fill.py [--runs N] [--weeks N]

Output: `demo-fill-52w: 120.0 ms (ratio 2.10 x raw-sqlite3-insert-same-rows)`
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `backtracker` importable from the tree
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = dt.date(2025, 3, 12)  # a fixed Wednesday: every run writes the same rows
TABLES = ("workout", "workout_exercise", "set_entry", "body_metric")


def fresh_profile(folder: Path) -> Path:
    """A new profile with the catalogue and routines seeded; returns its database file."""
    from backtracker.storage.database import close_database, open_database
    from backtracker.storage.profile import prepare_profile
    from backtracker.storage.routines import seed_builtin_routines
    from backtracker.storage.seeding import seed_catalogue

    profile = prepare_profile(folder)
    open_database(profile.database_path)
    try:
        seed_catalogue()
        seed_builtin_routines()
    finally:
        close_database()
    return profile.database_path


def time_demo(folder: Path, weeks: int) -> tuple[float, dict[str, list[tuple]]]:
    """Seconds `fill_demo_profile` takes, and the rows it wrote (by table)."""
    from backtracker.services.demo import fill_demo_profile
    from backtracker.storage.database import close_database, open_database

    database = fresh_profile(folder)
    open_database(database)
    try:
        started = time.perf_counter()
        fill_demo_profile(today=TODAY, weeks=weeks)
        elapsed = time.perf_counter() - started
    finally:
        close_database()
    with sqlite3.connect(database) as connection:
        rows = {table: connection.execute(f"SELECT * FROM {table}").fetchall() for table in TABLES}
    return elapsed, rows


def time_raw(folder: Path, rows: dict[str, list[tuple]]) -> float:
    """Seconds raw sqlite3 takes to insert the same rows into a fresh profile."""
    from backtracker.storage.database import PRAGMAS

    database = fresh_profile(folder)
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        for name, value in PRAGMAS.items():
            connection.execute(f"PRAGMA {name} = {value}")
        started = time.perf_counter()
        connection.execute("BEGIN")
        for table in TABLES:
            if rows[table]:
                marks = ", ".join("?" * len(rows[table][0]))
                connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])
        connection.execute("COMMIT")
        elapsed = time.perf_counter() - started
    finally:
        connection.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--weeks", type=int, default=52)
    args = parser.parse_args()

    demo_times: list[float] = []
    raw_times: list[float] = []
    with tempfile.TemporaryDirectory(prefix="backtracker-bench-") as tmp:
        for run in range(args.runs):
            elapsed, rows = time_demo(Path(tmp) / f"demo-{run}", args.weeks)
            demo_times.append(elapsed)
            raw_times.append(time_raw(Path(tmp) / f"raw-{run}", rows))
    demo_ms = statistics.median(demo_times) * 1000
    raw_ms = statistics.median(raw_times) * 1000
    sets = len(rows["set_entry"])
    print(
        f"demo-fill-{args.weeks}w: {demo_ms:.1f} ms "
        f"(ratio {demo_ms / raw_ms:.2f} x raw-sqlite3-insert-same-rows; {sets} sets)"
    )
    print(f"raw-sqlite3-insert-same-rows: {raw_ms:.1f} ms")


if __name__ == "__main__":
    main()
