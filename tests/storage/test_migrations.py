"""Creating, opening and upgrading the profile database, and refusing files it must not touch."""

from __future__ import annotations

import random
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import peewee
import pytest

from backtracker.domain.errors import UserError
from backtracker.storage.database import (
    DatabaseTooNewError,
    NotADatabaseError,
    close_database,
    open_database,
    read_schema_version,
)
from backtracker.storage.migrations import SCHEMA_VERSION, Migration, migrate, schema_version
from backtracker.storage.models import (
    ALL_MODELS,
    Exercise,
    Workout,
    WorkoutExercise,
    db,
)
from backtracker.storage.profile import prepare_profile


def table_columns(table: str) -> dict[str, tuple]:
    """PRAGMA table_info rows by column name: (cid, name, type, notnull, default, pk)."""
    return {row[1]: row for row in db.execute_sql(f'PRAGMA table_info("{table}")').fetchall()}


def unique_indexes(table: str) -> set[tuple[str, ...]]:
    result = set()
    for _, name, unique, *_ in db.execute_sql(f'PRAGMA index_list("{table}")').fetchall():
        if unique:
            info = db.execute_sql(f'PRAGMA index_info("{name}")').fetchall()
            result.add(tuple(row[2] for row in info))
    return result


def file_state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def sidecars(path: Path) -> list[Path]:
    return [
        p for p in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")) if p.exists()
    ]


@pytest.fixture
def closed_db():
    """Make sure the shared database is closed again after a test that opens it by hand."""
    yield
    close_database()


# --- a new database -------------------------------------------------------------------------


def test_a_new_file_is_migrated_to_the_current_schema(profile):
    assert schema_version(db) == SCHEMA_VERSION
    assert read_schema_version(profile.database_path) == SCHEMA_VERSION


def test_every_model_table_exists_and_no_other(profile):
    tables = {
        name
        for (name,) in db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    }
    assert tables == {model._meta.table_name for model in ALL_MODELS}


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_schema_columns_match_the_model(profile, model):
    """The frozen SQL and the Peewee model must agree column by column."""
    columns = table_columns(model._meta.table_name)
    declared = {field.column_name: field for field in model._meta.sorted_fields}
    assert set(columns) == set(declared)
    for name, field in declared.items():
        _, _, _, notnull, _, pk = columns[name]
        assert bool(notnull or pk) == (not field.null), f"{name}: NULL-ability differs"
        assert bool(pk) == field.primary_key, f"{name}: primary key differs"


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_schema_has_the_unique_constraints_the_model_declares(profile, model):
    expected = {
        (field.column_name,)
        for field in model._meta.sorted_fields
        if field.unique and not field.primary_key
    }
    expected |= {
        tuple(model._meta.fields[name].column_name for name in names)
        for names, unique in model._meta.indexes
        if unique
    }
    assert expected <= unique_indexes(model._meta.table_name)


def test_pragmas_are_on(profile):
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1


def test_the_database_file_is_private_to_its_owner(profile):
    assert stat.S_IMODE(profile.database_path.stat().st_mode) == 0o600
    for sidecar in sidecars(profile.database_path):  # SQLite gives them the database's mode
        assert stat.S_IMODE(sidecar.stat().st_mode) == 0o600


def test_opening_twice_applies_no_migration_again(profile):
    assert migrate(db) == []
    close_database()
    open_database(profile.database_path)
    assert schema_version(db) == SCHEMA_VERSION


# --- files that must not be touched ---------------------------------------------------------


def test_a_database_from_a_newer_app_is_refused_untouched(tmp_path, closed_db):
    path = tmp_path / "newer.sqlite3"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE future (id INTEGER PRIMARY KEY, what TEXT)")
        conn.execute("INSERT INTO future (what) VALUES ('from the future')")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.commit()
    before = file_state(path)

    with pytest.raises(DatabaseTooNewError) as caught:
        open_database(path)

    assert caught.value.found == SCHEMA_VERSION + 1
    assert isinstance(caught.value, UserError)
    assert file_state(path) == before
    assert sidecars(path) == []


@pytest.mark.parametrize(
    "content",
    [
        random.Random(1).randbytes(8192),
        b"Squats, 3 x 10\nRows, 3 x 12\n" * 40,
        b"not a db",
    ],
    ids=["random-bytes", "text-file", "tiny-text-file"],
)
def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path, closed_db, content):
    path = tmp_path / "backtracker.sqlite3"
    path.write_bytes(content)
    before = file_state(path)

    with pytest.raises(NotADatabaseError):
        open_database(path)

    assert file_state(path) == before
    assert sidecars(path) == []


