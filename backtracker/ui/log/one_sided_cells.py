"""The set table's cells for one-sided exercises and assisted lifts.

Reps of a one-sided exercise are typed in the one Reps cell, so the keyboard flow stays
weight, Enter, reps, Enter: "8" is 8 for each side, "8/7" (or "L8 R7") is 8 left and 7
right. A pair is shown as "8 / 7" and stores `reps` as the weaker side. A bodyweight
exercise takes a negative added load ("-20": assistance), shown as "−20 (assisted)".
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from backtracker.domain import one_sided
from backtracker.domain.catalogue import Tracking
from backtracker.domain.errors import ValidationError
from backtracker.domain.log import LoggedSet, WorkoutExerciseInfo
from backtracker.domain.units import Unit, format_number, from_kg, parse_reps, parse_weight
from backtracker.services import logbook

SIDES_TITLE = "Reps L/R"
SIDES_TOOLTIP = (
    "One side at a time: type one number for each side (8), "
    "or left and right as 8/7 or L8 R7. The weaker side counts for coaching."
)
ASSISTED_TOOLTIP = (
    "A negative added weight is assistance (machine or band): "
    "the load you move is your bodyweight minus it."
)
NO_BODYWEIGHT = (
    " No bodyweight is logged yet, so charts and the estimated 1RM can't use this set's load: "
    "log your bodyweight in the side panel."
)


def with_sides_title(columns: tuple[Any, ...], link: WorkoutExerciseInfo) -> tuple[Any, ...]:
    """The set columns, the reps one titled for left/right on a one-sided exercise."""
    if not link.unilateral:
        return columns
    return tuple(replace(c, title=SIDES_TITLE) if c.key == "reps" else c for c in columns)


def reps_text(logged: LoggedSet) -> str:
    """ "8 / 7" for a set logged per side, else its reps."""
    return one_sided.format_side_reps(logged.reps, logged.reps_left, logged.reps_right)


def parse_reps_cell(text: str, *, unilateral: bool, must: bool) -> dict[str, Any]:
    """The values a typed reps cell stores; ValidationError (nothing saved) when bad.

    `must`: the set is done, so it can't lose its reps."""
    sides = one_sided.parse_side_reps(text)
    if sides is not None:
        if not unilateral:
            raise ValidationError(
                {
                    "reps": "Left and right reps are for one-sided exercises. Type one number, "
                    "or mark the exercise “One side at a time” in the Library."
                }
            )
        return sides.values()
    if not text.strip() and not must:
        return {"reps": None, "reps_left": None, "reps_right": None}
    return {"reps": parse_reps(text), "reps_left": None, "reps_right": None}


def parse_weight_cell(
    text: str, unit: Unit, tracking: str, *, field: str, allow_empty: bool
) -> float | None:
    """The weight typed in a set's weight cell, in kg; negative only on bodyweight exercises."""
    negative_ok = one_sided.takes_negative_load(tracking)
    if not negative_ok and text.strip().startswith(("-", "\N{MINUS SIGN}")):
        raise ValidationError({field: one_sided.NEGATIVE_REFUSED})
    return parse_weight(
        text, unit, field=field, allow_empty=allow_empty, allow_negative=negative_ok
    )


def assisted_text(logged: LoggedSet, unit: Unit, tracking: str) -> str | None:
    """ "−20 (assisted)" for an assisted set of a bodyweight exercise, else None."""
    weight = logged.weight_kg
    if weight is None or weight >= 0 or tracking != Tracking.BODYWEIGHT_REPS.value:
        return None
    shown = format_number(from_kg(-weight, unit), 2 if unit is Unit.KG else 1)
    return f"−{shown} (assisted)"


WIDTHS = {("weight", True): 112}  # (column, bodyweight exercise): "−20 (assisted)" fits


def column_width(link: WorkoutExerciseInfo, key: str, default: int) -> int:
    """The set table's width for a column: wider weights where assistance can show."""
    bodyweight = link.tracking == Tracking.BODYWEIGHT_REPS.value
    return WIDTHS.get((key, bodyweight), default)


def weight_tooltip(logged: LoggedSet, tracking: str) -> str | None:
    """What an assisted set's weight means, and whether a bodyweight is known to use it."""
    if tracking != Tracking.BODYWEIGHT_REPS.value or (logged.weight_kg or 0.0) >= 0:
        return None
    known = bool(logbook.bodyweights(limit=1))
    return ASSISTED_TOOLTIP + ("" if known else NO_BODYWEIGHT)
