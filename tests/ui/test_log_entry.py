"""Typing into the set table as a person does: a keystroke lands in the cell that visibly has
the focus, a typed value replaces the whole cell, and Enter on an unchanged cell writes
nothing (issue 12, section 1).

Keys go to whatever widget has the focus at that moment and clicks to whatever widget is
under the pointer, with waits between them, so the timing races of the real app show.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from backtracker.services import logbook, preferences
from backtracker.storage.models import Exercise, SetEntry
from backtracker.ui.log.exercise_card import ExerciseCard
from backtracker.ui.theme import theme

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


# -- a person at the keyboard and mouse ---------------------------------------------------


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"
    return widget


def type_keys(qtbot, text: str, delay_ms: int = 150) -> None:
    """Each character to whatever has the focus when it is typed (xdotool --delay)."""
    for char in text:
        qtbot.keyClicks(focused(), char)
        if delay_ms:
            qtbot.wait(delay_ms)


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(), key, modifier)


def _under_pointer(card: ExerciseCard, row: int, key: str) -> tuple[QWidget, QPoint]:
    """The widget a click on the cell reaches (an open editor covers its cell) and where."""
    table = card.table
    column = card.model.column_of(key)
    assert column is not None
    centre = table.visualRect(card.model.index(row, column)).center()
    target = table.viewport().childAt(centre) or table.viewport()
    return target, target.mapFrom(table.viewport(), centre)


def click_cell(qtbot, card: ExerciseCard, row: int, key: str) -> None:
    target, pos = _under_pointer(card, row, key)
    qtbot.mousePress(target, LEFT, pos=pos)
    qtbot.wait(60)  # a finger holds the button a moment
    target, pos = _under_pointer(card, row, key)
    qtbot.mouseRelease(target, LEFT, pos=pos)


def double_click_cell(qtbot, card: ExerciseCard, row: int, key: str) -> None:
    """Press, release, press, double-click, release: each to what is under the pointer then."""
    click_cell(qtbot, card, row, key)
    qtbot.wait(80)
    target, pos = _under_pointer(card, row, key)
    qtbot.mousePress(target, LEFT, pos=pos)
    target, pos = _under_pointer(card, row, key)
    local = QPointF(pos)
    event = QMouseEvent(
        QEvent.Type.MouseButtonDblClick,
        local,
        QPointF(target.mapToGlobal(pos)),
        LEFT,
        LEFT,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, event)
    qtbot.wait(40)
    target, pos = _under_pointer(card, row, key)
    qtbot.mouseRelease(target, LEFT, pos=pos)


def open_editors(card: ExerciseCard) -> list[QLineEdit]:
    return [w for w in card.table.viewport().findChildren(QLineEdit) if w.isVisible()]


def editor_on(card: ExerciseCard, row: int, key: str) -> QLineEdit | None:
    """The visible cell editor covering this cell, if there is one."""
    column = card.model.column_of(key)
    rect = card.table.visualRect(card.model.index(row, column))
    for editor in open_editors(card):
        if editor.geometry().contains(rect.center()):
            return editor
    return None


# -- the workout ------------------------------------------------------------------------


def stored(set_id: int) -> tuple[float | None, int | None, bool]:
    row = SetEntry.get_by_id(set_id)
    return row.weight_kg, row.reps, row.completed


@pytest.fixture
def card(window, qtbot) -> ExerciseCard:
    """Dumbbell Row with an open set (20 kg × 10) above a logged one (5 kg × 10)."""
    prefs = preferences.load()
    workout_id = logbook.start_workout(prefs)
    row = Exercise.get(Exercise.catalogue_key == "dumbbell-row").id
    link_id = logbook.add_exercise(workout_id, row, prefs)
    first = SetEntry.get(SetEntry.workout_exercise == link_id)
    logbook.update_set_values(first.id, {"weight_kg": 20.0, "reps": 10})
    logbook.add_set(link_id, {"weight_kg": 5.0, "reps": 10, "completed": True})
    window.tabs.setCurrentWidget(window.log_page)
    window.log.open_workout(workout_id)
    window.activateWindow()  # offscreen, shortcuts reach only the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    card = window.log.editor.cards[0]
    qtbot.waitExposed(card.table)
    qtbot.wait(100)
    return card


def open_and_logged_ids(card: ExerciseCard) -> tuple[int, int]:
    return card.model.set_at(0).id, card.model.set_at(1).id


# -- the race from the issue --------------------------------------------------------------


def test_click_wait_click_again_then_type_lands_in_that_cell(card, qtbot):
    """Click a kg cell, wait 1 s, click it again, wait 0.3 s, type 50 at human speed."""
    open_id, logged_id = open_and_logged_ids(card)
    click_cell(qtbot, card, 0, "weight")
    qtbot.wait(1000)
    click_cell(qtbot, card, 0, "weight")
    qtbot.wait(300)
    type_keys(qtbot, "50")
    editor = editor_on(card, 0, "weight")
    assert editor is not None and editor.hasFocus(), "the typed cell shows no editor"
    assert editor.text() == "50"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(200)
    assert stored(open_id) == (50.0, 10, False)
    assert stored(logged_id) == (5.0, 10, True)  # the logged set below is untouched


def test_double_click_then_typing_replaces_the_whole_value(card, qtbot):
    open_id, logged_id = open_and_logged_ids(card)
    card.model.append({"weight_kg": 52.5, "reps": 10})  # "52.5": a word break at the dot
    planned = card.model.set_at(2).id
    double_click_cell(qtbot, card, 2, "weight")
    qtbot.wait(150)
    type_keys(qtbot, "45")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(200)
    assert stored(planned) == (45.0, 10, False)
    assert stored(open_id) == (20.0, 10, False)
    assert stored(logged_id) == (5.0, 10, True)


def test_double_click_on_a_logged_set_edits_it_visibly(card, qtbot):
    _, logged_id = open_and_logged_ids(card)
    double_click_cell(qtbot, card, 1, "weight")
    qtbot.wait(300)
    type_keys(qtbot, "45")
    editor = editor_on(card, 1, "weight")
    assert editor is not None and editor.hasFocus() and editor.text() == "45"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(200)
    assert stored(logged_id) == (45.0, 10, True)


def test_typing_straight_after_a_click_goes_into_the_clicked_cell(card, qtbot):
    open_id, logged_id = open_and_logged_ids(card)
    click_cell(qtbot, card, 0, "reps")
    type_keys(qtbot, "8", delay_ms=0)  # no pause at all: the editor is still opening
    press(qtbot, Qt.Key.Key_Return)
    assert stored(open_id) == (20.0, 8, True)  # Enter in the last field logs the set
    assert stored(logged_id) == (5.0, 10, True)


def test_typing_immediately_after_enter_goes_into_the_next_field(card, qtbot):
    """Weight, Enter, reps, Enter with no pause: Qt opens the reps editor only later."""
    open_id, logged_id = open_and_logged_ids(card)
    click_cell(qtbot, card, 0, "weight")
    qtbot.wait(200)
    type_keys(qtbot, "50", delay_ms=0)
    press(qtbot, Qt.Key.Key_Return)
    type_keys(qtbot, "8", delay_ms=0)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(200)
    assert stored(open_id) == (50.0, 8, True)
    assert stored(logged_id) == (5.0, 10, True)


def test_typing_on_a_selected_cell_opens_it_with_the_typed_text_only(card, qtbot):
    open_id, _ = open_and_logged_ids(card)
    click_cell(qtbot, card, 0, "weight")
    qtbot.wait(200)
    press(qtbot, Qt.Key.Key_Escape)  # leave the editor; the cell stays selected
    qtbot.wait(200)
    assert not open_editors(card)
    assert card.table.hasFocus()
    type_keys(qtbot, "42")
    editor = editor_on(card, 0, "weight")
    assert editor is not None and editor.text() == "42"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(100)
    assert stored(open_id) == (42.0, 10, False)


def test_letters_typed_on_a_selected_cell_never_move_to_another_row(card, qtbot):
    """Qt's type-ahead search would jump to the row whose value starts with the key."""
    open_id, logged_id = open_and_logged_ids(card)
    number = card.model.column_of("number")
    card.table.setCurrentIndex(card.model.index(0, number))  # a cell that can't be edited
    card.table.setFocus()
    qtbot.wait(50)
    type_keys(qtbot, "2", delay_ms=0)
    assert card.table.currentIndex().row() == 0
    qtbot.wait(600)
    assert card.table.currentIndex().row() == 0
    assert stored(logged_id) == (5.0, 10, True)
    assert stored(open_id) == (20.0, 10, False)


