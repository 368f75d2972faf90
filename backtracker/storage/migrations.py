"""Numbered schema migrations; the version lives in `PRAGMA user_version`.

Each migration is frozen SQL, never generated from the current models, so that an old
database always upgrades through exactly the steps that shipped. Append new migrations;
never edit one that has been released.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the start-up reads the schema version without the ORM
    from peewee import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    sql: str

    def statements(self) -> list[str]:
        """The SQL's statements, split where a line ends with `;` and the statement is
        complete (a trigger's body holds statements of its own)."""
        found: list[str] = []
        pending = ""
        for part in self.sql.split(";\n"):
            pending += part + ";\n"
            if sqlite3.complete_statement(pending):
                found.append(pending.strip().removesuffix(";").strip())
                pending = ""
        found.append(pending.strip().removesuffix(";").strip())  # an unfinished one: SQLite's
        return [statement for statement in found if statement]


_INITIAL_SCHEMA = """
CREATE TABLE "muscle" (
    "id" INTEGER NOT NULL PRIMARY KEY, "key" VARCHAR(255) NOT NULL,
    "name" VARCHAR(255) NOT NULL, "short_name" VARCHAR(255) NOT NULL,
    "group" VARCHAR(255) NOT NULL, "major_back" INTEGER NOT NULL,
    "location" TEXT NOT NULL, "function" TEXT NOT NULL, "why_it_matters" TEXT NOT NULL,
    "training_tip" TEXT NOT NULL, "position" INTEGER NOT NULL);
CREATE UNIQUE INDEX "muscle_key" ON "muscle" ("key");

CREATE TABLE "exercise" (
    "id" INTEGER NOT NULL PRIMARY KEY, "catalogue_key" VARCHAR(255),
    "name" VARCHAR(255) NOT NULL, "summary" TEXT NOT NULL,
    "category" VARCHAR(255) NOT NULL CHECK ("category" IN ('strength', 'stretch', 'cardio')),
    "equipment" VARCHAR(255) NOT NULL, "no_gym" INTEGER NOT NULL,
    "load_profile" VARCHAR(255) NOT NULL CHECK ("load_profile" IN ('heavy', 'light')),
    "tracking" VARCHAR(255) NOT NULL, "default_rest_s" INTEGER NOT NULL,
    "steps_json" TEXT NOT NULL, "cue" TEXT NOT NULL, "mistakes_json" TEXT NOT NULL,
    "variations_json" TEXT NOT NULL, "tags_json" TEXT NOT NULL,
    "proven_five" INTEGER NOT NULL, "is_custom" INTEGER NOT NULL,
    "user_modified" INTEGER NOT NULL, "catalogue_version" INTEGER, "archived_at" DATETIME,
    "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL);
CREATE UNIQUE INDEX "exercise_catalogue_key" ON "exercise" ("catalogue_key");
CREATE UNIQUE INDEX "exercise_name_nocase" ON "exercise" ("name" COLLATE NOCASE);

CREATE TABLE "exercise_alias" (
    "id" INTEGER NOT NULL PRIMARY KEY, "exercise_id" INTEGER NOT NULL,
    "alias" VARCHAR(255) NOT NULL, "source" VARCHAR(255) NOT NULL,
    FOREIGN KEY ("exercise_id") REFERENCES "exercise" ("id") ON DELETE CASCADE);
CREATE INDEX "exercise_alias_exercise_id" ON "exercise_alias" ("exercise_id");
CREATE UNIQUE INDEX "exercise_alias_nocase" ON "exercise_alias" ("alias" COLLATE NOCASE);

CREATE TABLE "exercise_muscle" (
    "id" INTEGER NOT NULL PRIMARY KEY, "exercise_id" INTEGER NOT NULL,
    "muscle_id" INTEGER NOT NULL,
    "role" VARCHAR(255) NOT NULL CHECK ("role" IN ('primary', 'secondary')),
    FOREIGN KEY ("exercise_id") REFERENCES "exercise" ("id") ON DELETE CASCADE,
    FOREIGN KEY ("muscle_id") REFERENCES "muscle" ("id") ON DELETE RESTRICT);
CREATE INDEX "exercise_muscle_muscle_id" ON "exercise_muscle" ("muscle_id");
CREATE UNIQUE INDEX "exercise_muscle_exercise_id_muscle_id"
    ON "exercise_muscle" ("exercise_id", "muscle_id");

CREATE TABLE "routine" (
    "id" INTEGER NOT NULL PRIMARY KEY, "builtin_key" VARCHAR(255),
    "name" VARCHAR(255) NOT NULL, "description" TEXT NOT NULL, "position" INTEGER NOT NULL,
    "archived_at" DATETIME, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL);
CREATE UNIQUE INDEX "routine_builtin_key" ON "routine" ("builtin_key");

CREATE TABLE "routine_item" (
    "id" INTEGER NOT NULL PRIMARY KEY, "routine_id" INTEGER NOT NULL,
    "exercise_id" INTEGER NOT NULL, "position" INTEGER NOT NULL,
    "sets" INTEGER NOT NULL CHECK ("sets" > 0),
    "rep_min" INTEGER, "rep_max" INTEGER, "duration_s" INTEGER, "rest_s" INTEGER,
    "notes" TEXT NOT NULL,
    FOREIGN KEY ("routine_id") REFERENCES "routine" ("id") ON DELETE CASCADE,
    FOREIGN KEY ("exercise_id") REFERENCES "exercise" ("id") ON DELETE RESTRICT);
CREATE INDEX "routine_item_routine_id" ON "routine_item" ("routine_id");
CREATE INDEX "routine_item_exercise_id" ON "routine_item" ("exercise_id");

CREATE TABLE "import_batch" (
    "id" INTEGER NOT NULL PRIMARY KEY, "source" VARCHAR(255) NOT NULL,
    "file_name" VARCHAR(255) NOT NULL, "file_sha256" VARCHAR(255) NOT NULL,
    "imported_at" DATETIME NOT NULL, "workouts" INTEGER NOT NULL, "sets" INTEGER NOT NULL);
CREATE INDEX "import_batch_file_sha256" ON "import_batch" ("file_sha256");

CREATE TABLE "workout" (
    "id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "routine_id" INTEGER,
    "started_at" DATETIME NOT NULL, "ended_at" DATETIME, "notes" TEXT NOT NULL,
    "posture_score" INTEGER CHECK ("posture_score" BETWEEN 1 AND 5),
    "posture_note" TEXT NOT NULL, "warmup_stretch" INTEGER NOT NULL,
    "cooldown_stretch" INTEGER NOT NULL, "source" VARCHAR(255) NOT NULL,
    "import_batch_id" INTEGER, "import_key" VARCHAR(255),
    "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL,
    FOREIGN KEY ("routine_id") REFERENCES "routine" ("id") ON DELETE SET NULL,
    FOREIGN KEY ("import_batch_id") REFERENCES "import_batch" ("id") ON DELETE SET NULL);
CREATE INDEX "workout_routine_id" ON "workout" ("routine_id");
CREATE INDEX "workout_started_at" ON "workout" ("started_at");
CREATE INDEX "workout_import_batch_id" ON "workout" ("import_batch_id");
CREATE UNIQUE INDEX "workout_import_key" ON "workout" ("import_key");

CREATE TABLE "workout_exercise" (
    "id" INTEGER NOT NULL PRIMARY KEY, "workout_id" INTEGER NOT NULL,
    "exercise_id" INTEGER NOT NULL, "position" INTEGER NOT NULL, "notes" TEXT NOT NULL,
    "rest_s" INTEGER, "rep_min" INTEGER, "rep_max" INTEGER,
    FOREIGN KEY ("workout_id") REFERENCES "workout" ("id") ON DELETE CASCADE,
    FOREIGN KEY ("exercise_id") REFERENCES "exercise" ("id") ON DELETE RESTRICT);
CREATE INDEX "workout_exercise_workout_id" ON "workout_exercise" ("workout_id");
CREATE INDEX "workout_exercise_exercise_id_workout_id"
    ON "workout_exercise" ("exercise_id", "workout_id");

CREATE TABLE "set_entry" (
    "id" INTEGER NOT NULL PRIMARY KEY, "workout_exercise_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "set_type" VARCHAR(255) NOT NULL
        CHECK ("set_type" IN ('warmup', 'normal', 'drop', 'failure')),
    "weight_kg" REAL CHECK ("weight_kg" IS NULL OR "weight_kg" >= 0),
    "reps" INTEGER CHECK ("reps" IS NULL OR "reps" >= 0),
    "duration_s" REAL CHECK ("duration_s" IS NULL OR "duration_s" >= 0),
    "distance_m" REAL CHECK ("distance_m" IS NULL OR "distance_m" >= 0),
    "rpe" REAL CHECK ("rpe" IS NULL OR "rpe" BETWEEN 1 AND 10),
    "rest_s" INTEGER, "notes" TEXT NOT NULL, "completed" INTEGER NOT NULL,
    "completed_at" DATETIME,
    FOREIGN KEY ("workout_exercise_id") REFERENCES "workout_exercise" ("id")
        ON DELETE CASCADE);
CREATE INDEX "set_entry_workout_exercise_id" ON "set_entry" ("workout_exercise_id");

CREATE TABLE "body_metric" (
    "id" INTEGER NOT NULL PRIMARY KEY, "measured_on" DATE NOT NULL,
    "metric" VARCHAR(255) NOT NULL, "value" REAL NOT NULL, "notes" TEXT NOT NULL,
    "source" VARCHAR(255) NOT NULL);
CREATE UNIQUE INDEX "body_metric_measured_on_metric" ON "body_metric" ("measured_on", "metric");

CREATE TABLE "photo" (
    "id" INTEGER NOT NULL PRIMARY KEY, "sha256" VARCHAR(255) NOT NULL,
    "file_name" VARCHAR(255) NOT NULL, "original_name" VARCHAR(255) NOT NULL,
    "taken_at" DATETIME NOT NULL, "date_source" VARCHAR(255) NOT NULL,
    "imported_at" DATETIME NOT NULL,
    "pose" VARCHAR(255) NOT NULL CHECK ("pose" IN ('back', 'front', 'side', 'other')),
    "notes" TEXT NOT NULL, "width" INTEGER NOT NULL, "height" INTEGER NOT NULL,
    "align_dx" REAL NOT NULL, "align_dy" REAL NOT NULL, "align_scale" REAL NOT NULL);
CREATE UNIQUE INDEX "photo_sha256" ON "photo" ("sha256");
CREATE INDEX "photo_taken_at" ON "photo" ("taken_at");

CREATE TABLE "setting" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value_json" TEXT NOT NULL);
"""

_IMPORT_SKIPPED_ROWS = """
ALTER TABLE "import_batch" ADD COLUMN "skipped_json" TEXT NOT NULL DEFAULT '[]';
"""

_LIFTERS_TOOLKIT = """
ALTER TABLE "exercise" ADD COLUMN "unilateral" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "exercise" ADD COLUMN "bar" VARCHAR(255);
ALTER TABLE "exercise" ADD COLUMN "pinned_note" TEXT NOT NULL DEFAULT '';
ALTER TABLE "routine_item" ADD COLUMN "superset" INTEGER;
ALTER TABLE "workout_exercise" ADD COLUMN "superset" INTEGER;

CREATE TABLE "set_entry_v3" (
    "id" INTEGER NOT NULL PRIMARY KEY, "workout_exercise_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "set_type" VARCHAR(255) NOT NULL
        CHECK ("set_type" IN ('warmup', 'normal', 'drop', 'failure')),
    "weight_kg" REAL CHECK ("weight_kg" IS NULL OR "weight_kg" >= -500),
    "reps" INTEGER CHECK ("reps" IS NULL OR "reps" >= 0),
    "duration_s" REAL CHECK ("duration_s" IS NULL OR "duration_s" >= 0),
    "distance_m" REAL CHECK ("distance_m" IS NULL OR "distance_m" >= 0),
    "rpe" REAL CHECK ("rpe" IS NULL OR "rpe" BETWEEN 1 AND 10),
    "rest_s" INTEGER, "notes" TEXT NOT NULL, "completed" INTEGER NOT NULL,
    "completed_at" DATETIME,
    "reps_left" INTEGER CHECK ("reps_left" IS NULL OR "reps_left" >= 0),
    "reps_right" INTEGER CHECK ("reps_right" IS NULL OR "reps_right" >= 0),
    FOREIGN KEY ("workout_exercise_id") REFERENCES "workout_exercise" ("id")
        ON DELETE CASCADE);
INSERT INTO "set_entry_v3" (
    "id", "workout_exercise_id", "position", "set_type", "weight_kg", "reps", "duration_s",
    "distance_m", "rpe", "rest_s", "notes", "completed", "completed_at")
SELECT "id", "workout_exercise_id", "position", "set_type", "weight_kg", "reps", "duration_s",
    "distance_m", "rpe", "rest_s", "notes", "completed", "completed_at" FROM "set_entry";
DROP TABLE "set_entry";
ALTER TABLE "set_entry_v3" RENAME TO "set_entry";
CREATE INDEX "set_entry_workout_exercise_id" ON "set_entry" ("workout_exercise_id");
"""

_BACK_COACH = """
ALTER TABLE "exercise" ADD COLUMN "pattern" VARCHAR(255);
ALTER TABLE "exercise" ADD COLUMN "spinal_load" VARCHAR(255);

CREATE TABLE "discomfort" (
    "id" INTEGER NOT NULL PRIMARY KEY, "workout_id" INTEGER NOT NULL,
    "workout_exercise_id" INTEGER,
    "score" INTEGER NOT NULL CHECK ("score" BETWEEN 0 AND 10),
    "note" TEXT NOT NULL, "created_at" DATETIME NOT NULL,
    FOREIGN KEY ("workout_id") REFERENCES "workout" ("id") ON DELETE CASCADE,
    FOREIGN KEY ("workout_exercise_id") REFERENCES "workout_exercise" ("id")
        ON DELETE CASCADE);
CREATE INDEX "discomfort_workout_id" ON "discomfort" ("workout_id");
CREATE UNIQUE INDEX "discomfort_workout_exercise_id" ON "discomfort" ("workout_exercise_id");
"""

_GOALS_AND_DELOADS = """
CREATE TABLE "goal" (
    "id" INTEGER NOT NULL PRIMARY KEY, "exercise_id" INTEGER NOT NULL,
    "kind" VARCHAR(255) NOT NULL CHECK ("kind" IN ('reps', 'e1rm')),
    "weight_kg" REAL NOT NULL CHECK ("weight_kg" BETWEEN -500 AND 2000),
    "reps" INTEGER CHECK ("reps" IS NULL OR "reps" BETWEEN 1 AND 1000),
    "due_on" DATE, "created_at" DATETIME NOT NULL,
    CHECK (("kind" = 'reps' AND "reps" IS NOT NULL) OR ("kind" = 'e1rm' AND "reps" IS NULL)),
    FOREIGN KEY ("exercise_id") REFERENCES "exercise" ("id") ON DELETE CASCADE);
CREATE UNIQUE INDEX "goal_exercise_id" ON "goal" ("exercise_id");

CREATE TABLE "deload" (
    "id" INTEGER NOT NULL PRIMARY KEY, "week_start" DATE NOT NULL,
    "load_factor" REAL NOT NULL CHECK ("load_factor" > 0 AND "load_factor" <= 1),
    "sets_factor" REAL NOT NULL CHECK ("sets_factor" > 0 AND "sets_factor" <= 1),
    "created_at" DATETIME NOT NULL);
CREATE UNIQUE INDEX "deload_week_start" ON "deload" ("week_start");
"""

_PHOTO_REGISTRATION = """
ALTER TABLE "photo" ADD COLUMN "aligned_to" INTEGER;
ALTER TABLE "photo" ADD COLUMN "aligned_dx" REAL;
ALTER TABLE "photo" ADD COLUMN "aligned_dy" REAL;
ALTER TABLE "photo" ADD COLUMN "aligned_scale" REAL
    CHECK ("aligned_scale" IS NULL OR "aligned_scale" > 0);
ALTER TABLE "photo" ADD COLUMN "aligned_rotation_deg" REAL;
ALTER TABLE "photo" ADD COLUMN "aligned_confidence" REAL
    CHECK ("aligned_confidence" IS NULL OR "aligned_confidence" BETWEEN 0 AND 1);
ALTER TABLE "photo" ADD COLUMN "aligned_method" VARCHAR(255);
ALTER TABLE "photo" ADD COLUMN "landmarks_json" TEXT;
"""


# Per workout exercise, what its rep sets add up to for volume: the reps counted (both sides
# of a one-sided set) and weight × those reps, the TOTALs the Progress overview's weekly
# volume by muscle used to sum over set_entry for every link, read now from one row per
# link. A link without a rep set has no row. The triggers recompute a link's row from its
# sets (never add to it), with the same expressions and the same index order, so the floats
# are bit for bit the sum over its sets: after a set is added, changed or removed (its old
# and its new link), a link added after its sets (only with foreign keys off or deferred), a
# link moved to another exercise or removed (its row also goes by the foreign key's
# cascade), and an exercise's one-sided flag changed. The rep set and the reps counted are
# frozen here as storage/sessions.py's REP_SET and storage/volume.py's volume_reps_sql are
# today; tests/storage/test_link_volume.py fails when those change, and a new migration must
# then create the triggers again. So must one that rebuilds set_entry, workout_exercise or
# exercise (DROP TABLE drops a table's triggers, and a rename fails while a trigger names a
# table that is gone).
def _v7_rep_set(row: str) -> str:
    return f"{row}.completed = 1 AND {row}.set_type != 'warmup' AND {row}.reps > 0"


_V7_VOLUME_REPS = (
    "(CASE WHEN e.unilateral THEN COALESCE(s.reps_left + s.reps_right, 2 * s.reps) ELSE s.reps END)"
)
# The rows of the links that `{links}` (a condition on `we`) picks: the old query's sums, as
# it wrote them (for the first fill, and an exercise's links).
_V7_LINK_VOLUME_ROWS = f"""INSERT INTO "link_volume" ("workout_exercise_id", "reps", "kg")
    SELECT we.id,
        (SELECT TOTAL({_V7_VOLUME_REPS}) FROM set_entry s
            WHERE s.workout_exercise_id = we.id AND {_v7_rep_set("s")}),
        (SELECT TOTAL(s.weight_kg * CAST({_V7_VOLUME_REPS} AS REAL)) FROM set_entry s
            WHERE s.workout_exercise_id = we.id AND {_v7_rep_set("s")})
    FROM workout_exercise we JOIN exercise e ON e.id = we.exercise_id
    WHERE {{links}} AND EXISTS (SELECT 1 FROM set_entry s
        WHERE s.workout_exercise_id = we.id AND {_v7_rep_set("s")})"""
# The row of the one link `{link}`, both sums in one pass over its sets (the same index, so
# the same order), for the writes of sets: about a fifth less than the three passes above
# (an UPDATE of a set on ten years, warm cache: 17 against 21 µs; 2.7 µs without a trigger).
# `{also}` may add a condition that leaves the row out.
_V7_ONE_LINK_ROW = f"""INSERT INTO "link_volume" ("workout_exercise_id", "reps", "kg")
    SELECT {{link}}, reps, kg FROM (
        SELECT TOTAL({_V7_VOLUME_REPS}) AS reps,
            TOTAL(s.weight_kg * CAST({_V7_VOLUME_REPS} AS REAL)) AS kg, COUNT(*) AS counted
        FROM workout_exercise we JOIN exercise e ON e.id = we.exercise_id
        JOIN set_entry s ON s.workout_exercise_id = we.id
        WHERE we.id = {{link}} AND {_v7_rep_set("s")}{{also}})
    WHERE counted > 0"""


def _v7_one_link_row(link: str, also: str = "") -> str:
    return _V7_ONE_LINK_ROW.format(link=link, also=also)


_V7_MOVED = " AND OLD.workout_exercise_id IS NOT NEW.workout_exercise_id"  # a set's old link


_LINK_VOLUME = f"""
CREATE TABLE "link_volume" (
    "workout_exercise_id" INTEGER NOT NULL PRIMARY KEY,
    "reps" REAL NOT NULL, "kg" REAL NOT NULL,
    FOREIGN KEY ("workout_exercise_id") REFERENCES "workout_exercise" ("id")
        ON DELETE CASCADE);

{_V7_LINK_VOLUME_ROWS.format(links="1")};

CREATE TRIGGER "link_volume_after_set_insert" AFTER INSERT ON "set_entry"
WHEN {_v7_rep_set("NEW")}
BEGIN
    DELETE FROM "link_volume" WHERE "workout_exercise_id" = NEW.workout_exercise_id;
    {_v7_one_link_row("NEW.workout_exercise_id")};
END;

CREATE TRIGGER "link_volume_after_set_update" AFTER UPDATE OF "workout_exercise_id",
    "set_type", "weight_kg", "reps", "completed", "reps_left", "reps_right" ON "set_entry"
WHEN ({_v7_rep_set("OLD")}) OR ({_v7_rep_set("NEW")})
BEGIN
    DELETE FROM "link_volume"
        WHERE "workout_exercise_id" IN (OLD.workout_exercise_id, NEW.workout_exercise_id);
    {_v7_one_link_row("NEW.workout_exercise_id")};
    {_v7_one_link_row("OLD.workout_exercise_id", _V7_MOVED)};
END;

CREATE TRIGGER "link_volume_after_set_delete" AFTER DELETE ON "set_entry"
WHEN {_v7_rep_set("OLD")}
BEGIN
    DELETE FROM "link_volume" WHERE "workout_exercise_id" = OLD.workout_exercise_id;
    {_v7_one_link_row("OLD.workout_exercise_id")};
END;

CREATE TRIGGER "link_volume_after_link_insert" AFTER INSERT ON "workout_exercise"
BEGIN
    DELETE FROM "link_volume" WHERE "workout_exercise_id" = NEW.id;
    {_v7_one_link_row("NEW.id")};
END;

CREATE TRIGGER "link_volume_after_link_update" AFTER UPDATE OF "id", "exercise_id"
    ON "workout_exercise"
WHEN OLD.id IS NOT NEW.id OR OLD.exercise_id IS NOT NEW.exercise_id
BEGIN
    DELETE FROM "link_volume" WHERE "workout_exercise_id" IN (OLD.id, NEW.id);
    {_v7_one_link_row("NEW.id")};
END;

CREATE TRIGGER "link_volume_after_link_delete" AFTER DELETE ON "workout_exercise"
BEGIN
    DELETE FROM "link_volume" WHERE "workout_exercise_id" = OLD.id;
END;

CREATE TRIGGER "link_volume_after_unilateral_update" AFTER UPDATE OF "unilateral" ON "exercise"
WHEN OLD.unilateral IS NOT NEW.unilateral
BEGIN
    DELETE FROM "link_volume" WHERE "workout_exercise_id" IN (
        SELECT id FROM workout_exercise WHERE exercise_id = NEW.id);
    {_V7_LINK_VOLUME_ROWS.format(links="we.exercise_id = NEW.id")};
END;
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _INITIAL_SCHEMA),
    Migration(2, "an import keeps the problem lines it skipped", _IMPORT_SKIPPED_ROWS),
    Migration(
        3,
        "supersets, one-sided and assisted sets, an exercise's bar and pinned note",
        _LIFTERS_TOOLKIT,
    ),
    Migration(
        4,
        "an exercise's movement pattern and spinal load; discomfort flagged after a workout",
        _BACK_COACH,
    ),
    Migration(5, "a goal per exercise; accepted deload weeks", _GOALS_AND_DELOADS),
    Migration(
        6,
        "a photo's registration to its pose's reference photo, and its manual landmarks",
        _PHOTO_REGISTRATION,
    ),
    Migration(
        7,
        "each workout exercise's rep-set volume, kept by triggers, for the weekly volume chart",
        _LINK_VOLUME,
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version


def schema_version(database: Database) -> int:
    return int(database.execute_sql("PRAGMA user_version").fetchone()[0])


class BrokenReferencesError(Exception):
    """A migration left rows that point at rows that do not exist."""


def migrate(database: Database, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Bring the schema up to date: every pending step and its version bump, or nothing.

    All pending migrations run in one transaction (each in a savepoint of its own), so an
    upgrade across several versions that fails at any step leaves the database exactly as it
    was. Foreign keys are enforced off while they run, so that rebuilding a table (SQLite's
    create-copy-drop-rename) can never cascade a delete into its children; they are checked
    before the commit instead (problems that were there before are not the upgrade's).
    """
    current = schema_version(database)
    pending = [migration for migration in migrations if migration.version > current]
    if not pending:
        return []
    enforced = int(database.execute_sql("PRAGMA foreign_keys").fetchone()[0])
    database.execute_sql("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction
    try:
        with database.atomic():
            already = set(database.execute_sql("PRAGMA foreign_key_check").fetchall())
            for migration in pending:
                with database.atomic():
                    for statement in migration.statements():
                        database.execute_sql(statement)
                    database.execute_sql(f"PRAGMA user_version = {int(migration.version)}")
            found = database.execute_sql("PRAGMA foreign_key_check").fetchall()
            broken = [row for row in found if row not in already]  # only what this broke
            if broken:
                table, rowid, parent, _ = broken[0]
                raise BrokenReferencesError(
                    f"{len(broken)} rows point at missing rows, e.g. {table} row {rowid} "
                    f"at {parent}"
                )
    finally:
        database.execute_sql(f"PRAGMA foreign_keys = {enforced}")
    for migration in pending:
        log.info("Migrated database to schema %d (%s)", migration.version, migration.description)
    return [migration.version for migration in pending]
