"""The plate solver, dumbbell rounding and the warm-up ramp, on worked examples."""

from __future__ import annotations

import pytest

from backtracker.domain.errors import ValidationError
from backtracker.domain.plates import (
    DEFAULT_PLATES,
    DEFAULT_RAMP,
    Barbell,
    DumbbellRack,
    PlateStack,
    WarmupSet,
    WarmupStep,
    dumbbell_range,
    format_ramp,
    parse_ramp,
    round_up_from,
    warmup_sets,
)
from backtracker.domain.units import Unit, to_kg

KG_GYM = Barbell(Unit.KG, 20, DEFAULT_PLATES[Unit.KG])
LB_GYM = Barbell(Unit.LB, 45, DEFAULT_PLATES[Unit.LB])


def test_the_fewest_plates_per_side():
    # 72.5 kg: 26.25 per side. 25 + 1.25 (2 plates), not 20 + 5 + 1.25 or 15 + 10 + 1.25.
    fit = KG_GYM.fit(72.5)
    assert fit.exact is not None
    assert fit.exact.per_side == (25, 1.25)
    assert fit.exact.plates_text == "25 + 1.25 | per side"
    # 52.5 kg: 16.25 per side is 15 + 1.25, fewer than 10 + 5 + 1.25.
    assert KG_GYM.fit(52.5).exact.per_side == (15, 1.25)
    # 65 kg: 22.5 per side is 20 + 2.5.
    assert KG_GYM.fit(65).exact.plates_text == "20 + 2.5 | per side"


def test_fewest_plates_beats_a_greedy_pick():
    # Plates 5, 4 and 1 (kg, a home set) for 8 per side: heaviest-first greedy takes
    # 5 + 1 + 1 + 1; the fewest is 4 + 4.
    kit = Barbell(Unit.KG, 10, (PlateStack(5, 2), PlateStack(4, 4), PlateStack(1, 6)))
    fit = kit.fit(26)
    assert fit.exact.per_side == (4, 4)


def test_counts_owned_are_respected():
    # Only two 20s (one per side) and a pair of 10s and 5s: 100 kg would need 40 per side.
    kit = Barbell(Unit.KG, 20, (PlateStack(20, 2), PlateStack(10, 2), PlateStack(5, 2)))
    fit = kit.fit(100)
    assert fit.exact is None
    assert fit.below.total == 90 and fit.below.per_side == (20, 10, 5)
    assert fit.above is None  # nothing heavier can be loaded
    assert fit.nearest.total == 90
    # An odd count: three 20s still make one per side.
    odd = Barbell(Unit.KG, 20, (PlateStack(20, 3),))
    assert odd.fit(100).nearest.total == 60


def test_an_unloadable_weight_has_the_nearest_below_and_above():
    fit = KG_GYM.fit(61)
    assert fit.exact is None
    assert (fit.below.total, fit.above.total) == (60, 62.5)
    assert fit.nearest.total == 60
    assert fit.nearest.plates_text == "20 | per side"
    fit = KG_GYM.fit(62)
    assert fit.nearest.total == 62.5  # 0.5 up beats 2 down
    # Exactly half way: the lighter one.
    assert KG_GYM.fit(61.25).nearest.total == 60


def test_lb_plates_in_lb():
    assert LB_GYM.fit(135).exact.plates_text == "45 | per side"
    assert LB_GYM.fit(225).exact.plates_text == "45 + 45 | per side"
    assert LB_GYM.fit(185).exact.plates_text == "45 + 25 | per side"
    assert LB_GYM.fit(230).exact.plates_text == "45 + 45 + 2.5 | per side"
    fit = LB_GYM.fit(137)
    assert fit.exact is None
    assert (fit.below.total, fit.above.total, fit.nearest.total) == (135, 140, 135)


def test_lb_kit_from_a_kg_weight_has_no_float_drift():
    # 225 lb typed by an lb person is stored as 102.0582 kg; back in lb it is exact.
    fit = LB_GYM.fit_kg(to_kg(225, Unit.LB))
    assert fit.exact is not None and fit.exact.total == 225
    assert fit.exact.total_kg == pytest.approx(102.0582, abs=1e-4)
    # 60 kg on lb plates is 132.28 lb: not loadable, 130 or 135 lb.
    fit = LB_GYM.fit_kg(60)
    assert fit.exact is None
    assert (fit.below.total, fit.above.total) == (130, 135)


