"""Look-ups and bulk writes for history imports (used by services.importers).

The writes expect to run inside the caller's transaction: an import is one `db.atomic()`.
Bulk rows go in with one prepared statement through `cursor().executemany`, which is several
times faster than building Peewee queries for 100,000 sets.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from backtracker.storage.exercises import names_in_use
from backtracker.storage.faults import disk_errors
from backtracker.storage.models import (
    BodyMetric,
    Exercise,
    ExerciseAlias,
    ImportBatch,
    Muscle,
    Workout,
    db,
    now,
)

_CHUNK = 500  # host parameters per IN (...) query, well under SQLite's limit


def exercise_names() -> list[tuple[int, str, str, list[str]]]:
    """(id, name, equipment, [name, *aliases]) for every exercise, archived ones included."""
    aliases: dict[int, list[str]] = defaultdict(list)
    for exercise_id, alias in (
        ExerciseAlias.select(ExerciseAlias.exercise, ExerciseAlias.alias)
        .order_by(ExerciseAlias.id)
        .tuples()
    ):
        aliases[exercise_id].append(alias)
    rows = Exercise.select(Exercise.id, Exercise.name, Exercise.equipment).order_by(
        Exercise.archived_at.is_null(False), Exercise.id
    )
    return [(i, name, equipment, [name, *aliases[i]]) for i, name, equipment in rows.tuples()]


def exercise_names_by_id(ids: Iterable[int]) -> dict[int, str]:
    wanted = list(set(ids))
    found: dict[int, str] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        query = Exercise.select(Exercise.id, Exercise.name).where(Exercise.id.in_(chunk))
        found.update(query.tuples())
    return found


def taken_names() -> set[str]:
    """Every exercise name and alias, case-folded: what a new name or alias must avoid."""
    return {name.casefold() for name in names_in_use()}


def known_muscles() -> set[str]:
    return {key for (key,) in Muscle.select(Muscle.key).tuples()}


def existing_import_keys(keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), _CHUNK):
        chunk = list(keys[start : start + _CHUNK])
        query = Workout.select(Workout.import_key).where(Workout.import_key.in_(chunk))
        found.update(key for (key,) in query.tuples())
    return found


def existing_metric_days(metric: str, days: Sequence[dt.date]) -> set[str]:
    """ISO days among `days` that already hold a value of `metric`."""
    texts = [d.isoformat() for d in days]
    found: set[str] = set()
    for start in range(0, len(texts), _CHUNK):
        chunk = texts[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        cursor = db.execute_sql(
            f'SELECT measured_on FROM "{BodyMetric._meta.table_name}" '
            f"WHERE metric = ? AND measured_on IN ({marks})",
            [metric, *chunk],
        )
        found.update(str(day) for (day,) in cursor.fetchall())
    return found


def batch_with_sha(sha256: str) -> tuple[int, dt.datetime] | None:
    """The first import of a file with these bytes, if any."""
    row = (
        ImportBatch.select(ImportBatch.id, ImportBatch.imported_at)
        .where(ImportBatch.file_sha256 == sha256)
        .order_by(ImportBatch.id)
        .tuples()
        .first()
    )
    return None if row is None else (row[0], row[1])


def create_batch(
    source: str, file_name: str, sha256: str, skipped: Iterable[tuple[int, str]] = ()
) -> int:
    """A new import record; `skipped` are the problem lines (line, reason) left out."""
    batch = ImportBatch.create(
        source=source,
        file_name=file_name,
        file_sha256=sha256,
        skipped_json=json.dumps([[line, reason] for line, reason in skipped], ensure_ascii=False),
    )
    return int(batch.id)


def skipped_lines(batch_id: int) -> list[tuple[int, str]]:
    """The problem lines (line, reason) an import left out, as its record keeps them."""
    text = ImportBatch.select(ImportBatch.skipped_json).where(ImportBatch.id == batch_id).scalar()
    return [(int(line), str(reason)) for line, reason in json.loads(text or "[]")]


def count_batch(batch_id: int, *, workouts: int, sets: int) -> None:
    ImportBatch.update(workouts=workouts, sets=sets).where(ImportBatch.id == batch_id).execute()


def add_aliases(pairs: Iterable[tuple[int, str]], source: str) -> int:
    """Remember names met in a file; a name that is already an exercise or alias is skipped."""
    taken = taken_names()
    rows = []
    for exercise_id, alias in pairs:
        if alias.casefold() not in taken:
            taken.add(alias.casefold())
            rows.append((exercise_id, alias, source))
    table = ExerciseAlias._meta.table_name
    cursor = db.cursor()
    with disk_errors():
        cursor.executemany(
            f'INSERT OR IGNORE INTO "{table}" (exercise_id, alias, source) VALUES (?, ?, ?)',
            rows,
        )
    return max(cursor.rowcount, 0)


def next_id(model: type[Any]) -> int:
    sql = f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{model._meta.table_name}"'
    return int(db.execute_sql(sql).fetchone()[0])


def insert_rows(
    model: type[Any], columns: Sequence[str], rows: Sequence[Sequence[Any]], unique: str = ""
) -> int:
    """Bulk insert with one prepared statement; rows clashing with `unique` are skipped."""
    if not rows:
        return 0
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" * len(columns))
    sql = f'INSERT INTO "{model._meta.table_name}" ({names}) VALUES ({marks})'
    if unique:
        sql += f" ON CONFLICT {unique} DO NOTHING"
    cursor = db.cursor()
    with disk_errors():
        cursor.executemany(sql, rows)
    return max(cursor.rowcount, 0)


def stamp(moment: dt.datetime | None = None) -> str:
    """The text Peewee stores for a DateTimeField."""
    return (moment or now()).replace(microsecond=0).isoformat(" ")
