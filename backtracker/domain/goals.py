"""The weekly goal: back sessions per week (the article says 2–3), this week's count, streak."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from backtracker.domain.errors import ValidationError

MAX_SESSIONS_PER_WEEK = 14
# What the goal, the streak and "sessions per week" count (storage/sessions.py applies it).
COUNTED_SESSION_RULE = (
    "A session counts when it has at least one completed work set (not a warm-up) of a back "
    "exercise; an empty workout does not count."
)
_WEEK = timedelta(days=7)


@dataclass(frozen=True)
class WeeklyGoal:
    """A week meets the goal with at least `minimum` sessions; `target` is what to aim for."""

    minimum: int = 2
    target: int = 3

    def __post_init__(self) -> None:
        if not 1 <= self.minimum <= self.target <= MAX_SESSIONS_PER_WEEK:
            raise ValidationError(
                {
                    "weekly_goal": "Set the weekly goal between 1 and "
                    f"{MAX_SESSIONS_PER_WEEK} sessions, with the minimum no higher than the target."
                }
            )

    @property
    def label(self) -> str:
        if self.minimum == self.target:
            noun = "session" if self.target == 1 else "sessions"
            return f"{self.target} {noun} a week"
        return f"{self.minimum}–{self.target} sessions a week"


def _as_date(day: date) -> date:
    return day.date() if isinstance(day, datetime) else day


def week_start(day: date) -> date:
    """The Monday of the week holding `day`."""
    day = _as_date(day)
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeeklyProgress:
    done: int
    goal: WeeklyGoal
    streak_weeks: int
    met_this_week: bool

    @property
    def label(self) -> str:
        text = f"This week {self.done} of {self.goal.target}"
        if self.streak_weeks:
            text += f" · {self.streak_weeks}-week streak"
        return text

    @property
    def tooltip(self) -> str:
        """The label spelled out, with what counts as a session."""
        return f"{self.label}. {COUNTED_SESSION_RULE}"


def _counts_by_week(session_days: Iterable[date]) -> Counter[date]:
    return Counter(week_start(day) for day in session_days)


def weekly_progress(session_days: Iterable[date], today: date, goal: WeeklyGoal) -> WeeklyProgress:
    """This week's sessions and the streak of weeks that met the goal.

    Each item is one session (two workouts on one day count twice); days after `today` are
    ignored. The streak counts back from last week, and includes this week once it meets the
    goal, so an unfinished week never breaks it.
    """
    today = _as_date(today)
    counts = _counts_by_week(day for day in session_days if _as_date(day) <= today)
    this_week = week_start(today)
    done = counts[this_week]
    met = done >= goal.minimum
    streak = 1 if met else 0
    week = this_week - _WEEK
    while counts[week] >= goal.minimum:
        streak += 1
        week -= _WEEK
    return WeeklyProgress(done=done, goal=goal, streak_weeks=streak, met_this_week=met)


def sessions_per_week(
    session_days: Iterable[date], first: date, last: date
) -> list[tuple[date, int]]:
    """(Monday, sessions) for every week from `first` to `last`, empty weeks included."""
    counts = _counts_by_week(session_days)
    week, end = week_start(first), week_start(last)
    result = []
    while week <= end:
        result.append((week, counts[week]))
        week += _WEEK
    return result
