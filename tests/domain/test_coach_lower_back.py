"""The lower-back rule (issue 15 §3): discomfort of 4+ on an exercise in 2 of its last 3
sessions suggests one that trains the same back muscles with a lower spinal load."""

from __future__ import annotations

from backtracker.domain.coach.lower_back import (
    Candidate,
    alternatives,
    fires,
    flagged_sessions,
    lighter,
    suggest_swap,
    target_muscles,
)
from backtracker.domain.plates import DumbbellRack
from backtracker.domain.units import Unit

NAMES = {
    "lats": "Lats",
    "rhomboids": "Rhomboids",
    "trapezius": "Traps",
    "erector_spinae": "Erectors",
}
ROW = frozenset({"lats", "rhomboids", "trapezius"})

BARBELL_ROW = Candidate(1, "Barbell Row", ROW, "high", pattern="horizontal_pull")
CHEST_SUPPORTED = Candidate(2, "Chest-Supported Row", ROW, "low", pattern="horizontal_pull")
DUMBBELL_ROW = Candidate(3, "Dumbbell Row", ROW, "moderate", pattern="horizontal_pull")
PENDLAY = Candidate(4, "Pendlay Row", ROW, "high", pattern="horizontal_pull")
PULLDOWN = Candidate(5, "Lat Pulldown", frozenset({"lats"}), "low", pattern="vertical_pull")
SEAL_ROW = Candidate(6, "Seal Row", frozenset({"lats", "rhomboids", "trapezius", "biceps"}), "low")
LAT_STRETCH = Candidate(7, "Lat Stretch", ROW, "low", tracking="duration", pattern="mobility")
UNKNOWN = Candidate(8, "Cable Row (custom)", ROW, None)
ARCHIVED = Candidate(9, "Machine Row", ROW, "low", archived=True)
CATALOGUE = [
    BARBELL_ROW,
    CHEST_SUPPORTED,
    DUMBBELL_ROW,
    PENDLAY,
    PULLDOWN,
    SEAL_ROW,
    LAT_STRETCH,
    UNKNOWN,
    ARCHIVED,
]


def test_two_of_the_last_three_at_four_or_more_fires():
    assert fires([4, None, 6])
    assert fires([None, 5, 4])
    assert fires([7, 9, 8])
    assert flagged_sessions([4, 3, 6]) == 2


def test_only_one_of_three_or_scores_below_four_do_not_fire():
    assert not fires([6, None, None])
    assert not fires([3, 3, 3])
    assert not fires([4, 3, None])
    assert not fires([9])  # one session so far
    assert not fires([])


def test_sessions_beyond_the_last_three_are_forgotten():
    # Newest first: the bad patch is the 4th and 5th session back.
    assert not fires([None, 2, None, 8, 9])
    assert flagged_sessions([None, 2, None, 8, 9]) == 0


def test_the_sentence_names_the_count_the_alternative_the_muscles_and_the_load():
    swap = suggest_swap(BARBELL_ROW, [4, None, 6], CATALOGUE, NAMES)
    assert swap is not None
    assert (swap.exercise_id, swap.alternative_id) == (1, 2)
    assert swap.sentence == (
        "Barbell Row hurt your lower back (4+ of 10) in 2 of its last 3 sessions; "
        "Chest-Supported Row trains the lats, rhomboids and traps with a low spinal load."
    )
    assert suggest_swap(BARBELL_ROW, [4, None, None], CATALOGUE, NAMES) is None


def test_the_alternative_has_a_lower_known_load_and_every_primary_back_region():
    found = [c.name for c in alternatives(BARBELL_ROW, CATALOGUE)]
    # Same load (Pendlay), unknown load, archived, a stretch and a pull-down that trains
    # the lats only (not the mid-back) are left out. Most shared muscles first, then the same
    # pattern (Seal Row's is not known), then A–Z.
    assert found == ["Chest-Supported Row", "Dumbbell Row", "Seal Row"]
    # From a moderate load only the low ones qualify.
    assert [c.name for c in alternatives(DUMBBELL_ROW, CATALOGUE)] == [
        "Chest-Supported Row",
        "Seal Row",
    ]
    # Already low, or load not known: nothing to offer.
    assert alternatives(CHEST_SUPPORTED, CATALOGUE) == []
    assert alternatives(UNKNOWN, CATALOGUE) == []
    assert suggest_swap(CHEST_SUPPORTED, [8, 8, 8], CATALOGUE, NAMES) is None


