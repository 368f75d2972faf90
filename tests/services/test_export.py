"""CSV export: our documented format and the Strong-compatible one, byte for byte."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import itertools
import re
from types import ModuleType

import pytest

from backtracker.domain.errors import UserError
from backtracker.services import export
from backtracker.storage import routines
from backtracker.storage.models import Exercise, SetEntry, Workout, WorkoutExercise

T = dt.datetime


def _workout(name: str, started: T, ended: T | None, notes: str = "") -> Workout:
    return Workout.create(name=name, started_at=started, ended_at=ended, notes=notes)


def _link(workout: Workout, key: str, position: int) -> WorkoutExercise:
    exercise = Exercise.get(Exercise.catalogue_key == key)
    return WorkoutExercise.create(workout=workout, exercise=exercise, position=position)


def _set(link: WorkoutExercise, position: int, *, completed: bool = True, **values) -> None:
    SetEntry.create(workout_exercise=link, position=position, completed=completed, **values)


@pytest.fixture
def log(seeded):
    """Four workouts inserted out of order, with every kind of set and value."""
    rest = _workout("", T(2024, 5, 3, 18, 0), T(2024, 5, 3, 18, 49, 59))
    superman = _link(rest, "superman", 0)
    _set(superman, 0, duration_s=30.0)
    _set(superman, 1, duration_s=45.0)
    rowing = _link(rest, "rowing-machine", 1)
    _set(rowing, 0, distance_m=2000.0, duration_s=480.0, notes="line1\nline2")

    pull = _workout(
        "Pull day", T(2024, 5, 1, 7, 30), T(2024, 5, 1, 8, 35, 20), 'Felt "great", really'
    )
    row = _link(pull, "dumbbell-row", 1)  # inserted first, but second in the workout
    _set(row, 0, set_type="warmup", weight_kg=10.0, reps=12)
    _set(row, 1, weight_kg=22.500000001, reps=10, rpe=8.0, notes="slow, controlled")
    _set(row, 2, weight_kg=22.5, reps=9, rpe=8.5)
    _set(row, 3, set_type="drop", weight_kg=15.0, reps=12)
    _set(row, 4, set_type="failure", weight_kg=15.0, reps=6)
    _set(row, 5, weight_kg=25.0, reps=5, completed=False)  # planned, never done
    pull_up = _link(pull, "pull-up", 0)
    _set(pull_up, 1, reps=8)  # inserted first, but second in the exercise
    _set(pull_up, 0, weight_kg=10.0, reps=5)

    running = _workout("Morning", T(2024, 5, 5, 9, 0), None)  # still under way
    _set(_link(running, "face-pull", 0), 0, weight_kg=12.5, reps=15)

    planned = _workout("Planned", T(2024, 5, 6, 9, 0), None)
    _set(_link(planned, "face-pull", 0), 0, weight_kg=12.5, reps=15, completed=False)
    return seeded


NOTE = '"Felt ""great"", really"'
PULL = f"2024-05-01T08:35:20,{NOTE}"  # workout_end and workout_notes of the pull workout
REST = "2024-05-03T18:49:59,"
NO_SUPERSET = ",,,"  # superset, reps_left, reps_right: none in these workouts
OUR_EXPECTED = (
    "workout_start,workout_name,exercise,set_number,set_type,weight_kg,reps,duration_s,"
    "distance_m,rpe,notes,workout_end,workout_notes,superset,reps_left,reps_right\r\n"
    f"2024-05-01T07:30:00,Pull day,Pull-Up,1,normal,10,5,,,,,{PULL}{NO_SUPERSET}\r\n"
    f"2024-05-01T07:30:00,Pull day,Pull-Up,2,normal,,8,,,,,{PULL}{NO_SUPERSET}\r\n"
    f"2024-05-01T07:30:00,Pull day,Dumbbell Row,1,warmup,10,12,,,,,{PULL}{NO_SUPERSET}\r\n"
    f'2024-05-01T07:30:00,Pull day,Dumbbell Row,2,normal,22.5,10,,,8,"slow, controlled",'
    f"{PULL}{NO_SUPERSET}\r\n"
    f"2024-05-01T07:30:00,Pull day,Dumbbell Row,3,normal,22.5,9,,,8.5,,{PULL}{NO_SUPERSET}\r\n"
    f"2024-05-01T07:30:00,Pull day,Dumbbell Row,4,drop,15,12,,,,,{PULL}{NO_SUPERSET}\r\n"
    f"2024-05-01T07:30:00,Pull day,Dumbbell Row,5,failure,15,6,,,,,{PULL}{NO_SUPERSET}\r\n"
    f"2024-05-03T18:00:00,,Superman,1,normal,,,30,,,,{REST}{NO_SUPERSET}\r\n"
    f"2024-05-03T18:00:00,,Superman,2,normal,,,45,,,,{REST}{NO_SUPERSET}\r\n"
    f'2024-05-03T18:00:00,,Rowing Machine,1,normal,,,480,2000,,"line1\nline2",'
    f"{REST}{NO_SUPERSET}\r\n"
    f"2024-05-05T09:00:00,Morning,Face Pull,1,normal,12.5,15,,,,,,{NO_SUPERSET}\r\n"
)

STRONG_EXPECTED = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\r\n"
    f"2024-05-01 07:30:00,Pull day,1h 5m,Pull-Up,1,10,5,0,0,,{NOTE},\r\n"
    f"2024-05-01 07:30:00,Pull day,1h 5m,Pull-Up,2,0,8,0,0,,{NOTE},\r\n"
    f"2024-05-01 07:30:00,Pull day,1h 5m,Dumbbell Row,W,10,12,0,0,,{NOTE},\r\n"
    f'2024-05-01 07:30:00,Pull day,1h 5m,Dumbbell Row,1,22.5,10,0,0,"slow, controlled",{NOTE},8\r\n'
    f"2024-05-01 07:30:00,Pull day,1h 5m,Dumbbell Row,2,22.5,9,0,0,,{NOTE},8.5\r\n"
    f"2024-05-01 07:30:00,Pull day,1h 5m,Dumbbell Row,D,15,12,0,0,,{NOTE},\r\n"
    f"2024-05-01 07:30:00,Pull day,1h 5m,Dumbbell Row,F,15,6,0,0,,{NOTE},\r\n"
    "2024-05-03 18:00:00,Workout,49m,Superman,1,0,0,0,30,,,\r\n"
    "2024-05-03 18:00:00,Workout,49m,Superman,2,0,0,0,45,,,\r\n"
    '2024-05-03 18:00:00,Workout,49m,Rowing Machine,1,0,0,2,480,"line1\nline2",,\r\n'
    "2024-05-05 09:00:00,Morning,0m,Face Pull,1,12.5,15,0,0,,,\r\n"
)


def test_our_csv_is_exactly_the_documented_format(log, tmp_path):
    target = tmp_path / "log.csv"

    rows = export.export_csv(target)

    assert rows == 11
    text = target.read_bytes().decode("utf-8")
    assert text == OUR_EXPECTED
    assert text.split("\r\n", 1)[0] == export.OUR_HEADER
    assert not text.startswith("\ufeff")


def test_strong_csv_is_exactly_strongs_ios_shape(log, tmp_path):
    target = tmp_path / "strong.csv"

    rows = export.export_strong_csv(target)

    assert rows == 11
    assert target.read_bytes().decode("utf-8") == STRONG_EXPECTED


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (22.500000001, "22.5"),
        (0.1 + 0.2, "0.3"),
        (45.359237, "45.359237"),  # 100 lb, kept exactly
        (100.0, "100"),
        (0, "0"),
        (-0.0, "0"),
        (1e-9, "0"),
        (8, "8"),
    ],
)
def test_numbers_have_no_float_noise(value, text):
    assert export.number(value) == text


@pytest.mark.parametrize(
    ("minutes", "text"), [(None, "0m"), (0, "0m"), (49, "49m"), (65, "1h 5m"), (120, "2h 0m")]
)
def test_strong_durations(minutes, text):
    start = T(2024, 1, 1, 10, 0)
    end = None if minutes is None else start + dt.timedelta(minutes=minutes, seconds=59)
    assert export.strong_duration(start, end) == text


def test_an_empty_log_exports_just_the_header(seeded, tmp_path):
    assert export.export_csv(tmp_path / "a.csv") == 0
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == export.OUR_HEADER + "\n"
    assert export.export_strong_csv(tmp_path / "b.csv") == 0
    assert (tmp_path / "b.csv").read_text(encoding="utf-8") == export.STRONG_HEADER + "\n"


def test_a_year_of_demo_training_exports_every_completed_set_in_order(seeded, tmp_path):
    from backtracker.services.demo import fill_demo_profile

    routines.seed_builtin_routines()
    fill_demo_profile(today=dt.date(2025, 3, 12), weeks=52)
    completed = SetEntry.select().where(SetEntry.completed == True).count()  # noqa: E712
    target = tmp_path / "year.csv"

    assert export.export_csv(target) == completed

    with target.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == completed
    starts = [row["workout_start"] for row in rows]
    assert starts == sorted(starts)
    plain_number = re.compile(r"^(\d+(\.\d{1,6})?)?$")
    for row in rows:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", row["workout_start"])
        assert row["set_type"] in {"warmup", "normal", "drop", "failure"}
        for name in ("weight_kg", "reps", "duration_s", "distance_m", "rpe"):
            assert plain_number.match(row[name]), (name, row[name])
    numbers = [(row["workout_start"], row["exercise"], int(row["set_number"])) for row in rows[:40]]
    for before, after in itertools.pairwise(numbers):
        if before[:2] == after[:2]:
            assert after[2] == before[2] + 1


def test_export_replaces_a_file_only_when_complete(log, tmp_path, monkeypatch):
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "log.csv"
    target.write_text("the old export", encoding="utf-8")

    def full_disk(rows):
        yield next(iter(rows))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "our_rows", full_disk)
    with pytest.raises(UserError, match="No space left on device"):
        export.export_csv(target)

    assert target.read_text(encoding="utf-8") == "the old export"
    assert sorted(p.name for p in target.parent.iterdir()) == ["log.csv"]


def test_export_into_a_missing_folder_is_explained(log, tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        export.export_csv(tmp_path / "nowhere" / "log.csv")
    with pytest.raises(UserError, match="is a folder"):
        export.export_strong_csv(tmp_path)


# --- the Strong export read back by our own Strong importer ---------------------------------


def _importers() -> ModuleType:
    """Our importers, or a skip while they are not written yet."""
    try:
        module = importlib.import_module("backtracker.services.importers")
    except ImportError as error:
        pytest.skip(f"the importers are not there yet ({error})")
    if not hasattr(module, "parse"):
        pytest.skip("the importers are not there yet (no parse)")
    return module


def _same_numbers(value: float | None) -> float:
    """Strong writes 0 for an unused weight, reps, distance or seconds."""
    return round(float(value or 0), 6)


def _exported_sets() -> list[tuple]:
    return [
        (
            done.started_at,
            done.workout_name or export.STRONG_UNNAMED_WORKOUT,
            done.exercise,
            done.set_type,
            _same_numbers(done.weight_kg),
            _same_numbers(done.reps),
            _same_numbers(done.duration_s),
            _same_numbers(done.distance_m),
            done.rpe,
            done.notes,
        )
        for done in export.completed_sets()
    ]


def _parsed_sets(parsed) -> list[tuple]:
    return [
        (
            workout.started_at,
            workout.name,
            found.exercise,
            found.set_type,
            _same_numbers(found.weight_kg),
            _same_numbers(found.reps),
            _same_numbers(found.duration_s),
            _same_numbers(found.distance_m),
            found.rpe,
            found.notes,
        )
        for workout in parsed.workouts
        for found in workout.sets
    ]


def test_our_strong_importer_reads_the_strong_export_back(log, tmp_path):
    importers = _importers()
    target = tmp_path / "strong.csv"
    export.export_strong_csv(target)

    parsed = importers.parse(target, unit="kg")

    assert parsed.format == importers.SourceFormat.STRONG
    assert _parsed_sets(parsed) == _exported_sets()
    by_start = {workout.started_at: workout for workout in parsed.workouts}
    assert by_start[T(2024, 5, 1, 7, 30)].ended_at == T(2024, 5, 1, 8, 35)
    assert by_start[T(2024, 5, 1, 7, 30)].notes == 'Felt "great", really'
    assert by_start[T(2024, 5, 3, 18, 0)].ended_at == T(2024, 5, 3, 18, 49)


def test_a_year_of_demo_training_survives_the_strong_round_trip(seeded, tmp_path):
    importers = _importers()
    from backtracker.services.demo import fill_demo_profile

    routines.seed_builtin_routines()
    fill_demo_profile(today=dt.date(2025, 3, 12), weeks=52)
    target = tmp_path / "strong.csv"
    export.export_strong_csv(target)

    parsed = importers.parse(target, unit="kg")

    assert len(parsed.workouts) == Workout.select().count()
    assert _parsed_sets(parsed) == _exported_sets()
