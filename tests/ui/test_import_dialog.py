"""File ▸ Import, Export, Back up and Restore, driven through their seams as a person would.

Background work runs on the synchronous pool, so each action has finished (and its callbacks
have run) by the time the click that started it returns.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from backtracker.services import importers
from backtracker.storage.models import (
    Exercise,
    ExerciseAlias,
    SetEntry,
    Workout,
    WorkoutExercise,
    db,
)
from backtracker.ui import dialogs
from backtracker.ui.data import dialogs as data_dialogs
from backtracker.ui.data.dialogs import ExportFormat
from backtracker.ui.data.import_dialog import ImportDialog
from backtracker.ui.data.mapping_model import MappingColumn, MappingModel, MappingRole
from backtracker.ui.data.preview_model import PreviewModel
from backtracker.ui.data.progress import JobProgressDialog
from backtracker.ui.main_window import MainWindow
from backtracker.ui.tasks import synchronous_tasks
from backtracker.ui.widgets.exercise_picker import ExercisePicker

STRONG_IOS_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE"
)
# Strong iOS (variant 3): no unit anywhere, so the dialog must ask. Two workouts, a warm-up,
# a Rest Timer row (not a set), a name the matcher is unsure of and one it cannot place.
STRONG_IOS_ROWS = [
    "2024-03-04 18:02:11,Back Day,49m,Lat Pulldown (Cable),1,50,10,0,0,,,",
    "2024-03-04 18:02:11,Back Day,49m,Lat Pulldown (Cable),2,50,9,0,0,,,8",
    "2024-03-04 18:02:11,Back Day,49m,Lat Pulldown (Cable),Rest Timer,0,0,0,90,,,",
    "2024-03-04 18:02:11,Back Day,49m,Bent Over Row (Barbell),W,40,10,0,0,,,",
    "2024-03-04 18:02:11,Back Day,49m,Bent Over Row (Barbell),1,60,8,0,0,,,",
    "2024-03-04 18:02:11,Back Day,49m,Sled Push,1,70,5,0,0,,,",
    "2024-03-07 07:30:00,Pull,38m,Lat Pulldown (Cable),1,52.5,10,0,0,,,",
    "2024-03-07 07:30:00,Pull,38m,Seated Row Wide,1,72.5,12,0,0,,,",
    "2024-03-07 07:30:00,Pull,38m,Seated Row Wide,2,72.5,10,0,0,,,",
]
SET_ROWS = 8  # the Rest Timer row is not a set
OUR_HEADER = (
    "workout_start,workout_name,exercise,set_number,set_type,weight_kg,reps,duration_s,"
    "distance_m,rpe,notes,workout_end,workout_notes,superset,reps_left,reps_right"
)


def write_strong_ios(path: Path, rows: list[str] = STRONG_IOS_ROWS) -> Path:
    path.write_bytes(("\ufeff" + "\r\n".join([STRONG_IOS_HEADER, *rows]) + "\r\n").encode())
    return path


@pytest.fixture(autouse=True)
def _synchronous():
    with synchronous_tasks():
        yield


@pytest.fixture(autouse=True)
def _close_import_dialogs():
    """A test may leave the (non-blocking) import dialog open; it goes with the test."""
    yield
    for widget in QApplication.topLevelWidgets():
        for dialog in widget.findChildren(ImportDialog):
            dialog.close()


@pytest.fixture
def strong_file(tmp_path) -> Path:
    return write_strong_ios(tmp_path / "strong.csv")


@pytest.fixture
def summaries(monkeypatch) -> list[importers.ImportResult]:
    shown: list[importers.ImportResult] = []
    monkeypatch.setattr(
        data_dialogs.ImportSummaryDialog,
        "show_result",
        classmethod(lambda cls, parent, result: shown.append(result)),
    )
    return shown


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str, str]]:
    """Every error and information box, as (kind, title, text)."""
    seen: list[tuple[str, str, str]] = []
    monkeypatch.setattr(dialogs, "show_error", lambda p, t, x: seen.append(("error", t, x)))
    monkeypatch.setattr(dialogs, "show_info", lambda p, t, x: seen.append(("info", t, x)))
    return seen


def menu_action(window: MainWindow, text: str):
    file_menu = window.menuBar().actions()[0].menu()
    for action in file_menu.actions():
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no File menu item {text!r}")


def open_import(window: MainWindow, monkeypatch, path: Path) -> ImportDialog:
    monkeypatch.setattr(data_dialogs, "choose_import_file", lambda parent: path)
    menu_action(window, "Import from Strong/Hevy/FitNotes…").trigger()
    shown = [d for d in window.findChildren(ImportDialog) if d.isVisible()]
    assert len(shown) == 1
    return shown[0]


def exercise_id(name: str) -> int:
    return Exercise.get(Exercise.name == name).id


def counts() -> tuple[int, int, int, int]:
    return (
        Workout.select().count(),
        SetEntry.select().count(),
        Exercise.select().count(),
        ExerciseAlias.select().count(),
    )


# -- import ----------------------------------------------------------------------------------


def test_menu_items_and_shortcut(window):
    action = menu_action(window, "Import from Strong/Hevy/FitNotes…")
    assert action.shortcut().toString() == "Ctrl+Shift+I"
    for text in ("Export…", "Back Up…", "Restore…"):
        assert menu_action(window, text).isEnabled()


def test_import_strong_ios_asks_the_unit_maps_and_imports(
    window, monkeypatch, qtbot, strong_file, summaries
):
    before_exercises = Exercise.select().count()
    changes: list[str] = []
    for name in ("workouts_changed", "exercises_changed", "bodyweight_changed"):
        getattr(window.events, name).connect(lambda n=name: changes.append(n))

    dialog = open_import(window, monkeypatch, strong_file)
    # Strong iOS does not say kg or lb: the dialog asks before showing anything.
    assert "Strong" in dialog.format_label.text()
    assert dialog.unit_box.isVisible()
    assert not dialog.import_button.isEnabled()
    assert dialog.preview_model.rowCount() == 0

    qtbot.mouseClick(dialog.unit_buttons["kg"], Qt.MouseButton.LeftButton)
    assert dialog.unit == "kg"
    assert dialog.import_button.isEnabled()
    assert not dialog.problem.isVisible()
    assert dialog.preview_model.rowCount() == 2
    assert "2 workouts with 8 sets" in dialog.preview_summary.text()
    preview = dialog.preview_model
    assert preview.index(0, 1).data() == "Back Day"
    assert preview.index(0, 3).data() == "5"
    assert "Bent Over Row (Barbell)" in preview.index(0, 2).data()

    mapping = dialog.mapping_model
    names = [mapping.index(r, MappingColumn.SOURCE).data() for r in range(mapping.rowCount())]
    # The names that need a decision come first, then the file's order.
    assert names == [
        "Sled Push",
        "Seated Row Wide",
        "Lat Pulldown (Cable)",
        "Bent Over Row (Barbell)",
    ]
    # Strong's names for library exercises are their catalogue aliases: confident matches.
    assert mapping.mapping()["Lat Pulldown (Cable)"] == exercise_id("Lat Pulldown")
    assert mapping.mapping()["Bent Over Row (Barbell)"] == exercise_id("Barbell Row")
    assert mapping.mapping()["Sled Push"] is None
    assert mapping.index(0, MappingColumn.TARGET).data() == "New custom exercise"
    assert mapping.index(0, MappingColumn.MATCH).data() == "No match"
    assert mapping.mapping()["Seated Row Wide"] is None  # a guess is not taken on its own
    assert mapping.index(1, MappingColumn.MATCH).data().startswith("Closest: ")

    # The person knows "Seated Row Wide" is the cable row, and says so with Choose exercise….
    cable_row = exercise_id("Seated Cable Row")
    asked: list[str] = []
    monkeypatch.setattr(
        ExercisePicker,
        "ask",
        classmethod(lambda cls, parent, title: asked.append(title) or cable_row),
    )
    assert dialog.select_name("Seated Row Wide")
    qtbot.mouseClick(dialog.choose_exercise_button, Qt.MouseButton.LeftButton)
    assert "Seated Row Wide" in asked[0]
    assert mapping.index(1, MappingColumn.TARGET).data() == "Seated Cable Row"
    assert mapping.index(1, MappingColumn.MATCH).data() == "Your choice"
    assert dialog.mapping_summary.text().startswith("3 of 4 names")

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: len(summaries) == 1)  # the tabs reload first, a turn each
    result = summaries[0]
    assert (result.workouts_added, result.workouts_skipped, result.sets_added) == (2, 0, 8)
    assert list(result.exercises_created) == ["Sled Push"]
    assert set(changes) >= {"workouts_changed", "exercises_changed"}
    assert Exercise.select().count() == before_exercises + 1
    assert Workout.select().count() == 2
    assert SetEntry.select().count() == SET_ROWS
    cable_rows = (
        SetEntry.select(SetEntry.weight_kg, SetEntry.reps)
        .join(WorkoutExercise)
        .where(WorkoutExercise.exercise == cable_row)
        .order_by(SetEntry.position)
    )
    assert [(s.weight_kg, s.reps) for s in cable_rows] == [(72.5, 12), (72.5, 10)]  # kg
    assert ExerciseAlias.get_or_none(
        (ExerciseAlias.alias == "Seated Row Wide") & (ExerciseAlias.exercise == cable_row)
    )
    assert "Imported 2 workouts with 8 sets" in window.statusBar().currentMessage()

    # The same file again adds nothing.
    dialog = open_import(window, monkeypatch, strong_file)
    dialog.choose_unit("kg")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: len(summaries) == 2)
    assert (summaries[1].workouts_added, summaries[1].workouts_skipped) == (0, 2)
    assert Workout.select().count() == 2


def test_a_broken_file_names_the_line_and_imports_nothing(window, monkeypatch, tmp_path, summaries):
    rows = [
        *STRONG_IOS_ROWS[:3],
        STRONG_IOS_ROWS[3].replace(",40,", ",forty,"),
        *STRONG_IOS_ROWS[4:],
    ]
    broken = write_strong_ios(tmp_path / "broken.csv", rows)
    before = counts()
    dialog = open_import(window, monkeypatch, broken)
    if dialog.unit_box.isVisible():
        dialog.choose_unit("kg")
    assert dialog.problem.isVisible()
    text = dialog.problem.text()
    assert "1 line of this file cannot be imported" in text and "as it stands" in text
    assert "Traceback" not in text
    # The line and its reason are listed (tests/ui/test_import_dialog_bad_rows.py: the rest
    # can be imported by choice).
    assert str(dialog.problems_model.problem_at(0)) == "Line 5: “forty” in Weight is not a number."
    assert not dialog.import_button.isEnabled()
    assert counts() == before
    assert summaries == []

    # Choosing a good file in the same window clears the problem.
    good = write_strong_ios(tmp_path / "good.csv")
    monkeypatch.setattr(data_dialogs, "choose_import_file", lambda parent: good)
    dialog.choose_file_button.click()
    dialog.choose_unit("kg")
    assert not dialog.problem.isVisible()
    assert dialog.import_button.isEnabled()


def test_binary_junk_is_refused_plainly(window, monkeypatch, tmp_path):
    junk = tmp_path / "photo.csv"
    junk.write_bytes(bytes(range(256)) * 8)
    before = counts()
    dialog = open_import(window, monkeypatch, junk)
    assert dialog.problem.isVisible()
    assert "Nothing was imported" in dialog.problem.text()
    assert not dialog.unit_box.isVisible()
    assert not dialog.import_button.isEnabled()
    assert counts() == before


def test_cancelling_an_import_rolls_it_back(window, monkeypatch, strong_file, summaries):
    dialog = open_import(window, monkeypatch, strong_file)
    dialog.choose_unit("kg")
    before = counts()
    # The person clicks Cancel as soon as the progress moves.
    monkeypatch.setattr(JobProgressDialog, "setValue", lambda self, value: self.canceled.emit())
    dialog.import_button.click()
    assert summaries == []
    assert counts() == before
    assert dialog.isVisible()
    assert "cancelled" in dialog.problem.text()
    assert dialog.import_button.isEnabled()


def test_cancel_closes_without_writing(window, monkeypatch, strong_file, summaries):
    before = counts()
    dialog = open_import(window, monkeypatch, strong_file)
    dialog.choose_unit("lb")
    dialog.buttons.rejected.emit()
    assert not dialog.isVisible()
    assert counts() == before and summaries == []


def test_models_pass_qtmodeltester(qtmodeltester, seeded, theme, strong_file):
    parsed = importers.parse(strong_file, unit="kg")
    preview = PreviewModel()
    preview.set_workouts(parsed.workouts)
    qtmodeltester.check(preview, force_py=True)
    mapping = MappingModel()
    names = {e.id: e.name for e in Exercise.select()}
    mapping.set_suggestions(
        importers.suggest_mapping(parsed.exercise_names),
        {"Lat Pulldown (Cable)": 3, "Sled Push": 1},
        names,
    )
    qtmodeltester.check(mapping, force_py=True)
    target = mapping.index(0, MappingColumn.TARGET)
    assert mapping.index(0, MappingColumn.SOURCE).data() == "Sled Push"
    assert mapping.setData(target, exercise_id("Machine Row"))
    assert target.data(MappingRole.EXERCISE_ID) == exercise_id("Machine Row")
    assert not mapping.setData(mapping.index(2, MappingColumn.SOURCE), 1)
    assert mapping.setData(target, None)
    assert mapping.mapping()["Sled Push"] is None
    qtmodeltester.check(mapping, force_py=True)


def test_mapping_combo_delegate_changes_the_target(window, monkeypatch, qtbot, strong_file):
    dialog = open_import(window, monkeypatch, strong_file)
    dialog.choose_unit("kg")
    view = dialog.mapping_view
    index = dialog.mapping_model.index(0, MappingColumn.TARGET)  # Sled Push, unmatched
    view.setCurrentIndex(index)
    view.edit(index)
    from PySide6.QtWidgets import QComboBox

    combo = view.indexWidget(index) or view.findChild(QComboBox)
    assert isinstance(combo, QComboBox)
    row = combo.findText("Machine Row")
    assert row > 0
    combo.setCurrentIndex(row)
    combo.activated.emit(row)
    assert dialog.mapping_model.mapping()["Sled Push"] == exercise_id("Machine Row")
    assert dialog.mapping_summary.text().startswith("3 of 4 names")


# -- export, backup, restore -----------------------------------------------------------------


def test_export_writes_our_csv_and_the_strong_one(window, monkeypatch, tmp_path, strong_file):
    importers.import_file(strong_file, unit="kg")
    ours = tmp_path / "out.csv"
    monkeypatch.setattr(data_dialogs, "choose_export_file", lambda parent: (ours, ExportFormat.CSV))
    menu_action(window, "Export…").trigger()
    lines = ours.read_text(encoding="utf-8").splitlines()
    assert lines[0] == OUR_HEADER
    assert len(lines) == 1 + SET_ROWS
    assert f"Exported {SET_ROWS} rows" in window.statusBar().currentMessage()

    strong = tmp_path / "for-hevy.csv"
    monkeypatch.setattr(
        data_dialogs, "choose_export_file", lambda parent: (strong, ExportFormat.STRONG)
    )
    menu_action(window, "Export…").trigger()
    assert strong.read_text(encoding="utf-8-sig").startswith("Date,Workout Name,")


def test_back_up_and_restore_round_trip(window, monkeypatch, tmp_path, strong_file, messages):
    importers.import_file(strong_file, unit="kg")
    original = tmp_path / "original.csv"
    from backtracker.services import export

    export.export_csv(original)
    archive = tmp_path / "backup.zip"
    monkeypatch.setattr(data_dialogs, "choose_backup_file", lambda parent: archive)
    menu_action(window, "Back Up…").trigger()
    assert archive.is_file()
    assert str(archive) in window.statusBar().currentMessage()

    # Then the data changes: a workout is deleted, and another is started in the Log.
    Workout.delete().where(Workout.name == "Pull").execute()
    assert Workout.select().count() == 1
    monkeypatch.setattr(ExercisePicker, "ask", classmethod(lambda cls, parent, title="": None))
    window.tabs.setCurrentWidget(window.log_page)
    window.log.start_workout(None)
    assert window.log.running_workout_id is not None

    asked: list[str] = []

    def confirm(parent, title, text, action):
        asked.append(text)
        return True

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(data_dialogs, "choose_backup_archive", lambda parent: archive)
    changed: list[str] = []
    window.events.photos_changed.connect(lambda: changed.append("photos"))
    window.events.workouts_changed.connect(lambda: changed.append("workouts"))
    menu_action(window, "Restore…").trigger()

    assert "safety copy" in asked[0] and "made on" in asked[0]
    assert not db.is_closed()
    assert Workout.select().count() == 2
    # The workout started after the backup went with the data it belonged to.
    assert window.log.running_workout_id is None
    assert window.log.stack.currentWidget() is window.log.start_page
    assert window.undo_stack.count() == 0
    restored = tmp_path / "restored.csv"
    export.export_csv(restored)
    assert restored.read_text(encoding="utf-8") == original.read_text(encoding="utf-8")
    assert {"photos", "workouts"} <= set(changed)
    info = [m for m in messages if m[0] == "info"]
    assert len(info) == 1, messages
    safety = [
        p for p in window.profile.backups_dir.iterdir() if p.name.startswith("before-restore")
    ]
    assert len(safety) == 1 and str(safety[0]) in info[0][2]


def test_restore_declined_changes_nothing(window, monkeypatch, tmp_path, strong_file, messages):
    importers.import_file(strong_file, unit="kg")
    archive = tmp_path / "backup.zip"
    monkeypatch.setattr(data_dialogs, "choose_backup_file", lambda parent: archive)
    menu_action(window, "Back Up…").trigger()
    Workout.delete().where(Workout.name == "Pull").execute()
    monkeypatch.setattr(dialogs, "confirm", lambda *args: False)
    monkeypatch.setattr(data_dialogs, "choose_backup_archive", lambda parent: archive)
    menu_action(window, "Restore…").trigger()
    assert Workout.select().count() == 1
    assert messages == []


def test_restore_of_a_broken_archive_keeps_the_data(window, monkeypatch, tmp_path, messages):
    junk = tmp_path / "not-a-backup.zip"
    junk.write_bytes(b"PK\x03\x04 certainly not a zip")
    before = counts()
    monkeypatch.setattr(dialogs, "confirm", lambda *args: True)
    monkeypatch.setattr(data_dialogs, "choose_backup_archive", lambda parent: junk)
    menu_action(window, "Restore…").trigger()
    assert not db.is_closed()
    assert counts() == before
    assert [m[:2] for m in messages] == [("error", "The backup was not restored")]
    assert "Traceback" not in messages[0][2]
    assert not [d for d in window.findChildren(JobProgressDialog) if d.isVisible()]
