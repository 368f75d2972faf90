"""The month view: the month's weeks as rows of days, each listing its workouts.

A real table view over `MonthModel`: arrows move between days (into the weeks before and
after the month too), a click or Enter opens the day's workout. Days of the months around
are dimmed, today is framed, and weeks that met the goal say so in the row header.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from backtracker.ui.progress.calendar_model import (
    DAY_ROLE,
    IN_MONTH_ROLE,
    WORKOUTS_ROLE,
    MonthModel,
    workout_figures,
    workout_title,
)
from backtracker.ui.theme import theme


class DayDelegate(QStyledItemDelegate):
    """Paints a day: its number, then a line per workout with its sets and volume."""

    def __init__(self, model: MonthModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        colors = theme().colors
        day: dt.date = index.data(DAY_ROLE)
        in_month: bool = index.data(IN_MONTH_ROLE)
        workouts = index.data(WORKOUTS_ROLE) or ()
        rect: QRect = option.rect.adjusted(2, 2, -2, -2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        background = QColor(colors.base if in_month else colors.window)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 4, 4)
        if workouts:
            stripe = QColor(colors.accent)
            painter.setBrush(stripe)
            painter.drawRoundedRect(QRect(rect.left(), rect.top(), 4, rect.height()), 2, 2)
        if day == self.model.today:
            painter.setPen(QPen(QColor(colors.accent), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 4, 4)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(QPen(QColor(colors.text), 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(3, 3, -3, -3), 4, 4)
        text_colour = QColor(colors.text if in_month else colors.muted_text)
        muted = QColor(colors.muted_text)
        inner = rect.adjusted(10, 4, -6, -4)
        font = QFont(option.font)
        bold = QFont(font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(QColor(colors.accent) if day == self.model.today else text_colour)
        line = option.fontMetrics.height()
        number = str(day.day) + ("  Today" if day == self.model.today else "")
        painter.drawText(inner.left(), inner.top() + option.fontMetrics.ascent(), number)
        y = inner.top() + line + 2
        elide = Qt.TextElideMode.ElideRight
        for workout in workouts:
            if y + line > inner.bottom():
                break
            painter.setFont(font)
            painter.setPen(text_colour)
            title = option.fontMetrics.elidedText(workout_title(workout), elide, inner.width())
            painter.drawText(inner.left(), y + option.fontMetrics.ascent(), title)
            y += line
            if y + line > inner.bottom() + 2:
                break
            painter.setPen(muted)
            figures = workout_figures(workout, self.model.unit)
            painter.drawText(
                inner.left(),
                y + option.fontMetrics.ascent(),
                option.fontMetrics.elidedText(figures, elide, inner.width()),
            )
            y += line + 2
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(120, option.fontMetrics.height() * 5 + 12)


class MonthView(QTableView):
    """Days as cells; `day_activated` on a click or Enter (Space too)."""

    day_activated = Signal(object)  # dt.date
    month_step_requested = Signal(object)  # dt.date: an arrow led off the weeks shown

    def __init__(self, model: MonthModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(DayDelegate(model, self))
        self.setAccessibleName("Month")
        self.setTabKeyNavigation(False)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setMinimumSectionSize(option_height(self))
        self.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clicked.connect(self._clicked)

    def _clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.day_activated.emit(index.data(DAY_ROLE))

    def current_day(self) -> dt.date | None:
        index = self.currentIndex()
        return index.data(DAY_ROLE) if index.isValid() else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            day = self.current_day()
            if day is not None:
                self.day_activated.emit(day)
                event.accept()
                return
        steps = {Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7, Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}
        day = self.current_day()
        if event.key() in steps and day is not None:
            target = day + dt.timedelta(days=steps[event.key()])
            model = self.model()
            index = model.index_of(target) if isinstance(model, MonthModel) else QModelIndex()
            if index.isValid():  # Left on a Monday goes on to the Sunday before
                self.setCurrentIndex(index)
            else:
                self.month_step_requested.emit(target)  # the month before or after
            event.accept()
            return
        super().keyPressEvent(event)


def option_height(view: QWidget) -> int:
    """The least height of a week's row: the day and two workouts' lines."""
    return view.fontMetrics().height() * 5 + 12
