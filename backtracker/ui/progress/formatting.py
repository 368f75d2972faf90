"""How the Progress tab writes values and dates: in the person's unit, always with the unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from backtracker.domain.dates import format_date
from backtracker.domain.units import Unit, format_duration, from_kg
from backtracker.services.progress import Metric

VOLUME_METRICS = frozenset({Metric.BEST_SET_VOLUME, Metric.SESSION_VOLUME})


def format_day(day: dt.date) -> str:
    """12 Mar 2026."""
    return format_date(day)


def in_unit(values: Sequence[float], metric: Metric, unit: Unit | str) -> list[float]:
    """Series values (kg for weight metrics) in the person's unit; reps and seconds stay."""
    if not metric.is_weight:
        return [float(v) for v in values]
    return [from_kg(v, unit) for v in values]


def axis_label(metric: Metric, unit: Unit | str) -> str:
    """Estimated 1RM (kg), Total reps, Longest hold (s)."""
    if metric.is_time:
        return f"{metric.label} (s)"
    return f"{metric.label} ({Unit(unit).value})" if metric.is_weight else metric.label


def format_metric(value: float, metric: Metric, unit: Unit | str) -> str:
    """A value already in the person's unit: 36.0 kg, 1,240 kg, 45 reps, 1:05."""
    if metric.is_time:
        return format_duration(value)
    if not metric.is_weight:
        count = round(value)
        return f"{count:,} rep" + ("" if count == 1 else "s")
    if metric in VOLUME_METRICS:
        return f"{value:,.0f} {Unit(unit).value}"
    return f"{value:,.1f} {Unit(unit).value}"


def hover_text(
    day: dt.date, value: float, detail: str, metric: Metric, unit: Unit | str, *, record: bool
) -> str:
    """12 Mar 2026 · 36.0 kg (best set 10 × 27.5 kg), with a second line for a record."""
    text = f"{format_day(day)} · {format_metric(value, metric, unit)}"
    if detail:
        text += f" ({detail})"
    if record:
        text += "\n★ Personal record"
    return text
