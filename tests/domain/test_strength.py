"""Estimated 1RM, volume, best set and the "last time" summary."""

from __future__ import annotations

import pytest

from backtracker.domain.strength import (
    Formula,
    SetRecord,
    SetType,
    best_set,
    effective_load_kg,
    estimate_one_rep_max,
    session_volume,
    set_volume,
    summarize_sets,
)
from backtracker.domain.units import Unit, to_kg


def work(weight: float | None, reps: int | None, **changes: object) -> SetRecord:
    return SetRecord(weight_kg=weight, reps=reps, **changes)  # type: ignore[arg-type]


def test_epley_and_brzycki():
    assert estimate_one_rep_max(100, 10) == pytest.approx(100 * (1 + 10 / 30))
    assert estimate_one_rep_max(100, 10, Formula.BRZYCKI) == pytest.approx(100 * 36 / 27)
    assert estimate_one_rep_max(20, 5, "brzycki") == pytest.approx(22.5)
    assert estimate_one_rep_max(20, 3) == pytest.approx(22.0)  # no integer division


def test_one_rep_is_the_weight_itself():
    assert estimate_one_rep_max(80, 1) == 80.0
    assert estimate_one_rep_max(80, 1, Formula.BRZYCKI) == 80.0


@pytest.mark.parametrize(
    ("weight", "reps"), [(0, 5), (-10, 5), (None, 5), (50, 0), (50, -1), (50, 13), (50, None)]
)
def test_no_estimate_outside_its_range(weight: float | None, reps: int | None):
    assert estimate_one_rep_max(weight, reps) is None
    assert estimate_one_rep_max(weight, reps, Formula.BRZYCKI) is None


def test_twelve_reps_still_counts():
    assert estimate_one_rep_max(30, 12) == pytest.approx(42.0)


def test_set_type_labels():
    assert [t.label for t in SetType] == ["Warm-up", "Normal", "Drop", "Failure"]
    assert [t.short for t in SetType] == ["W", "", "D", "F"]
    assert SetType("warmup") is SetType.WARMUP


def test_work_sets():
    assert work(20, 10).is_work_set
    assert work(20, 10, set_type="failure").is_work_set
    assert work(20, 10, set_type="drop").is_work_set
    assert not work(20, 10, set_type="warmup").is_work_set
    assert not work(20, 10, completed=False).is_work_set


def test_effective_load():
    assert effective_load_kg(20, bodyweight_kg=80, bodyweight_exercise=False) == 20
    assert effective_load_kg(None, bodyweight_kg=80, bodyweight_exercise=False) is None
    assert effective_load_kg(None, bodyweight_kg=80, bodyweight_exercise=True) == 80
    assert effective_load_kg(10, bodyweight_kg=80, bodyweight_exercise=True) == 90
    assert effective_load_kg(10, bodyweight_kg=None, bodyweight_exercise=True) is None


def test_set_volume():
    assert set_volume(work(14, 10)) == 140.0
    assert set_volume(work(14, 10, set_type="warmup")) == 0.0
    assert set_volume(work(14, 10, completed=False)) == 0.0
    assert set_volume(work(14, None, duration_s=30)) == 0.0
    assert set_volume(work(None, 10)) == 0.0
    assert set_volume(work(None, 12), bodyweight_kg=75, bodyweight_exercise=True) == 900.0
    assert set_volume(work(5, 10), bodyweight_kg=75, bodyweight_exercise=True) == 800.0
    assert set_volume(work(5, 10), bodyweight_exercise=True) == 0.0


def test_session_volume():
    sets = [
        work(10, 12, set_type="warmup"),
        work(20, 10),
        work(20, 8),
        work(15, 6, set_type="drop"),
    ]
    assert session_volume(sets) == 200 + 160 + 90
    assert session_volume([work(None, 10)], bodyweight_kg=70, bodyweight_exercise=True) == 700
    assert session_volume([]) == 0.0


