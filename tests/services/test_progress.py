"""Chart series, the overview and the `stats` numbers, on the hand-worked history of
tests/storage/test_progress.py (see its docstring for every set)."""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.domain.errors import UserError
from backtracker.domain.trends import linear_trend
from backtracker.services import progress
from backtracker.services.progress import Metric, Range
from backtracker.storage import progress as store
from tests.storage.test_progress import at, exercise_id, log, log_history

D = dt.date
TODAY = D(2026, 2, 8)  # a Sunday
ROW_DAYS = (D(2026, 1, 5), D(2026, 1, 7), D(2026, 1, 14), D(2026, 1, 21), D(2026, 2, 4))


@pytest.fixture
def history(seeded) -> tuple[int, int]:
    return log_history()


def series(exercise: int, metric: Metric, rng: Range = Range.ALL, **options) -> progress.Series:
    options = {"formula": "epley", "unit": "kg", "today": TODAY, **options}
    return progress.exercise_series(exercise, metric, rng, **options)


# --- metrics and ranges ---------------------------------------------------------------------


def test_metric_labels_and_kinds():
    assert [m.label for m in Metric] == [
        "Estimated 1RM",
        "Heaviest weight",
        "Best set volume",
        "Session volume",
        "Total reps",
        "Most reps in a set",
        "Longest hold",
        "Time under tension",
    ]
    assert [m for m in Metric if not m.is_weight] == [
        Metric.TOTAL_REPS,
        Metric.MOST_REPS,
        Metric.LONGEST_HOLD,
        Metric.TIME_UNDER_TENSION,
    ]
    assert [m for m in Metric if m.is_time] == [Metric.LONGEST_HOLD, Metric.TIME_UNDER_TENSION]


@pytest.mark.parametrize(
    ("rng", "today", "since"),
    [
        (Range.W4, D(2026, 2, 8), D(2026, 1, 11)),
        (Range.M3, D(2026, 5, 31), D(2026, 2, 28)),  # no 31 February
        (Range.M6, D(2026, 3, 15), D(2025, 9, 15)),  # across the new year
        (Range.Y1, D(2028, 2, 29), D(2027, 2, 28)),
        (Range.ALL, D(2026, 2, 8), None),
    ],
)
def test_range_start(rng, today, since):
    assert rng.since(today) == since


def test_range_labels():
    assert [r.label for r in Range] == ["4 weeks", "3 months", "6 months", "1 year", "All"]


# --- exercise series ------------------------------------------------------------------------


def test_e1rm_series_over_all_history(history):
    row, _ = history
    result = series(row, Metric.E1RM)
    values = [22.5 * 35 / 30, 21 * 36 / 30, 20 * 38 / 30, 35.0, 35.0]
    assert result.days == ROW_DAYS
    assert result.values == pytest.approx(values, rel=1e-12)
    assert result.details == (
        "best set 5 × 22.5 kg",
        "best set 6 × 21 kg",
        "best set 8 × 20 kg",
        "best set 1 × 35 kg",
        "best set 1 × 35 kg",
    )
    assert result.record_indices == (0, 3)  # 35.0 on 02-04 only equals the record
    expected = linear_trend([(d.toordinal(), v) for d, v in zip(ROW_DAYS, values, strict=True)])
    assert result.trend == pytest.approx(expected)
    assert result.trend[0] > 0


def test_brzycki_and_pounds(history):
    row, _ = history
    result = series(row, Metric.E1RM, formula="brzycki", unit="lb")
    assert result.values[:2] == pytest.approx([22.5 * 36 / 32, 25.0], rel=1e-12)  # still kg
    assert result.details[:2] == ("best set 5 × 49.6 lb", "best set 1 × 55.1 lb")


def test_records_in_a_range_are_judged_against_all_history(history):
    row, _ = history
    result = series(row, Metric.E1RM, Range.W4)  # from 2026-01-11
    assert result.days == ROW_DAYS[2:]
    # 25.33 on 01-14 is the first point shown, but 26.25 on 01-05 beat it already.
    assert result.record_indices == (1,)


@pytest.mark.parametrize(
    ("metric", "values", "records"),
    [
        (Metric.HEAVIEST, [22.5, 25.0, 20.0, 35.0, 35.0], (0, 1, 3)),
        (Metric.BEST_SET_VOLUME, [225.0, 126.0, 160.0, 150.0, 112.5], (0,)),
        (Metric.SESSION_VOLUME, [497.5, 151.0, 320.0, 185.0, 197.5], (0,)),
        (Metric.TOTAL_REPS, [28.0, 7.0, 16.0, 6.0, 8.0], (0,)),
    ],
)
def test_other_metrics(history, metric, values, records):
    row, _ = history
    result = series(row, metric)
    assert result.days == ROW_DAYS
    assert result.values == pytest.approx(values)
    assert result.record_indices == records


def test_details_of_volume_and_reps_follow_the_unit(history):
    row, _ = history
    assert series(row, Metric.SESSION_VOLUME).details[0] == "28 reps, session volume 497.5 kg"
    assert series(row, Metric.TOTAL_REPS, unit="lb").details[0] == "session volume 1096.8 lb"


def test_bodyweight_exercise_points_say_the_load_includes_bodyweight(history):
    _, pull = history
    result = series(pull, Metric.E1RM, unit="lb")
    assert result.values[-1] == pytest.approx(88 * 35 / 30)
    assert result.details[-1] == "best set 5 × 194 lb (with bodyweight)"


def test_days_without_a_value_are_left_out(seeded):
    pull = exercise_id("pull-up")  # no bodyweight logged: reps, but no load
    log(at("2026-02-02"), {pull: [(None, 10)]})
    assert series(pull, Metric.SESSION_VOLUME).values == ()
    assert series(pull, Metric.E1RM).values == ()
    assert series(pull, Metric.TOTAL_REPS).values == (10.0,)
    assert series(pull, Metric.TOTAL_REPS).trend is None


