"""Export files in every variant of FORMATS.md (invented workouts), and format detection.

The writers here are shared by the other importer tests. Each file carries the quirks of its
variant: W/D/F set markers, Rest Timer and Note rows, a superset whose set order restarts,
empty RPE, 0 for unused distance and seconds, a BOM and CRLF line ends.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backtracker.services import importers
from backtracker.services.importers import SourceFormat

NNBSP = "\u202f"  # narrow no-break space, as Strong iOS writes before am/pm


def write(path: Path, lines: list[str], *, bom: bool = True, crlf: bool = True) -> Path:
    text = ("\r\n" if crlf else "\n").join(lines) + ("\r\n" if crlf else "\n")
    path.write_bytes((("\ufeff" if bom else "") + text).encode("utf-8"))
    return path


# --- Strong -------------------------------------------------------------------------------


def _quoted(*cells: str) -> str:
    return ";".join(f'"{c}"' for c in cells)


def strong_android(path: Path, *, weight: str = "kg", distance: str = "meters") -> Path:
    """Variant 1: semicolons, every field quoted, units in the header."""
    header = _quoted(
        "Workout #", "Date", "Workout Name", "Duration (sec)", "Exercise Name", "Set Order",
        f"Weight ({weight})", "Reps", "RPE", f"Distance ({distance})", "Seconds", "Notes",
        "Workout Notes",
    )  # fmt: skip
    day = ("1", "2019-03-04 18:02:11", "Back A", "3000")
    rows = [
        _quoted(*day, "Bent Over Row (Dumbbell)", "W", "10", "12", "", "0", "0", "", "Good"),
        _quoted(*day, "Bent Over Row (Dumbbell)", "1", "22,5", "10", "8", "0", "0", "", "Good"),
        _quoted(*day, "Bent Over Row (Dumbbell)", "2", "22.5", "9", "", "0", "0", "slow", ""),
        _quoted(*day, "Running", "1", "0", "0", "", "2", "600", "", ""),
    ]
    return write(path, [header, *rows])


STRONG_LEGACY_HEADER = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
    "Distance Unit;Seconds;Notes;Workout Notes"
)


def strong_legacy(path: Path) -> Path:
    """Variant 2: semicolons, separate unit columns (one lb row among kg rows)."""
    rows = [
        "2018-06-01 07:15:00;Morning;Deadlift (Barbell);1;100;kg;5;;0;;0;;Early one",
        "2018-06-01 07:15:00;Morning;Deadlift (Barbell);F;225;lbs;3;9.5;0;;0;;Early one",
        "2018-06-01 07:15:00;Morning;Rowing (Machine);1;0;;0;;2;km;480;;Early one",
    ]
    return write(path, [STRONG_LEGACY_HEADER, *rows])


STRONG_IOS_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE"
)


def strong_ios(path: Path) -> Path:
    """Variant 3: commas, no unit, "2h 38m" durations; a superset, Rest Timer and Note rows."""
    a = "2020-12-30 18:51:52,Push & Pull,2h 38m"
    b = "2021-01-02 09:00:00,Short,49m"
    rows = [
        f"{a},Lat Pulldown (Cable),W,20,15,0,0,,,",
        f"{a},Lat Pulldown (Cable),1,50,10,0,0,,,8",
        f"{a},Lat Pulldown (Cable),Rest Timer,0,0,0,120,,,",
        f'{a},Lat Pulldown (Cable),Note,0,0,0,0,"Wide grip, slow",,',
        f"{a},Face Pull (Cable),1,15,15,0,0,,,",
        f"{a},Lat Pulldown (Cable),1,50,9,0,0,,,",  # the superset: set order restarts
        f"{a},Face Pull (Cable),1,15,14,0,0,,,",
        f"{a},Lat Pulldown (Cable),D,35,12,0,0,,,",
        f"{a},Plank,1,0,0,0,60,,,",
        f"{b},Chin Up,1,0,8,0,0,,Felt strong,",
        f"{b},Chin Up,2,0,8,0,0,,Felt strong,",  # identical rows are two real sets
        f"{b},Chin Up,2,0,8,0,0,,Felt strong,",
    ]
    return write(path, [STRONG_IOS_HEADER, *rows])


def strong_ios_12h(path: Path) -> Path:
    """Variant 4: 12-hour times, U+202F or a plain space before am/pm."""
    rows = [
        f"2025-01-30 12:34:56{NNBSP}pm,Lunch,1h 2m,Bent Over Row (Dumbbell),1,50,8,0,0,,,",
        f"2025-01-30 12:34:56{NNBSP}pm,Lunch,1h 2m,Bent Over Row (Dumbbell),2,50,8,0,0,,,7.5",
        "2025-01-31 6:05:09 am,Early,35m,Bent Over Row (Dumbbell),1,55,6,0,0,,,",
        f"2025-02-01 12:00:00{NNBSP}AM,Midnight,10m,Bent Over Row (Dumbbell),1,40,12,0,0,,,",
    ]
    return write(path, [STRONG_IOS_HEADER, *rows], bom=False)


STRONG_2024_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,RPE"
)


def strong_2024(path: Path) -> Path:
    """Variant 5: ten columns, no notes; reps written as 13.0."""
    rows = [
        "2024-11-05 17:20:00,Legs,1h,Squat (Barbell),W,60.0,13.0,0,0,",
        "2024-11-05 17:20:00,Legs,1h,Squat (Barbell),1,100.0,5.0,0,0,8.5",
        "2024-11-05 17:20:00,Legs,1h,Squat (Barbell),Rest Timer,0,0,0,180,",
        "2024-11-05 17:20:00,Legs,1h,Squat (Barbell),Note,0,0,0,0,",
        "2024-11-05 17:20:00,Legs,1h,Cycling (Indoor),1,0,0.0,5.5,900,",
    ]
    return write(path, [STRONG_2024_HEADER, *rows], crlf=False)


# --- Hevy ---------------------------------------------------------------------------------


def hevy(path: Path, *, imperial: bool = False) -> Path:
    weight, distance = (
        ("weight_lbs", "distance_miles") if imperial else ("weight_kg", "distance_km")
    )
    header = ",".join(
        f'"{c}"'
        for c in (
            "title", "start_time", "end_time", "description", "exercise_title", "superset_id",
            "exercise_notes", "set_index", "set_type", weight, "reps", distance,
            "duration_seconds", "rpe",
        )
    )  # fmt: skip
    head = '"Upper, heavy","15 Sep 2025, 07:48","15 Sep 2025, 08:55","Good session"'
    rows = [
        f"{head},Bent Over Row (Dumbbell),0,Elbows in,0,warmup,20,12,,,",
        f"{head},Bent Over Row (Dumbbell),0,Elbows in,1,normal,40,10,,,7.5",
        f"{head},Face Pull,0,,0,normal,30,15,,,",
        f"{head},Bent Over Row (Dumbbell),0,Elbows in,2,failure,40,8,,,10",
        f"{head},Bent Over Row (Dumbbell),0,Elbows in,3,dropset,30,6,,,",
        f"{head},Pull Up,,,0,normal,,10,,,",
        '"Cardio","16 Sep 2025, 18:05","16 Sep 2025, 18:40",,Running,,,0,normal,,,5,1800,',
    ]
    return write(path, [header, *rows], bom=False, crlf=False)


# --- FitNotes -----------------------------------------------------------------------------

FITNOTES_HEADER = (
    "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment"
)


def fitnotes(path: Path) -> Path:
    rows = [
        "2023-05-02,Barbell Row,Back,60.0,kgs,8,,,,",
        "2023-05-02,Barbell Row,Back,60.0,kgs,8,,,,",  # identical: two real sets
        "2023-05-02,Barbell Row,Back,60.0,kgs,8,,,,",
        "2023-05-02,Preacher Curl,Biceps,55.0,lbs,10,,,,Slow negatives",
        "2023-05-02,Treadmill Walk,Cardio,0.0,kgs,0,2.5,km,0:25:00,",
        "2023-05-04,Hanging Knee Raise,Abs,0.0,kgs,15,,,,",
        "2023-05-04,Side Plank,Abs,0.0,kgs,0,,,0:01:30,",
    ]
    return write(path, [FITNOTES_HEADER, *rows], bom=False)


def fitnotes_older(path: Path, *, unit: str = "kgs", comment: bool = True) -> Path:
    header = f"Date,Exercise,Category,Weight ({unit}),Reps,Distance,Distance Unit,Time"
    rows = [
        "2016-02-10,Lat Pulldown,Back,100.0,10,,,",
        "2016-02-10,Lat Pulldown,Back,100.0,8,,,",
        "2016-02-12,Rowing Machine,Cardio,0.0,0,2000,m,0:08:10",
    ]
    if comment:
        header += ",Comment"
        rows = [f"{row},{'PR!' if i == 1 else ''}" for i, row in enumerate(rows)]
    return write(path, [header, *rows], bom=False)


def fitnotes_locale(path: Path) -> Path:
    """Dates in the phone's locale, day first (25/12 gives it away)."""
    rows = [
        "03/12/2022,Deadlift,Back,140.0,kgs,3,,,,",
        "25/12/2022,Deadlift,Back,145.0,kgs,3,,,,",
    ]
    return write(path, [FITNOTES_HEADER, *rows], bom=False)


