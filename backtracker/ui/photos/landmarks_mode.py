"""Setting points in compare mode: the top of the head, then the shoulder on the left of the
photo, then the one on the right, on each of the two photos.

`LandmarkEditor` runs the mode: the canvas shows both photos side by side as they are, a
`LandmarkOverlay` over it takes the clicks and draws the points (drag one to adjust it), and
a `LandmarkBar` above it says which point is next. Backspace takes the last point back, Esc
cancels, Enter saves. Without a mouse: the arrow keys move a cross (Shift: further) and
Space puts the next point there. Saving stores each photo's points and the manual alignment
they give (services/photo_landmarks), off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from backtracker.domain.errors import UserError
from backtracker.domain.photo_align import LANDMARKS, Landmarks, Point
from backtracker.domain.photos import PhotoInfo
from backtracker.services import photo_landmarks
from backtracker.services.photo_landmarks import LandmarksSaved
from backtracker.ui.photos.compare_canvas import CompareCanvas, Side
from backtracker.ui.tasks import run_task
from backtracker.ui.theme import theme

GRAB = 12  # how near a point a press picks it up to drag
RADIUS = 6
STEP, BIG_STEP = 0.004, 0.04  # arrow keys move the cross by these fractions of the photo
COLORS = {"head": "#f0b400", "left_shoulder": "#ff5c8a", "right_shoulder": "#22b8cf"}
SHORT = {"head": "head", "left_shoulder": "L", "right_shoulder": "R"}
GUESS = {"head": (0.5, 0.15), "left_shoulder": (0.32, 0.3), "right_shoulder": (0.68, 0.3)}
SIDE_WORDS = {Side.LEFT: "left", Side.RIGHT: "right"}
WHERE = {
    "head": "the top of the head",
    "left_shoulder": "the shoulder on the left of the photo",
    "right_shoulder": "the shoulder on the right of the photo",
}
Slot = tuple[Side, str]


class LandmarkOverlay(QWidget):
    """Lies over the canvas in points mode: takes the clicks, drags and keys, draws points."""

    changed = Signal()

    def __init__(self, canvas: CompareCanvas) -> None:
        super().__init__(canvas)
        self.canvas = canvas
        self.setObjectName("LandmarkOverlay")
        self.setAccessibleName("Points on the photos")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.sides: tuple[Side, ...] = ()
        self.points: dict[Slot, Point] = {}  # fractions of the upright photo
        self.placed: list[Slot] = []  # in the order they were put down, for Backspace
        self.cross: tuple[Side, Point] | None = None  # the keyboard's cross, once used
        self.problem = ""
        self._dragging: Slot | None = None
        canvas.installEventFilter(self)
        self.setGeometry(canvas.rect())
        self.hide()

    # -- state -----------------------------------------------------------------------------
    def begin(self, sides: Iterable[Side], existing: dict[Side, Landmarks]) -> None:
        self.sides = tuple(sides)
        self.points = {
            (side, name): point
            for side, marks in existing.items()
            if side in self.sides
            for name, point in zip(LANDMARKS, marks.points(), strict=True)
        }
        self.placed, self.cross, self.problem, self._dragging = [], None, "", None
        self.setGeometry(self.canvas.rect())
        self.show()
        self.raise_()
        self.setFocus()
        self._changed()

    def slots(self) -> list[Slot]:
        return [(side, name) for side in self.sides for name in LANDMARKS]

    def next_slot(self, side: Side | None = None) -> Slot | None:
        """The first point still to set (on `side`, if given)."""
        return next(
            (
                slot
                for slot in self.slots()
                if slot not in self.points and (side is None or slot[0] == side)
            ),
            None,
        )

    def count(self, side: Side) -> int:
        return sum(1 for name in LANDMARKS if (side, name) in self.points)

    def landmarks(self, side: Side) -> Landmarks | None:
        """The side's three points; None when it has none. UserError when it is half done."""
        count = self.count(side)
        if count == 0:
            return None
        if count < len(LANDMARKS):
            slot = self.next_slot(side)
            assert slot is not None
            raise UserError(
                f"The {SIDE_WORDS[side]} photo has {count} of 3 points: click "
                f"{WHERE[slot[1]]}, or press Backspace to take them back."
            )
        return Landmarks(*(self.points[(side, name)] for name in LANDMARKS))

    def place(self, side: Side, point: Point) -> Slot | None:
        slot = self.next_slot(side)
        if slot is None:
            self.problem = (
                f"The {SIDE_WORDS[side]} photo has its three points: drag one to move it, "
                "or press Backspace to take the last one back."
            )
            self._changed()
            return None
        self.points[slot] = point
        self.placed.append(slot)
        self.problem = ""
        self._follow_cross()
        self._changed()
        return slot

    def undo(self) -> None:
        """Take back the last point put down (else the last one set, in the prompt's order)."""
        while self.placed and self.placed[-1] not in self.points:
            self.placed.pop()
        if self.placed:
            slot = self.placed.pop()
        else:
            slot = next((s for s in reversed(self.slots()) if s in self.points), None)
            if slot is None:
                return
        del self.points[slot]
        self.problem = ""
        self._follow_cross()
        self._changed()

    def clear(self) -> None:
        self.points.clear()
        self.placed.clear()
        self.problem = ""
        self._follow_cross()
        self._changed()

    def _changed(self) -> None:
        self.setAccessibleDescription(self.prompt())
        self.update()
        self.changed.emit()

    def prompt(self) -> str:
        if self.problem:
            return self.problem
        slot = self.next_slot()
        if slot is None:
            return "All points are set. Drag a point to adjust it, then Save (Enter)."
        side, name = slot
        return f"{SIDE_WORDS[side].capitalize()} photo: click {WHERE[name]}."

    # -- geometry --------------------------------------------------------------------------
    def photo_rect(self, side: Side) -> QRectF | None:
        return self.canvas.photo_rect(side)

    def to_widget(self, side: Side, point: Point) -> QPointF | None:
        rect = self.photo_rect(side)
        if rect is None:
            return None
        return QPointF(rect.left() + point[0] * rect.width(), rect.top() + point[1] * rect.height())

    def to_fraction(self, side: Side, pos: QPointF) -> Point | None:
        rect = self.photo_rect(side)
        if rect is None or rect.width() <= 0 or rect.height() <= 0:
            return None
        x = (pos.x() - rect.left()) / rect.width()
        y = (pos.y() - rect.top()) / rect.height()
        return min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0)

    def side_at(self, pos: QPointF) -> Side | None:
        for side in self.sides:
            rect = self.photo_rect(side)
            if rect is not None and rect.contains(pos):
                return side
        return None

    def slot_at(self, pos: QPointF) -> Slot | None:
        best: tuple[float, Slot] | None = None
        for slot, point in self.points.items():
            at = self.to_widget(slot[0], point)
            if at is None:
                continue
            distance = (at - pos).manhattanLength()
            if distance <= GRAB * 1.5 and (best is None or distance < best[0]):
                best = (distance, slot)
        return best[1] if best else None

    # -- input -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.canvas and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.canvas.rect())
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus()
        pos = event.position()
        slot = self.slot_at(pos)
        if slot is None:
            side = self.side_at(pos)
            point = self.to_fraction(side, pos) if side is not None else None
            slot = self.place(side, point) if side is not None and point is not None else None
        self._dragging = slot
        if slot is not None:
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._dragging is not None:
            point = self.to_fraction(self._dragging[0], pos)
            if point is not None:
                self.points[self._dragging] = point
                self._changed()
        else:
            over = self.slot_at(pos) is not None
            self.setCursor(Qt.CursorShape.OpenHandCursor if over else Qt.CursorShape.CrossCursor)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._dragging is not None:
            self._dragging = None
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = BIG_STEP if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else STEP
        moves = {
            Qt.Key.Key_Left: (-step, 0.0),
            Qt.Key.Key_Right: (step, 0.0),
            Qt.Key.Key_Up: (0.0, -step),
            Qt.Key.Key_Down: (0.0, step),
        }
        key = Qt.Key(event.key())
        if key in moves:
            if self.cross is None:
                self._follow_cross()
            if self.cross is not None:
                side, (x, y) = self.cross
                dx, dy = moves[key]
                self.cross = (side, (min(max(x + dx, 0.0), 1.0), min(max(y + dy, 0.0), 1.0)))
                self.update()
        elif key == Qt.Key.Key_Space:
            if self.cross is None:
                self._follow_cross()
            if self.cross is not None:
                self.place(*self.cross)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _follow_cross(self) -> None:
        """The cross moves to where the next point probably is (once the keyboard used it)."""
        slot = self.next_slot()
        if slot is None:
            self.cross = None
            return
        self.cross = (slot[0], GUESS[slot[1]])

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setWeight(QFont.Weight.Bold)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        for side in self.sides:
            self._draw_lines(painter, side)
            for name in LANDMARKS:
                point = self.points.get((side, name))
                at = self.to_widget(side, point) if point is not None else None
                if at is None:
                    continue
                painter.setPen(QPen(QColor("#ffffff"), 2))
                painter.setBrush(QColor(COLORS[name]))
                painter.drawEllipse(at, RADIUS, RADIUS)
                label = SHORT[name]
                box = QRectF(at.x() + RADIUS + 3, at.y() - metrics.height() / 2, 0, 0)
                box.setSize(metrics.size(0, label) + QRectF(0, 0, 8, 2).size())
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(0, 0, 0, 160))
                painter.drawRoundedRect(box, 4, 4)
                painter.setPen(QColor("#ffffff"))
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        if self.cross is not None and self.hasFocus():
            side, point = self.cross
            at = self.to_widget(side, point)
            if at is not None:
                pen = QPen(QColor(theme().colors.accent), 2, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawLine(at - QPointF(14, 0), at + QPointF(14, 0))
                painter.drawLine(at - QPointF(0, 14), at + QPointF(0, 14))
                painter.drawEllipse(at, 9, 9)
        painter.end()

    def _draw_lines(self, painter: QPainter, side: Side) -> None:
        """The shoulder line and the head's line down to its middle, to judge the clicks by."""
        at = {
            name: self.to_widget(side, point)
            for name in LANDMARKS
            if (point := self.points.get((side, name))) is not None
        }
        left, right, head = at.get("left_shoulder"), at.get("right_shoulder"), at.get("head")
        painter.setPen(QPen(QColor(255, 255, 255, 200), 1.5))
        if left is not None and right is not None:
            painter.drawLine(left, right)
            if head is not None:
                painter.drawLine(head, (left + right) / 2)


class LandmarkBar(QWidget):
    """Above the canvas in points mode: what to click next, and the mode's buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LandmarkBar")
        self.prompt = QLabel()
        self.prompt.setObjectName("LandmarkPrompt")
        self.prompt.setAccessibleName("Next point")
        self.prompt.setWordWrap(True)
        font = QFont(self.prompt.font())
        font.setWeight(QFont.Weight.DemiBold)
        self.prompt.setFont(font)
        self.undo_button = QPushButton("Undo point")
        self.undo_button.setToolTip("Take the last point back (Backspace)")
        self.clear_button = QPushButton("Clear all")
        self.clear_button.setToolTip("Remove every point on both photos; Save then forgets them")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Leave without saving (Esc)")
        self.save_button = QPushButton("Save points")
        self.save_button.setToolTip("Save the points and line the photos up by them (Enter)")
        self.save_button.setDefault(True)
        for button in (self.undo_button, self.clear_button, self.cancel_button):
            button.setAccessibleName(button.text())
        self.save_button.setAccessibleName("Save points")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 4, 0, 4)
        row.addWidget(self.prompt, 1)
        for button in (self.undo_button, self.clear_button, self.cancel_button, self.save_button):
            row.addWidget(button)
        self.hide()


class LandmarkEditor(QObject):
    """The points mode of the compare page."""

    finished = Signal(bool)  # saved (True) or cancelled

    def __init__(
        self,
        canvas: CompareCanvas,
        page: QWidget,
        photo: Callable[[Side], PhotoInfo | None],
        describe: Callable[[int], str],
        show_status: Callable[..., None],
    ) -> None:
        super().__init__(page)
        self.canvas = canvas
        self.overlay = LandmarkOverlay(canvas)
        self.bar = LandmarkBar(page)
        self._photo = photo
        self._describe = describe
        self._show_status = show_status
        self._ids: dict[Side, int] = {}
        self._before: dict[Side, Landmarks] = {}
        self._saving = False
        self.overlay.changed.connect(self._update_bar)
        self.bar.undo_button.clicked.connect(self._undo)
        self.bar.clear_button.clicked.connect(self._clear)
        self.bar.cancel_button.clicked.connect(self.cancel)
        self.bar.save_button.clicked.connect(self.save)
        self._shortcuts = []
        for keys, slot in (
            (("Esc",), self.cancel),
            (("Backspace",), self._undo),
            (("Return", "Enter"), self.save),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), page)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.setEnabled(False)
                shortcut.activated.connect(slot)
                self._shortcuts.append(shortcut)

    @property
    def active(self) -> bool:
        return self.canvas.points_mode

    def start(self) -> None:
        """Enter points mode on the two photos shown (or the one, when there is only one)."""
        if self.active:
            return
        photos = {side: info for side in Side if (info := self._photo(side)) is not None}
        if len({info.id for info in photos.values()}) < len(photos):
            photos.pop(Side.RIGHT)  # the same photo twice: its points once
        if not photos:
            return
        try:
            existing = photo_landmarks.landmarks_of(info.id for info in photos.values())
        except UserError as error:
            self._show_status(str(error))
            return
        self._ids = {side: info.id for side, info in photos.items()}
        self._before = {side: existing[pid] for side, pid in self._ids.items() if pid in existing}
        self.canvas.set_points_mode(True)
        self.overlay.begin(self._ids, self._before)
        self.bar.show()
        for shortcut in self._shortcuts:
            shortcut.setEnabled(True)
        self._update_bar()

    def cancel(self) -> None:
        if self.active and not self._saving:
            self._leave(saved=False)

    def _leave(self, *, saved: bool) -> None:
        self.canvas.set_points_mode(False)
        self.overlay.hide()
        self.bar.hide()
        for shortcut in self._shortcuts:
            shortcut.setEnabled(False)
        self.canvas.setFocus()
        self.finished.emit(saved)

    def _undo(self) -> None:
        self.overlay.undo()
        self.overlay.setFocus()

    def _clear(self) -> None:
        self.overlay.clear()
        self.overlay.setFocus()

    def _update_bar(self) -> None:
        self.bar.prompt.setText(self.overlay.prompt())
        self.bar.undo_button.setEnabled(bool(self.overlay.points))
        self.bar.clear_button.setEnabled(bool(self.overlay.points))

    def save(self) -> None:
        """Each photo's three points (or none) are stored; a half-done photo is refused."""
        if not self.active or self._saving:
            return
        changes: dict[int, Landmarks | None] = {}
        try:
            for side, photo_id in self._ids.items():
                points = self.overlay.landmarks(side)
                if points is not None and points != self._before.get(side):
                    changes[photo_id] = points
                elif points is None and side in self._before:
                    changes[photo_id] = None
        except UserError as error:
            self.overlay.problem = str(error)
            self.overlay._changed()
            return
        if not changes:
            self._leave(saved=False)
            return
        self._saving = True
        self.bar.save_button.setEnabled(False)
        run_task(
            photo_landmarks.save_points,
            changes,
            on_done=self._saved,
            on_error=self._not_saved,
            on_finished=self._save_finished,
            context=self.bar,
            uses_database=True,
        )

    def _saved(self, results: list[LandmarksSaved]) -> None:
        self._saving = False
        self._show_status(self._summary(results))
        self._leave(saved=True)

    def _not_saved(self, error: UserError) -> None:
        self.overlay.problem = f"The points were not saved: {error}"
        self.overlay._changed()

    def _save_finished(self) -> None:
        self._saving = False
        self.bar.save_button.setEnabled(True)

    def _summary(self, results: list[LandmarksSaved]) -> str:
        with_points = {pid for side, pid in self._ids.items() if self.overlay.count(side)}
        saved = [r for r in results if r.photo_id in with_points]
        if not saved:
            return "Points removed: those photos are no longer lined up by hand."
        waiting = next((r for r in saved if not r.aligned and r.reference_id is not None), None)
        if waiting is not None and waiting.reference_id is not None:
            return (
                "Points saved. Set them on the pose's reference photo too "
                f"({self._describe(waiting.reference_id)}) to line photos up by their points."
            )
        realigned = sum(r.realigned for r in results)
        if all(r.photo_id == r.reference_id for r in saved) and not realigned:
            return (
                "Points saved on the pose's reference photo. Set them on other photos of the "
                "pose to line those up with it by hand."
            )
        more = f"; {realigned:,} other photos of the pose follow" if realigned else ""
        return f"Points saved: the photos are lined up by them{more}."
