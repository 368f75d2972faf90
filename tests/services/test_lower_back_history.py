"""Progress ▸ Lower back, the service: weeks filled from the range (or from the first thing to
show), the weekly high and moderate spinal-load sets, and the summary line.

Today is Wed 2026-03-18 (the pinned clock), so this week starts Mon 16 Mar. History:
    Mon 23 Feb  Barbell Row 6 work sets (high), flag 6 "pulled on the last set"; posture 2
    Tue 3 Mar   Barbell Row 4 (high) + Seated Cable Row 3 (moderate), flag 5; lower back 4
    Thu 12 Mar  Deadlift 2 (high), flag 3; posture 4
    Tue 17 Mar  Barbell Row 5 (high), this week
Range from Mon 23 Feb: weeks 23 Feb, 2 Mar, 9 Mar, 16 Mar. High sets 6, 4, 2, 5: the
finished weeks average (6 + 4 + 2) / 3 = 4. Flags of 4 or more: 6, 5 on the row and the 4
on the lower back.
"""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.domain import clock
from backtracker.services import discomfort
from backtracker.services import lower_back_history as service
from backtracker.storage import workouts
from backtracker.storage.lower_back_history import FlagRow, PostureRow
from backtracker.storage.models import Exercise

DONE = {"completed": True}


def session(when: dt.datetime, sets: dict[str, int]) -> tuple[int, dict[str, int]]:
    workout = workouts.start_workout(when)
    links = {}
    for key, count in sets.items():
        exercise = Exercise.get(Exercise.catalogue_key == key).id
        links[key] = workouts.add_exercise(workout, workouts.PlannedExercise(exercise))
        for _ in range(count):
            workouts.add_set(links[key], {"weight_kg": 50.0, "reps": 8, **DONE})
    return workout, links


@pytest.fixture
def history(seeded) -> None:
    first, links = session(dt.datetime(2026, 2, 23, 18), {"barbell-row": 6})
    discomfort.save(first, {links["barbell-row"]: (6, "pulled on the last set")})
    workouts.update_workout(first, {"posture_score": 2})
    second, links = session(dt.datetime(2026, 3, 3, 18), {"barbell-row": 4, "seated-cable-row": 3})
    discomfort.save(second, {links["barbell-row"]: (5, ""), None: (4, "after the drive")})
    third, links = session(dt.datetime(2026, 3, 12, 7), {"deadlift": 2})
    discomfort.save(third, {links["deadlift"]: (3, "")})
    workouts.update_workout(third, {"posture_score": 4})
    session(dt.datetime(2026, 3, 17, 18), {"barbell-row": 5})


def test_weeks_sets_and_summary(history):
    result = service.history(dt.date(2026, 2, 25), clock.today())  # a Wednesday: its Monday
    assert result.weeks == (
        dt.date(2026, 2, 23),
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 9),
        dt.date(2026, 3, 16),
    )
    assert result.high_sets == (6, 4, 2, 5)
    assert result.moderate_sets == (0, 3, 0, 0)
    assert [(f.exercise, f.score) for f in result.flags] == [
        ("Barbell Row", 6),
        (None, 4),
        ("Barbell Row", 5),
        ("Deadlift", 3),
    ]
    assert [p.score for p in result.posture] == [2, 4]
    assert result.has_marks and result.logged_ever
    assert result.summary == (
        "Last 4 weeks: 3 flags of 4 or more (Barbell Row twice, the lower back as a whole "
        "once); posture 3 of 5 on average; high-spinal-load sets 4 a week on average."
    )


def test_all_of_history_starts_at_the_first_week_with_something(history):
    result = service.history(None, clock.today())
    assert result.weeks[0] == dt.date(2026, 2, 23)
    assert result.weeks[-1] == dt.date(2026, 3, 16)


def test_a_range_without_flags_or_checkins_says_so(history):
    result = service.history(dt.date(2026, 3, 16), clock.today())
    assert result.weeks == (dt.date(2026, 3, 16),)
    assert result.high_sets == (5,)
    assert not result.has_marks
    assert result.logged_ever  # there are some, further back
    assert result.summary == ("This week: no flags of 4 or more; high-spinal-load sets 5 so far.")


def test_nothing_logged_at_all(seeded):
    result = service.history(dt.date(2026, 2, 18), clock.today())
    assert len(result.weeks) == 5 and result.high_sets == (0,) * 5
    assert not result.has_marks and not result.logged_ever
    assert result.summary == ""
    assert service.history(None, clock.today()).weeks == (dt.date(2026, 3, 16),)


def flag(exercise: str | None, score: int) -> FlagRow:
    return FlagRow(1, dt.date(2026, 3, 2), score, "", None if exercise is None else 1, exercise)


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ([flag("Barbell Row", 4)], "1 flag of 4 or more (Barbell Row)"),
        (
            [flag("Barbell Row", 4), flag("Barbell Row", 9)],
            "2 flags of 4 or more, all on Barbell Row",
        ),
        ([flag("Deadlift", 3), flag(None, 2)], "no flags of 4 or more"),
        (
            [flag(n, 5) for n in ("B", "A", "C", "D", "D")],
            "5 flags of 4 or more (D twice, A once, B once, …)",
        ),
    ],
)
def test_the_flags_part_of_the_summary(flags, expected):
    weeks = [dt.date(2026, 3, 2), dt.date(2026, 3, 9)]
    text = service.summary(weeks, [7, 0], flags, [PostureRow(1, weeks[0], 5, "")])
    assert text == f"Last 2 weeks: {expected}; posture 5 of 5 on average; " + (
        "high-spinal-load sets 7 a week on average."
    )