def fitnotes_body(path: Path) -> Path:
    rows = [
        "2023-05-01,07:10:00,Bodyweight,82.4,kgs,",
        "2023-05-01,21:00:00,Bodyweight,83.0,kgs,after dinner",  # the day's latest wins
        "2023-05-03,07:05:00,Bodyweight,180.0,lbs,",
        "2023-05-03,07:06:00,Body Fat,18.5,%,",
        "2023-05-03,07:07:00,Waist,34.0,in,",
        "2023-05-03,07:08:00,Mood,7,,",  # nowhere to keep it: ignored
    ]
    return write(path, ["Date,Time,Measurement,Value,Unit,Comment", *rows], bom=False)


ALL_VARIANTS = {
    "strong-android-kg": (strong_android, SourceFormat.STRONG, "Strong Android (older)", ";"),
    "strong-legacy": (strong_legacy, SourceFormat.STRONG, "Strong (legacy)", ";"),
    "strong-ios": (strong_ios, SourceFormat.STRONG, "24-hour", ","),
    "strong-ios-12h": (strong_ios_12h, SourceFormat.STRONG, "12-hour", ","),
    "strong-2024": (strong_2024, SourceFormat.STRONG, "late 2024", ","),
    "hevy": (hevy, SourceFormat.HEVY, "Hevy (kg, km)", ","),
    "fitnotes": (fitnotes, SourceFormat.FITNOTES, "FitNotes (current)", ","),
    "fitnotes-older": (fitnotes_older, SourceFormat.FITNOTES, "older, kg", ","),
    "fitnotes-body": (fitnotes_body, SourceFormat.FITNOTES_BODY, "body tracker", ","),
}


