"""Chart and record queries for the Progress tab, aggregated in SQL.

A *work set* is a completed set that is not a warm-up with reps or a time, and a *rep set*
one of those with at least one rep (storage/sessions.py says so once for every count). The
weight and reps figures read rep sets; holds are read by `exercise_time_days`. A set's *load*
is the weight in kg; for bodyweight exercises it is that day's bodyweight plus the added
weight (as in the history's volume), and unknown when no bodyweight was ever logged. A load
of 0 counts as no load. Only sets of 1–12 reps with a load give an estimated 1RM, and a
1-rep set is its own 1RM. `reps` is an INTEGER column, so every division casts it to REAL
first. Days are the workout's local date, `date(workout.started_at)`.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from backtracker.domain import clock
from backtracker.domain.catalogue import Tracking
from backtracker.domain.goals import week_start
from backtracker.domain.strength import E1RM_MAX_REPS, Formula
from backtracker.storage.body import BODYWEIGHT
from backtracker.storage.models import Exercise, db
from backtracker.storage.sessions import COMPLETED_WORK, REP_SET, WORK_SET, counted_session
from backtracker.storage.volume import volume_reps_sql


@dataclass(frozen=True)
class DayStats:
    """One exercise on one day, over its work sets."""

    day: dt.date
    best_e1rm_kg: float | None  # None when no set of 1–12 reps with a load that day
    heaviest_kg: float | None  # heaviest work-set load
    best_set_volume_kg: float | None  # max load × reps of one work set (both sides counted)
    session_volume_kg: float  # sum of load × reps (0.0 if no load is known)
    total_reps: int
    best_set_weight_kg: float | None  # the set behind best_e1rm_kg (for hover text)
    best_set_reps: int | None
    most_reps: int = 0  # the most reps in one work set
    # the heaviest load done for exactly 1 … 12 reps that day (None: no such set); the
    # records follow from these (storage/progress_records.py)
    heaviest_by_reps: tuple[float | None, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Record:
    value_kg: float
    day: dt.date
    weight_kg: float
    reps: int


@dataclass(frozen=True)
class Records:
    """All-time bests of one exercise; on a tie the earliest day wins."""

    best_e1rm: Record | None
    heaviest: Record | None  # value_kg == weight_kg
    best_set_volume: Record | None  # value_kg == weight_kg × reps (× both sides if one-sided)
    by_reps: dict[int, Record]  # 1..12 → heaviest load done for exactly that many reps


# --- SQL building blocks --------------------------------------------------------------------


# The latest bodyweight on or before the workout's day, else the earliest one logged: the load
# of a bodyweight exercise (calendar, coach, live records and side figures use it too).
BODYWEIGHT_OF_WORKOUT = f"""COALESCE(
    (SELECT b.value FROM body_metric b WHERE b.metric = '{BODYWEIGHT}'
        AND b.measured_on <= date(w.started_at) ORDER BY b.measured_on DESC LIMIT 1),
    (SELECT b.value FROM body_metric b WHERE b.metric = '{BODYWEIGHT}'
        ORDER BY b.measured_on ASC LIMIT 1))"""


def e1rm_sql(load: str, reps: str, formula: Formula | str) -> str:
    """SQL for the estimated 1RM of `load` × `reps` (`reps` REAL or a REAL literal); NULL
    without a load or past 12 reps. It mirrors `domain.strength.estimate_one_rep_max`
    operation for operation, so both give the same floats."""
    if Formula(formula) is Formula.BRZYCKI:
        estimate = f"{load} * 36.0 / (37.0 - {reps})"
    else:
        estimate = f"{load} * (1.0 + {reps} / 30.0)"
    return (
        f"CASE WHEN {load} > 0 AND {reps} <= {E1RM_MAX_REPS} THEN "
        f"CASE WHEN {reps} = 1.0 THEN {load} ELSE {estimate} END END"
    )


def _work_sets_sql(bodyweight_exercise: bool, since: bool, unilateral: bool = False) -> str:
    """One row per work set of exercise `?` (from day `?` when `since`): day, reps, reps as
    REAL, load, and the reps its volume counts as REAL (both sides of a one-sided set).

    The workouts come first, in a subquery that SQLite cannot flatten (it has an OFFSET), so
    the bodyweight lookup runs once per workout rather than once per set.
    """
    bodyweight = BODYWEIGHT_OF_WORKOUT if bodyweight_exercise else "NULL"
    # A negative added weight is assistance; a load of 0 or less moves nothing.
    with_bodyweight = "l.bodyweight + COALESCE(s.weight_kg, 0.0)"
    load = (
        f"CASE WHEN {with_bodyweight} > 0.0 THEN {with_bodyweight} END"
        if bodyweight_exercise
        else "NULLIF(s.weight_kg, 0.0)"
    )
    volume_reps = volume_reps_sql("s", unilateral)
    since_clause = "AND w.started_at >= ?" if since else ""
    return f"""
    SELECT l.day AS day, s.reps AS reps, CAST(s.reps AS REAL) AS reps_real, {load} AS load,
        CAST({volume_reps} AS REAL) AS volume_reps
    FROM (
        SELECT we.id AS link_id, date(w.started_at) AS day, {bodyweight} AS bodyweight
        FROM workout_exercise we JOIN workout w ON w.id = we.workout_id
        WHERE we.exercise_id = ? {since_clause}
        LIMIT -1 OFFSET 0
    ) l
    JOIN set_entry s ON s.workout_exercise_id = l.link_id
    WHERE {REP_SET}"""


def _params(exercise_id: int, since: dt.date | None) -> tuple[object, ...]:
    return (exercise_id,) if since is None else (exercise_id, since.isoformat())


def is_unilateral_exercise(exercise_id: int) -> bool:
    """Whether the exercise is done one side at a time (its volume counts both sides)."""
    row = Exercise.select(Exercise.unilateral).where(Exercise.id == exercise_id).tuples().first()
    return row is not None and bool(row[0])


def is_bodyweight_exercise(exercise_id: int) -> bool:
    """Whether the exercise's load is bodyweight plus added weight."""
    row = Exercise.select(Exercise.tracking).where(Exercise.id == exercise_id).tuples().first()
    return row is not None and row[0] == Tracking.BODYWEIGHT_REPS.value


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# --- per exercise ---------------------------------------------------------------------------

