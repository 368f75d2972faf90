"""The Library shows each exercise's movement pattern and spinal load and lets a person set
them (issue 15, §2 and §3)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from backtracker.domain.catalogue import Pattern, SpinalLoad
from backtracker.services import library
from backtracker.storage.models import Exercise
from backtracker.ui.library.exercise_dialog import ExerciseDialog
from backtracker.ui.library.model import Role

HUMAN = 300  # ms between a person's actions


def _fill_dialog_when_open(qtbot, fill) -> list[str]:
    """Run `fill(dialog)` as soon as the modal exercise dialog appears."""
    seen: list[str] = []

    def find_and_fill():
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, ExerciseDialog) and w.isVisible()
        ]
        if not dialogs:
            QTimer.singleShot(20, find_and_fill)
            return
        dialog = dialogs[0]
        seen.append(dialog.windowTitle())
        try:
            fill(dialog)
        finally:
            if dialog.isVisible():  # a failed step must not leave exec() waiting forever
                dialog.reject()

    QTimer.singleShot(0, find_and_fill)
    return seen


def _save(qtbot, dialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def _pattern_text(tab) -> str:
    return tab.exercise_detail._fact_labels["pattern"].text()


def test_the_detail_shows_pattern_and_spinal_load(window, qtbot):
    tab = window.library
    tab.select_catalogue_key("barbell-row")
    qtbot.wait(100)
    assert _pattern_text(tab) == "Horizontal pull · Spinal load: High"
    tab.select_catalogue_key("chest-supported-row")
    qtbot.wait(100)
    assert _pattern_text(tab) == "Horizontal pull · Spinal load: Low"
    tab.select_catalogue_key("lat-pulldown")
    qtbot.wait(100)
    assert _pattern_text(tab) == "Vertical pull · Spinal load: Low"


def test_editing_a_catalogue_exercise_by_keyboard_stores_both_and_undo_restores(window, qtbot):
    tab = window.library
    tab.select_catalogue_key("seated-cable-row")
    qtbot.wait(HUMAN)
    assert _pattern_text(tab) == "Horizontal pull · Spinal load: Moderate"

    def fill(dialog):
        qtbot.wait(HUMAN)
        qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # Spinal loa&d
        qtbot.wait(HUMAN)
        assert dialog.focusWidget() is dialog.spinal_load
        qtbot.keyClick(dialog.spinal_load, Qt.Key.Key_Up)  # Moderate → Low
        qtbot.wait(HUMAN)
        qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # Patte&rn
        qtbot.wait(HUMAN)
        assert dialog.focusWidget() is dialog.pattern
        qtbot.keyClick(dialog.pattern, Qt.Key.Key_Down)  # Horizontal pull → Hinge
        qtbot.wait(HUMAN)
        _save(qtbot, dialog)

    seen = _fill_dialog_when_open(qtbot, fill)
    qtbot.keyClick(tab.list, Qt.Key.Key_F2)
    assert seen == ["Edit Seated Cable Row"]
    row = Exercise.get(Exercise.catalogue_key == "seated-cable-row")
    assert (row.pattern, row.spinal_load) == ("hinge", "low")
    assert row.user_modified  # a later catalogue leaves the person's choice alone
    qtbot.wait(HUMAN)
    assert _pattern_text(tab) == "Hinge · Spinal load: Low"

    window.undo_action.trigger()
    qtbot.wait(HUMAN)
    row = Exercise.get(Exercise.catalogue_key == "seated-cable-row")
    assert (row.pattern, row.spinal_load) == ("horizontal_pull", "moderate")
    assert _pattern_text(tab) == "Horizontal pull · Spinal load: Moderate"


def test_a_new_custom_exercise_gets_its_pattern_and_load_through_the_dialog(window, qtbot):
    tab = window.library

    def fill(dialog):
        assert dialog.pattern.currentText() == "Not set"  # unknown until the person says
        assert dialog.spinal_load.currentText() == "Not set"
        qtbot.keyClicks(dialog.name, "Towel Door Row")
        qtbot.wait(HUMAN)
        for row in range(dialog.primary.count()):
            item = dialog.primary.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == "rhomboids":
                item.setCheckState(Qt.CheckState.Checked)
        dialog.pattern.setFocus()
        qtbot.keyClicks(dialog.pattern, "Ho")  # the combo's own type-ahead
        qtbot.wait(HUMAN)
        dialog.spinal_load.setFocus()
        qtbot.keyClicks(dialog.spinal_load, "L")
        qtbot.wait(HUMAN)
        assert (dialog.pattern.currentText(), dialog.spinal_load.currentText()) == (
            "Horizontal pull",
            "Low",
        )
        _save(qtbot, dialog)

    seen = _fill_dialog_when_open(qtbot, fill)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert seen == ["New exercise"]
    row = Exercise.get(Exercise.name == "Towel Door Row")
    assert row.is_custom
    assert (row.pattern, row.spinal_load) == ("horizontal_pull", "low")
    qtbot.wait(HUMAN)
    assert tab.exercise_detail.title.text() == "Towel Door Row"
    assert _pattern_text(tab) == "Horizontal pull · Spinal load: Low"


def test_a_custom_exercise_without_them_says_not_set(window, qtbot):
    draft = library.exercise(Exercise.get(Exercise.catalogue_key == "band-row").id).to_draft()
    draft.name, draft.aliases, draft.pattern, draft.spinal_load = "Old Drill", [], None, None
    new_id = library.add_custom_exercise(draft)
    window.library.reload()
    window.library.select_exercise(new_id)
    qtbot.wait(100)
    assert _pattern_text(window.library) == "Not set · Spinal load: Not set"


def test_the_dialog_offers_only_the_known_values(window, qtbot):
    """A wrong value cannot be typed: both choices are fixed lists of the vocabulary."""
    exercise = Exercise.get(Exercise.catalogue_key == "barbell-row")
    dialog = ExerciseDialog(
        "Edit Barbell Row",
        library.exercise(exercise.id).to_draft(),
        library.muscles(),
        lambda draft: library.edit_exercise(exercise.id, draft),
        window,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for combo, enum in ((dialog.pattern, Pattern), (dialog.spinal_load, SpinalLoad)):
        assert not combo.isEditable()
        values = [combo.itemData(i) for i in range(combo.count())]
        assert values == [None, *(member.value for member in enum)]
    assert dialog.spinal_load.currentData() == "high"
    dialog.spinal_load.setFocus()
    qtbot.keyClicks(dialog.spinal_load, "extreme")  # no item starts so: nothing changes
    qtbot.wait(HUMAN)
    assert dialog.spinal_load.currentData() in {None, "low", "moderate", "high"}
    _save(qtbot, dialog)
    stored = Exercise.get_by_id(exercise.id)
    assert stored.spinal_load in {None, "low", "moderate", "high"}
    assert stored.pattern == "horizontal_pull"


def test_the_low_spinal_load_filter(window, qtbot):
    tab = window.library
    everything = tab.proxy.rowCount()
    qtbot.mouseClick(tab.filters.low_spinal_load, Qt.MouseButton.LeftButton)
    qtbot.wait(HUMAN)
    shown = [tab.proxy.index(r, 0).data(Role.EXERCISE) for r in range(tab.proxy.rowCount())]
    names = {e.name for e in shown}
    assert shown and all(e.spinal_load == "low" for e in shown)
    assert {"Chest-Supported Row", "Machine Row", "Lat Pulldown"} <= names
    assert not {"Barbell Row", "Deadlift", "Seated Cable Row"} & names
    assert tab.count_label.text() == f"{len(shown)} of {everything} exercises"

    qtbot.mouseClick(tab.filters.clear_button, Qt.MouseButton.LeftButton)
    qtbot.wait(HUMAN)
    assert not tab.filters.low_spinal_load.isChecked()
    assert tab.proxy.rowCount() == everything