@pytest.mark.parametrize("name", ALL_VARIANTS)
def test_format_variant_and_delimiter_come_from_the_header(tmp_path, name):
    writer, fmt, variant, delimiter = ALL_VARIANTS[name]
    path = writer(tmp_path / f"{name}.csv")
    found, text = importers.detect(path)
    assert found is fmt and variant in text
    parsed = importers.parse(path, unit="kg")
    assert parsed.format is fmt and parsed.delimiter == delimiter and variant in parsed.variant
    assert parsed.file_name == path.name and len(parsed.sha256) == 64


def test_units_named_in_the_header_are_reported(tmp_path):
    path = strong_android(tmp_path / "lbs.csv", weight="lbs", distance="miles")
    _, variant = importers.detect(path)
    assert variant == "Strong Android (older): units in the header (lbs, miles)"
    assert importers.parse(path).unit_in_file == "lb"
    assert importers.parse(hevy(tmp_path / "h.csv", imperial=True)).unit_in_file == "lb"
    assert "lb, miles" in importers.detect(tmp_path / "h.csv")[1]
    assert importers.parse(strong_ios(tmp_path / "ios.csv"), unit="kg").unit_in_file is None


def test_a_forced_format_must_match_the_file(tmp_path):
    path = hevy(tmp_path / "hevy.csv")
    assert importers.parse(path, fmt="hevy").format is SourceFormat.HEVY
    with pytest.raises(importers.ImportFileError, match=r"^Line 1: this is a Hevy export"):
        importers.parse(path, fmt=SourceFormat.STRONG)
