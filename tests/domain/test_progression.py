"""Progression coaching: add weight, add reps, cut rest, from the last sessions."""

from __future__ import annotations

import pytest

from backtracker.domain.errors import ValidationError
from backtracker.domain.progression import (
    ADVANCED,
    BEGINNER,
    RepRange,
    SessionSets,
    Step,
    Suggestion,
    suggest_next,
)
from backtracker.domain.strength import SetRecord
from backtracker.domain.units import Unit, to_kg


def session(weight: float | None, *reps: int, rest_s: int | None = 90, **extra) -> SessionSets:
    return SessionSets(tuple(SetRecord(weight_kg=weight, reps=r, **extra) for r in reps), rest_s)


def suggest(
    *sessions: SessionSets,
    rep_range: RepRange = BEGINNER,
    tracking: str = "weight_reps",
    equipment: str = "barbell",
    load_profile: str = "heavy",
    unit: Unit = Unit.KG,
    current_rest_s: int | None = None,
) -> Suggestion:
    return suggest_next(
        sessions,
        rep_range,
        tracking=tracking,
        equipment=equipment,
        load_profile=load_profile,
        unit=unit,
        current_rest_s=current_rest_s,
    )


def test_rep_ranges():
    assert RepRange(8, 12) == BEGINNER
    assert RepRange(6, 10) == ADVANCED
    assert BEGINNER.label == "8–12"
    assert RepRange(5, 5).label == "5"
    for low, high in ((0, 5), (9, 8), (-1, 3)):
        with pytest.raises(ValidationError) as error:
            RepRange(low, high)
        assert error.value.field == "rep_range"


def test_no_history_starts():
    first = suggest()
    assert first == Suggestion(
        Step.START, "First time: pick a weight you can lift for 12 clean reps.", reps=12
    )
    assert suggest(rep_range=ADVANCED).message == (
        "First time: pick a weight you can lift for 10 clean reps."
    )


def test_only_warmups_or_unfinished_sets_count_as_no_history():
    warmups = session(10, 12, 12, set_type="warmup")
    skipped = session(20, 12, 12, completed=False)
    assert suggest(warmups, skipped).step is Step.START


def test_start_for_other_trackings():
    assert suggest(tracking="bodyweight_reps").message == (
        "First time: do as many clean reps as you can, up to 12."
    )
    hold = suggest(tracking="duration")
    assert (hold.step, hold.duration_s, hold.reps) == (Step.START, None, None)
    assert "hold" in hold.message
    assert suggest(tracking="distance_duration").step is Step.START


def test_every_set_at_the_top_adds_weight():
    result = suggest(session(20, 12, 12, 12))
    assert result == Suggestion(
        Step.ADD_WEIGHT,
        "Try 22.5 kg for 8 reps: every set reached 12 reps last time.",
        weight_kg=22.5,
        reps=8,
    )


def test_beyond_the_top_also_adds_weight():
    assert suggest(session(20, 13, 12), rep_range=ADVANCED).weight_kg == 22.5
    assert suggest(session(20, 13, 12), rep_range=ADVANCED).reps == 6


def test_top_reached_on_only_some_sets_adds_reps():
    result = suggest(session(14, 12, 10, 10), equipment="dumbbell")
    assert result == Suggestion(
        Step.ADD_REPS,
        "Stay at 14 kg and aim for 11 reps on every set (last: 12, 10, 10).",
        weight_kg=14,
        reps=11,
    )


def test_a_long_session_names_its_first_sets_and_counts_the_rest():
    # Seventeen sets made the hint a line of seventeen numbers beside the set table.
    result = suggest(session(40, 6, 5, 6, 7, 10, 6, 9, 8, 11, 9, 5, 13, 3, 4, 6, 12, 11))
    assert result.step is Step.ADD_REPS
    assert result.message.endswith("(last: 6, 5, 6, 7, 10, 6, 9, 8 and 9 more).")


def test_add_reps_never_aims_past_the_top():
    result = suggest(session(30, 12, 11), rep_range=RepRange(8, 12))
    assert (result.step, result.reps) == (Step.ADD_REPS, 12)


