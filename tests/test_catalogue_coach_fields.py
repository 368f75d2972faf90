"""The back coach's catalogue fields: every exercise's movement pattern and spinal load."""

from __future__ import annotations

import pytest

from backtracker import resources
from backtracker.domain.catalogue import (
    ExerciseDraft,
    Pattern,
    SpinalLoad,
    pattern_label,
    spinal_load_label,
    validate_draft,
)
from backtracker.domain.errors import ValidationError

CATALOGUE = resources.read_json("catalogue", "exercises.json")
EXERCISES = CATALOGUE["exercises"]
BY_KEY = {entry["key"]: entry for entry in EXERCISES}
PATTERNS = {
    "vertical_pull",
    "horizontal_pull",
    "hinge",
    "extension",
    "carry",
    "push",
    "shrug",
    "fly",
    "core",
    "mobility",
    "cardio",
}


def by_key(entry: dict) -> str:
    return entry["key"]


def test_the_vocabulary_is_the_one_the_schema_documents():
    assert {p.value for p in Pattern} == PATTERNS
    assert [s.value for s in SpinalLoad] == ["low", "moderate", "high"]
    assert Pattern.HORIZONTAL_PULL.label == "Horizontal pull"
    assert SpinalLoad.HIGH.label == "High"
    assert pattern_label(None) == "Not set" and spinal_load_label(None) == "Not set"


def test_the_catalogue_version_is_past_the_one_without_the_fields():
    # Profiles seeded with version 2 had no pattern or spinal load: a newer version refreshes.
    assert int(CATALOGUE["version"]) >= 3


@pytest.mark.parametrize("entry", EXERCISES, ids=by_key)
def test_every_entry_has_a_valid_pattern_and_spinal_load(entry):
    assert entry.get("pattern") in PATTERNS
    assert entry.get("spinal_load") in {"low", "moderate", "high"}


@pytest.mark.parametrize(
    ("key", "spinal_load"),
    [
        ("barbell-row", "high"),  # bent-over: the issue's own example
        ("dumbbell-row", "high"),  # "Bent Over Row (Dumbbell)"
        ("t-bar-row", "high"),
        ("deadlift", "high"),
        ("romanian-deadlift", "high"),
        ("rack-pull", "high"),
        ("good-morning", "high"),
        ("chest-supported-row", "low"),  # the issue's own example
        ("machine-row", "low"),
        ("single-arm-dumbbell-row", "low"),  # the bench supports the spine
        ("lat-pulldown", "low"),
        ("pull-up", "low"),
        ("superman", "low"),
        ("seated-cable-row", "moderate"),
        ("kettlebell-swing", "moderate"),
        ("back-extension", "moderate"),
    ],
)
def test_named_spinal_loads(key, spinal_load):
    assert BY_KEY[key]["spinal_load"] == spinal_load


@pytest.mark.parametrize(
    ("key", "pattern"),
    [
        ("barbell-row", "horizontal_pull"),
        ("chest-supported-row", "horizontal_pull"),
        ("seated-cable-row", "horizontal_pull"),
        ("lat-pulldown", "vertical_pull"),
        ("pull-up", "vertical_pull"),
        ("chin-up", "vertical_pull"),
        ("deadlift", "hinge"),
        ("romanian-deadlift", "hinge"),
        ("kettlebell-swing", "hinge"),
        ("back-extension", "extension"),
        ("superman", "extension"),
        ("face-pull", "fly"),
        ("band-pull-apart", "fly"),
        ("reverse-fly", "fly"),
        ("dumbbell-shrug", "shrug"),
        ("barbell-shrug", "shrug"),
        ("bird-dog", "core"),
    ],
)
def test_named_patterns(key, pattern):
    assert BY_KEY[key]["pattern"] == pattern


@pytest.mark.parametrize("entry", EXERCISES, ids=by_key)
def test_stretches_are_mobility_and_cardio_is_cardio(entry):
    if entry["category"] == "stretch":
        assert (entry["pattern"], entry["spinal_load"]) == ("mobility", "low")
    if entry["category"] == "cardio":
        assert entry["pattern"] == "cardio"


def test_every_row_is_a_horizontal_pull_and_every_pulldown_a_vertical_one():
    for key, entry in BY_KEY.items():
        if key.endswith("-row") and entry["category"] == "strength":
            assert entry["pattern"] == "horizontal_pull", key
        if "pulldown" in key or key.endswith("pull-up"):
            assert entry["pattern"] == "vertical_pull", key


def test_a_low_load_row_exists_for_every_high_load_row():
    """The lower-back rule swaps a sore high-load exercise for a lower one: rows have one."""
    rows = [e for e in EXERCISES if e["pattern"] == "horizontal_pull"]
    assert any(e["spinal_load"] == "high" for e in rows)
    assert any(e["spinal_load"] == "low" and "rhomboids" in e["primary_muscles"] for e in rows)


# --- the rules a custom exercise follows --------------------------------------------------


def draft(**fields) -> ExerciseDraft:
    return ExerciseDraft(name="My Row", primary_muscles=["lats"], **fields)


def test_a_draft_keeps_a_valid_pattern_and_spinal_load():
    cleaned = validate_draft(
        draft(pattern="horizontal_pull", spinal_load="low"),
        known_muscles={"lats"},
        names_in_use=(),
    )
    assert (cleaned.pattern, cleaned.spinal_load) == ("horizontal_pull", "low")


def test_a_draft_may_leave_both_unknown():
    cleaned = validate_draft(
        draft(pattern="", spinal_load=None), known_muscles={"lats"}, names_in_use=()
    )
    assert (cleaned.pattern, cleaned.spinal_load) == (None, None)


def test_an_unknown_pattern_or_spinal_load_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as raised:
        validate_draft(
            draft(pattern="diagonal_pull", spinal_load="extreme"),
            known_muscles={"lats"},
            names_in_use=(),
        )
    problems = raised.value.problems
    assert "“diagonal_pull”" in problems["pattern"]
    assert "horizontal_pull" in problems["pattern"]
    assert problems["spinal_load"] == (
        "Unknown spinal load “extreme”: choose low, moderate or high."
    )