# --- migrations are atomic ------------------------------------------------------------------


def schema_snapshot(database: peewee.SqliteDatabase) -> tuple[int, list[tuple]]:
    rows = database.execute_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()
    return schema_version(database), rows


@pytest.fixture
def scratch_db(tmp_path):
    """A database of its own, separate from the app's shared one."""
    database = peewee.SqliteDatabase(str(tmp_path / "scratch.sqlite3"))
    database.connect()
    yield database
    database.close()


FIRST = Migration(
    1,
    "first",
    'CREATE TABLE "kept" ("id" INTEGER PRIMARY KEY);\nCREATE INDEX "kept_id" ON "kept" ("id")',
)
BROKEN = Migration(
    2,
    "broken",
    'CREATE TABLE "half_done" ("id" INTEGER PRIMARY KEY);\n'
    'INSERT INTO "no_such_table" VALUES (1);\n'
    'CREATE TABLE "never" ("id" INTEGER PRIMARY KEY)',
)


def replace_version(migration: Migration, version: int) -> Migration:
    return Migration(version, migration.description, migration.sql)


def test_a_failing_migration_leaves_version_and_schema_as_they_were(scratch_db):
    assert migrate(scratch_db, (FIRST,)) == [1]
    before = schema_snapshot(scratch_db)
    assert before[0] == 1

    with pytest.raises(peewee.OperationalError):
        migrate(scratch_db, (FIRST, BROKEN))

    assert schema_snapshot(scratch_db) == before


def test_a_failing_first_migration_leaves_an_empty_database(scratch_db):
    with pytest.raises(peewee.OperationalError):
        migrate(scratch_db, (replace_version(BROKEN, 1),))
    assert schema_snapshot(scratch_db) == (0, [])


def test_migrations_apply_in_order_and_only_once(scratch_db):
    second = Migration(2, "second", 'ALTER TABLE "kept" ADD COLUMN "note" TEXT')
    assert migrate(scratch_db, (FIRST, second)) == [1, 2]
    assert migrate(scratch_db, (FIRST, second)) == []
    assert schema_version(scratch_db) == 2


# --- the data folder ------------------------------------------------------------------------


def test_prepare_profile_creates_a_private_data_folder(tmp_path):
    profile = prepare_profile(tmp_path / "nested" / "BackTracker")
    assert profile.data_dir.is_dir()
    assert stat.S_IMODE(profile.data_dir.stat().st_mode) == 0o700
    assert profile.database_path.parent == profile.data_dir


def test_prepare_profile_refuses_a_path_that_is_a_file(tmp_path):
    path = tmp_path / "BackTracker"
    path.write_text("not a folder")
    with pytest.raises(UserError):
        prepare_profile(path)
    assert path.read_text() == "not a folder"


# --- CHECK constraints ----------------------------------------------------------------------


@pytest.fixture
def workout_exercise_id(profile) -> int:
    exercise = Exercise.create(
        name="Test Row",
        category="strength",
        equipment="dumbbell",
        load_profile="heavy",
        tracking="weight_reps",
        default_rest_s=90,
    )
    workout = Workout.create(started_at="2024-05-01 18:00:00")
    return WorkoutExercise.create(workout=workout, exercise=exercise, position=0).id


def insert_set(workout_exercise_id: int, *, set_type: str, weight_kg: float) -> None:
    db.execute_sql(
        'INSERT INTO "set_entry" ("workout_exercise_id", "position", "set_type", "weight_kg", '
        '"reps", "notes", "completed") VALUES (?, 0, ?, ?, 8, \'\', 1)',
        (workout_exercise_id, set_type, weight_kg),
    )


def test_a_valid_set_is_accepted(workout_exercise_id):
    insert_set(workout_exercise_id, set_type="normal", weight_kg=20.0)
    assert db.execute_sql('SELECT count(*) FROM "set_entry"').fetchone()[0] == 1


@pytest.mark.parametrize(
    ("set_type", "weight_kg"),
    [("normal", -600.0), ("superset", 20.0)],
    ids=["beyond-any-assistance", "unknown-set-type"],
)
def test_check_constraints_refuse_bad_sets(workout_exercise_id, set_type, weight_kg):
    with pytest.raises((peewee.IntegrityError, sqlite3.IntegrityError)):
        insert_set(workout_exercise_id, set_type=set_type, weight_kg=weight_kg)
    assert db.execute_sql('SELECT count(*) FROM "set_entry"').fetchone()[0] == 0