def test_light_dumbbell_goes_up_by_one_kg():
    result = suggest(session(8, 12, 12), equipment="dumbbell")
    assert (result.step, result.weight_kg) == (Step.ADD_WEIGHT, 9.0)
    assert result.message.startswith("Try 9 kg for 8 reps")
    assert suggest(session(12, 12, 12), equipment="kettlebell").weight_kg == 13.0
    assert suggest(session(12.5, 12, 12), equipment="dumbbell").weight_kg == 15.0
    assert suggest(session(8, 12, 12), equipment="cable").weight_kg == 10.0


def test_off_grid_weight_never_jumps_more_than_the_increment():
    assert suggest(session(14, 12, 12), equipment="dumbbell").weight_kg == 15.0
    assert suggest(session(16, 12, 12), equipment="dumbbell").weight_kg == 17.5


def test_pound_users_step_on_their_own_grid():
    result = suggest(session(to_kg(35, "lb"), 12, 12), unit=Unit.LB, equipment="dumbbell")
    assert result.weight_kg == pytest.approx(40 * 0.45359237)
    assert result.message == "Try 40 lb for 8 reps: every set reached 12 reps last time."


def test_light_dumbbell_in_pounds():
    result = suggest(session(to_kg(20, "lb"), 12, 12), unit=Unit.LB, equipment="dumbbell")
    assert result.weight_kg == pytest.approx(22.5 * 0.45359237)
    assert result.message.startswith("Try 22.5 lb for 8 reps")
    barbell = suggest(session(to_kg(20, "lb"), 12, 12), unit=Unit.LB, equipment="barbell")
    assert barbell.weight_kg == pytest.approx(25 * 0.45359237)


def test_heaviest_work_set_decides_the_next_weight():
    mixed = SessionSets((SetRecord(weight_kg=20, reps=12), SetRecord(weight_kg=22.5, reps=12)))
    assert suggest(mixed).weight_kg == 25.0
    short = SessionSets((SetRecord(weight_kg=20, reps=12), SetRecord(weight_kg=22.5, reps=9)))
    result = suggest(short)
    assert (result.step, result.weight_kg, result.reps) == (Step.ADD_REPS, 22.5, 10)


def test_warmups_incomplete_and_drop_sets_are_ignored():
    sets = (
        SetRecord("warmup", 10, 5),
        SetRecord("normal", 20, 12),
        SetRecord("failure", 20, 12),
        SetRecord("normal", 20, 6, completed=False),
        SetRecord("drop", 15, 6),
    )
    assert suggest(SessionSets(sets)).weight_kg == 22.5


def test_only_the_latest_session_with_work_sets_decides():
    newest_only_warmups = session(10, 5, set_type="warmup")
    done = session(20, 12, 12)
    older = session(20, 8, 8)
    assert suggest(newest_only_warmups, done, older).step is Step.ADD_WEIGHT


def test_a_stall_cuts_rest():
    result = suggest(session(14, 12, 10, 10, rest_s=90), session(14, 11, 11, 10, rest_s=90))
    assert result == Suggestion(
        Step.CUT_REST,
        "Same reps twice at 14 kg: rest 75 s instead of 90 s to push on.",
        weight_kg=14,
        reps=11,
        rest_s=75,
    )


def test_current_rest_overrides_the_logged_one():
    stall = (session(14, 10, 10, rest_s=90), session(14, 10, 10, rest_s=90))
    assert suggest(*stall, current_rest_s=70).rest_s == 60  # not below the heavy floor of 60


def test_rest_is_never_cut_below_the_floor():
    stall = (session(14, 10, 10, rest_s=60), session(14, 10, 10, rest_s=60))
    assert suggest(*stall).step is Step.ADD_REPS
    light = (session(14, 10, 10, rest_s=40), session(14, 10, 10, rest_s=40))
    result = suggest(*light, load_profile="light")
    assert (result.step, result.rest_s) == (Step.CUT_REST, 30)
    at_floor = (session(14, 10, 10, rest_s=30), session(14, 10, 10, rest_s=30))
    assert suggest(*at_floor, load_profile="light").step is Step.ADD_REPS


