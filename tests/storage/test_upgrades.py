"""Upgrading the profiles of every shipped schema version, and failing an upgrade safely.

The fixtures in tests/fixtures are the databases of older versions, frozen once shipped
(tests/fixtures/build_fixture_databases.py). A synthetic next migration stands in for the
upgrade to come, so the upgrade path is exercised even while only one version has shipped.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from backtracker.domain.errors import UserError
from backtracker.storage import migrations as schema
from backtracker.storage.backups import BackupError
from backtracker.storage.database import (
    UpgradeFailedError,
    close_database,
    open_database,
    read_schema_version,
)
from backtracker.storage.migrations import SCHEMA_VERSION, Migration
from tests.fixtures.build_fixture_databases import fixture_path

VERSIONS = list(range(1, SCHEMA_VERSION + 1))
Rows = dict[str, tuple[list[str], list[tuple]]]


def _current_schema_sql(table: str) -> tuple[str, list[str]]:
    """The CREATE TABLE and CREATE INDEX statements of `table` in the current schema."""
    with closing(sqlite3.connect(":memory:")) as conn:
        for migration in schema.MIGRATIONS:
            conn.executescript(";\n".join(migration.statements()))
        rows = conn.execute(
            "SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL", (table,)
        ).fetchall()
    return next(sql for kind, sql in rows if kind == "table"), [
        sql for kind, sql in rows if kind == "index"
    ]


def _rebuild_migration(version: int, table: str) -> Migration:
    """A next schema as a real one might look: `table` rebuilt (SQLite's create-copy-drop-
    rename, which would cascade-delete its children if foreign keys were on), plus a column."""
    create, indexes = _current_schema_sql(table)
    steps = [
        create.replace(f'CREATE TABLE "{table}"', f'CREATE TABLE "{table}_new"', 1),
        f'INSERT INTO "{table}_new" SELECT * FROM "{table}"',
        f'DROP TABLE "{table}"',
        f'ALTER TABLE "{table}_new" RENAME TO "{table}"',
        *indexes,
        f'ALTER TABLE "{table}" ADD COLUMN "rating" INTEGER',
    ]
    return Migration(version, f"test: {table} rebuilt, with a rating", ";\n".join(steps))


NEXT = _rebuild_migration(SCHEMA_VERSION + 1, "workout")
BROKEN = Migration(
    SCHEMA_VERSION + 2,
    "test: fails half-way",
    'DELETE FROM "set_entry" WHERE "set_type" = \'warmup\';\n'
    'ALTER TABLE "exercise" ADD COLUMN "half_done" TEXT;\n'
    'INSERT INTO "no_such_table" VALUES (1);\n'
    'CREATE TABLE "never" ("id" INTEGER PRIMARY KEY)',
)
# Deletes parents while foreign keys are off: the check before the commit must catch it.
ORPHANING = Migration(SCHEMA_VERSION + 1, "test: orphans sets", 'DELETE FROM "workout_exercise"')


@pytest.fixture(autouse=True)
def _closed_db():
    yield
    close_database()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def connect(path: Path) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(path))


def all_rows(path: Path) -> Rows:
    """Every row of every table, in a form where 1 and 1.0 or '1' differ."""
    with connect(path) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        found: Rows = {}
        for table in tables:
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
            found[table] = (columns, rows_of(conn, table, columns))
    return found


def rows_of(conn: sqlite3.Connection, table: str, columns: list[str]) -> list[tuple]:
    names = ", ".join(f'"{c}"' for c in columns)
    rows = conn.execute(f'SELECT {names} FROM "{table}"').fetchall()
    return sorted((tuple((type(v).__name__, v) for v in row) for row in rows), key=repr)


def schema_of(path: Path) -> list[tuple[str, str, str, str]]:
    """sqlite_master, with the SQL's layout and quoting normalised."""
    with connect(path) as conn:
        rows = conn.execute(
            "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master "
            "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
        ).fetchall()
    return [
        (t, n, tbl, re.sub(r"\s+", " ", sql.replace('"', "")).strip()) for t, n, tbl, sql in rows
    ]


def user_version(path: Path) -> int:
    with connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def profile_from(version: int, data_dir: Path) -> Path:
    data_dir.mkdir(mode=0o700)
    database = data_dir / "backtracker.sqlite3"
    shutil.copyfile(fixture_path(version), database)
    return database


def pre_upgrade_copies(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "backups").glob("before-upgrade-v*.sqlite3"))


def fresh_schema(tmp_path: Path) -> list[tuple[str, str, str, str]]:
    fresh = tmp_path / "fresh.sqlite3"
    open_database(fresh)
    close_database()
    return schema_of(fresh)


def assert_upgraded_intact(database: Path, original: Rows, target: int) -> None:
    assert user_version(database) == target
    with connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for table, (columns, rows) in original.items():
            assert rows_of(conn, table, columns) == rows, f"rows of {table} changed"


