"""The training calendar's query: one year (and all ten) of days over ten years of history.

Builds the chart benchmark's profile (about 200,000 sets over ten years, see
chart_queries.build_history), then times `services.calendar.span` for the last whole year,
as the year heatmap asks for it (days, workouts, work sets, volume, exercises, sessions per
week for the goal), against the bare aggregation: the same two SQL statements run on a plain
sqlite3 connection with their rows fetched and nothing built from them. Runs alternate;
medians are printed.

    python benchmarks/calendar_query.py [--runs N] [--years N]

Output: `calendar-year: 6.1 ms (ratio 1.10 x raw-sqlite3-same-sql)`
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `backtracker` importable from the tree
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.chart_queries import build_history


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()

    from backtracker.services import calendar
    from backtracker.services.preferences import Preferences
    from backtracker.storage import calendar as calendar_sql
    from backtracker.storage import progress
    from backtracker.storage.models import db

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "calendar.sqlite3"
        build_history(path, years=args.years)
        sets = db.execute_sql("SELECT COUNT(*) FROM set_entry").fetchone()[0]
        year = dt.date.today().year - 1
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        everything = (dt.date(year - args.years, 1, 1), last)
        prefs = Preferences()
        week_params = _week_params(first, last)
        with closing(sqlite3.connect(path)) as raw:
            timings: dict[str, list[float]] = {"app": [], "raw": [], "all": []}
            for _ in range(args.runs):
                started = time.perf_counter()
                shown = calendar.span(first, last, prefs)
                timings["app"].append(time.perf_counter() - started)
                started = time.perf_counter()
                raw.execute(
                    calendar_sql._DAYS_SQL,
                    (first.isoformat(), (last + dt.timedelta(1)).isoformat()),
                ).fetchall()
                raw.execute(progress._SESSIONS_PER_WEEK_SQL, week_params).fetchall()
                timings["raw"].append(time.perf_counter() - started)
                started = time.perf_counter()
                calendar.span(*everything, prefs)
                timings["all"].append(time.perf_counter() - started)
        app, base, every = (statistics.median(timings[k]) * 1000 for k in ("app", "raw", "all"))
        print(f"profile: {sets:,} sets; {year}: {len(shown.days)} training days")
        print(f"calendar-year: {app:.1f} ms (ratio {app / base:.2f} x raw-sqlite3-same-sql)")
        print(f"calendar-{args.years + 1}-years-at-once: {every:.1f} ms")


def _week_params(first: dt.date, last: dt.date) -> tuple[str, str, str, str]:
    from backtracker.domain.goals import week_start

    first_week, last_week = week_start(first), week_start(last)
    end = last_week + dt.timedelta(days=7)
    return (first_week.isoformat(), last_week.isoformat(), first_week.isoformat(), end.isoformat())


if __name__ == "__main__":
    main()