def test_no_stall_when_anything_changed():
    more_reps = (session(14, 11, 10), session(14, 10, 10))
    heavier = (session(16, 10, 10), session(14, 10, 10))
    unknown_rest = (session(14, 10, 10, rest_s=None), session(14, 10, 10, rest_s=None))
    for history in (more_reps, heavier, unknown_rest):
        assert suggest(*history).step is Step.ADD_REPS


def test_bodyweight_reps():
    result = suggest(session(None, 9, 8, 8), tracking="bodyweight_reps", equipment="bar")
    assert result == Suggestion(
        Step.ADD_REPS, "Aim for 9 reps on every set (last: 9, 8, 8).", weight_kg=None, reps=9
    )


def test_bodyweight_at_the_top_adds_weight():
    plain = suggest(session(None, 12, 12, 12), tracking="bodyweight_reps", equipment="bar")
    assert (plain.step, plain.weight_kg, plain.reps) == (Step.ADD_WEIGHT, 2.5, 8)
    assert plain.message == (
        "Try +2.5 kg of added weight for 8 reps: every set reached 12 reps last time."
    )
    loaded = suggest(session(5, 12, 12), tracking="bodyweight_reps", equipment="none")
    assert loaded.weight_kg == 7.5
    pounds = suggest(session(None, 12, 12), tracking="bodyweight_reps", unit=Unit.LB)
    assert pounds.weight_kg == pytest.approx(5 * 0.45359237)
    assert pounds.message.startswith("Try +5 lb of added weight")


def test_bodyweight_stall_and_added_weight_reps():
    stall = (session(None, 10, 9, rest_s=60), session(None, 10, 9, rest_s=60))
    result = suggest(*stall, tracking="bodyweight_reps", load_profile="light")
    assert result.message == "Same reps twice: rest 45 s instead of 60 s to push on."
    added = suggest(session(5, 10, 9), tracking="bodyweight_reps")
    assert added.message == "Stay at +5 kg and aim for 10 reps on every set (last: 10, 9)."


def test_holds_get_longer():
    sets = (SetRecord(duration_s=45), SetRecord(duration_s=40), SetRecord("warmup", duration_s=20))
    result = suggest(SessionSets(sets), tracking="duration", equipment="none")
    assert result == Suggestion(
        Step.HOLD_LONGER,
        "Hold every set for 45 s: 5 s longer than your shortest hold last time.",
        duration_s=45,
    )


def test_cardio_goes_further_or_faster():
    run = SessionSets((SetRecord(distance_m=5000, duration_s=1500),))
    result = suggest(run, tracking="distance_duration", unit=Unit.KG)
    assert result == Suggestion(
        Step.ADD_DISTANCE_OR_PACE,
        "Go a little further than 5 km, or cover it faster than 25:00.",
        duration_s=1500,
        distance_m=5000,
    )
    timed = SessionSets((SetRecord(duration_s=1200),))
    assert suggest(timed, tracking="distance_duration").message == (
        "Keep going a little longer than 20:00."
    )
    assert suggest(run, tracking="distance_duration", unit=Unit.LB).message.startswith(
        "Go a little further than 3.11 mi"
    )


def test_add_reps_target_never_falls_below_the_rep_range():
    """A bad day (4 reps in a 6–10 range) aims for the bottom of the range, not 5."""
    from backtracker.domain.progression import ADVANCED, SessionSets, Step, suggest_next
    from backtracker.domain.strength import SetRecord

    bad_day = SessionSets((SetRecord(weight_kg=40.0, reps=7), SetRecord(weight_kg=40.0, reps=4)))
    suggestion = suggest_next(
        [bad_day],
        ADVANCED,
        tracking="weight_reps",
        equipment="machine",
        load_profile="heavy",
        unit="kg",
    )
    assert suggestion.step is Step.ADD_REPS
    assert suggestion.reps == 6 and suggestion.weight_kg == 40.0
