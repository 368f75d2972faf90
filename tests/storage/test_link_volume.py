"""The per-link volume kept by triggers (migration 7, storage/link_volume.py), and the weekly
volume by muscle read from it (issue 17, overview redraw).

The reference is the query as it was before the table: two sums over each link's sets. After
every kind of write the app makes (and a few it only could), the table must hold exactly those
sums (the same floats) for every link with a rep set and no other row, and the weekly volume
by muscle must give exactly the old query's weeks, muscles and floats, in the same order.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import sqlite3
from contextlib import closing

from backtracker.services import importers
from backtracker.storage import body, exercises, link_volume, migrations, workouts
from backtracker.storage import progress as store
from backtracker.storage.database import close_database, open_database
from backtracker.storage.models import Exercise, SetEntry, Workout, WorkoutExercise, db
from backtracker.storage.sessions import REP_SET
from backtracker.storage.volume import volume_reps_sql
from tests.fixtures.build_fixture_databases import fixture_path
from tests.services.test_importers_files import strong_ios
from tests.storage.test_progress import at, exercise_id, log, log_history
from tests.storage.test_progress_days_19 import generated_history

# The weekly volume by muscle before link_volume, as it was rendered (1ba2eb3).
OLD_VOLUME_BY_MUSCLE_SQL = """
WITH primaries AS (
    SELECT em.exercise_id, m.key, c.share
    FROM exercise_muscle em JOIN muscle m ON m.id = em.muscle_id
    JOIN (SELECT exercise_id, 1.0 / COUNT(*) AS share FROM exercise_muscle
        WHERE role = 'primary' GROUP BY exercise_id) c ON c.exercise_id = em.exercise_id
    WHERE em.role = 'primary'
),
per_link AS (
    SELECT date(w.started_at, '-6 days', 'weekday 1') AS week, we.exercise_id,
        CASE WHEN e.tracking = 'bodyweight_reps'
            THEN COALESCE(
    (SELECT b.value FROM body_metric b WHERE b.metric = 'bodyweight'
        AND b.measured_on <= date(w.started_at) ORDER BY b.measured_on DESC LIMIT 1),
    (SELECT b.value FROM body_metric b WHERE b.metric = 'bodyweight'
        ORDER BY b.measured_on ASC LIMIT 1)) * (SELECT TOTAL((CASE WHEN e.unilateral
            THEN COALESCE(s.reps_left + s.reps_right, 2 * s.reps) ELSE s.reps END))
            FROM set_entry s WHERE s.workout_exercise_id = we.id AND s.completed = 1
            AND s.set_type != 'warmup' AND s.reps > 0)
            ELSE 0.0 END
        + (SELECT TOTAL(s.weight_kg * CAST((CASE WHEN e.unilateral
            THEN COALESCE(s.reps_left + s.reps_right, 2 * s.reps) ELSE s.reps END) AS REAL))
            FROM set_entry s WHERE s.workout_exercise_id = we.id AND s.completed = 1
            AND s.set_type != 'warmup' AND s.reps > 0) AS kg
    FROM workout w
    JOIN workout_exercise we ON we.workout_id = w.id
    JOIN exercise e ON e.id = we.exercise_id
    WHERE w.started_at >= ?
),
per_exercise AS (
    SELECT week, exercise_id, TOTAL(kg) AS kg FROM per_link GROUP BY week, exercise_id
)
SELECT p.week, primaries.key, SUM(p.kg * primaries.share)
FROM per_exercise p JOIN primaries ON primaries.exercise_id = p.exercise_id
GROUP BY p.week, primaries.key
HAVING SUM(p.kg * primaries.share) > 0
ORDER BY p.week, primaries.key
"""

# The old query's two sums for every link, and how many rep sets it has.
_OLD_SETS_OF_LINK = """FROM set_entry s WHERE s.workout_exercise_id = we.id AND s.completed = 1
    AND s.set_type != 'warmup' AND s.reps > 0"""
_OLD_VOLUME_REPS = """(CASE WHEN e.unilateral
    THEN COALESCE(s.reps_left + s.reps_right, 2 * s.reps) ELSE s.reps END)"""
OLD_PER_LINK_SQL = f"""SELECT we.id,
    (SELECT TOTAL({_OLD_VOLUME_REPS}) {_OLD_SETS_OF_LINK}),
    (SELECT TOTAL(s.weight_kg * CAST({_OLD_VOLUME_REPS} AS REAL)) {_OLD_SETS_OF_LINK}),
    (SELECT COUNT(*) {_OLD_SETS_OF_LINK})
