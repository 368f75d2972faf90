"""Weights are compared with one tolerance (`units.same_weight`): a unit round trip or a
rounded import is the same weight, a real plate is not (issue 12, section 1)."""

from __future__ import annotations

from backtracker.domain.progression import BEGINNER, SessionSets, Step, suggest_next
from backtracker.domain.strength import SetRecord, best_set, summarize_sets
from backtracker.domain.trends import record_indices
from backtracker.domain.units import (
    WEIGHT_TOLERANCE_KG,
    Unit,
    parse_weight,
    same_weight,
)

# What "132.3" typed by an lb person stores for a 60 kg set: 60.01027 kg.
SIXTY_VIA_LB = parse_weight("132.3", Unit.LB)


def test_the_lb_round_trip_of_60_kg_is_the_same_weight():
    assert SIXTY_VIA_LB is not None and SIXTY_VIA_LB != 60.0
    assert same_weight(60.0, SIXTY_VIA_LB)
    assert same_weight(61.23497, 61.23)  # a rounded import


def test_the_smallest_plates_are_different_weights():
    assert not same_weight(60.0, 60.25)  # 2 × 0.125 kg fractional plates
    assert not same_weight(60.0, 60.0 + parse_weight("0.5", Unit.LB))
    assert WEIGHT_TOLERANCE_KG * 10 <= 0.25


def test_a_record_must_beat_the_best_by_more_than_the_tolerance():
    assert record_indices([60.0, SIXTY_VIA_LB, 60.0]) == [0]
    assert record_indices([60.0, SIXTY_VIA_LB, 62.5, 62.5]) == [0, 2]
    assert record_indices([10.0, 9.0, 10.5]) == [0, 2]


def sets(weight: float, *reps: int) -> tuple[SetRecord, ...]:
    return tuple(SetRecord(weight_kg=weight, reps=r) for r in reps)


def suggest(*sessions: SessionSets):
    return suggest_next(
        sessions,
        BEGINNER,
        tracking="weight_reps",
        equipment="barbell",
        load_profile="heavy",
        unit=Unit.KG,
    )


def test_the_same_weight_typed_in_lb_still_counts_as_a_stall():
    newest = SessionSets(sets(SIXTY_VIA_LB, 10, 10, 10), rest_s=90)
    before = SessionSets(sets(60.0, 10, 10, 10), rest_s=90)
    result = suggest(newest, before)
    assert result.step is Step.CUT_REST
    assert result.rest_s == 75


def test_sets_at_the_same_weight_all_count_for_the_next_reps():
    newest = SessionSets(sets(60.0, 8) + sets(SIXTY_VIA_LB, 10, 10), rest_s=90)
    result = suggest(newest)
    assert result.step is Step.ADD_REPS
    assert result.reps == 9  # one more than the weakest set at that weight, the 8


def test_last_time_reads_as_one_weight():
    text = summarize_sets(sets(60.0, 10) + sets(SIXTY_VIA_LB, 10), Unit.KG)
    assert text == "2×10 @ 60 kg"


def test_best_set_keeps_the_earliest_on_a_near_tie():
    first = SetRecord(weight_kg=60.0, reps=5)
    second = SetRecord(weight_kg=SIXTY_VIA_LB, reps=5)
    assert best_set([first, second]) is first
    heavier = SetRecord(weight_kg=62.5, reps=5)
    assert best_set([first, heavier]) is heavier