_REP_COUNTS = range(1, E1RM_MAX_REPS + 1)


def _scored_days_sql(formula: Formula, per_day: str, extra: str = "") -> str:
    """The rows of `per_day` (a day's maxima, totals and `heaviest_1` … `heaviest_12`) with
    the day's best estimate and the set behind it, which follow from those twelve because
    for a fixed rep count the estimate grows with the load; oldest first."""
    estimates = {n: e1rm_sql(f"heaviest_{n}", f"{n}.0", formula) for n in _REP_COUNTS}
    best = ", ".join(f"COALESCE({estimates[n]}, 0.0)" for n in _REP_COUNTS)
    weight_of_best = " ".join(f"WHEN {estimates[n]} THEN heaviest_{n}" for n in _REP_COUNTS)
    reps_of_best = " ".join(f"WHEN {estimates[n]} THEN {n}" for n in _REP_COUNTS)
    heaviest_columns = ", ".join(f"heaviest_{n}" for n in _REP_COUNTS)
    return f"""
WITH per_day AS ({per_day}),
scored AS (SELECT *, NULLIF(max({best}), 0.0) AS best_e1rm FROM per_day)
SELECT day, best_e1rm, heaviest, best_set_volume, volume, total_reps,
    CASE best_e1rm {weight_of_best} END,
    CASE best_e1rm {reps_of_best} END,
    most_reps, {heaviest_columns}{extra}
FROM scored
ORDER BY day
"""


