"""A past workout opened from the Log's History (issue 17, open-workout): what each card
starts with is read for the whole workout at once, and the cards after the one the keyboard
goes to come in over the next turns of the event loop. Opened as a person does (Enter in the
History), the cards end up exactly as cards reading their own lines, the keyboard is on the
first open set at once, and keys pressed before every card is in act on the whole workout."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from backtracker.domain.coach.forecast import GoalKind
from backtracker.services import discomfort, goals, pinned_notes
from backtracker.storage import workouts
from backtracker.storage.models import (
    Exercise,
    Routine,
    RoutineItem,
    SetEntry,
    WorkoutExercise,
)
from backtracker.storage.workouts import PlannedExercise
from backtracker.ui.log.exercise_card import ExerciseCard
from tests.ui.conftest import show_active

KEYS = ["barbell-row", "dumbbell-row", "lat-pulldown", "seated-cable-row", "superman"]
TITLES = ["Barbell Row", "Dumbbell Row", "Lat Pulldown", "Seated Cable Row", "Superman"]


def ex(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def session(day: int, *, routine_id: int | None = None, open_from: int = 99) -> int:
    """A workout of the five exercises, two sets each; from the `open_from`th exercise on,
    the second set is not done. Lat Pulldown and Seated Cable Row are a superset."""
    started = dt.datetime(2026, 3, day, 18)
    plan = tuple(
        PlannedExercise(
            ex(key),
            sets=2,
            rep_min=8,
            rep_max=12,
            prefill=({"weight_kg": 40.0 + day, "reps": 8, "duration_s": 30.0},) * 2,
            superset=1 if key in ("lat-pulldown", "seated-cable-row") else None,
        )
        for key in KEYS
    )
    workout_id = workouts.start_workout(started, plan=plan, routine_id=routine_id)
    for at, link in enumerate(workouts.get_workout(workout_id).exercises):
        for logged in link.sets[: 1 if at >= open_from else 2]:
            workouts.update_set(logged.id, {"completed": True, "completed_at": started})
    workouts.update_workout(workout_id, {"ended_at": started + dt.timedelta(hours=1)})
    return workout_id


@pytest.fixture
def past(seeded) -> list[int]:
    """Sessions where the row hurt more each time (the swap fires), a goal, a pinned note
    and a lighter session; the last one has open sets from Lat Pulldown on."""
    Exercise.update(spinal_load=None).execute()
    for key, load in (("barbell-row", "high"), ("chest-supported-row", "low")):
        Exercise.update(spinal_load=load).where(Exercise.catalogue_key == key).execute()
    routine = Routine.create(name="Pull day")
    RoutineItem.create(routine=routine, exercise=ex("barbell-row"), position=0, sets=2)
    ids = [session(day, routine_id=routine.id) for day in (2, 4, 9, 11)]
    ids.append(session(16, routine_id=routine.id, open_from=2))
    pulldown = workouts.get_workout(ids[-1]).exercises[2]  # a third set, open too: Enter
    workouts.add_set(pulldown.id, {"weight_kg": 56.0, "reps": 8})  # would go there alone
    for workout_id, score in zip(ids[2:], (5, 6, 7), strict=True):
        link = workouts.get_workout(workout_id).exercises[0]
        discomfort.save(workout_id, {link.id: (score, "")})
    goals.set_goal(
        ex("dumbbell-row"), kind=GoalKind.REPS, weight=70, reps=10, due_on=None, unit="kg"
    )
    pinned_notes.pin(ex("lat-pulldown"), "seat at 4")
    from backtracker.storage.settings import set_setting

    started = workouts.get_workout(ids[-1]).started_at.isoformat()
    set_setting(discomfort.LIGHTER_TAKEN_KEY, {str(ex("superman")): [started, 0.9]})
    return ids


def shown_cards(window) -> list[ExerciseCard]:
    """The cards on the Log's page, top to bottom, as a person sees them."""
    cards = [c for c in window.log.editor.findChildren(ExerciseCard) if c.isVisible()]
    return sorted(cards, key=lambda c: c.mapTo(window, c.rect().topLeft()).y())


def card_with_focus(window) -> ExerciseCard | None:
    """The card the keyboard is in (the window's focus: offscreen, the window is no longer
    the active one once the History it was typed into is hidden, before this change too)."""
    widget = window.focusWidget()
    while widget is not None and not isinstance(widget, ExerciseCard):
        widget = widget.parentWidget()
    return widget


