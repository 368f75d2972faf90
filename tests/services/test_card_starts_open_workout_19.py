"""What a workout's cards start with, read for the whole workout at once (issue 17,
open-workout): `logbook.card_starts` gives each card exactly what its own calls give (the
coaching, the lower-back swap and "lighter" line, the goal line, the pinned note), for
every exercise or a few of them, with a swap that fires, a lighter session, a goal, a
pinned note, a deload week and an exercise twice in one workout."""

from __future__ import annotations

import datetime as dt

from backtracker.domain.coach.forecast import GoalKind
from backtracker.services import discomfort, goals, logbook, pinned_notes
from backtracker.services.preferences import Preferences
from backtracker.storage import deloads, workouts
from backtracker.storage.models import Exercise, Routine, RoutineItem
from backtracker.storage.settings import set_setting
from backtracker.storage.workouts import PlannedExercise


def ex(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def session(started: dt.datetime, keys: list[str], *, routine_id: int | None = None) -> int:
    plan = tuple(
        PlannedExercise(
            ex(key),
            sets=2,
            rep_min=8,
            rep_max=12,
            prefill=({"weight_kg": 40.0 + 2.5 * i, "reps": 8 + i},) * 2,
            superset=1 if key == "lat-pulldown" else None,
        )
        for i, key in enumerate(keys)
    )
    workout_id = workouts.start_workout(started, plan=plan, routine_id=routine_id)
    for link in workouts.get_workout(workout_id).exercises:
        for logged in link.sets[:1]:  # the second set stays open
            workouts.update_set(logged.id, {"completed": True, "completed_at": started})
    workouts.finish_workout(workout_id, started + dt.timedelta(hours=1))
    return workout_id


def own_calls(workout: logbook.WorkoutInfo, link, prefs: Preferences) -> logbook.CardStart:
    """What the card reads by itself (the path it takes without a start)."""
    return logbook.CardStart(
        coaching=logbook.coaching(
            link.exercise_id,
            before=workout.started_at,
            rep_range=logbook.rep_range_of(link.rep_min, link.rep_max),
            prefs=prefs,
            rest_s=link.rest_s,
            workout_id=workout.id,
        ),
        offer=discomfort.suggestion(link.exercise_id, workout.id),
        lighter=discomfort.lighter_line(link.exercise_id, workout.started_at),
        goal=goals.goal_line(link.exercise_id, formula=prefs.formula, unit=prefs.unit),
        pinned_note=pinned_notes.note_of(link.exercise_id),
    )


def test_card_starts_are_each_cards_own_reads(seeded):
    Exercise.update(spinal_load=None).execute()
    for key, load in (("barbell-row", "high"), ("chest-supported-row", "low")):
        Exercise.update(spinal_load=load).where(Exercise.catalogue_key == key).execute()
    routine = Routine.create(name="Pull day")
    for position, key in enumerate(("barbell-row", "lat-pulldown")):
        RoutineItem.create(routine=routine, exercise=ex(key), position=position, sets=2)
    keys = ["barbell-row", "lat-pulldown", "dumbbell-row", "lat-pulldown", "superman"]
    ids = [
        session(dt.datetime(2026, 3, day, 18), keys, routine_id=routine.id)
        for day in (2, 4, 9, 11, 16, 18)
    ]
    for workout_id, score in zip(ids[2:], (5, 6, 7, 2), strict=True):  # the row hurts
        link = workouts.get_workout(workout_id).exercises[0]
        discomfort.save(workout_id, {link.id: (score, "")})
    last = workouts.get_workout(ids[4])
    set_setting(
        discomfort.LIGHTER_TAKEN_KEY,
        {str(ex("dumbbell-row")): [last.started_at.isoformat(), 0.9]},
    )
    goals.set_goal(
        ex("lat-pulldown"),
        kind=GoalKind.REPS,
        weight=60,
        reps=10,
        due_on=None,
        unit="kg",
        today=dt.date(2026, 3, 1),
    )
    pinned_notes.pin(ex("dumbbell-row"), "seat at 4")
    deloads.accept(dt.date(2026, 3, 16), 0.9, 0.6)  # the week of the last session
    prefs = Preferences()

    seen = {"offer": 0, "lighter": 0, "goal": 0, "note": 0, "deload": 0}
    for workout_id in ids:
        workout = workouts.get_workout(workout_id)
        starts = logbook.card_starts(workout, prefs)
        assert list(starts) == [link.id for link in workout.exercises]
        for link in workout.exercises:
            assert starts[link.id] == own_calls(workout, link, prefs), (workout_id, link)
            start = starts[link.id]
            seen["offer"] += start.offer is not None and start.offer.routine_id == routine.id
            seen["lighter"] += bool(start.lighter)
            seen["goal"] += bool(start.goal)
            seen["note"] += start.pinned_note == "seat at 4"
            seen["deload"] += start.coaching.suggestion.step.name == "DELOAD"
        some = workout.exercises[3:1:-1]  # a few, in another order
        assert logbook.card_starts(workout, prefs, some) == {
            link.id: starts[link.id] for link in some
        }
    assert all(seen.values()), seen  # each kind of line was there to compare


def test_no_exercises_and_a_deleted_workout(seeded):
    workout_id = workouts.start_workout(dt.datetime(2026, 3, 2, 18))
    assert logbook.card_starts(workouts.get_workout(workout_id), Preferences()) == {}
    assert discomfort.suggestions([ex("superman")], workout_id + 1) == {ex("superman"): None}
