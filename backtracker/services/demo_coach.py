"""The back coach's story in the demo profile (issue 15): one stalled period followed by an
accepted deload week, discomfort flags, and goals.

- *The stall:* for `STALL_WEEKS` weeks the simulated lifter's hidden strength stops growing
  and a little fatigue builds up session after session, so most back lifts stop improving
  and the week report of the stall's last week finds a deload due (it suggests one, or says
  the one accepted for the next week).
- *The deload:* the lifter accepts it (a `Deload` row for the next week) and trains that
  week at the coach's deload targets (domain/coach/stalls.py: about 90 % of the last
  session's load, rounded down to the plates, and two thirds of the sets). Those sessions
  are not what the progression coach builds on, so the week after goes back to normal
  progression, on a strength that kept growing underneath: progress resumes.
- *Discomfort:* a few low flags scattered over the span, two for the lower back as a whole
  with a note, and near the end the Dumbbell Row (a high spinal load) flagged 4 or more in
  2 of its last 3 sessions, so the lower-back rule suggests a swap today.
- *Goals:* Lat Pulldown at a weight × reps a little above the current best, where the
  recent trend should be in about five weeks, due about two months from today (up to four
  when the trend is slow); an estimated-1RM goal already reached (Renegade Row's, or Face
  Pull's when Renegade Row set no record from 16 to 2 weeks ago).

Everything is placed relative to `today` and the schedule; a span too short for the story
(under `MIN_WEEKS`) gets the discomfort flags and goals it has room for, and no deload.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from backtracker.domain.coach.stalls import DELOAD_LOAD, DELOAD_SETS, ExerciseSessions, Session
from backtracker.domain.coach.stalls import deload_item as coach_deload_item
from backtracker.domain.progression import SessionSets
from backtracker.domain.routines import RoutineItem
from backtracker.domain.strength import SetType, estimate_one_rep_max
from backtracker.domain.units import Unit
from backtracker.storage.models import Deload, Discomfort, Exercise, Goal

STALL_WEEKS = 4  # weeks without progress before the deload week
DELOAD_WEEKS_AGO = 20  # the deload week starts this many weeks before the current one
MIN_WEEKS = 30  # room for the story: a settled lifter, then the stall
EARLIEST_DELOAD = STALL_WEEKS + 6  # weeks of training before the stall begins, at least
FATIGUE_PER_SESSION = 0.016  # form lost on each further session of the stall
FATIGUE_MAX = 0.1  # at most
SORE_EXERCISE = "dumbbell-row"  # a high spinal load, in both built-in routines
GOAL_EXERCISE = "lat-pulldown"
REACHED_GOAL_EXERCISES = ("renegade-row", "face-pull")  # the first with a recent record
GOAL_DUE_DAYS = 61  # about two months after today (up to four when the trend is slow)
GOAL_SLACK_DAYS = 10  # the due date: this long after the trend should reach the goal
GOAL_LATEST_DAYS = 120  # but no more than about four months after today
GOAL_AHEAD_DAYS = 35  # the goal: where the recent trend should be about five weeks on
TREND_WEEKS = 12  # the trend: a straight line through the session bests of 12 weeks
LOW_FLAGS = 6
SORE_FLAGS = (  # the sore exercise's latest sessions, newest first: 4+ in 2 of the last 3
    (5, "Lower back ached after the last set; I kept twisting to lift the dumbbell."),
    (2, ""),
    (4, "Felt it in the lower back while bracing on the bench."),
    (4, "Lower back a little sore after the rows; fine by the evening."),
)
LOW_NOTES = (
    "A bit of a pinch, gone after the set.",
    "Slight tightness between the shoulder blades.",
)
LOWER_BACK_NOTES = (
    (3, "Lower back stiff the next morning; fine after a walk."),
    (4, "Lower back sore again after the rows, the same side as last week."),
)


class Lifter(Protocol):
    """What the story needs of the demo's simulated lift (services/demo.py `_Lift`)."""

    history: list[SessionSets]
    rest_s: int

    def session(
        self,
        item: RoutineItem,
        weeks: float,
        form: float,
        rng: random.Random,
        weight_kg: float | None = None,
    ) -> list[Any]: ...


