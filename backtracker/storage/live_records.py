"""What a set of a workout must beat to be a record: the exercise's bests before it, in one
query per exercise of a workout (domain/records.py decides; services/live_records.py joins
the two). Loads are counted as storage/progress.py counts them for the Progress records."""

from __future__ import annotations

import datetime as dt

from backtracker.storage.models import Workout, db

# The same bodyweight look-up the Progress records use (the latest on or before the
# workout's day, else the earliest logged), so a live record and the records table agree.
from backtracker.storage.progress import BODYWEIGHT_OF_WORKOUT
from backtracker.storage.sessions import REP_SET

_LOAD = {
    False: "NULLIF(s.weight_kg, 0.0)",
    True: "NULLIF(l.bodyweight + COALESCE(s.weight_kg, 0.0), 0.0)",
}

# Links of the exercise done before this one: in a workout that started earlier (on the same
# minute: a lower id), or earlier in this very workout (a lower position). The subquery has
# an OFFSET, so SQLite does not flatten it and looks up the bodyweight once per workout.
_BESTS_SQL = """
SELECT s.reps, MAX({load}) AS best
FROM (
    SELECT we.id AS link_id, {bodyweight} AS bodyweight
    FROM workout_exercise we JOIN workout w ON w.id = we.workout_id
    WHERE we.exercise_id = ? AND (
        w.started_at < ? OR (w.started_at = ? AND w.id < ?)
        OR (w.id = ? AND (we.position < ? OR (we.position = ? AND we.id < ?))))
    LIMIT -1 OFFSET 0
) l
JOIN set_entry s ON s.workout_exercise_id = l.link_id
WHERE {rep_set}
GROUP BY s.reps
HAVING best > 0
"""


def heaviest_by_reps_before(
    *,
    exercise_id: int,
    workout_id: int,
    started_at: dt.datetime,
    link_id: int,
    link_position: int,
    bodyweight_exercise: bool,
) -> dict[int, float]:
    """For each rep count, the heaviest load (kg) of the exercise's completed work sets
    done before the workout exercise `link_id`: in earlier workouts, and in the links of
    the same exercise above it in its own workout."""
    sql = _BESTS_SQL.format(
        load=_LOAD[bodyweight_exercise],
        bodyweight=BODYWEIGHT_OF_WORKOUT if bodyweight_exercise else "NULL",
        rep_set=REP_SET,
    )
    stamp = Workout.started_at.db_value(started_at)
    params = (
        exercise_id,
        stamp,
        stamp,
        workout_id,
        workout_id,
        link_position,
        link_position,
        link_id,
    )
    return {int(reps): float(best) for reps, best in db.execute_sql(sql, params).fetchall()}
