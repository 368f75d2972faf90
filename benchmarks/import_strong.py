"""Importing a 100,000-row Strong export (iOS layout, variant 3) into a fresh profile.

Times `services.importers.import_file` (detect, parse, validate every cell, map the names,
create the custom exercises, write in one transaction) against a baseline measured in the
same run: `csv` parsing of the same file plus raw `executemany` of the same workouts,
workout exercises and sets into the same tables of a fresh profile, in one transaction, on a
plain sqlite3 connection with the same pragmas. Like the import, the baseline holds off
link_volume's per-set triggers and counts the new links' volume once at the end (without
that, they were a third of its time). Runs alternate; medians are printed.

    python benchmarks/import_strong.py [--rows N] [--runs N]

Output: `strong-import-100k: 2.10 s (ratio 2.05 x csv-plus-executemany)`
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `backtracker` importable from the tree
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE"
)
# Strong's names: catalogue aliases, fuzzy matches and names that become custom exercises.
EXERCISES = (
    ("Bent Over Row (Dumbbell)", 20.0),
    ("Lat Pulldown (Cable)", 50.0),
    ("Face Pull (Cable)", 15.0),
    ("Deadlift (Barbell)", 100.0),
    ("Seated Row (Cable)", 45.0),
    ("Pull Up", 0.0),
    ("Shrug (Dumbbell)", 25.0),
    ("Squat (Barbell)", 80.0),
    ("Bench Press (Barbell)", 60.0),
    ("Bicep Curl (Dumbbell)", 12.5),
)
NAMES = ("Pull A", "Pull B", "Full Body", "Back & Biceps")


def write_strong_file(path: Path, rows: int, seed: int = 1) -> None:
    """About 25 sets per workout, warm-ups, failures, RPE on some, a Rest Timer row each."""
    rng = random.Random(seed)
    start = dt.datetime(2015, 1, 5, 18, 0)
    lines = [HEADER]
    while len(lines) - 1 < rows:
        when = start.strftime("%Y-%m-%d %H:%M:%S")
        head = f"{when},{rng.choice(NAMES)},{rng.randint(40, 90)}m"
        for name, base in rng.sample(EXERCISES, 5):
            weight = base + 2.5 * rng.randint(0, 8)
            lines.append(f"{head},{name},W,{weight / 2:g},12,0,0,,,")
            for number in range(1, 5):
                kind = "F" if number == 4 and rng.random() < 0.2 else str(number)
                rpe = f"{rng.choice((7, 7.5, 8, 8.5, 9))}" if rng.random() < 0.3 else ""
                lines.append(f"{head},{name},{kind},{weight:g},{rng.randint(5, 12)},0,0,,,{rpe}")
            if rng.random() < 0.1:
                lines.append(f"{head},{name},Rest Timer,0,0,0,90,,,")
        start += dt.timedelta(days=rng.choice((1, 2, 2, 3)), minutes=rng.randint(-60, 60))
    path.write_text("\n".join(lines[: rows + 1]) + "\n", encoding="utf-8")


def fresh_profile(folder: Path) -> Path:
    from backtracker.storage.database import close_database, open_database
    from backtracker.storage.profile import prepare_profile
    from backtracker.storage.seeding import seed_catalogue

    profile = prepare_profile(folder)
    open_database(profile.database_path)
    seed_catalogue()
    close_database()
    return profile.database_path


def time_import(folder: Path, source: Path) -> tuple[float, dict[str, str], int]:
    from backtracker.services.importers import import_file
    from backtracker.storage.database import close_database, open_database

    database = fresh_profile(folder)
    open_database(database)
    try:
        begin = time.perf_counter()
        result = import_file(source, unit="kg")
        elapsed = time.perf_counter() - begin
    finally:
        close_database()
    return elapsed, result.mapping, result.sets_added


def _stamp(text: str) -> str:
    return dt.datetime.fromisoformat(text).isoformat(" ")


def time_baseline(folder: Path, source: Path, mapping: dict[str, str]) -> tuple[float, int]:
    """csv parsing + grouping + executemany of the same rows, one transaction, raw sqlite3."""
    from backtracker.storage.database import PRAGMAS
    from backtracker.storage.link_volume import ROWS_SQL

    database = fresh_profile(folder)
    conn = sqlite3.connect(database, isolation_level=None)
    for name, value in PRAGMAS.items():
        conn.execute(f"PRAGMA {name} = {value}")
    ids = {}  # the same exercises the import mapped to (customs made here, before timing)
    for source_name, ours in mapping.items():
        row = conn.execute("SELECT id FROM exercise WHERE name = ?", (ours,)).fetchone()
        if row is None:
            stamp = dt.datetime.now().isoformat(" ", "seconds")
            conn.execute(
                "INSERT INTO exercise (name, summary, category, equipment, no_gym, load_profile,"
                " tracking, default_rest_s, steps_json, cue, mistakes_json, variations_json,"
                " tags_json, proven_five, is_custom, user_modified, created_at, updated_at)"
                " VALUES (?, '', 'strength', 'machine', 0, 'heavy', 'weight_reps', 90, '[]',"
                " '', '[]', '[]', '[]', 0, 1, 0, ?, ?)",
                (ours, stamp, stamp),
            )
            row = conn.execute("SELECT id FROM exercise WHERE name = ?", (ours,)).fetchone()
        ids[source_name] = row[0]
    set_types = {"W": "warmup", "D": "drop", "F": "failure"}
    begin = time.perf_counter()
    workouts: dict[tuple[str, str], tuple[int, str]] = {}
    links: dict[tuple[int, int], list] = {}
    exercises_in: dict[int, int] = {}  # links per workout, for their positions
    workout_rows, set_rows = [], []
    now = dt.datetime.now().isoformat(" ", "seconds")
    with source.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            order = row[4]
            if order == "Rest Timer":
                continue
            key = (row[0], row[1])
            found = workouts.get(key)
            if found is None:
                found = workouts[key] = (len(workouts) + 1, _stamp(row[0]))
                workout_rows.append(
                    (found[0], row[1], found[1], found[1], "", "", 0, 0, "strong",
                     f"strong:{row[0]}:{row[1]}", now, now)
                )  # fmt: skip
            workout_id, started = found
            exercise_id = ids[row[3]]
            link = links.get((workout_id, exercise_id))
            if link is None:
                position = exercises_in[workout_id] = exercises_in.get(workout_id, -1) + 1
                link = links[(workout_id, exercise_id)] = [
                    len(links) + 1, workout_id, exercise_id, position, 0,
                ]  # fmt: skip
            set_rows.append(
                (len(set_rows) + 1, link[0], link[4], set_types.get(order, "normal"),
                 float(row[5]) or None, int(float(row[6])) or None,
                 float(row[11]) if row[11] else None, 1, started)
            )  # fmt: skip
            link[4] += 1
    conn.execute("BEGIN")
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'link%'"
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.executemany(
        "INSERT INTO workout (id, name, started_at, ended_at, notes, posture_note,"
        " warmup_stretch, cooldown_stretch, source, import_key, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        workout_rows,
    )
    conn.executemany(
        "INSERT INTO workout_exercise (id, workout_id, exercise_id, position, notes)"
        " VALUES (?, ?, ?, ?, '')",
        [tuple(link[:4]) for link in links.values()],
    )
    conn.executemany(
        "INSERT INTO set_entry (id, workout_exercise_id, position, set_type, weight_kg, reps,"
        " rpe, completed, completed_at, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
        set_rows,
    )
    conn.execute(ROWS_SQL.format(links="1"))
    for _, sql in triggers:
        conn.execute(sql)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - begin
    conn.close()
    return elapsed, len(set_rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="backtracker-bench-") as tmp:
        folder = Path(tmp)
        source = folder / "strong.csv"
        write_strong_file(source, args.rows)
        imports, baselines = [], []
        for run in range(args.runs):
            elapsed, mapping, sets = time_import(folder / f"import-{run}", source)
            imports.append(elapsed)
            base, base_sets = time_baseline(folder / f"baseline-{run}", source, mapping)
            baselines.append(base)
            if base_sets != sets:
                raise SystemExit(f"the baseline wrote {base_sets} sets, the import {sets}")

    measured, base = statistics.median(imports), statistics.median(baselines)
    label = f"{args.rows // 1000}k" if args.rows % 1000 == 0 else str(args.rows)
    print(f"csv-plus-executemany: {base:.2f} s (ratio 1.00 x csv-plus-executemany)")
    print(
        f"strong-import-{label}: {measured:.2f} s (ratio {measured / base:.2f} x "
        "csv-plus-executemany)"
    )


if __name__ == "__main__":
    main()
