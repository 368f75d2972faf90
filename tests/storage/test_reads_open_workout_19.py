"""The reads opening a workout makes, as plain SQL (issue 17, open-workout): `get_workout`,
the discomfort scores, the goals, the exercises' rows and the settings give exactly what
their peewee versions gave (kept here as the reference), on a generated history with ties,
an exercise twice in a workout, unticked sets, flags, goals and odd settings."""

from __future__ import annotations

import datetime as dt
import random

from peewee import fn

from backtracker.domain.coach.forecast import Goal as DomainGoal
from backtracker.domain.coach.forecast import GoalKind
from backtracker.domain.log import WorkoutExerciseInfo, WorkoutInfo
from backtracker.storage import discomfort, goals, settings, workouts
from backtracker.storage.models import (
    Discomfort,
    Exercise,
    Goal,
    Routine,
    SetEntry,
    Setting,
    Workout,
    WorkoutExercise,
    db,
)
from tests.services.test_live_records_read_ahead_19 import log_awkward_cases
from tests.storage.test_workout_reads_19 import reference_sets_by_link


def reference_get_workout(workout_id: int) -> WorkoutInfo:
    row = Workout.get_or_none(Workout.id == workout_id)
    if row is None:
        raise workouts.WorkoutNotFoundError()
    links = list(
        WorkoutExercise.select(WorkoutExercise, Exercise)
        .join(Exercise)
        .where(WorkoutExercise.workout == row)
        .order_by(WorkoutExercise.position, WorkoutExercise.id)
    )
    sets = reference_sets_by_link([link.id for link in links])
    return WorkoutInfo(
        id=row.id,
        name=row.name,
        routine_id=row.routine_id,
        started_at=row.started_at,
        ended_at=row.ended_at,
        notes=row.notes,
        posture_score=row.posture_score,
        posture_note=row.posture_note,
        warmup_stretch=bool(row.warmup_stretch),
        cooldown_stretch=bool(row.cooldown_stretch),
        exercises=tuple(
            WorkoutExerciseInfo(
                id=link.id,
                exercise_id=link.exercise.id,
                exercise_name=link.exercise.name,
                tracking=link.exercise.tracking,
                equipment=link.exercise.equipment,
                load_profile=link.exercise.load_profile,
                default_rest_s=link.exercise.default_rest_s,
                position=link.position,
                notes=link.notes,
                rest_s=link.rest_s,
                rep_min=link.rep_min,
                rep_max=link.rep_max,
                sets=tuple(sets[link.id]),
                unilateral=bool(link.exercise.unilateral),
                superset=link.superset,
            )
            for link in links
        ),
    )


def reference_recent_scores(
    exercise_id: int, *, before: dt.datetime, limit: int = 3
) -> list[int | None]:
    done = fn.EXISTS(
        SetEntry.select(SetEntry.id).where(
            (SetEntry.workout_exercise == WorkoutExercise.id) & (SetEntry.completed == True)  # noqa: E712 - peewee expression
        )
    )
    links = list(
        WorkoutExercise.select(WorkoutExercise.id)
        .join(Workout)
        .where((WorkoutExercise.exercise == exercise_id) & (Workout.started_at <= before) & done)
        .order_by(Workout.started_at.desc(), Workout.id.desc())
        .limit(limit)
    )
    ids = [link.id for link in links]
    scores = dict(
        Discomfort.select(Discomfort.workout_exercise, Discomfort.score)
        .where(Discomfort.workout_exercise.in_(ids))
        .tuples()
    )
    return [scores.get(i) for i in ids]


def reference_get_setting(key: str, default: object = None) -> object:
    import json

    row = Setting.get_or_none(Setting.key == key)
    return default if row is None else json.loads(row.value_json)