def open_with_enter(window, qtbot, workout_id: int) -> None:
    show_active(qtbot, window)  # keys reach the active window only
    window.tabs.setCurrentWidget(window.log_page)
    panel = window.log.history
    qtbot.waitUntil(lambda: panel.model.row_of(workout_id) is not None, timeout=3000)
    panel.list.setFocus()
    panel.list.setCurrentIndex(panel.model.index(panel.model.row_of(workout_id)))
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    # The cell opens as soon as its table is laid out (the next turns), as it always did.
    editor = window.log.editor
    qtbot.waitUntil(
        lambda: card_with_focus(window) is not None or window.focusWidget() is editor.add_button
    )
    show_active(qtbot, window)  # for the keys that follow


def what_it_shows(card: ExerciseCard) -> dict[str, object]:
    badge = getattr(card, "superset_badge", None)
    return {
        "title": card.title.text(),
        "last time": card.last_time.text(),
        "hint": card.hint.text(),
        "goal": (card.goal.text(), card.goal.isHidden()),
        "lower back": (card.lower_back.label.text(), card.lower_back.isHidden()),
        "swap": (card.lower_back.swap_button.isHidden(), card.lower_back.swap_button.toolTip()),
        "pinned": (card.pinned_note.note, card.pinned_note.isHidden()),
        "stars": dict(card.model.record_marks),
        "sets": [card.model.set_at(r) for r in range(card.model.rowCount())],
        "badge": None if badge is None or badge.isHidden() else badge.text(),
    }


def test_the_cards_come_in_as_each_would_read_itself_and_the_keys_are_on_the_open_set(
    past, window, qtbot
):
    open_with_enter(window, qtbot, past[-1])
    # At once: the first open set (Lat Pulldown's second) is being typed into.
    focused = card_with_focus(window)
    assert focused is not None and focused.title.text() == "Lat Pulldown"
    assert focused.table.currentIndex().row() == 1
    qtbot.waitUntil(lambda: len(shown_cards(window)) == len(KEYS), timeout=3000)
    cards = shown_cards(window)
    assert [c.title.text() for c in cards] == TITLES
    assert card_with_focus(window) is cards[2]  # the later cards took no focus

    editor = window.log.editor
    workout = editor.workout
    for card, link in zip(cards, workout.exercises, strict=True):
        alone = ExerciseCard(  # the card reading its own lines, as before issue 17
            link, editor.context, workout_id=workout.id, started_at=workout.started_at, live=False
        )
        qtbot.addWidget(alone)
        expected = what_it_shows(alone)
        expected["badge"] = {"Lat Pulldown": "A1", "Seated Cable Row": "A2"}.get(card.title.text())
        assert what_it_shows(card) == expected, card.title.text()
    shows = {c.title.text(): what_it_shows(c) for c in cards}  # each kind of line is there
    assert shows["Barbell Row"]["lower back"][1] is False  # the swap is offered...
    assert shows["Barbell Row"]["swap"][0] is False  # ...into the routine, with its button
    assert shows["Dumbbell Row"]["goal"][0].startswith("Goal 70 kg × 10")
    assert shows["Lat Pulldown"]["pinned"] == ("seat at 4", False)
    assert shows["Superman"]["lower back"][0].startswith("Lighter today")
    assert all(s["last time"].startswith("last time") for s in shows.values())


def type_keys(qtbot, window, text: str) -> None:
    """Keys as a person types them: each to wherever the keyboard is, then Enter."""
    for char in text:
        qtbot.keyClicks(window.focusWidget(), char)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    qtbot.wait(20)  # the view commits and moves on through queued events, as in the app


@pytest.fixture
def later_cards_held(window):
    """The cards after the one the keyboard goes to come in only when asked for (they
    would come a turn or two later), so the keys below are pressed before they are in."""
    window.log.editor._build_timer.setInterval(3_600_000)


def test_a_set_logged_before_every_card_is_in_goes_round_the_superset(
    past, window, qtbot, later_cards_held
):
    open_with_enter(window, qtbot, past[-1])
    assert [c.title.text() for c in shown_cards(window)] == TITLES[:3]  # not all in yet
    focused = card_with_focus(window)
    assert focused.title.text() == "Lat Pulldown"
    weight = focused.model.column_of("weight")
    assert (focused.table.currentIndex().row(), focused.table.currentIndex().column()) == (
        1,
        weight,
    )
    type_keys(qtbot, window, "55")  # weight, Enter, reps, Enter
    type_keys(qtbot, window, "9")
    row = SetEntry.get_by_id(focused.model.set_at(1).id)
    assert (row.weight_kg, row.reps, row.completed) == (55.0, 9, True)
    # The round goes on to Seated Cable Row's open set (A2), not past the superset.
    qtbot.waitUntil(lambda: card_with_focus(window) is not focused)
    partner = card_with_focus(window)
    assert partner.title.text() == "Seated Cable Row"
    assert partner.table.currentIndex().row() == 1
    qtbot.waitUntil(lambda: len(shown_cards(window)) == len(TITLES))
    assert [c.title.text() for c in shown_cards(window)] == TITLES


