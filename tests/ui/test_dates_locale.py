"""Under a German system locale every date the app shows is still English, like its sentences.

Qt's QApplication calls setlocale(LC_ALL, "") at start, so under LANG=de_DE.UTF-8 strftime's
%a/%b and QLocale's date formats wrote "Samstag 21 Feb 2026" and "Sa. 21 Feb." inside English
text. The interface is English, so the dates are too (domain/dates.py); here both the C
locale and Qt's default locale are German, as they are for a German user.

Needs the de_DE.UTF-8 locale: apt-get install -y locales, then enable de_DE.UTF-8 in
/etc/locale.gen and run locale-gen (scripts/setup.sh does this for CI).
"""

from __future__ import annotations

import datetime as dt
import locale
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, Qt

from backtracker.domain import clock
from backtracker.storage import body, workouts
from backtracker.storage.models import Exercise

SATURDAY = dt.date(2026, 2, 21)
GERMAN_WORDS = ("Sa.", "Samstag", "Februar", "Feb.", "Mär", "Dez", "Mai", "Okt")
ENGLISH_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


@pytest.fixture(autouse=True)
def _wednesday_morning() -> None:
    """The dates below are spelled out, so the clock is pinned here (whatever
    BACKTRACKER_TEST_NOW says)."""
    clock.pin(dt.datetime(2026, 3, 18, 9, 15))


def _set_german_c_locale() -> bool:
    for name in ("de_DE.UTF-8", "de_DE.utf8"):
        try:
            locale.setlocale(locale.LC_ALL, name)
        except locale.Error:
            continue
        return True
    return False


@pytest.fixture
def german() -> Iterator[None]:
    """The C library's locale and Qt's default locale set to German for the test."""
    saved_c = locale.setlocale(locale.LC_ALL)
    saved_qt = QLocale()
    if not _set_german_c_locale():
        pytest.skip(
            "the de_DE.UTF-8 locale is not installed (apt-get install -y locales; enable "
            "de_DE.UTF-8 in /etc/locale.gen; locale-gen)"
        )
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    assert f"{SATURDAY:%A}" == "Samstag"  # the trap is armed
    try:
        yield
    finally:
        locale.setlocale(locale.LC_ALL, saved_c)
        QLocale.setDefault(saved_qt)


def _no_german(text: str) -> None:
    found = [word for word in GERMAN_WORDS if word in text]
    assert not found, f"German date words {found} in {text!r}"


def _saturday_workout() -> int:
    start = dt.datetime.combine(SATURDAY, dt.time(7, 30))
    workout_id = workouts.start_workout(start, name="Back day")
    row = Exercise.get(Exercise.catalogue_key == "barbell-row").id
    link = workouts.add_exercise(workout_id, workouts.PlannedExercise(row))
    workouts.add_set(
        link,
        {
            "weight_kg": 40.0,
            "reps": 8,
            "completed": True,
            "completed_at": start + dt.timedelta(minutes=10),
        },
    )
    workouts.finish_workout(workout_id, start + dt.timedelta(minutes=45))
    body.set_bodyweight(SATURDAY, 80.0)
    return row


def test_the_helper_writes_english_under_a_german_locale(german):
    from backtracker.domain import dates

    assert dates.format_day(SATURDAY) == "Sat 21 Feb 2026"
    assert dates.format_long_day(SATURDAY) == "Saturday 21 Feb 2026"
    assert dates.format_long_month(dt.date(2026, 3, 1)) == "March 2026"
    assert dates.format_month(dt.date(2026, 12, 1)) == "Dec 2026"


def test_log_library_and_progress_show_english_dates(german, window, qtbot):
    row = _saturday_workout()
    window.events.workouts_changed.emit()
    window.events.bodyweight_changed.emit()

    # The Log: History, the bodyweight list and its date field, and a workout opened.
    window.tabs.setCurrentWidget(window.log_page)
    log = window.log
    qtbot.waitUntil(lambda: log.history.model.rowCount() == 1)
    history = log.history.model.index(0).data(Qt.ItemDataRole.DisplayRole)
    assert history.splitlines()[0] == "Sat 21 Feb 2026 · 45 min"
    weight = log.bodyweight.model.index(0).data(Qt.ItemDataRole.DisplayRole)
    assert weight == "80 kg · Sat 21 Feb 2026"
    _no_german(log.bodyweight.day.text())
    assert log.bodyweight.day.text() == "Wed 18 Mar 2026"
    log.history.list.setCurrentIndex(log.history.model.index(0))
    qtbot.mouseClick(log.history.open_button, Qt.MouseButton.LeftButton)
    assert log.editor.started.text() == "Sat 21 Feb 2026 · 07:30"
    card_line = log.editor.cards[0].last_time.text()
    _no_german(card_line)

    # The Library: "Your history" for the exercise, worked out in the background.
    window.tabs.setCurrentWidget(window.library)
    window.library.select_exercise(row)
    label = window.library.exercise_detail._fact_labels["history"]
    qtbot.waitUntil(lambda: "21 Feb 2026" in label.text(), timeout=5000)
    _no_german(label.text())

    # Progress: the records table and the chart's date axis.
    window.tabs.setCurrentWidget(window.progress_page)
    progress = window.progress_page.content()
    progress.set_exercise(row)
    qtbot.wait(200)
    records = progress.records_model
    texts = [
        str(records.index(r, c).data(Qt.ItemDataRole.DisplayRole))
        for r in range(records.rowCount())
        for c in range(records.columnCount())
    ]
    assert any("21 Feb 2026" in text for text in texts), texts
    for text in texts:
        _no_german(text)
    chart = progress.exercise_chart
    chart.canvas.draw()
    ticks = [t.get_text() for t in chart.canvas.figure.axes[0].get_xticklabels()]
    ticks.append(chart.canvas.figure.axes[0].xaxis.get_major_formatter().get_offset())
    assert any(tick in ENGLISH_MONTHS for tick in ticks), ticks
    for tick in ticks:
        _no_german(tick)


def test_photo_and_import_texts_are_english(german, qapp):
    from backtracker.ui.data.texts import day_text
    from backtracker.ui.photos.model import day_text as photo_day
    from backtracker.ui.photos.model import month_text

    assert day_text(dt.date(2026, 3, 3)) == "3 Mar 2026"
    assert photo_day(dt.datetime(2026, 5, 1, 8, 0)) == "1 May 2026"
    assert month_text((2026, 3)) == "March 2026"
    assert month_text((2026, 10)) == "October 2026"


def test_the_past_workout_dialog_writes_english(german, window, qtbot):
    from backtracker.ui.log.start_page import PastWorkoutDialog

    dialog = PastWorkoutDialog([], window)
    qtbot.addWidget(dialog)
    assert dialog.when.text() == "Tue 17 Mar 2026 · 09:15"
    calendar = dialog.when.calendarWidget()
    assert calendar.locale().language() == QLocale.Language.English
