"""The import dialog with a Strong export in another language: the column mapping and the
notices are shown in the preview before anything is imported, as a person sees them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from backtracker.services import importers
from backtracker.storage.models import SetEntry, Workout, WorkoutExercise
from backtracker.ui.data import dialogs as data_dialogs
from tests.services.test_importers_strong_real import german, unknown_language
from tests.ui.test_import_dialog import (  # noqa: F401 (fixtures used by name)
    _close_import_dialogs,
    _synchronous,
    open_import,
)


@pytest.fixture
def results(monkeypatch) -> list[importers.ImportResult]:
    shown: list[importers.ImportResult] = []
    monkeypatch.setattr(
        data_dialogs.ImportSummaryDialog,
        "show_result",
        classmethod(lambda cls, parent, result: shown.append(result)),
    )
    return shown


def test_a_header_read_by_its_shape_shows_the_mapping_before_importing(
    window, monkeypatch, qtbot, tmp_path, results
):
    dialog = open_import(window, monkeypatch, unknown_language(tmp_path / "tr.csv"))
    assert "read by its shape" in dialog.format_label.text()
    qtbot.mouseClick(dialog.unit_buttons["kg"], Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    assert dialog.columns_label.isVisible()
    text = dialog.columns_label.text()
    assert text.startswith("Columns recognised by their order")
    assert "Tarih → Date" in text and "Set Sırası → Set Order" in text
    assert "Saniye → Seconds" in text
    assert Workout.select().count() == 0  # shown before anything is written

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    assert Workout.select().count() == 1 and SetEntry.select().count() == 3
    assert WorkoutExercise.get(WorkoutExercise.rest_s.is_null(False)).rest_s == 100
    assert len(results) == 1


def test_a_known_language_says_the_columns_were_translated(window, monkeypatch, qtbot, tmp_path):
    dialog = open_import(window, monkeypatch, german(tmp_path / "de.csv"))
    qtbot.mouseClick(dialog.unit_buttons["kg"], Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    assert "German header" in dialog.format_label.text()
    assert dialog.columns_label.text().startswith("Columns translated from the header")
    assert "Reihenfolge festlegen → Set Order" in dialog.columns_label.text()


def test_a_workout_of_days_is_named_in_the_preview(window, monkeypatch, qtbot, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE\n"
        "2022-01-10 18:00:00,Forgot,179h 26m,Face Pull (Cable),1,15,15,0,0,,,\n",
        encoding="utf-8",
    )
    dialog = open_import(window, monkeypatch, path)
    qtbot.mouseClick(dialog.unit_buttons["kg"], Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    assert "1 workout runs for more than a day" in dialog.preview_summary.text()
    assert not dialog.columns_label.isVisible()