def test_the_cell_that_will_take_typing_has_a_visible_frame(card, qtbot):
    click_cell(qtbot, card, 0, "weight")
    qtbot.wait(200)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.wait(200)
    table = card.table
    rect = table.visualRect(card.model.index(0, card.model.column_of("weight")))
    image = table.viewport().grab().toImage()
    accent = QColor(theme().colors.accent)

    def near(color: QColor) -> bool:
        return all(
            abs(a - b) <= 24 for a, b in zip(color.getRgb()[:3], accent.getRgb()[:3], strict=True)
        )

    edge = [image.pixelColor(x, rect.top() + 1) for x in range(rect.left() + 4, rect.right() - 4)]
    assert sum(near(c) for c in edge) > len(edge) * 0.8, "no focus frame on the current cell"
    # A frame, not a solid fill: the value inside stays readable on the normal background.
    inside = image.pixelColor(rect.left() + 6, rect.center().y())
    assert not near(inside)
    # A table without the focus shows no frame: typing would not go there.
    window_focus = card.window().log.editor.name
    window_focus.setFocus()
    qtbot.waitUntil(lambda: not table.hasFocus())
    image = table.viewport().grab().toImage()
    edge = [image.pixelColor(x, rect.top() + 1) for x in range(rect.left() + 4, rect.right() - 4)]
    assert not any(near(c) for c in edge)


