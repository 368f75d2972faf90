"""Accepted deload weeks in the database: set, find, cancel; bad weeks refused."""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.domain.coach.deload_week import DeloadWeek
from backtracker.domain.errors import UserError
from backtracker.storage import deloads
from backtracker.storage.models import Deload

# The clock is pinned to Wednesday 18 Mar 2026 (tests/conftest.py).
THIS_MONDAY = dt.date(2026, 3, 16)
NEXT_MONDAY = dt.date(2026, 3, 23)


def test_accept_stores_the_week_and_finds_it_by_any_day_of_it(profile):
    week = deloads.accept(NEXT_MONDAY, 0.9, 2 / 3)
    assert week == DeloadWeek(NEXT_MONDAY, 0.9, 2 / 3)
    row = Deload.get()
    assert (row.week_start, row.load_factor, row.sets_factor) == (NEXT_MONDAY, 0.9, 2 / 3)
    for offset in range(7):
        assert deloads.covering(NEXT_MONDAY + dt.timedelta(days=offset)) == week
    assert deloads.covering(NEXT_MONDAY - dt.timedelta(days=1)) is None
    assert deloads.covering(NEXT_MONDAY + dt.timedelta(days=7)) is None
    assert deloads.all_weeks() == [week]


def test_the_current_week_can_be_set(profile):
    assert deloads.accept(THIS_MONDAY, 0.9, 2 / 3).monday == THIS_MONDAY


def test_latest_ended_before(profile):
    deloads.accept(THIS_MONDAY, 0.9, 2 / 3)
    deloads.accept(NEXT_MONDAY + dt.timedelta(weeks=2), 0.9, 2 / 3)  # 6 Apr
    sunday = THIS_MONDAY + dt.timedelta(days=6)
    assert deloads.latest_ended_before(sunday) is None  # not over on its own Sunday
    assert deloads.latest_ended_before(sunday + dt.timedelta(days=1)).monday == THIS_MONDAY
    assert deloads.latest_ended_before(dt.date(2026, 4, 12)).monday == THIS_MONDAY
    assert deloads.latest_ended_before(dt.date(2026, 4, 13)).monday == dt.date(2026, 4, 6)


@pytest.mark.parametrize(
    ("monday", "load", "sets", "message"),
    [
        (dt.date(2026, 3, 25), 0.9, 2 / 3, "starts on a Monday; 25 Mar 2026 is a Wednesday"),
        (dt.date(2026, 3, 9), 0.9, 2 / 3, "The week of 9 Mar 2026 is over"),
        (NEXT_MONDAY, 0.0, 2 / 3, "more than 0 and at most 1"),
        (NEXT_MONDAY, 0.9, 1.5, "more than 0 and at most 1"),
        (NEXT_MONDAY, "0.9", 2 / 3, "more than 0 and at most 1"),
    ],
)
def test_bad_weeks_are_refused_and_change_nothing(profile, monday, load, sets, message):
    with pytest.raises(UserError, match=message):
        deloads.accept(monday, load, sets)
    assert Deload.select().count() == 0


def test_a_week_is_accepted_once(profile):
    deloads.accept(NEXT_MONDAY, 0.9, 2 / 3)
    with pytest.raises(UserError, match="already a deload week"):
        deloads.accept(NEXT_MONDAY, 0.8, 0.5)
    assert [(r.load_factor, r.sets_factor) for r in Deload.select()] == [(0.9, 2 / 3)]


def test_cancel_takes_the_week_back(profile):
    deloads.accept(NEXT_MONDAY, 0.9, 2 / 3)
    assert deloads.cancel(NEXT_MONDAY) == DeloadWeek(NEXT_MONDAY, 0.9, 2 / 3)
    assert Deload.select().count() == 0
    assert deloads.covering(NEXT_MONDAY) is None
    with pytest.raises(UserError, match="not a deload week; nothing was cancelled"):
        deloads.cancel(NEXT_MONDAY)


def test_which_exercises_a_deload_lightens(seeded):
    from tests.domain.coach_log import exercise_id, press_id, set_patterns

    set_patterns()
    assert deloads.lightened(exercise_id("dumbbell-row"))
    assert deloads.lightened(exercise_id("pull-up"))
    assert not deloads.lightened(press_id())  # not a back exercise
    stretch = Deload._meta.database.execute_sql(
        "SELECT id FROM exercise WHERE category = 'stretch' AND id IN (SELECT em.exercise_id "
        "FROM exercise_muscle em JOIN muscle m ON m.id = em.muscle_id WHERE em.role = "
        "'primary' AND m.\"group\" = 'back') LIMIT 1"
    ).fetchone()
    assert stretch is not None and not deloads.lightened(stretch[0])
