"""Seeding the shipped catalogue, and re-seeding a newer one without losing a person's work."""

from __future__ import annotations

from dataclasses import replace

from backtracker.domain.catalogue import ExerciseDraft
from backtracker.services import library
from backtracker.storage.models import ALL_MODELS, Exercise, ExerciseAlias, Muscle, db
from backtracker.storage.seeding import (
    Catalogue,
    CatalogueEntry,
    load_catalogue,
    seed_catalogue,
)

PROVEN_FIVE = {"dumbbell-row", "lat-pulldown", "superman", "renegade-row", "face-pull"}


def dump_database() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    return {
        model._meta.table_name: db.execute_sql(
            f'SELECT * FROM "{model._meta.table_name}" ORDER BY 1'
        ).fetchall()
        for model in ALL_MODELS
    }


def exercise_state(exercise_id: int) -> tuple:
    """An exercise's row with its aliases and muscle links, to compare before and after."""
    row = db.execute_sql('SELECT * FROM "exercise" WHERE id = ?', (exercise_id,)).fetchone()
    aliases = db.execute_sql(
        'SELECT alias, source FROM "exercise_alias" WHERE exercise_id = ? ORDER BY id',
        (exercise_id,),
    ).fetchall()
    links = db.execute_sql(
        'SELECT muscle_id, role FROM "exercise_muscle" WHERE exercise_id = ? ORDER BY id',
        (exercise_id,),
    ).fetchall()
    return row, aliases, links


def by_key(key: str) -> Exercise:
    return Exercise.get(Exercise.catalogue_key == key)


def custom_draft(name: str) -> ExerciseDraft:
    return ExerciseDraft(
        name=name,
        aliases=[f"{name} Alias"],
        summary="My own exercise.",
        equipment="band",
        load_profile="light",
        tracking="weight_reps",
        primary_muscles=["rhomboids"],
        secondary_muscles=["rear_delts"],
        steps=["Pull the band apart."],
    )


NEW_ENTRY = CatalogueEntry(
    key="test-new-row",
    draft=ExerciseDraft(
        name="Test New Row",
        aliases=["Brand New Row"],
        summary="A row added in a later catalogue.",
        primary_muscles=["lats"],
        secondary_muscles=["biceps"],
        steps=["Row."],
    ),
    variations=("dumbbell-row",),
    tags=("horizontal-pull",),
    proven_five=False,
)


def newer_catalogue(summaries: dict[str, str]) -> Catalogue:
    """The shipped catalogue one version on, with new summaries and NEW_ENTRY added."""
    shipped = load_catalogue()
    entries = tuple(
        replace(entry, draft=replace(entry.draft, summary=summaries[entry.key]))
        if entry.key in summaries
        else entry
        for entry in shipped.entries
    )
    return replace(shipped, version=shipped.version + 1, entries=(*entries, NEW_ENTRY))


# --- the shipped catalogue ------------------------------------------------------------------


def test_seeding_adds_the_whole_catalogue(profile):
    catalogue = load_catalogue()
    report = seed_catalogue()
    assert len(catalogue.entries) >= 40
    assert sorted(report.added) == sorted(entry.key for entry in catalogue.entries)
    assert Exercise.select().count() == len(catalogue.entries)
    assert Exercise.select().where(Exercise.is_custom).count() == 0


def test_the_proven_five_are_marked(seeded):
    proven = {row.catalogue_key for row in Exercise.select().where(Exercise.proven_five)}
    assert proven == PROVEN_FIVE


def test_muscles_are_seeded_with_the_major_back_muscles(seeded):
    assert Muscle.select().count() == 15
    major = {m.key for m in Muscle.select().where(Muscle.major_back)}
    assert major == {"lats", "trapezius", "rhomboids", "erector_spinae"}


def test_catalogue_aliases_are_stored_with_source_catalogue(seeded):
    for entry in load_catalogue().entries:
        rows = ExerciseAlias.select().where(ExerciseAlias.exercise == by_key(entry.key))
        assert {(a.alias, a.source) for a in rows} == {
            (alias, "catalogue") for alias in entry.draft.aliases
        }, entry.key


def test_seeding_twice_changes_nothing(seeded):
    before = dump_database()
    report = seed_catalogue()
    assert not report.changed
    assert dump_database() == before


# --- a newer catalogue ----------------------------------------------------------------------


def test_a_newer_catalogue_keeps_custom_exercises_and_user_edits(seeded):
    custom_id = library.add_custom_exercise(custom_draft("Doorframe Pull-Apart"))
    edited = by_key("lat-pulldown")
    draft = library.exercise(edited.id).to_draft()
    draft.summary = "My own words about the pulldown."
    library.edit_exercise(edited.id, draft)
    custom_before = exercise_state(custom_id)
    edited_before = exercise_state(edited.id)

    report = seed_catalogue(
        newer_catalogue(
            {
                "lat-pulldown": "Catalogue text for the pulldown, version two.",
                "face-pull": "Catalogue text for the face pull, version two.",
            }
        )
    )

    assert report.added == ["test-new-row"]
    assert "face-pull" in report.refreshed
    assert report.kept_user_edits == ["lat-pulldown"]

    new = by_key("test-new-row")
    assert new.name == "Test New Row"
    assert [a.alias for a in new.aliases] == ["Brand New Row"]
    assert by_key("face-pull").summary == "Catalogue text for the face pull, version two."
    assert by_key("lat-pulldown").summary == "My own words about the pulldown."
    assert exercise_state(edited.id) == edited_before
    assert exercise_state(custom_id) == custom_before


def test_a_new_entry_named_like_a_custom_exercise_gets_a_free_name(seeded):
    custom_id = library.add_custom_exercise(custom_draft("Test New Row"))
    custom_before = exercise_state(custom_id)

    report = seed_catalogue(newer_catalogue({}))

    assert report.added == ["test-new-row"]
    assert by_key("test-new-row").name == "Test New Row (2)"
    assert exercise_state(custom_id) == custom_before
    assert library.exercise(custom_id).name == "Test New Row"


def test_an_unchanged_newer_catalogue_does_not_touch_edited_entries(seeded):
    row = by_key("superman")
    draft = library.exercise(row.id).to_draft()
    draft.cue = "Reach long."
    library.edit_exercise(row.id, draft)
    before = exercise_state(row.id)

    seed_catalogue(newer_catalogue({}))

    assert exercise_state(row.id) == before