@dataclass
class Story:
    """Where the stall and the deload week fall, as week indices of the span."""

    stall_from: int
    deload_week: int
    stall_sessions: int = 0

    def training(self, week: int, weeks: float, form: float) -> tuple[float, float]:
        """(the weeks of training that set today's hidden strength, today's form) for a
        session in `week`: frozen strength and growing fatigue during the stall."""
        if not self.stall_from <= week < self.deload_week:
            return weeks, form
        fatigue = 1 - min(FATIGUE_MAX, FATIGUE_PER_SESSION * self.stall_sessions)
        self.stall_sessions += 1
        return float(self.stall_from), min(form, 1.0) * fatigue

    def is_deload(self, week: int) -> bool:
        return week == self.deload_week


def plan(session_weeks: Sequence[int], weeks: int) -> Story | None:
    """The story for a schedule (the week index of every session), or None when the span is
    too short. The deload week needs two sessions and the stall weeks and the week after it
    one at least, so a missed week moves the story (earlier first, at most 8 weeks)."""
    if weeks < MIN_WEEKS:
        return None
    per_week = Counter(session_weeks)
    planned = weeks - DELOAD_WEEKS_AGO
    tries = [planned - n for n in range(9)] + [planned + n for n in range(1, 9)]
    for deload in (w for w in tries if EARLIEST_DELOAD <= w <= weeks - 8):
        if per_week[deload] >= 2 and all(
            per_week[w] >= 1 for w in range(deload - STALL_WEEKS, deload + 2)
        ):
            return Story(deload - STALL_WEEKS, deload)
    return None


def deload_session(
    lift: Lifter, item: RoutineItem, weeks: float, form: float, rng: random.Random
) -> list[Any]:
    """A deload week's session of one exercise at the coach's deload targets; the
    progression coach's history is left as it was (the next week goes back to normal)."""
    kept = (list(lift.history), lift.rest_s)
    weight, sets = None, max(1, round(item.sets * DELOAD_SETS))
    last_reps = None
    if lift.history:
        last = lift.history[0]
        last_reps = next((r.reps for r in last.sets if r.is_work_set and r.reps), None)
        found = coach_deload_item(
            ExerciseSessions(0, "", False, (Session(dt.date.min, last.sets),)), Unit.KG
        )
        if found is not None:
            weight, sets = found.load_kg, found.sets
    done = lift.session(replace(item, sets=sets), weeks, form, rng, weight_kg=weight)
    lift.history, lift.rest_s = kept
    # Nobody takes a set to failure in a deload week: it ends like the set before it.
    for k, entry in enumerate(done):
        if entry.set_type == SetType.FAILURE.value:
            reps = done[k - 1].reps if k else (last_reps or entry.reps)
            done[k] = entry._replace(set_type=SetType.NORMAL.value, reps=reps, rpe=None)
    return done


# Row layouts of services/demo.py's `_Rows`: workouts (id, name, routine id, started_at,
# ended_at, ...), links (id, workout id, exercise id, ...), sets (id, link id, position,
# set_type, weight_kg, reps, duration_s, rpe, notes, completed, completed_at).
Row = tuple[Any, ...]


