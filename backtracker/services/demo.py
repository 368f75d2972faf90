"""A realistic year of back training for a demo profile, written in one transaction.

The simulated lifter follows the built-in routines (beginner for about the first third of the
span, then advanced) and takes the progression coach's suggestion every session. A hidden
strength that grows fast at first and slower later decides how many reps (or seconds) they
actually manage, so the charts show honest stalls, short sets and the odd bad day.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from backtracker.domain.catalogue import Tracking
from backtracker.domain.errors import UserError
from backtracker.domain.goals import week_start
from backtracker.domain.progression import RepRange, SessionSets, Step, suggest_next
from backtracker.domain.routines import Routine, RoutineItem
from backtracker.domain.strength import SetRecord, SetType
from backtracker.services import demo_coach
from backtracker.services.preferences import Preferences
from backtracker.storage import link_volume, routines
from backtracker.storage.body import BODYWEIGHT
from backtracker.storage.models import BodyMetric, Exercise, SetEntry, Workout, WorkoutExercise, db

SOURCE = "demo"
MAX_WEEKS = 520
START_KG = {"dumbbell-row": 10.0, "lat-pulldown": 30.0, "face-pull": 12.5, "renegade-row": 6.0}
# How much each lift's 1RM grows in the long run, as a fraction of where it starts.
GAIN = {"dumbbell-row": 1.2, "lat-pulldown": 0.8, "face-pull": 0.7, "renegade-row": 0.9}
GAIN_WEEKS = 22.0  # time constant of the strength curve
FATIGUE_REPS = 0.6  # reps lost on each further set
HOLD_START_S = 22.0  # the longest superman hold on day one
HISTORY = 3  # past sessions the coach looks at, as in the logbook

NOTES = (
    "Felt strong today.",
    "Gym was busy; waited for the cable station.",
    "Focused on squeezing the shoulder blades together.",
    "Short on time, kept the rests tight.",
    "Grip gave out before the lats did.",
    "Slow lowering on every rep today.",
)
BAD_DAY_NOTES = ("Slept badly, everything felt heavy.", "Long day at work, low energy.")
BREAK_NOTES = {
    "holiday": "First session back after the holiday.",
    "sick": "Back after a week off sick; took it easy.",
    "busy": "Back after a hectic week with no time to train.",
}
POSTURE_NOTES = {
    2: ("Lower back tight after a long drive.",),
    3: ("Some stiffness between the shoulder blades.", "Caught myself slouching at the desk."),
    4: ("Sitting taller at work.", "No aches today."),
    5: ("Standing tall, no pain at all.", "Shoulders back without thinking about it."),
}


@dataclass(frozen=True)
class DemoReport:
    """What `fill_demo_profile` wrote."""

    workouts: int
    sets: int
    bodyweights: int
    first: dt.date | None
    last: dt.date | None


class _Done(NamedTuple):
    set_type: str
    weight_kg: float | None = None
    reps: int | None = None
    duration_s: float | None = None
    rpe: float | None = None


@dataclass
class _Lift:
    """One exercise as the simulated lifter knows it: past sessions and a hidden strength."""

    tracking: Tracking
    equipment: str
    load_profile: str
    start_kg: float
    strength0: float  # 1RM in kg, or the longest hold in seconds
    gain: float
    default_rest_s: int
    rest_s: int
    history: list[SessionSets] = field(default_factory=list)

    def strength(self, weeks: float) -> float:
        return self.strength0 * (1 + self.gain * (1 - math.exp(-weeks / GAIN_WEEKS)))

    def session(
        self,
        item: RoutineItem,
        weeks: float,
        form: float,
        rng: random.Random,
        weight_kg: float | None = None,
    ) -> list[_Done]:
        """Take the coach's suggestion (or `weight_kg`) and do what today's strength allows."""
        low, high = (item.rep_min or 8, item.rep_max or 12)
        advice = suggest_next(
            self.history,
            RepRange(low, high),
            tracking=self.tracking,
            equipment=self.equipment,
            load_profile=self.load_profile,
            unit="kg",
            current_rest_s=self.rest_s,
        )
        if advice.step is Step.ADD_WEIGHT:
            self.rest_s = self.default_rest_s
        elif advice.rest_s is not None:
            self.rest_s = advice.rest_s
        best = self.strength(weeks) * form
        if self.tracking is Tracking.DURATION:
            target = advice.duration_s or float(item.duration_s or 20)
            done = []
            for k in range(item.sets):
                able = best - 2 * k + rng.gauss(0, 1.5)
                held = target if able >= target else max(10.0, math.floor(able / 5) * 5.0)
                done.append(_Done(SetType.NORMAL.value, duration_s=held))
        else:
            weight = next(w for w in (weight_kg, advice.weight_kg, self.start_kg) if w is not None)
            target = max(advice.reps or high, low)  # never aim below the range
            with_rpe, to_failure = rng.random() < 0.35, rng.random() < 0.12
            done = []
            for k in range(item.sets):
                cap = 30 * (best / weight - 1) - FATIGUE_REPS * k + rng.gauss(0, 0.5)
                if to_failure and k == item.sets - 1:
                    reps = max(1, math.floor(cap))
                    done.append(_Done(SetType.FAILURE.value, weight, reps, rpe=10.0))
                    continue
                reps = max(1, min(target, math.floor(cap)))
                rpe = min(9.5, max(7.0, round((10 - (cap - reps)) * 2) / 2)) if with_rpe else None
                done.append(_Done(SetType.NORMAL.value, weight, reps, rpe=rpe))
        records = tuple(SetRecord(d.set_type, d.weight_kg, d.reps, d.duration_s) for d in done)
        self.history = [SessionSets(records, self.rest_s), *self.history][:HISTORY]
        return done


def workout_count() -> int:
    """How many workouts the open profile holds (demo data only goes into an empty one)."""
    return Workout.select().count()


def fill_demo_profile(*, today: dt.date, weeks: int = 52, seed: int = 7) -> DemoReport:
    """Write `weeks` of training ending at `today`; the same seed gives the same data."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise UserError(f"Choose between 1 and {MAX_WEEKS} weeks of demo data.")
    rng = random.Random(seed)
    first_monday = week_start(today) - dt.timedelta(weeks=weeks - 1)
    span_days = max(1, (today - first_monday).days)
    switch_week = max(1, round(weeks / 3))  # about four months of a year
    with db.atomic():
        beginner, advanced = _builtin_routines()
        lifts = _lifts((beginner, advanced), rng)
        sessions = _schedule(rng, today, first_monday, weeks)
        story = demo_coach.plan([week for _, week, _ in sessions], weeks)
        rows = _Rows(rng, lifts, span_days, story)
        for started, week, after_break in sessions:
            routine = beginner if week < switch_week else advanced
            rows.add_workout(routine, started, (started.date() - first_monday).days, after_break)
        weights = _bodyweights(rng, first_monday, today, span_days)
        measurements = _measurements(rng, first_monday, today, span_days)
        first_link = rows.links[0][0] if rows.links else _max_id(WorkoutExercise) + 1
        with link_volume.counted_once_for_new_links(first_link):
            _insert_rows(Workout, _WORKOUT_COLUMNS, rows.workouts)
            _insert_rows(WorkoutExercise, _LINK_COLUMNS, rows.links)
            _insert_rows(SetEntry, _SET_COLUMNS, rows.sets)
        added = _insert_rows(BodyMetric, _BODY_COLUMNS, weights, "(measured_on, metric)")
        _insert_rows(BodyMetric, _BODY_COLUMNS, measurements, "(measured_on, metric)")
        demo_coach.write_story(
            story, rows.workouts, rows.links, rows.sets, first_monday, today=today, seed=seed
        )
    days = sorted([w[3][:10] for w in rows.workouts] + [b[0] for b in weights])
    first, last = (dt.date.fromisoformat(days[i]) if days else None for i in (0, -1))
    return DemoReport(len(rows.workouts), len(rows.sets), added, first, last)