@functools.cache
def _days_sql(
    formula: Formula, bodyweight_exercise: bool, since: bool, unilateral: bool = False
) -> str:
    """Per day: the heaviest load done for each rep count from 1 to 12 (`heaviest_1` …) in
    one pass over the sets, and the day's best estimate from those."""
    heaviest_for = ",\n        ".join(
        f"MAX(CASE reps WHEN {n} THEN load END) AS heaviest_{n}" for n in _REP_COUNTS
    )
    per_day = f"""
    SELECT day, MAX(load) AS heaviest, MAX(load * volume_reps) AS best_set_volume,
        TOTAL(load * volume_reps) AS volume, SUM(reps) AS total_reps, MAX(reps) AS most_reps,
        {heaviest_for}
    FROM ({_work_sets_sql(bodyweight_exercise, since, unilateral)})
    GROUP BY day"""
    return _scored_days_sql(formula, per_day)


@functools.cache
def _workout_days_sql(formula: Formula, since: bool, unilateral: bool) -> str:
    """`_days_sql` of an exercise whose load is its weight, grouped by workout rather than
    by day: the sets come out of the (exercise, workout) index in workout order, so SQLite
    aggregates them as they come instead of sorting every set by day first (a third of the
    query on ten years). Each row also says which links of the exercise it holds
    (`first_link`, `last_link`): a row is the day's figures only when it is the day's one
    workout and holds one link of the exercise (`exercise_days` checks)."""
    load = "NULLIF(s.weight_kg, 0.0)"
    volume_reps = f"CAST({volume_reps_sql('s', unilateral)} AS REAL)"
    heaviest_for = ",\n        ".join(
        f"MAX({load}) FILTER (WHERE s.reps = {n}) AS heaviest_{n}" for n in _REP_COUNTS
    )
    since_clause = "AND w.started_at >= ?" if since else ""
    per_workout = f"""
    SELECT date(w.started_at) AS day, MIN(we.id) AS first_link, MAX(we.id) AS last_link,
        MAX({load}) AS heaviest, MAX({load} * {volume_reps}) AS best_set_volume,
        TOTAL({load} * {volume_reps}) AS volume, SUM(s.reps) AS total_reps,
        MAX(s.reps) AS most_reps,
        {heaviest_for}
    FROM workout_exercise we
    JOIN workout w ON w.id = we.workout_id
    JOIN set_entry s ON s.workout_exercise_id = we.id
    WHERE we.exercise_id = ? {since_clause} AND {REP_SET}
    GROUP BY we.workout_id"""
    return _scored_days_sql(formula, per_workout, extra=", first_link, last_link")


def _day_stats(row: tuple) -> DayStats:  # type: ignore[type-arg]
    return DayStats(
        day=_date(row[0]),
        best_e1rm_kg=row[1],
        heaviest_kg=row[2],
        best_set_volume_kg=row[3],
        session_volume_kg=row[4],
        total_reps=row[5],
        best_set_weight_kg=row[6],
        best_set_reps=row[7],
        most_reps=row[8],
        heaviest_by_reps=tuple(row[9 : 9 + E1RM_MAX_REPS]),
    )


def exercise_days(
    exercise_id: int, *, formula: Formula | str = Formula.EPLEY, since: dt.date | None = None
) -> list[DayStats]:
    """One row per day with at least one work set of the exercise, oldest first.

    `since` is inclusive. The best set of a day is the one with the highest estimate; on a
    tie, the heavier one (the one with fewer reps).

    An exercise whose load is its weight is read per workout (`_workout_days_sql`); when a
    day turns out to hold more than one link of it (two workouts that day, or the exercise
    twice in one), the day's total volume would be summed in another order, so it is read
    per day as before.
    """
    formula_ = Formula(formula)
    bodyweight = is_bodyweight_exercise(exercise_id)
    unilateral = is_unilateral_exercise(exercise_id)
    params = _params(exercise_id, since)
    if not bodyweight:
        rows = db.execute_sql(
            _workout_days_sql(formula_, since is not None, unilateral), params
        ).fetchall()
        days = {row[0] for row in rows}
        if len(days) == len(rows) and all(row[-2] == row[-1] for row in rows):
            return [_day_stats(row) for row in rows]
    rows = db.execute_sql(_days_sql(formula_, bodyweight, since is not None, unilateral), params)
    return [_day_stats(row) for row in rows.fetchall()]


