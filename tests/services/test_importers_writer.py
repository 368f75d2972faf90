"""Importing into a real profile: rows, exercises, aliases, idempotency, all-or-nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from backtracker.domain.errors import UserError
from backtracker.services import importers
from backtracker.storage.body import set_bodyweight
from backtracker.storage.models import (
    ALL_MODELS,
    BodyMetric,
    Exercise,
    ExerciseAlias,
    ImportBatch,
    SetEntry,
    Workout,
    WorkoutExercise,
)
from tests.services.test_importers_files import (
    STRONG_IOS_HEADER,
    fitnotes,
    fitnotes_body,
    hevy,
    strong_2024,
    strong_android,
    strong_ios,
    strong_ios_12h,
    strong_legacy,
    write,
)

T = dt.datetime


def counts() -> dict[str, int]:
    return {model.__name__: model.select().count() for model in ALL_MODELS}


def exercise(name: str) -> Exercise:
    return Exercise.get(Exercise.name == name)


def muscles(row: Exercise) -> list[str]:
    return sorted(link.muscle.key for link in row.muscle_links)


def test_strong_ios_lands_as_finished_workouts_with_rest_and_notes(seeded, tmp_path):
    path = strong_ios(tmp_path / "ios.csv")
    result = importers.import_file(path, unit="kg")

    assert (result.workouts_added, result.sets_added, result.workouts_skipped) == (2, 10, 0)
    workout = Workout.get(Workout.import_key == "strong:2020-12-30T18:51:52:Push & Pull")
    assert workout.started_at == T(2020, 12, 30, 18, 51, 52)
    assert workout.ended_at == T(2020, 12, 30, 21, 29, 52)
    assert workout.source == "strong" and workout.import_batch_id == result.batch_id
    links = list(workout.exercises.order_by(WorkoutExercise.position))
    assert [link.exercise.name for link in links] == ["Lat Pulldown", "Face Pull", "Plank"]
    pulldown = links[0]
    assert (pulldown.rest_s, pulldown.notes) == (120, "Wide grip, slow")
    sets = list(pulldown.sets.order_by(SetEntry.position))
    assert [(s.position, s.set_type, s.weight_kg, s.reps) for s in sets] == [
        (0, "warmup", 20.0, 15),
        (1, "normal", 50.0, 10),
        (2, "normal", 50.0, 9),  # the superset's restarted set order, numbered on
        (3, "drop", 35.0, 12),
    ]
    assert all(s.completed and s.completed_at == workout.ended_at for s in sets)
    assert sets[1].rpe == 8.0 and sets[0].rpe is None
    assert SetEntry.select().count() == 10  # Rest Timer and Note rows are not sets
    batch = ImportBatch.get_by_id(result.batch_id)
    assert (batch.source, batch.file_name, batch.workouts, batch.sets) == (
        "strong",
        "ios.csv",
        2,
        10,
    )
    assert len(batch.file_sha256) == 64
    assert result.mapping == {
        "Lat Pulldown (Cable)": "Lat Pulldown",
        "Face Pull (Cable)": "Face Pull",
        "Plank": "Plank",
        "Chin Up": "Chin-Up",
    }
    assert result.exercises_created == ["Plank"]


def test_reimport_adds_nothing_and_says_so(seeded, tmp_path):
    path = strong_ios(tmp_path / "ios.csv")
    importers.import_file(path, unit="kg")
    before = counts()
    again = importers.import_file(path, unit="kg")
    assert again.already_imported and again.workouts_added == 0 and again.sets_added == 0
    assert (again.workouts_skipped, again.sets_skipped) == (2, 10)
    assert counts() == before


def test_an_overlapping_export_adds_only_the_new_workouts(seeded, tmp_path):
    importers.import_file(strong_ios(tmp_path / "old.csv"), unit="kg")
    lines = (tmp_path / "old.csv").read_text(encoding="utf-8-sig").splitlines()
    lines.append("2021-02-01 10:00:00,New,30m,Chin Up,1,0,9,0,0,,,")
    newer = write(tmp_path / "new.csv", lines)
    result = importers.import_file(newer, unit="kg")
    assert not result.already_imported
    assert (result.workouts_added, result.workouts_skipped) == (1, 2)
    assert (result.sets_added, result.sets_skipped) == (1, 10)
    assert Workout.select().count() == 3 and ImportBatch.select().count() == 2


@pytest.mark.parametrize(
    ("writer", "workouts", "sets"),
    [
        (strong_android, 1, 4),
        (strong_legacy, 1, 3),
        (strong_ios_12h, 3, 4),
        (strong_2024, 1, 3),
        (hevy, 2, 7),
        (fitnotes, 2, 7),
    ],
)
def test_every_variant_imports_once(seeded, tmp_path, writer, workouts, sets):
    path = writer(tmp_path / "file.csv")
    result = importers.import_file(path, unit="kg")
    assert (result.workouts_added, result.sets_added) == (workouts, sets)
    assert SetEntry.select().count() == sets
    assert Workout.select().where(Workout.ended_at.is_null()).count() == 0  # none left open
    assert importers.import_file(path, unit="kg").already_imported


def test_custom_exercises_are_guessed_from_the_name_and_the_data(seeded, tmp_path):
    importers.import_file(strong_ios(tmp_path / "ios.csv"), unit="kg")
    importers.import_file(strong_2024(tmp_path / "2024.csv"), unit="kg")
    importers.import_file(fitnotes(tmp_path / "fit.csv"))

    plank = exercise("Plank")
    assert plank.is_custom and plank.catalogue_key is None
    assert (plank.category, plank.tracking, plank.equipment) == ("strength", "duration", "none")
    assert muscles(plank) == ["core"]
    assert plank.summary == "Imported from Strong."
    squat = exercise("Squat (Barbell)")
    assert (squat.tracking, squat.equipment, squat.load_profile) == (
        "weight_reps",
        "barbell",
        "heavy",
    )
    assert muscles(squat) == ["glutes", "quads"]
    curl = exercise("Preacher Curl")  # FitNotes: the name says biceps, so does the Category
    assert muscles(curl) == ["biceps"] and curl.tracking == "weight_reps"
    knee = exercise("Hanging Knee Raise")  # the name says nothing; Category "Abs" does
    assert muscles(knee) == ["core"] and knee.tracking == "bodyweight_reps"
    walk = exercise("Treadmill Walk")
    assert (walk.category, walk.tracking) == ("cardio", "distance_duration")
    # A confident match takes our exercise: "Cycling (Indoor)" is Stationary Bike's alias.
    assert not Exercise.select().where(Exercise.name == "Cycling (Indoor)").exists()


def test_an_unknown_movement_gets_no_guessed_muscles(seeded, tmp_path):
    path = write(
        tmp_path / "odd.csv",
        [STRONG_IOS_HEADER, "2021-01-02 09:00:00,A,9m,Zorbing Press (Machine),1,30,8,0,0,,,"],
    )
    result = importers.import_file(path, unit="kg")
    odd = exercise("Zorbing Press (Machine)")
    assert result.exercises_created == ["Zorbing Press (Machine)"]
    assert odd.is_custom and odd.equipment == "machine" and muscles(odd) == []


def test_an_accepted_suggestion_is_remembered_as_an_alias(seeded, tmp_path):
    # Issue 13: a fuzzy match is never applied by itself; the person accepts it (the mapping).
    rows = ["2021-01-02 09:00:00,A,9m,Bent Over One Arm Row (Dumbbell),1,30,8,0,0,,,"]
    path = write(tmp_path / "a.csv", [STRONG_IOS_HEADER, *rows])
    (guess,) = importers.suggest_mapping(["Bent Over One Arm Row (Dumbbell)"])
    assert (guess.exercise_name, guess.confident) == ("Dumbbell Row", False)
    parsed = importers.parse(path, unit="kg")
    first = importers.import_parsed(parsed, {guess.source_name: guess.exercise_id})
    assert first.mapping == {"Bent Over One Arm Row (Dumbbell)": "Dumbbell Row"}
    alias = ExerciseAlias.get(ExerciseAlias.alias == "Bent Over One Arm Row (Dumbbell)")
    assert (alias.exercise.name, alias.source) == ("Dumbbell Row", "strong")
    (suggestion,) = importers.suggest_mapping(["bent over one arm row (dumbbell)"])
    assert (suggestion.exercise_name, suggestion.score, suggestion.confident) == (
        "Dumbbell Row",
        100.0,
        True,
    )


def test_the_callers_mapping_wins(seeded, tmp_path):
    path = strong_ios(tmp_path / "ios.csv")
    parsed = importers.parse(path, unit="kg")
    row_id = exercise("Dumbbell Row").id
    result = importers.import_parsed(
        parsed, {"Face Pull (Cable)": row_id, "Lat Pulldown (Cable)": None}
    )
    # None means "create a custom exercise", even for a name we know: it gets a free name.
    assert "Lat Pulldown (Cable) (Strong)" in result.exercises_created
    assert result.mapping["Face Pull (Cable)"] == "Dumbbell Row"
    alias = ExerciseAlias.get(ExerciseAlias.alias == "Face Pull (Cable)")
    assert alias.exercise_id == exercise("Face Pull").id  # a catalogue alias is never stolen


def test_a_mapping_to_a_missing_exercise_changes_nothing(seeded, tmp_path):
    parsed = importers.parse(strong_ios(tmp_path / "ios.csv"), unit="kg")
    before = counts()
    with pytest.raises(UserError, match="no longer exists"):
        importers.import_parsed(parsed, {"Plank": 999_999})
    assert counts() == before


def test_dry_run_counts_exactly_and_writes_nothing(seeded, tmp_path):
    parsed = importers.parse(strong_ios(tmp_path / "ios.csv"), unit="kg")
    before = counts()
    dry = importers.import_parsed(parsed, dry_run=True)
    assert counts() == before
    assert dry.dry_run and dry.batch_id is None
    assert (dry.workouts_added, dry.sets_added, dry.exercises_created) == (2, 10, ["Plank"])
    real = importers.import_parsed(parsed)
    assert (real.workouts_added, real.sets_added, real.exercises_created) == (2, 10, ["Plank"])


def test_progress_and_cancel_roll_everything_back(seeded, tmp_path):
    row = "2020-12-30 {:02d}:00:00,A,1h,Zorbing Press (Machine),1,30,8,0,0,,,"
    path = write(
        tmp_path / "big.csv", [STRONG_IOS_HEADER, *[row.format(h % 24) for h in range(24)] * 1000]
    )
    parsed = importers.parse(path, unit="kg")
    before = counts()
    calls: list[tuple[int, int]] = []

    def cancel_after_some() -> bool:
        return len(calls) >= 2

    with pytest.raises(importers.ImportCancelled, match="nothing was changed"):
        importers.import_parsed(
            parsed, progress=lambda d, t: calls.append((d, t)), cancelled=cancel_after_some
        )
    assert counts() == before  # not even the custom exercise or the batch
    seen: list[tuple[int, int]] = []
    result = importers.import_parsed(parsed, progress=lambda d, t: seen.append((d, t)))
    assert result.sets_added == 24_000 and seen[-1][0] == seen[-1][1]
    assert seen == sorted(seen)


def test_body_tracker_adds_bodyweights_and_measurements_once(seeded, tmp_path):
    set_bodyweight(dt.date(2023, 5, 1), 80.0)  # an entry from the app is never replaced
    path = fitnotes_body(tmp_path / "body.csv")
    result = importers.import_file(path)
    assert (result.bodyweights_added, result.measurements_added) == (1, 2)
    values = {(row.measured_on, row.metric): round(row.value, 2) for row in BodyMetric.select()}
    assert values == {
        (dt.date(2023, 5, 1), "bodyweight"): 80.0,
        (dt.date(2023, 5, 3), "bodyweight"): 81.65,
        (dt.date(2023, 5, 3), "body_fat"): 18.5,
        (dt.date(2023, 5, 3), "waist"): 86.36,
    }
    again = importers.import_file(path)
    assert again.already_imported and BodyMetric.select().count() == 4


BROKEN = {
    "empty": (b"", "Line 1: the file is empty"),
    "only whitespace": (b"\r\n  \r\n", "Line 1: the file is empty"),
    "unknown header": (b"name,when,what\nx,y,z\n", "Line 1: the header “name,when,what”"),
    "missing column": (
        b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Distance\n",
        "Line 1: this looks like a Strong export, but the header has no “reps” column",
    ),
    "not a number": (
        (STRONG_IOS_HEADER + "\n2020-12-30 18:51:52,A,1h,Chin Up,1,heavy,5,0,0,,,\n").encode(),
        "Line 2: “heavy” in Weight is not a number",
    ),
    "binary junk": (
        (STRONG_IOS_HEADER + "\n").encode() + b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "Line 4: the file holds binary data (a NUL byte)",
    ),
    "not utf-8": (
        (STRONG_IOS_HEADER + "\n2020-12-30 18:51:52,A,1h,Chin Up,1,0,5,0,0,").encode()
        + b"caf\xe9,,\n",
        "Line 2: the file is not UTF-8 text (byte 0xE9",
    ),
    "bad date": (
        (STRONG_IOS_HEADER + "\n\nyesterday,A,1h,Chin Up,1,0,5,0,0,,,\n").encode(),
        "Line 3: “yesterday” in Date is not a date",
    ),
    "header only": ((STRONG_IOS_HEADER + "\r\n").encode(), "Line 2: the file has a header but"),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_a_broken_file_is_refused_with_the_line_and_changes_nothing(seeded, tmp_path, kind):
    importers.import_file(strong_android(tmp_path / "good.csv"))
    before = counts()
    data, message = BROKEN[kind]
    path = tmp_path / "broken.csv"
    path.write_bytes(data)
    with pytest.raises(importers.ImportFileError) as caught:
        importers.import_file(path, unit="kg")
    assert str(caught.value).startswith(message)
    assert caught.value.line == int(message.split(":")[0].removeprefix("Line "))
    assert counts() == before


def test_the_unknown_header_message_lists_what_was_expected(seeded, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("name;when;what\n")
    with pytest.raises(importers.ImportFileError) as caught:
        importers.detect(path)
    text = str(caught.value)
    assert "Strong: Date,Workout Name" in text and "Hevy: title,start_time" in text
    assert "FitNotes: Date,Exercise,Category" in text and "Measurement,Value" in text


def test_a_missing_file_and_a_folder_are_explained(seeded, tmp_path):
    with pytest.raises(importers.ImportFileError, match="There is no file at"):
        importers.parse(tmp_path / "nope.csv")
    with pytest.raises(importers.ImportFileError, match="is a folder"):
        importers.parse(tmp_path)


def test_utf16_from_a_spreadsheet_is_read(seeded, tmp_path):
    lines = [STRONG_IOS_HEADER, "2020-12-30 18:51:52,A,1h,Chin Up,1,0,5,0,0,,,"]
    path = tmp_path / "u16.csv"
    path.write_bytes("\r\n".join(lines).encode("utf-16"))
    assert importers.parse(path, unit="kg").set_count == 1


def test_created_exercises_carry_their_tags_json_untouched(seeded, tmp_path):
    importers.import_file(strong_ios(tmp_path / "ios.csv"), unit="kg")
    assert json.loads(exercise("Plank").tags_json) == []


def _triggers() -> list[tuple[str, str]]:
    from backtracker.storage.models import db

    sql = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    return db.execute_sql(sql).fetchall()


def test_an_import_counts_the_volume_of_its_links_once_and_keeps_the_triggers(seeded, tmp_path):
    """The import writes its sets with link_volume's triggers held off and counts the new
    links' rows once; the rows are what the triggers would have kept, the triggers are back
    exactly as they were, and a later edit is counted by them again."""
    from backtracker.storage import link_volume
    from backtracker.storage.models import db

    triggers = _triggers()
    assert len([name for name, _ in triggers if name.startswith("link_volume_")]) == 7
    first = importers.import_file(strong_ios(tmp_path / "ios.csv"), unit="kg")
    second = importers.import_file(hevy(tmp_path / "hevy.csv"), unit="kg")  # after the first
    assert first.sets_added and second.sets_added
    assert _triggers() == triggers
    assert link_volume.mismatches() == 0  # every new link with a rep set has its row
    assert db.execute_sql("SELECT COUNT(*) FROM link_volume").fetchone()[0] > 4
    one = SetEntry.select().where(SetEntry.reps > 0).first()
    SetEntry.update(reps=one.reps + 5).where(SetEntry.id == one.id).execute()
    assert link_volume.mismatches() == 0  # the triggers counted the edit


def test_a_cancelled_or_dry_import_leaves_the_triggers_as_they_were(seeded, tmp_path):
    triggers = _triggers()
    parsed = importers.parse(strong_ios(tmp_path / "ios.csv"), unit="kg")
    importers.import_parsed(parsed, dry_run=True)
    assert _triggers() == triggers
    calls: list[tuple[int, int]] = []
    with pytest.raises(importers.ImportCancelled):
        importers.import_parsed(  # cancelled once the sets are being written
            parsed, progress=lambda d, t: calls.append((d, t)), cancelled=lambda: len(calls) >= 2
        )
    assert _triggers() == triggers
    assert Workout.select().count() == 0


def test_the_held_triggers_need_the_callers_transaction(seeded):
    from backtracker.storage import link_volume

    held = link_volume.counted_once_for_new_links(1)
    with pytest.raises(RuntimeError, match="transaction"), held:
        pass
    assert len(_triggers()) >= 7
