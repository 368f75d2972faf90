"""Start-up work that is not part of the first frame waits until the window has been drawn.

The weekly goal and "Your history" read the training log on a worker, so does the check for
a photo-vault pass cut short, and the welcome check reads the database: none of it may
compete with drawing the window the person waits for, nor with the GUI thread's own turns
right after that frame (issue 17: no GUI stall over 50 ms at start-up).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject

from backtracker.storage.routines import seed_builtin_routines
from backtracker.ui import after_paint
from backtracker.ui.application import ui_state
from backtracker.ui.main_window import MainWindow
from backtracker.ui.tasks import set_pool_override
from tests.ui.pools import HeldPool


@pytest.fixture
def held_pool() -> Iterator[HeldPool]:
    pool = HeldPool()
    set_pool_override(pool)
    yield pool
    set_pool_override(None)


def _new_window(profile, qtbot, monkeypatch) -> tuple[MainWindow, list[MainWindow]]:
    welcomed: list[MainWindow] = []

    def record_offer(self: MainWindow) -> None:
        welcomed.append(self)

    monkeypatch.setattr(MainWindow, "offer_welcome", record_offer)
    seed_builtin_routines()
    window = MainWindow(profile, ui_state(profile))
    qtbot.addWidget(window)
    return window, welcomed


def test_nothing_starts_before_the_first_paint_and_everything_right_after(
    seeded, theme, qtbot, held_pool, monkeypatch
):
    window, welcomed = _new_window(seeded, qtbot, monkeypatch)
    window.after_first_paint.call(window.offer_welcome)
    qtbot.wait(100)  # the event loop runs, but the window was never drawn
    assert held_pool.jobs == []
    assert welcomed == []

    window.show()
    qtbot.waitExposed(window)
    # The weekly goal, the first exercise's history and the check for a photo-vault pass cut
    # short; then the welcome check, in order.
    qtbot.waitUntil(lambda: len(held_pool.jobs) == 3)
    qtbot.waitUntil(lambda: welcomed == [window])
    history = window.library.exercise_detail._fact_labels["history"]
    assert history.text() == "Looking through your workouts…"  # its job is held back


def test_work_still_runs_when_the_window_is_never_drawn(
    seeded, theme, qtbot, held_pool, monkeypatch
):
    monkeypatch.setattr(after_paint, "AFTER_PAINT_FALLBACK_MS", 200)
    window, welcomed = _new_window(seeded, qtbot, monkeypatch)
    window.after_first_paint.call(window.offer_welcome)
    qtbot.waitUntil(lambda: welcomed == [window], timeout=2000)
    assert len(held_pool.jobs) == 3  # the goal, the history, the vault check
    assert not window.isVisible()

    # Once past the first paint, new work simply runs from the event loop.
    window.after_first_paint.call(window.offer_welcome)
    qtbot.waitUntil(lambda: welcomed == [window, window])


class _Painted(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.seen = True
        return False


def test_the_work_waits_a_moment_after_the_first_paint(
    seeded, theme, qtbot, held_pool, monkeypatch
):
    monkeypatch.setattr(after_paint, "AFTER_PAINT_SETTLE_MS", 500)  # a long moment, to see it
    window, welcomed = _new_window(seeded, qtbot, monkeypatch)
    window.after_first_paint.call(window.offer_welcome)
    painted = _Painted()
    window.installEventFilter(painted)
    window.show()
    qtbot.waitUntil(lambda: painted.seen)
    qtbot.wait(150)  # the turns right after the frame: nothing competes with them
    assert held_pool.jobs == [] and welcomed == []
    qtbot.waitUntil(lambda: welcomed == [window], timeout=2000)
    assert len(held_pool.jobs) == 3


def test_a_worker_hands_the_interpreter_back_to_the_gui_within_half_a_millisecond(
    qapp, monkeypatch
):
    from backtracker.ui.application import create_application

    monkeypatch.setattr(type(qapp), "setStyle", lambda app, style: None)  # the tests' style
    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)  # Python's default
        assert create_application([]) is qapp
        assert sys.getswitchinterval() == pytest.approx(0.0005)
    finally:
        sys.setswitchinterval(before)


def test_the_held_work_runs_in_order_one_piece_per_turn(seeded, theme, qtbot, monkeypatch):
    from PySide6.QtCore import QTimer

    window, _ = _new_window(seeded, qtbot, monkeypatch)
    ran: list[str] = []

    def piece(name: str):
        def work() -> None:
            ran.append(name)
            QTimer.singleShot(0, lambda: ran.append(f"a turn after {name}"))

        return work

    for name in ("first", "second", "third"):
        window.after_first_paint.call(piece(name))
    window.show()
    qtbot.waitUntil(lambda: len(ran) == 6)
    # A turn of the event loop came between each piece: a click there waits for one at most.
    assert ran == [
        "first",
        "a turn after first",
        "second",
        "a turn after second",
        "third",
        "a turn after third",
    ]


def test_a_piece_that_is_not_ready_is_asked_again_before_the_rest(
    seeded, theme, qtbot, monkeypatch
):
    from backtracker.ui.after_paint import NOT_YET

    window, _ = _new_window(seeded, qtbot, monkeypatch)
    ran: list[str] = []
    answers = [NOT_YET, NOT_YET, None]

    def waiting() -> str | None:
        ran.append("waiting")
        return answers.pop(0)

    window.after_first_paint.call(waiting)
    window.after_first_paint.call(lambda: ran.append("next"))
    window.show()
    qtbot.waitUntil(lambda: "next" in ran)
    assert ran == ["waiting", "waiting", "waiting", "next"]
