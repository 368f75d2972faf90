"""What the first window shows, read with plain `sqlite3` before the ORM is even imported.

Start-up builds the window from this snapshot and opens the database through Peewee
(migrations, seeding, services) right after the first paint. The snapshot is only taken
when that later opening will change nothing the window shows: the schema is the one this
version writes, the shipped catalogue is the one seeded last time (the same fingerprint
`storage.seeding.seed_catalogue` keeps) and the built-in routines are in. Anything else,
a missing file or a read error included, gives None and start-up takes the usual path,
which opens the database before the window and reports problems in its own words.

The exercise list is read exactly as `storage.exercises.list_exercises` reads it (the same
order, the same fields and conversions); a test holds the two readers to that.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import zlib
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from backtracker import resources
from backtracker.domain.catalogue import ExerciseInfo, MuscleInfo
from backtracker.storage import migrations as schema

log = logging.getLogger(__name__)

# The settings the check and the window read (storage.seeding, storage.routines and
# services.preferences own them; tests/storage/test_first_window.py keeps the names in step).
PREFERENCES_KEY = "preferences"
CATALOGUE_FINGERPRINT_KEY = "catalogue_fingerprint"
ROUTINES_SEEDED_KEY = "builtin_routines_seeded"


def shipped_exercises() -> bytes:
    """The catalogue file this version ships (`resources/catalogue/exercises.json`)."""
    return resources.read_bytes("catalogue", "exercises.json")


def catalogue_fingerprint(data: bytes) -> str:
    """The size and CRC-32 of the catalogue file: seeding skips a file it has seen."""
    return f"{len(data)}:{zlib.crc32(data):08x}"


@dataclass(frozen=True)
class FirstWindowData:
    """Everything the first window reads from the database."""

    stored_preferences: object  # the decoded JSON; services.preferences.from_stored reads it
    exercises: list[ExerciseInfo]
    muscles: list[MuscleInfo]
    pinned_notes: dict[int, str]  # exercise id → its note ("" when none)
    deletable: frozenset[int]  # custom exercises no workout or routine uses
    active_workout_id: int | None


_EXERCISES_SQL = """
SELECT id, name, catalogue_key, summary, category, equipment, no_gym, load_profile,
       tracking, default_rest_s, steps_json, cue, mistakes_json, variations_json,
       tags_json, proven_five, is_custom, user_modified, archived_at, bar, unilateral,
       pattern, spinal_load, pinned_note
FROM "exercise" ORDER BY "name"
"""
_ALIASES_SQL = 'SELECT exercise_id, alias FROM "exercise_alias" ORDER BY id'
_MUSCLE_LINKS_SQL = """
SELECT t1.exercise_id, t1.role, t2.key
FROM "exercise_muscle" AS t1 INNER JOIN "muscle" AS t2 ON (t1.muscle_id = t2.id)
ORDER BY t1.id
"""
_MUSCLES_SQL = """
SELECT key, name, short_name, "group", major_back, location, function, why_it_matters,
       training_tip
FROM "muscle" ORDER BY position, id
"""
_IN_USE_SQL = """
SELECT exercise_id FROM "workout_exercise" WHERE exercise_id IN (SELECT id FROM "exercise"
    WHERE is_custom)
UNION SELECT exercise_id FROM "routine_item" WHERE exercise_id IN (SELECT id FROM "exercise"
    WHERE is_custom)
"""
_ACTIVE_WORKOUT_SQL = (
    'SELECT id FROM "workout" WHERE ended_at IS NULL ORDER BY started_at DESC LIMIT 1'
)


def read_first_window(path: Path) -> FirstWindowData | None:
    """The first window's data, or None when the usual start must run first (see above)."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            conn.execute("BEGIN")  # one consistent read of everything below
            return _read(conn)
    except (sqlite3.Error, OSError, ValueError, TypeError) as error:
        log.info("First window read through the database layer instead: %s", error)
        return None


