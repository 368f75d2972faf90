"""Hard sets per back region, worked out by hand.

Dumbbell Row: primary lats, rhomboids, trapezius; secondary rear delts, erector spinae (and
arms). Lat Pulldown: primary lats; secondary rhomboids, trapezius, rear delts. A shrug's
trapezius is the upper traps; a row's is the mid-back.
"""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.domain.coach import regions
from backtracker.domain.coach.regions import ExerciseMuscles, region_weights
from backtracker.services import coach, preferences
from backtracker.storage import workouts
from tests.domain.coach_log import at, exercise_id, log, set_patterns

ROW = ExerciseMuscles(
    (
        ("lats", "primary"),
        ("rhomboids", "primary"),
        ("trapezius", "primary"),
        ("rear_delts", "secondary"),
        ("biceps", "secondary"),
        ("erector_spinae", "secondary"),
    ),
    "horizontal_pull",
)
PULLDOWN = ExerciseMuscles(
    (
        ("lats", "primary"),
        ("rhomboids", "secondary"),
        ("trapezius", "secondary"),
        ("rear_delts", "secondary"),
    ),
    "vertical_pull",
)


def test_a_row_counts_its_mid_back_once_and_its_secondaries_as_halves():
    assert region_weights(ROW) == {
        "lats": 1.0,
        "mid_back": 1.0,  # rhomboids and trapezius are one region: not 2
        "rear_delts": 0.5,
        "erectors": 0.5,
    }


def test_the_highest_role_wins_when_two_muscles_share_a_region():
    mixed = ExerciseMuscles((("trapezius", "secondary"), ("rhomboids", "primary")), None)
    assert region_weights(mixed) == {"mid_back": 1.0}
    flipped = ExerciseMuscles((("rhomboids", "secondary"), ("trapezius", "primary")), None)
    assert region_weights(flipped) == {"mid_back": 1.0}


@pytest.mark.parametrize(
    ("pattern", "region"),
    [
        ("shrug", "upper_traps"),
        ("carry", "upper_traps"),
        ("hinge", "upper_traps"),
        ("horizontal_pull", "mid_back"),
        ("vertical_pull", "mid_back"),
        ("fly", "mid_back"),
        (None, "mid_back"),
    ],
)
def test_the_trapezius_rule(pattern, region):
    assert regions.region_of("trapezius", pattern) == region
    assert region_weights(ExerciseMuscles((("trapezius", "primary"),), pattern)) == {region: 1}


def test_a_hand_worked_week():
    # 3 row sets + 4 pulldown sets + 2 deadlift sets (trapezius secondary, hinge).
    deadlift = ExerciseMuscles(
        (("erector_spinae", "primary"), ("glutes", "primary"), ("trapezius", "secondary")),
        "hinge",
    )
    totals = regions.weekly_region_sets(
        {1: 3, 2: 4, 3: 2, 99: 5}, {1: ROW, 2: PULLDOWN, 3: deadlift}
    )
    assert totals == {
        "lats": 3 + 4,
        "mid_back": 3 + 4 * 0.5,
        "upper_traps": 2 * 0.5,
        "rear_delts": 3 * 0.5 + 4 * 0.5,
        "erectors": 3 * 0.5 + 2,
    }


def test_stretches_and_cardio_give_no_hard_sets():
    lats = (("lats", "primary"),)
    exercises = {
        1: ExerciseMuscles(lats, None, "stretch"),
        2: ExerciseMuscles(lats, None, "cardio"),
        3: ExerciseMuscles(lats, "mobility"),
        4: ExerciseMuscles(lats, "vertical_pull"),
    }
    totals = regions.weekly_region_sets({1: 5, 2: 3, 3: 2, 4: 1}, exercises)
    assert totals["lats"] == 1


def test_the_sentences():
    assert (
        regions.region_sentence("mid_back", 4, 10, 20, "this week")
        == "Mid-back: 4 of 10 sets this week; add a row."
    )
    assert (
        regions.region_sentence("rear_delts", 4.5, 10, 20, "this week")
        == "Rear delts: 4.5 of 10 sets this week; add face pulls or reverse flys."
    )
    assert regions.region_sentence("lats", 12, 10, 20, "this week") == (
        "Lats: 12 sets this week, within 10–20."
    )
    assert regions.region_sentence("lats", 20, 10, 20, "this week").endswith("within 10–20.")
    assert "above 20" in regions.region_sentence("erectors", 20.5, 10, 20, "this week")
    assert "add shrugs" in regions.region_sentence("upper_traps", 0, 10, 20, "this week")
    assert "pulldown or pull-up" in regions.region_sentence("lats", 9.5, 10, 20, "x")
    assert "back extensions or Romanian" in regions.region_sentence("erectors", 1, 10, 20, "x")


