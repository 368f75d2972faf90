"""Compare mode shows photos aligned to their pose's reference by default: a photo with no
alignment, or a low-confidence one, is shown as taken with a visible note and keeps the
person's drag and scale; the export shows what the screen shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QUndoStack

from backtracker.domain.photo_align import LOW_CONFIDENCE
from backtracker.services import photos
from backtracker.services.preferences import Preferences
from backtracker.storage.models import Photo
from backtracker.ui.events import DataEvents
from backtracker.ui.photos import build_photos_tab
from backtracker.ui.photos import dialogs as photo_dialogs
from backtracker.ui.photos.compare_canvas import Side
from backtracker.ui.tasks import synchronous_tasks
from tests.ui.test_photo_landmarks import MARK, SHIFT, SIZE, figure, is_magenta

NOTE_ORANGE = (180, 95, 0)


@pytest.fixture(autouse=True)
def _synchronous(theme):
    with synchronous_tasks():
        yield


@pytest.fixture
def two_photos(profile, tmp_path) -> dict[str, int]:
    source = tmp_path / "originals"
    source.mkdir()
    ids = {}
    for name, when, shift in (
        ("first", dt.datetime(2026, 1, 3, 8, 0), (0, 0)),
        ("latest", dt.datetime(2026, 3, 10, 8, 0), SHIFT),
    ):
        path = figure(source / f"{name}.jpg", when, shift)
        report = photos.ingest(
            [path], profile.photos_dir, photos.thumbnails_dir(profile.data_dir), pose="back"
        )
        ids[name] = report.imported[0].id
    return ids


def register(photo_id: int, reference: int, confidence: float, method: str = "phase") -> None:
    """The later photo's true registration: back by 40 px and 20 px (of a 400 px height)."""
    Photo.update(
        aligned_to=reference,
        aligned_dx=-40 / 400,
        aligned_dy=-20 / 400,
        aligned_scale=1.0,
        aligned_rotation_deg=0.0,
        aligned_confidence=confidence,
        aligned_method=method,
    ).where(Photo.id == photo_id).execute()


def open_compare(qtbot, profile):
    events, undo = DataEvents(), QUndoStack()
    tab = build_photos_tab(events, profile, Preferences, undo, lambda m, **_k: None)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    qtbot.waitExposed(tab)
    qtbot.mouseClick(tab.compare_button, Qt.MouseButton.LeftButton)
    page = tab.compare_page
    page._test_keep = (tab, events, undo)
    qtbot.waitUntil(lambda: all(page.canvas.pixmap(side) is not None for side in Side))
    qtbot.wait(300)
    return page


def rgb_at(canvas, point: QPointF) -> tuple[int, int, int]:
    image = canvas.grab().toImage()
    ratio = image.devicePixelRatio()
    color = QColor(image.pixel(round(point.x() * ratio), round(point.y() * ratio)))
    return color.red(), color.green(), color.blue()


def in_rect(rect: QRectF, pixel: tuple[float, float]) -> QPointF:
    """A pixel of a 300×400 photo (or frame) drawn in `rect`."""
    return QPointF(
        rect.left() + pixel[0] / SIZE[0] * rect.width(),
        rect.top() + pixel[1] / SIZE[1] * rect.height(),
    )


def note_pixels(canvas, side: Side) -> int:
    """How many pixels of the note's orange are in the bottom strip of the side's photo."""
    image = canvas.grab().toImage()
    ratio = image.devicePixelRatio()
    rect = canvas.fitted_rect(side)
    count = 0
    for y in range(round((rect.bottom() - 40) * ratio), round((rect.bottom() - 8) * ratio)):
        for x in range(round(rect.left() * ratio), round(rect.right() * ratio), 2):
            color = QColor(image.pixel(x, y))
            if all(abs(a - b) < 25 for a, b in zip(color.getRgb()[:3], NOTE_ORANGE, strict=True)):
                count += 1
    return count


