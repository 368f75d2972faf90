"""Logging use cases: start, log sets, coach, finish, history, weekly goal and bodyweight.

Every call that changes data commits before it returns, so a crash never loses a set.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from backtracker.domain import clock
from backtracker.domain.catalogue import Tracking
from backtracker.domain.coach.lower_back import lighter
from backtracker.domain.errors import UserError, ValidationError
from backtracker.domain.goals import WeeklyGoal, WeeklyProgress, week_start, weekly_progress
from backtracker.domain.log import LoggedSet, WorkoutExerciseInfo, WorkoutInfo, WorkoutSummary
from backtracker.domain.progression import BEGINNER, RepRange, SessionSets, Suggestion, suggest_next
from backtracker.domain.strength import SetRecord, SetType, summarize_sets
from backtracker.domain.units import (
    parse_distance,
    parse_duration,
    parse_reps,
    parse_rpe,
    parse_weight,
)
from backtracker.services import deload, discomfort, equipment, goals, workout_times
from backtracker.services.preferences import Preferences
from backtracker.storage import body, routines, workouts
from backtracker.storage.models import Exercise, now
from backtracker.storage.workouts import DeletedWorkout, ExerciseFacts, PlannedExercise


def _record(logged: LoggedSet) -> SetRecord:
    return SetRecord(
        set_type=logged.set_type,
        weight_kg=logged.weight_kg,
        reps=logged.reps,
        duration_s=logged.duration_s,
        distance_m=logged.distance_m,
        rpe=logged.rpe,
        completed=logged.completed,
        reps_left=logged.reps_left,
        reps_right=logged.reps_right,
    )


@dataclass(frozen=True)
class Coaching:
    """What to show next to an exercise: last time's sets and the suggested next step."""

    last_time: str
    last_date: dt.date | None
    suggestion: Suggestion


def rep_range_of(rep_min: int | None, rep_max: int | None) -> RepRange:
    if rep_min is not None and rep_max is not None and 1 <= rep_min <= rep_max:
        return RepRange(rep_min, rep_max)
    return BEGINNER


def coaching(
    exercise_id: int,
    *,
    before: dt.datetime,
    rep_range: RepRange,
    prefs: Preferences,
    rest_s: int | None = None,
    workout_id: int | None = None,
    exercise: ExerciseFacts | None = None,
    kit: equipment.Equipment | None = None,
) -> Coaching:
    """Coaching for an exercise from the sessions up to `before`, except `workout_id` itself.
    `exercise` and `kit` are the exercise's row and the equipment when already read (a
    workout's cards read them once for all: `card_starts`)."""
    exercise = exercise or Exercise.get_by_id(exercise_id)
    plan = deload.plan_for(exercise_id, before.date())  # deload weeks are not "last time"
    sessions = workouts.past_sessions(
        exercise_id,
        before=before,
        limit=3,
        exclude_workout_id=workout_id,
        skip_deload_weeks=plan.skip,
    )
    bodyweight = exercise.tracking == Tracking.BODYWEIGHT_REPS
    loader = equipment.loader_for(
        kit or equipment.load(prefs.unit),
        kind=exercise.equipment,
        tracking=exercise.tracking,
        bar=exercise.bar,
    )
    suggestion = suggest_next(
        [SessionSets(tuple(_record(s) for s in p.sets), p.rest_s) for p in sessions],
        rep_range,
        tracking=exercise.tracking,
        equipment=exercise.equipment,
        load_profile=exercise.load_profile,
        unit=prefs.unit,
        current_rest_s=rest_s if rest_s is not None else prefs.rest_for(exercise.load_profile),
        loader=loader,
    )
    if plan.week is not None:  # inside an accepted deload week
        suggestion = deload.suggestion(
            plan.week,
            tracking=exercise.tracking,
            last_sets=[_record(s) for s in sessions[0].sets] if sessions else (),
            last_day=sessions[0].started_at.date() if sessions else None,
            unit=prefs.unit,
            loader=loader,
        )
    if not sessions:
        return Coaching("", None, suggestion)
    last = sessions[0]
    text = summarize_sets(
        [_record(s) for s in last.sets], prefs.unit, bodyweight_exercise=bodyweight
    )
    return Coaching(text, last.started_at.date(), suggestion)


