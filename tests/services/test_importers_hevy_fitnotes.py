"""Hevy (kg and lbs) and FitNotes (current, older, locale dates, body tracker), parsed."""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.domain.units import KG_PER_LB, M_PER_MILE
from backtracker.services import importers
from tests.services.test_importers_files import (
    FITNOTES_HEADER,
    fitnotes,
    fitnotes_body,
    fitnotes_locale,
    fitnotes_older,
    hevy,
    write,
)

T = dt.datetime
D = dt.date


def test_hevy_in_kg(tmp_path):
    parsed = importers.parse(hevy(tmp_path / "h.csv"))
    upper, cardio = parsed.workouts
    assert upper.key == "hevy:2025-09-15T07:48:00:Upper, heavy"
    assert (upper.started_at, upper.ended_at) == (T(2025, 9, 15, 7, 48), T(2025, 9, 15, 8, 55))
    assert upper.name == "Upper, heavy" and upper.notes == "Good session"
    assert upper.exercise_notes == {"Bent Over Row (Dumbbell)": "Elbows in"}
    assert upper.supersets == {"Bent Over Row (Dumbbell)": 0, "Face Pull": 0}
    assert [(s.exercise, s.set_type, s.weight_kg, s.reps, s.rpe) for s in upper.sets] == [
        ("Bent Over Row (Dumbbell)", "warmup", 20.0, 12, None),
        ("Bent Over Row (Dumbbell)", "normal", 40.0, 10, 7.5),
        ("Face Pull", "normal", 30.0, 15, None),
        ("Bent Over Row (Dumbbell)", "failure", 40.0, 8, 10.0),
        ("Bent Over Row (Dumbbell)", "drop", 30.0, 6, None),  # dropset → drop
        ("Pull Up", "normal", None, 10, None),  # bodyweight: empty weight
    ]
    (run,) = cardio.sets
    assert (run.distance_m, run.duration_s, run.weight_kg) == (5000.0, 1800.0, None)
    assert parsed.unit_in_file == "kg"


def test_hevy_in_lbs_and_miles(tmp_path):
    parsed = importers.parse(hevy(tmp_path / "h.csv", imperial=True))
    assert parsed.workouts[0].sets[1].weight_kg == pytest.approx(40 * KG_PER_LB)
    assert parsed.workouts[1].sets[0].distance_m == pytest.approx(5 * M_PER_MILE)
    assert parsed.unit_in_file == "lb"


def test_hevy_refuses_an_unknown_set_type(tmp_path):
    path = hevy(tmp_path / "h.csv")
    text = path.read_text().replace(",3,dropset,", ",3,giant,")
    path.write_text(text)
    with pytest.raises(importers.ImportFileError, match=r"^Line 6: “giant” in set_type"):
        importers.parse(path)


def test_fitnotes_current(tmp_path):
    parsed = importers.parse(fitnotes(tmp_path / "f.csv"))
    first, second = parsed.workouts
    # A day's sets are that day's workout, placed at noon.
    assert first.key == "fitnotes:2023-05-02" and first.started_at == T(2023, 5, 2, 12)
    assert first.ended_at is None and first.name == ""
    rows = [(s.exercise, s.weight_kg, s.reps, s.distance_m, s.duration_s) for s in first.sets]
    assert rows == [
        ("Barbell Row", 60.0, 8, None, None),
        ("Barbell Row", 60.0, 8, None, None),  # identical rows are never de-duplicated
        ("Barbell Row", 60.0, 8, None, None),
        ("Preacher Curl", pytest.approx(55 * KG_PER_LB), 10, None, None),
        ("Treadmill Walk", None, None, 2500.0, 1500.0),
    ]
    assert first.sets[3].notes == "Slow negatives"
    assert [(s.exercise, s.reps, s.duration_s) for s in second.sets] == [
        ("Hanging Knee Raise", 15, None),
        ("Side Plank", None, 90.0),  # Time H:MM:SS → duration
    ]
    assert parsed.exercise_groups["Preacher Curl"] == "Biceps"
    assert all(s.set_type == "normal" for w in parsed.workouts for s in w.sets)


@pytest.mark.parametrize(("unit", "factor"), [("kgs", 1.0), ("lbs", KG_PER_LB)])
def test_fitnotes_older_headers(tmp_path, unit, factor):
    for comment in (True, False):
        parsed = importers.parse(fitnotes_older(tmp_path / "o.csv", unit=unit, comment=comment))
        pulldown, rowing = parsed.workouts
        assert [s.weight_kg for s in pulldown.sets] == [pytest.approx(100 * factor)] * 2
        assert pulldown.sets[1].notes == ("PR!" if comment else "")
        assert rowing.sets[0].distance_m == 2000.0 and rowing.sets[0].duration_s == 490.0
        assert parsed.unit_in_file == ("lb" if unit == "lbs" else "kg")


def test_fitnotes_dates_in_the_phones_locale(tmp_path):
    parsed = importers.parse(fitnotes_locale(tmp_path / "l.csv"))
    assert [w.started_at.date() for w in parsed.workouts] == [D(2022, 12, 3), D(2022, 12, 25)]
    month_first = write(
        tmp_path / "us.csv",
        [
            FITNOTES_HEADER,
            "12/03/2022,Deadlift,Back,140,kgs,3,,,,",
            "12/25/2022,Deadlift,Back,1,kgs,3,,,,",
        ],
    )
    parsed = importers.parse(month_first)
    assert [w.started_at.date() for w in parsed.workouts] == [D(2022, 12, 3), D(2022, 12, 25)]


def test_fitnotes_refuses_a_date_that_does_not_parse(tmp_path):
    path = write(tmp_path / "d.csv", [FITNOTES_HEADER, "2023-02-30,Deadlift,Back,1,kgs,3,,,,"])
    with pytest.raises(importers.ImportFileError, match=r"^Line 2: “2023-02-30” in Date"):
        importers.parse(path)


def test_fitnotes_body_tracker(tmp_path):
    parsed = importers.parse(fitnotes_body(tmp_path / "b.csv"))
    assert parsed.workouts == () and parsed.exercise_names == ()
    assert parsed.bodyweights == (
        (D(2023, 5, 1), 83.0),
        (D(2023, 5, 3), pytest.approx(180 * KG_PER_LB)),
    )
    assert parsed.measurements == (
        (D(2023, 5, 3), "body_fat", 18.5),
        (D(2023, 5, 3), "waist", pytest.approx(34 * 2.54)),
    )
    assert parsed.rows == 6


def test_fitnotes_body_without_a_unit_needs_one(tmp_path):
    path = write(
        tmp_path / "b.csv",
        ["Date,Time,Measurement,Value,Unit,Comment", "2023-05-01,07:10:00,Bodyweight,82.4,,"],
    )
    with pytest.raises(importers.UnitNeededError, match=r"^Line 2: "):
        importers.parse(path)
    assert importers.parse(path, unit="kg").bodyweights == ((D(2023, 5, 1), 82.4),)