def test_the_framed_cell_is_not_drawn_selected(card, qtbot):
    """The current cell is framed, not filled or recoloured as a selection: a planned value
    keeps its pencilled-in colour (a selected cell would draw it in the highlight's text
    colour, white on the light theme), and the Done box is drawn in the middle of its cell."""
    from PySide6.QtGui import QGuiApplication, QPalette

    from backtracker.ui.log.set_table import CellDelegate

    # Cells are drawn by Qt's own delegate: a Python paint per cell made a repaint a third
    # slower (the Done column's own delegate draws its box).
    assert "paint" not in vars(CellDelegate)
    click_cell(qtbot, card, 0, "weight")
    qtbot.wait(200)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.wait(200)
    table = card.table
    assert table.hasFocus()
    rect = table.visualRect(card.model.index(0, card.model.column_of("weight")))
    image = table.viewport().grab().toImage()
    inside = [
        image.pixelColor(x, y)
        for x in range(rect.left() + 4, rect.right() - 4)
        for y in range(rect.top() + 4, rect.bottom() - 4)
    ]
    darkest = min(inside, key=QColor.lightness)
    pencil = QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
    assert abs(darkest.lightness() - pencil.lightness()) <= 40, (darkest.name(), pencil.name())
    # Once the person has moved the focus by keyboard (Qt then marks the window, as here),
    # the style's focus rectangle (Fusion fills the cell grey) is not drawn under the frame.
    table.window().setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, True)
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.wait(200)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.wait(200)
    reps = table.visualRect(card.model.index(0, card.model.column_of("reps")))
    assert table.currentIndex().column() == card.model.column_of("reps") and table.hasFocus()
    image = table.viewport().grab().toImage()
    base = table.palette().color(QPalette.ColorRole.Base)
    corner = image.pixelColor(reps.left() + 5, reps.top() + 5)
    assert corner == base, (corner.name(), base.name())
    # In a table that has lost the focus, the cell last selected looks like the others.
    card.window().log.editor.name.setFocus()
    qtbot.waitUntil(lambda: not table.hasFocus())
    assert table.selectionModel().selectedIndexes()
    image = table.viewport().grab().toImage()
    inside = [
        image.pixelColor(x, y)
        for x in range(reps.left() + 4, reps.right() - 4)
        for y in range(reps.top() + 4, reps.bottom() - 4)
    ]
    darkest = min(inside, key=QColor.lightness)
    assert abs(darkest.lightness() - pencil.lightness()) <= 40, (darkest.name(), pencil.name())
    done = table.visualRect(card.model.index(0, card.model.column_of("done")))
    box = [
        x
        for x in range(done.left(), done.right())
        if image.pixelColor(x, done.center().y()).lightness() < 200
    ]
    assert box, "no check box drawn in the Done cell"
    assert abs((min(box) + max(box)) / 2 - done.center().x()) <= 2


