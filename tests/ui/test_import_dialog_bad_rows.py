"""The import dialog with problem lines (issue 13, point 6), driven as a person would.

Every line that cannot be imported is listed with its reason, not just the first; Import
writes nothing while there are any; "Import the rest" imports everything else, the summary
says what was left out and the import's record keeps it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from backtracker.services import importers
from backtracker.storage import imports as store
from backtracker.storage.models import ImportBatch, SetEntry, Workout
from backtracker.ui.data import dialogs as data_dialogs
from backtracker.ui.data.import_dialog import ImportDialog
from backtracker.ui.data.problems_model import ProblemColumn
from backtracker.ui.data.texts import import_summary_line
from backtracker.ui.main_window import MainWindow
from backtracker.ui.tasks import synchronous_tasks

FITNOTES = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time"
ROWS = [
    "2024-06-03,Deadlift,Back,140.0,kgs,5,,,",
    "2024-06-03,Deadlift,Back,140.0,kgs,5,,,",
    "2024-06-03,Overhead Press (Each Side, Dumbbells),Shoulders,22.5,kgs,8,,,",  # repaired
    "2024-06-03,Lat Pulldown,Back,lots,kgs,10,,,",  # line 5: a wrong number
    "2024-06-05,Nordic Curl, Assisted,Hamstrings,0.0,kgs,6,,,",  # line 6: cannot be placed
    "2024-06-05,Deadlift,Back,150.0,kgs,3,,,",
    "2024-06-05,Lat Pulldown,Back,60.0,kgs,-10,,,",  # line 8: negative reps
]
GOOD_SETS = 4


@pytest.fixture(autouse=True)
def _synchronous():
    with synchronous_tasks():
        yield


@pytest.fixture
def summaries(monkeypatch) -> list[importers.ImportResult]:
    shown: list[importers.ImportResult] = []
    monkeypatch.setattr(
        data_dialogs.ImportSummaryDialog,
        "show_result",
        classmethod(lambda cls, parent, result: shown.append(result)),
    )
    return shown


def write(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([FITNOTES, *rows]) + "\n", encoding="utf-8")
    return path


def open_import(window: MainWindow, monkeypatch, qtbot, path: Path) -> ImportDialog:
    monkeypatch.setattr(data_dialogs, "choose_import_file", lambda parent: path)
    file_menu = window.menuBar().actions()[0].menu()
    action = next(
        a
        for a in file_menu.actions()
        if a.text().replace("&", "") == "Import from Strong/Hevy/FitNotes…"
    )
    action.trigger()
    qtbot.wait(300)
    shown = [d for d in window.findChildren(ImportDialog) if d.isVisible()]
    assert len(shown) == 1  # a child of the window, which keeps it
    return shown[0]


def listed(dialog: ImportDialog) -> list[tuple[str, str]]:
    model = dialog.problems_model
    return [
        (
            model.index(row, ProblemColumn.LINE).data(),
            model.index(row, ProblemColumn.REASON).data(),
        )
        for row in range(model.rowCount())
    ]


def test_every_problem_is_listed_and_the_rest_imports_by_choice(
    window, monkeypatch, qtbot, tmp_path, summaries
):
    dialog = open_import(window, monkeypatch, qtbot, write(tmp_path / "fitnotes.csv", ROWS))
    assert dialog.problems_box.isVisible()
    assert dialog.problems_box.title() == "Lines that cannot be imported (3)"
    rows = listed(dialog)
    assert [line for line, _ in rows] == ["5", "6", "8"]
    assert rows[0][1] == "“lots” in Weight is not a number."
    assert "cannot be placed for certain" in rows[1][1]
    assert rows[2][1] == "Reps can't be negative (“-10”)."
    text = dialog.problem.text()
    assert dialog.problem.isVisible() and "3 lines of this file cannot be imported" in text
    assert "Import the rest" in text
    # The rest is shown, so the person sees what importing it would give.
    assert "2 workouts with 4 sets" in dialog.preview_summary.text()
    assert "1 row had commas written without quotes" in dialog.preview_summary.text()

    # Import writes nothing while there are problem lines; the other button says what it does.
    assert not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    assert (Workout.select().count(), ImportBatch.select().count()) == (0, 0)
    assert dialog.import_rest_button.isVisible() and dialog.import_rest_button.isEnabled()
    assert dialog.import_rest_button.text() == "Import the rest (skip 3 lines)"

    qtbot.mouseClick(dialog.import_rest_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    assert len(summaries) == 1
    result = summaries[0]
    assert (result.workouts_added, result.sets_added) == (2, GOOD_SETS)
    assert [p.line for p in result.skipped_rows] == [5, 6, 8]
    assert SetEntry.select().count() == GOOD_SETS
    batch = ImportBatch.get()
    assert [line for line, _ in store.skipped_lines(batch.id)] == [5, 6, 8]
    assert not [d for d in window.findChildren(ImportDialog) if d.isVisible()]


def test_the_summary_says_what_was_left_out(qtbot, seeded, theme, tmp_path):
    parsed = importers.parse(write(tmp_path / "f.csv", ROWS), skip_bad_rows=True)
    result = importers.import_parsed(parsed, skip_bad_rows=True)
    summary = data_dialogs.ImportSummaryDialog(result)
    qtbot.addWidget(summary)
    text = "\n".join(label.text() for label in summary.findChildren(QLabel))
    assert "3 lines of the file left out, as you chose (the import's record keeps them):" in text
    assert "  Line 5: “lots” in Weight is not a number.\n" in text
    assert "3 problem lines left out" in import_summary_line(result)


def test_a_file_without_one_good_line_lists_its_problems_and_offers_nothing(
    window, monkeypatch, qtbot, tmp_path, summaries
):
    rows = ["2024-06-03,Deadlift,Back,heavy,kgs,5,,,", "2024-06-03,Deadlift,Back,140,kgs,x,,,"]
    dialog = open_import(window, monkeypatch, qtbot, write(tmp_path / "bad.csv", rows))
    assert dialog.problem.isVisible() and "Nothing was imported" in dialog.problem.text()
    assert [line for line, _ in listed(dialog)] == ["2", "3"]
    assert not dialog.import_button.isEnabled()
    assert not dialog.import_rest_button.isEnabled()
    assert Workout.select().count() == 0

    # A good file chosen in the same window clears the list.
    good = write(tmp_path / "good.csv", ROWS[:3])
    monkeypatch.setattr(data_dialogs, "choose_import_file", lambda parent: good)
    qtbot.mouseClick(dialog.choose_file_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    assert not dialog.problems_box.isVisible() and not dialog.import_rest_button.isVisible()
    assert dialog.import_button.isEnabled()
