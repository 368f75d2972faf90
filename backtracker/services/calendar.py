"""The training calendar: the days trained in a span, and which weeks met the weekly goal.

The goal is the person's (Preferences' minimum and target) and is counted as everywhere else:
a week meets it with at least `minimum` sessions (domain/goals.py), a session being a workout
with a work set of a back exercise (storage/sessions.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backtracker.domain.goals import WeeklyGoal, week_start
from backtracker.services.preferences import Preferences
from backtracker.storage import calendar
from backtracker.storage.calendar import ExerciseDone, TrainingDay, WorkoutDone

__all__ = ["CalendarSpan", "ExerciseDone", "TrainingDay", "WorkoutDone", "has_training", "span"]


@dataclass(frozen=True)
class CalendarSpan:
    """The days from `first` to `last` (both included) as the calendar shows them."""

    first: dt.date
    last: dt.date
    days: dict[dt.date, TrainingDay]
    week_sessions: dict[dt.date, int]  # by Monday, for every week touching the span
    goal: WeeklyGoal

    def met_goal(self, week: dt.date) -> bool:
        """Whether the week holding `week` had at least the goal's minimum of sessions."""
        return self.week_sessions.get(week_start(week), 0) >= self.goal.minimum

    def sessions(self, week: dt.date) -> int:
        return self.week_sessions.get(week_start(week), 0)

    @property
    def goal_weeks(self) -> list[dt.date]:
        """The Mondays of the weeks that met the goal, oldest first."""
        return [week for week in sorted(self.week_sessions) if self.met_goal(week)]


def span(first: dt.date, last: dt.date, prefs: Preferences) -> CalendarSpan:
    return CalendarSpan(
        first=first,
        last=last,
        days=calendar.training_days(first, last),
        week_sessions=calendar.sessions_by_week(first, last),
        goal=WeeklyGoal(prefs.goal_minimum, prefs.goal_target),
    )


def has_training() -> bool:
    return calendar.has_training()
