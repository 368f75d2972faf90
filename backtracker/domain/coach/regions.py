"""The back's week: hard sets per back region against the person's target band.

The rule, in plain words:

- A hard set is a completed work set (not a warm-up): storage/sessions.py's WORK_SET, of a
  strength exercise: stretches and cardio (a lat stretch, a swim) are not hard sets.
- Each set of an exercise counts 1 for a region its primary muscle belongs to and ½ for a
  region of a secondary muscle.
- Muscles map to five regions: lats → lats, rhomboids → mid-back, rear delts → rear delts,
  erector spinae → erectors; the trapezius goes to the upper traps when the exercise's
  pattern is shrug, carry or hinge, otherwise (rows, pulldowns, face pulls, unknown) to the
  mid-back.
- One exercise counts once per region, at its highest role: a row with rhomboids and
  trapezius both primary gives the mid-back 1 per set, not 2 (they are one region, and a set
  is one set of work for it).
- Weeks run Monday to Sunday, by the workout's local date.

Pure Python; storage counts the sets, the ui and the report show the sentences.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from backtracker.domain.catalogue import Category

REGIONS = ("lats", "mid_back", "upper_traps", "rear_delts", "erectors")
REGION_LABELS = {
    "lats": "Lats",
    "mid_back": "Mid-back",
    "upper_traps": "Upper traps",
    "rear_delts": "Rear delts",
    "erectors": "Erector spinae",
}
# What to add when a region is below its band.
REGION_ADVICE = {
    "lats": "add a pulldown or pull-up",
    "mid_back": "add a row",
    "upper_traps": "add shrugs",
    "rear_delts": "add face pulls or reverse flys",
    "erectors": "add back extensions or Romanian deadlifts",
}
ROLE_WEIGHT = {"primary": 1.0, "secondary": 0.5}
UPPER_TRAPS_PATTERNS = frozenset({"shrug", "carry", "hinge"})
NOT_TRAINING = frozenset({"mobility", "cardio"})  # patterns whose sets are never hard sets
_DIRECT = {
    "lats": "lats",
    "rhomboids": "mid_back",
    "rear_delts": "rear_delts",
    "erector_spinae": "erectors",
}
DEFAULT_BAND = (10, 20)  # sets a week: a common guideline, not a law


def region_of(muscle_key: str, pattern: str | None) -> str | None:
    """The back region a muscle of an exercise counts for; None for a muscle outside the
    back (biceps, core …)."""
    if muscle_key == "trapezius":
        return "upper_traps" if pattern in UPPER_TRAPS_PATTERNS else "mid_back"
    return _DIRECT.get(muscle_key)


@dataclass(frozen=True)
class ExerciseMuscles:
    """What an exercise trains: (muscle key, role) pairs, its movement pattern and its
    category (strength, stretch, cardio)."""

    muscles: tuple[tuple[str, str], ...]
    pattern: str | None = None
    category: str = Category.STRENGTH.value

    @property
    def gives_hard_sets(self) -> bool:
        return self.category == Category.STRENGTH.value and self.pattern not in NOT_TRAINING


def region_weights(exercise: ExerciseMuscles) -> dict[str, float]:
    """Per region, what one set of the exercise counts: 1 (primary), ½ (secondary), the
    highest when two of its muscles fall in the same region."""
    weights: dict[str, float] = {}
    for muscle, role in exercise.muscles:
        region = region_of(muscle, exercise.pattern)
        weight = ROLE_WEIGHT.get(role, 0.0)
        if region is not None and weight > weights.get(region, 0.0):
            weights[region] = weight
    return weights


def iso_week(monday: dt.date) -> str:
    """2026-W12: the ISO week of a Monday (an ISO year can start in late December)."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def parse_iso_week(text: str) -> dt.date:
    """The Monday of an ISO week written YYYY-Www (2026-W12); ValueError when it is not one."""
    value = text.strip()
    if len(value) != 8 or value[4:6].upper() != "-W" or not (value[:4] + value[6:]).isdigit():
        raise ValueError(f"“{text}” is not a week; write it as YYYY-Www, e.g. 2026-W12.")
    year, week = int(value[:4]), int(value[6:])
    try:
        return dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(
            f"{year} has no week {week}; ISO weeks run from W01 to W52 (W53 in some years)."
        ) from None


def weekly_region_sets(
    sets_by_exercise: Mapping[int, int], exercises: Mapping[int, ExerciseMuscles]
) -> dict[str, float]:
    """Hard sets per region for one week, from each exercise's hard-set count that week."""
    totals = dict.fromkeys(REGIONS, 0.0)
    for exercise_id, count in sets_by_exercise.items():
        info = exercises.get(exercise_id)
        if info is None or not info.gives_hard_sets:
            continue
        for region, weight in region_weights(info).items():
            totals[region] += weight * count
    return totals


class Status(StrEnum):
    BELOW = "below"
    WITHIN = "within"
    ABOVE = "above"


def status(sets: float, low: int, high: int) -> Status:
    if sets < low:
        return Status.BELOW
    if sets > high:
        return Status.ABOVE
    return Status.WITHIN


def format_sets(sets: float) -> str:
    """4, 4.5: halves from secondary muscles are shown, whole numbers without a point."""
    return f"{sets:g}" if sets == int(sets) else f"{sets:.1f}"


def region_sentence(region: str, sets: float, low: int, high: int, when: str) -> str:
    """ "Mid-back: 4 of 10 sets this week; add a row." `when` is "this week" or e.g. "in
    the week of 9 Mar"."""
    label = REGION_LABELS[region]
    count = format_sets(sets)
    state = status(sets, low, high)
    if state is Status.BELOW:
        return f"{label}: {count} of {low} sets {when}; {REGION_ADVICE[region]}."
    if state is Status.ABOVE:
        return (
            f"{label}: {count} sets {when}, above {high}; more is not better, keep it "
            f"nearer {high}."
        )
    return f"{label}: {count} sets {when}, within {low}–{high}."


@dataclass(frozen=True)
class RegionCount:
    region: str
    sets: float
    low: int
    high: int

    @property
    def status(self) -> Status:
        return status(self.sets, self.low, self.high)


def region_counts(totals: Mapping[str, float], band: tuple[int, int]) -> list[RegionCount]:
    low, high = band
    return [RegionCount(region, totals.get(region, 0.0), low, high) for region in REGIONS]
