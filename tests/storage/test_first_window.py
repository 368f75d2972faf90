"""The first window's plain-sqlite3 reader agrees with the ORM, and declines whenever opening
the database could change what the window shows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from backtracker.domain import clock
from backtracker.domain.catalogue import ExerciseDraft
from backtracker.services import library, logbook, pinned_notes, preferences
from backtracker.services.demo import fill_demo_profile
from backtracker.storage import exercises, first_window, routines, seeding, settings, workouts
from backtracker.storage.first_window import read_first_window
from backtracker.storage.migrations import SCHEMA_VERSION
from backtracker.storage.routines import seed_builtin_routines


def _custom(name: str, **changes: object) -> int:
    values: dict[str, object] = {
        "name": name,
        "aliases": [f"{name} alias", f"Another {name}"],
        "summary": "A custom one.",
        "equipment": "none",
        "no_gym": True,
        "primary_muscles": ["lats"],
        "secondary_muscles": ["rhomboids", "biceps"],
        "steps": ["Hold on.", "Pull."],
        "cue": "Chest up.",
        "mistakes": ["Shrugging."],
        "unilateral": True,
        "pattern": "horizontal_pull",
        "spinal_load": "low",
    }
    values.update(changes)
    return library.add_custom_exercise(ExerciseDraft(**values))  # type: ignore[arg-type]


@pytest.fixture
def lived_in(seeded):
    """Training, custom exercises (one used, one not, one archived), a pinned note, edited
    preferences and a catalogue exercise edited and another archived."""
    seed_builtin_routines()
    fill_demo_profile(today=clock.today(), weeks=6)
    unused = _custom("Towel Row")
    used = _custom("Door Pull", bar="ez", spinal_load=None, pattern=None, unilateral=False)
    archived = _custom("Old Thing", aliases=[])
    library.archive_exercise(archived)
    catalogue = library.exercises()
    library.archive_exercise(catalogue[3].id)
    edited = catalogue[5]
    library.edit_exercise(edited.id, edited.to_draft())
    pinned_notes.pin(catalogue[0].id, "seat at 4, grip just outside shoulders")
    prefs = preferences.Preferences(unit="lb", goal_minimum=3, goal_target=4, formula="brzycki")
    preferences.save(prefs)
    workout = logbook.start_workout(prefs)
    logbook.add_exercise(workout, used, prefs)
    return {"unused": unused, "used": used, "archived": archived, "workout": workout}


def test_the_two_readers_agree_on_every_field(lived_in, seeded):
    data = read_first_window(seeded.database_path)
    assert data is not None

    assert data.exercises == exercises.list_exercises()  # every field, in the same order
    assert data.muscles == exercises.list_muscles()
    assert preferences.from_stored(data.stored_preferences) == preferences.load()
    assert preferences.load().unit == "lb"  # not the defaults on both sides
    assert data.pinned_notes == {e.id: pinned_notes.note_of(e.id) for e in data.exercises}
    assert data.deletable == {e.id for e in data.exercises if library.can_delete(e.id)}
    assert lived_in["unused"] in data.deletable and lived_in["used"] not in data.deletable
    assert data.active_workout_id == workouts.active_workout_id() == lived_in["workout"]
    # The fixture's variety is really there.
    kinds = {(e.is_custom, e.archived, e.user_modified) for e in data.exercises}
    assert {(True, False, False), (True, True, False), (False, True, False)} <= kinds
    assert any(e.user_modified for e in data.exercises)


def test_no_workout_running_and_default_preferences(seeded):
    seed_builtin_routines()
    data = read_first_window(seeded.database_path)
    assert data is not None
    assert data.active_workout_id is None
    assert preferences.from_stored(data.stored_preferences) == preferences.Preferences()
    assert data.exercises == exercises.list_exercises() and len(data.exercises) >= 40


def test_reading_changes_nothing_in_the_file(lived_in, seeded):
    from backtracker.storage.database import close_database

    close_database()  # checkpoints: the file alone holds the data
    path = seeded.database_path
    before = path.read_bytes()
    assert read_first_window(path) is not None
    assert path.read_bytes() == before


def test_setting_names_are_the_ones_their_owners_write():
    assert first_window.CATALOGUE_FINGERPRINT_KEY == seeding.CATALOGUE_FINGERPRINT_KEY
    assert first_window.ROUTINES_SEEDED_KEY == routines.SEEDED_KEY
    assert first_window.PREFERENCES_KEY == preferences.KEY


def _set_user_version(path: Path, version: int) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {version}")
    conn.close()


@pytest.mark.parametrize("version", [SCHEMA_VERSION - 1, SCHEMA_VERSION + 1])
def test_a_schema_to_migrate_or_refuse_takes_the_usual_path(seeded, version):
    seed_builtin_routines()
    _set_user_version(seeded.database_path, version)
    assert read_first_window(seeded.database_path) is None


def test_a_catalogue_to_seed_takes_the_usual_path(seeded):
    seed_builtin_routines()
    settings.set_setting(seeding.CATALOGUE_FINGERPRINT_KEY, "1:00000000")  # an older file
    assert read_first_window(seeded.database_path) is None
    settings.delete_setting(seeding.CATALOGUE_FINGERPRINT_KEY)
    assert read_first_window(seeded.database_path) is None


def test_routines_to_seed_take_the_usual_path(seeded):
    assert read_first_window(seeded.database_path) is None  # a first start
    seed_builtin_routines()
    assert read_first_window(seeded.database_path) is not None


def test_no_database_an_empty_file_or_another_file_take_the_usual_path(tmp_path):
    missing = tmp_path / "backtracker.sqlite3"
    assert read_first_window(missing) is None
    missing.write_bytes(b"")
    assert read_first_window(missing) is None
    missing.write_bytes(b"This is not a database, just some text. " * 200)
    assert read_first_window(missing) is None


def test_a_read_error_takes_the_usual_path(seeded):
    seed_builtin_routines()
    settings.set_setting(preferences.KEY, {"unit": "kg"})
    with sqlite3.connect(seeded.database_path) as conn:  # JSON that does not parse
        conn.execute("UPDATE exercise SET steps_json = '[broken' WHERE id = 1")
    conn.close()
    assert read_first_window(seeded.database_path) is None


def test_a_migration_this_version_adds_takes_the_usual_path(seeded, monkeypatch):
    from backtracker.storage import migrations as schema

    seed_builtin_routines()
    assert read_first_window(seeded.database_path) is not None
    step = schema.Migration(SCHEMA_VERSION + 1, "test: one more step", "SELECT 1")
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, step))
    assert read_first_window(seeded.database_path) is None
