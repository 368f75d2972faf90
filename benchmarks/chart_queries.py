"""The Progress chart query: per-day estimated 1RM over ten years of history.

Builds a profile with about 200,000 sets (ten years, three sessions a week, eight back
exercises, warm-ups, unfinished sets and sets of more than 12 reps among them), then times
`storage.progress.exercise_days` (through Peewee, rows turned into `DayStats`) against the
same aggregation written by hand (the same algorithm, so the ratio is what the app's layer
costs) on a plain sqlite3 connection, and checks that both give the same numbers. Runs
alternate between the two, over the seven weighted exercises; medians are printed.

    python benchmarks/chart_queries.py [--runs N] [--years N]

Output: `chart-query: 19.5 ms (ratio 1.07 x raw-sqlite3-per-day-e1rm)`

`build_history(path)` is importable, so the chart-switch benchmark of the UI reuses it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `backtracker` importable from the tree
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_SETS = 200_000
SESSIONS_PER_WEEK = 3
EXERCISES_PER_SESSION = 6
# (catalogue key, starting working weight in kg, kg gained per year); pull-ups add weight.
LIFTS = (
    ("dumbbell-row", 14.0, 3.0),
    ("lat-pulldown", 35.0, 5.0),
    ("barbell-row", 40.0, 6.0),
    ("seated-cable-row", 35.0, 5.0),
    ("face-pull", 12.5, 2.0),
    ("t-bar-row", 30.0, 5.0),
    ("deadlift", 60.0, 10.0),
    ("pull-up", 0.0, 2.0),
)

# The hand-written baseline: the same per-day numbers as `exercise_days` (Epley), the same
# way: the heaviest weight for each rep count from 1 to 12 per day, and the best estimate
# (and the set behind it, the heavier on a tie) from those twelve.
_E1RM = {n: f"m{n}" if n == 1 else f"m{n} * (1.0 + {n}.0 / 30.0)" for n in range(1, 13)}
RAW_PER_DAY_E1RM = f"""
WITH per_day AS (
    SELECT date(w.started_at) AS day, MAX(NULLIF(s.weight_kg, 0.0)) AS heaviest,
        MAX(NULLIF(s.weight_kg, 0.0) * CAST(s.reps AS REAL)) AS best_volume,
        TOTAL(NULLIF(s.weight_kg, 0.0) * CAST(s.reps AS REAL)) AS volume,
        SUM(s.reps) AS reps,
        {
    ", ".join(
        f"MAX(CASE s.reps WHEN {n} THEN NULLIF(s.weight_kg, 0.0) END) AS m{n}" for n in range(1, 13)
    )
}
    FROM workout_exercise we
    JOIN workout w ON w.id = we.workout_id
    JOIN set_entry s ON s.workout_exercise_id = we.id
    WHERE we.exercise_id = ? AND s.completed = 1 AND s.set_type != 'warmup' AND s.reps > 0
    GROUP BY day
),
best AS (
    SELECT *, NULLIF(max({", ".join(f"COALESCE({e}, 0.0)" for e in _E1RM.values())}), 0.0) AS e1rm
    FROM per_day
)
SELECT day, e1rm, heaviest, best_volume, volume, reps,
    CASE e1rm {" ".join(f"WHEN {e} THEN m{n}" for n, e in _E1RM.items())} END,
    CASE e1rm {" ".join(f"WHEN {e} THEN {n}" for n, e in _E1RM.items())} END