@dataclass(frozen=True)
class CardStart:
    """What an exercise's card in the Log shows when its workout opens."""

    coaching: Coaching
    offer: discomfort.Offer | None  # the lower-back swap
    lighter: str  # the lower-back "lighter today" line
    goal: str  # the goal and its forecast
    pinned_note: str


def card_starts(
    workout: WorkoutInfo,
    prefs: Preferences,
    links: Sequence[WorkoutExerciseInfo] | None = None,
) -> dict[int, CardStart]:
    """By link id, what the cards of these exercises of the workout (default: all) start
    with, read together (the exercises, the equipment, the discomfort scores, the goals,
    the settings once for all): the same as each card's own calls (`coaching`,
    `discomfort.suggestion` and `lighter_line`, `goals.goal_line`, the pinned note) give."""
    links = workout.exercises if links is None else links
    ids = list(dict.fromkeys(link.exercise_id for link in links))
    facts = workouts.exercise_facts(ids)
    kit = equipment.load(prefs.unit)
    offers = discomfort.suggestions(ids, workout.id)
    lighter = discomfort.lighter_lines(ids, workout.started_at)
    goal_lines = goals.goal_lines(ids, formula=prefs.formula, unit=prefs.unit)
    return {
        link.id: CardStart(
            coaching=coaching(
                link.exercise_id,
                before=workout.started_at,
                rep_range=rep_range_of(link.rep_min, link.rep_max),
                prefs=prefs,
                rest_s=link.rest_s,
                workout_id=workout.id,
                exercise=facts[link.exercise_id],
                kit=kit,
            ),
            offer=offers[link.exercise_id],
            lighter=lighter[link.exercise_id],
            goal=goal_lines[link.exercise_id],
            pinned_note=facts[link.exercise_id].pinned_note,
        )
        for link in links
        if link.exercise_id in facts
    }


def _prefill_from(suggestion: Suggestion, last: tuple[LoggedSet, ...]) -> dict[str, Any]:
    """Values for a planned set: the suggested target, else what was done last time."""
    work = [s for s in last if s.set_type != SetType.WARMUP]
    base = work[-1] if work else None
    values: dict[str, Any] = {}
    weight = (
        suggestion.weight_kg
        if suggestion.weight_kg is not None
        else (base.weight_kg if base else None)
    )
    if weight is not None:
        values["weight_kg"] = weight
    reps = suggestion.reps if suggestion.reps is not None else (base.reps if base else None)
    if reps is not None:
        values["reps"] = reps
    duration = (
        suggestion.duration_s
        if suggestion.duration_s is not None
        else (base.duration_s if base else None)
    )
    if duration is not None:
        values["duration_s"] = duration
    return values


def _plan(
    exercise_id: int,
    *,
    sets: int,
    rep_min: int | None,
    rep_max: int | None,
    rest_s: int | None,
    duration_s: int | None,
    started_at: dt.datetime,
    prefs: Preferences,
) -> PlannedExercise:
    rep_range = rep_range_of(rep_min, rep_max)
    advice = coaching(
        exercise_id, before=started_at, rep_range=rep_range, prefs=prefs, rest_s=rest_s
    )
    plan = deload.plan_for(exercise_id, started_at.date())
    sets = deload.planned_sets(plan, sets)  # two thirds inside a deload week
    last = workouts.past_sessions(
        exercise_id, before=started_at, limit=1, skip_deload_weeks=plan.skip
    )
    values = _prefill_from(advice.suggestion, last[0].sets if last else ())
    factor = discomfort.take_lighter(exercise_id, started_at)  # after a lower-back swap
    if factor is not None and values.get("weight_kg"):
        step = 0.5 if prefs.unit == "kg" else 0.45359237  # half a kilo, or a pound
        loader = equipment.loader_for_exercise(exercise_id, equipment.load(prefs.unit))
        values["weight_kg"] = lighter(values["weight_kg"], factor, step, loader)
    if duration_s is not None and "duration_s" not in values:
        values["duration_s"] = float(duration_s)
    return PlannedExercise(
        exercise_id,
        sets=sets,
        rep_min=rep_min,
        rep_max=rep_max,
        rest_s=rest_s,
        prefill=tuple(dict(values) for _ in range(sets)),
    )