FROM workout_exercise we JOIN exercise e ON e.id = we.exercise_id ORDER BY we.id"""

DONE = {"completed": True}


def stored() -> list[tuple[int, str, str]]:
    rows = db.execute_sql("SELECT workout_exercise_id, reps, kg FROM link_volume ORDER BY 1")
    return [(link, repr(reps), repr(kg)) for link, reps, kg in rows.fetchall()]


def recounted() -> list[tuple[int, str, str]]:
    rows = db.execute_sql(OLD_PER_LINK_SQL).fetchall()
    return [(link, repr(reps), repr(kg)) for link, reps, kg, counted in rows if counted]


def old_volume(since: dt.date | None) -> list[tuple[dt.date, str, str]]:
    start = store.week_start(since).isoformat() if since is not None else ""
    rows = db.execute_sql(OLD_VOLUME_BY_MUSCLE_SQL, (start,)).fetchall()
    return [(dt.date.fromisoformat(week), key, repr(kg)) for week, key, kg in rows]


def in_step(*since: dt.date | None) -> int:
    """The table is the old sums, and the chart the old query's; how many weeks × muscles."""
    assert stored() == recounted()
    assert link_volume.mismatches() == 0
    shown = 0
    for start in (None, *since):
        got = [(w, k, repr(kg)) for w, k, kg in store.weekly_volume_by_muscle(since=start)]
        assert got == old_volume(start), start
        shown += len(got)
    return shown


def links_of(exercise: int) -> list[int]:
    query = WorkoutExercise.select(WorkoutExercise.id).where(WorkoutExercise.exercise == exercise)
    return [link for (link,) in query.tuples()]


# --- the definition -------------------------------------------------------------------------


def test_the_triggers_count_what_the_app_counts():
    """Migration 7 froze REP_SET and volume_reps_sql into its triggers. If this fails, one of
    them changed: add a migration that creates the triggers again with the new definition
    (and rebuilds the table), then point this test at it."""
    assert migrations._V7_LINK_VOLUME_ROWS == link_volume.ROWS_SQL
    assert migrations._v7_rep_set("s") == REP_SET
    assert volume_reps_sql("s", "e.unilateral") == migrations._V7_VOLUME_REPS
    one_link = migrations._V7_ONE_LINK_ROW  # a write's one pass over its link's sets
    assert one_link.count(REP_SET) == 1
    assert one_link.count(volume_reps_sql("s", "e.unilateral")) == 2


def test_the_query_reads_no_sets():
    assert "set_entry" not in store._VOLUME_BY_MUSCLE_SQL
    assert "link_volume" in store._VOLUME_BY_MUSCLE_SQL


def test_a_trigger_is_one_statement_and_older_migrations_split_as_before():
    for migration in migrations.MIGRATIONS[:6]:
        before = [part.strip() for part in migration.sql.split(";\n") if part.strip()]
        assert migration.statements() == before, migration.version
    statements = migrations.MIGRATIONS[6].statements()
    triggers = [s for s in statements if s.startswith("CREATE TRIGGER")]
    assert len(triggers) == 7
    assert all(s.endswith("END") for s in triggers)


# --- histories ------------------------------------------------------------------------------


