"""Bodyweight entries (kg), one per day."""

from __future__ import annotations

import datetime as dt

from backtracker.storage.models import BodyMetric

BODYWEIGHT = "bodyweight"


def set_bodyweight(day: dt.date, kg: float, *, source: str = "app") -> None:
    """Record the day's bodyweight, replacing an earlier entry for the same day."""
    (
        BodyMetric.insert(measured_on=day, metric=BODYWEIGHT, value=kg, source=source)
        .on_conflict(
            conflict_target=[BodyMetric.measured_on, BodyMetric.metric],
            update={BodyMetric.value: kg, BodyMetric.source: source},
        )
        .execute()
    )


def delete_bodyweight(day: dt.date) -> float | None:
    row = BodyMetric.get_or_none(
        (BodyMetric.measured_on == day) & (BodyMetric.metric == BODYWEIGHT)
    )
    if row is None:
        return None
    row.delete_instance()
    return row.value


def bodyweights(limit: int | None = None) -> list[tuple[dt.date, float]]:
    """Entries newest first."""
    query = (
        BodyMetric.select(BodyMetric.measured_on, BodyMetric.value)
        .where(BodyMetric.metric == BODYWEIGHT)
        .order_by(BodyMetric.measured_on.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return list(query.tuples())


def bodyweight_on(day: dt.date) -> float | None:
    """The latest entry on or before `day`, else the earliest one after it."""
    before = (
        BodyMetric.select(BodyMetric.value)
        .where((BodyMetric.metric == BODYWEIGHT) & (BodyMetric.measured_on <= day))
        .order_by(BodyMetric.measured_on.desc())
        .first()
    )
    if before is not None:
        return before.value
    after = (
        BodyMetric.select(BodyMetric.value)
        .where(BodyMetric.metric == BODYWEIGHT)
        .order_by(BodyMetric.measured_on)
        .first()
    )
    return None if after is None else after.value
