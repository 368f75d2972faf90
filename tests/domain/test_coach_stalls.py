"""Stalls and the deload rule, including a missed week."""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.domain.coach import stalls
from backtracker.domain.coach.stalls import ExerciseSessions, Session
from backtracker.domain.strength import SetRecord
from backtracker.domain.units import KG_PER_LB
from backtracker.services import coach
from tests.domain.coach_log import at, exercise_id, log


def sessions(*e1rms: float, days: list[dt.date] | None = None) -> ExerciseSessions:
    """One 1-rep set per session: its estimated 1RM is its weight."""
    days = days or [dt.date(2026, 1, 5) + dt.timedelta(days=3 * n) for n in range(len(e1rms))]
    return ExerciseSessions(
        1,
        "Dumbbell Row",
        False,
        tuple(
            Session(day, (SetRecord(weight_kg=kg, reps=1),))
            for day, kg in zip(days, e1rms, strict=True)
        ),
    )


@pytest.mark.parametrize(
    ("bests", "stalled"),
    [
        ([100, 101, 102, 103, 104], False),
        ([105, 100, 104, 105, 103], True),  # the last 4 reach 105 again: no better
        ([105, 100, 104, 105.02, 103], True),  # within the weight tolerance
        ([105, 100, 104, 105.1, 103], False),
        ([105, 100, 100, 100], False),  # 4 sessions: too few to tell
        ([90, 90, 90, 90, 120, 100, 101, 102, 103], True),  # 8 back: the 120
        ([120, 90, 90, 90, 90, 100, 101, 102, 103], False),  # 9 back is forgotten
    ],
)
def test_a_stall_is_no_better_estimate_in_the_last_four_sessions(bests, stalled):
    assert stalls.stalled(sessions(*bests), "epley") is stalled


def test_a_missed_week_is_not_a_stall_week():
    # Best 100 in week 1, then 98, 99, a week with no training, 99: only 3 sessions since.
    days = [dt.date(2025, 12, 29), dt.date(2026, 1, 5), dt.date(2026, 1, 12), dt.date(2026, 1, 26)]
    assert not stalls.stalled(sessions(100, 98, 99, 99, days=days), "epley")
    # One more flat session makes it 4 without improving: now it is a stall.
    assert stalls.stalled(sessions(100, 98, 99, 99, 99, days=[*days, dt.date(2026, 2, 2)]), "epley")
    # Improving around two missed weeks: not a stall either.
    days = [dt.date(2026, 1, 5) + dt.timedelta(weeks=n) for n in (0, 1, 3, 4, 6)]
    assert not stalls.stalled(sessions(90, 92, 93, 95, 96, days=days), "epley")


def test_warm_ups_and_high_rep_sets_give_no_estimate():
    session = Session(
        dt.date(2026, 1, 5),
        (
            SetRecord(set_type="warmup", weight_kg=200.0, reps=1),
            SetRecord(weight_kg=20.0, reps=15),
            SetRecord(weight_kg=30.0, reps=10),
        ),
    )
    assert stalls.session_best(session, False, "epley") == pytest.approx(40.0)
    assert stalls.session_best(session, False, "brzycki") == pytest.approx(30 * 36 / 27)


def test_bodyweight_exercises_use_bodyweight_plus_added_weight():
    session = Session(dt.date(2026, 1, 5), (SetRecord(weight_kg=10.0, reps=1),), 80.0)
    assert stalls.session_best(session, True, "epley") == 90.0
    unknown = Session(dt.date(2026, 1, 5), (SetRecord(weight_kg=None, reps=5),), None)
    assert stalls.session_best(unknown, True, "epley") is None


@pytest.mark.parametrize(
    ("stalled_count", "trained", "due"),
    [(3, 4, True), (2, 4, False), (2, 3, True), (1, 1, True), (1, 2, False), (0, 0, False)],
)
def test_a_deload_needs_more_than_half(stalled_count, trained, due):
    assert stalls.deload_due(stalled_count, trained) is due


def _last(*records: SetRecord, bodyweight: float | None = None, bw_exercise=False):
    return ExerciseSessions(
        7, "Pull-Up", bw_exercise, (Session(dt.date(2026, 3, 16), records, bodyweight),)
    )


def test_the_deload_week_is_90_percent_of_the_load_and_two_thirds_of_the_sets():
    three = _last(*[SetRecord(weight_kg=25.0, reps=8)] * 3)
    assert stalls.deload_item(three, "kg") == stalls.DeloadItem(7, "Pull-Up", 22.5, 2)
    four = _last(SetRecord(weight_kg=40.0, reps=8), *[SetRecord(weight_kg=42.5, reps=6)] * 3)
    assert stalls.deload_item(four, "kg").load_kg == 37.5  # 38.25 down to the plates
    assert stalls.deload_item(four, "kg").sets == 3
    one = _last(SetRecord(weight_kg=12.0, reps=10))
    assert stalls.deload_item(one, "kg") == stalls.DeloadItem(7, "Pull-Up", 10.0, 1)  # 1 kg steps
    pounds = _last(*[SetRecord(weight_kg=100 * KG_PER_LB, reps=8)] * 6)
    item = stalls.deload_item(pounds, "lb")
    assert item.load_kg == pytest.approx(90 * KG_PER_LB) and item.sets == 4