def test_kg_stored_with_import_noise_is_still_exact():
    # "132.3 lb" typed by someone whose plates are in kg is 60.01 kg: the same weight as 60.
    assert KG_GYM.fit_kg(to_kg(132.3, Unit.LB)).exact.total == 60


def test_bar_only_and_below_the_bar():
    fit = KG_GYM.fit(20)
    assert fit.exact.plates_text == "bar only"
    fit = KG_GYM.fit(15)
    assert fit.exact is None and fit.below is None
    assert fit.above.total == 20 and fit.nearest.total == 20
    assert Barbell(Unit.KG, 20, ()).fit(60).nearest.plates_text == "bar only"


def test_dumbbell_list_rounding():
    rack = DumbbellRack(Unit.KG, (5, 7.5, 10, 12.5, 15, 20, 24))
    assert rack.fit_kg(12.5).exact.total == 12.5
    fit = rack.fit_kg(17)
    assert fit.exact is None
    assert (fit.below.total, fit.above.total, fit.nearest.total) == (15, 20, 15)
    assert rack.fit_kg(19).nearest.total == 20
    assert rack.fit_kg(30).nearest.total == 24
    assert rack.fit_kg(2).nearest.total == 5
    assert rack.fit_kg(17).nearest.plates_text == "15 kg dumbbells"


def test_dumbbell_range_rounding():
    weights = dumbbell_range(2.5, 40, 2.5)
    assert len(weights) == 16 and weights[0] == 2.5 and weights[-1] == 40
    rack = DumbbellRack(Unit.KG, weights)
    assert rack.fit_kg(23).nearest.total == 22.5
    assert rack.fit_kg(24).nearest.total == 25
    lb = DumbbellRack(Unit.LB, dumbbell_range(5, 100, 5))
    assert lb.fit_kg(to_kg(52, Unit.LB)).nearest.total == 50
    # An odd step: 0.1 steps stay exact (no 0.30000000000000004).
    assert dumbbell_range(1, 1.5, 0.1) == (1, 1.1, 1.2, 1.3, 1.4, 1.5)


@pytest.mark.parametrize(("low", "high", "step"), [(0, 10, 1), (10, 5, 1), (2, 10, 0)])
def test_a_bad_dumbbell_range_is_refused(low, high, step):
    with pytest.raises(ValidationError, match="dumbbell range"):
        dumbbell_range(low, high, step)


def test_rounding_a_step_up_never_undoes_it():
    # 10 kg dumbbells, +1 kg would be 11: the nearest owned is 10 (the same), so 12.5.
    rack = DumbbellRack(Unit.KG, dumbbell_range(2.5, 40, 2.5))
    assert round_up_from(rack, 10, 11) == 12.5
    # 60 kg + 2.5 is loadable as is.
    assert round_up_from(KG_GYM, 60, 62.5) == 62.5
    # Only 20s and 10s: 60 → 62.5 is not loadable; the next heavier is 80.
    kit = Barbell(Unit.KG, 20, (PlateStack(20, 2), PlateStack(10, 2)))
    assert round_up_from(kit, 60, 62.5) == 80
    assert round_up_from(kit, 80, 82.5) is None


def test_the_default_ramp():
    assert format_ramp(DEFAULT_RAMP) == "bar × 10, 40% × 5, 60% × 3, 80% × 1"
    assert warmup_sets(100, DEFAULT_RAMP, KG_GYM, "kg") == [
        WarmupSet(20, 10),
        WarmupSet(40, 5),
        WarmupSet(60, 3),
        WarmupSet(80, 1),
    ]


