"""Supersets in the Log (issue 14, section 1): Ctrl+G groups two exercises, the cards show
A1/A2 and a bracket, Enter goes round A1 → B1 → A2 → B2, and the rest starts after the
round, not after each exercise. Keys go to whatever has the focus, as a person's would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from backtracker.services import first_run
from backtracker.storage.models import Exercise, SetEntry, WorkoutExercise
from backtracker.ui.log.exercise_card import ExerciseCard
from backtracker.ui.log.set_table import CellEditor

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier
PULLDOWN, ROW, FACE_PULL = "Lat Pulldown", "Dumbbell Row", "Face Pull"


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> None:
    qtbot.keyClick(focused(), key, modifier)
    qtbot.wait(120)


def type_keys(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClicks(focused(), char)
        qtbot.wait(40)


def cell_with_focus(log) -> tuple[str, int, str] | None:
    widget = QApplication.focusWidget()
    for card in log.editor.cards:
        if isinstance(widget, CellEditor) and widget.parent() is card.table.viewport():
            return (
                card.link.exercise_name,
                widget.cell.row(),
                card.model.columns[widget.cell.column()].key,
            )
    return None


def done_sets() -> list[tuple[str, float | None, int | None]]:
    """What the database holds as done, in the order it was logged."""
    query = (
        SetEntry.select(SetEntry, WorkoutExercise, Exercise)
        .join(WorkoutExercise)
        .join(Exercise)
        .where(SetEntry.completed == True)  # noqa: E712
        .order_by(SetEntry.completed_at, SetEntry.id)
    )
    return [(s.workout_exercise.exercise.name, s.weight_kg, s.reps) for s in query]


def card_named(log, name: str) -> ExerciseCard:
    return next(c for c in log.editor.cards if c.link.exercise_name == name)


def badges(editor) -> list[str]:
    """The superset badge each card shows ("" for none)."""
    shown = []
    for card in editor.cards:
        badge = getattr(card, "superset_badge", None)
        shown.append(badge.text() if badge is not None and badge.isVisibleTo(card) else "")
    return shown


def groups() -> list[int | None]:
    return [link.superset for link in WorkoutExercise.select().order_by(WorkoutExercise.position)]


@pytest.fixture
def log(window, qtbot):
    window.tabs.setCurrentWidget(window.log_page)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.log.start_workout(first_run.beginner_routine_id())
    qtbot.waitUntil(lambda: cell_with_focus(window.log) is not None)
    return window.log


LOGGED: list[tuple[str, float | None, int | None]] = []


def log_set(qtbot, log, where: tuple[str, int], values: list[str]) -> None:
    """Type each field's value ("" keeps what is there) and Enter, starting in the set;
    the set is then done in the database (noted in LOGGED, in the order of logging)."""
    assert cell_with_focus(log)[:2] == where, f"expected to be in {where}"
    before = len(done_sets())
    for text in values:
        type_keys(qtbot, text)
        press(qtbot, Qt.Key.Key_Return)
    name, row = where
    entry = SetEntry.get_by_id(card_named(log, name).model.set_at(row).id)
    assert entry.completed and len(done_sets()) == before + 1
    LOGGED.append((name, entry.weight_kg, entry.reps))


def test_a_superset_round_by_keys_rests_after_the_round(window, log, qtbot):
    LOGGED.clear()
    assert cell_with_focus(log) == (PULLDOWN, 0, "weight")
    press(qtbot, Qt.Key.Key_G, CTRL)  # superset with the next exercise
    assert groups() == [1, 1, None, None, None]
    assert badges(log.editor) == ["A1", "A2", "", "", ""]
    assert [c for g in log.editor.supersets.brackets.groups for c in g] == log.editor.cards[:2]
    assert cell_with_focus(log) == (PULLDOWN, 0, "weight")  # the typing goes on where it was

    log_set(qtbot, log, (PULLDOWN, 0), ["40", "10"])  # A1
    assert not window.rest_timer.running, "no rest in the middle of a round"
    assert window.statusBar().currentMessage() == (
        "Superset A: Dumbbell Row next; rest after the round."
    )
    log_set(qtbot, log, (ROW, 0), ["16", ""])  # B1: the round is done, rest
    assert window.rest_timer.running
    first_round_rest = window.rest_timer.started_by
    assert first_round_rest == card_named(log, ROW).model.set_at(0).id
    # the group's longest rest (both are the same kind here, so the row's own)
    assert window.rest_timer.remaining() <= card_named(log, ROW).rest_seconds()

    # Ctrl+Z takes B1 back, and the rest it started stops.
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert not window.rest_timer.running
    assert len(done_sets()) == 1
    assert cell_with_focus(log)[:2] == (ROW, 0)
    log_set(qtbot, log, (ROW, 0), ["", ""])  # B1 again
    assert window.rest_timer.running

    log_set(qtbot, log, (PULLDOWN, 1), ["", ""])  # A2 took A1's values: 40 × 10
    assert window.rest_timer.started_by == card_named(log, ROW).model.set_at(0).id
    log_set(qtbot, log, (ROW, 1), ["", "11"])  # B2
    assert window.rest_timer.started_by == card_named(log, ROW).model.set_at(1).id
    log_set(qtbot, log, (PULLDOWN, 2), ["45", "8"])  # A3
    log_set(qtbot, log, (ROW, 2), ["", ""])  # B3: the group's last round
    assert cell_with_focus(log)[:2] == (FACE_PULL, 0)  # on to the exercise after the group
    assert LOGGED == [
        (PULLDOWN, 40.0, 10),
        (ROW, 16.0, 12),
        (ROW, 16.0, 12),  # B1 again after Ctrl+Z
        (PULLDOWN, 40.0, 10),
        (ROW, 16.0, 11),
        (PULLDOWN, 45.0, 8),
        (ROW, 16.0, 11),
    ]
    assert sorted(done_sets()) == sorted(LOGGED[:1] + LOGGED[2:])
    # Nothing was added on the way: the planned sets were used round by round.
    assert [c.model.rowCount() for c in log.editor.cards[:2]] == [3, 3]


def test_ungroup_by_key_and_menu_and_undo(window, log, qtbot):
    press(qtbot, Qt.Key.Key_G, CTRL)
    card_named(log, ROW).focus_first_open_set()
    qtbot.wait(120)
    press(qtbot, Qt.Key.Key_G, CTRL)  # the row's next one joins the group: three
    assert groups() == [1, 1, 1, None, None]
    press(qtbot, Qt.Key.Key_G, CTRL | SHIFT)  # the row leaves: two groups of one dissolve
    assert groups() == [None] * 5
    assert badges(log.editor) == [""] * 5
    window.undo_stack.undo()
    assert groups() == [1, 1, 1, None, None]
    qtbot.wait(120)
    card = card_named(log, FACE_PULL)
    actions = {a.text(): a for a in card.menu_button.menu().actions()}
    actions["Remove from superset  (Ctrl+Shift+G)"].trigger()
    qtbot.wait(120)
    assert groups() == [1, 1, None, None, None]
    card = card_named(log, FACE_PULL)
    actions = {a.text(): a for a in card.menu_button.menu().actions()}
    assert not actions["Remove from superset  (Ctrl+Shift+G)"].isEnabled()
    last = log.editor.cards[-1]
    actions = {a.text(): a for a in last.menu_button.menu().actions()}
    assert not actions["Superset with next exercise  (Ctrl+G)"].isEnabled()


def test_undo_goes_back_through_a_grouping_to_the_sets_logged_before(window, log, qtbot):
    """Grouping keeps the cards, so Ctrl+Z can still take back a set logged before it."""
    log_set(qtbot, log, (PULLDOWN, 0), ["40", "10"])
    cards = list(log.editor.cards)
    press(qtbot, Qt.Key.Key_G, CTRL)
    assert groups()[:2] == [1, 1] and log.editor.cards == cards
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the grouping
    assert groups()[:2] == [None, None] and badges(log.editor) == [""] * 5
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the set
    assert done_sets() == []
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)  # redo: the set again
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)  # and the grouping
    assert len(done_sets()) == 1 and groups()[:2] == [1, 1]
    assert badges(log.editor)[:2] == ["A1", "A2"]


def test_a_set_outside_any_superset_still_rests_at_once(window, log, qtbot):
    log_set(qtbot, log, (PULLDOWN, 0), ["40", "10"])
    assert window.rest_timer.running
    assert cell_with_focus(log)[:2] == (PULLDOWN, 1)


def test_a_past_workout_opened_from_history_shows_its_supersets(window, qtbot):
    """The history opens past workouts in the same editor: the same badges and bracket."""
    from backtracker.domain import clock
    from backtracker.services import logbook, supersets
    from backtracker.storage import workouts

    started = clock.now().replace(hour=7, minute=0)
    workout_id = logbook.start_workout(
        window.log_context.prefs, routine_id=first_run.beginner_routine_id(), started_at=started
    )
    links = workouts.get_workout(workout_id).exercises
    supersets.group([links[0].id, links[1].id])
    for link in links[:2]:
        workouts.update_set(link.sets[0].id, {"completed": True, "completed_at": started})
    logbook.finish_workout(workout_id, started.replace(hour=8))
    window.log_context.events.workouts_changed.emit()
    window.tabs.setCurrentWidget(window.log_page)
    history = window.log.history
    qtbot.waitUntil(lambda: history.current_id() == workout_id)
    qtbot.mouseClick(history.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.log.editor.workout is not None)
    editor = window.log.editor
    assert not editor.live
    assert badges(editor) == ["A1", "A2", "", "", ""]
    assert editor.supersets.brackets.groups == [editor.cards[:2]]


def test_sets_ticked_with_the_mouse_rest_after_the_round_too(window, log, qtbot):
    press(qtbot, Qt.Key.Key_G, CTRL)
    for name, expect_rest in ((PULLDOWN, False), (ROW, True)):
        model = card_named(log, name).model
        for key, text in (("weight", "20"), ("reps", "10")):
            assert model.setData(model.index(0, model.column_of(key)), text)
        done = model.index(0, model.column_of("done"))
        assert model.setData(done, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
        qtbot.wait(120)
        assert window.rest_timer.running is expect_rest, name
    assert [name for name, _, _ in done_sets()] == [PULLDOWN, ROW]
