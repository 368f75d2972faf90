"""The import dialog's mapping step under issue 13's policy: a name that is not the same name,
alias or equipment defaults to a new custom exercise and shows the closest as a suggestion,
which the person can accept; two names of the file never land on one exercise by default."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from backtracker.storage.models import SetEntry, WorkoutExercise
from backtracker.ui.data.mapping_model import NEW_EXERCISE_TEXT, MappingColumn
from tests.ui.test_import_dialog import (
    _synchronous,  # noqa: F401 (fixture)
    exercise_id,
    open_import,
    summaries,  # noqa: F401 (fixture)
    write_strong_ios,
)

ROWS = [
    "2024-03-04 18:02:11,Pull,49m,Lat Pulldown (Cable),1,50,10,0,0,,,",
    "2024-03-04 18:02:11,Pull,49m,Lat Pulldown (Machine),1,51,10,0,0,,,",
    "2024-03-04 18:02:11,Pull,49m,Upright Row (Barbell),1,30,12,0,0,,,",
    "2024-03-04 18:02:11,Pull,49m,Sumo Deadlift (Barbell),1,120,5,0,0,,,",
    "2024-03-04 18:02:11,Pull,49m,Deadlift (Barbell),1,140,3,0,0,,,",
]


@pytest.fixture
def names_file(tmp_path):
    return write_strong_ios(tmp_path / "names.csv", ROWS)


def _row_of(dialog, name: str) -> int:
    model = dialog.mapping_model
    return next(r for r in range(model.rowCount()) if model.row_at(r).source_name == name)


def _cell(dialog, name: str, column: MappingColumn) -> str:
    return dialog.mapping_model.index(_row_of(dialog, name), column).data()


def _exercise_of(weight: float) -> int:
    return (
        SetEntry.select(WorkoutExercise.exercise)
        .join(WorkoutExercise)
        .where(SetEntry.weight_kg == weight)
        .scalar()
    )


def test_only_sure_names_are_taken_and_a_suggestion_can_be_accepted(
    window,
    monkeypatch,
    qtbot,
    names_file,
    summaries,  # noqa: F811
):
    dialog = open_import(window, monkeypatch, names_file)
    dialog.choose_unit("kg")
    qtbot.wait(300)
    mapping = dialog.mapping_model.mapping()

    assert mapping["Lat Pulldown (Cable)"] == exercise_id("Lat Pulldown")
    assert _cell(dialog, "Lat Pulldown (Cable)", MappingColumn.MATCH) == "Another name of it"
    assert mapping["Deadlift (Barbell)"] == exercise_id("Deadlift")
    for name in ("Lat Pulldown (Machine)", "Upright Row (Barbell)", "Sumo Deadlift (Barbell)"):
        assert mapping[name] is None, name
        assert _cell(dialog, name, MappingColumn.TARGET) == NEW_EXERCISE_TEXT
    assert _cell(dialog, "Upright Row (Barbell)", MappingColumn.MATCH).startswith(
        "Closest: Barbell Row, "
    )
    assert _cell(dialog, "Lat Pulldown (Machine)", MappingColumn.MATCH) == (
        "Closest: Lat Pulldown (another name here maps to it)"
    )

    # The person knows this upright row is what they log as Barbell Row: accepts the
    # suggestion from the combo, where it is offered as the closest match.
    view = dialog.mapping_view
    index = dialog.mapping_model.index(
        _row_of(dialog, "Upright Row (Barbell)"), MappingColumn.TARGET
    )
    view.setCurrentIndex(index)
    view.edit(index)
    qtbot.wait(100)
    combo = view.indexWidget(index) or view.findChild(QComboBox)
    assert isinstance(combo, QComboBox)
    assert combo.itemText(1) == "Barbell Row  (closest match)"
    combo.setCurrentIndex(1)
    combo.activated.emit(1)
    qtbot.wait(100)
    assert _cell(dialog, "Upright Row (Barbell)", MappingColumn.MATCH) == "Your choice"

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)

    assert len(summaries) == 1
    assert _exercise_of(30) == exercise_id("Barbell Row")  # the accepted suggestion
    assert _exercise_of(50) == exercise_id("Lat Pulldown")
    assert _exercise_of(140) == exercise_id("Deadlift")
    # Every other name is its own exercise: nothing merged behind the person's back.
    assert _exercise_of(51) not in {_exercise_of(50), _exercise_of(30)}
    assert _exercise_of(120) != _exercise_of(140)
    assert sorted(summaries[0].exercises_created) == [
        "Lat Pulldown (Machine)",
        "Sumo Deadlift (Barbell)",
    ]