@pytest.mark.parametrize(
    ("text", "monday"),
    [
        ("2026-W12", dt.date(2026, 3, 16)),
        ("2026-W01", dt.date(2025, 12, 29)),  # ISO 2026 starts in December 2025
        ("2020-W53", dt.date(2020, 12, 28)),
        ("2026-w12", dt.date(2026, 3, 16)),
    ],
)
def test_iso_weeks(text, monday):
    assert regions.parse_iso_week(text) == monday
    assert regions.iso_week(monday) == text.upper()


@pytest.mark.parametrize(
    "text", ["2026-12", "2026W12", "W12", "2026-W1", "", "2026-W00", "2025-W53"]
)
def test_a_bad_week_says_how_to_write_one(text):
    with pytest.raises(ValueError, match="week"):
        regions.parse_iso_week(text)


# --- through the database: what counts as a hard set, and the week's edges ---


def test_warm_ups_and_unfinished_sets_are_left_out_and_the_week_runs_monday_to_sunday(seeded):
    set_patterns()
    row, pulldown = exercise_id("dumbbell-row"), exercise_id("lat-pulldown")
    # Week 2026-W12: Mon 16 – Sun 22 Mar.
    log(
        at("2026-03-16", 7),
        {
            row: [(10.0, 12, "warmup"), (20.0, 8), (20.0, 8), (20.0, 6, "failure")],
            pulldown: [(30.0, 10, "warmup"), (40.0, 10), (40.0, 9, "normal", False)],
        },
    )
    log(at("2026-03-15", 23), {row: [(20.0, 8)] * 5})  # Sunday before: last week
    log(at("2026-03-22", 23), {pulldown: [(40.0, 10)] * 2})  # Sunday night: this week
    log(at("2026-03-23", 0), {row: [(20.0, 8)] * 5})  # Monday after: next week
    # A lat stretch (a hold) and a row on the rowing machine are not hard sets.
    stretch, rowing = exercise_id("lat-stretch"), exercise_id("rowing-machine")
    workout = log(at("2026-03-19"), {})
    for exercise, values in ((stretch, {"duration_s": 30}), (rowing, {"duration_s": 600})):
        link = workouts.add_exercise(workout, workouts.PlannedExercise(exercise))
        workouts.add_set(link, {**values, "completed": True})
    report = coach.week_report(dt.date(2026, 3, 18))
    sets = {count.region: count.sets for count in report.regions}
    # Row: 3 hard sets (the warm-up out); pulldown: 1 + 2 (warm-up and unfinished out).
    assert sets == {
        "lats": 3 + 3,
        "mid_back": 3 + 3 * 0.5,
        "upper_traps": 0,
        "rear_delts": 3 * 0.5 + 3 * 0.5,
        "erectors": 3 * 0.5,
    }
    assert report.week == "2026-W12"
    assert "Mid-back: 4.5 of 10 sets this week; add a row." in report.suggestions


def test_a_week_across_new_year(seeded):
    set_patterns()
    row, shrug = exercise_id("dumbbell-row"), exercise_id("barbell-shrug")
    log(at("2025-12-28"), {row: [(20.0, 8)] * 4})  # Sunday: ISO 2025-W52
    log(at("2025-12-30"), {row: [(20.0, 8)] * 3, shrug: [(60.0, 12)] * 2})
    log(at("2026-01-02"), {row: [(20.0, 8)] * 2, shrug: [(60.0, 12), (60.0, 12, "warmup")]})
    log(at("2026-01-05"), {shrug: [(60.0, 12)] * 9})  # Monday: 2026-W02
    report = coach.week_report(dt.date(2025, 12, 31))
    assert report.week == "2026-W01" and report.monday == dt.date(2025, 12, 29)
    sets = {count.region: count.sets for count in report.regions}
    assert sets["mid_back"] == 5  # the shrug's trapezius is the upper traps
    assert sets["upper_traps"] == 3
    assert sets["lats"] == 5
    assert not report.current
    assert "Upper traps: 3 of 10 sets in the week of 29 Dec 2025; add shrugs." in (
        report.suggestions
    )


def test_the_band_comes_from_preferences(seeded):
    row = exercise_id("dumbbell-row")
    log(at("2026-03-17"), {row: [(20.0, 8)] * 4})
    preferences.save(preferences.Preferences(coach_band_low=4, coach_band_high=6))
    report = coach.week_report()
    counts = {count.region: count for count in report.regions}
    assert (counts["lats"].low, counts["lats"].high) == (4, 6)
    assert counts["lats"].status is regions.Status.WITHIN
    assert counts["rear_delts"].status is regions.Status.BELOW  # 2 of 4


@pytest.mark.parametrize(
    ("low", "high", "field"),
    [(0, 20, "coach_band_low"), (12, 10, "coach_band_high"), (10, 61, "coach_band_high")],
)
def test_a_bad_band_is_refused(low, high, field):
    from backtracker.domain.errors import ValidationError

    with pytest.raises(ValidationError) as caught:
        preferences.validate(preferences.Preferences(coach_band_low=low, coach_band_high=high))
    assert field in caught.value.problems
