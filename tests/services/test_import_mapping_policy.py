"""Issue 13, point 5: an import maps a name without asking only on an exact name, an alias or
the exercise's own equipment in brackets, and never merges two different names of one file."""

from __future__ import annotations

from backtracker.services import importers
from backtracker.services.importers.matching import ALIAS, CUSTOM, EQUIPMENT, EXACT
from backtracker.storage.models import Exercise, SetEntry, WorkoutExercise
from tests.services.test_importers_files import STRONG_IOS_HEADER, write

# One real-looking Strong file whose names differ by a word or two: all different exercises.
NAMES = [
    "Deadlift",
    "Deadlift (Barbell)",
    "Sumo Deadlift (Barbell)",
    "Stiff Leg Deadlift (Barbell)",
    "Upright Row (Barbell)",
    "Bent Over Row (Barbell)",
    "Pullover (Machine)",
    "Seated Cable Row (Pulley)",
    "V-Grip Seated Cable Row (Pulley)",
    "Lat Pulldown (Cable)",
    "Lat Pulldown (Machine)",
    "Pull Up",
    "pullup",
    "Face Pull (Cable)",
    "Straight Arm Pulldown (Cable)",
]


def _file(tmp_path, names=NAMES):
    rows = [
        f"2024-02-01 18:00:00,Pull day,50m,{name},1,{40 + i},8,0,0,,,"
        for i, name in enumerate(names)
    ]
    return write(tmp_path / "strong.csv", [STRONG_IOS_HEADER, *rows])


def _exercise_of_each_name() -> dict[str, int]:
    """Which exercise each name's set landed on, read back from the database by its weight."""
    found = {}
    for i, name in enumerate(NAMES):
        (exercise_id,) = (
            SetEntry.select(WorkoutExercise.exercise)
            .join(WorkoutExercise)
            .where(SetEntry.weight_kg == 40 + i)
            .tuples()
        )
        found[name] = exercise_id[0]
    return found


def test_two_names_of_one_file_never_share_an_exercise(seeded, tmp_path):
    result = importers.import_file(_file(tmp_path), unit="kg")

    landed = _exercise_of_each_name()
    assert len(set(landed.values())) == len(NAMES)  # every name has its own exercise
    names = {row.id: row.name for row in Exercise.select()}
    assert names[landed["Sumo Deadlift (Barbell)"]] == "Sumo Deadlift (Barbell)"
    assert names[landed["Stiff Leg Deadlift (Barbell)"]] == "Stiff Leg Deadlift (Barbell)"
    assert names[landed["Upright Row (Barbell)"]] == "Upright Row (Barbell)"
    assert names[landed["Pullover (Machine)"]] == "Pullover (Machine)"
    assert names[landed["Seated Cable Row (Pulley)"]] == "Seated Cable Row (Pulley)"
    assert names[landed["V-Grip Seated Cable Row (Pulley)"]] == "V-Grip Seated Cable Row (Pulley)"
    assert result.how == {
        "Deadlift": EXACT,
        "Deadlift (Barbell)": CUSTOM,  # the alias would merge it with "Deadlift"
        "Sumo Deadlift (Barbell)": CUSTOM,
        "Stiff Leg Deadlift (Barbell)": CUSTOM,
        "Upright Row (Barbell)": CUSTOM,
        "Bent Over Row (Barbell)": ALIAS,
        "Pullover (Machine)": CUSTOM,
        "Seated Cable Row (Pulley)": CUSTOM,
        "V-Grip Seated Cable Row (Pulley)": CUSTOM,
        "Lat Pulldown (Cable)": ALIAS,
        "Lat Pulldown (Machine)": CUSTOM,  # its equipment matches, but "(Cable)" came first
        "Pull Up": ALIAS,
        "pullup": CUSTOM,
        "Face Pull (Cable)": ALIAS,
        "Straight Arm Pulldown (Cable)": ALIAS,
    }
    assert result.mapping["Bent Over Row (Barbell)"] == "Barbell Row"
    assert result.mapping["Lat Pulldown (Cable)"] == "Lat Pulldown"
    assert result.mapping["Deadlift"] == "Deadlift"


def test_the_equipment_suffix_maps_only_the_exercises_own_equipment(seeded, tmp_path):
    names = ["Lat Pulldown (Machine)", "Deadlift (Dumbbell)", "Seated Cable Row (Cable)"]
    suggestions = {s.source_name: s for s in importers.suggest_mapping(names)}
    machine = suggestions["Lat Pulldown (Machine)"]
    assert (machine.exercise_name, machine.confident, machine.how) == (
        "Lat Pulldown",
        True,
        EQUIPMENT,
    )
    cable = suggestions["Seated Cable Row (Cable)"]
    assert (cable.exercise_name, cable.how) == ("Seated Cable Row", EQUIPMENT)
    dumbbell = suggestions["Deadlift (Dumbbell)"]  # our Deadlift is a barbell lift
    assert (dumbbell.exercise_name, dumbbell.confident) == ("Deadlift", False)


def test_a_fuzzy_guess_is_a_suggestion_the_import_never_applies(seeded, tmp_path):
    (guess,) = importers.suggest_mapping(["Upright Row (Barbell)"])
    assert guess.exercise_id is not None and not guess.confident
    result = importers.import_file(_file(tmp_path, ["Upright Row (Barbell)"]), unit="kg")
    assert result.mapping == {"Upright Row (Barbell)": "Upright Row (Barbell)"}
    assert result.exercises_created == ["Upright Row (Barbell)"]


def test_the_same_file_again_maps_every_name_as_before(seeded, tmp_path):
    first = importers.import_file(_file(tmp_path), unit="kg")
    again = importers.suggest_mapping(NAMES)
    assert all(s.confident for s in again)
    ids = {row.name: row.id for row in Exercise.select()}
    assert {s.source_name: s.exercise_id for s in again} == {
        name: ids[ours] for name, ours in first.mapping.items()
    }


def test_the_callers_choice_is_never_shared_by_an_automatic_match(seeded, tmp_path):
    deadlift = Exercise.get(Exercise.name == "Deadlift").id
    parsed = importers.parse(_file(tmp_path, ["Trap Bar Pull", "Deadlift (Barbell)"]), unit="kg")
    result = importers.import_parsed(parsed, {"Trap Bar Pull": deadlift})
    assert result.mapping == {
        "Trap Bar Pull": "Deadlift",
        "Deadlift (Barbell)": "Deadlift (Barbell) (Strong)",  # the name is Deadlift's alias
    }
    assert result.how == {"Trap Bar Pull": "chosen", "Deadlift (Barbell)": CUSTOM}