def write_story(
    story: Story | None,
    workouts: Sequence[Row],
    links: Sequence[Row],
    sets: Sequence[Row],
    first_monday: dt.date,
    *,
    today: dt.date,
    seed: int,
) -> None:
    """Insert the deload row, the discomfort flags and the goals (the caller's transaction)."""
    rng = random.Random(f"demo-coach-{seed}")
    started = {row[0]: row[3] for row in workouts}
    ended = {row[0]: row[4] for row in workouts}
    wanted = [SORE_EXERCISE, GOAL_EXERCISE, *REACHED_GOAL_EXERCISES]
    keys = dict(
        Exercise.select(Exercise.catalogue_key, Exercise.id)
        .where(Exercise.catalogue_key.in_(wanted))
        .tuples()
    )
    if story is not None:
        monday = first_monday + dt.timedelta(weeks=story.deload_week)
        accepted = dt.datetime.combine(monday - dt.timedelta(days=1), dt.time(19, 30))
        Deload.insert(
            week_start=monday,
            load_factor=DELOAD_LOAD,
            sets_factor=DELOAD_SETS,
            created_at=accepted,
        ).execute()
    flags = _discomfort(
        rng, links, started=started, ended=ended, sore=keys.get(SORE_EXERCISE), today=today
    )
    if flags:
        Discomfort.insert_many(
            flags, fields=("workout", "workout_exercise", "score", "note", "created_at")
        ).execute()
    goals = _goals(links, sets, started, keys, today)
    if goals:
        Goal.insert_many(
            goals, fields=("exercise", "kind", "weight_kg", "reps", "due_on", "created_at")
        ).execute()


def _discomfort(
    rng: random.Random,
    links: Sequence[Row],
    *,
    started: dict[int, str],
    ended: dict[int, str],
    sore: int | None,
    today: dt.date,
) -> list[Row]:
    """(workout, workout_exercise or None, score, note, created_at) for every flag."""
    rows: list[Row] = []
    sore_links = [link for link in links if link[2] == sore] if sore is not None else []
    recent = sore_links[-len(SORE_FLAGS) :] if len(sore_links) >= 6 else []
    for link, (score, note) in zip(reversed(recent), SORE_FLAGS, strict=False):
        rows.append((link[1], link[0], score, note, ended[link[1]]))
    # Earlier sessions: a few low flags and, once, the lower back as a whole.
    cutoff = (today - dt.timedelta(weeks=6)).isoformat()
    earlier = [link for link in links if started[link[1]] < cutoff]
    if len(earlier) >= 4 * LOW_FLAGS:
        for link in sorted(rng.sample(earlier, LOW_FLAGS), key=lambda row: row[0]):
            note = rng.choice(LOW_NOTES) if rng.random() < 0.35 else ""
            rows.append((link[1], link[0], rng.randint(1, 3), note, ended[link[1]]))
        workout = rng.choice(earlier)[1]
        score, note = LOWER_BACK_NOTES[0]
        rows.append((workout, None, score, note, ended[workout]))
    if recent:  # the lower back overall, on the sore exercise's latest session
        workout = recent[-1][1]
        score, note = LOWER_BACK_NOTES[1]
        rows.append((workout, None, score, note, ended[workout]))
    return rows


def _session_bests(
    exercise: int, links: Sequence[Row], sets: Sequence[Row], started: dict[int, str]
) -> list[tuple[dt.date, float, float]]:
    """(day, best estimated 1RM, heaviest work weight) of every session of the exercise."""
    days = {link[0]: dt.date.fromisoformat(started[link[1]][:10]) for link in links}
    mine = {link[0] for link in links if link[2] == exercise}
    best: dict[dt.date, tuple[float, float]] = {}
    for row in sets:
        if row[1] not in mine or row[3] == SetType.WARMUP.value:
            continue
        estimate = estimate_one_rep_max(row[4], row[5])
        if estimate is None:
            continue
        day = days[row[1]]
        old = best.get(day, (0.0, 0.0))
        best[day] = (max(old[0], estimate), max(old[1], row[4]))
    return [(day, e1rm, heaviest) for day, (e1rm, heaviest) in sorted(best.items())]


def _goals(
    links: Sequence[Row],
    sets: Sequence[Row],
    started: dict[int, str],
    keys: dict[str, int],
    today: dt.date,
) -> list[Row]:
    """(exercise, kind, weight_kg, reps, due_on, created_at) for each goal."""
    rows: list[Row] = []
    if GOAL_EXERCISE in keys and (
        found := _open_goal(keys[GOAL_EXERCISE], links, sets, started, today)
    ):
        rows.append(found)
    for key in REACHED_GOAL_EXERCISES:
        if key in keys and (found := _reached_goal(keys[key], links, sets, started, today)):
            rows.append(found)
            break
    return rows