def test_a_bodyweight_deload_takes_10_percent_of_the_whole_load_but_never_assistance():
    plain = _last(*[SetRecord(weight_kg=None, reps=8)] * 3, bodyweight=80.0, bw_exercise=True)
    assert stalls.deload_item(plain, "kg").load_kg is None  # fewer sets, no band needed
    assisted = _last(*[SetRecord(weight_kg=-10.0, reps=8)] * 3, bodyweight=80.0, bw_exercise=True)
    assert stalls.deload_item(assisted, "kg").load_kg == -10.0  # the same assistance
    light = _last(*[SetRecord(weight_kg=2.0, reps=8)] * 3, bodyweight=80.0, bw_exercise=True)
    assert stalls.deload_item(light, "kg").load_kg == 0.0  # 73.8 kg of 82: no added weight
    added = _last(*[SetRecord(weight_kg=10.0, reps=6)] * 3, bodyweight=80.0, bw_exercise=True)
    assert stalls.deload_item(added, "kg").load_kg == 1.0  # 81 kg of 90


# --- through the database ---

WEEKS = [dt.date(2026, 2, 2) + dt.timedelta(weeks=n) for n in range(7)]  # Mondays to W12


def _flat(exercise: int, days: list[dt.date], kg: float = 20.0) -> None:
    for day in days:
        log(at(day.isoformat()), {exercise: [(kg, 8)] * 3})


def test_most_stalled_suggests_a_deload_and_lists_the_exercises(seeded):
    row, pulldown, face = (
        exercise_id("dumbbell-row"),
        exercise_id("lat-pulldown"),
        exercise_id("face-pull"),
    )
    _flat(row, WEEKS, 25.0)
    _flat(pulldown, WEEKS, 40.0)
    for n, day in enumerate(WEEKS):  # face pulls improve every week
        log(at(day.isoformat(), 19), {face: [(10.0 + n, 12)] * 3})
    report = coach.week_report()  # 2026-W12
    assert report.stalled == ("Dumbbell Row", "Lat Pulldown")
    assert report.trained == 3
    assert {(i.exercise, i.load_kg, i.sets) for i in report.deload} == {
        ("Dumbbell Row", 22.5, 2),
        ("Lat Pulldown", 35.0, 2),
        ("Face Pull", 14.0, 2),
    }
    assert report.suggestions[-1] == (
        "Most of your back exercises have stalled (2 of 3 trained in the last 3 weeks): take "
        "a deload week, the same exercises at about 90 % of the load and two thirds of the "
        "sets, then go back to normal progression."
    )


def test_one_stalled_exercise_alone_is_listed_without_a_deload(seeded):
    row, pulldown = exercise_id("dumbbell-row"), exercise_id("lat-pulldown")
    _flat(row, WEEKS, 25.0)
    for n, day in enumerate(WEEKS):
        log(at(day.isoformat(), 19), {pulldown: [(40.0 + 2.5 * n, 8)] * 3})
    report = coach.week_report()
    assert report.stalled == ("Dumbbell Row",)
    assert report.deload == ()
    assert not any("deload" in sentence for sentence in report.suggestions)


def test_missed_weeks_do_not_make_a_stall(seeded):
    # Four flat sessions over seven weeks (three of them without training): one session
    # short of a stall; the weeks without training do not stand in for sessions.
    row = exercise_id("dumbbell-row")
    _flat(row, [dt.date(2026, 2, 2), dt.date(2026, 2, 16), dt.date(2026, 3, 2), WEEKS[-1]])
    report = coach.week_report()
    assert report.stalled == () and report.trained == 1 and report.deload == ()
    _flat(row, [dt.date(2026, 3, 9)])  # a fifth flat session: now it has stalled
    report = coach.week_report()
    assert report.stalled == ("Dumbbell Row",)
    assert len(report.deload) == 1  # 1 of 1 is most


def test_a_week_off_leaves_exercises_out_of_the_window_and_trained_counts_sessions(seeded):
    row = exercise_id("dumbbell-row")
    _flat(row, WEEKS[:4])  # the last session is in W09; the report's window is W10–W12
    report = coach.week_report()
    assert report.stalled == () and report.trained == 0 and report.deload == ()


def test_a_bodyweight_exercise_stalls_on_its_whole_load(seeded):
    # The same 5 pull-ups every week; the bodyweight (logged, as in Progress) decides.
    from backtracker.storage import body

    pull = exercise_id("pull-up")
    body.set_bodyweight(dt.date(2026, 1, 1), 80.0)
    for n, day in enumerate(WEEKS):
        log(at(day.isoformat()), {pull: [(None, 5)] * 3})
        if n == 4:  # 2 kg heavier from the fifth session: the load went up, no stall
            body.set_bodyweight(day, 82.0)
    assert coach.week_report().stalled == ()
    report = coach.week_report(WEEKS[3])  # sessions 1–4: too few to tell
    assert report.stalled == ()
    body.set_bodyweight(WEEKS[4], 80.0)  # the same bodyweight throughout: a stall
    report = coach.week_report()
    assert report.stalled == ("Pull-Up",)
    # 1 of 1 stalled: a deload of fewer sets at bodyweight (as the Log plans it), no
    # assistance.
    assert [(i.exercise, i.load_kg, i.sets) for i in report.deload] == [("Pull-Up", None, 2)]
