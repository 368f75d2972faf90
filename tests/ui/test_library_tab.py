"""The Library tab driven as a person would: typing, clicking, and what lands in the database."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from backtracker.storage.models import Exercise, ExerciseAlias, ExerciseMuscle
from backtracker.ui.library.exercise_dialog import ExerciseDialog
from backtracker.ui.library.model import Role


def visible_names(tab) -> list[str]:
    proxy = tab.proxy
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


def test_opens_on_the_first_proven_exercise(window):
    tab = window.library
    names = visible_names(tab)
    assert len(names) >= 40
    assert names[:5] == sorted(
        ["Dumbbell Row", "Face Pull", "Lat Pulldown", "Renegade Row", "Superman"]
    )
    assert tab.exercise_detail.title.text() == "Dumbbell Row"
    assert tab.exercise_detail.proven_badge.isVisible()
    assert set(tab.exercise_detail.diagram.highlighted[0]) >= {"lats", "rhomboids"}


def test_search_by_name_and_alias_then_arrow_through_results(window, qtbot):
    tab = window.library
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tab.filters.search.hasFocus()
    qtbot.keyClicks(tab.filters.search, "pulldown")
    names = visible_names(tab)
    assert "Lat Pulldown" in names and "Band Lat Pulldown" in names
    assert all("pulldown" in n.lower() or "pull" in n.lower() for n in names)
    assert tab.count_label.text().startswith(f"{len(names)} of ")

    tab.filters.search.clear()
    qtbot.keyClicks(tab.filters.search, "db row")  # an alias of Dumbbell Row
    assert "Dumbbell Row" in visible_names(tab)

    tab.filters.search.clear()
    qtbot.keyClicks(tab.filters.search, "row")
    qtbot.keyClick(tab.filters.search, Qt.Key.Key_Down)
    assert tab.list.hasFocus()
    first = tab.current_exercise().name
    qtbot.keyClick(tab.list, Qt.Key.Key_Down)
    second = tab.current_exercise().name
    assert first != second
    assert tab.exercise_detail.title.text() == second


def test_no_match_shows_empty_state_with_a_way_back(window, qtbot):
    tab = window.library
    qtbot.keyClicks(tab.filters.search, "zzzz no such exercise")
    assert tab.proxy.rowCount() == 0
    assert tab.list_stack.currentIndex() == 1
    assert "zzzz no such exercise" in tab.empty_label.text()
    qtbot.mouseClick(tab.empty_clear, Qt.MouseButton.LeftButton)
    assert tab.filters.search.text() == ""
    assert tab.list_stack.currentIndex() == 0


def test_filters_by_muscle_equipment_type_and_no_gym(window, qtbot):
    tab = window.library
    tab.filters.category.setCurrentIndex(tab.filters.category.findData("stretch"))
    stretches = visible_names(tab)
    assert "Child's Pose" in stretches and "Dumbbell Row" not in stretches

    tab.filters.clear()
    qtbot.mouseClick(tab.filters.no_gym, Qt.MouseButton.LeftButton)
    home = [tab.proxy.index(r, 0).data(Role.EXERCISE) for r in range(tab.proxy.rowCount())]
    assert home and all(e.no_gym for e in home)
    assert "Lat Pulldown" not in {e.name for e in home}
    assert "Band Lat Pulldown" in {e.name for e in home}

    tab.filters.muscle.setCurrentIndex(tab.filters.muscle.findData("erector_spinae"))
    tab.filters.equipment.setCurrentIndex(tab.filters.equipment.findData("none"))
    names = visible_names(tab)
    assert "Superman" in names
    assert all(
        tab.proxy.index(r, 0).data(Role.EXERCISE).equipment == "none"
        for r in range(tab.proxy.rowCount())
    )

    qtbot.mouseClick(tab.filters.clear_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.filters.proven, Qt.MouseButton.LeftButton)
    assert len(visible_names(tab)) == 5


def test_variation_link_selects_that_exercise(window):
    tab = window.library
    tab.exercise_detail.variation_activated.emit("band-lat-pulldown")
    assert tab.current_exercise().catalogue_key == "band-lat-pulldown"
    assert tab.exercise_detail.title.text() == "Band Lat Pulldown"


def test_muscle_guide_lists_major_muscles_and_filters_exercises(window, qtbot):
    tab = window.library
    tab.page_bar.setCurrentIndex(1)
    assert tab.detail_stack.currentWidget() is tab.muscle_detail
    assert tab.muscle_detail.title.text().startswith("Latissimus")
    assert tab.muscle_detail.diagram.highlighted[0] == ("lats",)
    qtbot.mouseClick(tab.muscle_detail.show_button, Qt.MouseButton.LeftButton)
    assert tab.left_stack.currentIndex() == 0
    assert tab.filters.muscle.currentData() == "lats"
    exercises = [tab.proxy.index(r, 0).data(Role.EXERCISE) for r in range(tab.proxy.rowCount())]
    assert exercises and all("lats" in e.muscles for e in exercises)
    assert str(len(exercises)) in tab.muscle_detail.show_button.text()


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


def _check(list_widget, key):
    for row in range(list_widget.count()):
        item = list_widget.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == key:
            item.setCheckState(Qt.CheckState.Checked)


def test_add_custom_exercise_through_the_dialog(window, qtbot):
    tab = window.library
    before = Exercise.select().count()

    def fill(dialog):
        qtbot.keyClicks(dialog.name, "Towel Door Row")
        qtbot.keyClicks(dialog.aliases, "Door row, Towel row")
        dialog.equipment.setCurrentIndex(dialog.equipment.findData("none"))
        dialog.no_gym.setChecked(True)
        _check(dialog.primary, "lats")
        _check(dialog.primary, "rhomboids")
        _check(dialog.secondary, "biceps")
        qtbot.keyClicks(dialog.steps, "Loop a towel round a door handle")
        qtbot.keyClick(dialog.steps, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.steps, "Lean back and row yourself in")
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )

    seen = _fill_dialog_when_open(qtbot, fill)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert seen == ["New exercise"]

    assert Exercise.select().count() == before + 1
    row = Exercise.get(Exercise.name == "Towel Door Row")
    assert row.is_custom and row.no_gym and row.equipment == "none"
    assert row.steps_json == '["Loop a towel round a door handle", "Lean back and row yourself in"]'
    aliases = {a.alias for a in ExerciseAlias.select().where(ExerciseAlias.exercise == row)}
    assert aliases == {"Door row", "Towel row"}
    roles = {
        (link.muscle.key, link.role)
        for link in ExerciseMuscle.select().where(ExerciseMuscle.exercise == row)
    }
    assert roles == {("lats", "primary"), ("rhomboids", "primary"), ("biceps", "secondary")}
    # It is selected and shown, and the delete button is offered (no history yet).
    assert tab.exercise_detail.title.text() == "Towel Door Row"
    assert not tab.exercise_detail.delete_button.isHidden()

    # Undo removes it again; redo brings it back.
    window.undo_action.trigger()
    assert not Exercise.select().where(Exercise.name == "Towel Door Row").exists()
    assert "Towel Door Row" not in visible_names(tab)
    window.redo_action.trigger()
    assert Exercise.select().where(Exercise.name == "Towel Door Row").exists()


def test_bad_input_in_the_dialog_explains_and_saves_nothing(window, qtbot):
    tab = window.library
    before = Exercise.select().count()
    messages: list[str] = []

    def fill(dialog):
        qtbot.keyClicks(dialog.name, "dumbbell row")  # taken, in another case
        save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        messages.append(dialog.error.text())
        assert dialog.isVisible()
        dialog.name.clear()
        qtbot.keyClicks(dialog.name, "Brand New Move")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # still no muscle ticked
        messages.append(dialog.error.text())
        assert dialog.focusWidget() is dialog.primary
        dialog.reject()

    _fill_dialog_when_open(qtbot, fill)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert "already exists" in messages[0]
    assert "primary muscle" in messages[1]
    assert Exercise.select().count() == before


def test_edit_catalogue_exercise_marks_it_as_edited_and_undo_restores(window, qtbot):
    tab = window.library
    tab.select_catalogue_key("face-pull")
    original = Exercise.get(Exercise.catalogue_key == "face-pull").cue

    def fill(dialog):
        dialog.cue.clear()
        qtbot.keyClicks(dialog.cue, "Pull the rope apart as it reaches your face.")
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )

    seen = _fill_dialog_when_open(qtbot, fill)
    qtbot.keyClick(tab.list, Qt.Key.Key_F2)
    assert seen == ["Edit Face Pull"]
    row = Exercise.get(Exercise.catalogue_key == "face-pull")
    assert row.cue == "Pull the rope apart as it reaches your face."
    assert row.user_modified
    assert "Pull the rope apart" in tab.exercise_detail.body.toPlainText()
    window.undo_action.trigger()
    assert Exercise.get(Exercise.catalogue_key == "face-pull").cue == original


def test_archive_hides_and_undo_brings_back(window, qtbot):
    tab = window.library
    tab.select_catalogue_key("superman")
    qtbot.mouseClick(tab.exercise_detail.archive_button, Qt.MouseButton.LeftButton)
    assert Exercise.get(Exercise.catalogue_key == "superman").archived_at is not None
    assert "Superman" not in visible_names(tab)
    assert "Archived" in window.statusBar().currentMessage()

    window.show_archived_action.setChecked(True)
    assert "Superman" in visible_names(tab)
    window.show_archived_action.setChecked(False)

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert Exercise.get(Exercise.catalogue_key == "superman").archived_at is None
    assert "Superman" in visible_names(tab)