# Every record follows from the heaviest load of each (day, rep count): for a fixed rep
# count the estimate and the set volume both grow with the load.
_RECORDS_SQL = """
WITH best AS (
    SELECT day, reps, CAST(reps AS REAL) AS reps_real, MAX(load) AS load
    FROM ({work_sets}) WHERE load > 0 GROUP BY day, reps
)
SELECT * FROM (
    SELECT 'e1rm', {e1rm} AS value, day, load, reps FROM best
    WHERE reps <= {max_reps} ORDER BY value DESC, day, load DESC LIMIT 1)
UNION ALL SELECT * FROM (
    SELECT 'heaviest', load, day, load, reps FROM best ORDER BY load DESC, day, reps DESC LIMIT 1)
UNION ALL SELECT * FROM (
    SELECT 'volume', load * volume_reps AS value, day, load, reps FROM ({work_sets})
    WHERE load > 0 ORDER BY value DESC, day, load DESC LIMIT 1)
UNION ALL SELECT 'reps', load, day, load, reps FROM (
    SELECT load, day, reps,
        ROW_NUMBER() OVER (PARTITION BY reps ORDER BY load DESC, day) AS rank
    FROM best WHERE reps <= {max_reps})
WHERE rank = 1
"""


def exercise_records(exercise_id: int, *, formula: Formula | str = Formula.EPLEY) -> Records:
    """Best estimated 1RM, heaviest load, best set volume, and the heaviest load for each
    rep count from 1 to 12, each with its day and set.

    On a tie the earliest day wins; within that day, the heavier set (for the heaviest
    load: the one with more reps).
    """
    sql = _RECORDS_SQL.format(
        work_sets=_work_sets_sql(
            is_bodyweight_exercise(exercise_id),
            since=False,
            unilateral=is_unilateral_exercise(exercise_id),
        ),
        e1rm=e1rm_sql("load", "reps_real", formula),
        max_reps=E1RM_MAX_REPS,
    )
    found: dict[str, Record] = {}
    by_reps: dict[int, Record] = {}
    params = (exercise_id, exercise_id)  # the work sets are read twice: bests, set volume
    for kind, value, day, load, reps in db.execute_sql(sql, params).fetchall():
        record = Record(value_kg=value, day=_date(day), weight_kg=load, reps=reps)
        if kind == "reps":
            by_reps[reps] = record
        else:
            found[kind] = record
    return Records(
        best_e1rm=found.get("e1rm"),
        heaviest=found.get("heaviest"),
        best_set_volume=found.get("volume"),
        by_reps=dict(sorted(by_reps.items())),
    )


# --- holds and reps without a load ---------------------------------------------------------


@dataclass(frozen=True)
class TimeDayStats:
    """The timed work sets (holds, stretches, cardio) of one exercise on one day."""

    day: dt.date
    longest_s: float  # the longest single set
    total_s: float  # time under tension: all the day's timed work sets together
    sets: int


_TIME_DAYS_SQL = f"""
SELECT date(w.started_at) AS day, MAX(s.duration_s), TOTAL(s.duration_s), COUNT(*)
FROM workout_exercise we
JOIN workout w ON w.id = we.workout_id
JOIN set_entry s ON s.workout_exercise_id = we.id
WHERE we.exercise_id = ? AND {{since}} {COMPLETED_WORK} AND s.duration_s > 0
GROUP BY day
ORDER BY day
"""


