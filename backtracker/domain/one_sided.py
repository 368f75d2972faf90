"""One side at a time, and assisted lifts: the rules for left/right reps and negative loads.

A one-sided (unilateral) exercise, such as the one-arm dumbbell row, is done for each side in
turn. A set is logged either as "each side" (one number: both sides did it) or with left and
right reps. Then `reps` holds the weaker side, so coaching and the estimated 1RM go by it,
while volume counts both sides.

Bodyweight exercises may carry a negative added load: the assistance of a machine or band
(an assisted pull-up with −20 kg). The load moved is then bodyweight − 20 kg. Any other
exercise refuses a negative weight.

Pure Python: no Qt, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from backtracker.domain.catalogue import Tracking
from backtracker.domain.errors import ValidationError
from backtracker.domain.units import MAX_REPS, Unit, format_weight

MAX_ASSISTANCE_KG = 500.0  # the database's floor for weight_kg is −500 kg

SIDES_HINT = "one number for each side (8), or left and right as 8/7 or L8 R7"

# "8/7", "8 / 7", "8|7", "8\7"
_SLASHED = re.compile(r"^\s*(\d+)\s*[/|\\]\s*(\d+)\s*$")
# "L8 R7", "l 8 r 7", "R7 L8", "L8, R7", "left 8 right 7"
_SIDE = re.compile(r"\b(l|left|r|right)\s*[:=]?\s*(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class SideReps:
    """Reps of a set of a one-sided exercise: `reps` is the weaker side."""

    reps: int
    left: int | None = None  # both None: "each side"
    right: int | None = None

    @property
    def per_side(self) -> bool:
        return self.left is not None and self.right is not None

    def values(self) -> dict[str, int | None]:
        """The set_entry fields these reps are stored in."""
        return {"reps": self.reps, "reps_left": self.left, "reps_right": self.right}


def _side_count(text: str, side: str) -> int:
    value = int(text)
    if value < 1:
        raise ValidationError({"reps": f"The {side} side needs at least 1 rep. Type {SIDES_HINT}."})
    if value > MAX_REPS:
        raise ValidationError({"reps": f"Reps for the {side} side go from 1 to {MAX_REPS}."})
    return value


def sides(left: int, right: int) -> SideReps:
    """Left and right reps; the set's reps are the weaker side."""
    if left < 1 or right < 1 or left > MAX_REPS or right > MAX_REPS:
        raise ValidationError({"reps": f"Each side needs 1 to {MAX_REPS} reps."})
    return SideReps(reps=min(left, right), left=left, right=right)


def parse_side_reps(text: str) -> SideReps | None:
    """Left and right reps typed as "8/7" or "L8 R7"; None when `text` names no sides (it is
    then a plain number, "each side", parsed by `units.parse_reps`). Raises ValidationError
    for sides typed wrong, such as "8/" or "L8" without the right side."""
    cleaned = text.strip()
    slashed = _SLASHED.match(cleaned)
    if slashed:
        return sides(_side_count(slashed[1], "left"), _side_count(slashed[2], "right"))
    named = _SIDE.findall(cleaned)
    if named:
        found: dict[str, int] = {}
        for word, count in named:
            side = "left" if word.lower().startswith("l") else "right"
            if side in found:
                raise ValidationError({"reps": f"The {side} side is typed twice in “{text}”."})
            found[side] = _side_count(count, side)
        leftover = _SIDE.sub("", cleaned).replace(",", " ").strip()
        if leftover or len(found) < 2:
            missing = "right" if "left" in found else "left"
            reason = f"the {missing} side is missing" if len(found) < 2 else "it has extra text"
            raise ValidationError(
                {"reps": f"“{text}” can't be read as reps: {reason}. Type {SIDES_HINT}."}
            )
        return sides(found["left"], found["right"])
    if any(mark in cleaned for mark in "/|\\"):
        raise ValidationError({"reps": f"“{text}” can't be read as reps. Type {SIDES_HINT}."})
    return None


def format_side_reps(reps: int | None, left: int | None, right: int | None) -> str:
    """ "8 / 7" (left / right) for a set logged per side, else its reps ("" when none)."""
    if left is not None and right is not None:
        return f"{left} / {right}"
    return "" if reps is None else str(reps)


def volume_reps(reps: int | None, left: int | None, right: int | None, *, unilateral: bool) -> int:
    """The reps a set's volume counts: both sides of a one-sided set (left + right, or twice
    the reps when logged as "each side"), else the reps."""
    if not reps or reps < 0:
        return 0
    if not unilateral:
        return reps
    if left is not None and right is not None:
        return left + right
    return 2 * reps


# --- assisted lifts -------------------------------------------------------------------------


def takes_negative_load(tracking: str) -> bool:
    """Only bodyweight exercises take an assisting (negative) load."""
    return tracking == Tracking.BODYWEIGHT_REPS.value


NEGATIVE_REFUSED = (
    "Weight can't be negative. Only bodyweight exercises take a negative (assisting) load, "
    "e.g. −20 kg on an assisted pull-up."
)


def negative_weight_problem(
    tracking: str, weight_kg: float | None, *, check_floor: bool = True
) -> str | None:
    """Why `weight_kg` can't be stored on a set of this kind of exercise, or None.

    `check_floor=False` leaves the −500 kg floor to the database's CHECK."""
    if weight_kg is None or weight_kg >= 0:
        return None
    if not takes_negative_load(tracking):
        return NEGATIVE_REFUSED
    if check_floor and weight_kg < -MAX_ASSISTANCE_KG:
        return f"Assistance goes down to −{MAX_ASSISTANCE_KG:.0f} kg."
    return None


def check_load(tracking: str, weight_kg: float | None, *, check_floor: bool = True) -> None:
    """Raise ValidationError (field "weight") when the load can't be stored."""
    problem = negative_weight_problem(tracking, weight_kg, check_floor=check_floor)
    if problem:
        raise ValidationError({"weight": problem})


def format_assisted(weight_kg: float, unit: Unit | str) -> str:
    """ "−20 kg (assisted)" for an assisting load; the typographic minus reads clearly."""
    return f"−{format_weight(-weight_kg, unit)} (assisted)"


def effective_load(weight_kg: float | None, bodyweight_kg: float | None) -> float | None:
    """Bodyweight plus the added load (minus the assistance); None without a bodyweight, and
    None when the assistance outweighs the person (no load is moved)."""
    if bodyweight_kg is None:
        return None
    load = bodyweight_kg + (weight_kg or 0.0)
    return load if load > 0 else None