def start_workout(
    prefs: Preferences, *, routine_id: int | None = None, started_at: dt.datetime | None = None
) -> int:
    """Start now or back-dated, empty or from a routine with targets filled in."""
    started_at = started_at or now()
    if started_at > now() + dt.timedelta(minutes=5):
        raise UserError("A workout can't start in the future. Pick today or an earlier date.")
    if routine_id is None:
        return workouts.start_workout(started_at)
    routine = routines.get_routine(routine_id)
    plan = tuple(
        dataclasses.replace(
            _plan(
                item.exercise_id,
                sets=item.sets,
                rep_min=item.rep_min,
                rep_max=item.rep_max,
                rest_s=item.rest_s,
                duration_s=item.duration_s,
                started_at=started_at,
                prefs=prefs,
            ),
            superset=item.superset,  # a superset survives the copy into the workout
        )
        for item in routine.items
    )
    return workouts.start_workout(started_at, name=routine.name, routine_id=routine.id, plan=plan)


def add_exercise(workout_id: int, exercise_id: int, prefs: Preferences) -> int:
    info = workouts.get_workout(workout_id)
    return workouts.add_exercise(
        workout_id,
        _plan(
            exercise_id,
            sets=1,
            rep_min=None,
            rep_max=None,
            rest_s=None,
            duration_s=None,
            started_at=info.started_at,
            prefs=prefs,
        ),
    )


@dataclass(frozen=True)
class SetInput:
    """A set as typed: text in the person's unit, straight from the form."""

    weight: str = ""
    reps: str = ""
    duration: str = ""
    distance: str = ""
    rpe: str = ""
    set_type: str = SetType.NORMAL.value
    notes: str = ""


def parse_set(tracking: str, unit: str, typed: SetInput) -> dict[str, Any]:
    """Turn typed text into set values for this kind of exercise, or raise ValidationError."""
    tracking = Tracking(tracking)
    if typed.set_type not in {t.value for t in SetType}:
        raise ValidationError({"set_type": "Choose warm-up, normal, drop or failure."})
    values: dict[str, Any] = {
        "set_type": typed.set_type,
        "rpe": parse_rpe(typed.rpe),
        "notes": " ".join(typed.notes.split())[:500],
        "weight_kg": None,
        "reps": None,
        "duration_s": None,
        "distance_m": None,
    }
    if tracking is Tracking.WEIGHT_REPS:
        values["weight_kg"] = parse_weight(typed.weight, unit)
        values["reps"] = parse_reps(typed.reps)
    elif tracking is Tracking.BODYWEIGHT_REPS:
        values["weight_kg"] = parse_weight(  # negative: assistance (an assisted pull-up)
            typed.weight, unit, field="added weight", allow_empty=True, allow_negative=True
        )
        values["reps"] = parse_reps(typed.reps)
    elif tracking is Tracking.DURATION:
        values["duration_s"] = parse_duration(typed.duration, field="time")
        values["weight_kg"] = parse_weight(
            typed.weight, unit, field="added weight", allow_empty=True
        )
    else:
        values["duration_s"] = parse_duration(typed.duration, field="time")
        values["distance_m"] = parse_distance(typed.distance, unit)
    return values


def missing_for_completion(tracking: str, logged: LoggedSet) -> str | None:
    """Why a planned set can't be ticked yet, or None when it has what it needs."""
    tracking = Tracking(tracking)
    if tracking is Tracking.WEIGHT_REPS and logged.weight_kg is None:
        return "Enter the weight first."
    if tracking in (Tracking.WEIGHT_REPS, Tracking.BODYWEIGHT_REPS) and not logged.reps:
        return "Enter the reps first."
    if tracking in (Tracking.DURATION, Tracking.DISTANCE_DURATION) and not logged.duration_s:
        return "Enter the time first."
    return None


def update_set_values(set_id: int, values: dict[str, Any]) -> LoggedSet:
    workouts.update_set(set_id, values)
    return workouts.get_set(set_id)


def complete_set(
    link: WorkoutExerciseInfo, set_id: int, current: LoggedSet | None = None
) -> LoggedSet:
    """Tick a set as done (saved at once); raises UserError when it lacks a value.

    `current` is the set as the caller last read it (the Log's model, which holds what was
    just saved): it spares reading the set before and after, the Log's hot path."""
    logged = current if current is not None and current.id == set_id else workouts.get_set(set_id)
    problem = missing_for_completion(link.tracking, logged)
    if problem:
        raise UserError(problem)
    done_at = workout_times.completion_moment(set_id)  # "now", in the workout's own time
    if not workouts.update_set(set_id, {"completed": True, "completed_at": done_at}):
        raise workouts.SetNotFoundError()
    return dataclasses.replace(logged, completed=True, completed_at=done_at)


