"""Body measurements: record, replace, delete (and put back), the series the charts draw.

Every write is one statement, so an entry is either there whole or not at all; the Log's
side panel makes each one an undo step by keeping what a write replaced (`Entry`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backtracker.domain import clock
from backtracker.domain import measurements as m
from backtracker.domain.errors import ValidationError
from backtracker.storage import measurements as store
from backtracker.storage.measurements import Entry

__all__ = ["Entry", "Recorded", "Series"]


@dataclass(frozen=True)
class Recorded:
    entry: Entry  # what is stored now
    replaced: Entry | None  # what was there for that day before, to put back on undo


@dataclass(frozen=True)
class Series:
    """One metric over time, oldest first, canonical units; `average` is the moving average
    over the last `m.MOVING_AVERAGE_ENTRIES` entries, one value per point."""

    metric: str
    points: list[tuple[dt.date, float]]
    average: list[float]


def check_day(day: dt.date) -> dt.date:
    if day > clock.today():
        raise ValidationError({"day": "The date can't be in the future."})
    return day


def record(day: dt.date, metric: str, text: str, length_unit: str) -> Recorded:
    """Store the typed value (in the person's unit) for that day; ValidationError: nothing
    is stored."""
    value = m.parse_value(metric, text, length_unit)
    check_day(day)
    return put(Entry(day, metric, value, "", "app"))


def put(entry: Entry) -> Recorded:
    """Store an entry as given (already checked), returning what it replaced."""
    m.metric_info(entry.metric)
    replaced = store.get(entry.day, entry.metric)
    store.put(entry)
    return Recorded(entry, replaced)


def restore(day: dt.date, metric: str, previous: Entry | None) -> None:
    """Undo a write: put back what was there, or remove the entry if nothing was."""
    if previous is None:
        store.delete(day, metric)
    else:
        store.put(previous)


def delete(day: dt.date, metric: str) -> Entry | None:
    m.metric_info(metric)
    return store.delete(day, metric)


def latest() -> list[Entry]:
    """The newest value of every metric that has one, in the list's order."""
    found = {entry.metric: entry for entry in store.latest(m.METRIC_KEYS)}
    return [found[key] for key in m.METRIC_KEYS if key in found]


def series(metric: str) -> Series:
    if metric == m.V_TAPER:
        points = v_taper()
    else:
        m.metric_info(metric)
        points = store.series(metric)
    return Series(metric, points, m.smoothed([value for _, value in points]))


def v_taper() -> list[tuple[dt.date, float]]:
    return m.v_taper(store.series("shoulders"), store.series("waist"))


def has_any() -> bool:
    return store.count(m.METRIC_KEYS) > 0


def changes_between(first: dt.date, last: dt.date, length_unit: str) -> list[str]:
    """["waist 84 → 81 cm", …]: each metric's value in effect on each date (on or before)."""
    before = store.on_or_before(first, m.METRIC_KEYS)
    if not before:
        return []
    after = store.on_or_before(last, m.METRIC_KEYS)
    return m.changes(before, after, length_unit)
