"""Accepting a deload week: next week's workouts start lighter (two thirds of the sets at
about 90 %, rounded down to what can be loaded), the week after goes back to normal
progression from the last normal session; past reports and cancelling."""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.domain import clock
from backtracker.domain.errors import UserError
from backtracker.domain.routines import Routine, RoutineItem
from backtracker.services import coach, deload, logbook
from backtracker.services.preferences import Preferences
from backtracker.storage import routines
from backtracker.storage.models import Deload
from tests.domain.coach_log import exercise_id, press_id, set_patterns

PREFS = Preferences()
SENTENCE = "Deload week: 90 % of the load and two thirds of the sets, then back to normal."


@pytest.fixture
def pull_day(seeded):
    """A routine and nine Mondays of the same weights (19 Jan to 16 Mar 2026): the back
    exercises have stalled; the clock stands at Wednesday 18 Mar."""
    set_patterns()
    ids = {
        "row": exercise_id("barbell-row"),
        "pulldown": exercise_id("lat-pulldown"),
        "db_row": exercise_id("dumbbell-row"),
        "press": press_id(),
    }
    routine_id = routines.save_routine(
        Routine(
            None,
            "Pull day",
            items=(
                RoutineItem(ids["row"], 3, 8, 12),
                RoutineItem(ids["pulldown"], 4, 8, 12),
                RoutineItem(ids["db_row"], 2, 8, 12),
                RoutineItem(ids["press"], 3, 8, 12),
            ),
        )
    )
    weights = {ids["row"]: 60.0, ids["pulldown"]: 40.0, ids["db_row"]: 32.5, ids["press"]: 50.0}
    for week in range(9):
        day = dt.date(2026, 1, 19) + dt.timedelta(weeks=week)
        do_workout(routine_id, dt.datetime.combine(day, dt.time(18)), weights)
    return routine_id, ids


def do_workout(
    routine_id: int, started: dt.datetime, weights: dict[int, float] | None = None
) -> int:
    """Start the routine at `started` and do every planned set: at `weights` × 8 where given,
    else as prefilled."""
    workout_id = logbook.start_workout(PREFS, routine_id=routine_id, started_at=started)
    for link in logbook.get_workout(workout_id).exercises:
        for logged in link.sets:
            if weights is not None:
                values = {"weight_kg": weights[link.exercise_id], "reps": 8}
                logbook.update_set_values(logged.id, values)
            logbook.complete_set(link, logged.id)
    logbook.finish_workout(workout_id, started + dt.timedelta(hours=1))
    return workout_id


def planned(workout_id: int) -> dict[int, list[tuple[float | None, int | None]]]:
    """Exercise id → its sets as (weight, reps), read back from the database."""
    return {
        link.exercise_id: [(s.weight_kg, s.reps) for s in link.sets]
        for link in logbook.get_workout(workout_id).exercises
    }


def test_accepting_makes_next_weeks_workouts_lighter_then_normal_again(pull_day):
    routine_id, ids = pull_day
    report = coach.week_report()
    assert set(report.stalled) == {"Barbell Row", "Lat Pulldown", "Dumbbell Row"}
    assert report.deload
    week = deload.accept(report)
    assert week.monday == dt.date(2026, 3, 23)
    assert [(r.week_start, r.load_factor) for r in Deload.select()] == [(week.monday, 0.9)]

    # Tuesday of the deload week: two thirds of the sets at 90 %, rounded down to the kit.
    clock.pin(dt.datetime(2026, 3, 24, 18))
    first = logbook.start_workout(PREFS, routine_id=routine_id)
    sets = planned(first)
    assert sets[ids["row"]] == [(52.5, 8)] * 2  # 54 kg can't be loaded: 52.5 on the bar
    assert sets[ids["pulldown"]] == [(35.0, 8)] * 3  # a cable stack: 36 kg down to 35
    assert sets[ids["db_row"]] == [(27.5, 8)]  # 29.25 kg: the dumbbell below is 27.5
    assert sets[ids["press"]] == [(50.0, 9)] * 3  # not a back exercise: progression as usual
    advice = logbook.coaching(
        ids["row"],
        before=logbook.get_workout(first).started_at,
        rep_range=logbook.rep_range_of(8, 12),
        prefs=PREFS,
        workout_id=first,
    )
    assert advice.suggestion.message == SENTENCE
    assert advice.last_date == dt.date(2026, 3, 16)
    for link in logbook.get_workout(first).exercises:
        for logged in link.sets:
            logbook.complete_set(link, logged.id)
    logbook.finish_workout(first, dt.datetime(2026, 3, 24, 19))

    # A second workout that week: 90 % of the last normal session, not of the lighter one.
    clock.pin(dt.datetime(2026, 3, 27, 18))
    second = do_workout(routine_id, clock.now())
    assert planned(second)[ids["row"]] == [(52.5, 8)] * 2
    assert planned(second)[ids["pulldown"]] == [(35.0, 8)] * 3

    # The week after: back to normal progression from the last normal session (16 Mar).
    clock.pin(dt.datetime(2026, 3, 31, 18))
    after = logbook.start_workout(PREFS, routine_id=routine_id)
    sets = planned(after)
    assert sets[ids["row"]] == [(60.0, 9)] * 3
    assert sets[ids["pulldown"]] == [(40.0, 9)] * 4
    assert sets[ids["db_row"]] == [(32.5, 9)] * 2
    advice = logbook.coaching(
        ids["row"],
        before=clock.now(),
        rep_range=logbook.rep_range_of(8, 12),
        prefs=PREFS,
        workout_id=after,
    )
    assert advice.last_date == dt.date(2026, 3, 16)
    # The two last normal sessions, both 3×8 at 60 kg: today's rule for a stall, cut the rest.
    assert advice.suggestion.message.startswith("Same reps twice at 60 kg")


