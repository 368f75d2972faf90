"""History lines count what was done, and every workout can be reached page by page."""

from __future__ import annotations

import datetime as dt

from backtracker.storage import workouts
from backtracker.storage.models import Exercise

START = dt.datetime(2026, 3, 2, 7, 0)
KEYS = ("dumbbell-row", "lat-pulldown", "superman", "renegade-row", "face-pull")


def ex(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def five_exercise_workout(started: dt.datetime = START) -> tuple[int, list[int]]:
    """A workout of the proven five with three planned sets each, none done yet; returns
    its id and the first set of each exercise."""
    plan = tuple(workouts.PlannedExercise(ex(key), sets=3) for key in KEYS)
    workout_id = workouts.start_workout(started, plan=plan)
    firsts = [link.sets[0].id for link in workouts.get_workout(workout_id).exercises]
    return workout_id, firsts


def complete(set_id: int, **values: object) -> None:
    workouts.update_set(set_id, {"completed": True, **values})


def test_exercises_with_only_planned_sets_are_not_counted(seeded):
    workout_id, firsts = five_exercise_workout()
    complete(firsts[0], weight_kg=20.0, reps=8)
    # Ended without finish_workout (an edit of the end time, an import): the planned sets stay.
    workouts.update_workout(workout_id, {"ended_at": START + dt.timedelta(hours=1)})
    (summary,) = workouts.workout_summaries()
    assert (summary.exercise_count, summary.set_count) == (1, 1)  # was 5 exercises · 1 set


def test_finished_workout_counts_the_exercises_done(seeded):
    workout_id, firsts = five_exercise_workout()
    complete(firsts[0], weight_kg=20.0, reps=8)
    complete(firsts[2], duration_s=30.0)  # a hold is an exercise done too
    workouts.finish_workout(workout_id, START + dt.timedelta(hours=1))
    (summary,) = workouts.workout_summaries()
    assert (summary.exercise_count, summary.set_count) == (2, 2)


def test_an_exercise_with_only_a_warm_up_was_done_but_has_no_work_set(seeded):
    workout_id, firsts = five_exercise_workout()
    complete(firsts[0], weight_kg=10.0, reps=12, set_type="warmup")
    workouts.finish_workout(workout_id, START + dt.timedelta(hours=1))
    (summary,) = workouts.workout_summaries()
    assert (summary.exercise_count, summary.set_count) == (1, 0)


def _log_many(count: int, *, same_start_every: int = 0) -> list[int]:
    """`count` finished workouts a day apart (every `same_start_every`-th shares the start of
    the one before it); returns their ids newest first as History must list them."""
    made: list[tuple[dt.datetime, int]] = []
    started = START
    for number in range(count):
        if not (same_start_every and number % same_start_every == 1):
            started = START - dt.timedelta(days=number)
        workout_id = workouts.start_workout(started)
        workouts.update_workout(workout_id, {"ended_at": started + dt.timedelta(hours=1)})
        made.append((started, workout_id))
    return [workout_id for _, workout_id in sorted(made, reverse=True)]


def test_pages_reach_every_workout_past_the_old_limit_of_200(seeded):
    expected = _log_many(250, same_start_every=7)
    seen: list[int] = []
    after = None
    pages = []
    while True:
        page = workouts.workout_summaries(after=after)
        if not page:
            break
        pages.append(len(page))
        seen += [summary.id for summary in page]
        after = (page[-1].started_at, page[-1].id)
    assert pages == [100, 100, 50]
    assert seen == expected  # newest first, ties by id, none twice, none left out
    assert len(set(seen)) == 250


def test_a_page_below_a_tie_keeps_the_rest_of_the_tie(seeded):
    first = workouts.start_workout(START)
    second = workouts.start_workout(START)
    for workout_id in (first, second):
        workouts.update_workout(workout_id, {"ended_at": START + dt.timedelta(hours=1)})
    (top,) = workouts.workout_summaries(limit=1)
    assert top.id == second
    (below,) = workouts.workout_summaries(limit=1, after=(top.started_at, top.id))
    assert below.id == first
    assert workouts.workout_summaries(after=(START, first)) == []
