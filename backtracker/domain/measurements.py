"""Body measurements: which ones, their sane ranges, cm ↔ inch, and the V-taper ratio.

Lengths are stored in centimetres and body fat in percent, whatever the person types in;
they see and type lengths in their `length_unit` (cm or in). Pure Python, no Qt.

The shoulder-to-waist ratio ("V-taper", what back training builds) pairs each shoulder
measurement with the waist measured on the same day, else the nearest waist measurement
within `RATIO_TOLERANCE_DAYS` either side (the earlier one on a tie). A week keeps a tape
session spread over a few days together, while a waist from weeks before, when the person
may have been leaner or heavier, never makes a ratio that was not true on any day.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from backtracker.domain.errors import ValidationError
from backtracker.domain.trends import moving_average
from backtracker.domain.units import format_number

CM_PER_INCH = 2.54
RATIO_TOLERANCE_DAYS = 7
MOVING_AVERAGE_ENTRIES = 4  # the average of the last 4 measurements of that metric
V_TAPER = "v_taper"  # not stored: computed from shoulders and waist
PERCENT = "%"


class LengthUnit(StrEnum):
    CM = "cm"
    IN = "in"

    @property
    def label(self) -> str:
        return "Centimetres (cm)" if self is LengthUnit.CM else "Inches (in)"


@dataclass(frozen=True)
class MetricInfo:
    key: str  # as stored in body_metric.metric
    label: str  # "Upper arm"
    low: float  # sane range, canonical unit (cm or %)
    high: float
    is_length: bool = True

    @property
    def name(self) -> str:
        """Lower case, for running text: "upper arm", "body fat"."""
        return self.label.lower()


METRICS: dict[str, MetricInfo] = {
    info.key: info
    for info in (
        MetricInfo("waist", "Waist", 40, 250),
        MetricInfo("chest", "Chest", 50, 250),
        MetricInfo("shoulders", "Shoulders", 60, 250),
        MetricInfo("neck", "Neck", 20, 80),
        MetricInfo("upper_arm", "Upper arm", 15, 80),
        MetricInfo("forearm", "Forearm", 12, 60),
        MetricInfo("hips", "Hips", 50, 250),
        MetricInfo("thigh", "Thigh", 25, 120),
        MetricInfo("calf", "Calf", 20, 80),
        MetricInfo("body_fat", "Body fat", 2, 70, is_length=False),
    )
}
METRIC_KEYS = tuple(METRICS)

_NUMBER = re.compile(r"\d+(\.\d*)?|\.\d+")
_SUFFIXES = (
    ("centimetres", LengthUnit.CM),
    ("centimeters", LengthUnit.CM),
    ("inches", LengthUnit.IN),
    ("inch", LengthUnit.IN),
    ("cm", LengthUnit.CM),
    ("in", LengthUnit.IN),
    ('"', LengthUnit.IN),
    ("″", LengthUnit.IN),
)


def metric_info(metric: str) -> MetricInfo:
    try:
        return METRICS[metric]
    except KeyError:
        raise ValidationError({"metric": "Choose a measurement from the list."}) from None


def to_cm(value: float, unit: LengthUnit | str) -> float:
    return value * CM_PER_INCH if LengthUnit(unit) is LengthUnit.IN else float(value)


def from_cm(cm: float, unit: LengthUnit | str) -> float:
    return cm / CM_PER_INCH if LengthUnit(unit) is LengthUnit.IN else float(cm)


def unit_of(metric: str, length_unit: LengthUnit | str) -> str:
    """What the person sees the metric in: "cm", "in" or "%"."""
    return LengthUnit(length_unit).value if metric_info(metric).is_length else PERCENT


def to_shown(metric: str, canonical: float, length_unit: LengthUnit | str) -> float:
    """A stored value in the person's unit (lengths converted, body fat as is)."""
    return from_cm(canonical, length_unit) if metric_info(metric).is_length else canonical


def _decimals(metric: str, length_unit: LengthUnit | str) -> int:
    """cm and % to 1 decimal; inches to 2, so a quarter inch typed (32.25) shows as typed."""
    if metric_info(metric).is_length and LengthUnit(length_unit) is LengthUnit.IN:
        return 2
    return 1


def format_value(
    metric: str, canonical: float, length_unit: LengthUnit | str, *, with_unit: bool = True
) -> str:
    """84.0 cm waist → "84 cm", or "33.07 in"; body fat 18.5 → "18.5 %"."""
    text = format_number(to_shown(metric, canonical, length_unit), _decimals(metric, length_unit))
    return f"{text} {unit_of(metric, length_unit)}" if with_unit else text


def _a(name: str) -> str:
    return f"{'An' if name[0] in 'aeiou' else 'A'} {name}"