def test_ties_prefer_the_same_tracking_then_not_a_band_then_the_lower_load():
    band = Candidate(20, "Band Row", ROW, "low", pattern="horizontal_pull", equipment="band")
    inverted = Candidate(
        21, "Inverted Row", ROW, "low", tracking="bodyweight_reps", pattern="horizontal_pull"
    )
    cable = Candidate(22, "Cable Row", ROW, "moderate", pattern="horizontal_pull")
    assert [c.name for c in alternatives(BARBELL_ROW, [band, inverted, cable])] == [
        "Cable Row",  # weight like the barbell row, not a band
        "Band Row",
        "Inverted Row",  # bodyweight: the weights would not carry over
    ]


def test_the_trapezius_of_a_shrug_is_the_upper_traps_so_a_face_pull_is_no_swap():
    shrug = Candidate(30, "Barbell Shrug", frozenset({"trapezius"}), "moderate", pattern="shrug")
    face_pull = Candidate(
        31, "Face Pull", frozenset({"trapezius", "rear_delts", "rhomboids"}), "low", pattern="fly"
    )
    db_shrug = Candidate(32, "Dumbbell Shrug", frozenset({"trapezius"}), "low", pattern="shrug")
    assert alternatives(shrug, [face_pull]) == []
    assert [c.name for c in alternatives(shrug, [face_pull, db_shrug])] == ["Dumbbell Shrug"]


def test_target_muscles_are_the_back_ones_so_a_deadlift_needs_erectors():
    deadlift = Candidate(
        10,
        "Deadlift",
        frozenset({"erector_spinae", "glutes", "hamstrings"}),
        "high",
        pattern="hinge",
    )
    back_extension = Candidate(
        11, "Back Extension", frozenset({"erector_spinae"}), "moderate", pattern="extension"
    )
    hip_thrust = Candidate(12, "Hip Thrust", frozenset({"glutes", "hamstrings"}), "low")
    bird_dog = Candidate(
        14, "Bird-Dog", frozenset({"core", "erector_spinae"}), "low", pattern="core"
    )
    assert target_muscles(deadlift) == {"erector_spinae"}
    catalogue = [deadlift, back_extension, hip_thrust, bird_dog]
    # A core drill is never offered in place of a lift.
    assert [c.name for c in alternatives(deadlift, catalogue)] == ["Back Extension"]
    swap = suggest_swap(deadlift, [6, 7], catalogue, NAMES)
    assert swap is not None and swap.sentence == (
        "Deadlift hurt your lower back (4+ of 10) in 2 of its last 2 sessions; Back Extension "
        "trains the erectors with a moderate spinal load."
    )
    curl = Candidate(13, "Curl", frozenset({"biceps"}), "moderate")
    assert target_muscles(curl) == {"biceps"}  # no back muscle: all its primary ones
    assert [
        c.name
        for c in alternatives(
            curl, [Candidate(15, "Cable Curl", frozenset({"biceps", "forearms"}), "low")]
        )
    ] == ["Cable Curl"]


def test_lighter_is_about_ninety_percent_rounded_down_to_the_step():
    assert lighter(50.0, 0.9, 0.5) == 45.0
    assert lighter(42.5, 0.9, 0.5) == 38.0  # 38.25 rounded down to half a kilo
    assert lighter(0.0, 0.9, 0.5) == 0.0
    assert lighter(-10.0, 0.9, 0.5) == -10.0  # assistance is not "load"
    assert lighter(0.5, 0.9, 0.5) == 0.5  # never below one step


def test_lighter_takes_the_loadable_weight_at_or_below_with_dumbbells():
    rack = DumbbellRack(Unit.KG, (10.0, 12.5, 15.0, 17.5, 20.0, 22.5, 25.0, 30.0, 35.0, 40.0))
    assert lighter(40.0, 0.9, 0.5, rack) == 35.0  # 36 kg: no such dumbbell, 35 is under
    assert lighter(25.0, 0.9, 0.5, rack) == 22.5  # 22.5 exactly
    assert lighter(12.5, 0.9, 0.5, rack) == 10.0  # 11 → 10
    # Nothing lighter to take than the lightest: the plain 90 % stays (coaching says so).
    assert lighter(10.0, 0.9, 0.5, rack) == 9.0
