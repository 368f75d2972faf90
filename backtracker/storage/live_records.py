"""What a set of a workout must beat to be a record: the exercise's bests before it, in one
query per exercise of a workout (domain/records.py decides; services/live_records.py joins
the two). Loads are counted as storage/progress.py counts them for the Progress records."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right

from backtracker.domain.catalogue import Tracking
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


# The same bests per link of the exercise, over all of its history: read once (ahead, in the
# background), they answer `heaviest_by_reps_before` for any link without another pass over
# the sets (`bests_before`). Same load, same sets, same HAVING as `_BESTS_SQL`.
_PER_LINK_SQL = """
SELECT l.started_at, l.workout_id, l.position, l.link_id, s.reps, MAX({load}) AS best
FROM (
    SELECT we.id AS link_id, we.position AS position, w.id AS workout_id,
        w.started_at AS started_at, {bodyweight} AS bodyweight
    FROM workout_exercise we JOIN workout w ON w.id = we.workout_id
    WHERE we.exercise_id = ?
    LIMIT -1 OFFSET 0
) l
JOIN set_entry s ON s.workout_exercise_id = l.link_id
WHERE {rep_set}
GROUP BY l.link_id, s.reps
HAVING best > 0
"""

# (workout started_at as stored, workout id, link position, link id, reps, best load kg)
LinkBest = tuple[str, int, int, int, int, float]

CHECKPOINT_ROWS = 64  # the bests so far are kept every this many rows (`PerLinkBests`)


class PerLinkBests:
    """An exercise's `LinkBest` rows in start order, with the bests of every row before each
    checkpoint, so the bests before a link take a look-up and at most `CHECKPOINT_ROWS`
    rows plus those of its own start, not a pass over ten years of rows."""

    def __init__(self, rows: list[LinkBest]) -> None:
        self.rows = sorted(rows, key=lambda row: row[0])
        self.starts = [row[0] for row in self.rows]
        self.checkpoints: list[dict[int, float]] = [{}]
        self.of_workout: dict[int, list[int]] = {}  # workout id → the indexes of its rows
        best: dict[int, float] = {}
        for at, row in enumerate(self.rows, start=1):
            self.of_workout.setdefault(row[1], []).append(at - 1)
            reps, value = row[4], row[5]
            if reps not in best or value > best[reps]:
                best[reps] = value
            if at % CHECKPOINT_ROWS == 0:
                self.checkpoints.append(dict(best))

    def __len__(self) -> int:
        return len(self.rows)


def heaviest_by_reps_per_link(exercise_id: int, *, bodyweight_exercise: bool) -> PerLinkBests:
    """For each link of the exercise and each rep count, the heaviest load (kg) of its
    completed work sets, counted as `heaviest_by_reps_before` counts them."""
    sql = _PER_LINK_SQL.format(
        load=_LOAD[bodyweight_exercise],
        bodyweight=BODYWEIGHT_OF_WORKOUT if bodyweight_exercise else "NULL",
        rep_set=REP_SET,
    )
    return PerLinkBests(
        [
            (str(started), int(workout), int(position), int(link), int(reps), float(best))
            for started, workout, position, link, reps, best in db.execute_sql(
                sql, (exercise_id,)
            ).fetchall()
        ]
    )


def bests_before(
    table: PerLinkBests,
    *,
    workout_id: int,
    started_at: dt.datetime,
    link_id: int,
    link_position: int,
) -> dict[int, float]:
    """`heaviest_by_reps_before` from the exercise's `heaviest_by_reps_per_link` rows: the
    links before `link_id` by the same rule (an earlier start, the same start and a lower
    workout id, or above it in its own workout)."""
    stamp = _stored(started_at)
    earlier = bisect_left(table.starts, stamp)  # every row before it started earlier
    same = bisect_right(table.starts, stamp, lo=earlier)  # these started at the same time
    if any(not earlier <= at < same for at in table.of_workout.get(workout_id, ())):
        # `started_at` is not the text the workout's own rows hold: row by row, as the query
        return _bests_row_by_row(table.rows, stamp, workout_id, link_id, link_position)
    checkpoint = earlier // CHECKPOINT_ROWS
    best = dict(table.checkpoints[checkpoint])
    for _started, _workout, _position, _link, reps, value in table.rows[
        checkpoint * CHECKPOINT_ROWS : earlier
    ]:
        if reps not in best or value > best[reps]:
            best[reps] = value
    for _started, workout, position, link, reps, value in table.rows[earlier:same]:
        if (
            workout < workout_id
            or (
                workout == workout_id
                and (position < link_position or (position == link_position and link < link_id))
            )
        ) and (reps not in best or value > best[reps]):
            best[reps] = value
    return best


def _bests_row_by_row(
    rows: list[LinkBest], stamp: str, workout_id: int, link_id: int, link_position: int
) -> dict[int, float]:
    best: dict[int, float] = {}
    for started, workout, position, link, reps, value in rows:
        if (
            started < stamp
            or (started == stamp and workout < workout_id)
            or (
                workout == workout_id
                and (position < link_position or (position == link_position and link < link_id))
            )
        ) and (reps not in best or value > best[reps]):
            best[reps] = value
    return best


def _stored(started_at: dt.datetime) -> str:
    """`started_at` as the column holds it, the text SQLite compares in `_BESTS_SQL`."""
    return str(db.execute_sql("SELECT ?", (Workout.started_at.db_value(started_at),)).fetchone()[0])


def exercises_of_workouts(workout_ids: list[int]) -> list[tuple[int, bool]]:
    """The exercises done in these workouts, each with whether it is a bodyweight one."""
    if not workout_ids:
        return []
    marks = ", ".join("?" * len(workout_ids))
    sql = (
        f"SELECT DISTINCT we.exercise_id, e.tracking = '{Tracking.BODYWEIGHT_REPS.value}' "
        "FROM workout_exercise we JOIN exercise e ON e.id = we.exercise_id "
        f"WHERE we.workout_id IN ({marks})"
    )
    return [(int(ex), bool(bw)) for ex, bw in db.execute_sql(sql, workout_ids).fetchall()]


class Stamp:
    """The data a read-ahead was made under: this connection (held, so it is the very same
    one, not another at its address), the rows it has written and SQLite's `data_version`
    (which moves when another connection commits). Taken and compared on the GUI thread."""

    def __init__(self) -> None:
        connection = db.connection()
        self.connection = connection
        self.marks = (
            connection.total_changes,
            int(connection.execute("PRAGMA data_version").fetchone()[0]),
        )

    def same_as(self, other: Stamp | None) -> bool:
        return (
            other is not None and other.connection is self.connection and other.marks == self.marks
        )
