"""The shipped resources are complete and consistent, checked without a database."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from backtracker import resources
from backtracker.domain.catalogue import (
    Category,
    Equipment,
    ExerciseDraft,
    LoadProfile,
    Tracking,
    validate_draft,
)

CODE = Path(__file__).resolve().parent.parent / "backtracker"
EXERCISES = resources.read_json("catalogue", "exercises.json")["exercises"]
MUSCLES = resources.read_json("catalogue", "muscles.json")["muscles"]
MUSCLE_KEYS = {m["key"] for m in MUSCLES}
EXERCISE_KEYS = {e["key"] for e in EXERCISES}

REQUIRED_FIELDS = {
    "key": str,
    "name": str,
    "aliases": list,
    "summary": str,
    "category": str,
    "equipment": str,
    "no_gym": bool,
    "load_profile": str,
    "tracking": str,
    "primary_muscles": list,
    "secondary_muscles": list,
    "steps": list,
    "cue": str,
    "mistakes": list,
    "variations": list,
    "proven_five": bool,
    "tags": list,
}
# Tags are optional (the loader defaults them); every other list must say something.
MAY_BE_EMPTY = {"tags"}
MUSCLE_FIELDS = (
    "key",
    "name",
    "short_name",
    "group",
    "major_back",
    "location",
    "function",
    "why_it_matters",
    "training_tip",
)


def by_key(entry: dict) -> str:
    return entry["key"]


def draft_of(entry: dict) -> ExerciseDraft:
    fields = (
        "name",
        "aliases",
        "summary",
        "category",
        "equipment",
        "no_gym",
        "load_profile",
        "tracking",
        "primary_muscles",
        "secondary_muscles",
        "steps",
        "cue",
        "mistakes",
    )
    return ExerciseDraft(**{name: entry[name] for name in fields})


# --- exercises.json -------------------------------------------------------------------------


def test_the_catalogue_has_a_version_and_unique_keys():
    assert int(resources.read_json("catalogue", "exercises.json")["version"]) >= 1
    assert len(EXERCISES) == len(EXERCISE_KEYS)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key) for key in EXERCISE_KEYS)


@pytest.mark.parametrize("entry", EXERCISES, ids=by_key)
def test_every_field_is_filled(entry):
    assert set(REQUIRED_FIELDS) <= set(entry), set(REQUIRED_FIELDS) - set(entry)
    for name, kind in REQUIRED_FIELDS.items():
        value = entry[name]
        assert isinstance(value, kind), name
        if kind is str:
            assert value.strip(), name
        if kind is list:
            assert all(isinstance(item, str) and item.strip() for item in value), name
            assert value or name in MAY_BE_EMPTY, f"{name} is empty"


@pytest.mark.parametrize("entry", EXERCISES, ids=by_key)
def test_enum_values_are_valid(entry):
    assert entry["category"] in {c.value for c in Category}
    assert entry["equipment"] in {e.value for e in Equipment}
    assert entry["load_profile"] in {p.value for p in LoadProfile}
    assert entry["tracking"] in {t.value for t in Tracking}


@pytest.mark.parametrize("entry", EXERCISES, ids=by_key)
def test_muscles_exist_and_are_not_both_primary_and_secondary(entry):
    assert set(entry["primary_muscles"]) <= MUSCLE_KEYS
    assert set(entry["secondary_muscles"]) <= MUSCLE_KEYS
    assert not set(entry["primary_muscles"]) & set(entry["secondary_muscles"])


@pytest.mark.parametrize("entry", EXERCISES, ids=by_key)
def test_variations_point_at_other_existing_entries(entry):
    assert set(entry["variations"]) <= EXERCISE_KEYS
    assert entry["key"] not in entry["variations"]


def test_names_and_aliases_are_unique_case_insensitively():
    names = Counter(
        name.casefold() for entry in EXERCISES for name in [entry["name"], *entry["aliases"]]
    )
    assert [name for name, count in names.items() if count > 1] == []


@pytest.mark.parametrize("entry", EXERCISES, ids=by_key)
def test_every_entry_passes_the_custom_exercise_rules(entry):
    """A catalogue entry must be one a person could have typed in themselves."""
    others = {
        name
        for other in EXERCISES
        if other is not entry
        for name in [other["name"], *other["aliases"]]
    }
    cleaned = validate_draft(draft_of(entry), known_muscles=MUSCLE_KEYS, names_in_use=others)
    assert cleaned == draft_of(entry), "the shipped text is not already normalised"


def test_the_proven_five():
    proven = {e["key"] for e in EXERCISES if e["proven_five"]}
    assert proven == {"dumbbell-row", "lat-pulldown", "superman", "renegade-row", "face-pull"}


# --- muscles.json ---------------------------------------------------------------------------


def test_muscles_json_has_the_fifteen_muscles():
    assert [m["key"] for m in MUSCLES] == [
        "lats",
        "trapezius",
        "rhomboids",
        "erector_spinae",
        "rear_delts",
        "shoulders",
        "biceps",
        "triceps",
        "forearms",
        "core",
        "chest",
        "glutes",
        "hamstrings",
        "quads",
        "calves",
    ]
    assert {m["key"] for m in MUSCLES if m["major_back"]} == {
        "lats",
        "trapezius",
        "rhomboids",
        "erector_spinae",
    }


@pytest.mark.parametrize("muscle", MUSCLES, ids=by_key)
def test_every_muscle_field_is_filled(muscle):
    assert set(MUSCLE_FIELDS) <= set(muscle)
    assert isinstance(muscle["major_back"], bool)
    for name in MUSCLE_FIELDS:
        if name != "major_back":
            assert isinstance(muscle[name], str) and muscle[name].strip(), name


# --- body diagram, icons and guide ----------------------------------------------------------


def test_body_diagram_shows_every_muscle_front_and_back():
    root = ET.fromstring(resources.read_bytes("diagram", "body.svg"))
    shown = Counter(
        element.get("data-muscle") for element in root.iter() if element.get("data-muscle")
    )
    assert {key: shown[key] for key in MUSCLE_KEYS if shown[key] < 2} == {}
    assert set(shown) <= MUSCLE_KEYS, "the diagram names a muscle the guide does not know"


# icon("name"...), icon("a" if cond else "b"), and MainWindow._action(..., "name").
_ICON_CALL = re.compile(r'\bicon\(\s*"([\w-]+)"(?:\s+if\s+[^()]*?\s+else\s+"([\w-]+)")?')
_ACTION_CALL = re.compile(r"\b_action\(((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)", re.DOTALL)
_LAST_STRING = re.compile(r'"([a-z][a-z0-9-]*)"\s*,?\s*$')


def icon_names_in_code() -> set[str]:
    names: set[str] = set()
    for source in CODE.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        for match in _ICON_CALL.finditer(text):
            names.update(name for name in match.groups() if name)
        for match in _ACTION_CALL.finditer(text):
            last = _LAST_STRING.search(match.group(1))
            if last:
                names.add(last.group(1))
    return names


def test_every_icon_the_code_uses_exists():
    names = icon_names_in_code()
    assert {"plus", "trash", "archive", "restore", "star-filled", "folder"} <= names, (
        "the icon scan found too little; has the calling pattern changed?"
    )
    missing = sorted(n for n in names if not resources.path("icons", f"{n}.svg").is_file())
    assert missing == []


@pytest.mark.parametrize(
    "name", sorted(p.stem for p in Path(str(resources.path("icons"))).glob("*.svg"))
)
def test_every_icon_is_valid_svg(name):
    root = ET.fromstring(resources.read_bytes("icons", f"{name}.svg"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_the_training_guide_exists_and_says_something():
    guide = resources.path("guide", "training.md")
    assert guide.is_file()
    assert len(guide.read_text(encoding="utf-8").split()) >= 300