def test_a_confident_alignment_is_used_and_fine_tuning_moves_it(qtbot, profile, two_photos):
    register(two_photos["latest"], two_photos["first"], confidence=0.9)
    page = open_compare(qtbot, profile)
    canvas = page.canvas
    assert canvas.is_aligned(Side.RIGHT) and canvas.note(Side.RIGHT) == ""
    assert note_pixels(canvas, Side.RIGHT) == 0
    for side in Side:
        assert is_magenta(rgb_at(canvas, in_rect(canvas.photo_rect(side), MARK)))
    assert "aligned to 3 Jan 2026 (phase)" in canvas.accessibleDescription()

    # The person's drag and scale still fine-tune on top: Shift+Right ×2 moves it 4 % of
    # the width, and that is saved as before.
    canvas.setFocus()
    before = canvas.photo_rect(Side.RIGHT)
    for _ in range(2):
        qtbot.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
        qtbot.wait(100)
    qtbot.wait(600)
    after = canvas.photo_rect(Side.RIGHT)
    assert after.left() - before.left() == pytest.approx(0.04 * canvas.reference_width())
    assert Photo.get_by_id(two_photos["latest"]).align_dx == pytest.approx(0.04)
    assert is_magenta(rgb_at(canvas, in_rect(after, MARK)))
    assert not is_magenta(rgb_at(canvas, in_rect(before, (MARK[0] - 14, MARK[1]))))


