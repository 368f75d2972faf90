"""The weekly goal: this week's sessions, the streak and the per-week counts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from backtracker.domain.errors import ValidationError
from backtracker.domain.goals import (
    WeeklyGoal,
    WeeklyProgress,
    sessions_per_week,
    week_start,
    weekly_progress,
)

GOAL = WeeklyGoal()  # 2–3
MONDAY = date(2024, 6, 10)
WEDNESDAY = MONDAY + timedelta(days=2)
SUNDAY = MONDAY + timedelta(days=6)


def weeks_ago(weeks: int, weekday: int = 0) -> date:
    return MONDAY - timedelta(weeks=weeks) + timedelta(days=weekday)


def test_goal_defaults_and_validation():
    assert (GOAL.minimum, GOAL.target) == (2, 3)
    assert GOAL.label == "2–3 sessions a week"
    assert WeeklyGoal(1, 1).label == "1 session a week"
    assert WeeklyGoal(14, 14).target == 14
    for minimum, target in ((0, 3), (3, 2), (2, 15)):
        with pytest.raises(ValidationError) as error:
            WeeklyGoal(minimum, target)
        assert error.value.field == "weekly_goal"


def test_week_starts_on_monday():
    assert week_start(MONDAY) == MONDAY
    assert week_start(WEDNESDAY) == MONDAY
    assert week_start(SUNDAY) == MONDAY
    assert week_start(SUNDAY + timedelta(days=1)) == MONDAY + timedelta(days=7)
    assert week_start(datetime(2024, 6, 16, 23, 59)) == MONDAY


def test_empty_history():
    progress = weekly_progress([], WEDNESDAY, GOAL)
    assert progress == WeeklyProgress(done=0, goal=GOAL, streak_weeks=0, met_this_week=False)
    assert progress.label == "This week 0 of 3"


def test_two_workouts_on_one_day_count_twice():
    progress = weekly_progress([MONDAY, MONDAY], WEDNESDAY, GOAL)
    assert (progress.done, progress.met_this_week, progress.streak_weeks) == (2, True, 1)
    assert progress.label == "This week 2 of 3 · 1-week streak"


def test_unfinished_week_does_not_break_the_streak():
    days = [weeks_ago(w, d) for w in (1, 2, 3) for d in (0, 3)] + [MONDAY]
    progress = weekly_progress(days, WEDNESDAY, GOAL)
    assert (progress.done, progress.met_this_week, progress.streak_weeks) == (1, False, 3)
    assert progress.label == "This week 1 of 3 · 3-week streak"


def test_current_week_met_adds_to_the_streak():
    days = [weeks_ago(w, d) for w in (1, 2, 3, 4) for d in (1, 4)] + [MONDAY, WEDNESDAY]
    progress = weekly_progress(days, WEDNESDAY, GOAL)
    assert (progress.done, progress.streak_weeks) == (2, 5)
    assert progress.label == "This week 2 of 3 · 5-week streak"


def test_a_missed_week_breaks_the_streak():
    met = [weeks_ago(w, d) for w in (1, 2, 4, 5, 6) for d in (0, 2)]
    short = [weeks_ago(3, 0)]  # one session is below the minimum of two
    progress = weekly_progress(met + short, WEDNESDAY, GOAL)
    assert progress.streak_weeks == 2


def test_last_week_missed_means_no_streak_yet():
    days = [weeks_ago(2, 0), weeks_ago(2, 1), MONDAY]
    assert weekly_progress(days, WEDNESDAY, GOAL).streak_weeks == 0


def test_sunday_and_monday_boundaries():
    last_sunday = MONDAY - timedelta(days=1)
    days = [last_sunday, last_sunday, MONDAY]
    on_monday = weekly_progress(days, MONDAY, GOAL)
    assert (on_monday.done, on_monday.streak_weeks) == (1, 1)
    on_sunday = weekly_progress(days, last_sunday, GOAL)
    assert (on_sunday.done, on_sunday.met_this_week, on_sunday.streak_weeks) == (2, True, 1)
    end_of_week = weekly_progress([MONDAY, SUNDAY], SUNDAY, GOAL)
    assert (end_of_week.done, end_of_week.met_this_week) == (2, True)


def test_future_sessions_are_ignored():
    days = [MONDAY, WEDNESDAY + timedelta(days=1), SUNDAY + timedelta(days=3)]
    progress = weekly_progress(days, WEDNESDAY, GOAL)
    assert (progress.done, progress.met_this_week, progress.streak_weeks) == (1, False, 0)


def test_a_higher_minimum_raises_the_bar():
    days = [weeks_ago(1, d) for d in (0, 2)] + [MONDAY]
    assert weekly_progress(days, WEDNESDAY, WeeklyGoal(3, 4)).streak_weeks == 0
    assert weekly_progress(days, WEDNESDAY, WeeklyGoal(1, 3)).streak_weeks == 2


def test_sessions_per_week_includes_empty_weeks():
    days = [weeks_ago(2, 1), weeks_ago(2, 1), MONDAY, SUNDAY, weeks_ago(9)]
    assert sessions_per_week(days, weeks_ago(2, 3), WEDNESDAY) == [
        (weeks_ago(2), 2),
        (weeks_ago(1), 0),
        (MONDAY, 2),
    ]
    assert sessions_per_week(days, SUNDAY, SUNDAY) == [(MONDAY, 2)]
    assert sessions_per_week(days, WEDNESDAY, weeks_ago(1)) == []
    assert sessions_per_week([], weeks_ago(1), MONDAY) == [(weeks_ago(1), 0), (MONDAY, 0)]
