"""A line the import dialog can only refuse once names are mapped (a negative weight on an
exercise that is not a bodyweight one, issue 14 section 4) is listed like any other problem
line, and "Import the rest" imports everything else; nothing is written before that."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from backtracker.storage.models import ImportBatch, SetEntry, Workout
from tests.services.test_import_negative_weights import fitnotes
from tests.ui.test_import_dialog_bad_rows import (  # noqa: F401 (fixtures)
    _synchronous,
    listed,
    open_import,
    summaries,
)


def test_a_line_refused_after_mapping_is_listed_and_the_rest_imports(
    window,
    monkeypatch,
    qtbot,
    tmp_path,
    summaries,  # noqa: F811
):
    path = fitnotes(tmp_path / "fitnotes.csv", pulldown="-40.0")
    dialog = open_import(window, monkeypatch, qtbot, path)
    assert not dialog.problems_box.isVisible()  # the file reads without a problem line
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    assert (Workout.select().count(), ImportBatch.select().count()) == (0, 0)
    assert dialog.problems_box.isVisible()
    ((line, reason),) = listed(dialog)
    assert line == "4" and "negative weight (-40 kg) on “Lat Pulldown (Cable)”" in reason
    assert "Nothing was imported" in dialog.problem.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.import_rest_button.isEnabled()
    assert dialog.import_rest_button.text() == "Import the rest (skip 1 line)"

    qtbot.mouseClick(dialog.import_rest_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    (result,) = summaries
    assert result.sets_added == 2 and [p.line for p in result.skipped_rows] == [4]
    weights = sorted(s.weight_kg for s in SetEntry.select())
    assert weights == pytest.approx([-20.0, -44.0 * 0.45359237])  # the assisted pull-ups
