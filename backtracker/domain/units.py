"""Units: weights are stored in kg and distances in metres; the person sees kg or lb.

The parsers turn what is typed into the log form into canonical values, or raise
`ValidationError` with a sentence that names the field and what it accepts.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum

from backtracker.domain.errors import ValidationError


class Unit(StrEnum):
    KG = "kg"
    LB = "lb"

    @property
    def distance_label(self) -> str:
        """Metric people run in km, imperial people in miles."""
        return "km" if self is Unit.KG else "mi"


KG_PER_LB = 0.45359237
M_PER_KM = 1000.0
M_PER_MILE = 1609.344

MAX_WEIGHT = {Unit.KG: 1000.0, Unit.LB: 2204.0}  # more than any lift on record
MAX_ASSISTANCE = {Unit.KG: 500.0, Unit.LB: 1100.0}  # negative loads: the database's floor
MAX_REPS = 999
MAX_DURATION_S = 24 * 3600
MAX_DISTANCE_M = 1000 * M_PER_KM
NO_VALUE = "—"

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_FIELD_LABELS = {"rpe": "RPE"}


def to_kg(value: float, unit: Unit | str) -> float:
    return value * KG_PER_LB if Unit(unit) is Unit.LB else float(value)


def from_kg(kg: float, unit: Unit | str) -> float:
    return kg / KG_PER_LB if Unit(unit) is Unit.LB else float(kg)


# Two weights closer than this are the same weight. Half the lb display step (0.05 lb =
# 0.0227 kg), rounded up: 60 kg and the 60.01027 kg that "132.3 lb" stands for are the same,
# while the smallest real plate (0.25 kg, 0.5 lb) is ten times larger.
WEIGHT_TOLERANCE_KG = 0.025


def same_weight(a_kg: float, b_kg: float) -> bool:
    """True when two stored weights (or loads) are the same for a lifter: unit round trips
    and rounded imports do not make a new weight, a new record or a broken stall."""
    return abs(a_kg - b_kg) <= WEIGHT_TOLERANCE_KG


def weight_step(unit: Unit | str) -> float:
    """The usual plate step: 2.5 kg or 5 lb."""
    return 5.0 if Unit(unit) is Unit.LB else 2.5


def round_to_step(kg: float, unit: Unit | str, step_in_unit: float) -> float:
    """Round to the nearest multiple of `step_in_unit` in the person's unit; return kg."""
    value = round(from_kg(kg, unit), 6)  # drop the noise of the kg round trip first
    steps = math.floor(value / step_in_unit + 0.5)  # half up, not to even
    return to_kg(steps * step_in_unit, unit)


def distance_to_m(value: float, unit: Unit | str) -> float:
    return value * (M_PER_MILE if Unit(unit) is Unit.LB else M_PER_KM)


def distance_from_m(metres: float, unit: Unit | str) -> float:
    return metres / (M_PER_MILE if Unit(unit) is Unit.LB else M_PER_KM)


# --- formatting -------------------------------------------------------------------------


def format_number(value: float, max_decimals: int) -> str:
    """Round to `max_decimals` and drop trailing zeros: 16.0 → "16", 35.25 → "35.25"."""
    text = f"{value:.{max(max_decimals, 0)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def format_weight(kg: float | None, unit: Unit | str, *, with_unit: bool = True) -> str:
    """A stored kg weight in the person's unit: kg to 2 decimals, lb to 1; None → "—"."""
    if kg is None:
        return NO_VALUE
    unit = Unit(unit)
    text = format_number(from_kg(kg, unit), 2 if unit is Unit.KG else 1)
    return f"{text} {unit.value}" if with_unit else text