def _read(conn: sqlite3.Connection) -> FirstWindowData | None:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version != schema.MIGRATIONS[-1].version:  # looked up now, as open_database does
        return None  # older: a migration first; newer: refused with its message
    settings = {
        key: json.loads(value)
        for key, value in conn.execute(
            'SELECT "key", value_json FROM "setting" WHERE "key" IN (?, ?, ?)',
            (PREFERENCES_KEY, CATALOGUE_FINGERPRINT_KEY, ROUTINES_SEEDED_KEY),
        )
    }
    if settings.get(CATALOGUE_FINGERPRINT_KEY) != catalogue_fingerprint(shipped_exercises()):
        return None  # the catalogue would be seeded: the list may change
    if not settings.get(ROUTINES_SEEDED_KEY, False):
        return None  # a first start: routines to seed (and a welcome to offer)
    aliases: dict[int, list[str]] = defaultdict(list)
    for exercise_id, alias in conn.execute(_ALIASES_SQL):
        aliases[exercise_id].append(alias)
    roles: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for exercise_id, role, key in conn.execute(_MUSCLE_LINKS_SQL):
        roles[exercise_id][role].append(key)
    exercises: list[ExerciseInfo] = []
    notes: dict[int, str] = {}
    for row in conn.execute(_EXERCISES_SQL):
        exercises.append(_exercise(row, aliases[row[0]], roles[row[0]]))
        notes[row[0]] = row[23] or ""
    muscles = [
        MuscleInfo(
            key=key,
            name=name,
            short_name=short_name,
            group=group,
            major_back=bool(major_back),
            location=location,
            function=function,
            why_it_matters=why,
            training_tip=tip,
        )
        for key, name, short_name, group, major_back, location, function, why, tip in (
            conn.execute(_MUSCLES_SQL)
        )
    ]
    in_use = {exercise_id for (exercise_id,) in conn.execute(_IN_USE_SQL)}
    active = conn.execute(_ACTIVE_WORKOUT_SQL).fetchone()
    return FirstWindowData(
        stored_preferences=settings.get(PREFERENCES_KEY, {}),
        exercises=exercises,
        muscles=muscles,
        pinned_notes=notes,
        deletable=frozenset(e.id for e in exercises if e.is_custom and e.id not in in_use),
        active_workout_id=None if active is None else active[0],
    )


def _exercise(row: tuple, aliases: list[str], roles: dict[str, list[str]]) -> ExerciseInfo:
    (
        exercise_id,
        name,
        catalogue_key,
        summary,
        category,
        equipment,
        no_gym,
        load_profile,
        tracking,
        default_rest_s,
        steps_json,
        cue,
        mistakes_json,
        variations_json,
        tags_json,
        proven_five,
        is_custom,
        user_modified,
        archived_at,
        bar,
        unilateral,
        pattern,
        spinal_load,
        _pinned_note,
    ) = row
    return ExerciseInfo(
        id=exercise_id,
        name=name,
        catalogue_key=catalogue_key,
        aliases=tuple(aliases),
        summary=summary,
        category=category,
        equipment=equipment,
        no_gym=bool(no_gym),
        load_profile=load_profile,
        tracking=tracking,
        default_rest_s=default_rest_s,
        primary_muscles=tuple(roles.get("primary", ())),
        secondary_muscles=tuple(roles.get("secondary", ())),
        steps=tuple(json.loads(steps_json)),
        cue=cue,
        mistakes=tuple(json.loads(mistakes_json)),
        variations=tuple(json.loads(variations_json)),
        tags=tuple(json.loads(tags_json)),
        proven_five=bool(proven_five),
        is_custom=bool(is_custom),
        user_modified=bool(user_modified),
        archived=archived_at is not None,
        bar=bar,
        unilateral=bool(unilateral),
        pattern=pattern,
        spinal_load=spinal_load,
    )
