"""Accepted deload weeks (models.Deload): set one, find the one covering a day, the latest
one over before a day, and cancel one (undo).

A week is stored by its Monday; the rules of what a deload week does live in
domain/coach/deload_week.py.
"""

from __future__ import annotations

import datetime as dt

from backtracker.domain import clock
from backtracker.domain.catalogue import Category
from backtracker.domain.coach.deload_week import DeloadWeek
from backtracker.domain.coach.regions import NOT_TRAINING
from backtracker.domain.dates import format_date, weekday_name
from backtracker.domain.errors import UserError
from backtracker.storage.models import Deload, db
from backtracker.storage.sessions import BACK_EXERCISES

_NOT_TRAINING = tuple(sorted(NOT_TRAINING))


def _week(row: Deload) -> DeloadWeek:
    return DeloadWeek(row.week_start, row.load_factor, row.sets_factor)


def all_weeks() -> list[DeloadWeek]:
    """Every accepted deload week, oldest first (a handful at most a year)."""
    return [_week(row) for row in Deload.select().order_by(Deload.week_start)]


def accept(monday: dt.date, load_factor: float, sets_factor: float) -> DeloadWeek:
    """Set the week starting `monday` as a deload week, in one transaction. UserError when
    it is not a Monday, is over, is one already, or the factors are not in (0, 1]."""
    if not isinstance(monday, dt.date) or isinstance(monday, dt.datetime):
        raise UserError("Choose the week by its Monday.")
    if monday.weekday() != 0:
        raise UserError(
            f"A deload week starts on a Monday; {format_date(monday)} is a {weekday_name(monday)}."
        )
    for factor in (load_factor, sets_factor):
        if isinstance(factor, bool) or not isinstance(factor, int | float) or not 0 < factor <= 1:
            raise UserError(
                "A deload week takes a share of the load and of the sets, each more than "
                "0 and at most 1 (e.g. 0.9 and 2/3)."
            )
    if monday + dt.timedelta(days=6) < clock.today():
        raise UserError(
            f"The week of {format_date(monday)} is over; a deload week can only be set for "
            "this week or a later one."
        )
    with db.atomic():
        if Deload.select().where(Deload.week_start == monday).exists():
            raise UserError(f"The week of {format_date(monday)} is already a deload week.")
        Deload.create(
            week_start=monday, load_factor=float(load_factor), sets_factor=float(sets_factor)
        )
    return DeloadWeek(monday, float(load_factor), float(sets_factor))


def covering(day: dt.date) -> DeloadWeek | None:
    """The accepted deload week holding `day`."""
    row = (
        Deload.select()
        .where((Deload.week_start <= day) & (Deload.week_start > day - dt.timedelta(days=7)))
        .first()
    )
    return _week(row) if row is not None else None


def latest_ended_before(day: dt.date) -> DeloadWeek | None:
    """The latest accepted deload week whose Sunday is before `day`."""
    row = (
        Deload.select()
        .where(Deload.week_start <= day - dt.timedelta(days=7))
        .order_by(Deload.week_start.desc())
        .first()
    )
    return _week(row) if row is not None else None


def cancel(monday: dt.date) -> DeloadWeek:
    """Take back the deload week starting `monday`; returns what it was (to redo it).
    UserError when that week is not a deload week."""
    with db.atomic():
        row = Deload.get_or_none(Deload.week_start == monday)
        if row is None:
            raise UserError(
                f"The week of {format_date(monday)} is not a deload week; nothing was cancelled."
            )
        week = _week(row)
        row.delete_instance()
    return week


def lightened(exercise_id: int) -> bool:
    """Whether a deload week lightens this exercise: a back exercise (a primary back muscle)
    that gives hard sets (a strength exercise, not a stretch or cardio)."""
    marks = ", ".join("?" * len(_NOT_TRAINING))
    sql = f"""
        SELECT 1 FROM exercise e
        WHERE e.id = ? AND e.category = ?
            AND (e.pattern IS NULL OR e.pattern NOT IN ({marks}))
            AND e.id IN {BACK_EXERCISES}"""
    params = (exercise_id, Category.STRENGTH.value, *_NOT_TRAINING)
    return db.execute_sql(sql, params).fetchone() is not None


def any_weeks() -> bool:
    return Deload.select().exists()