def format_duration(seconds: float) -> str:
    """Clock style: 45 → "0:45", 90 → "1:30", 3723 → "1:02:03"."""
    sign = "-" if seconds < 0 else ""
    total = round(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def format_distance(metres: float | None, unit: Unit | str, *, with_unit: bool = True) -> str:
    """A stored distance in km (kg people) or miles (lb people), to 2 decimals."""
    if metres is None:
        return NO_VALUE
    unit = Unit(unit)
    text = format_number(distance_from_m(metres, unit), 2)
    return f"{text} {unit.distance_label}" if with_unit else text


# --- parsing ----------------------------------------------------------------------------


def _label(field: str) -> str:
    return _FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def _parse_number(text: str | None, field: str, example: str) -> float | None:
    """The number in `text` (comma or dot decimals), None when blank; refuse anything else."""
    cleaned = (text or "").strip().replace(",", ".", 1)
    if not cleaned:
        return None
    if not _NUMBER.fullmatch(cleaned):
        raise ValidationError({field: f"{_label(field)} must be a number, e.g. {example}."})
    value = float(cleaned)
    if not math.isfinite(value):  # 400 nines overflow to infinity
        raise ValidationError({field: f"{_label(field)} is far too large; check the number."})
    return value


def parse_weight(
    text: str | None,
    unit: Unit | str,
    *,
    field: str = "weight",
    allow_empty: bool = False,
    allow_negative: bool = False,
) -> float | None:
    """A weight typed in the person's unit, returned in kg (None when blank and allowed).

    `allow_negative` takes an assisting load ("-20" or "−20": an assisted pull-up)."""
    unit = Unit(unit)
    cleaned = (text or "").strip().replace("\N{MINUS SIGN}", "-")
    for suffix in (unit.value, f"{unit.value}s"):  # "22.5 kg" and "45 lbs" are fine too
        if cleaned.lower().endswith(suffix) and cleaned[: -len(suffix)].strip():
            cleaned = cleaned[: -len(suffix)]  # a unit alone ("kg") is not a blank weight
            break
    value = _parse_number(cleaned, field, "22.5" if unit is Unit.KG else "45")
    limit = MAX_WEIGHT[unit]
    if value is None:
        if allow_empty:
            return None
        raise ValidationError(
            {
                field: f"Enter the {_label(field).lower()} in {unit.value}, from 0 to "
                f"{format_number(limit, 0)}."
            }
        )
    if value < 0 and not allow_negative:
        raise ValidationError({field: f"{_label(field)} can't be negative."})
    if value < -MAX_ASSISTANCE[unit]:
        floor = format_number(MAX_ASSISTANCE[unit], 0)
        raise ValidationError({field: f"Assistance goes down to −{floor} {unit.value}."})
    if value > limit:
        raise ValidationError(
            {
                field: f"{format_number(value, 2)} {unit.value} is more than any lift on record; "
                f"check the {_label(field).lower()} (up to {format_number(limit, 0)} {unit.value})."
            }
        )
    return to_kg(value, unit) + 0.0  # "-0" is plain 0


def parse_reps(text: str | None, *, field: str = "reps") -> int:
    """Whole reps from 1 to 999."""
    value = _parse_number(text, field, "10")
    range_text = f"from 1 to {MAX_REPS}"
    if value is None:
        raise ValidationError({field: f"Enter the {_label(field).lower()}, {range_text}."})
    if not value.is_integer():
        raise ValidationError({field: f"{_label(field)} must be a whole number, e.g. 10."})
    if value < 0:
        raise ValidationError({field: f"{_label(field)} can't be negative."})
    if value == 0:
        raise ValidationError(
            {field: "Log at least 1 rep, or leave the set unticked if you skipped it."}
        )
    if value > MAX_REPS:
        raise ValidationError({field: f"{_label(field)} must be {range_text}."})
    return int(value)


def parse_rpe(text: str | None, *, field: str = "rpe") -> float | None:
    """Rate of perceived exertion, 1 to 10 in half steps; blank means not recorded."""
    value = _parse_number(text, field, "8")
    if value is None:
        return None
    if not 1 <= value <= 10:
        raise ValidationError({field: f"{_label(field)} goes from 1 (very easy) to 10 (max)."})
    if not (value * 2).is_integer():
        raise ValidationError({field: f"{_label(field)} goes in half steps, e.g. 8 or 8.5."})
    return value


_CLOCK = re.compile(r"\d+(?::\d{1,2}){1,2}(?:\.\d+)?")
_DURATION_PART = re.compile(
    r"(\d+(?:\.\d*)?|\.\d+)\s*(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\s*"
)
_DURATION_UNIT = {"h": 3600, "m": 60, "s": 1}


def _duration_seconds(text: str) -> float | None:
    """Seconds in "45", "1:30", "1:02:03", "90s", "2m" or "1m 30s"; None if unreadable."""
    if _NUMBER.fullmatch(text):
        return float(text)
    if _CLOCK.fullmatch(text):
        parts = text.split(":")
        numbers = [float(part) for part in parts]
        if any(number >= 60 for number in numbers[1:]):
            return None
        total = 0.0
        for number in numbers:
            total = total * 60 + number
        return total
    position, total, matched = 0, 0.0, False
    while position < len(text):
        match = _DURATION_PART.match(text, position)
        if not match:
            return None
        total += float(match.group(1)) * _DURATION_UNIT[match.group(2)[0]]
        position, matched = match.end(), True
    return total if matched else None


def parse_duration(text: str | None, *, field: str = "duration") -> float:
    """A duration in seconds, more than 0 and under 24 hours."""
    cleaned = (text or "").strip().lower().replace(",", ".")
    label = _label(field)
    if not cleaned:
        raise ValidationError({field: f"Enter the {label.lower()}, e.g. 45 (seconds) or 1:30."})
    seconds = _duration_seconds(cleaned)
    if seconds is None:
        raise ValidationError({field: f"{label} must be a time, e.g. 45 (seconds) or 1:30."})
    if seconds <= 0:
        raise ValidationError({field: f"{label} must be more than 0 seconds."})
    if seconds >= MAX_DURATION_S:
        raise ValidationError({field: f"{label} must be under 24 hours."})
    return seconds


def parse_distance(
    text: str | None,
    unit: Unit | str,
    *,
    field: str = "distance",
    allow_empty: bool = True,
) -> float | None:
    """A distance typed in km (kg people) or miles (lb people), returned in metres."""
    unit = Unit(unit)
    cleaned = (text or "").strip()
    if cleaned.lower().endswith(unit.distance_label):
        cleaned = cleaned[: -len(unit.distance_label)]
    value = _parse_number(cleaned, field, "5")
    limit = format_number(distance_from_m(MAX_DISTANCE_M, unit), 2)
    range_text = f"more than 0 and up to {limit} {unit.distance_label}"
    if value is None:
        if allow_empty:
            return None
        raise ValidationError(
            {field: f"Enter the {_label(field).lower()} in {unit.distance_label}."}
        )
    metres = distance_to_m(value, unit)
    if not 0 < metres <= MAX_DISTANCE_M:
        raise ValidationError({field: f"{_label(field)} must be {range_text}."})
    return metres
