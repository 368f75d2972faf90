"""The back coach's week report on a long history: `services.coach.week_report`.

Fills a fresh profile with `--weeks` of demo training (520: ten years), then times one
week's report (the week holding the demo's last day) against a baseline taken in the same
run: the same SQL statements the report runs, executed through raw sqlite3 on the same file
(so the ratio is what Peewee, the rules and the Python around them add). Also counts the
queries. Medians are printed.

    python benchmarks/coach_report.py [--runs N] [--weeks N]

Output: `coach-report-520w: 17.0 ms, 5 queries (ratio 1.10 x raw-sqlite3-same-queries; …)`
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


def main() -> None:
    from backtracker.domain import clock
    from backtracker.services import coach
    from backtracker.services.demo import fill_demo_profile
    from backtracker.storage.database import close_database, open_database
    from backtracker.storage.models import db
    from backtracker.storage.profile import prepare_profile
    from backtracker.storage.routines import seed_builtin_routines
    from backtracker.storage.seeding import seed_catalogue

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--weeks", type=int, default=520)
    args = parser.parse_args()

    clock.pin(dt.datetime.combine(TODAY, dt.time(20)))
    with tempfile.TemporaryDirectory(prefix="backtracker-bench-") as tmp:
        profile = prepare_profile(Path(tmp) / "profile")
        open_database(profile.database_path)
        seed_catalogue()
        seed_builtin_routines()
        fill_demo_profile(today=TODAY, weeks=args.weeks)
        sets = db.execute_sql("SELECT COUNT(*) FROM set_entry").fetchone()[0]

        statements: list[tuple[str, object]] = []
        execute = db.execute_sql

        def recording(sql: str, params: object = (), *rest: object, **options: object):
            statements.append((sql, params))
            return execute(sql, params, *rest, **options)

        db.execute_sql = recording  # type: ignore[method-assign]
        coach.week_report()
        db.execute_sql = execute  # type: ignore[method-assign]
        queries = len(statements)

        connection = sqlite3.connect(profile.database_path)
        report_times: list[float] = []
        raw_times: list[float] = []
        for _ in range(args.runs):
            started = time.perf_counter()
            coach.week_report()
            report_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            for sql, params in statements:
                connection.execute(sql, params or ()).fetchall()
            raw_times.append(time.perf_counter() - started)
        connection.close()
        close_database()
    report_ms = statistics.median(report_times) * 1000
    raw_ms = statistics.median(raw_times) * 1000
    print(
        f"coach-report-{args.weeks}w: {report_ms:.1f} ms, {queries} queries "
        f"(ratio {report_ms / raw_ms:.2f} x raw-sqlite3-same-queries; {sets} sets)"
    )
    print(f"raw-sqlite3-same-queries: {raw_ms:.1f} ms")


if __name__ == "__main__":
    main()