def test_records_pass_the_formula_through(history):
    row, _ = history
    log(at("2026-02-09"), {row: [(32.5, 4)]})
    assert progress.records(row, formula="brzycki").best_e1rm.value_kg == pytest.approx(
        32.5 * 36 / 33
    )
    assert progress.records(row, formula="epley").best_e1rm.value_kg == pytest.approx(
        32.5 * 34 / 30
    )


# --- overview -------------------------------------------------------------------------------


def test_overview_over_all_history(history):
    result = progress.overview(rng=Range.ALL, today=TODAY)
    mondays = (
        D(2025, 12, 15),
        D(2025, 12, 22),
        D(2025, 12, 29),
        D(2026, 1, 5),
        D(2026, 1, 12),
        D(2026, 1, 19),
        D(2026, 1, 26),
        D(2026, 2, 2),
    )
    assert result.weeks == tuple(zip(mondays, (1, 0, 0, 2, 3, 1, 0, 1), strict=True))
    assert result.muscle_weeks == mondays
    row = [0.0, 0.0, 0.0, 648.5 / 3, 320 / 3, 185 / 3, 0.0, 197.5 / 3]
    pull = [480.0, 0.0, 0.0, 640.0, 440.0, 0.0, 0.0, 0.0]
    assert list(result.muscle_volumes) == ["lats", "rhomboids", "trapezius"]  # biggest first
    assert result.muscle_volumes["lats"] == pytest.approx(
        [r + p for r, p in zip(row, pull, strict=True)]
    )
    assert result.muscle_volumes["trapezius"] == pytest.approx(row)
    assert result.muscle_names["trapezius"] == "Traps"
    assert result.bodyweight == ((D(2026, 1, 1), 80.0), (D(2026, 1, 10), 78.0))
    assert result.bodyweight_avg7 == pytest.approx((80.0, 79.0))


def test_overview_of_the_last_four_weeks(history):
    result = progress.overview(rng=Range.W4, today=TODAY)  # from Sunday 2026-01-11
    assert result.weeks == (
        (D(2026, 1, 12), 3),
        (D(2026, 1, 19), 1),
        (D(2026, 1, 26), 0),
        (D(2026, 2, 2), 1),  # the warm-up-only workout is not a session
    )
    assert result.muscle_volumes["rhomboids"] == pytest.approx((320 / 3, 185 / 3, 0.0, 197.5 / 3))
    assert result.muscle_volumes["lats"][0] == pytest.approx(320 / 3 + 440)
    assert result.bodyweight == () and result.bodyweight_avg7 == ()


# --- stats ----------------------------------------------------------------------------------


def test_stats_numbers_by_hand(history):
    numbers = progress.stats("db row", formula="epley")  # an alias
    assert numbers["exercise"] == "Dumbbell Row"
    assert numbers["formula"] == "epley"
    assert numbers["sessions"] == 6
    assert (numbers["best_e1rm_kg"], numbers["heaviest_weight_kg"]) == (35.0, 35.0)
    assert numbers["best_set_volume_kg"] == 225.0
    assert numbers["e1rm_by_day"] == [
        ["2026-01-05", 26.25],
        ["2026-01-07", 25.2],
        ["2026-01-14", 25.33],
        ["2026-01-21", 35.0],
        ["2026-02-04", 35.0],
    ]
    assert numbers["records"]["heaviest_by_reps"]["8"] == {
        "value_kg": 20.0,
        "date": "2026-01-05",
        "weight_kg": 20.0,
        "reps": 8,
    }


def test_stats_with_brzycki(history):
    numbers = progress.stats("Dumbbell Row", formula="brzycki")
    assert numbers["formula"] == "brzycki"
    assert [value for _, value in numbers["e1rm_by_day"]] == [25.31, 25.0, 24.83, 35.0, 35.0]


def test_stats_of_an_exercise_never_trained(history):
    numbers = progress.stats("face pull", formula="epley")
    assert numbers["sessions"] == 0 and numbers["e1rm_by_day"] == []
    assert numbers["best_e1rm_kg"] is None
    assert "nothing logged yet" in progress.stats_text(numbers)


def test_stats_text_is_in_kg(history):
    text = progress.stats_text(progress.stats("dumbbell row", formula="epley"))
    assert text.splitlines()[0] == "Dumbbell Row: 6 sessions, 2026-01-05 to 2026-02-04"
    assert "Best estimated 1RM (Epley): 35 kg (1 × 35 kg, 2026-01-21)" in text
    assert "Best set volume: 225 kg (15 × 15 kg, 2026-01-05)" in text


def test_an_unknown_exercise_names_close_ones(history):
    with pytest.raises(progress.UnknownExerciseError) as caught:
        progress.stats("Dumbell Rwo", formula="epley")
    assert isinstance(caught.value, UserError)
    assert str(caught.value).startswith("No exercise called “Dumbell Rwo”. Try one of: ")
    assert "Dumbbell Row" in caught.value.suggestions
    assert len(caught.value.suggestions) <= progress.SUGGESTIONS


def test_with_nothing_close_the_trained_exercises_are_suggested(history):
    assert progress.close_names("zzqxj") == ["Dumbbell Row", "Pull-Up"]
    assert progress.close_names("shrug")[:2] == ["Barbell Shrug", "Dumbbell Shrug"]


def test_the_series_matches_the_storage_rows(history):
    """The service adds nothing to the numbers: the values are the stored ones."""
    row, _ = history
    days = store.exercise_days(row, formula="epley")
    assert series(row, Metric.E1RM).values == tuple(d.best_e1rm_kg for d in days)