def exercise_time_days(exercise_id: int, *, since: dt.date | None = None) -> list[TimeDayStats]:
    """One row per day with a timed work set of the exercise, oldest first (`since`
    inclusive)."""
    sql = _TIME_DAYS_SQL.format(since="w.started_at >= ? AND" if since is not None else "")
    rows = db.execute_sql(sql, _params(exercise_id, since)).fetchall()
    return [
        TimeDayStats(day=_date(day), longest_s=longest, total_s=total, sets=sets)
        for day, longest, total, sets in rows
    ]


@dataclass(frozen=True)
class Best:
    """A record counted in seconds or reps rather than kg."""

    value: float
    day: dt.date


@dataclass(frozen=True)
class EffortRecords:
    """All-time bests that need no load: for holds and bodyweight reps. Earliest day wins."""

    longest_hold: Best | None  # seconds in one set
    most_time: Best | None  # seconds of one day's work sets together
    most_reps: Best | None  # reps in one set
    most_session_reps: Best | None  # reps of one day's work sets together


_EFFORT_RECORDS_SQL = f"""
WITH sets AS (
    SELECT date(w.started_at) AS day, s.reps AS reps, s.duration_s AS seconds
    FROM workout_exercise we
    JOIN workout w ON w.id = we.workout_id
    JOIN set_entry s ON s.workout_exercise_id = we.id
    WHERE we.exercise_id = ? AND {WORK_SET}
),
per_day AS (SELECT day, TOTAL(seconds) AS seconds, TOTAL(reps) AS reps FROM sets GROUP BY day)
SELECT * FROM (SELECT 'hold', seconds, day FROM sets WHERE seconds > 0
    ORDER BY seconds DESC, day LIMIT 1)
UNION ALL SELECT * FROM (SELECT 'time', seconds, day FROM per_day WHERE seconds > 0
    ORDER BY seconds DESC, day LIMIT 1)
UNION ALL SELECT * FROM (SELECT 'reps', reps, day FROM sets WHERE reps > 0
    ORDER BY reps DESC, day LIMIT 1)
UNION ALL SELECT * FROM (SELECT 'session_reps', reps, day FROM per_day WHERE reps > 0
    ORDER BY reps DESC, day LIMIT 1)
"""


def effort_records(exercise_id: int) -> EffortRecords:
    """The longest hold, the most time in a day, the most reps in a set and in a day."""
    found = {
        kind: Best(value=value, day=_date(day))
        for kind, value, day in db.execute_sql(_EFFORT_RECORDS_SQL, (exercise_id,)).fetchall()
    }
    return EffortRecords(
        longest_hold=found.get("hold"),
        most_time=found.get("time"),
        most_reps=found.get("reps"),
        most_session_reps=found.get("session_reps"),
    )


def exercise_tracking(exercise_id: int) -> Tracking | None:
    """What the exercise's sets record; None for an exercise that doesn't exist."""
    row = Exercise.select(Exercise.tracking).where(Exercise.id == exercise_id).tuples().first()
    return None if row is None else Tracking(row[0])


_HAS_WORK_SET = f"""EXISTS (
    SELECT 1 FROM set_entry s WHERE s.workout_exercise_id = we.id AND {WORK_SET})"""


def session_count(exercise_id: int) -> int:
    """Workouts with at least one work set of the exercise."""
    sql = f"""SELECT COUNT(DISTINCT we.workout_id) FROM workout_exercise we
        WHERE we.exercise_id = ? AND {_HAS_WORK_SET}"""
    return int(db.execute_sql(sql, (exercise_id,)).fetchone()[0])