def _reached_goal(
    exercise: int,
    links: Sequence[Row],
    sets: Sequence[Row],
    started: dict[int, str],
    today: dt.date,
) -> Row | None:
    """An estimated-1RM goal met at the exercise's latest record (a session best above all
    before it) from 16 to 2 weeks ago: a round figure (to 0.5 kg) above the old best."""
    bests = _session_bests(exercise, links, sets, started)
    records: list[tuple[dt.date, float, float]] = []  # (day, best, the best before it)
    top = 0.0
    for day, best, _heaviest in bests:
        if best > top + 1e-9:
            records.append((day, best, top))
            top = best
    earliest, latest = today - dt.timedelta(weeks=16), today - dt.timedelta(weeks=2)
    for day, best, before in reversed(records[1:]):
        target = math.floor(best * 2 + 1e-9) / 2
        if earliest <= day <= latest and target > before + 1e-9:
            set_on = dt.datetime.combine(
                max(bests[0][0], day - dt.timedelta(weeks=5)), dt.time(20, 0)
            )
            return (exercise, "e1rm", target, None, day + dt.timedelta(days=21), set_on)
    return None


def _trend(points: Sequence[tuple[dt.date, float, float]], day: dt.date) -> tuple[float, float]:
    """The least-squares line through (day, best): its value at `day` and its rise per day
    ((0, 0) with under 3 points on different days)."""
    xs = [float(p[0].toordinal()) for p in points]
    ys = [p[1] for p in points]
    if len(set(xs)) < 3:
        return 0.0, 0.0
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return mean_y + slope * (day.toordinal() - mean_x), slope


def _open_goal(
    exercise: int,
    links: Sequence[Row],
    sets: Sequence[Row],
    started: dict[int, str],
    today: dt.date,
) -> Row | None:
    """A weight × reps goal not met yet, whose estimated 1RM is about where the recent
    trend should be some five weeks on and above the current best (the last 4 weeks'; on a
    flat trend, 2 % above it), due about two months after today, or a little after the
    trend should reach it (four months at most)."""
    bests = _session_bests(exercise, links, sets, started)
    recent = [b for b in bests if b[0] >= today - dt.timedelta(weeks=TREND_WEEKS)]
    if not recent:
        return None
    now, rise = _trend(recent, today)
    lately = [b[1] for b in recent if b[0] >= today - dt.timedelta(weeks=4)]
    current = max(lately or [b[1] for b in recent])
    # Where a rising trend should be in about five weeks; on a flat one, 2 % above the best.
    ahead = now + rise * GOAL_AHEAD_DAYS
    wanted = max(ahead, current * 1.005) if rise > 0 else current * 1.02
    mine = {link[0] for link in links if link[2] == exercise}
    done = [(row[4], row[5]) for row in sets if row[1] in mine and row[4] and row[5]]
    top = max(b[2] for b in recent)
    options = [
        (estimate, weight, reps)
        for weight in (top, top + 2.5, top + 5.0)
        for reps in range(6, 13)
        if (estimate := estimate_one_rep_max(weight, reps) or 0.0) >= wanted
        and not any(w >= weight and r >= reps for w, r in done)
    ]
    if not options:
        return None
    estimate, weight, reps = min(options, key=lambda o: (o[0], -o[1]))
    days = GOAL_DUE_DAYS
    if rise > 0:  # a little after the trend should get there, within about four months
        days = min(
            max(days, math.ceil((estimate - now) / rise) + GOAL_SLACK_DAYS), GOAL_LATEST_DAYS
        )
    set_on = dt.datetime.combine(today - dt.timedelta(days=20), dt.time(20, 0))
    return (exercise, "reps", weight, reps, today + dt.timedelta(days=days), set_on)