def test_best_set():
    warmup = work(40, 5, set_type="warmup")
    a, b, c = work(20, 12), work(24.5, 5), work(25, 1)
    # Epley: 28, 28.58, 25. Brzycki: 28.8, 27.56, 25.
    assert best_set([warmup, a, b, c], Formula.EPLEY) == b
    assert best_set([warmup, a, b, c], Formula.BRZYCKI) == a
    assert best_set([warmup]) is None
    assert best_set([work(100, 20)]) is None  # too many reps to estimate
    assert best_set([]) is None
    first, same = work(20, 10), work(20, 10, rpe=9)
    assert best_set([first, same]) is first


def test_summary_same_weight_and_reps():
    sets = [work(8, 12, set_type="warmup"), work(14, 10), work(14, 10), work(14, 10)]
    assert summarize_sets(sets, Unit.KG) == "3×10 @ 14 kg"


def test_summary_same_weight_different_reps():
    sets = [work(14, 10), work(14, 9), work(14, 8), work(14, 8, completed=False)]
    assert summarize_sets(sets, Unit.KG) == "14 kg × 10, 9, 8"


def test_summary_different_weights():
    assert summarize_sets([work(14, 10), work(16, 9)], Unit.KG) == "10 × 14 kg, 9 × 16 kg"


def test_summary_in_pounds():
    sets = [work(to_kg(35, "lb"), 10)] * 2
    assert summarize_sets(sets, Unit.LB) == "2×10 @ 35 lb"


def test_summary_bodyweight():
    assert summarize_sets([work(None, 12)] * 3, Unit.KG) == "3×12"
    assert summarize_sets([work(None, 12), work(None, 10)], Unit.KG) == "12, 10"
    added = [work(5, 8), work(5, 8)]
    assert summarize_sets(added, Unit.KG, bodyweight_exercise=True) == "2×8 @ +5 kg"
    mixed = [work(None, 12), work(5, 8)]
    assert summarize_sets(mixed, Unit.KG, bodyweight_exercise=True) == "12, 8 × +5 kg"


def test_summary_holds():
    assert summarize_sets([SetRecord(duration_s=45)] * 3, Unit.KG) == "3×45 s"
    holds = [SetRecord(duration_s=45), SetRecord(duration_s=40)]
    assert summarize_sets(holds, Unit.KG) == "45 s, 40 s"
    assert summarize_sets([SetRecord(duration_s=90)] * 2, Unit.KG) == "2×1:30"
    assert summarize_sets([SetRecord(duration_s=30)], Unit.KG) == "30 s"


def test_summary_cardio():
    run = SetRecord(distance_m=5000, duration_s=1500)
    assert summarize_sets([run], Unit.KG) == "5 km in 25:00"
    assert summarize_sets([run], Unit.LB) == "3.11 mi in 25:00"
    assert summarize_sets([SetRecord(distance_m=2500)], Unit.KG) == "2.5 km"


def test_a_long_session_names_eight_sets_and_counts_the_rest():
    pairs = [work(40 + 2.5 * (i % 3), 12 - i % 5) for i in range(109)]
    line = summarize_sets(pairs, Unit.KG)
    assert line.startswith("12 × 40 kg, 11 × 42.5 kg, 10 × 45 kg, 9 × 40 kg, ")
    assert line.count(" × ") == 8 and line.endswith(" and 101 more")
    reps = [work(14, 12 - i % 4) for i in range(10)]
    assert summarize_sets(reps, Unit.KG) == "14 kg × 12, 11, 10, 9, 12, 11, 10, 9 and 2 more"
    holds = [SetRecord(duration_s=30 + i) for i in range(9)]
    assert summarize_sets(holds, Unit.KG).endswith("37 s and 1 more")
    eight = [work(14, 12 - i) for i in range(8)]  # eight: all named
    assert summarize_sets(eight, Unit.KG) == "14 kg × 12, 11, 10, 9, 8, 7, 6, 5"


def test_summary_of_nothing():
    assert summarize_sets([], Unit.KG) == ""
    assert summarize_sets([work(10, 10, set_type="warmup")], Unit.KG) == ""
    assert summarize_sets([work(10, 10, completed=False)], Unit.KG) == ""
