"""The summary on Finish: the right numbers, copied as text, saved as a PNG (and a clear
message when it can't be), closed with Esc; none after editing a past workout."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from backtracker.services import logbook, workout_summary
from backtracker.storage.models import Workout
from backtracker.ui import dialogs
from backtracker.ui.log.finish_summary import FinishSummaryDialog
from tests.storage.test_progress import at, exercise_id, log
from tests.ui.conftest import show_active
from tests.ui.test_log_tab import done_sets, editor_line, pick_when_open, type_into_cell

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def row(seeded) -> int:
    """Dumbbell Row a week ago (the week before this one): 30 kg × 8."""
    exercise = exercise_id("dumbbell-row")
    log(at("2026-03-11"), {exercise: [(30.0, 8)]})
    return exercise


@pytest.fixture
def shown(monkeypatch) -> list[FinishSummaryDialog]:
    """Every summary the editor shows, through the seam (the real dialog, kept to drive)."""
    seen: list[FinishSummaryDialog] = []
    real = dialogs.show_workout_summary

    def keep(parent, summary):
        dialog = real(parent, summary)
        seen.append(dialog)
        return dialog

    monkeypatch.setattr(dialogs, "show_workout_summary", keep)
    return seen


@pytest.fixture
def summary(row, window, qtbot, shown) -> FinishSummaryDialog:
    """A workout logged by keys (a warm-up, 32.5 × 8 and 30 × 8), finished with Ctrl+Enter."""
    window.tabs.setCurrentWidget(window.log_page)
    pick_when_open(qtbot, "dumbbell row")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(300)
    show_active(qtbot, window)
    card = window.log.editor.cards[0]
    for weight, reps in (("32.5", "8"), ("30", "8")):
        type_into_cell(qtbot, card.table, weight)
        qtbot.wait(300)
        type_into_cell(qtbot, card.table, reps)
        qtbot.wait(300)
    assert done_sets()[-2:] == [(32.5, 8, "normal"), (30.0, 8, "normal")]
    qtbot.keyClick(
        editor_line(qtbot, card.table), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: len(shown) == 1 and shown[0].isVisible())
    qtbot.wait(300)
    return shown[0]


def test_finish_shows_the_summary_with_the_right_numbers(summary, row, window):
    workout = Workout.select().order_by(Workout.id.desc()).get()
    assert workout.ended_at is not None  # saved first; the summary does not hold it up
    assert window.log.stack.currentWidget() is window.log.start_page
    assert not summary.isModal()
    sheet = summary.sheet
    assert sheet.figures["duration"].text() == "0 min"
    assert sheet.figures["sets"].text() == "2"
    assert sheet.figures["volume"].text() == "500 kg"  # 32.5 × 8 + 30 × 8
    assert [label.text() for label in sheet.record_rows] == [
        "Dumbbell Row: heaviest 32.5 kg · best e1RM 41.17 kg · best for 8 reps 32.5 kg"
    ]
    assert sheet.weekly.text() == "This week 1 of 3"
    advice = logbook.coaching(
        row,
        before=workout.ended_at,
        rep_range=logbook.rep_range_of(None, None),
        prefs=window.log_context.prefs,
    )
    assert [label.text() for label in sheet.next_rows] == [
        f"Dumbbell Row: {advice.suggestion.message}"
    ]
    assert advice.last_time == "8 × 32.5 kg, 8 × 30 kg"  # the coaching counts this workout


def test_ctrl_c_copies_the_summary_as_plain_text(summary, qtbot):
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(summary, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QGuiApplication.clipboard().text()
    lines = text.splitlines()
    assert lines[0] == "Workout · Wed 18 Mar 2026"
    assert lines[1] == "Duration 0 min · 2 sets · volume 500 kg"
    assert "Records (1)" in lines
    assert (
        "★ Dumbbell Row: heaviest 32.5 kg · best e1RM 41.17 kg · best for 8 reps 32.5 kg" in lines
    )
    assert "Weekly goal: This week 1 of 3" in lines
    assert lines[lines.index("Next time") + 1].startswith("- Dumbbell Row: ")
    assert text == summary.summary.as_text()
    assert "<" not in text  # plain text, no markup
    assert summary.status.text() == "Copied the summary as text."
    # The button does the same.
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(summary.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == text


def test_save_as_png_writes_a_picture_of_the_summary(summary, qtbot, tmp_path, monkeypatch):
    tmp_path = tmp_path / "pictures"
    tmp_path.mkdir()
    asked: list[str] = []

    def choose(parent, title, suggested, file_filter):
        asked.append(f"{suggested.name} | {file_filter}")
        return tmp_path / "my workout"  # no suffix typed: .png is added

    monkeypatch.setattr(dialogs, "choose_save_file", choose)
    qtbot.keyClick(summary, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    target = tmp_path / "my workout.png"
    assert asked == ["BackTracker workout 2026-03-18.png | PNG picture (*.png)"]
    assert target.read_bytes().startswith(PNG_SIGNATURE)
    image = QImage(str(target))
    assert not image.isNull()
    ratio = summary.sheet.devicePixelRatioF()
    assert (image.width(), image.height()) == (
        round(summary.sheet.width() * ratio),
        round(summary.sheet.height() * ratio),
    )
    assert [p.name for p in tmp_path.iterdir()] == ["my workout.png"]  # no .part left
    assert summary.status.text() == f"Saved the summary to {target}."
    # The button does the same, and overwrites.
    qtbot.mouseClick(summary.save_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2 and target.read_bytes().startswith(PNG_SIGNATURE)


def test_a_picture_that_cannot_be_saved_says_why_and_writes_nothing(
    summary, qtbot, tmp_path, monkeypatch
):
    tmp_path = tmp_path / "pictures"
    tmp_path.mkdir()
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogs, "show_error", lambda parent, title, text: errors.append((title, text))
    )
    missing = tmp_path / "no such folder" / "summary.png"
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *args: missing)
    qtbot.mouseClick(summary.save_button, Qt.MouseButton.LeftButton)
    assert errors == [
        (
            "Could not save the picture",
            f"The summary could not be saved to {missing}: No such file or directory. Choose "
            "another folder or free some space, and try again.",
        )
    ]
    assert not missing.parent.exists()

    # A full disk: the write fails part-way; neither the picture nor a part of it stays.
    errors.clear()
    target = tmp_path / "full.png"
    target.write_bytes(b"an earlier file")
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *args: target)

    def full(self, data):
        with self.open("wb") as handle:
            handle.write(data[:10])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(type(target), "write_bytes", full)
    qtbot.mouseClick(summary.save_button, Qt.MouseButton.LeftButton)
    assert errors and "No space left on device" in errors[0][1]
    assert target.read_bytes() == b"an earlier file"  # the earlier file is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full.png"]


def test_esc_closes_the_summary(summary, qtbot):
    assert summary.close_button.hasFocus()
    qtbot.keyClick(summary, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not summary.isVisible())


def test_done_editing_a_past_workout_shows_no_summary(row, window, qtbot, shown):
    window.tabs.setCurrentWidget(window.log_page)
    past = Workout.get().id
    window.log.open_workout(past)
    qtbot.wait(300)
    assert window.log.editor.finish_button.text() == "Done editing"
    qtbot.mouseClick(window.log.editor.finish_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    assert shown == []
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, FinishSummaryDialog)]


def test_the_volume_is_in_the_persons_unit(row, seeded):
    prefs = dataclasses.replace(logbook_prefs(), unit="lb")
    workout_id = log(at("2026-03-18", 8), {row: [(32.5, 8), (30.0, 8), (40.0, 2, "warmup")]})
    result = workout_summary.summarize(workout_id, prefs)
    assert (result.sets, result.volume_text, result.duration_text) == (2, "1102 lb", "1 h 00 min")
    assert [r.describe("lb") for r in result.records] == [
        "Dumbbell Row: heaviest 71.7 lb · best e1RM 90.8 lb · best for 8 reps 71.7 lb"
    ]
    assert result.duration == dt.timedelta(hours=1)


def logbook_prefs():
    from backtracker.services import preferences

    return preferences.load()