def _range_text(info: MetricInfo, unit: LengthUnit) -> str:
    if not info.is_length:
        return f"{format_number(info.low, 0)} to {format_number(info.high, 0)} %"
    low, high = from_cm(info.low, unit), from_cm(info.high, unit)
    return f"{format_number(low, 0)} to {format_number(high, 0)} {unit.value}"


def parse_value(metric: str, text: str | None, length_unit: LengthUnit | str) -> float:
    """A value typed in the person's unit, returned canonical (cm or %).

    A length may name its unit ("32 in", "81.5 cm", 32"), which then wins over the
    preference; decimals take a point or a comma. Out-of-range values are refused with the
    range in the unit the person used.
    """
    info = metric_info(metric)
    unit = LengthUnit(length_unit)
    cleaned = (text or "").strip().lower()
    if info.is_length:
        for suffix, named in _SUFFIXES:
            if cleaned.endswith(suffix) and cleaned[: -len(suffix)].strip():
                cleaned, unit = cleaned[: -len(suffix)].strip(), named
                break
    elif cleaned.endswith(PERCENT) and cleaned[:-1].strip():
        cleaned = cleaned[:-1].strip()
    cleaned = cleaned.replace(",", ".", 1)
    shown_unit = unit.value if info.is_length else PERCENT
    unit_word = ("inches" if unit is LengthUnit.IN else "cm") if info.is_length else PERCENT
    example = ("84" if unit is LengthUnit.CM else "33") if info.is_length else "18.5"
    if not cleaned:
        raise ValidationError({"value": f"Enter the {info.name} in {unit_word}, e.g. {example}."})
    if not _NUMBER.fullmatch(cleaned) or not math.isfinite(float(cleaned)):
        raise ValidationError(
            {
                "value": f"“{(text or '').strip()}” is not a number: enter the {info.name} in "
                f"{unit_word}, e.g. {example}."
            }
        )
    value = to_cm(float(cleaned), unit) if info.is_length else float(cleaned)
    if not info.low <= value <= info.high:
        raise ValidationError(
            {
                "value": f"{_a(info.name)} of {format_number(float(cleaned), 2)} {shown_unit} is "
                f"outside {_range_text(info, unit)}; check the number"
                + (" and the unit (Preferences)." if info.is_length else ".")
            }
        )
    return value


def check_canonical(metric: str, value: float) -> float:
    """A canonical value (cm or %) from elsewhere (an import) within the sane range."""
    info = metric_info(metric)
    if not math.isfinite(value) or not info.low <= value <= info.high:
        unit = "cm" if info.is_length else PERCENT
        raise ValidationError(
            {
                "value": f"{_a(info.name)} of {format_number(value, 2)} {unit} is outside "
                f"{_range_text(info, LengthUnit.CM)}."
            }
        )
    return value


def smoothed(values: Sequence[float]) -> list[float]:
    """The moving average drawn over a metric: each entry with up to 3 before it."""
    return moving_average(values, MOVING_AVERAGE_ENTRIES)


def v_taper(
    shoulders: Sequence[tuple[dt.date, float]],
    waist: Sequence[tuple[dt.date, float]],
    tolerance_days: int = RATIO_TOLERANCE_DAYS,
) -> list[tuple[dt.date, float]]:
    """Shoulders ÷ waist on each shoulder measurement's day, oldest first (see the module).

    Each shoulder entry is paired with the waist of the same day, else the nearest one no
    more than `tolerance_days` away (the earlier on a tie); without one, that day has no
    ratio.
    """
    waists = sorted(waist)
    result: list[tuple[dt.date, float]] = []
    for day, shoulder_cm in sorted(shoulders):
        best: tuple[int, dt.date, float] | None = None
        for waist_day, waist_cm in waists:
            gap = abs((waist_day - day).days)
            if gap <= tolerance_days and waist_cm > 0 and (best is None or gap < best[0]):
                best = (gap, waist_day, waist_cm)
        if best is not None:
            result.append((day, shoulder_cm / best[2]))
    return result


def format_ratio(ratio: float) -> str:
    return f"{ratio:.2f}"


def changes(
    before: Mapping[str, tuple[dt.date, float]],
    after: Mapping[str, tuple[dt.date, float]],
    length_unit: LengthUnit | str,
) -> list[str]:
    """ "waist 84 → 81 cm" for each metric measured by both dates, in the list's order.

    `before` and `after` map a metric to the (day, value) in effect on each date. A metric
    whose two values are the same entry (nothing measured in between) says nothing new and
    is left out, as is one with a value on only one side.
    """
    parts = []
    for key in METRIC_KEYS:
        first, last = before.get(key), after.get(key)
        if first is None or last is None or first == last:
            continue
        start = format_value(key, first[1], length_unit, with_unit=False)
        parts.append(f"{METRICS[key].name} {start} → {format_value(key, last[1], length_unit)}")
    return parts
