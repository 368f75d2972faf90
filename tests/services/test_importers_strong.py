"""Strong: the five variants and the quirks, parsed into canonical units (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.domain.units import KG_PER_LB, M_PER_MILE
from backtracker.services import importers
from tests.services.test_importers_files import (
    NNBSP,
    STRONG_IOS_HEADER,
    strong_2024,
    strong_android,
    strong_ios,
    strong_ios_12h,
    strong_legacy,
    write,
)

T = dt.datetime


def sets_of(parsed: importers.ParsedFile) -> list[tuple]:
    return [
        (s.exercise, s.set_type, s.weight_kg, s.reps, s.duration_s, s.distance_m, s.rpe, s.notes)
        for w in parsed.workouts
        for s in w.sets
    ]


def test_android_semicolons_quoted_units_in_the_header(tmp_path):
    parsed = importers.parse(strong_android(tmp_path / "a.csv"))
    (workout,) = parsed.workouts
    assert workout.key == "strong:2019-03-04T18:02:11:Back A"
    assert workout.started_at == T(2019, 3, 4, 18, 2, 11)
    assert workout.ended_at == T(2019, 3, 4, 18, 52, 11)  # Duration (sec) 3000
    assert workout.notes == "Good"
    assert sets_of(parsed) == [
        ("Bent Over Row (Dumbbell)", "warmup", 10.0, 12, None, None, None, ""),
        ("Bent Over Row (Dumbbell)", "normal", 22.5, 10, None, None, 8.0, ""),  # "22,5"
        ("Bent Over Row (Dumbbell)", "normal", 22.5, 9, None, None, None, "slow"),
        ("Running", "normal", None, None, 600.0, 2.0, None, ""),  # metres as written
    ]
    assert parsed.rows == 4 and parsed.unit_in_file == "kg"


def test_android_in_lbs_and_miles_is_converted(tmp_path):
    parsed = importers.parse(strong_android(tmp_path / "a.csv", weight="lbs", distance="miles"))
    found = sets_of(parsed)
    assert found[1][2] == pytest.approx(22.5 * KG_PER_LB)
    assert found[3][5] == pytest.approx(2 * M_PER_MILE)
    km = importers.parse(strong_android(tmp_path / "k.csv", distance="km"))
    assert sets_of(km)[3][5] == pytest.approx(2000.0)


def test_the_unit_named_in_a_file_wins_over_the_chosen_one(tmp_path):
    path = strong_android(tmp_path / "a.csv")
    assert sets_of(importers.parse(path, unit="lb")) == sets_of(importers.parse(path))


def test_legacy_unit_columns_per_row(tmp_path):
    parsed = importers.parse(strong_legacy(tmp_path / "l.csv"))
    assert sets_of(parsed) == [
        ("Deadlift (Barbell)", "normal", 100.0, 5, None, None, None, ""),
        ("Deadlift (Barbell)", "failure", pytest.approx(225 * KG_PER_LB), 3, None, None, 9.5, ""),
        ("Rowing (Machine)", "normal", None, None, 480.0, 2000.0, None, ""),
    ]
    (workout,) = parsed.workouts
    assert workout.ended_at is None and workout.notes == "Early one"
    assert parsed.unit_in_file == "kg"


def test_ios_needs_the_unit(tmp_path):
    path = strong_ios(tmp_path / "ios.csv")
    with pytest.raises(importers.UnitNeededError, match=r"^Line 1: .*kg or lb"):
        importers.parse(path)
    kg = importers.parse(path, unit="kg")
    lb = importers.parse(path, unit="lb")
    assert sets_of(kg)[1][2] == 50.0
    assert sets_of(lb)[1][2] == pytest.approx(50 * 0.45359237)


def test_ios_durations_rest_timer_note_supersets_and_repeats(tmp_path):
    parsed = importers.parse(strong_ios(tmp_path / "ios.csv"), unit="kg")
    first, second = parsed.workouts
    assert first.started_at == T(2020, 12, 30, 18, 51, 52)
    assert first.ended_at == T(2020, 12, 30, 21, 29, 52)  # 2h 38m
    assert second.ended_at == T(2021, 1, 2, 9, 49)  # 49m
    assert first.name == "Push & Pull" and second.notes == "Felt strong"
    # Rest Timer and Note rows are not sets; they go to the exercise.
    assert first.rest_by_exercise == {"Lat Pulldown (Cable)": 120}
    assert first.exercise_notes == {"Lat Pulldown (Cable)": "Wide grip, slow"}
    assert [(s.exercise, s.set_type, s.reps) for s in first.sets] == [
        ("Lat Pulldown (Cable)", "warmup", 15),
        ("Lat Pulldown (Cable)", "normal", 10),
        ("Face Pull (Cable)", "normal", 15),
        ("Lat Pulldown (Cable)", "normal", 9),  # set order restarted: still a set
        ("Face Pull (Cable)", "normal", 14),
        ("Lat Pulldown (Cable)", "drop", 12),
        ("Plank", "normal", None),
    ]
    assert first.sets[-1].duration_s == 60.0 and first.sets[-1].weight_kg is None
    assert first.sets[1].rpe == 8.0 and first.sets[0].rpe is None
    assert [s.line for s in first.sets[:3]] == [2, 3, 6]
    assert len(second.sets) == 3  # identical rows are all kept
    assert parsed.exercise_names == (
        "Lat Pulldown (Cable)",
        "Face Pull (Cable)",
        "Plank",
        "Chin Up",
    )
    assert parsed.rows == 12 and parsed.set_count == 10


def test_twelve_hour_times_with_narrow_no_break_space(tmp_path):
    parsed = importers.parse(strong_ios_12h(tmp_path / "12.csv"), unit="kg")
    starts = [w.started_at for w in parsed.workouts]
    assert starts == [
        T(2025, 1, 30, 12, 34, 56),  # 12:34:56 pm is just after noon
        T(2025, 1, 31, 6, 5, 9),  # a plain space before "am"
        T(2025, 2, 1, 0, 0, 0),  # 12:00:00 AM is midnight
    ]
    assert parsed.workouts[0].ended_at == T(2025, 1, 30, 13, 36, 56)
    assert parsed.workouts[0].sets[1].rpe == 7.5
    assert parsed.workouts[0].key == "strong:2025-01-30T12:34:56:Lunch"


def test_the_same_workout_in_24_and_12_hour_files_has_one_key(tmp_path):
    rows = [f"2025-01-30 1:02:03{NNBSP}pm,A,5m,Chin Up,1,0,5,0,0,,,"]
    twelve = importers.parse(write(tmp_path / "a.csv", [STRONG_IOS_HEADER, *rows]), unit="kg")
    rows = ["2025-01-30 13:02:03,A,5m,Chin Up,1,0,5,0,0,,,"]
    day = importers.parse(write(tmp_path / "b.csv", [STRONG_IOS_HEADER, *rows]), unit="kg")
    assert twelve.workouts[0].key == day.workouts[0].key


def test_late_2024_ten_columns_decimal_reps(tmp_path):
    parsed = importers.parse(strong_2024(tmp_path / "5.csv"), unit="kg")
    (workout,) = parsed.workouts
    assert workout.ended_at == T(2024, 11, 5, 18, 20)  # "1h"
    assert workout.rest_by_exercise == {"Squat (Barbell)": 180}
    assert workout.exercise_notes == {}  # a Note row with no notes column has nothing to say
    assert sets_of(parsed) == [
        ("Squat (Barbell)", "warmup", 60.0, 13, None, None, None, ""),
        ("Squat (Barbell)", "normal", 100.0, 5, None, None, 8.5, ""),
        ("Cycling (Indoor)", "normal", None, None, 900.0, 5500.0, None, ""),  # km for kg people
    ]
    miles = importers.parse(tmp_path / "5.csv", unit="lb")
    assert sets_of(miles)[2][5] == pytest.approx(5.5 * M_PER_MILE)


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("abc", "“abc” in Weight is not a number"),
        ("nan", "“nan” in Weight is not a number"),
    ],
)
def test_a_bad_number_names_the_line_and_column(tmp_path, cell, problem):
    rows = [
        "2020-12-30 18:51:52,A,1h,Chin Up,1,0,5,0,0,,,",
        f"2020-12-30 18:51:52,A,1h,Chin Up,2,{cell},5,0,0,,,",
    ]
    path = write(tmp_path / "bad.csv", [STRONG_IOS_HEADER, *rows])
    with pytest.raises(importers.ImportFileError) as caught:
        importers.parse(path, unit="kg")
    assert str(caught.value).startswith(f"Line 3: {problem}")
    assert caught.value.line == 3


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("2020-12-30 18:51:52,A,1h,Chin Up,1,0,5.5,0,0,,,", "“5.5” in Reps is not a whole"),
        ("2020-12-30 18:51:52,A,1h,Chin Up,X,0,5,0,0,,,", "“X” in Set Order is not a set"),
        ("2020-12-30 18:51:52,A,1h,Chin Up,1,0,5,0,0,,,11", "“11” in RPE is not an RPE"),
        ("2020-13-30 18:51:52,A,1h,Chin Up,1,0,5,0,0,,,", "“2020-13-30 18:51:52” in Date"),
        ("30/12/2020 18:51,A,1h,Chin Up,1,0,5,0,0,,,", "is not a date BackTracker can read"),
        ("2020-12-30 18:51:52,A,soon,Chin Up,1,0,5,0,0,,,", "“soon” in Duration is not a"),
        ("2020-12-30 18:51:52,A,1h,,1,0,5,0,0,,,", "the Exercise Name is empty"),
        ("2020-12-30 18:51:52,A,1h,Chin Up,1,0,5", "this row has 7 fields but the header"),
    ],
)
def test_bad_rows_are_refused_with_the_line(tmp_path, row, problem):
    path = write(tmp_path / "bad.csv", [STRONG_IOS_HEADER, "", row])
    with pytest.raises(importers.ImportFileError) as caught:
        importers.parse(path, unit="kg")
    assert str(caught.value).startswith("Line 3: ")
    assert problem in str(caught.value)


def test_line_numbers_count_notes_that_span_lines(tmp_path):
    rows = [
        '2020-12-30 18:51:52,A,1h,Chin Up,1,0,5,0,0,"two\nlines",,',
        "2020-12-30 18:51:52,A,1h,Chin Up,2,0,x,0,0,,,",
    ]
    path = write(tmp_path / "multi.csv", [STRONG_IOS_HEADER, *rows], crlf=False)
    with pytest.raises(importers.ImportFileError, match=r"^Line 4: “x” in Reps"):
        importers.parse(path, unit="kg")


def test_progress_is_reported_and_cancel_stops_parsing(tmp_path):
    row = "2020-12-30 18:51:52,A,1h,Chin Up,1,0,5,0,0,,,"
    path = write(tmp_path / "big.csv", [STRONG_IOS_HEADER, *[row] * 5000])
    seen: list[tuple[int, int]] = []
    parsed = importers.parse(path, unit="kg", progress=lambda d, t: seen.append((d, t)))
    assert parsed.set_count == 5000
    assert seen[-1] == (5000, 5000) and len(seen) >= 3
    assert all(done <= total for done, total in seen)
    with pytest.raises(importers.ImportCancelled):
        importers.parse(path, unit="kg", cancelled=lambda: True)