def exercises_with_history() -> list[tuple[int, str, int]]:
    """(exercise id, name, sessions) of every exercise with a work set, archived ones too;
    most sessions first, then by name."""
    sql = f"""SELECT e.id, e.name, COUNT(DISTINCT we.workout_id) AS sessions
        FROM workout_exercise we JOIN exercise e ON e.id = we.exercise_id
        WHERE {_HAS_WORK_SET}
        GROUP BY e.id
        ORDER BY sessions DESC, e.name COLLATE NOCASE, e.id"""
    return [(i, name, n) for i, name, n in db.execute_sql(sql).fetchall()]


def exercise_names() -> list[tuple[str, int, str]]:
    """(name or alias, exercise id, exercise name) for every exercise, archived ones too;
    names before aliases."""
    sql = """SELECT name, id, name, 0 FROM exercise
        UNION ALL
        SELECT a.alias, e.id, e.name, 1
        FROM exercise_alias a JOIN exercise e ON e.id = a.exercise_id
        ORDER BY 4, 1 COLLATE NOCASE"""
    return [(text, i, name) for text, i, name, _ in db.execute_sql(sql).fetchall()]


def find_exercise(name_or_alias: str) -> tuple[int, str] | None:
    """(id, name) of the exercise with this name or alias, ignoring case (also beyond ASCII)
    and surrounding spaces; archived exercises too. None when there is none."""
    wanted = " ".join(name_or_alias.split()).casefold()
    if not wanted:
        return None
    for text, exercise_id, name in exercise_names():  # names come before aliases
        if " ".join(text.split()).casefold() == wanted:
            return exercise_id, name
    return None


# --- overview -------------------------------------------------------------------------------

_WEEK_OF = "date({column}, '-6 days', 'weekday 1')"  # the Monday of the week holding it

_SESSIONS_PER_WEEK_SQL = f"""
WITH RECURSIVE weeks(week) AS (
    SELECT ? UNION ALL SELECT date(week, '+7 days') FROM weeks WHERE week < ?
),
counts AS (
    SELECT {_WEEK_OF.format(column="started_at")} AS week, COUNT(*) AS sessions
    FROM workout WHERE started_at >= ? AND started_at < ? AND {counted_session("workout")}
    GROUP BY week
)
SELECT weeks.week, COALESCE(counts.sessions, 0)
FROM weeks LEFT JOIN counts ON counts.week = weeks.week
ORDER BY weeks.week
"""


def sessions_per_week(
    *, since: dt.date | None = None, until: dt.date | None = None
) -> list[tuple[dt.date, int]]:
    """(Monday, sessions that week) for every week from the one holding `since` (else the
    first session) to the one holding `until` (default today), weeks without any included.

    A session is a workout with a work set of a back exercise (storage/sessions.py)."""
    until = until or clock.today()
    if since is None:
        first_sql = f"SELECT MIN(started_at) FROM workout WHERE {counted_session('workout')}"
        first = db.execute_sql(first_sql).fetchone()[0]
        if first is None:
            return []
        since = _date(first[:10])
    first_week, last_week = week_start(since), week_start(until)
    if first_week > last_week:
        return []
    end = last_week + dt.timedelta(days=7)
    first_text, last_text = first_week.isoformat(), last_week.isoformat()
    params = (first_text, last_text, first_text, end.isoformat())
    rows = db.execute_sql(_SESSIONS_PER_WEEK_SQL, params).fetchall()
    return [(_date(week), sessions) for week, sessions in rows]


