"""An exercise's goal in the database: set, replace, clear, first met; merge and unmerge
carry it over and back; deleting the exercise takes it along (issue 15 §5)."""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.domain.catalogue import ExerciseDraft
from backtracker.domain.coach.forecast import Goal, GoalKind
from backtracker.storage import exercises
from backtracker.storage import goals as store
from backtracker.storage.models import Exercise, SetEntry, Workout, WorkoutExercise
from backtracker.storage.models import Goal as GoalRow


def exercise_id(name: str) -> int:
    return Exercise.get(Exercise.name == name).id


def log(
    exercise: int,
    day: dt.date,
    sets: list[tuple[float | None, int]],
    *,
    warmup: bool = False,
    completed: bool = True,
) -> None:
    """One workout on `day` with these (weight kg, reps) sets of the exercise."""
    start = dt.datetime.combine(day, dt.time(18, 0))
    workout = Workout.create(started_at=start, ended_at=start + dt.timedelta(minutes=45))
    link = WorkoutExercise.create(workout=workout, exercise=exercise, position=0)
    for position, (weight, reps) in enumerate(sets):
        SetEntry.create(
            workout_exercise=link,
            position=position,
            weight_kg=weight,
            reps=reps,
            completed=completed,
            set_type="warmup" if warmup else "normal",
        )


def custom(name: str) -> int:
    return exercises.create_custom_exercise(
        ExerciseDraft(name=name, primary_muscles=["lats"], pattern="horizontal_pull")
    )


GOAL = Goal(GoalKind.REPS, 30.0, 10, dt.date(2026, 6, 1))


def test_set_replace_and_clear(seeded) -> None:
    row = exercise_id("Dumbbell Row")
    assert store.get_goal(row) is None
    assert store.set_goal(row, GOAL) is None
    assert store.get_goal(row) == GOAL
    e1rm = Goal(GoalKind.E1RM, 45.0, 7)  # an e1RM goal keeps no reps
    assert store.set_goal(row, e1rm) == GOAL
    assert store.get_goal(row) == Goal(GoalKind.E1RM, 45.0, None, None)
    assert GoalRow.select().count() == 1
    assert store.clear_goal(row) == Goal(GoalKind.E1RM, 45.0)
    assert store.get_goal(row) is None
    assert store.clear_goal(row) is None


def test_first_day_reps_met_counts_completed_work_sets_only(seeded) -> None:
    row = exercise_id("Dumbbell Row")
    log(row, dt.date(2026, 1, 5), [(32.0, 12)], warmup=True)
    log(row, dt.date(2026, 1, 12), [(30.0, 10)], completed=False)
    log(row, dt.date(2026, 1, 19), [(30.0, 9), (27.5, 12)])
    assert store.first_day_reps_met(row, 30.0, 10) is None
    log(row, dt.date(2026, 2, 2), [(29.99, 11)])  # 66.1 lb typed: the same weight
    log(row, dt.date(2026, 2, 9), [(32.0, 10)])
    assert store.first_day_reps_met(row, 30.0, 10) == dt.date(2026, 2, 2)


def test_bodyweight_goals_compare_the_added_weight(seeded) -> None:
    row = exercise_id("Pull-Up")
    log(row, dt.date(2026, 1, 5), [(None, 8)])
    log(row, dt.date(2026, 1, 12), [(-20.0, 10)])
    assert store.first_day_reps_met(row, 0.0, 8) == dt.date(2026, 1, 5)  # no added weight
    assert store.first_day_reps_met(row, -25.0, 10) == dt.date(2026, 1, 12)
    assert store.first_day_reps_met(row, -10.0, 10) is None


