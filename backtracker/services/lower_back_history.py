"""The lower back over time (issue 15 §3): discomfort flags and posture check-ins against the
weekly hard sets of exercises that load the spine, for Progress ▸ Lower back.

Three queries for any range (storage/lower_back_history.py), one per series; the weeks are
filled in here. The summary line, in plain words:

- "Last N weeks" are the weeks shown, Monday to Sunday, from the first in the range with
  sets, flags or check-ins, this one included;
- flags "of 4 or more" are the ones the lower-back rule counts (domain/coach/lower_back.py),
  grouped by exercise, the lower back as a whole on its own;
- the posture figure is the mean of the check-ins (1 poor – 5 great);
- the high-spinal-load sets a week are the mean over the finished weeks shown (the week in
  progress would pull it down), or this week's when it is the only one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from backtracker.domain.coach.lower_back import THRESHOLD
from backtracker.domain.units import format_number
from backtracker.storage import lower_back_history as store
from backtracker.storage.lower_back_history import FlagRow, PostureRow

__all__ = ["THRESHOLD", "FlagRow", "LowerBackHistory", "PostureRow", "history", "summary"]

WHOLE_LOWER_BACK = "the lower back as a whole"
MOST_NAMED = 3  # exercises named in the summary; the rest go as "…"


@dataclass(frozen=True)
class LowerBackHistory:
    """What the page draws: a row per week (its Monday) with the hard sets of high and of
    moderate spinal load, and the flags and check-ins of those weeks, oldest first."""

    weeks: tuple[dt.date, ...]
    high_sets: tuple[int, ...]
    moderate_sets: tuple[int, ...]
    flags: tuple[FlagRow, ...]
    posture: tuple[PostureRow, ...]
    summary: str
    logged_ever: bool  # any flag or check-in at all, in or out of the range

    @property
    def has_marks(self) -> bool:
        """Flags or posture check-ins in the range: what the chart is about."""
        return bool(self.flags or self.posture)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def history(since: dt.date | None, today: dt.date) -> LowerBackHistory:
    """The weeks from the first one with anything to show, from the week holding `since` on
    (None: all of history), to this one."""
    start = monday_of(since) if since is not None else None
    this_week = monday_of(today)
    end = this_week + dt.timedelta(weeks=1)
    loads = store.weekly_load_sets(start, end)
    flags = tuple(store.flags(start, end))
    posture = tuple(store.posture_checkins(start, end))
    # From the first week with something to show: a range longer than the history is no
    # blank space, and the average is not diluted by weeks before any training.
    days = [monday for monday, _, _ in loads]
    days += [monday_of(row.day) for row in (*flags, *posture)]
    start = min(days, default=start or this_week)
    weeks = tuple(start + dt.timedelta(weeks=i) for i in range((this_week - start).days // 7 + 1))
    counts = {(monday, load): count for monday, load, count in loads}
    high = tuple(counts.get((week, "high"), 0) for week in weeks)
    moderate = tuple(counts.get((week, "moderate"), 0) for week in weeks)
    logged_ever = bool(flags or posture) or store.has_any()
    return LowerBackHistory(
        weeks=weeks,
        high_sets=high,
        moderate_sets=moderate,
        flags=flags,
        posture=posture,
        summary=summary(weeks, high, flags, posture) if logged_ever or any(high) else "",
        logged_ever=logged_ever,
    )


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _flag_part(flags: Sequence[FlagRow]) -> str:
    strong = [flag for flag in flags if flag.score >= THRESHOLD]
    if not strong:
        return f"no flags of {THRESHOLD} or more"
    head = f"{len(strong)} flag{'s' if len(strong) != 1 else ''} of {THRESHOLD} or more"
    where = Counter(flag.exercise or WHOLE_LOWER_BACK for flag in strong)
    ranked = sorted(where.items(), key=lambda item: (-item[1], item[0].casefold()))
    if len(ranked) == 1:
        name = ranked[0][0]
        return f"{head} ({name})" if len(strong) == 1 else f"{head}, all on {name}"
    named = [f"{name} {_times(count)}" for name, count in ranked[:MOST_NAMED]]
    if len(ranked) > MOST_NAMED:
        named.append("…")
    return f"{head} ({', '.join(named)})"


def summary(
    weeks: Sequence[dt.date],
    high_sets: Sequence[int],
    flags: Sequence[FlagRow],
    posture: Sequence[PostureRow],
) -> str:
    """ "Last 8 weeks: 3 flags of 4 or more (Barbell Row twice, Deadlift once); posture 3.8
    of 5 on average; high-spinal-load sets 9 a week on average." """
    if not weeks:
        return ""
    count = len(weeks)
    lead = "This week" if count == 1 else f"Last {count} weeks"
    parts = [_flag_part(flags)]
    if posture:
        mean = sum(row.score for row in posture) / len(posture)
        parts.append(f"posture {format_number(mean, 1)} of 5 on average")
    finished = list(high_sets[:-1]) or list(high_sets[-1:])
    mean_sets = sum(finished) / len(finished)
    if count == 1:
        parts.append(f"high-spinal-load sets {format_number(mean_sets, 1)} so far")
    else:
        parts.append(f"high-spinal-load sets {format_number(mean_sets, 1)} a week on average")
    return f"{lead}: {'; '.join(parts)}."