# --- the fixtures ---------------------------------------------------------------------------


def test_a_fixture_exists_for_every_shipped_schema_version():
    for version in VERSIONS:
        path = fixture_path(version)
        assert path.is_file(), f"missing {path.name}: run tests/fixtures/build_fixture_databases.py"
        assert user_version(path) == version
        assert path.stat().st_size < 512 * 1024


@pytest.mark.parametrize("version", VERSIONS)
def test_every_fixture_has_rows_in_every_table(version):
    rows = all_rows(fixture_path(version))
    assert {table for table, (_, found) in rows.items() if not found} == set()
    with connect(fixture_path(version)) as conn:
        kinds = {kind for (kind,) in conn.execute("SELECT DISTINCT set_type FROM set_entry")}
        assert kinds == {"warmup", "normal", "drop", "failure"}
        for column in ("duration_s", "distance_m", "rpe"):
            sql = f"SELECT count(*) FROM set_entry WHERE {column} IS NOT NULL"
            assert conn.execute(sql).fetchone()[0] > 0
        assert conn.execute("SELECT count(*) FROM exercise WHERE is_custom").fetchone()[0] > 0
        assert conn.execute("SELECT count(*) FROM workout WHERE posture_score").fetchone()[0] > 0


def test_the_builder_refuses_to_overwrite_a_frozen_fixture(tmp_path, monkeypatch, capsys):
    from tests.fixtures import build_fixture_databases as builder

    monkeypatch.setattr(builder, "FIXTURES_DIR", tmp_path)
    assert builder.main(["1"]) == 0
    first = sha256(tmp_path / "schema_v1.sqlite3")
    (tmp_path / "schema_v1.sqlite3").write_bytes(b"shipped")

    assert builder.main(["1"]) == 1
    assert "frozen" in capsys.readouterr().out
    assert (tmp_path / "schema_v1.sqlite3").read_bytes() == b"shipped"
    assert builder.main(["--force", "1"]) == 0
    assert sha256(tmp_path / "schema_v1.sqlite3") == first  # deterministic


# --- upgrading ------------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_each_fixture_upgrades_to_the_current_schema_with_every_row_intact(version, tmp_path):
    database = profile_from(version, tmp_path / "profile")
    original = all_rows(database)

    open_database(database)
    close_database()

    assert_upgraded_intact(database, original, SCHEMA_VERSION)
    assert schema_of(database) == fresh_schema(tmp_path)
    copies = pre_upgrade_copies(tmp_path / "profile")
    if version < SCHEMA_VERSION:
        assert len(copies) == 1
        assert copies[0].name.startswith(f"before-upgrade-v{version}-")
        assert user_version(copies[0]) == version
        assert all_rows(copies[0]) == original
    else:
        assert copies == []  # nothing to upgrade, nothing copied


@pytest.mark.parametrize("version", VERSIONS)
def test_each_fixture_survives_a_table_rebuilding_upgrade(version, tmp_path, monkeypatch):
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, NEXT))
    database = profile_from(version, tmp_path / "profile")
    original = all_rows(database)

    open_database(database)
    close_database()

    assert_upgraded_intact(database, original, NEXT.version)
    with connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM workout WHERE rating IS NULL").fetchone()[0] > 0
    [copy] = pre_upgrade_copies(tmp_path / "profile")
    assert user_version(copy) == version
    assert all_rows(copy) == original


# --- a failing upgrade ----------------------------------------------------------------------


def untouched_state(database: Path) -> tuple[str, bool]:
    """The database's hash, and whether a write-ahead log with content is beside it."""
    wal = Path(f"{database}-wal")
    return sha256(database), wal.exists() and wal.stat().st_size > 0


@pytest.mark.parametrize(
    "steps", [(NEXT, BROKEN), (ORPHANING,)], ids=["second-step-fails", "orphans-rows"]
)
def test_a_failing_upgrade_leaves_the_database_byte_identical(tmp_path, monkeypatch, steps, caplog):
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, *steps))
    database = profile_from(SCHEMA_VERSION, tmp_path / "profile")
    before = untouched_state(database)

    with pytest.raises(UpgradeFailedError) as caught, caplog.at_level(logging.ERROR):
        open_database(database)

    assert untouched_state(database) == before
    assert read_schema_version(database) == SCHEMA_VERSION
    [copy] = pre_upgrade_copies(tmp_path / "profile")
    message = str(caught.value)
    assert isinstance(caught.value, UserError)
    assert message.startswith("BackTracker could not upgrade your data")
    assert "Your data is unchanged; a copy made before the upgrade is in" in message
    assert str(copy) in message
    assert user_version(copy) == SCHEMA_VERSION
    assert "Traceback" in caplog.text or caplog.records[0].exc_info  # the bug is logged
    # Nothing half-done is left behind for the next start: it opens and works.
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[: -len(steps)])
    open_database(database)
    close_database()
    assert untouched_state(database) == before