def test_merging_moves_the_others_goal_when_the_kept_one_has_none(seeded) -> None:
    keep, other = exercise_id("Dumbbell Row"), custom("DB Row Heavy")
    store.set_goal(other, GOAL)
    before = list(GoalRow.select().tuples())

    record = exercises.merge_exercises(keep, other)

    assert store.get_goal(keep) == GOAL
    assert GoalRow.select().count() == 1
    exercises.unmerge_exercises(record)
    assert store.get_goal(keep) is None
    assert store.get_goal(other) == GOAL
    after = list(GoalRow.select().tuples())
    assert [r[1:] for r in after] == [r[1:] for r in before]  # every column but the id


def test_merging_keeps_the_kept_ones_goal_and_drops_the_others(seeded) -> None:
    keep, other = exercise_id("Dumbbell Row"), exercise_id("Single-Arm Dumbbell Row")
    mine = Goal(GoalKind.E1RM, 50.0)
    store.set_goal(keep, mine)
    store.set_goal(other, GOAL)

    record = exercises.merge_exercises(keep, other)  # a catalogue exercise: archived

    assert store.get_goal(keep) == mine
    assert store.get_goal(other) is None
    exercises.unmerge_exercises(record)
    assert store.get_goal(keep) == mine
    assert store.get_goal(other) == GOAL


def test_merging_without_goals_changes_no_goal(seeded) -> None:
    keep, other = exercise_id("Dumbbell Row"), custom("DB Row Heavy")
    record = exercises.merge_exercises(keep, other)
    assert record.other_goal is None and not record.goal_moved
    exercises.unmerge_exercises(record)
    assert GoalRow.select().count() == 0


def test_deleting_the_exercise_deletes_its_goal(seeded) -> None:
    other = custom("Sled Row")
    store.set_goal(other, GOAL)
    exercises.delete_exercise(other)
    assert GoalRow.select().count() == 0


@pytest.mark.parametrize("kind", list(GoalKind))
def test_goals_of_reads_several_at_once(seeded, kind: GoalKind) -> None:
    a, b = exercise_id("Dumbbell Row"), exercise_id("Pull-Up")
    goal = Goal(kind, 40.0, 5 if kind is GoalKind.REPS else None)
    store.set_goal(a, goal)
    assert store.goals_of([a, b]) == {a: goal}
    assert store.goals_of([]) == {}


def test_first_day_e1rm_met_reads_each_sets_estimate(seeded) -> None:
    row = exercise_id("Dumbbell Row")
    log(row, dt.date(2026, 1, 5), [(40.0, 1)], warmup=True)  # a warm-up does not count
    log(row, dt.date(2026, 1, 12), [(30.0, 9), (25.0, 13)])  # 39 kg; 13 reps: no estimate
    assert store.first_day_e1rm_met(row, 40.0, "epley") is None
    log(row, dt.date(2026, 1, 19), [(30.0, 10)])  # 40 kg by Epley, 40 by Brzycki (36 / 27)
    log(row, dt.date(2026, 1, 26), [(30.0, 11)])  # 41 kg by Epley, 41.54 by Brzycki
    assert store.first_day_e1rm_met(row, 40.0, "epley") == dt.date(2026, 1, 19)
    assert store.first_day_e1rm_met(row, 41.5, "epley") is None
    assert store.first_day_e1rm_met(row, 41.5, "brzycki") == dt.date(2026, 1, 26)


def test_first_day_e1rm_met_of_a_bodyweight_exercise_adds_the_bodyweight(seeded) -> None:
    from backtracker.storage.models import BodyMetric

    row = exercise_id("Pull-Up")
    log(row, dt.date(2026, 1, 5), [(-20.0, 6)])  # assisted: 60 kg × 6 with 80 kg bodyweight
    assert store.first_day_e1rm_met(row, 70.0, "epley") is None  # no bodyweight: no load
    BodyMetric.create(measured_on=dt.date(2026, 1, 1), value=80.0)
    assert store.first_day_e1rm_met(row, 72.0, "epley") == dt.date(2026, 1, 5)  # 60 × 1.2
    assert store.first_day_e1rm_met(row, 72.1, "epley") is None
