"""Setting a goal: every bad input gets a clear message and changes nothing; weights come in
the person's unit; the status follows the sessions (issue 15 §5)."""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.domain.coach.forecast import Goal, GoalKind, Status
from backtracker.domain.errors import UserError, ValidationError
from backtracker.domain.units import KG_PER_LB
from backtracker.services import goals
from backtracker.storage.models import BodyMetric
from backtracker.storage.models import Goal as GoalRow
from tests.storage.test_goals import exercise_id, log

TODAY = dt.date(2026, 3, 18)  # the pinned clock's day


def _set(exercise: int, **changes: object) -> Goal | None:
    values: dict[str, object] = {
        "kind": "reps",
        "weight": 30.0,
        "reps": 10,
        "due_on": None,
        "unit": "kg",
    }
    values.update(changes)
    return goals.set_goal(exercise, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"weight": 0.0}, "weight", "above 0 kg"),
        ({"weight": -5.0}, "weight", "above 0 kg"),
        ({"weight": 1200.0}, "weight", "more than any lift"),
        ({"kind": "e1rm", "weight": 0.0}, "weight", "estimated 1RM above 0"),
        ({"reps": 0}, "reps", "from 1 to 100"),
        ({"reps": 101}, "reps", "from 1 to 100"),
        ({"reps": None}, "reps", "from 1 to 100"),
        ({"due_on": dt.date(2026, 3, 17)}, "due_on", "The date has passed; choose 18 Mar 2026"),
    ],
)
def test_bad_goals_are_refused_and_change_nothing(seeded, changes, field, words) -> None:
    row = exercise_id("Dumbbell Row")
    _set(row, weight=20.0)
    with pytest.raises(ValidationError) as caught:
        _set(row, **changes)
    assert caught.value.field == field
    assert words in str(caught.value)
    assert goals.get_goal(row) == Goal(GoalKind.REPS, 20.0, 10)


def test_pounds_are_stored_in_kilograms(seeded) -> None:
    row = exercise_id("Dumbbell Row")
    _set(row, weight=65.0, unit="lb", due_on=TODAY)
    stored = GoalRow.get()
    assert stored.weight_kg == pytest.approx(65.0 * KG_PER_LB)
    assert (stored.reps, stored.due_on) == (10, TODAY)
    status = goals.goal_status(row, formula="epley", unit="lb")
    assert status is not None and status.text == "Goal 65 lb × 10 by 18 Mar"
    with pytest.raises(ValidationError, match="up to 2204 lb"):
        _set(row, weight=2300.0, unit="lb")


def test_an_e1rm_goal_keeps_no_reps(seeded) -> None:
    row = exercise_id("Dumbbell Row")
    _set(row, kind="e1rm", weight=45.0, reps=8)
    assert goals.get_goal(row) == Goal(GoalKind.E1RM, 45.0)


def test_bodyweight_exercises_take_an_assisted_or_plain_goal(seeded) -> None:
    row = exercise_id("Pull-Up")
    _set(row, weight=-20.0, reps=8)
    assert goals.get_goal(row) == Goal(GoalKind.REPS, -20.0, 8)
    _set(row, weight=0.0, reps=12)
    assert goals.get_goal(row) == Goal(GoalKind.REPS, 0.0, 12)
    with pytest.raises(ValidationError, match="Assistance goes down to −500 kg"):
        _set(row, weight=-600.0)
    with pytest.raises(ValidationError, match="estimated 1RM above 0"):
        _set(row, kind="e1rm", weight=-10.0)


def test_time_exercises_have_no_goal(seeded) -> None:
    plank = exercise_id("Dead Hang")
    assert not goals.can_have_goal(plank)
    with pytest.raises(UserError, match="records time"):
        _set(plank)
    assert GoalRow.select().count() == 0


def test_clear_and_restore(seeded) -> None:
    row = exercise_id("Dumbbell Row")
    _set(row, due_on=dt.date(2026, 4, 1))
    removed = goals.clear_goal(row)
    assert goals.get_goal(row) is None
    goals.restore_goal(row, removed)
    assert goals.get_goal(row) == Goal(GoalKind.REPS, 30.0, 10, dt.date(2026, 4, 1))


def test_status_on_track_then_reached(seeded) -> None:
    row = exercise_id("Dumbbell Row")
    assert goals.goal_status(row, formula="epley", unit="kg") is None
    assert goals.goal_line(row, formula="epley", unit="kg") == ""
    # 30 × 10 is an e1RM of 40 kg. Sessions: 30 × 5 (35), 30 × 6 (36), 30 × 7 (37) a week apart.
    for week, reps in enumerate((5, 6, 7)):
        log(row, dt.date(2026, 3, 2) + dt.timedelta(days=7 * week), [(30.0, reps)])
    _set(row, due_on=dt.date(2026, 4, 30))
    status = goals.goal_status(row, formula="epley", unit="kg")
    assert status is not None
    assert status.forecast.status is Status.ON_TRACK
    assert status.forecast.target_kg == pytest.approx(40.0)
    assert status.forecast.projected_on == dt.date(2026, 4, 6)  # 1 kg a week: 3 weeks on
    assert status.line == "Goal 30 kg × 10 by 30 Apr · at this rate, about 6 Apr"
    assert status.weight_line_kg == 30.0
    log(row, dt.date(2026, 3, 17), [(30.0, 10)])
    status = goals.goal_status(row, formula="epley", unit="kg")
    assert status is not None and status.line == "Goal 30 kg × 10 by 30 Apr · reached on 17 Mar"


def test_an_e1rm_goal_is_reached_by_the_days_best_estimate(seeded) -> None:
    row = exercise_id("Dumbbell Row")
    log(row, dt.date(2026, 2, 2), [(30.0, 10), (20.0, 5)])  # e1RM 40
    _set(row, kind="e1rm", weight=40.0)
    status = goals.goal_status(row, formula="epley", unit="kg")
    assert status is not None and status.sentence == "reached on 2 Feb"
    _set(row, kind="e1rm", weight=41.0)
    status = goals.goal_status(row, formula="epley", unit="kg")
    assert status is not None and status.forecast.status is Status.NO_TREND


def test_a_bodyweight_goal_forecasts_with_the_latest_bodyweight(seeded) -> None:
    row = exercise_id("Pull-Up")
    _set(row, weight=10.0, reps=5)
    status = goals.goal_status(row, formula="epley", unit="kg")
    assert status is not None
    assert status.sentence == "no forecast without a logged bodyweight"
    BodyMetric.create(measured_on=dt.date(2026, 1, 1), value=80.0)
    status = goals.goal_status(row, formula="epley", unit="kg")
    assert status is not None
    assert status.forecast.target_kg == pytest.approx(90.0 * (1 + 5 / 30))
    assert status.weight_line_kg == 90.0