def test_a_workouts_reads_are_the_peewee_ones_on_a_generated_history(profile):
    from benchmarks.chart_queries import build_history

    build_history(profile.database_path, years=1, target_sets=3000)
    rng = random.Random(17)
    log_awkward_cases(rng)
    routine = Routine.create(name="Back day")
    for sql in (  # (peewee's % is LIKE: plain SQL)
        "UPDATE workout_exercise SET rest_s = 90, rep_min = 8, rep_max = 12 WHERE id % 7 = 0",
        "UPDATE workout_exercise SET superset = 1, notes = 'slow' WHERE id % 5 = 0",
        "UPDATE set_entry SET completed = 0, completed_at = NULL WHERE id % 11 = 0",
        "UPDATE set_entry SET rpe = 8.5, notes = 'hard', reps_left = 5, reps_right = 6 "
        "WHERE id % 13 = 0",
        f"UPDATE workout SET routine_id = {routine.id}, posture_score = 4, notes = 'ok', "
        "posture_note = 'stiff', warmup_stretch = 1 WHERE id % 3 = 0",
        "UPDATE workout SET ended_at = NULL WHERE id % 97 = 0",
        "UPDATE exercise SET unilateral = 1, bar = 'ez', pinned_note = 'seat 4' WHERE id % 4 = 0",
    ):
        db.execute_sql(sql)
    links = list(WorkoutExercise.select())
    for link in rng.sample(links, 60):  # flags on some exercises of some workouts
        Discomfort.create(
            workout=link.workout_id, workout_exercise=link.id, score=rng.randint(0, 10)
        )

    workout_ids = [w.id for w in Workout.select(Workout.id)]
    for workout_id in rng.sample(workout_ids, 120):
        assert workouts.get_workout(workout_id) == reference_get_workout(workout_id)

    exercise_ids = sorted({link.exercise_id for link in links})
    starts = sorted(w.started_at for w in Workout.select(Workout.started_at))
    flagged = 0
    for when in (starts[0], starts[len(starts) // 2], starts[-1], dt.datetime(2100, 1, 1)):
        for limit in (1, 3):
            got = discomfort.recent_scores_of(exercise_ids, before=when, limit=limit)
            assert got == {
                e: reference_recent_scores(e, before=when, limit=limit) for e in exercise_ids
            }
            flagged += sum(s is not None for scores in got.values() for s in scores)
    assert flagged > 3  # flags were there to read

    every = [e.id for e in Exercise.select(Exercise.id)]
    facts = workouts.exercise_facts(every)
    for row in Exercise.select():
        assert facts[row.id] == workouts.ExerciseFacts(
            row.tracking, row.equipment, row.load_profile, row.bar, row.pinned_note
        )
    assert any(f.bar == "ez" and f.pinned_note == "seat 4" for f in facts.values())

    for workout_id in rng.sample(workout_ids, 20):
        row = Workout.get_by_id(workout_id)
        assert discomfort.workout_of(workout_id) == (row.started_at, row.routine_id)
    assert discomfort.workout_of(max(workout_ids) + 1) is None


def test_goals_read_together_are_each_ones_goal(seeded):
    ids = [e.id for e in Exercise.select(Exercise.id).order_by(Exercise.id).limit(5)]
    goals.set_goal(ids[0], DomainGoal(GoalKind.REPS, 30.0, 10, dt.date(2026, 3, 1)))
    goals.set_goal(ids[1], DomainGoal(GoalKind.E1RM, 102.5, None, None))
    goals.set_goal(ids[2], DomainGoal(GoalKind.REPS, -20.0, 5, None))  # assisted
    Goal.update(due_on="2026-05-04").where(Goal.exercise == ids[2]).execute()
    found = goals.goals_of(ids)
    assert found == {e: goals.get_goal(e) for e in ids if goals.get_goal(e) is not None}
    assert set(found) == set(ids[:3])
    assert found[ids[2]].due_on == dt.date(2026, 5, 4)
    assert goals.goals_of([]) == {}


def test_settings_read_as_plain_sql_are_the_peewee_ones(profile):
    settings.set_setting("lighter_taken", {"12": ["2026-01-05T07:00:00", 0.9]})
    settings.set_setting("plain", 3)
    settings.set_setting("nothing", None)
    for key in ("lighter_taken", "plain", "nothing", "missing"):
        for default in (None, {}, 7):
            assert settings.get_setting(key, default) == reference_get_setting(key, default)
    assert settings.get_setting("nothing", 7) is None  # stored null is not the default
    assert settings.get_setting("missing", 7) == 7
