"""An exercise's records from its per-day figures, without a second pass over its sets.

`progress.exercise_records` reads every work set of the exercise again (twice) to find its
bests; on ten years of training that query took as long as the per-day one the chart reads
anyway. Every record follows from the per-day figures: the best estimated 1RM and the
heaviest load for each rep count from the heaviest load done for each rep count each day
(for a fixed rep count the estimate grows with the load), the heaviest load and the best set
volume from each day's maxima. Only the set behind the heaviest load and the best set volume
(its reps, and for the volume its load) is read, from the one day that holds each.

The result is `progress.exercise_records`'s, tie for tie: the earliest day wins; within it
the heavier set (for the heaviest load: the one with more reps).
"""

from __future__ import annotations

import datetime as dt

from backtracker.domain.strength import E1RM_MAX_REPS, Formula, estimate_one_rep_max
from backtracker.storage.models import db
from backtracker.storage.progress import (
    DayStats,
    Record,
    Records,
    _work_sets_sql,
    is_bodyweight_exercise,
    is_unilateral_exercise,
)

_DAY_SETS_SQL = """
SELECT load, reps, load * volume_reps FROM ({work_sets}) WHERE day = ? AND load > 0
"""


def _day_sets(exercise_id: int, day: dt.date) -> list[tuple[float, int, float]]:
    """(load, reps, set volume) of the exercise's work sets with a load on `day`."""
    sql = _DAY_SETS_SQL.format(
        work_sets=_work_sets_sql(
            is_bodyweight_exercise(exercise_id),
            since=True,
            unilateral=is_unilateral_exercise(exercise_id),
        )
    )
    text = day.isoformat()
    return db.execute_sql(sql, (exercise_id, text, text)).fetchall()


def records_from_days(
    exercise_id: int, days: list[DayStats], *, formula: Formula | str = Formula.EPLEY
) -> Records:
    """The exercise's records from `days`, its per-day figures over all of its history
    (`progress.exercise_days` with the same formula), oldest first."""
    formula_ = Formula(formula)
    best_e1rm: tuple[float, dt.date, float, int] | None = None  # value, day, load, reps
    by_reps: dict[int, Record] = {}
    dates = [day.day for day in days]
    missing = (None,) * E1RM_MAX_REPS
    # One column per rep count, 1 … 12 (a day without the figures has none of them).
    columns = list(
        zip(
            *(
                by_reps_of_day
                if len(by_reps_of_day := day.heaviest_by_reps) == E1RM_MAX_REPS
                else (*by_reps_of_day, *missing)[:E1RM_MAX_REPS]
                for day in days
            ),
            strict=True,
        )
    )
    for reps, column in enumerate(columns, start=1):
        # This many reps with a load, oldest first: a later day only wins when heavier.
        loads = [
            (load, on)
            for load, on in zip(column, dates, strict=True)
            if load is not None and load > 0
        ]
        if not loads:
            continue
        top = max(load for load, _ in loads)
        top_day = next(on for load, on in loads if load == top)
        by_reps[reps] = Record(value_kg=top, day=top_day, weight_kg=top, reps=reps)
        # The best estimate for this many reps is the heaviest load's. A lighter load only
        # ties it when both products round to the same float, a few units in the last place
        # apart, so only loads that close are estimated, for the earliest day of a tie.
        value = estimate_one_rep_max(top, reps, formula_)
        near = top * (1.0 - 1e-9)
        candidate = next(
            (value, on, load, reps)
            for load, on in loads
            if load >= near and estimate_one_rep_max(load, reps, formula_) == value
        )
        # Over all rep counts: the highest estimate; on a tie the earliest day, then the
        # heavier set (the order a pass over the days, oldest first, and reps 1–12 keeps).
        if value is not None and (
            best_e1rm is None
            or value > best_e1rm[0]
            or (value == best_e1rm[0] and candidate[1] < best_e1rm[1])
            or (
                value == best_e1rm[0]
                and candidate[1] == best_e1rm[1]
                and candidate[2] > best_e1rm[2]
            )
        ):
            best_e1rm = (value, candidate[1], candidate[2], reps)
    heaviest: tuple[float, dt.date] | None = None
    volume: tuple[float, dt.date] | None = None
    for day in days:  # oldest first: a later day only wins with a higher value
        if day.heaviest_kg is not None and day.heaviest_kg > 0:
            if heaviest is None or day.heaviest_kg > heaviest[0]:
                heaviest = (day.heaviest_kg, day.day)
            if day.best_set_volume_kg is not None and (
                volume is None or day.best_set_volume_kg > volume[0]
            ):
                volume = (day.best_set_volume_kg, day.day)
    heaviest_record = volume_record = None
    if heaviest is not None:
        load, day = heaviest
        reps = max(r for w, r, _ in _day_sets(exercise_id, day) if w == load)
        heaviest_record = Record(value_kg=load, day=day, weight_kg=load, reps=reps)
    if volume is not None:
        _, day = volume
        value, load, reps = max((v, w, r) for w, r, v in _day_sets(exercise_id, day))
        volume_record = Record(value_kg=value, day=day, weight_kg=load, reps=reps)
    return Records(
        best_e1rm=(
            None
            if best_e1rm is None
            else Record(
                value_kg=best_e1rm[0],
                day=best_e1rm[1],
                weight_kg=best_e1rm[2],
                reps=best_e1rm[3],
            )
        ),
        heaviest=heaviest_record,
        best_set_volume=volume_record,
        by_reps=dict(sorted(by_reps.items())),
    )
