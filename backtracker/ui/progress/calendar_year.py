"""The year heatmap: every day of a year as a square, a column per week (Monday on top).

Painted with QPainter (no matplotlib): a training day is shaded by its work sets or its
volume, weeks that met the weekly goal get a mark under their column, and a legend explains
the shades. The mouse and the keyboard both work: hover or focus a day to read what was done,
click it or press Enter to open it; arrows move a day (up/down) or a week (left/right),
Home/End go to the year's first/last day, Page Up/Down a month. Moving past the year's edge
asks for the year next to it (`year_step_requested`).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QHelpEvent, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from backtracker.domain.dates import MONTHS_SHORT, WEEKDAYS_SHORT
from backtracker.domain.goals import week_start
from backtracker.domain.units import Unit
from backtracker.services.calendar import CalendarSpan
from backtracker.ui.progress.calendar_model import (
    SHADES,
    ColourBy,
    day_text,
    shade_colours,
    shade_limits,
    shade_of,
    shade_ranges,
    week_text,
)
from backtracker.ui.theme import theme

MAX_PITCH = 36  # px from one square to the next
MIN_PITCH = 10
GAP = 3
GOAL_LEGEND = "Week that met your goal"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), kept inside the shorter month."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    first = dt.date(year, month + 1, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return first.replace(day=min(day.day, last.day))


class YearHeatmap(QWidget):
    day_activated = Signal(object)  # dt.date: clicked, or Enter on it
    current_changed = Signal(object)  # dt.date: the day the keyboard is on
    year_step_requested = Signal(object)  # dt.date in the year before or after

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._label_px: int | None = None  # `_label_width`, until the font changes
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAccessibleName("Training days of the year")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        size_policy = self.sizePolicy()
        size_policy.setHeightForWidth(True)
        self.setSizePolicy(size_policy)
        self.year = 2000
        self.span: CalendarSpan | None = None
        self.unit = Unit.KG
        self.today = dt.date(2000, 1, 1)
        self.colour_by = ColourBy.SETS
        self.current = dt.date(2000, 1, 1)
        self._limits: list[float] = []
        self._pressed: dt.date | None = None
        theme().changed.connect(self.update)

    # -- data ------------------------------------------------------------------------------
    def show_year(
        self,
        year: int,
        span: CalendarSpan,
        *,
        unit: Unit | str,
        today: dt.date,
        colour_by: ColourBy,
        current: dt.date | None = None,
    ) -> None:
        self.year, self.span, self.unit, self.today = year, span, Unit(unit), today
        self.colour_by = colour_by
        self._limits = shade_limits(span, colour_by)
        if current is None or current.year != year:
            current = self.current if self.current.year == year else None
        if current is None:
            current = today if today.year == year else dt.date(year, 1, 1)
        self.setAccessibleName(f"Training days of {year}")
        self._set_current(current, force=True)
        self.updateGeometry()
        self.update()

    def set_colour_by(self, colour_by: ColourBy) -> None:
        self.colour_by = colour_by
        if self.span is not None:
            self._limits = shade_limits(self.span, colour_by)
        self.update()

    def shade(self, day: dt.date) -> int:
        """0 (no training) to SHADES, as painted."""
        trained = self.span.days.get(day) if self.span is not None else None
        return shade_of(trained, self.colour_by, self._limits)

    def text_of(self, day: dt.date) -> str:
        trained = self.span.days.get(day) if self.span is not None else None
        return day_text(day, trained, self.unit)

    # -- geometry --------------------------------------------------------------------------
    @property
    def first_monday(self) -> dt.date:
        return week_start(dt.date(self.year, 1, 1))

    @property
    def columns(self) -> int:
        return (week_start(dt.date(self.year, 12, 31)) - self.first_monday).days // 7 + 1

    def _label_width(self) -> int:
        """The weekday labels' column, measured once per font (a paint asks for it for
        each of the year's squares: 25 ms a paint when measured every time)."""
        if self._label_px is None:
            metrics = self.fontMetrics()
            self._label_px = max(metrics.horizontalAdvance(name) for name in WEEKDAYS_SHORT) + 8
        return self._label_px

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._label_px = None  # measured again in the new font
        super().changeEvent(event)

    def _pitch_for(self, width: int) -> int:
        room = width - self._label_width() - 4
        return max(MIN_PITCH, min(MAX_PITCH, room // max(self.columns, 1)))

    def _pitch(self) -> int:
        return self._pitch_for(self.width())

    def _top(self) -> int:
        return self.fontMetrics().height() + 6

    def _grid_origin(self) -> QPoint:
        return QPoint(self._label_width(), self._top())

    def _legend_top(self, pitch: int) -> int:
        return self._top() + 7 * pitch + pitch // 2 + 10

    def heightForWidth(self, width: int) -> int:
        pitch = self._pitch_for(width)
        return self._legend_top(pitch) + max(pitch, self.fontMetrics().height()) + 6

    def hasHeightForWidth(self) -> bool:
        return True

    def sizeHint(self) -> QSize:
        width = self._label_width() + 54 * 18
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        width = self._label_width() + 54 * MIN_PITCH
        return QSize(width, self.heightForWidth(width))

    def cell_rect(self, day: dt.date) -> QRect:
        """Where the day's square is painted (an empty rect for a day of another year)."""
        if day.year != self.year:
            return QRect()
        return self._cell_rect(day, self._pitch(), self._grid_origin(), self.first_monday)

    @staticmethod
    def _cell_rect(day: dt.date, pitch: int, origin: QPoint, first_monday: dt.date) -> QRect:
        """`cell_rect` with the grid's measures worked out once (a paint has 365 days)."""
        column = (day - first_monday).days // 7
        return QRect(
            origin.x() + column * pitch,
            origin.y() + day.weekday() * pitch,
            pitch - GAP,
            pitch - GAP,
        )

    def goal_mark_rect(self, monday: dt.date) -> QRect:
        pitch, origin = self._pitch(), self._grid_origin()
        column = (monday - self.first_monday).days // 7
        return QRect(origin.x() + column * pitch, origin.y() + 7 * pitch + 2, pitch - GAP, 5)

    def day_at(self, point: QPoint) -> dt.date | None:
        pitch, origin = self._pitch(), self._grid_origin()
        x, y = point.x() - origin.x(), point.y() - origin.y()
        if x < 0 or y < 0 or x % pitch >= pitch - GAP or y % pitch >= pitch - GAP:
            return None
        column, row = x // pitch, y // pitch
        if column >= self.columns or row >= 7:
            return None
        day = self.first_monday + dt.timedelta(days=column * 7 + row)
        return day if day.year == self.year else None

    def _week_at(self, point: QPoint) -> dt.date | None:
        for monday in self._goal_weeks():
            if self.goal_mark_rect(monday).adjusted(0, -2, 0, 3).contains(point):
                return monday
        return None

    def _goal_weeks(self) -> list[dt.date]:
        if self.span is None:
            return []
        first = self.first_monday
        return [
            week for week in self.span.goal_weeks if first <= week <= dt.date(self.year, 12, 31)
        ]

    def _legend_rects(self) -> tuple[list[QRect], QRect]:
        """The shade squares (none … most) and the goal mark of the legend."""
        pitch = self._pitch()
        side = min(pitch - GAP, 16)
        metrics = self.fontMetrics()
        top = self._legend_top(pitch)
        x = self._grid_origin().x() + metrics.horizontalAdvance("Less") + 6
        squares = []
        for _ in range(SHADES + 1):
            squares.append(QRect(x, top, side, side))
            x += side + GAP
        x += metrics.horizontalAdvance("More") + 30
        goal = QRect(x, top + side // 2 - 2, max(side, 12), 5)
        return squares, goal

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, _event: object) -> None:
        colors = theme().colors
        shades = shade_colours(colors)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pitch, origin = self._pitch(), self._grid_origin()
        metrics = self.fontMetrics()
        muted = QColor(colors.muted_text)
        painter.setPen(muted)
        for row in (0, 2, 4):  # Mon, Wed, Fri, as calendars often do
            rect = QRect(0, origin.y() + row * pitch, origin.x() - 6, pitch - GAP)
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(rect, align, WEEKDAYS_SHORT[row])
        for month in range(1, 13):
            first = dt.date(self.year, month, 1)
            column = (first - self.first_monday).days // 7
            if first.weekday() != 0 and month != 1:
                column += 1  # label the first whole week of the month
            painter.drawText(
                origin.x() + column * pitch, metrics.ascent() + 2, MONTHS_SHORT[month - 1]
            )
        radius = max(2.0, pitch / 8)
        day, first_monday = dt.date(self.year, 1, 1), self.first_monday
        while day.year == self.year:
            rect = self._cell_rect(day, pitch, origin, first_monday)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(shades[self.shade(day)])
            painter.drawRoundedRect(QRectF(rect), radius, radius)
            if day == self.today:
                painter.setPen(QPen(QColor(colors.text), 1.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(
                    QRectF(rect).adjusted(0.75, 0.75, -0.75, -0.75), radius, radius
                )
            day += dt.timedelta(days=1)
        star = QColor(colors.star)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(star)
        for monday in self._goal_weeks():
            painter.drawRoundedRect(QRectF(self.goal_mark_rect(monday)), 2, 2)
        if self.hasFocus() and self.current.year == self.year:
            painter.setPen(QPen(QColor(colors.text), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(
                QRectF(self.cell_rect(self.current)).adjusted(-2, -2, 2, 2), radius, radius
            )
        self._paint_legend(painter, shades, star, muted)
        if self.span is not None and not self.span.days:
            painter.setPen(QColor(colors.text))
            grid = QRect(origin.x(), origin.y(), self.columns * pitch, 7 * pitch)
            painter.drawText(grid, Qt.AlignmentFlag.AlignCenter, f"No training in {self.year}")
        painter.end()

    def _paint_legend(
        self, painter: QPainter, shades: list[QColor], star: QColor, muted: QColor
    ) -> None:
        squares, goal = self._legend_rects()
        metrics = self.fontMetrics()
        painter.setPen(muted)
        baseline = squares[0].center().y() + metrics.ascent() // 2 - 1
        painter.drawText(
            squares[0].left() - metrics.horizontalAdvance("Less") - 6, baseline, "Less"
        )
        painter.drawText(squares[-1].right() + 6, baseline, "More")
        what = "sets" if self.colour_by is ColourBy.SETS else f"volume ({self.unit.value})"
        painter.drawText(goal.right() + 8, baseline, f"{GOAL_LEGEND}   ·   Shade: {what} per day")
        painter.setPen(Qt.PenStyle.NoPen)
        for rect, colour in zip(squares, shades, strict=True):
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(rect), 2, 2)
        painter.setBrush(star)
        painter.drawRoundedRect(QRectF(goal), 2, 2)

    # -- interaction -----------------------------------------------------------------------
    def _set_current(self, day: dt.date, *, force: bool = False) -> None:
        if day == self.current and not force:
            return
        self.current = day
        self.setAccessibleDescription(self.text_of(day))
        self.current_changed.emit(day)
        self.update()

    def move_to(self, day: dt.date) -> None:
        """Put the keyboard on `day`; a day of another year asks for that year."""
        if day.year != self.year:
            self.year_step_requested.emit(day)
            return
        self._set_current(day)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, day = event.key(), self.current
        steps = {
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Left: -7,
            Qt.Key.Key_Right: 7,
        }
        if key in steps:
            self.move_to(day + dt.timedelta(days=steps[key]))
        elif key == Qt.Key.Key_Home:
            self._set_current(dt.date(self.year, 1, 1))
        elif key == Qt.Key.Key_End:
            self._set_current(dt.date(self.year, 12, 31))
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.move_to(add_months(day, -1 if key == Qt.Key.Key_PageUp else 1))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.day_activated.emit(day)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and day is not None:
            self._pressed = day
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._set_current(day)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position().toPoint())
        pressed, self._pressed = self._pressed, None
        if event.button() == Qt.MouseButton.LeftButton and day is not None and day == pressed:
            self.day_activated.emit(day)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def tooltip_at(self, point: QPoint) -> str:
        """What the tooltip says at `point` ("" where there is nothing to say)."""
        day = self.day_at(point)
        if day is not None:
            return self.text_of(day)
        if self.span is not None:
            week = self._week_at(point)
            if week is not None:
                return week_text(self.span, week)
            squares, goal = self._legend_rects()
            ranges = shade_ranges(self._limits, self.colour_by, self.unit)
            for level, rect in enumerate(squares):
                if rect.contains(point):
                    return "No training" if level == 0 else ranges[level - 1]
            if goal.adjusted(0, -4, 0, 4).contains(point):
                goal_rule = self.span.goal
                return f"{GOAL_LEGEND}: at least {goal_rule.minimum} sessions ({goal_rule.label})"
        return ""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()