def one_sided_history() -> None:
    """Sets logged per side, each side, warm-ups, an open set, assistance and added weight."""
    body.set_bodyweight(dt.date(2025, 3, 1), 81.3)
    workout = workouts.start_workout(at("2025-03-04"))
    row = workouts.add_exercise(
        workout, workouts.PlannedExercise(exercise_id("single-arm-dumbbell-row"))
    )
    pull = workouts.add_exercise(workout, workouts.PlannedExercise(exercise_id("assisted-pull-up")))
    workouts.add_set(row, {"weight_kg": 22.7, "reps": 7, "reps_left": 8, "reps_right": 7, **DONE})
    workouts.add_set(row, {"weight_kg": 22.7, "reps": 6, **DONE})
    workouts.add_set(row, {"weight_kg": 10.1, "reps": 10, "set_type": "warmup", **DONE})
    workouts.add_set(row, {"weight_kg": 24.9, "reps": 5})  # not done
    workouts.add_set(pull, {"weight_kg": -20.3, "reps": 8, **DONE})
    workouts.add_set(pull, {"weight_kg": 5.1, "reps": 3, "set_type": "drop", **DONE})
    workouts.update_workout(workout, {"ended_at": at("2025-03-04", 19)})


def test_a_generated_history_gives_the_old_sums(seeded):
    generated_history(19)
    log_history()  # bodyweight pull-ups with bodyweights logged, muscles shared by several
    one_sided_history()
    assert len(stored()) > 100
    assert in_step(dt.date(2025, 6, 4), dt.date(2026, 1, 8)) > 60


def test_bodyweight_exercises_without_and_then_with_a_bodyweight(seeded):
    pull, chin = exercise_id("pull-up"), exercise_id("assisted-pull-up")
    log(at("2026-01-05"), {pull: [(None, 8), (0.0, 6), (12.6, 4)], chin: [(-30.1, 9)]})
    log(at("2026-01-12"), {pull: [(None, 5, "warmup"), (None, 0)]})  # nothing counted
    assert len(stored()) == 2
    assert in_step() == 0  # no bodyweight known: they count nothing, not the added weight
    body.set_bodyweight(dt.date(2026, 1, 8), 79.4)  # after the first workout: the earliest
    assert in_step() > 0
    body.set_bodyweight(dt.date(2026, 1, 1), 80.2)  # now the one before it
    assert in_step(dt.date(2026, 1, 7)) > 0


def test_a_demo_profile_gives_the_old_sums(seeded):
    from backtracker.domain import clock
    from backtracker.services.demo import fill_demo_profile
    from backtracker.storage.routines import seed_builtin_routines

    seed_builtin_routines()
    fill_demo_profile(today=clock.today(), weeks=26)
    assert in_step(clock.today() - dt.timedelta(days=60)) > 26


def test_an_import_gives_the_old_sums(seeded, tmp_path):
    generated_history(7)
    result = importers.import_file(strong_ios(tmp_path / "ios.csv"), unit="kg")
    assert result.sets_added > 0
    batch = (
        WorkoutExercise.select(WorkoutExercise.id)
        .join(Workout)
        .where(Workout.import_batch == result.batch_id)
    )
    assert {link for (link,) in batch.tuples()} & {row[0] for row in stored()}
    assert in_step() > 0


# --- every kind of write --------------------------------------------------------------------


