"""The rest timer against a clock the test controls: no real waiting."""

from __future__ import annotations

from PySide6.QtCore import Qt

from backtracker.ui.widgets.rest_timer import RestTimer, RestTimerWidget, format_clock


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make(qtbot, theme):
    clock = FakeClock()
    chimes: list[int] = []
    timer = RestTimer(clock)
    widget = RestTimerWidget(timer, lambda: chimes.append(1))
    qtbot.addWidget(widget)
    return clock, timer, widget, chimes


def test_counts_down_adjusts_and_signals_at_zero(qtbot, theme):
    clock, timer, widget, chimes = make(qtbot, theme)
    timer.start(90)
    assert timer.running and widget.isVisible()
    assert widget.label.text() == "Rest 1:30"
    clock.advance(30.2)
    timer.tick()
    assert widget.label.text() == "Rest 1:00"

    qtbot.mouseClick(widget.plus, Qt.MouseButton.LeftButton)
    assert timer.remaining() == 75
    qtbot.mouseClick(widget.minus, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(widget.minus, Qt.MouseButton.LeftButton)
    assert timer.remaining() == 45 and widget.label.text() == "Rest 0:45"
    assert chimes == []

    clock.advance(45)
    with qtbot.waitSignal(timer.finished, timeout=100):
        timer.tick()
    assert not timer.running
    assert chimes == [1]
    assert widget.isVisible() and "Rest over" in widget.label.text()
    assert "background" in widget.label.styleSheet()  # the accent colour at zero
    assert not widget.skip_button.isVisible()


def test_skip_and_cutting_all_time_ends_rest(qtbot, theme):
    _clock, timer, widget, chimes = make(qtbot, theme)
    timer.start(30)
    qtbot.mouseClick(widget.skip_button, Qt.MouseButton.LeftButton)
    assert not timer.running and not widget.isVisible() and chimes == []
    timer.start(20)
    timer.adjust(-15)
    timer.adjust(-15)  # below zero: the rest is over
    assert not timer.running and chimes == [1]


def test_limits_and_format(qapp):
    clock = FakeClock()
    timer = RestTimer(clock)
    timer.start(10_000)
    assert timer.remaining() == 30 * 60
    timer.adjust(+600)
    assert timer.remaining() == 30 * 60
    assert format_clock(0) == "0:00" and format_clock(75) == "1:15" and format_clock(-3) == "0:00"
    timer.skip()
    timer.adjust(15)  # adjusting a stopped timer does nothing
    assert not timer.running and timer.remaining() == 0


def test_logging_a_set_starts_rest_from_the_load_profile(window, qtbot):
    from backtracker.services import logbook, preferences
    from backtracker.storage.models import Exercise

    prefs = preferences.load()
    window.tabs.setCurrentWidget(window.log_page)
    workout_id = logbook.start_workout(prefs)
    light = Exercise.get(Exercise.catalogue_key == "face-pull").id
    logbook.add_exercise(workout_id, light, prefs)
    window.log.open_workout(workout_id)
    card = window.log.editor.cards[0]
    card.model.setData(card.model.index(0, card.model.column_of("weight")), "20")
    card.model.setData(card.model.index(0, card.model.column_of("reps")), "15")
    card.log_row(0)
    assert window.rest_timer.running
    assert 44 <= window.rest_timer.remaining() <= 45  # light work: 45 s by default
