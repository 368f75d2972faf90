"""The Calendar's first year, read on a worker before the page is first opened.

On ten years of training, reading a year of training days (every work set of the year, its
volume, the goal's weeks) takes 15–20 ms; opened by a click, that came on top of laying out
and painting the page, in one turn. The Progress tab makes the Calendar page ahead, as the
other pages (pages.py `PageMaker`), and the page then reads the year its first show will show
on a worker (`CalendarPage.read_ahead`). Its first show takes that answer only when it is
for the same year and goal and nothing was written since the worker started: the data stamp
of the GUI thread's connection (`storage.progress.data_stamp`, which moves with any write,
from any connection) read before the worker started, when its answer came in, and when it is
used. Otherwise the page reads for itself, as it always did.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backtracker.services import calendar
from backtracker.services.calendar import CalendarSpan
from backtracker.services.preferences import Preferences
from backtracker.storage import progress as store

Stamp = tuple[int, int, int]


def stamp() -> Stamp:
    """The data stamp of this thread's connection (read it on the GUI thread)."""
    return store.data_stamp()


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """The year's first and last day: the span the year view reads."""
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def goal_of(prefs: Preferences) -> tuple[int, int]:
    """What of the preferences a span depends on (services/calendar.py `span`)."""
    return prefs.goal_minimum, prefs.goal_target


@dataclass(frozen=True)
class YearRead:
    """What the worker read for `year` and the goal `goal`: whether anything was trained at
    all, and the year's span (None when nothing was), while the database was at `stamp`."""

    stamp: Stamp
    year: int
    goal: tuple[int, int]
    trained: bool
    span: CalendarSpan | None

    def fits(self, year: int, prefs: Preferences) -> bool:
        """Whether this is what a show of `year` under `prefs` would read now."""
        return self.year == year and self.goal == goal_of(prefs) and stamp() == self.stamp


def read_year(year: int, prefs: Preferences, stamp: Stamp) -> YearRead:
    """The worker's job (on its own connection). Plain values only; nothing of Qt."""
    trained = calendar.has_training()
    span = calendar.span(*year_bounds(year), prefs) if trained else None
    return YearRead(stamp, year, goal_of(prefs), trained, span)