def test_low_confidence_shows_the_note_and_falls_back_to_the_manual_drag(
    qtbot, profile, two_photos
):
    register(two_photos["latest"], two_photos["first"], confidence=LOW_CONFIDENCE - 0.1)
    Photo.update(align_dx=-0.1).where(Photo.id == two_photos["latest"]).execute()
    page = open_compare(qtbot, profile)
    canvas = page.canvas

    assert not canvas.is_aligned(Side.RIGHT)
    assert canvas.note(Side.RIGHT) == "not aligned: the match is unsure — set points"
    assert note_pixels(canvas, Side.RIGHT) > 100
    assert note_pixels(canvas, Side.LEFT) == 0  # the reference itself is aligned
    assert "the match is unsure" in canvas.accessibleDescription()
    # Shown as taken, moved by its saved drag (a tenth of the width to the left).
    fitted = canvas.fitted_rect(Side.RIGHT)
    assert canvas.photo_rect(Side.RIGHT).left() == pytest.approx(
        fitted.left() - 0.1 * canvas.reference_width()
    )
    raw_mark = (MARK[0] + SHIFT[0], MARK[1] + SHIFT[1])
    assert is_magenta(rgb_at(canvas, in_rect(canvas.photo_rect(Side.RIGHT), raw_mark)))

    # Raw hides the note: nothing claims to be aligned there.
    qtbot.mouseClick(page.aligned.raw_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    assert canvas.note(Side.RIGHT) == "" and note_pixels(canvas, Side.RIGHT) == 0


def unalign(photo_id: int) -> None:
    """As a photo that could not be aligned automatically is stored: no registration."""
    Photo.update(
        aligned_to=None,
        aligned_dx=None,
        aligned_dy=None,
        aligned_scale=None,
        aligned_rotation_deg=None,
        aligned_confidence=None,
        aligned_method=None,
    ).where(Photo.id == photo_id).execute()


def test_no_alignment_or_one_to_another_reference_is_not_aligned(qtbot, profile, two_photos):
    unalign(two_photos["latest"])
    page = open_compare(qtbot, profile)
    assert page.canvas.note(Side.RIGHT) == "not aligned — set points"
    assert note_pixels(page.canvas, Side.RIGHT) > 100

    # Aligned to a photo that is not the pose's reference (the first one): not used.
    register(two_photos["latest"], two_photos["latest"] + 100, confidence=0.95)
    page.right_combo.setFocus()  # the person picks the photo again
    qtbot.keyClick(page.right_combo, Qt.Key.Key_Up)
    qtbot.wait(300)
    qtbot.keyClick(page.right_combo, Qt.Key.Key_Down)
    qtbot.wait(300)
    assert page.canvas.note(Side.RIGHT) == "not aligned — set points"


def test_the_export_shows_the_photos_aligned_or_raw_as_on_screen(
    qtbot, profile, two_photos, tmp_path, monkeypatch
):
    register(two_photos["latest"], two_photos["first"], confidence=0.9)
    page = open_compare(qtbot, profile)
    targets = iter([tmp_path / "aligned.png", tmp_path / "raw.png"])
    monkeypatch.setattr(photo_dialogs, "choose_export_file", lambda *_a: next(targets))

    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    qtbot.mouseClick(page.aligned.raw_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)

    def mark_in_panels(path: Path, right_mark: tuple[int, int]) -> tuple[bool, bool]:
        image = Image.open(path).convert("RGB")
        height = 400  # the photos' height: panels are 300 × 400, 4 px apart
        assert image.height > height
        left = image.getpixel(MARK)
        right = image.getpixel((300 + 4 + right_mark[0], right_mark[1]))
        return is_magenta(left), is_magenta(right)

    assert mark_in_panels(tmp_path / "aligned.png", MARK) == (True, True)
    raw_mark = (MARK[0] + SHIFT[0], MARK[1] + SHIFT[1])
    assert mark_in_panels(tmp_path / "raw.png", MARK) == (True, False)
    assert mark_in_panels(tmp_path / "raw.png", raw_mark) == (True, True)


def test_using_a_photo_as_reference_lines_the_pose_up_with_it(qtbot, profile, two_photos):
    from tests.ui.test_photos_tab import click_photo

    first, latest = two_photos["first"], two_photos["latest"]
    messages: list[str] = []
    events, undo = DataEvents(), QUndoStack()
    tab = build_photos_tab(events, profile, Preferences, undo, lambda m, **_k: messages.append(m))
    qtbot.addWidget(tab)
    tab._test_keep = (events, undo)
    tab.resize(1280, 800)
    tab.show()
    qtbot.waitExposed(tab)
    click_photo(qtbot, tab, first)
    qtbot.wait(300)
    button = tab.details.reference_button
    assert not button.isEnabled() and button.text() == "Reference photo"  # the first, so far
    click_photo(qtbot, tab, latest)
    qtbot.wait(300)
    assert button.isEnabled() and button.text() == "Use as reference"

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.reference_picker.running)
    qtbot.wait(300)

    assert messages[-1] == "The back photo of 10 Mar 2026 is the reference now: 1 photo lined up."
    assert not button.isEnabled() and button.text() == "Reference photo"
    reference, other = Photo.get_by_id(latest), Photo.get_by_id(first)
    assert (reference.aligned_to, reference.aligned_dx, reference.aligned_scale) == (latest, 0, 1)
    # The first photo now moves the other way: 40 px right and 20 px down, to meet it.
    assert other.aligned_to == latest and other.aligned_confidence >= LOW_CONFIDENCE
    assert other.aligned_dx == pytest.approx(40 / 400, abs=0.005)
    assert other.aligned_dy == pytest.approx(20 / 400, abs=0.005)

    qtbot.mouseClick(tab.compare_button, Qt.MouseButton.LeftButton)
    page = tab.compare_page
    qtbot.waitUntil(lambda: all(page.canvas.pixmap(side) is not None for side in Side))
    qtbot.wait(300)
    canvas = page.canvas
    assert canvas.is_aligned(Side.LEFT) and canvas.is_aligned(Side.RIGHT)
    # Both marks sit where the new reference (the later photo) has its mark.
    raw_mark = (MARK[0] + SHIFT[0], MARK[1] + SHIFT[1])
    for side in Side:
        assert is_magenta(rgb_at(canvas, in_rect(canvas.photo_rect(side), raw_mark)))