def test_an_empty_workout_gets_one_lighter_set_per_exercise_added(pull_day):
    _routine_id, ids = pull_day
    deload.accept(coach.week_report())
    clock.pin(dt.datetime(2026, 3, 25, 7))
    workout_id = logbook.start_workout(PREFS)
    logbook.add_exercise(workout_id, ids["row"], PREFS)
    logbook.add_exercise(workout_id, ids["press"], PREFS)
    sets = planned(workout_id)
    assert sets[ids["row"]] == [(52.5, 8)]
    assert sets[ids["press"]] == [(50.0, 9)]


def test_the_report_says_it_is_accepted_and_suggests_no_other(pull_day):
    deload.accept(coach.week_report())
    report = coach.week_report()
    assert report.deload == () and report.deload_accepted.monday == dt.date(2026, 3, 23)
    assert report.suggestions[-1].startswith("Deload week accepted for the week of 23 Mar")
    with pytest.raises(UserError, match="suggests no deload week; nothing was set"):
        deload.accept(report)
    assert Deload.select().count() == 1


def test_a_past_weeks_report_cannot_be_accepted(pull_day):
    past = coach.week_report(dt.date(2026, 3, 9))
    assert past.deload  # it did suggest one
    with pytest.raises(UserError, match="The week of 9 Mar 2026 is over"):
        deload.accept(past)
    assert Deload.select().count() == 0
    # Nor a current report read before midnight and clicked the next week.
    report = coach.week_report()
    clock.pin(dt.datetime(2026, 3, 23, 0, 5))
    with pytest.raises(UserError, match="is over: only this week's report"):
        deload.accept(report)
    assert Deload.select().count() == 0


def test_cancel_puts_the_week_back_to_normal(pull_day):
    routine_id, ids = pull_day
    week = deload.accept(coach.week_report())
    assert deload.accepted_for(dt.date(2026, 3, 16)) == week
    deload.cancel(week.monday)
    assert Deload.select().count() == 0
    assert deload.accepted_for(dt.date(2026, 3, 16)) is None
    assert coach.week_report().deload  # suggested again
    clock.pin(dt.datetime(2026, 3, 24, 18))
    sets = planned(logbook.start_workout(PREFS, routine_id=routine_id))
    assert sets[ids["row"]] == [(60.0, 9)] * 3
    with pytest.raises(UserError, match="not a deload week"):
        deload.cancel(week.monday)


def test_a_deload_week_that_is_over_cannot_be_cancelled(pull_day):
    week = deload.accept(coach.week_report())
    clock.pin(dt.datetime(2026, 3, 30, 9))
    with pytest.raises(UserError, match="is over; it stays in the history"):
        deload.cancel(week.monday)
    assert Deload.select().count() == 1


def test_an_exercise_without_weights_keeps_its_reps_and_a_stretch_keeps_its_sets(seeded):
    from backtracker.storage import body
    from backtracker.storage import workouts as stored
    from tests.domain.coach_log import at, log

    set_patterns()
    pull_up, stretch = exercise_id("pull-up"), exercise_id("lat-stretch")
    body.set_bodyweight(dt.date(2026, 3, 1), 80.0)
    log(at("2026-03-16"), {pull_up: [(None, 7), (None, 6), (None, 6)]})
    routine_id = routines.save_routine(
        Routine(
            None,
            "Pull-ups",
            items=(RoutineItem(pull_up, 3, 5, 8), RoutineItem(stretch, 3, duration_s=30)),
        )
    )
    Deload.create(week_start=dt.date(2026, 3, 23), load_factor=0.9, sets_factor=2 / 3)
    clock.pin(dt.datetime(2026, 3, 24, 18))
    workout_id = logbook.start_workout(PREFS, routine_id=routine_id)
    assert planned(workout_id)[pull_up] == [(None, 6)] * 2  # no assistance added
    stretch_sets = next(
        link.sets
        for link in stored.get_workout(workout_id).exercises
        if link.exercise_id == stretch
    )
    assert len(stretch_sets) == 3  # a stretch gives no hard sets: not part of the deload
