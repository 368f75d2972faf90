"""What counts as a set done and as a back session, in SQL, for every count that uses them.

The weekly goal, the streak, Progress's sessions per week and the history's counts all read
these fragments, so they can't drift apart. `s` is the `set_entry` row in each fragment.

- A *work set* is completed, not a warm-up, and has reps or a time (holds count too).
- A *rep set* is a work set with at least one rep: the sets the weight charts read.
- A *back exercise* has a primary muscle in the "back" group.
- A *session* (for the goal, the streak and sessions per week) is a workout with at least
  one work set of a back exercise. A workout opened and left empty, or with only warm-ups,
  is not one. The sentence the UI shows is `domain.goals.COUNTED_SESSION_RULE`.
"""

from __future__ import annotations

import datetime as dt

from backtracker.storage.models import Workout, db

COMPLETED_WORK = "s.completed = 1 AND s.set_type != 'warmup'"
WORK_SET = f"{COMPLETED_WORK} AND (s.reps > 0 OR s.duration_s > 0)"
REP_SET = f"{COMPLETED_WORK} AND s.reps > 0"

# Every exercise with a primary muscle in the back group; not correlated, so SQLite works the
# list out once per query, not once per set.
BACK_EXERCISES = """(
    SELECT em.exercise_id FROM exercise_muscle em JOIN muscle m ON m.id = em.muscle_id
    WHERE em.role = 'primary' AND m."group" = 'back')"""


def counted_session(workout: str) -> str:
    """SQL that is true when the workout row called `workout` is a session."""
    return f"""EXISTS (
    SELECT 1 FROM workout_exercise ce JOIN set_entry s ON s.workout_exercise_id = ce.id
    WHERE ce.workout_id = {workout}.id AND ce.exercise_id IN {BACK_EXERCISES} AND {WORK_SET})"""


def session_starts(since: dt.datetime | None = None) -> list[dt.datetime]:
    """When each session started, oldest first (from `since` on, inclusive)."""
    where = "AND w.started_at >= ?" if since is not None else ""
    params = (Workout.started_at.db_value(since),) if since is not None else ()
    sql = f"""SELECT w.started_at FROM workout w
        WHERE {counted_session("w")} {where} ORDER BY w.started_at"""
    field = Workout.started_at
    return [field.python_value(started) for (started,) in db.execute_sql(sql, params)]
