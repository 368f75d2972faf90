"""Balance: vertical pulls against horizontal pulls, and pulls against presses.

The rule, in plain words:

- Sets are hard sets (completed, not warm-ups), each counting 1, by the exercise's pattern.
- Vertical pulls are pulldowns and pull-ups (pattern vertical_pull); horizontal pulls are
  rows (horizontal_pull). Pulls are both plus rear-delt work (fly: reverse flys, face pulls,
  pull-aparts), the usual counterweight to pressing; pushes are presses (push).
- The figures cover the last 4 weeks, the report's week included.
- A week is *off* between vertical and horizontal pulls when it has pulls and one side has
  under half the sets of the other (none at all included). It is off between pulls and
  pushes when it has presses and fewer pulling sets than pressing sets.
- A week with none of either side neither counts nor breaks a run: a missed week is not an
  imbalance. When the latest weeks have been off the same way 3 or more times in a row, one
  sentence says what to add.

Pure Python: storage counts the sets per week and pattern.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

WINDOW_WEEKS = 4  # the figures
RUN_WEEKS = 3  # off this many weeks in a row: say something
LOOKBACK_WEEKS = 8  # how far back a run is followed

VERTICAL = "vertical_pull"
HORIZONTAL = "horizontal_pull"
FLY = "fly"
PUSH = "push"


@dataclass(frozen=True)
class WeekPatterns:
    """Hard sets per pattern in one week (Monday)."""

    monday: dt.date
    sets: Mapping[str, int]

    @property
    def vertical(self) -> int:
        return self.sets.get(VERTICAL, 0)

    @property
    def horizontal(self) -> int:
        return self.sets.get(HORIZONTAL, 0)

    @property
    def pulls(self) -> int:
        return self.vertical + self.horizontal + self.sets.get(FLY, 0)

    @property
    def pushes(self) -> int:
        return self.sets.get(PUSH, 0)


@dataclass(frozen=True)
class Balance:
    vertical_pull_sets: int
    horizontal_pull_sets: int
    pull_sets: int
    push_sets: int


def balance(weeks: Sequence[WeekPatterns]) -> Balance:
    """The figures over the given weeks (the caller passes the last 4)."""
    return Balance(
        vertical_pull_sets=sum(w.vertical for w in weeks),
        horizontal_pull_sets=sum(w.horizontal for w in weeks),
        pull_sets=sum(w.pulls for w in weeks),
        push_sets=sum(w.pushes for w in weeks),
    )


def _under_half(side: int, other: int) -> bool:
    return 2 * side < other


def pull_direction(week: WeekPatterns) -> str | None:
    """The side that is short that week, "horizontal" or "vertical"; None when balanced or
    when the week has no vertical or horizontal pulls."""
    if _under_half(week.horizontal, week.vertical):
        return "horizontal"
    if _under_half(week.vertical, week.horizontal):
        return "vertical"
    return None


def _run(
    weeks: Sequence[WeekPatterns],
    off: Callable[[WeekPatterns], bool],
    counted: Callable[[WeekPatterns], bool],
) -> int:
    """How many of the latest counted weeks in a row are off (weeks oldest first); weeks
    that are not counted (nothing of either side) are skipped, not breaks."""
    run = 0
    for week in reversed(weeks):
        if not counted(week):
            continue
        if not off(week):
            break
        run += 1
    return run


def _has_pulls(week: WeekPatterns) -> bool:
    return week.vertical + week.horizontal > 0


def balance_sentences(weeks: Sequence[WeekPatterns]) -> list[str]:
    """One sentence per balance that has been off 3 or more weeks in a row, up to the last
    week given (weeks oldest first, one per calendar week, empty ones included)."""
    sentences: list[str] = []
    rows = _run(weeks, lambda w: pull_direction(w) == "horizontal", _has_pulls)
    if rows >= RUN_WEEKS:
        recent = [w for w in weeks if _has_pulls(w)][-rows:]
        if all(w.horizontal == 0 for w in recent):
            sentences.append(
                f"{rows} weeks without a horizontal row: your mid-back gets little direct "
                "work; add a row."
            )
        else:
            sentences.append(
                f"{rows} weeks with under half as many rows as pulldowns and pull-ups: your "
                "mid-back gets less direct work than your lats; add a row."
            )
    verticals = _run(weeks, lambda w: pull_direction(w) == "vertical", _has_pulls)
    if verticals >= RUN_WEEKS:
        recent = [w for w in weeks if _has_pulls(w)][-verticals:]
        if all(w.vertical == 0 for w in recent):
            sentences.append(
                f"{verticals} weeks without a pulldown or pull-up: your lats get little "
                "vertical work; add a pulldown or pull-up."
            )
        else:
            sentences.append(
                f"{verticals} weeks with under half as many pulldowns and pull-ups as rows: "
                "your lats get little vertical work; add a pulldown or pull-up."
            )
    presses = _run(weeks, lambda w: w.pulls < w.pushes, lambda w: w.pushes > 0)
    if presses >= RUN_WEEKS:
        sentences.append(
            f"{presses} weeks with fewer pulling sets than presses: add a row or face pulls "
            "to balance your pressing."
        )
    return sentences