def test_ctrl_down_before_every_card_is_in_goes_to_the_next_exercise(
    past, window, qtbot, later_cards_held
):
    open_with_enter(window, qtbot, past[-1])
    assert len(shown_cards(window)) == 3
    focused = card_with_focus(window)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: card_with_focus(window) is not focused)
    assert card_with_focus(window).title.text() == "Seated Cable Row"
    qtbot.waitUntil(lambda: len(shown_cards(window)) == len(TITLES))


def test_another_workout_opened_while_the_cards_come_in_shows_only_its_own(past, window, qtbot):
    WorkoutExercise.delete().where(
        (WorkoutExercise.workout == past[0]) & (WorkoutExercise.position >= 3)
    ).execute()  # the first workout has three exercises left
    open_with_enter(window, qtbot, past[-1])
    window.log.show_start()
    open_with_enter(window, qtbot, past[0])  # at once: the other's cards are not all in
    qtbot.waitUntil(lambda: len(shown_cards(window)) == 3, timeout=3000)
    qtbot.wait(100)  # and no card of the other workout comes in after
    assert [c.title.text() for c in shown_cards(window)] == TITLES[:3]
    assert len(window.log.editor.findChildren(ExerciseCard)) == 3


def test_the_cards_up_to_the_first_open_set_are_read_in_one_go(
    past, window, qtbot, later_cards_held, monkeypatch
):
    from backtracker.services import logbook

    reads: list[list[str]] = []
    real_card_starts = logbook.card_starts

    def counted(workout, prefs, links=None):
        reads.append([link.exercise_name for link in links or workout.exercises])
        return real_card_starts(workout, prefs, links)

    monkeypatch.setattr(logbook, "card_starts", counted)
    open_with_enter(window, qtbot, past[-1])  # its first open set is in the third card
    assert reads == [TITLES[:3]]
    assert card_with_focus(window).title.text() == "Lat Pulldown"
    window.log.editor._all_cards()  # the rest, read together
    assert reads == [TITLES[:3], TITLES[3:]]


def test_the_cards_already_in_are_not_laid_out_again_as_the_rest_come_in(
    past, window, qtbot, later_cards_held
):
    """Each card that comes in adds itself below the others: before, Qt laid the page out at
    its old height first (every card squeezed) and then at the new one (stretched back), so
    each card was resized twice per card built and the one in sight painted again."""
    from PySide6.QtCore import QEvent, QObject

    resized: list[str] = []

    class Watch(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Resize:
                resized.append(watched.title.text())
            return False

    open_with_enter(window, qtbot, past[-1])
    editor = window.log.editor
    assert editor.updatesEnabled()  # held only while Enter's turn builds and scrolls
    qtbot.wait(50)  # the page's own layout passes after the first cards, if any
    first = shown_cards(window)
    assert [c.title.text() for c in first] == TITLES[:3]
    watch = Watch()
    for card in first:
        card.installEventFilter(watch)
    editor._build_timer.setInterval(0)
    editor._build_timer.start()
    qtbot.waitUntil(lambda: len(shown_cards(window)) == len(KEYS), timeout=3000)
    qtbot.wait(50)
    assert resized == []
    cards = shown_cards(window)
    assert [c.title.text() for c in cards] == TITLES
    tops = [c.geometry().top() for c in cards]
    bottoms = [c.geometry().bottom() for c in cards]
    assert all(b < t for b, t in zip(bottoms, tops[1:], strict=False))  # none overlaps
    assert all(c.height() >= c.minimumSizeHint().height() for c in cards)
    brackets = editor.supersets.brackets  # Lat Pulldown and Seated Cable Row: a superset
    assert brackets.isVisible()
    assert brackets.geometry() == brackets.parentWidget().rect()


def test_the_superset_bracket_is_hidden_when_no_exercise_is_in_one(past, window, qtbot):
    WorkoutExercise.update(superset=None).where(WorkoutExercise.workout == past[0]).execute()
    open_with_enter(window, qtbot, past[0])
    qtbot.waitUntil(lambda: len(shown_cards(window)) == len(KEYS), timeout=3000)
    brackets = window.log.editor.supersets.brackets
    assert brackets.groups == [] and brackets.isHidden()
