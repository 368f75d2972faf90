"""The exercise models behave as Qt item models must (pytest-qt's qtmodeltester)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

from backtracker.services import library
from backtracker.ui.library.model import ExerciseFilterProxy, ExerciseTableModel, Role
from backtracker.ui.library.muscle_guide import MuscleListModel


def test_exercise_model_passes_qtmodeltester(qtmodeltester, seeded, theme):
    model = ExerciseTableModel()
    model.sync(library.exercises())
    qtmodeltester.check(model, force_py=True)


def test_filter_proxy_passes_qtmodeltester(qtmodeltester, seeded, theme):
    model = ExerciseTableModel()
    model.sync(library.exercises())
    proxy = ExerciseFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_query("row")
    proxy.set_no_gym(True)
    qtmodeltester.check(proxy, force_py=True)


def test_muscle_model_passes_qtmodeltester(qtmodeltester, seeded, theme):
    model = MuscleListModel()
    model.set_muscles(library.muscles())
    qtmodeltester.check(model, force_py=True)
    assert [model.index(r, 0).data(Qt.ItemDataRole.DisplayRole) for r in range(4)] == [
        m.name for m in library.muscles() if m.major_back
    ]


def test_sync_signals_only_what_changed(qtbot, seeded, theme):
    exercises = library.exercises()
    model = ExerciseTableModel()
    model.sync(exercises)
    renamed = dataclasses.replace(exercises[3], name="Renamed Row")
    changed = [*exercises[:3], renamed, *exercises[4:-1]]  # one edit, last one removed
    with (
        qtbot.waitSignals([model.rowsRemoved, model.dataChanged]),
        qtbot.assertNotEmitted(model.modelReset),
        qtbot.assertNotEmitted(model.rowsInserted),
    ):
        model.sync(changed)
    assert model.rowCount() == len(exercises) - 1
    row = model.row_of(renamed.id)
    assert model.index(row, 0).data() == "Renamed Row"
    assert model.index(row, 0).data(Role.EXERCISE_ID) == renamed.id


def test_proxy_filters_combine(seeded, theme):
    model = ExerciseTableModel()
    model.sync(library.exercises())
    proxy = ExerciseFilterProxy()
    proxy.setSourceModel(model)
    all_rows = proxy.rowCount()
    proxy.set_equipment("band")
    band = {proxy.index(r, 0).data() for r in range(proxy.rowCount())}
    assert "Band Lat Pulldown" in band and "Dumbbell Row" not in band
    proxy.set_muscle("rear_delts")
    both = {proxy.index(r, 0).data() for r in range(proxy.rowCount())}
    assert both and both <= band
    assert all(
        "rear_delts" in proxy.index(r, 0).data(Role.EXERCISE).muscles
        for r in range(proxy.rowCount())
    )
    proxy.set_equipment(None)
    proxy.set_muscle(None)
    assert proxy.rowCount() == all_rows
