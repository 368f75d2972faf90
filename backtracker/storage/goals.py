"""The goal of an exercise (one at most): read, set, replace, clear; and when it was met."""

from __future__ import annotations

import datetime as dt

from backtracker.domain.coach.forecast import Goal, GoalKind
from backtracker.domain.strength import Formula
from backtracker.domain.units import WEIGHT_TOLERANCE_KG
from backtracker.storage.models import Goal as GoalRow
from backtracker.storage.models import db
from backtracker.storage.progress import BODYWEIGHT_OF_WORKOUT, e1rm_sql, is_bodyweight_exercise
from backtracker.storage.sessions import REP_SET


def _goal(row: GoalRow) -> Goal:
    due = row.due_on
    if isinstance(due, str):  # peewee hands back text when SQLite stored it oddly
        due = dt.date.fromisoformat(due)
    return Goal(kind=GoalKind(row.kind), weight_kg=row.weight_kg, reps=row.reps, due_on=due)


def get_goal(exercise_id: int) -> Goal | None:
    row = GoalRow.get_or_none(GoalRow.exercise == exercise_id)
    return None if row is None else _goal(row)


_GOAL_READ = tuple(GoalRow._meta.fields[name] for name in ("kind", "weight_kg", "reps", "due_on"))


def goals_of(exercise_ids: list[int]) -> dict[int, Goal]:
    """The goals of these exercises, in one query (plain SQL: a workout's cards ask it as
    they are built; the fields convert the values as peewee does)."""
    if not exercise_ids:
        return {}
    marks = ", ".join("?" * len(exercise_ids))
    cursor = db.execute_sql(
        "SELECT exercise_id, kind, weight_kg, reps, due_on FROM goal "
        f"WHERE exercise_id IN ({marks})",
        list(exercise_ids),
    )
    found: dict[int, Goal] = {}
    for exercise_id, *values in cursor.fetchall():
        kind, weight_kg, reps, due_on = (
            None if value is None else field.python_value(value)
            for field, value in zip(_GOAL_READ, values, strict=True)
        )
        if isinstance(due_on, str):  # as `_goal`: text when SQLite stored it oddly
            due_on = dt.date.fromisoformat(due_on)
        found[exercise_id] = Goal(
            kind=GoalKind(kind), weight_kg=weight_kg, reps=reps, due_on=due_on
        )
    return found


def set_goal(exercise_id: int, goal: Goal) -> Goal | None:
    """Set or replace the exercise's goal; returns the one it replaced."""
    with db.atomic():
        before = get_goal(exercise_id)
        GoalRow.delete().where(GoalRow.exercise == exercise_id).execute()
        GoalRow.insert(
            exercise=exercise_id,
            kind=goal.kind.value,
            weight_kg=goal.weight_kg,
            reps=goal.reps if goal.kind is GoalKind.REPS else None,
            due_on=goal.due_on,
        ).execute()
    return before


def clear_goal(exercise_id: int) -> Goal | None:
    """Remove the exercise's goal; returns the one removed (None: there was none)."""
    with db.atomic():
        before = get_goal(exercise_id)
        GoalRow.delete().where(GoalRow.exercise == exercise_id).execute()
    return before


def first_day_reps_met(exercise_id: int, weight_kg: float, reps: int) -> dt.date | None:
    """The first day with a completed work set of at least `weight_kg` (the logged weight:
    the added weight of a bodyweight exercise, where none is 0) and at least `reps` reps."""
    row = db.execute_sql(
        f"""SELECT MIN(date(w.started_at))
        FROM set_entry s
        JOIN workout_exercise we ON we.id = s.workout_exercise_id
        JOIN workout w ON w.id = we.workout_id
        WHERE we.exercise_id = ? AND {REP_SET}
            AND COALESCE(s.weight_kg, 0.0) >= ? AND s.reps >= ?""",
        (exercise_id, weight_kg - WEIGHT_TOLERANCE_KG, reps),
    ).fetchone()
    return None if row is None or row[0] is None else dt.date.fromisoformat(row[0])


def first_day_e1rm_met(exercise_id: int, e1rm_kg: float, formula: Formula | str) -> dt.date | None:
    """The first day with a completed work set whose estimated 1RM reaches `e1rm_kg` (for a
    bodyweight exercise the load is that day's bodyweight plus the added weight)."""
    if is_bodyweight_exercise(exercise_id):
        with_bodyweight = f"({BODYWEIGHT_OF_WORKOUT}) + COALESCE(s.weight_kg, 0.0)"
        load = f"CASE WHEN {with_bodyweight} > 0.0 THEN {with_bodyweight} END"
    else:
        load = "NULLIF(s.weight_kg, 0.0)"
    estimate = e1rm_sql("load", "reps", formula)
    row = db.execute_sql(
        f"""SELECT MIN(day) FROM (
            SELECT date(w.started_at) AS day, CAST(s.reps AS REAL) AS reps, {load} AS load
            FROM set_entry s
            JOIN workout_exercise we ON we.id = s.workout_exercise_id
            JOIN workout w ON w.id = we.workout_id
            WHERE we.exercise_id = ? AND {REP_SET})
        WHERE {estimate} >= ?""",
        (exercise_id, e1rm_kg - WEIGHT_TOLERANCE_KG),
    ).fetchone()
    return None if row is None or row[0] is None else dt.date.fromisoformat(row[0])