def test_ramp_weights_are_loadable_never_below_the_bar_and_not_repeated():
    # 40 kg: 40% is 16 → the bar (already there: dropped), 60% 24 → 25, 80% 32 → 32.5.
    assert warmup_sets(40, DEFAULT_RAMP, KG_GYM, "kg") == [
        WarmupSet(20, 10),
        WarmupSet(25, 3),
        WarmupSet(32.5, 1),
    ]
    # 87.5 kg: 35, 52.5, 70 all load exactly.
    assert [s.weight_kg for s in warmup_sets(87.5, DEFAULT_RAMP, KG_GYM, "kg")] == [
        20,
        35,
        52.5,
        70,
    ]
    # The work weight is the bar: nothing to warm up with.
    assert warmup_sets(20, DEFAULT_RAMP, KG_GYM, "kg") == []


def test_ramp_in_lb_plates():
    sets = warmup_sets(to_kg(225, Unit.LB), DEFAULT_RAMP, LB_GYM, "lb")
    # bar 45, 40% = 90, 60% = 135, 80% = 180 (67.5 per side: 45 + 10 + 10 + 2.5): all load.
    assert [round(s.weight_kg / 0.45359237, 4) for s in sets] == [45, 90, 135, 180]
    assert [s.reps for s in sets] == [10, 5, 3, 1]


def test_ramp_for_dumbbells_and_for_machines():
    rack = DumbbellRack(Unit.KG, dumbbell_range(2.5, 40, 2.5))
    # 30 kg dumbbells: no empty bar; 12 → 12.5, 18 → 17.5, 24 → 25.
    assert [s.weight_kg for s in warmup_sets(30, DEFAULT_RAMP, rack, "kg")] == [12.5, 17.5, 25]
    # A machine: no empty bar; shares on the usual 2.5 kg step.
    assert [s.weight_kg for s in warmup_sets(50, DEFAULT_RAMP, None, "kg")] == [20, 30, 40]


def test_parse_ramp():
    assert parse_ramp("bar x 10, 40% x 5, 60%×3, 80 % * 1") == DEFAULT_RAMP
    assert parse_ramp("50% x 8") == (WarmupStep(50, 8),)
    for bad, words in (
        ("", "at least one"),
        ("half x 5", "not a warm-up step"),
        ("0% x 5", "1 to 99%"),
        ("50% x 0", "1 to 30 reps"),
        (", ".join(["50% x 5"] * 9), "at most 8"),
    ):
        with pytest.raises(ValidationError, match=words):
            parse_ramp(bad)


def test_a_suggested_step_up_lands_on_a_loadable_weight():
    from backtracker.domain.progression import BEGINNER, SessionSets, suggest_next
    from backtracker.domain.strength import SetRecord

    sets = tuple(SetRecord(weight_kg=60.0, reps=12) for _ in range(3))
    kit = Barbell(Unit.KG, 20, (PlateStack(20, 2), PlateStack(10, 2)))
    options = {"tracking": "weight_reps", "equipment": "barbell", "load_profile": "heavy"}
    plain = suggest_next([SessionSets(sets)], BEGINNER, unit="kg", **options)
    assert plain.weight_kg == 62.5
    rounded = suggest_next([SessionSets(sets)], BEGINNER, unit="kg", loader=kit, **options)
    assert rounded.weight_kg == 80
    assert rounded.message.startswith("Try 80 kg for 8 reps")


def test_the_solver_agrees_with_trying_every_combination():
    """Small racks checked by brute force: the same loadable totals, and the fewest plates
    (the heaviest first among equally few)."""
    import itertools
    import random

    rng = random.Random(14)
    weights = (25, 20, 15, 10, 5, 2.5, 1.25, 0.5)
    for _ in range(40):
        chosen = sorted(rng.sample(weights, rng.randint(1, 5)), reverse=True)
        rack = tuple(PlateStack(w, 2 * rng.randint(1, 3)) for w in chosen)
        kit = Barbell(Unit.KG, 20, rack)
        best: dict[int, tuple[float, ...]] = {}
        for counts in itertools.product(*(range(p.per_side + 1) for p in rack)):
            plates = tuple(p.weight for p, n in zip(rack, counts, strict=True) for _ in range(n))
            side = round(sum(plates) * 100)
            old = best.get(side)
            if old is None or (len(plates), [-w for w in plates]) < (len(old), [-w for w in old]):
                best[side] = plates
        assert kit.totals() == sorted(2000 + 2 * side for side in best)
        for side, plates in best.items():
            assert kit.fit(20 + 2 * side / 100).exact.per_side == plates