def uncomplete_set(set_id: int) -> None:
    workouts.update_set(set_id, {"completed": False, "completed_at": None})


def next_set_values(previous: LoggedSet) -> dict[str, Any]:
    """The next set starts as a copy of the one just done (a warm-up leads to a normal set)."""
    set_type = SetType.NORMAL.value if previous.set_type == SetType.WARMUP else previous.set_type
    return {
        "set_type": set_type,
        "weight_kg": previous.weight_kg,
        "reps": previous.reps,
        "reps_left": previous.reps_left,
        "reps_right": previous.reps_right,
        "duration_s": previous.duration_s,
        "distance_m": previous.distance_m,
        "completed": False,
    }


def add_set(link_id: int, values: dict[str, Any]) -> int:
    return workouts.add_set(link_id, values)


def get_set(set_id: int) -> LoggedSet:
    return workouts.get_set(set_id)


def delete_set(set_id: int) -> tuple[int, LoggedSet]:
    return workouts.delete_set(set_id)


def restore_set(link_id: int, logged: LoggedSet) -> None:
    workouts.restore_set(link_id, logged)


def update_workout(workout_id: int, values: dict[str, Any]) -> None:
    workouts.update_workout(workout_id, values)


def remove_exercise(link_id: int) -> None:
    workouts.remove_exercise(link_id)


def move_exercise(link_id: int, offset: int) -> None:
    workouts.move_exercise(link_id, offset)


def finish_workout(
    workout_id: int, ended_at: dt.datetime | None = None, *, duration: dt.timedelta | None = None
) -> int:
    """End the workout at `ended_at`, after `duration`, or when services/workout_times says
    (now for one logged live, its last set for one logged after the fact)."""
    info = workouts.get_workout(workout_id)
    ended_at = ended_at or workout_times.end_moment(workout_id, duration)
    ended_at = max(ended_at, info.started_at)
    return workouts.finish_workout(workout_id, ended_at)


def get_workout(workout_id: int) -> WorkoutInfo:
    return workouts.get_workout(workout_id)


def active_workout_id() -> int | None:
    return workouts.active_workout_id()


def delete_workout(workout_id: int) -> DeletedWorkout:
    return workouts.delete_workout(workout_id)


def restore_workout(deleted: DeletedWorkout) -> None:
    workouts.restore_workout(deleted)


def history(
    after: tuple[dt.datetime, int] | None = None, limit: int = workouts.HISTORY_PAGE
) -> list[WorkoutSummary]:
    """A page of finished workouts, newest first, below `after` (started_at, id) if given."""
    return workouts.workout_summaries(limit=limit, after=after)


def weekly(prefs: Preferences, today: dt.date | None = None) -> WeeklyProgress:
    today = today or clock.today()
    # Streaks longer than two years are rare; reading that far back keeps this quick.
    since = dt.datetime.combine(week_start(today) - dt.timedelta(weeks=104), dt.time())
    days = [started.date() for started in workouts.session_starts(since)]
    return weekly_progress(days, today, WeeklyGoal(prefs.goal_minimum, prefs.goal_target))


def record_bodyweight(day: dt.date, text: str, unit: str) -> float:
    kg = parse_weight(text, unit, field="bodyweight")
    if kg is None or not 20 <= kg <= 400:
        raise ValidationError(
            {"bodyweight": "Enter a bodyweight between 20 and 400 kg (45 to 880 lb)."}
        )
    if day > clock.today():
        raise ValidationError({"bodyweight": "The date can't be in the future."})
    body.set_bodyweight(day, kg)
    return kg


def bodyweights(limit: int = 30) -> list[tuple[dt.date, float]]:
    return body.bodyweights(limit)


def delete_bodyweight(day: dt.date) -> float | None:
    return body.delete_bodyweight(day)


def restore_bodyweight(day: dt.date, kg: float) -> None:
    """Put back an entry that was deleted (undo); the value was valid when first entered."""
    body.set_bodyweight(day, kg)
