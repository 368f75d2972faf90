"""The deload week's rule: its targets, the reset of the stall count after it, a missed week,
and the report once a deload week is accepted."""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.domain.coach import deload_week, stalls
from backtracker.domain.coach.deload_week import DeloadTarget, DeloadWeek
from backtracker.domain.coach.stalls import ExerciseSessions, Session
from backtracker.domain.plates import Barbell, DumbbellRack, PlateStack
from backtracker.domain.strength import SetRecord
from backtracker.domain.units import KG_PER_LB, Unit
from backtracker.services import coach
from backtracker.storage.models import Deload
from tests.domain.coach_log import at, exercise_id, log

WEEK_OF_2_MAR = DeloadWeek(dt.date(2026, 3, 2), 0.9, 2 / 3)


def weekly(*e1rms: float, first: dt.date = dt.date(2026, 1, 5), skip=()) -> ExerciseSessions:
    """One 1-rep session a week from `first` (its estimated 1RM is its weight); weeks
    numbered in `skip` have no session (missed)."""
    days = [first + dt.timedelta(weeks=n) for n in range(len(e1rms) + len(skip)) if n not in skip]
    return ExerciseSessions(
        1,
        "Dumbbell Row",
        False,
        tuple(
            Session(day, (SetRecord(weight_kg=kg, reps=1),))
            for day, kg in zip(days, e1rms, strict=True)
        ),
    )


def test_a_deload_starts_the_stall_count_again():
    # 9 flat weeks, the deload week in the 9th (2 Mar): stalled before, not after it.
    history = weekly(*[100.0] * 9)
    assert stalls.stalled(history, "epley")
    reset = deload_week.since(history, WEEK_OF_2_MAR.sunday)
    assert [s.day for s in reset.sessions] == []
    assert not stalls.stalled(reset, "epley")
    # Four flat sessions after it are still too few to tell; the fifth makes a stall again.
    after = weekly(*[100.0] * 13)
    assert not stalls.stalled(deload_week.since(after, WEEK_OF_2_MAR.sunday), "epley")
    after = weekly(*[100.0] * 14)
    assert stalls.stalled(deload_week.since(after, WEEK_OF_2_MAR.sunday), "epley")
    assert deload_week.since(after, None) is after


def test_a_missed_week_after_the_deload_is_neither_progress_nor_a_stall():
    # After the deload week of 2 Mar: 9, 16, 30 Mar and 6 Apr (23 Mar missed) are four
    # flat sessions, too few to tell; the missed week does not stand in for a fifth.
    history = weekly(*[100.0] * 13, skip=(11,))
    counted = deload_week.since(history, WEEK_OF_2_MAR.sunday)
    assert [s.day.isoformat() for s in counted.sessions] == [
        "2026-03-09",
        "2026-03-16",
        "2026-03-30",
        "2026-04-06",
    ]
    assert not stalls.stalled(counted, "epley")
    longer = weekly(*[100.0] * 14, skip=(11,))  # 13 Apr, a fifth flat session: a stall
    assert stalls.stalled(deload_week.since(longer, WEEK_OF_2_MAR.sunday), "epley")


def test_weeks_cover_monday_to_sunday_and_the_latest_over_is_found():
    later = DeloadWeek(dt.date(2026, 4, 6), 0.9, 2 / 3)
    weeks = [WEEK_OF_2_MAR, later]
    assert deload_week.covering(weeks, dt.date(2026, 3, 2)) == WEEK_OF_2_MAR
    assert deload_week.covering(weeks, dt.date(2026, 3, 8)) == WEEK_OF_2_MAR
    assert deload_week.covering(weeks, dt.date(2026, 3, 9)) is None
    assert deload_week.latest_ended_before(weeks, dt.date(2026, 3, 8)) is None
    assert deload_week.latest_ended_before(weeks, dt.date(2026, 3, 9)) == WEEK_OF_2_MAR
    assert deload_week.latest_ended_before(weeks, dt.date(2026, 4, 13)) == later
    outside = deload_week.outside(weekly(*[100.0] * 10), weeks)
    assert dt.date(2026, 3, 2) not in [s.day for s in outside.sessions]
    assert len(outside.sessions) == 9


@pytest.mark.parametrize(("planned", "sets"), [(1, 1), (2, 1), (3, 2), (4, 3), (5, 3), (6, 4)])
def test_two_thirds_of_the_sets_at_least_one(planned, sets):
    assert deload_week.deload_sets(planned, 2 / 3) == sets


