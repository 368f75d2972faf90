"""Body measurements: record/replace/undo/delete, series, the V-taper, preferences, the
FitNotes body tracker import of every measurement, and the body CSV export (API and CLI)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backtracker.domain import clock
from backtracker.domain.errors import ValidationError
from backtracker.services import body_export, importers, measurements, preferences
from backtracker.services.importers import BadRowsError
from backtracker.services.measurements import Entry
from backtracker.storage.body import set_bodyweight
from backtracker.storage.models import BodyMetric
from backtracker.storage.settings import set_setting

D = dt.date
BODY = "Date,Time,Measurement,Value,Unit,Comment"


def stored() -> dict[tuple[dt.date, str], float]:
    return {(r.measured_on, r.metric): round(r.value, 2) for r in BodyMetric.select()}


def write(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([BODY, *rows]) + "\n", encoding="utf-8")
    return path


# -- record, replace, undo, delete -----------------------------------------------------------
def test_record_in_inches_stores_cm_and_replacing_keeps_what_to_put_back(profile):
    today = clock.today()
    first = measurements.record(today, "waist", "32", "in")
    assert first.replaced is None
    assert stored() == {(today, "waist"): 81.28}
    second = measurements.record(today, "waist", "81 cm", "in")
    assert second.replaced == first.entry
    assert stored() == {(today, "waist"): 81.0}  # one entry a day and metric
    measurements.restore(today, "waist", second.replaced)  # undo the replace
    assert stored() == {(today, "waist"): 81.28}
    measurements.restore(today, "waist", first.replaced)  # undo the first: nothing there
    assert stored() == {}


def test_bad_input_stores_nothing(profile):
    today = clock.today()
    for text in ("", "abc", "5", "-3"):
        with pytest.raises(ValidationError):
            measurements.record(today, "waist", text, "cm")
    with pytest.raises(ValidationError, match="future"):
        measurements.record(today + dt.timedelta(days=1), "waist", "84", "cm")
    with pytest.raises(ValidationError, match="Choose a measurement"):
        measurements.record(today, "mood", "7", "cm")
    assert BodyMetric.select().count() == 0


def test_delete_returns_the_entry_and_put_brings_it_back(profile):
    day = D(2026, 3, 1)
    measurements.record(day, "body_fat", "18.5", "cm")
    gone = measurements.delete(day, "body_fat")
    assert gone == Entry(day, "body_fat", 18.5, "", "app")
    assert stored() == {}
    assert measurements.delete(day, "body_fat") is None
    measurements.put(gone)
    assert stored() == {(day, "body_fat"): 18.5}


def test_bodyweight_is_not_a_measurement_here(profile):
    set_bodyweight(D(2026, 3, 1), 80.0)
    assert measurements.latest() == []
    assert not measurements.has_any()


def test_latest_gives_each_metrics_newest_in_the_lists_order(profile):
    measurements.record(D(2026, 3, 1), "chest", "100", "cm")
    measurements.record(D(2026, 3, 2), "waist", "85", "cm")
    measurements.record(D(2026, 3, 9), "waist", "84", "cm")
    assert [(e.metric, e.value, e.day) for e in measurements.latest()] == [
        ("waist", 84.0, D(2026, 3, 9)),
        ("chest", 100.0, D(2026, 3, 1)),
    ]
    assert measurements.has_any()


def test_series_has_the_points_and_a_four_entry_moving_average(profile):
    for day, value in ((1, "84"), (8, "86"), (15, "82"), (22, "80"), (29, "78")):
        measurements.record(D(2026, 1, day), "waist", value, "cm")
    series = measurements.series("waist")
    assert [v for _, v in series.points] == [84, 86, 82, 80, 78]
    assert series.average == [84, 85, 84, 83, 81.5]


def test_v_taper_series_pairs_shoulders_with_the_waist(profile):
    measurements.record(D(2026, 1, 1), "waist", "80", "cm")
    measurements.record(D(2026, 1, 1), "shoulders", "120", "cm")
    measurements.record(D(2026, 1, 20), "shoulders", "121", "cm")  # no waist within a week
    measurements.record(D(2026, 2, 1), "waist", "78", "cm")
    measurements.record(D(2026, 2, 3), "shoulders", "124.8", "cm")
    ratio = measurements.series("v_taper")
    assert ratio.points == [(D(2026, 1, 1), 1.5), (D(2026, 2, 3), pytest.approx(1.6))]
    assert ratio.average == [1.5, pytest.approx(1.55)]


def test_changes_between_two_dates_use_the_value_on_or_before_each(profile):
    measurements.record(D(2026, 1, 1), "waist", "84", "cm")
    measurements.record(D(2026, 1, 1), "chest", "100", "cm")
    measurements.record(D(2026, 3, 1), "waist", "81", "cm")
    measurements.record(D(2026, 3, 1), "neck", "40", "cm")  # only after the first date
    assert measurements.changes_between(D(2026, 1, 5), D(2026, 3, 10), "cm") == ["waist 84 → 81 cm"]
    assert measurements.changes_between(D(2025, 12, 1), D(2026, 3, 10), "cm") == []


# -- preferences -----------------------------------------------------------------------------
def test_length_unit_preference_defaults_and_validation(profile):
    assert preferences.load().length_unit == "cm"
    set_setting(preferences.KEY, {"unit": "lb"})  # saved before there was a length unit
    assert preferences.load().length_unit == "in"
    set_setting(preferences.KEY, {"unit": "lb", "length_unit": "cm"})  # the person's choice
    assert preferences.load().length_unit == "cm"
    with pytest.raises(ValidationError, match="centimetres or inches"):
        preferences.validate(preferences.Preferences(length_unit="mm"))
    saved = preferences.save(preferences.Preferences(length_unit="in"))
    assert preferences.load() == saved


# -- FitNotes body tracker import ------------------------------------------------------------
FITNOTES_ROWS = [
    "2024-02-01,07:00:00,Bodyweight,82.0,kgs,",
    "2024-02-01,07:01:00,Waist,33.5,in,",
    "2024-02-01,07:02:00,Chest,104,cm,",
    "2024-02-01,07:03:00,Shoulders,122,cm,",
    "2024-02-01,07:04:00,Neck,40,cm,",
    "2024-02-01,07:05:00,Biceps,38.5,cm,",
    "2024-02-01,07:06:00,Forearms,31,cm,",
    "2024-02-01,07:07:00,Hips,98,cm,",
    "2024-02-01,07:08:00,Thighs,58,cm,",
    "2024-02-01,07:09:00,Calves,38,cm,",
    "2024-02-01,07:10:00,Body Fat,17.5,%,",
    "2024-02-08,07:00:00,Upper Arm,15.25,in,",
    "2024-02-08,07:01:00,Mood,7,,",
    "2024-02-08,07:02:00,Left Biceps,38,cm,",
    "2024-02-09,07:02:00,Mood,6,,",
    "2024-02-09,07:03:00,Waist,84,furlongs,",
]


def test_fitnotes_body_export_imports_every_measurement_it_carries(seeded, tmp_path):
    path = write(tmp_path / "body.csv", FITNOTES_ROWS)
    parsed = importers.parse(path)
    assert parsed.problems == ()
    assert dict(((d, k), round(v, 2)) for d, k, v in parsed.measurements) == {
        (D(2024, 2, 1), "waist"): 85.09,
        (D(2024, 2, 1), "chest"): 104.0,
        (D(2024, 2, 1), "shoulders"): 122.0,
        (D(2024, 2, 1), "neck"): 40.0,
        (D(2024, 2, 1), "upper_arm"): 38.5,
        (D(2024, 2, 1), "forearm"): 31.0,
        (D(2024, 2, 1), "hips"): 98.0,
        (D(2024, 2, 1), "thigh"): 58.0,
        (D(2024, 2, 1), "calf"): 38.0,
        (D(2024, 2, 1), "body_fat"): 17.5,
        (D(2024, 2, 8), "upper_arm"): 38.73,
    }
    assert parsed.notices == (
        "Skipped 2 rows of “Mood” (lines 14, 16): BackTracker keeps bodyweight, waist, "
        "chest, shoulders, neck, upper arm, forearm, hips, thigh, calf and body fat.",
        "Skipped 1 row of “Left Biceps” (line 15): BackTracker keeps one value a day for each "
        "measurement, not left and right.",
        "Skipped 1 row of “Waist” (line 17): a length in “furlongs”; cm or in was expected.",
    )
    result = importers.import_file(path)  # not refused: skipped rows are no problem lines
    assert (result.bodyweights_added, result.measurements_added) == (1, 11)
    assert stored()[(D(2024, 2, 1), "waist")] == 85.09
    assert stored()[(D(2024, 2, 8), "upper_arm")] == 38.73
    assert len(stored()) == 12
    assert measurements.latest()[0].source == "fitnotes-body"


def test_fitnotes_measurement_out_of_range_is_a_problem_line(seeded, tmp_path):
    path = write(
        tmp_path / "body.csv",
        ["2024-02-01,07:01:00,Waist,120,in,", "2024-02-01,07:02:00,Chest,104,cm,"],
    )
    with pytest.raises(BadRowsError) as refused:
        importers.import_file(path)
    assert [p.line for p in refused.value.problems] == [2]
    assert "outside 40 to 250 cm" in refused.value.problems[0].reason
    assert BodyMetric.select().count() == 0
    result = importers.import_file(path, skip_bad_rows=True)
    assert result.measurements_added == 1 and stored() == {(D(2024, 2, 1), "chest"): 104.0}


# -- export ----------------------------------------------------------------------------------
def test_body_export_writes_canonical_units(profile, tmp_path):
    set_bodyweight(D(2026, 3, 1), 80.5)
    measurements.record(D(2026, 3, 1), "waist", "32", "in")
    measurements.record(D(2026, 3, 1), "body_fat", "18.5", "cm")
    measurements.put(Entry(D(2026, 2, 1), "chest", 101.0, "after a cold, waist, too", "app"))
    target = tmp_path / "body.csv"
    assert body_export.export_measurements_csv(target) == 4
    raw = target.read_bytes()
    assert raw.startswith(b"date,metric,value,unit,notes\r\n")
    rows = list(csv.reader(raw.decode("utf-8").splitlines()))
    assert rows == [
        ["date", "metric", "value", "unit", "notes"],
        ["2026-02-01", "chest", "101", "cm", "after a cold, waist, too"],
        ["2026-03-01", "body_fat", "18.5", "%", ""],
        ["2026-03-01", "bodyweight", "80.5", "kg", ""],
        ["2026-03-01", "waist", "81.28", "cm", ""],
    ]


def test_body_export_to_a_missing_folder_says_so(profile, tmp_path):
    from backtracker.domain.errors import UserError

    with pytest.raises(UserError, match="does not exist"):
        body_export.export_measurements_csv(tmp_path / "nowhere" / "body.csv")


def test_cli_exports_the_body_log(tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "backtracker", *args],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )

    imported = run("import", str(write(tmp_path / "b.csv", FITNOTES_ROWS)), "--data-dir", str(data))
    assert imported.returncode == 0, imported.stderr
    assert "Skipped 2 rows of “Mood”" in imported.stdout
    out = tmp_path / "out.csv"
    exported = run("export", str(out), "--format", "body", "--data-dir", str(data))
    assert exported.returncode == 0, exported.stderr
    assert "Exported 12 entries" in exported.stdout and "body measurements CSV" in exported.stdout
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "date,metric,value,unit,notes"
    assert "2024-02-01,waist,85.09,cm," in lines
    assert "2024-02-08,upper_arm,38.735,cm," in lines