def test_each_kind_of_write_keeps_the_sums_right(seeded):
    generated_history(1917)
    one_sided_history()
    in_step()
    row, single = exercise_id("dumbbell-row"), exercise_id("single-arm-dumbbell-row")
    workout = log(at("2025-11-03"), {row: [(30.3, 8), (32.9, 5, "warmup")], single: [(14.1, 9)]})
    link, other = links_of(row)[-1], links_of(single)[-1]
    in_step()

    open_set = workouts.add_set(link, {"weight_kg": 35.3, "reps": 3})  # planned, not done
    in_step()
    workouts.update_set(open_set, {"completed": True})  # ticked done
    in_step()
    workouts.update_set(open_set, {"weight_kg": 36.7, "reps": 4})  # corrected
    in_step()
    workouts.update_set(open_set, {"weight_kg": 37.9})  # the weight alone
    in_step()
    workouts.update_set(open_set, {"set_type": "warmup"})  # called a warm-up after all
    in_step()
    workouts.update_set(open_set, {"set_type": "drop", "reps": 0})  # no reps: not counted
    in_step()
    workouts.update_set(open_set, {"reps": 6})
    sided = workouts.add_set(other, {"weight_kg": 16.3, "reps": 6, **DONE})
    workouts.update_set(sided, {"reps_left": 7, "reps_right": 6})  # the sides, afterwards
    in_step()

    removed_link, logged = workouts.delete_set(open_set)
    in_step()
    workouts.restore_set(removed_link, logged)  # undo, with its id
    in_step()
    SetEntry.update(workout_exercise=other).where(SetEntry.id == open_set).execute()  # moved
    in_step()
    last = [s.id for s in SetEntry.select().where(SetEntry.workout_exercise == link)]
    SetEntry.delete().where(SetEntry.id.in_(last)).execute()  # the link left with none
    assert link not in {row[0] for row in stored()}
    in_step()

    workouts.remove_exercise(other)
    assert other not in {row[0] for row in stored()}
    in_step()
    deleted = workouts.delete_workout(workout)
    in_step()
    workouts.restore_workout(deleted)
    in_step()
    deleted = workouts.delete_workout(workouts.start_workout(at("2025-11-05")))  # empty
    in_step()


def test_a_changed_one_sided_flag_recounts_its_links(seeded):
    generated_history(19)
    one_sided_history()
    single = exercise_id("single-arm-dumbbell-row")
    mine = set(links_of(single))
    before = [row for row in stored() if row[0] in mine]
    assert len(before) > 5
    Exercise.update(unilateral=False).where(Exercise.id == single).execute()
    after = [row for row in stored() if row[0] in mine]
    assert [row[0] for row in after] == [row[0] for row in before]
    assert all(new != old for new, old in zip(after, before, strict=True))  # one side now
    in_step()
    Exercise.update(unilateral=True).where(Exercise.id == single).execute()
    assert [row for row in stored() if row[0] in mine] == before
    in_step()


def test_a_merge_and_its_undo_keep_the_sums_right(seeded):
    generated_history(19)
    one_sided_history()
    single, row = exercise_id("single-arm-dumbbell-row"), exercise_id("dumbbell-row")
    before = stored()
    record = exercises.merge_exercises(row, single)  # one-sided sets now count one side
    assert stored() != before
    in_step()
    exercises.unmerge_exercises(record)
    assert stored() == before
    in_step()


def test_a_link_moved_to_another_exercise_or_renumbered(seeded):
    one_sided_history()
    row, single = exercise_id("dumbbell-row"), exercise_id("single-arm-dumbbell-row")
    [link] = links_of(single)
    WorkoutExercise.update(exercise=row).where(WorkoutExercise.id == link).execute()
    in_step()
    workout = workouts.start_workout(at("2025-03-06"))
    empty = workouts.add_exercise(workout, workouts.PlannedExercise(row))
    WorkoutExercise.update(id=empty + 100).where(WorkoutExercise.id == empty).execute()
    in_step()


def test_a_moved_workout_is_counted_in_its_new_week(seeded):
    generated_history(19)
    first = min(w for w, _, _ in store.weekly_volume_by_muscle())
    [workout] = [w for (w,) in db.execute_sql("SELECT MIN(id) FROM workout").fetchall()]
    workouts.update_workout(workout, {"started_at": dt.datetime(2024, 12, 2, 18)})
    in_step()
    assert min(w for w, _, _ in store.weekly_volume_by_muscle()) < first