# -- a logged set changes only visibly, and Ctrl+Z takes it back --------------------------


def test_editing_a_logged_set_is_visible_and_ctrl_z_takes_it_back(card, qtbot, window):
    _, logged_id = open_and_logged_ids(card)
    click_cell(qtbot, card, 1, "weight")
    qtbot.wait(300)
    editor = editor_on(card, 1, "weight")
    assert editor is not None and editor.hasFocus()
    type_keys(qtbot, "7.5")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(200)
    assert stored(logged_id) == (7.5, 10, True)
    assert "7.5" in card.model.index(1, card.model.column_of("weight")).data()
    press(qtbot, Qt.Key.Key_Z, CTRL)  # focus is in the next cell's editor by now
    qtbot.wait(100)
    assert stored(logged_id) == (5.0, 10, True)
    assert card.model.index(1, card.model.column_of("weight")).data() == "5"


# -- Enter on an unchanged cell writes nothing ----------------------------------------------


def test_enter_on_an_unchanged_imported_weight_keeps_full_precision(card, qtbot):
    open_id, _ = open_and_logged_ids(card)
    logbook.update_set_values(open_id, {"weight_kg": 61.23497})
    card.model._replace(0, logbook.get_set(open_id))
    click_cell(qtbot, card, 0, "weight")
    qtbot.wait(200)
    assert editor_on(card, 0, "weight").text() == "61.23"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(100)
    assert stored(open_id)[0] == 61.23497


def test_enter_on_an_unchanged_lb_weight_keeps_the_kg_value(window, qtbot, seeded):
    prefs = preferences.save(preferences.Preferences(unit="lb"))
    window.log_context.prefs = prefs
    workout_id = logbook.start_workout(prefs)
    row = Exercise.get(Exercise.catalogue_key == "dumbbell-row").id
    link_id = logbook.add_exercise(workout_id, row, prefs)
    set_id = SetEntry.get(SetEntry.workout_exercise == link_id).id
    logbook.update_set_values(set_id, {"weight_kg": 60.0, "reps": 10})
    window.tabs.setCurrentWidget(window.log_page)
    window.log.open_workout(workout_id)
    card = window.log.editor.cards[0]
    qtbot.waitExposed(card.table)
    qtbot.wait(100)
    click_cell(qtbot, card, 0, "weight")
    qtbot.wait(200)
    assert editor_on(card, 0, "weight").text() == "132.3"
    press(qtbot, Qt.Key.Key_Return)  # weight unchanged
    qtbot.wait(100)
    press(qtbot, Qt.Key.Key_Return)  # reps unchanged: the set is logged
    qtbot.wait(100)
    assert stored(set_id) == (60.0, 10, True)
    # A value that was really typed is saved in full: 135 lb, not a rounded kg figure.
    card.table.edit_cell(0, card.model.column_of("weight"))
    qtbot.wait(100)
    type_keys(qtbot, "135")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(100)
    assert stored(set_id)[0] == pytest.approx(135 * 0.45359237, abs=1e-9)