class _Rows:
    """Rows to insert, with ids handed out after the highest ones already in use."""

    def __init__(
        self,
        rng: random.Random,
        lifts: dict[int, _Lift],
        span_days: int,
        story: demo_coach.Story | None = None,
    ) -> None:
        self.rng, self.lifts, self.span_days, self.story = rng, lifts, span_days, story
        self.workouts: list[tuple[Any, ...]] = []
        self.links: list[tuple[Any, ...]] = []
        self.sets: list[tuple[Any, ...]] = []
        self.ids = {
            m: itertools.count(_max_id(m) + 1) for m in (Workout, WorkoutExercise, SetEntry)
        }

    def add_workout(
        self, routine: Routine, started: dt.datetime, days: int, after_break: str
    ) -> None:
        """One session of `routine`: every item, a warm-up on most days, notes and check-in."""
        rng, weeks, progress = self.rng, days / 7, days / self.span_days
        bad_day = rng.random() < 0.06
        form = rng.gauss(1.0, 0.025) * (0.95 if bad_day else 1.0) * (0.96 if after_break else 1)
        strength_weeks, deload = weeks, False
        if self.story is not None:  # the back coach's stall and deload week
            strength_weeks, form = self.story.training(days // 7, weeks, form)
            deload = self.story.is_deload(days // 7)
        minutes = rng.randint(35, 60)
        workout_id = next(self.ids[Workout])
        done: list[tuple[int, int, _Done]] = []
        for position, item in enumerate(routine.items):
            lift = self.lifts[item.exercise_id]
            if deload:
                session = demo_coach.deload_session(lift, item, strength_weeks, form, rng)
            else:
                session = lift.session(item, strength_weeks, form, rng)
            if position == 0 and session[0].weight_kg and rng.random() < 0.8:
                light = max(2.5, round(session[0].weight_kg * 0.5 / 2.5) * 2.5)
                session.insert(0, _Done(SetType.WARMUP.value, light, rng.randint(10, 12)))
            link_id = next(self.ids[WorkoutExercise])
            rep_range = (item.rep_min, item.rep_max)
            self.links.append(
                (link_id, workout_id, item.exercise_id, position, "", lift.rest_s, *rep_range)
            )
            done += [(link_id, index, d) for index, d in enumerate(session)]
        gap = (minutes * 60 - 120) / len(done)  # sets spread over the session
        for n, (link_id, index, d) in enumerate(done):
            at = _stamp(started + dt.timedelta(seconds=round(gap * (n + 1 - rng.uniform(0, 0.25)))))
            values = (d.set_type, d.weight_kg, d.reps, d.duration_s, d.rpe, "", True, at)
            self.sets.append((next(self.ids[SetEntry]), link_id, index, *values))
        ended = _stamp(started + dt.timedelta(minutes=minutes))
        note = _workout_note(rng, bad_day, after_break)
        posture = _posture(rng, progress, bad_day)
        stretches = (rng.random() < 0.85, rng.random() < 0.7)
        head = (workout_id, routine.name, routine.id, _stamp(started), ended, note)
        self.workouts.append((*head, *posture, *stretches, SOURCE, ended, ended))


_WORKOUT_COLUMNS = (
    "id", "name", "routine_id", "started_at", "ended_at", "notes", "posture_score",
    "posture_note", "warmup_stretch", "cooldown_stretch", "source", "created_at", "updated_at",
)  # fmt: skip
_LINK_COLUMNS = (
    "id", "workout_id", "exercise_id", "position", "notes", "rest_s", "rep_min", "rep_max",
)  # fmt: skip
_SET_COLUMNS = (
    "id", "workout_exercise_id", "position", "set_type", "weight_kg", "reps", "duration_s",
    "rpe", "notes", "completed", "completed_at",
)  # fmt: skip
_BODY_COLUMNS = ("measured_on", "metric", "value", "notes", "source")


def _insert_rows(
    model: type[Any], columns: tuple[str, ...], rows: list[tuple[Any, ...]], unique: str = ""
) -> int:
    """Bulk insert with one prepared statement; rows clashing with `unique` are skipped."""
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" * len(columns))
    sql = f'INSERT INTO "{model._meta.table_name}" ({names}) VALUES ({marks})'
    if unique:
        sql += f" ON CONFLICT {unique} DO NOTHING"
    cursor = db.cursor()
    cursor.executemany(sql, rows)
    return max(cursor.rowcount, 0)


def _max_id(model: type[Any]) -> int:
    sql = f'SELECT COALESCE(MAX(id), 0) FROM "{model._meta.table_name}"'
    return int(db.execute_sql(sql).fetchone()[0])


def _stamp(moment: dt.datetime) -> str:
    """The text Peewee stores for a DateTimeField."""
    return moment.replace(microsecond=0).isoformat(" ")


def _builtin_routines() -> tuple[Routine, Routine]:
    found = {r.builtin_key: r for r in routines.list_routines() if r.builtin_key}
    if "back-beginner" not in found or "back-advanced" not in found:
        raise UserError(
            "The built-in routines are missing from this profile, so there is nothing for the "
            "demo to follow. Use --data-dir with a new folder."
        )
    return found["back-beginner"], found["back-advanced"]


def _lifts(plans: tuple[Routine, ...], rng: random.Random) -> dict[int, _Lift]:
    ids = {item.exercise_id for routine in plans for item in routine.items}
    prefs = Preferences()
    lifts: dict[int, _Lift] = {}
    for row in Exercise.select().where(Exercise.id.in_(ids)):
        tracking = Tracking(row.tracking)
        key = row.catalogue_key or ""
        rest = prefs.rest_for(row.load_profile)
        if tracking is Tracking.DURATION:
            goal = rng.choice((47.0, 52.0, 57.0, 62.0))  # holds settle at 45–60 s
            strength0, gain, start = HOLD_START_S, goal / HOLD_START_S - 1, 0.0
        else:
            start = START_KG.get(key, 10.0)
            strength0, gain = start * (1 + 12.5 / 30), GAIN.get(key, 0.8)
        lifts[row.id] = _Lift(
            tracking, row.equipment, row.load_profile, start, strength0, gain, rest, rest
        )
    return lifts


def _missed_weeks(rng: random.Random, weeks: int) -> dict[int, str]:
    """2–4 weeks without training, spread over the span (none in very short spans)."""
    if weeks < 8:
        return {}
    count = rng.randint(2, 4)
    size = (weeks - 2) // count
    reasons = ["holiday", "sick", *rng.choices(("holiday", "busy", "sick"), k=count - 2)]
    return {1 + i * size + rng.randrange(size): reasons[i] for i in range(count)}


def _schedule(
    rng: random.Random, today: dt.date, first_monday: dt.date, weeks: int
) -> list[tuple[dt.datetime, int, str]]:
    """(start, week index, reason of the break just before it) for every session."""
    missed = _missed_weeks(rng, weeks)
    sessions: list[tuple[dt.datetime, int, str]] = []
    after_break = ""
    for week in range(weeks):
        if week in missed:
            after_break = missed[week]
            continue
        count = rng.choices((1, 2, 3), weights=(1, 4, 5))[0]
        if count == 3:
            offsets = [0, 2, 4]  # Mon/Wed/Fri
        elif count == 2:
            offsets = list(rng.choice(((0, 3), (1, 4), (0, 4), (1, 3))))
        else:
            offsets = [rng.randrange(5)]
        for planned in offsets:
            late = rng.random() < 0.15 and planned + 1 not in offsets  # a day late
            day = first_monday + dt.timedelta(weeks=week, days=planned + late)
            if day >= today:
                continue
            start = dt.datetime.combine(day, dt.time(17)) + dt.timedelta(
                minutes=5 * rng.randint(0, 30)
            )
            sessions.append((start, week, after_break))
            after_break = ""
    return sessions


def _workout_note(rng: random.Random, bad_day: bool, after_break: str) -> str:
    if after_break:
        return BREAK_NOTES[after_break]
    if bad_day:
        return rng.choice(BAD_DAY_NOTES)
    return rng.choice(NOTES) if rng.random() < 0.12 else ""


def _posture(rng: random.Random, progress: float, bad_day: bool) -> tuple[int | None, str]:
    """The check-in: most sessions, trending from 3 towards 5."""
    if rng.random() < 0.15:
        return None, ""
    score = round(3 + 2 * progress + rng.gauss(0, 0.5) - (1 if bad_day else 0))
    score = min(5, max(2, score))
    note = rng.choice(POSTURE_NOTES[score]) if rng.random() < 0.25 else ""
    return score, note


def _bodyweights(
    rng: random.Random, first: dt.date, today: dt.date, span_days: int
) -> list[tuple[Any, ...]]:
    """An entry every 3–5 days, drifting from about 82 kg down to about 78 kg."""
    rows: list[tuple[Any, ...]] = []
    day = first
    while day <= today:
        kg = round(82.0 - 4.0 * (day - first).days / span_days + rng.gauss(0, 0.35), 1)
        rows.append((day.isoformat(), BODYWEIGHT, kg, "", SOURCE))
        day += dt.timedelta(days=rng.randint(3, 5))
    return rows


def _measurements(
    rng: random.Random, first: dt.date, today: dt.date, span_days: int
) -> list[tuple[Any, ...]]:
    """Every two weeks on a Sunday: the waist narrows (86 → 82 cm) while the shoulders
    broaden (116 → 119 cm) and the upper arm grows a little: the V-taper back work builds."""
    rows: list[tuple[Any, ...]] = []
    day = first + dt.timedelta(days=6)
    while day <= today:
        done = (day - first).days / span_days
        for metric, start, change, noise in (
            ("waist", 86.0, -4.0, 0.3),
            ("shoulders", 116.0, 3.0, 0.3),
            ("upper_arm", 34.0, 1.0, 0.15),
        ):
            cm = round(start + change * done + rng.gauss(0, noise), 1)
            rows.append((day.isoformat(), metric, cm, "", SOURCE))
        day += dt.timedelta(days=14)
    return rows