FROM best ORDER BY day
"""


def build_history(
    path: Path,
    years: int = 10,
    *,
    seed: int = 1,
    target_sets: int = TARGET_SETS,
    today: dt.date | None = None,
) -> list[int]:
    """Create the database at `path` (a file) with `years` of training ending `today` (the
    real today by default: a benchmark measures the ranges a person sees now).

    Opens the app's shared database on `path` (left open for the caller), seeds the
    catalogue, and writes everything in one transaction with `executemany`. Returns the ids
    of the trained exercises, the bodyweight one (pull-ups) last.
    """
    from backtracker.storage.database import open_database
    from backtracker.storage.models import Exercise, db
    from backtracker.storage.seeding import seed_catalogue

    open_database(Path(path))
    seed_catalogue()
    ids = dict(
        Exercise.select(Exercise.catalogue_key, Exercise.id)
        .where(Exercise.catalogue_key.in_([key for key, _, _ in LIFTS]))
        .tuples()
    )
    rng = random.Random(seed)
    today = today or dt.date.today()
    first = today - dt.timedelta(days=round(365.25 * years))
    days = [
        first + dt.timedelta(days=d)
        for d in range((today - first).days)
        if (first + dt.timedelta(days=d)).weekday() in (0, 2, 4)
    ][: years * 52 * SESSIONS_PER_WEEK]
    sets_per_exercise = max(3, round(target_sets / (len(days) * EXERCISES_PER_SESSION)))

    workouts: list[tuple[Any, ...]] = []
    links: list[tuple[Any, ...]] = []
    sets: list[tuple[Any, ...]] = []
    bodyweights: list[tuple[Any, ...]] = []
    set_id = link_id = 0
    for workout_id, day in enumerate(days, start=1):
        started = dt.datetime.combine(day, dt.time(17, 30)) + dt.timedelta(
            minutes=rng.randint(0, 90)
        )
        stamp = started.isoformat(" ")
        ended = (started + dt.timedelta(minutes=75)).isoformat(" ")
        workouts.append((workout_id, "Back", stamp, ended, "", "", 0, 0, "app", stamp, stamp))
        years_in = (day - first).days / 365.25
        chosen = rng.sample(range(len(LIFTS)), EXERCISES_PER_SESSION)
        for position, lift in enumerate(chosen):
            key, start_kg, per_year = LIFTS[lift]
            link_id += 1
            links.append((link_id, workout_id, ids[key], position, ""))
            base = start_kg + per_year * years_in * (1 + 0.1 * math.sin(years_in * 3))
            for number in range(sets_per_exercise):
                set_id += 1
                sets.append((set_id, link_id, number, *_a_set(rng, number, base), stamp))
        if workout_id % 2 == 0:
            kg = round(82 - 0.3 * years_in + rng.gauss(0, 0.4), 1)
            bodyweights.append((day.isoformat(), "bodyweight", kg, "", "app"))

    with db.atomic():
        cursor = db.cursor()
        cursor.executemany(
            "INSERT INTO workout (id, name, started_at, ended_at, notes, posture_note, "
            "warmup_stretch, cooldown_stretch, source, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            workouts,
        )
        cursor.executemany(
            "INSERT INTO workout_exercise (id, workout_id, exercise_id, position, notes) "
            "VALUES (?, ?, ?, ?, ?)",
            links,
        )
        cursor.executemany(
            "INSERT INTO set_entry (id, workout_exercise_id, position, set_type, weight_kg, "
            "reps, notes, completed, completed_at) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?)",
            sets,
        )
        cursor.executemany(
            "INSERT INTO body_metric (measured_on, metric, value, notes, source) "
            "VALUES (?, ?, ?, ?, ?)",
            bodyweights,
        )
    db.execute_sql("ANALYZE")
    return [ids[key] for key, _, _ in LIFTS]


def _a_set(rng: random.Random, number: int, base_kg: float) -> tuple[Any, ...]:
    """(set_type, weight_kg, reps, completed) of the `number`-th set of an exercise."""
    step = 2.5
    if number < 2:  # warm-ups
        return "warmup", round(base_kg * 0.5 / step) * step, 12, 1
    roll = rng.random()
    if roll < 0.05:  # planned but not done
        return "normal", round(base_kg / step) * step, None, 0
    if roll < 0.15:  # a light pump set of more than 12 reps
        return "normal", round(base_kg * 0.6 / step) * step, rng.randint(13, 20), 1
    reps = rng.randint(3, 12)
    weight = max(0.0, round(base_kg * (1.25 - reps / 30) * rng.uniform(0.95, 1.02) / step) * step)
    kind = "failure" if roll > 0.97 else "normal"
    return kind, weight, reps, 1


def _median_ms(timings: list[float]) -> float:
    return statistics.median(timings) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="timed runs per exercise")
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()

    from backtracker.storage.database import PRAGMAS, close_database
    from backtracker.storage.progress import exercise_days

    with tempfile.TemporaryDirectory(prefix="backtracker-bench-") as tmp:
        path = Path(tmp) / "backtracker.sqlite3"
        start = time.perf_counter()
        ids = build_history(path, args.years)
        weighted = ids[:-1]  # the baseline SQL has no bodyweight lookup
        with closing(sqlite3.connect(path)) as conn:
            total = conn.execute("SELECT COUNT(*) FROM set_entry").fetchone()[0]
        print(
            f"history: {total} sets over {args.years} years, built in "
            f"{time.perf_counter() - start:.1f} s",
            file=sys.stderr,
        )

        raw = sqlite3.connect(path, isolation_level=None)
        for name, value in PRAGMAS.items():
            raw.execute(f"PRAGMA {name} = {value}")

        def peewee_run(exercise_id: int) -> list[tuple[Any, ...]]:
            return [
                (
                    d.day.isoformat(),
                    d.best_e1rm_kg,
                    d.heaviest_kg,
                    d.best_set_volume_kg,
                    d.session_volume_kg,
                    d.total_reps,
                    d.best_set_weight_kg,
                    d.best_set_reps,
                )
                for d in exercise_days(exercise_id, formula="epley")
            ]

        for exercise_id in weighted:  # same numbers, and warm caches for both
            ours, theirs = peewee_run(exercise_id), raw.execute(RAW_PER_DAY_E1RM, (exercise_id,))
            if ours != [tuple(row) for row in theirs.fetchall()]:
                raise SystemExit(f"exercise {exercise_id}: exercise_days differs from raw SQL")

        chart, baseline = [], []
        for _ in range(args.runs):
            for exercise_id in weighted:
                began = time.perf_counter()
                exercise_days(exercise_id, formula="epley")
                chart.append(time.perf_counter() - began)
                began = time.perf_counter()
                raw.execute(RAW_PER_DAY_E1RM, (exercise_id,)).fetchall()
                baseline.append(time.perf_counter() - began)
        raw.close()
        close_database()

    base = _median_ms(baseline)
    name = "raw-sqlite3-per-day-e1rm"
    print(f"{name}: {base:.2f} ms (ratio 1.00 x {name})")
    measured = _median_ms(chart)
    print(f"chart-query: {measured:.2f} ms (ratio {measured / base:.2f} x {name})")


if __name__ == "__main__":
    main()