def test_no_upgrade_without_a_copy_first(tmp_path, monkeypatch):
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, NEXT))
    database = profile_from(SCHEMA_VERSION, tmp_path / "profile")
    (tmp_path / "profile" / "backups").write_text("a file where the folder should be")
    before = untouched_state(database)

    with pytest.raises(BackupError, match=r"could not first make a copy.*Nothing was changed"):
        open_database(database)

    assert untouched_state(database) == before
    assert read_schema_version(database) == SCHEMA_VERSION


# --- the app --------------------------------------------------------------------------------


@pytest.fixture
def app_run(qapp, monkeypatch):
    """Run the app's start-up in this process, up to the point where the window would show."""
    from backtracker import app
    from backtracker.ui import application, dialogs

    root = logging.getLogger()
    handlers = list(root.handlers)
    shown: dict[str, object] = {}
    dialogs_shown: list[tuple[str, str]] = []

    def window_shown(_app, profile, *, demo, start=None, open_data=None):
        shown["built from plain reads"] = start is not None
        shown["version"] = read_schema_version(profile.database_path)
        return 0

    monkeypatch.setattr(application, "run_main_window", window_shown)
    monkeypatch.setattr(dialogs, "show_fatal_error", lambda *text: dialogs_shown.append(text))

    def run(data_dir: Path) -> tuple[int, dict[str, object], list[tuple[str, str]]]:
        code = app.run_gui(data_dir=data_dir, demo=False)
        return code, shown, dialogs_shown

    yield run
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()


def _turn_rolling_backups_off_with_a_fresh_copy(data_dir: Path) -> None:
    database = data_dir / "backtracker.sqlite3"
    with connect(database) as conn, conn:
        stored = json.loads(
            conn.execute("SELECT value_json FROM setting WHERE key = 'preferences'").fetchone()[0]
        )
        conn.execute(
            "UPDATE setting SET value_json = ? WHERE key = 'preferences'",
            (json.dumps(stored | {"backups_to_keep": 0}),),
        )
    (data_dir / "backups").mkdir(mode=0o700)
    shutil.copyfile(database, data_dir / "backups" / "auto-20990101-000000.sqlite3")


def test_starting_the_app_on_an_old_profile_copies_it_before_upgrading(
    tmp_path, monkeypatch, app_run
):
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, NEXT))
    data_dir = tmp_path / "profile"
    database = profile_from(SCHEMA_VERSION, data_dir)
    _turn_rolling_backups_off_with_a_fresh_copy(data_dir)
    original = all_rows(database)

    code, shown, dialogs_shown = app_run(data_dir)

    assert (code, dialogs_shown) == (0, [])
    assert shown["version"] == NEXT.version
    assert shown["built from plain reads"] is False  # migrated before the window
    [copy] = pre_upgrade_copies(data_dir)
    assert user_version(copy) == SCHEMA_VERSION
    assert all_rows(copy) == original
    assert [p.name for p in (data_dir / "backups").glob("auto-*")] == [
        "auto-20990101-000000.sqlite3"
    ]
    with connect(database) as conn:
        sets = conn.execute("SELECT count(*) FROM set_entry").fetchone()[0]
    assert sets == len(original["set_entry"][1])


def test_the_app_tells_the_person_when_an_upgrade_fails_and_exits(
    tmp_path, monkeypatch, app_run, capsys
):
    from backtracker.app import EXIT_DATABASE_REFUSED

    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, NEXT, BROKEN))
    data_dir = tmp_path / "profile"
    database = profile_from(SCHEMA_VERSION, data_dir)
    before = untouched_state(database)

    code, shown, dialogs_shown = app_run(data_dir)

    assert code == EXIT_DATABASE_REFUSED
    assert shown == {}  # no window
    [(title, text)] = dialogs_shown
    assert title == "BackTracker cannot open your data"
    assert "could not upgrade your data" in text
    assert "Your data is unchanged" in text
    assert "could not upgrade your data" in capsys.readouterr().err
    assert untouched_state(database) == before
    [copy] = pre_upgrade_copies(data_dir)
    assert str(copy) in text


def test_the_rolling_backup_leaves_an_old_profile_to_the_upgrade_copy(tmp_path, monkeypatch):
    """One copy of the old data is enough; the rolling ones would push out newer copies."""
    from backtracker.services import backup

    monkeypatch.setattr(backup, "SCHEMA_VERSION", NEXT.version)
    database = profile_from(SCHEMA_VERSION, tmp_path / "profile")
    assert backup.backup_on_start(tmp_path / "profile") is None
    assert not (tmp_path / "profile" / "backups").exists()
    monkeypatch.setattr(backup, "SCHEMA_VERSION", SCHEMA_VERSION)
    made = backup.backup_on_start(tmp_path / "profile")
    assert made is not None and made.name.startswith("auto-")
    assert user_version(made) == user_version(database)
