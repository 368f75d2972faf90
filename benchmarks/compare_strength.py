"""Compare mode's strength change on a long history: `services.photos.strength_change`.

Fills a fresh profile with `--weeks` of demo training (520: ten years), then times the
strength line for pairs of photo dates spread over the history: the one query over the two
28-day windows that compare mode runs now (off the GUI thread), and the per-exercise path it
replaced (every exercise with history, one query each, until three have an estimate on both
sides). Baselines, in the same run: a bare `SELECT count(*) FROM set_entry` through the same
connection, and the new query's own SQL through raw sqlite3 on the same file (what Peewee and
the formatting add). Medians over runs and pairs; both paths must give the same lines.

    python benchmarks/compare_strength.py [--runs N] [--weeks N]

Output:
    compare-strength-520w: 4.0 ms, 1 query (ratio 40.0 x count-set-entry; 1.02 x raw-sqlite3)
    compare-strength-per-exercise-520w: 150.0 ms, 31 queries (ratio 48.0 x count-set-entry)
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `backtracker` importable from the tree
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = dt.date(2025, 3, 12)  # a fixed Wednesday: every run writes the same rows
DAYS_BEFORE = (0, 40, 200, 700, 1500, 3000)  # photo dates, as days before the last one


def per_exercise_lines(first: dt.date, last: dt.date, *, formula: str, unit: str) -> list[str]:
    """The strength line as compare mode worked it out before (one query per exercise)."""
    from backtracker.domain.photos import percent_change_text
    from backtracker.domain.strength import Formula
    from backtracker.domain.units import Unit, format_number, from_kg
    from backtracker.services.photos import MAIN_LIFTS, STRENGTH_WINDOW_DAYS
    from backtracker.storage import progress

    first, last = min(first, last), max(first, last)
    window = dt.timedelta(days=STRENGTH_WINDOW_DAYS - 1)
    unit_, formula_ = Unit(unit), Formula(formula)
    lines: list[str] = []
    for exercise_id, name, _ in progress.exercises_with_history():
        days = progress.exercise_days(exercise_id, formula=formula_, since=first - window)
        before, after = (
            max(
                (d.best_e1rm_kg for d in days if end - window <= d.day <= end and d.best_e1rm_kg),
                default=None,
            )
            for end in (first, last)
        )
        if before is None or after is None:
            continue
        shown = [format_number(from_kg(kg, unit_), 1) for kg in (before, after)]
        change = percent_change_text(before, after)
        lines.append(f"{name} e1RM {shown[0]} → {shown[1]} {unit_.value} ({change})")
        if len(lines) == MAIN_LIFTS:
            break
    return lines


def main() -> None:
    from backtracker.domain import clock
    from backtracker.services import photos
    from backtracker.services.demo import fill_demo_profile
    from backtracker.storage.database import close_database, open_database
    from backtracker.storage.models import db
    from backtracker.storage.profile import prepare_profile
    from backtracker.storage.routines import seed_builtin_routines
    from backtracker.storage.seeding import seed_catalogue

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
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
        ends = [TODAY - dt.timedelta(days=days) for days in DAYS_BEFORE]
        pairs = [(first, last) for i, last in enumerate(ends) for first in ends[i + 1 :]]

        def new(first: dt.date, last: dt.date) -> list[str]:
            return photos.strength_change(first, last, formula="epley", unit="kg")

        def old(first: dt.date, last: dt.date) -> list[str]:
            return per_exercise_lines(first, last, formula="epley", unit="kg")

        def count_sets(_first: dt.date, _last: dt.date) -> object:
            return db.execute_sql("SELECT count(*) FROM set_entry").fetchone()

        shown = 0
        for first, last in pairs:
            lines = new(first, last)
            assert lines == old(first, last), (first, last, lines)
            shown += bool(lines)
        queries = {
            name: count_queries(db, fn, pairs[0]) for name, fn in (("new", new), ("old", old))
        }

        statements = {pair: recorded(db, new, pair) for pair in pairs}
        connection = sqlite3.connect(profile.database_path)

        def raw(first: dt.date, last: dt.date) -> object:
            sql, params = statements[(first, last)]
            return connection.execute(sql, params).fetchall()

        timings: dict[str, list[float]] = {"new": [], "old": [], "base": [], "raw": []}
        for _ in range(args.runs):
            for first, last in pairs:
                for name, fn in (("base", count_sets), ("raw", raw), ("new", new), ("old", old)):
                    started = time.perf_counter()
                    fn(first, last)
                    timings[name].append(time.perf_counter() - started)
        connection.close()
        close_database()

    new_ms, old_ms, base_ms, raw_ms = (
        statistics.median(timings[name]) * 1000 for name in ("new", "old", "base", "raw")
    )
    spread = {name: (min(times) * 1000, max(times) * 1000) for name, times in timings.items()}
    print(
        f"# {args.weeks} weeks of demo training ({sets:,} sets); {len(pairs)} pairs of photo "
        f"dates from {ends[-1]} to {ends[0]} ({shown} with a strength line; both paths give "
        f"the same lines), {args.runs} runs each; medians, range in brackets"
    )
    print(
        f"compare-strength-{args.weeks}w: {new_ms:.1f} ms, {queries['new']} query "
        f"(ratio {new_ms / base_ms:.2f} x count-set-entry; {new_ms / raw_ms:.2f} x "
        f"raw-sqlite3) [{spread['new'][0]:.1f}–{spread['new'][1]:.1f}]"
    )
    print(
        f"compare-strength-per-exercise-{args.weeks}w: {old_ms:.1f} ms, {queries['old']} "
        f"queries (ratio {old_ms / base_ms:.2f} x count-set-entry) "
        f"[{spread['old'][0]:.1f}–{spread['old'][1]:.1f}]"
    )
    print(f"count-set-entry: {base_ms:.1f} ms [{spread['base'][0]:.1f}–{spread['base'][1]:.1f}]")
    print(f"raw-sqlite3: {raw_ms:.1f} ms [{spread['raw'][0]:.1f}–{spread['raw'][1]:.1f}]")
    print(f"one-query speed-up: {old_ms / new_ms:.1f} x")


def recorded(
    db: object, fn: Callable[[dt.date, dt.date], object], pair: tuple
) -> tuple[str, object]:
    """The one SQL statement (and its parameters) `fn` runs for this pair of dates."""
    execute = db.execute_sql  # type: ignore[attr-defined]
    seen: list[tuple[str, object]] = []

    def recording(sql: str, params: object = (), *rest: object, **options: object) -> object:
        seen.append((sql, params))
        return execute(sql, params, *rest, **options)

    db.execute_sql = recording  # type: ignore[attr-defined]
    try:
        fn(*pair)
    finally:
        db.execute_sql = execute  # type: ignore[attr-defined]
    (statement,) = seen
    return statement


def count_queries(db: object, fn: Callable[[dt.date, dt.date], object], pair: tuple) -> int:
    """How many SQL statements `fn` runs for one pair of dates."""
    execute = db.execute_sql  # type: ignore[attr-defined]
    count = [0]

    def counting(*args: object, **kwargs: object) -> object:
        count[0] += 1
        return execute(*args, **kwargs)

    db.execute_sql = counting  # type: ignore[attr-defined]
    try:
        fn(*pair)
    finally:
        db.execute_sql = execute  # type: ignore[attr-defined]
    return count[0]


if __name__ == "__main__":
    main()
