"""The Library marks one-sided exercises and lets a person mark their own (issue 14, 4)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from backtracker.services import library
from backtracker.storage.models import Exercise


def test_the_detail_says_one_side_at_a_time(window, qtbot):
    tab = window.library
    one_arm = Exercise.get(Exercise.catalogue_key == "single-arm-dumbbell-row").id
    both = Exercise.get(Exercise.catalogue_key == "dumbbell-row").id
    tab.select_exercise(one_arm)
    qtbot.wait(100)
    assert "One side at a time" in tab.exercise_detail._fact_labels["tracks"].text()
    tab.select_exercise(both)
    qtbot.wait(100)
    assert "One side at a time" not in tab.exercise_detail._fact_labels["tracks"].text()


def test_the_edit_dialog_marks_an_exercise_one_sided(window, qtbot):
    from backtracker.ui.library.exercise_dialog import ExerciseDialog

    exercise = Exercise.get(Exercise.catalogue_key == "seated-cable-row")
    info = library.exercise(exercise.id)
    assert not info.unilateral
    dialog = ExerciseDialog(
        "Edit Seated Cable Row",
        info.to_draft(),
        library.muscles(),
        lambda draft: library.edit_exercise(exercise.id, draft),
        window,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.unilateral
    assert not box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    qtbot.wait(100)
    assert box.isChecked()
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    stored = Exercise.get_by_id(exercise.id)
    assert stored.unilateral and stored.user_modified  # a later catalogue keeps the edit
    assert library.exercise(exercise.id).to_draft().unilateral