# Per workout and exercise: bodyweight × reps (bodyweight exercises) + weight × reps. With
# no bodyweight known, a bodyweight exercise counts nothing, as in the history's volume. A
# link's reps and weight × reps come from `link_volume` (kept by triggers, see
# storage/link_volume.py), one row per link instead of two sums over its sets; a link with no
# rep set has no row there and counts 0.0, as its empty sums did. So every link still gives
# its row, in the same order (workouts by start, forced with CROSS JOIN), and each sum adds
# the same floats in the same order as when the sets were summed here. The week is worked
# out once per workout, in a subquery SQLite cannot flatten (its OFFSET), not once per link.
# Each exercise's primary muscles and the share of its volume each gets: a per-exercise count
# joined in (not a window over the muscles), the list made once (its OFFSET) and looked up by
# exercise for each week's exercises (CROSS JOIN keeps the weeks outside), so the sums run in
# the same order as before (by week, then exercise).
_VOLUME_BY_MUSCLE_SQL = f"""
WITH primaries AS (
    SELECT em.exercise_id, m.key, c.share
    FROM exercise_muscle em JOIN muscle m ON m.id = em.muscle_id
    JOIN (SELECT exercise_id, 1.0 / COUNT(*) AS share FROM exercise_muscle
        WHERE role = 'primary' GROUP BY exercise_id) c ON c.exercise_id = em.exercise_id
    WHERE em.role = 'primary' LIMIT -1 OFFSET 0
),
per_link AS (
    SELECT w.week, we.exercise_id,
        CASE WHEN e.tracking = '{Tracking.BODYWEIGHT_REPS.value}'
            THEN {BODYWEIGHT_OF_WORKOUT} * COALESCE(v.reps, 0.0)
            ELSE 0.0 END
        + COALESCE(v.kg, 0.0) AS kg
    FROM (
        SELECT id, started_at, {_WEEK_OF.format(column="started_at")} AS week FROM workout
        WHERE started_at >= ? LIMIT -1 OFFSET 0
    ) w
    CROSS JOIN workout_exercise we ON we.workout_id = w.id
    JOIN exercise e ON e.id = we.exercise_id
    LEFT JOIN link_volume v ON v.workout_exercise_id = we.id
),
per_exercise AS (
    SELECT week, exercise_id, TOTAL(kg) AS kg FROM per_link GROUP BY week, exercise_id
)
SELECT p.week, primaries.key, SUM(p.kg * primaries.share)
FROM per_exercise p CROSS JOIN primaries ON primaries.exercise_id = p.exercise_id
GROUP BY p.week, primaries.key
HAVING SUM(p.kg * primaries.share) > 0
ORDER BY p.week, primaries.key
"""


def weekly_volume_by_muscle(*, since: dt.date | None = None) -> list[tuple[dt.date, str, float]]:
    """(Monday, primary muscle key, kg) for weeks from the one holding `since`.

    A work set's volume is split evenly across its exercise's primary muscles; exercises
    without a primary muscle are left out. Weeks and muscles with no volume have no row.
    """
    start = week_start(since).isoformat() if since is not None else ""
    rows = db.execute_sql(_VOLUME_BY_MUSCLE_SQL, (start,)).fetchall()
    mondays: dict[str, dt.date] = {}  # each week's Monday read once, not once per muscle
    return [
        (mondays.get(week) or mondays.setdefault(week, _date(week)), key, kg)
        for week, key, kg in rows
    ]


def bodyweight_series(*, since: dt.date | None = None) -> list[tuple[dt.date, float]]:
    """(day, kg) of every bodyweight entry from `since` on (inclusive), oldest first."""
    sql = """SELECT measured_on, value FROM body_metric
        WHERE metric = ? AND measured_on >= ? ORDER BY measured_on"""
    start = since.isoformat() if since is not None else ""
    return [(_date(day), kg) for day, kg in db.execute_sql(sql, (BODYWEIGHT, start)).fetchall()]


# --- change stamp ---------------------------------------------------------------------------


def data_stamp() -> tuple[int, int, int]:
    """A value that changes whenever the database may have changed under a cache: the
    connection (a reopened or other profile), the rows this connection has written
    (`total_changes`, which every INSERT, UPDATE and DELETE moves on, rolled back or not),
    and SQLite's `data_version`, which moves when another connection (a background
    thread's) commits."""
    connection = db.connection()
    version = connection.execute("PRAGMA data_version").fetchone()[0]
    return id(connection), connection.total_changes, int(version)
