"""The catalogue that brings movement patterns and spinal loads refreshes older profiles."""

from __future__ import annotations

import json
import shutil

import pytest

from backtracker import resources
from backtracker.domain.errors import ValidationError
from backtracker.services import library
from backtracker.storage.database import close_database, open_database
from backtracker.storage.models import Exercise
from backtracker.storage.seeding import load_catalogue, seed_catalogue
from tests.fixtures.build_fixture_databases import fixture_path

SHIPPED = resources.read_json("catalogue", "exercises.json")
EXPECTED = {e["key"]: (e["pattern"], e["spinal_load"]) for e in SHIPPED["exercises"]}


def catalogue_version_2() -> bytes:
    """The catalogue as version 2 shipped it: no pattern and no spinal load."""
    old = json.loads(json.dumps(SHIPPED))
    old["version"] = 2
    for entry in old["exercises"]:
        del entry["pattern"], entry["spinal_load"]
    return json.dumps(old).encode()


def coach_fields() -> dict[str, tuple[str | None, str | None]]:
    return {
        row.catalogue_key: (row.pattern, row.spinal_load)
        for row in Exercise.select().where(Exercise.catalogue_key.is_null(False))
    }


def test_a_profile_seeded_with_version_2_gets_the_fields_and_keeps_its_own(profile):
    seed_catalogue(load_catalogue(catalogue_version_2()))
    assert set(coach_fields().values()) == {(None, None)}
    # A person edited the barbell row (their own pattern and load) and the superman (only
    # its cue: the pattern and load stay unknown, as they were).
    row = Exercise.get(Exercise.catalogue_key == "barbell-row")
    draft = library.exercise(row.id).to_draft()
    draft.pattern, draft.spinal_load = "hinge", "moderate"
    library.edit_exercise(row.id, draft)
    superman = Exercise.get(Exercise.catalogue_key == "superman")
    draft = library.exercise(superman.id).to_draft()
    draft.cue = "Reach long."
    library.edit_exercise(superman.id, draft)

    report = seed_catalogue()

    assert report.version == SHIPPED["version"]
    assert sorted(report.kept_user_edits) == ["barbell-row", "superman"]
    fields = coach_fields()
    assert fields.pop("barbell-row") == ("hinge", "moderate")
    assert fields.pop("superman") == (None, None)
    assert fields == {key: value for key, value in EXPECTED.items() if key in fields}
    assert len(fields) == len(EXPECTED) - 2
    assert fields["chest-supported-row"] == ("horizontal_pull", "low")
    assert (
        library.exercise(Exercise.get(Exercise.catalogue_key == "t-bar-row").id).spinal_load
        == "high"
    )


def test_an_old_profile_upgraded_to_schema_4_is_filled_in_on_start(tmp_path):
    """A real profile from before the coach (schema 3, catalogue 1): after the upgrade and
    the seeding a start does, catalogue entries have the fields; the person's edited entry
    and their custom exercises are left as they were."""
    database = tmp_path / "backtracker.sqlite3"
    shutil.copyfile(fixture_path(3), database)
    open_database(database)
    try:
        assert set(coach_fields().values()) == {(None, None)}
        seed_catalogue()
        fields = coach_fields()
        assert fields["dumbbell-row"] == ("horizontal_pull", "high")
        assert fields["lat-pulldown"] == ("vertical_pull", "low")
        assert fields["cat-cow"] == ("mobility", "low")
        assert fields["barbell-row"] == (None, None)  # user_modified: the person's entry
        customs = Exercise.select().where(Exercise.is_custom)
        assert [(c.pattern, c.spinal_load) for c in customs] == [(None, None)] * 2
    finally:
        close_database()


def test_a_custom_exercise_stores_and_reads_back_both(seeded):
    draft = library.exercise(Exercise.get(Exercise.catalogue_key == "band-row").id).to_draft()
    draft.name, draft.aliases = "Towel Row", []
    draft.pattern, draft.spinal_load = "horizontal_pull", "low"
    new_id = library.add_custom_exercise(draft)
    info = library.exercise(new_id)
    assert (info.pattern, info.spinal_load) == ("horizontal_pull", "low")
    listed = {e.id: e for e in library.exercises()}[new_id]
    assert (listed.pattern, listed.spinal_load) == ("horizontal_pull", "low")


def test_a_bad_value_is_refused_and_nothing_is_written(seeded):
    row = Exercise.get(Exercise.catalogue_key == "seated-cable-row")
    draft = library.exercise(row.id).to_draft()
    draft.spinal_load = "severe"
    with pytest.raises(ValidationError) as raised:
        library.edit_exercise(row.id, draft)
    assert "spinal load" in raised.value.problems["spinal_load"]
    row = Exercise.get_by_id(row.id)
    assert (row.spinal_load, row.user_modified) == ("moderate", False)
