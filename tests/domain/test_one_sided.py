"""One side at a time and assisted lifts, in pure Python (domain/one_sided.py, strength.py)."""

from __future__ import annotations

import pytest

from backtracker.domain import one_sided
from backtracker.domain.errors import ValidationError
from backtracker.domain.strength import SetRecord, session_volume, set_volume, summarize_sets
from backtracker.domain.units import Unit, parse_weight


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("8/7", (7, 8, 7)),
        (" 8 / 7 ", (7, 8, 7)),
        ("7/8", (7, 7, 8)),
        ("L8 R7", (7, 8, 7)),
        ("l8 r7", (7, 8, 7)),
        ("R7 L8", (7, 8, 7)),
        ("L 8, R 7", (7, 8, 7)),
        ("left 10 right 10", (10, 10, 10)),
    ],
)
def test_left_and_right_reps_keep_the_weaker_side_as_the_reps(typed, expected):
    sides = one_sided.parse_side_reps(typed)
    assert sides is not None
    assert (sides.reps, sides.left, sides.right) == expected
    assert sides.values() == dict(zip(("reps", "reps_left", "reps_right"), expected, strict=True))


@pytest.mark.parametrize("typed", ["8", " 12 ", "", "abc"])
def test_text_without_sides_is_left_to_the_reps_parser(typed):
    assert one_sided.parse_side_reps(typed) is None


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("8/", "can't be read as reps"),
        ("/7", "can't be read as reps"),
        ("8/7/6", "can't be read as reps"),
        ("L8", "the right side is missing"),
        ("R7", "the left side is missing"),
        ("L8 L7", "The left side is typed twice"),
        ("L8 R7 now", "it has extra text"),
        ("0/7", "The left side needs at least 1 rep"),
        ("8/1000", "Reps for the right side go from 1 to 999"),
    ],
)
def test_sides_typed_wrong_say_why(typed, said):
    with pytest.raises(ValidationError) as error:
        one_sided.parse_side_reps(typed)
    assert said in str(error.value)
    assert error.value.field == "reps"


def test_a_pair_is_shown_left_slash_right():
    assert one_sided.format_side_reps(7, 8, 7) == "8 / 7"
    assert one_sided.format_side_reps(9, None, None) == "9"
    assert one_sided.format_side_reps(None, None, None) == ""


def test_volume_counts_both_sides_of_a_one_sided_set():
    per_side = SetRecord(weight_kg=20.0, reps=7, reps_left=8, reps_right=7)
    each_side = SetRecord(weight_kg=20.0, reps=8)
    assert set_volume(per_side, unilateral=True) == 20.0 * (8 + 7)
    assert set_volume(each_side, unilateral=True) == 20.0 * 8 * 2
    assert set_volume(each_side) == 20.0 * 8  # a two-sided exercise: its reps
    warmup = SetRecord(set_type="warmup", weight_kg=10.0, reps=10)
    assert set_volume(warmup, unilateral=True) == 0.0
    assert session_volume([per_side, each_side, warmup], unilateral=True) == 300.0 + 320.0


def test_volume_reps_mirrors_the_sql_rule():
    assert one_sided.volume_reps(7, 8, 7, unilateral=True) == 15
    assert one_sided.volume_reps(8, None, None, unilateral=True) == 16
    assert one_sided.volume_reps(8, None, None, unilateral=False) == 8
    assert one_sided.volume_reps(None, None, None, unilateral=True) == 0


def test_last_time_shows_the_sides():
    sets = [
        SetRecord(weight_kg=20.0, reps=7, reps_left=8, reps_right=7),
        SetRecord(weight_kg=20.0, reps=8),
    ]
    assert summarize_sets(sets, Unit.KG) == "20 kg × 8 / 7, 8"


# --- assisted lifts -------------------------------------------------------------------------


def test_assistance_lowers_the_load_of_a_bodyweight_exercise():
    assisted = SetRecord(weight_kg=-20.0, reps=8)
    assert set_volume(assisted, bodyweight_kg=80.0, bodyweight_exercise=True) == 60.0 * 8
    assert set_volume(assisted, bodyweight_kg=None, bodyweight_exercise=True) == 0.0
    # More assistance than the person weighs moves nothing: no volume, not a negative one.
    assert (
        set_volume(SetRecord(weight_kg=-90.0, reps=8), bodyweight_kg=80.0, bodyweight_exercise=True)
        == 0.0
    )
    assert one_sided.effective_load(-20.0, 80.0) == 60.0
    assert one_sided.effective_load(-20.0, None) is None


def test_only_bodyweight_exercises_take_a_negative_load():
    one_sided.check_load("bodyweight_reps", -20.0)
    one_sided.check_load("weight_reps", 20.0)
    with pytest.raises(ValidationError, match="Only bodyweight exercises"):
        one_sided.check_load("weight_reps", -20.0)
    with pytest.raises(ValidationError, match="−500 kg"):
        one_sided.check_load("bodyweight_reps", -501.0)
    one_sided.check_load("bodyweight_reps", -501.0, check_floor=False)  # the database's job


def test_negative_weights_parse_only_when_allowed():
    assert parse_weight("-20", Unit.KG, allow_negative=True) == -20.0
    assert parse_weight("\N{MINUS SIGN}20 kg", Unit.KG, allow_negative=True) == -20.0
    assert parse_weight("-45", Unit.LB, allow_negative=True) == pytest.approx(-20.41166, 1e-4)
    with pytest.raises(ValidationError, match="can't be negative"):
        parse_weight("-20", Unit.KG)
    with pytest.raises(ValidationError, match="Assistance goes down to −500 kg"):
        parse_weight("-600", Unit.KG, allow_negative=True)


def test_an_assisted_set_reads_as_assisted_in_last_time():
    sets = [SetRecord(weight_kg=-20.0, reps=8), SetRecord(weight_kg=-20.0, reps=8)]
    assert summarize_sets(sets, Unit.KG, bodyweight_exercise=True) == "2×8 @ −20 kg (assisted)"
    assert one_sided.format_assisted(-20.0, Unit.KG) == "−20 kg (assisted)"


def test_coaching_of_an_assisted_lift_names_the_assistance():
    from backtracker.domain.progression import RepRange, SessionSets, suggest_next

    sets = tuple(SetRecord(weight_kg=-20.0, reps=8) for _ in range(3))
    kept = suggest_next(
        [SessionSets(sets)],
        RepRange(6, 10),
        tracking="bodyweight_reps",
        equipment="machine",
        load_profile="heavy",
        unit=Unit.KG,
    )
    assert "−20 kg (assisted)" in kept.message
    assert "+-" not in kept.message and "+−" not in kept.message
    done = tuple(SetRecord(weight_kg=-20.0, reps=10) for _ in range(3))
    step = suggest_next(
        [SessionSets(done)],
        RepRange(6, 10),
        tracking="bodyweight_reps",
        equipment="machine",
        load_profile="heavy",
        unit=Unit.KG,
    )
    # The top of the range on every set: less assistance next time (a heavier load).
    assert step.weight_kg is not None and -20.0 < step.weight_kg <= 0.0
    assert "+-" not in step.message