# --- writes the app does not make, which must not break it either --------------------------


def test_writes_with_foreign_keys_off_or_deferred(seeded, profile):
    one_sided_history()
    row = exercise_id("dumbbell-row")
    log(at("2025-03-11"), {row: [(40.1, 5), (42.3, 3)]})
    [link] = links_of(row)
    close_database()
    with closing(sqlite3.connect(profile.database_path, isolation_level=None)) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM workout_exercise WHERE id = ?", (link,))  # no cascade
        kept = "SELECT COUNT(*) FROM link_volume WHERE workout_exercise_id = ?"
        assert conn.execute(kept, (link,)).fetchone()[0] == 0
        conn.execute("DELETE FROM set_entry WHERE workout_exercise_id = ?", (link,))
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN")
        conn.execute("PRAGMA defer_foreign_keys = ON")  # a set before its link
        conn.execute(
            "INSERT INTO set_entry (workout_exercise_id, position, set_type, weight_kg, reps, "
            "notes, completed) VALUES (?, 0, 'normal', 44.9, 4, '', 1)",
            (link,),
        )
        workout = conn.execute("SELECT MAX(id) FROM workout").fetchone()[0]
        conn.execute(
            "INSERT INTO workout_exercise (id, workout_id, exercise_id, position, notes) "
            "VALUES (?, ?, ?, 5, '')",
            (link, workout, row),
        )
        conn.execute("COMMIT")
    open_database(profile.database_path)
    assert link in {row[0] for row in stored()}
    in_step()


# --- upgrades, restores and the health check ------------------------------------------------


def test_the_upgrade_from_schema_6_fills_the_table(tmp_path):
    database = tmp_path / "profile" / "backtracker.sqlite3"
    database.parent.mkdir()
    shutil.copyfile(fixture_path(6), database)
    try:
        open_database(database)
        assert migrations.schema_version(db) == migrations.SCHEMA_VERSION
        assert len(stored()) > 20
        in_step(dt.date(2025, 1, 1))
        SetEntry.delete().where(SetEntry.id == SetEntry.select().first().id).execute()
        in_step()  # and the triggers work on an upgraded profile
    finally:
        close_database()


def test_restoring_a_backup_of_schema_6_fills_the_table(tmp_path):
    from backtracker.services import backup

    old = tmp_path / "old"
    old.mkdir()
    shutil.copyfile(fixture_path(6), old / "backtracker.sqlite3")
    archive = backup.create_backup(tmp_path / "old.zip", data_dir=old)
    assert backup.read_manifest(archive).schema_version == 6
    backup.restore_backup(archive, data_dir=tmp_path / "restored")
    try:
        open_database(tmp_path / "restored" / "backtracker.sqlite3")
        assert len(stored()) > 20
        in_step()
    finally:
        close_database()


def test_the_health_check_rebuilds_a_table_out_of_step(seeded, profile, caplog):
    from backtracker.services.health import check_profile

    generated_history(19)
    right = stored()
    db.execute_sql("UPDATE link_volume SET kg = kg + 0.5 WHERE workout_exercise_id = ?", (2,))
    db.execute_sql("DELETE FROM link_volume WHERE workout_exercise_id = ?", (right[-1][0],))
    assert link_volume.mismatches() == 3  # one changed (out and in), one missing
    with caplog.at_level(logging.ERROR):
        report = check_profile(profile.data_dir, settle_seconds=0)
    assert report.ok  # derived numbers, put right: nothing for the person to do
    assert "link_volume was out of step with the sets (3 rows)" in caplog.text
    assert stored() == right
    caplog.clear()
    check_profile(profile.data_dir, settle_seconds=0)
    assert "link_volume" not in caplog.text


def test_rebuild_gives_what_the_triggers_gave(seeded):
    generated_history(23)
    one_sided_history()
    right = stored()
    link_volume.rebuild()
    assert stored() == right
