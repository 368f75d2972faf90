"""Body measurements other than bodyweight (lengths in cm, body fat in %), one per day each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from backtracker.storage.models import BodyMetric


class Entry(NamedTuple):
    day: dt.date
    metric: str
    value: float
    notes: str
    source: str


def _entry(row: BodyMetric) -> Entry:
    return Entry(row.measured_on, row.metric, row.value, row.notes, row.source)


def get(day: dt.date, metric: str) -> Entry | None:
    row = BodyMetric.get_or_none((BodyMetric.measured_on == day) & (BodyMetric.metric == metric))
    return None if row is None else _entry(row)


def put(entry: Entry) -> None:
    """Write the day's value of the metric, replacing one already there (one statement)."""
    (
        BodyMetric.insert(
            measured_on=entry.day,
            metric=entry.metric,
            value=entry.value,
            notes=entry.notes,
            source=entry.source,
        )
        .on_conflict(
            conflict_target=[BodyMetric.measured_on, BodyMetric.metric],
            update={
                BodyMetric.value: entry.value,
                BodyMetric.notes: entry.notes,
                BodyMetric.source: entry.source,
            },
        )
        .execute()
    )


def delete(day: dt.date, metric: str) -> Entry | None:
    """Remove the day's value of the metric; what was removed, or None."""
    found = get(day, metric)
    if found is not None:
        BodyMetric.delete().where(
            (BodyMetric.measured_on == day) & (BodyMetric.metric == metric)
        ).execute()
    return found


def series(metric: str) -> list[tuple[dt.date, float]]:
    """(day, value) of one metric, oldest first."""
    query = (
        BodyMetric.select(BodyMetric.measured_on, BodyMetric.value)
        .where(BodyMetric.metric == metric)
        .order_by(BodyMetric.measured_on)
    )
    return list(query.tuples())


def latest(metrics: Iterable[str]) -> list[Entry]:
    """The newest entry of each metric that has one, in no particular order."""
    found = []
    for metric in metrics:
        row = (
            BodyMetric.select()
            .where(BodyMetric.metric == metric)
            .order_by(BodyMetric.measured_on.desc())
            .first()
        )
        if row is not None:
            found.append(_entry(row))
    return found


def on_or_before(day: dt.date, metrics: Iterable[str]) -> dict[str, tuple[dt.date, float]]:
    """Each metric's latest (day, value) on or before `day`; metrics with none are left out."""
    found: dict[str, tuple[dt.date, float]] = {}
    for metric in metrics:
        row = (
            BodyMetric.select(BodyMetric.measured_on, BodyMetric.value)
            .where((BodyMetric.metric == metric) & (BodyMetric.measured_on <= day))
            .order_by(BodyMetric.measured_on.desc())
            .first()
        )
        if row is not None:
            found[metric] = (row.measured_on, row.value)
    return found


def count(metrics: Iterable[str]) -> int:
    return BodyMetric.select().where(BodyMetric.metric.in_(list(metrics))).count()


def all_entries() -> list[Entry]:
    """Every body metric row (bodyweight too), by date, then metric: what the export writes."""
    query = BodyMetric.select().order_by(BodyMetric.measured_on, BodyMetric.metric)
    return [_entry(row) for row in query]