def test_the_target_is_90_percent_rounded_down_with_the_reps_of_last_time():
    last = [
        SetRecord(set_type="warmup", weight_kg=20.0, reps=10),
        SetRecord(weight_kg=40.0, reps=10),
        SetRecord(weight_kg=42.5, reps=8),
        SetRecord(weight_kg=42.5, reps=7),
    ]
    # 38.25 down to the plates: 37.5 kg, 7 reps (the last set at 42.5 kg).
    assert deload_week.deload_target(last, 0.9, unit="kg") == DeloadTarget(37.5, 7)
    light = [SetRecord(weight_kg=12.5, reps=10)]  # 11.25: whole kilos below 20 kg
    assert deload_week.deload_target(light, 0.9, unit="kg") == DeloadTarget(11.0, 10)
    # A 20 kg bar with a pair each of 10, 5 and 2.5 kg: 37.5 can't be loaded, 35 kg can.
    bar = Barbell(Unit.KG, 20.0, tuple(PlateStack(kg, 2) for kg in (10.0, 5.0, 2.5)))
    assert deload_week.deload_target(last, 0.9, unit="kg", loader=bar).weight_kg == 35.0
    dumbbells = DumbbellRack(Unit.KG, (30.0, 32.0, 40.0, 45.0))  # no 37.5 kg dumbbell
    assert deload_week.deload_target(last, 0.9, unit="kg", loader=dumbbells).weight_kg == 32.0
    above = DumbbellRack(Unit.KG, (12.0, 14.0))  # none at or below 11 kg: 12, still lighter
    assert deload_week.deload_target(light, 0.9, unit="kg", loader=above).weight_kg == 12.0
    pounds = [SetRecord(weight_kg=100 * KG_PER_LB, reps=8)]
    target = deload_week.deload_target(pounds, 0.9, unit="lb")
    assert target.weight_kg == pytest.approx(90 * KG_PER_LB) and target.reps == 8


def test_without_a_weight_the_reps_stay_and_bodyweight_counts_whole():
    plain = [SetRecord(weight_kg=None, reps=8)] * 3
    assert deload_week.deload_target(
        plain, 0.9, unit="kg", bodyweight_exercise=True, bodyweight_kg=80.0
    ) == DeloadTarget(None, 8)
    assisted = [SetRecord(weight_kg=-10.0, reps=6)]
    assert deload_week.deload_target(assisted, 0.9, unit="kg", bodyweight_exercise=True) == (
        DeloadTarget(-10.0, 6)
    )
    added = [SetRecord(weight_kg=10.0, reps=6)] * 3  # 90 % of 90 kg is 81: 1 kg added
    assert deload_week.deload_target(
        added, 0.9, unit="kg", bodyweight_exercise=True, bodyweight_kg=80.0
    ) == DeloadTarget(1.0, 6)
    small = [SetRecord(weight_kg=5.0, reps=6)]  # 90 % of 85 is 76.5: no added weight
    assert deload_week.deload_target(
        small, 0.9, unit="kg", bodyweight_exercise=True, bodyweight_kg=80.0
    ) == DeloadTarget(0.0, 6)
    assert deload_week.deload_target([SetRecord(weight_kg=40.0, reps=0)], 0.9, unit="kg") is None


def test_the_sentences():
    week = DeloadWeek(dt.date(2026, 3, 23), 0.9, 2 / 3)
    assert deload_week.week_sentence(week) == (
        "Deload week: 90 % of the load and two thirds of the sets, then back to normal."
    )
    assert deload_week.accepted_sentence(week).startswith(
        "Deload week accepted for the week of 23 Mar: the same back exercises at about 90 % "
    )


# --- the report, through the database ---

MONDAYS = [dt.date(2026, 1, 5) + dt.timedelta(weeks=n) for n in range(11)]  # to 16 Mar (W12)


def _stalled_history() -> None:
    row, pulldown = exercise_id("dumbbell-row"), exercise_id("lat-pulldown")
    for day in MONDAYS:
        log(at(day.isoformat()), {row: [(25.0, 8)] * 3, pulldown: [(40.0, 8)] * 3})


def test_the_report_says_the_accepted_week_instead_of_suggesting_it_again(seeded):
    _stalled_history()
    assert coach.week_report().deload  # suggested
    Deload.create(week_start=dt.date(2026, 3, 23), load_factor=0.9, sets_factor=2 / 3)
    report = coach.week_report()
    assert report.deload == ()
    assert report.stalled == ("Dumbbell Row", "Lat Pulldown")  # still stalled this week
    assert report.deload_accepted == DeloadWeek(dt.date(2026, 3, 23), 0.9, 2 / 3)
    assert not any(s.startswith("Most of your back exercises") for s in report.suggestions)
    assert report.suggestions[-1].startswith("Deload week accepted for the week of 23 Mar: ")
    assert "Deload week accepted for the week of 23 Mar" in coach.report_text(report)
    assert coach.report_json(report)["suggestions"][-1] == report.suggestions[-1]


def test_after_a_deload_week_the_stalls_count_again_from_zero(seeded):
    _stalled_history()
    Deload.create(week_start=dt.date(2026, 3, 2), load_factor=0.9, sets_factor=2 / 3)
    report = coach.week_report()  # W12: only the sessions of 9 and 16 Mar count
    assert report.stalled == () and report.deload == () and report.deload_accepted is None
    assert report.trained == 2
    assert not any("deload" in s.casefold() for s in report.suggestions)
    # The deload week's own report: accepted, nothing stalled.
    during = coach.week_report(dt.date(2026, 3, 2))
    assert during.stalled == () and during.deload_accepted is not None
    # Before it, the suggestion as it was, and the week after it accepted.
    before = coach.week_report(dt.date(2026, 2, 23))
    assert before.stalled == ("Dumbbell Row", "Lat Pulldown")
    assert before.deload_accepted is not None and before.deload == ()
