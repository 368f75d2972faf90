"""Setting points in compare mode: the person clicks the top of the head and both shoulders
on two photos, the points and the manual alignment land in the database, and the aligned
view lines the photos up (Raw shows them as taken)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QUndoStack

from backtracker.domain.photo_align import MANUAL, Landmarks
from backtracker.services import photos
from backtracker.services.preferences import Preferences
from backtracker.storage.models import Photo
from backtracker.ui.events import DataEvents
from backtracker.ui.photos import build_photos_tab
from backtracker.ui.photos.compare_canvas import CompareMode, Side
from backtracker.ui.tasks import synchronous_tasks

SIZE = (300, 400)
HEAD, LEFT, RIGHT, MARK = (150, 60), (90, 140), (210, 140), (150, 200)
SHIFT = (40, 20)  # the later photo: the camera moved, the figure sits 40 px right, 20 down
MAGENTA = (255, 0, 255)


@pytest.fixture(autouse=True)
def _synchronous():
    with synchronous_tasks():
        yield


def figure(path: Path, when: dt.datetime, shift: tuple[int, int] = (0, 0)) -> Path:
    """A grey background, a head, a blue body from the shoulders down and a magenta mark."""
    image = Image.new("RGB", SIZE, (200, 205, 210))
    draw = ImageDraw.Draw(image)

    def at(point: tuple[int, int]) -> tuple[int, int]:
        return point[0] + shift[0], point[1] + shift[1]

    hx, hy = at(HEAD)
    draw.ellipse((hx - 28, hy, hx + 28, hy + 60), fill=(225, 180, 150))
    (lx, ly), (rx, ry) = at(LEFT), at(RIGHT)
    draw.polygon([(lx, ly), (rx, ry), (rx - 15, ly + 200), (lx + 15, ly + 200)], fill=(60, 90, 140))
    mx, my = at(MARK)
    draw.rectangle((mx - 8, my - 8, mx + 8, my + 8), fill=MAGENTA)
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")
    image.save(path, "JPEG", quality=95, exif=exif)
    return path


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
    # As photos the automatic method could not line up: no registration yet.
    Photo.update(
        aligned_to=None,
        aligned_dx=None,
        aligned_dy=None,
        aligned_scale=None,
        aligned_rotation_deg=None,
        aligned_confidence=None,
        aligned_method=None,
    ).where(Photo.id == ids["latest"]).execute()
    return ids


@pytest.fixture
def page(qtbot, profile, theme, two_photos):
    """The compare page, side by side, both photos decoded."""
    messages: list[str] = []
    events, undo = DataEvents(), QUndoStack()
    tab = build_photos_tab(events, profile, Preferences, undo, lambda m, **_k: messages.append(m))
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    qtbot.waitExposed(tab)
    qtbot.mouseClick(tab.compare_button, Qt.MouseButton.LeftButton)
    compare = tab.compare_page
    compare._test_keep = (tab, events, undo)
    compare.messages = messages
    qtbot.waitUntil(lambda: all(compare.canvas.pixmap(side) is not None for side in Side))
    qtbot.wait(300)
    return compare


def on_photo(canvas, side: Side, point: tuple[float, float]) -> QPoint:
    """Where a photo pixel of the (raw, fitted) photo is on the canvas."""
    rect = canvas.photo_rect(side)
    return QPoint(
        round(rect.left() + point[0] / SIZE[0] * rect.width()),
        round(rect.top() + point[1] / SIZE[1] * rect.height()),
    )


def click_points(qtbot, page, side: Side, shift: tuple[int, int]) -> None:
    overlay = page.aligned.editor.overlay
    for point in (HEAD, LEFT, RIGHT):
        shifted = (point[0] + shift[0], point[1] + shift[1])
        qtbot.mouseClick(
            overlay, Qt.MouseButton.LeftButton, pos=on_photo(page.canvas, side, shifted)
        )
        qtbot.wait(300)


def stored(photo_id: int) -> Photo:
    return Photo.get_by_id(photo_id)


def color_at(canvas, point: QPointF) -> tuple[int, int, int]:
    image = canvas.grab().toImage()
    ratio = image.devicePixelRatio()
    color = QColor(image.pixel(round(point.x() * ratio), round(point.y() * ratio)))
    return color.red(), color.green(), color.blue()


def is_magenta(rgb: tuple[int, int, int]) -> bool:
    return rgb[0] > 200 and rgb[1] < 80 and rgb[2] > 200


def mark_in_reference_frame(canvas, side: Side) -> QPointF:
    """Where the reference photo's magenta mark is in the side's (aligned) frame."""
    rect = canvas.photo_rect(side)
    return QPointF(
        rect.left() + MARK[0] / SIZE[0] * rect.width(),
        rect.top() + MARK[1] / SIZE[1] * rect.height(),
    )


def test_clicking_three_points_on_two_photos_aligns_them_by_hand(qtbot, page, two_photos):
    canvas, bar = page.canvas, page.aligned.editor.bar
    first, latest = two_photos["first"], two_photos["latest"]
    # Before: not aligned, so the aligned view shows the later photo as taken, with a note.
    assert canvas.aligned and not canvas.is_aligned(Side.RIGHT)
    assert canvas.note(Side.RIGHT) == "not aligned — set points"
    assert not is_magenta(color_at(canvas, mark_in_reference_frame(canvas, Side.RIGHT)))

    qtbot.mouseClick(page.aligned.points_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    assert canvas.points_mode and bar.isVisible()
    assert bar.prompt.text() == "Left photo: click the top of the head."
    overlay = page.aligned.editor.overlay
    qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton, pos=on_photo(canvas, Side.LEFT, HEAD))
    qtbot.wait(300)
    assert bar.prompt.text() == "Left photo: click the shoulder on the left of the photo."
    for point in (LEFT, RIGHT):
        qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton, pos=on_photo(canvas, Side.LEFT, point))
        qtbot.wait(300)
    assert bar.prompt.text() == "Right photo: click the top of the head."
    click_points(qtbot, page, Side.RIGHT, SHIFT)
    assert bar.prompt.text().startswith("All points are set.")

    qtbot.keyClick(overlay, Qt.Key.Key_Return)
    qtbot.wait(300)

    assert not canvas.points_mode and not bar.isVisible()
    left_points = Landmarks.from_json(stored(first).landmarks_json)
    right_points = Landmarks.from_json(stored(latest).landmarks_json)
    tolerance = 1.5 / canvas.photo_rect(Side.LEFT).height()  # a click lands on whole pixels
    for points, shift in ((left_points, (0, 0)), (right_points, SHIFT)):
        for got, wanted in zip(points.points(), (HEAD, LEFT, RIGHT), strict=True):
            assert got[0] == pytest.approx((wanted[0] + shift[0]) / SIZE[0], abs=tolerance)
            assert got[1] == pytest.approx((wanted[1] + shift[1]) / SIZE[1], abs=tolerance)
    row = stored(latest)
    assert (row.aligned_to, row.aligned_method, row.aligned_confidence) == (first, MANUAL, 1.0)
    # Moving the later photo back by 40 and 20 px, in the reference's height units (400 px).
    assert row.aligned_dx == pytest.approx(-40 / 400, abs=0.006)
    assert row.aligned_dy == pytest.approx(-20 / 400, abs=0.006)
    assert row.aligned_scale == pytest.approx(1.0, abs=0.01)
    assert row.aligned_rotation_deg == pytest.approx(0.0, abs=0.5)
    assert "lined up" in page.messages[-1]

    # Aligned: the later photo's mark is where the reference has it, in both frames.
    assert canvas.is_aligned(Side.LEFT) and canvas.is_aligned(Side.RIGHT)
    assert canvas.note(Side.RIGHT) == ""
    for side in Side:
        assert is_magenta(color_at(canvas, mark_in_reference_frame(canvas, side)))

    # Raw (Ctrl+R): the later photo is shown as taken, so its mark is elsewhere.
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(300)
    assert not canvas.aligned and page.aligned.raw_button.isChecked()
    assert not is_magenta(color_at(canvas, mark_in_reference_frame(canvas, Side.RIGHT)))
    assert is_magenta(color_at(canvas, QPointF(on_photo(canvas, Side.RIGHT, (190, 220)))))
    qtbot.mouseClick(page.aligned.aligned_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    assert canvas.aligned
    assert is_magenta(color_at(canvas, mark_in_reference_frame(canvas, Side.RIGHT)))


def test_the_aligned_view_lines_the_marks_up_in_wipe_and_overlay_too(qtbot, page, two_photos):
    qtbot.mouseClick(page.aligned.points_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    click_points(qtbot, page, Side.LEFT, (0, 0))
    click_points(qtbot, page, Side.RIGHT, SHIFT)
    qtbot.mouseClick(page.aligned.editor.bar.save_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    canvas = page.canvas

    qtbot.mouseClick(page.mode_buttons[CompareMode.OVERLAY], Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    page.opacity_slider.setValue(100)  # the right photo alone on top
    qtbot.wait(100)
    assert canvas.photo_rect(Side.LEFT) == canvas.photo_rect(Side.RIGHT)
    assert is_magenta(color_at(canvas, mark_in_reference_frame(canvas, Side.RIGHT)))

    qtbot.mouseClick(page.mode_buttons[CompareMode.WIPE], Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    page.wipe_slider.setValue(0)  # all of the right photo
    qtbot.wait(100)
    assert is_magenta(color_at(canvas, mark_in_reference_frame(canvas, Side.RIGHT)))


def test_backspace_takes_the_last_point_back_and_esc_cancels(qtbot, page, two_photos):
    canvas, editor = page.canvas, page.aligned.editor
    overlay, bar = editor.overlay, editor.bar
    qtbot.mouseClick(page.aligned.points_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton, pos=on_photo(canvas, Side.LEFT, HEAD))
    qtbot.wait(300)
    qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton, pos=on_photo(canvas, Side.LEFT, LEFT))
    qtbot.wait(300)
    assert len(overlay.points) == 2
    # The page's other controls wait while points are set.
    assert not page.right_combo.isEnabled() and not page.export_button.isEnabled()
    assert not page.aligned.raw_button.isEnabled() and bar.save_button.isEnabled()

    qtbot.keyClick(overlay, Qt.Key.Key_Backspace)
    qtbot.wait(300)
    assert len(overlay.points) == 1
    assert bar.prompt.text() == "Left photo: click the shoulder on the left of the photo."

    # Saving half a photo's points is refused with a sentence, and nothing is stored.
    qtbot.keyClick(overlay, Qt.Key.Key_Return)
    qtbot.wait(300)
    assert canvas.points_mode
    assert bar.prompt.text().startswith("The left photo has 1 of 3 points")
    assert stored(two_photos["first"]).landmarks_json is None

    qtbot.keyClick(overlay, Qt.Key.Key_Escape)
    qtbot.wait(300)
    assert not canvas.points_mode and not bar.isVisible()
    assert page.isVisible()  # Esc left points mode, not compare mode
    assert page.right_combo.isEnabled() and page.export_button.isEnabled()
    assert stored(two_photos["first"]).landmarks_json is None
    assert stored(two_photos["latest"]).aligned_to is None

    # A second Esc goes back to the gallery, as before.
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    qtbot.wait(300)
    assert not page.isVisible()


def test_a_point_can_be_dragged_and_set_from_the_keyboard(qtbot, page, two_photos):
    canvas, editor = page.canvas, page.aligned.editor
    overlay = editor.overlay
    page.canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # Set points…
    qtbot.wait(300)
    assert canvas.points_mode and overlay.hasFocus()

    # The head from the keyboard: the cross starts where heads usually are; Space puts it.
    qtbot.keyClick(overlay, Qt.Key.Key_Down)
    qtbot.wait(100)
    assert overlay.cross is not None and overlay.cross[0] is Side.LEFT
    start = overlay.cross[1]
    for _ in range(3):
        qtbot.keyClick(overlay, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
        qtbot.wait(100)
    qtbot.keyClick(overlay, Qt.Key.Key_Space)
    qtbot.wait(300)
    head = overlay.points[(Side.LEFT, "head")]
    assert head == pytest.approx((start[0] + 0.12, start[1]))

    # Drag it to the real top of the head.
    grab = on_photo(canvas, Side.LEFT, (head[0] * SIZE[0], head[1] * SIZE[1]))
    target = on_photo(canvas, Side.LEFT, HEAD)
    qtbot.mousePress(overlay, Qt.MouseButton.LeftButton, pos=grab)
    qtbot.wait(50)
    for step in range(1, 7):
        qtbot.mouseMove(overlay, grab + (target - grab) * step / 6)
        qtbot.wait(30)
    qtbot.mouseRelease(overlay, Qt.MouseButton.LeftButton, pos=target)
    qtbot.wait(300)
    assert len(overlay.points) == 1
    moved = overlay.points[(Side.LEFT, "head")]
    tolerance = 1.5 / canvas.photo_rect(Side.LEFT).height()
    assert moved == (
        pytest.approx(HEAD[0] / SIZE[0], abs=tolerance),
        pytest.approx(HEAD[1] / SIZE[1], abs=tolerance),
    )
    for point in (LEFT, RIGHT):
        qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton, pos=on_photo(canvas, Side.LEFT, point))
        qtbot.wait(300)
    qtbot.mouseClick(editor.bar.save_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    saved = Landmarks.from_json(stored(two_photos["first"]).landmarks_json)
    assert saved.head == moved
    assert stored(two_photos["latest"]).landmarks_json is None  # the right photo had none
    # The reference has points, the other photo not yet: it says what to do next.
    assert page.messages[-1].startswith("Points saved on the pose's reference photo.")
    assert stored(two_photos["latest"]).aligned_to is None
    assert page.canvas.note(Side.RIGHT) == "not aligned — set points"
