"""Past workouts as a list model, and the panel that shows them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.dates import format_day, format_duration, whole_minutes
from backtracker.domain.log import WorkoutSummary
from backtracker.domain.units import Unit, format_number, from_kg
from backtracker.services import live_records, logbook
from backtracker.storage.live_records import Stamp
from backtracker.storage.workouts import HISTORY_PAGE
from backtracker.ui.icons import icon
from backtracker.ui.log.context import LogContext
from backtracker.ui.log.list_placeholder import add_placeholder
from backtracker.ui.tasks import run_task
from backtracker.ui.undo import CallbackCommand

_NO_PARENT = QModelIndex()
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
READ_AHEAD_WORKOUTS = 100  # the newest workouts listed whose record bests are read ahead
# A reload reads this many rows at once (more than a tall window shows), and the rest of the
# first page as many at a time, a turn each: on ten years of training a page of 100 is
# 11-25 ms of SQL (the first read of those pages in the process the most), 25 rows 3-8 ms.
FIRST_ROWS = 25
# The workouts (rows of three lines) History keeps in sight however short the window: the
# side column scrolls before it shows fewer. It showed one and a third at the first start on
# a 1280×800 screen.
MIN_ROWS_IN_SIGHT = 2


def format_volume(kg: float, unit: Unit) -> str:
    """Session volume: tonnes past a thousand kg (3.2 t), plain pounds for lb users."""
    if unit is Unit.KG:
        return f"{format_number(kg / 1000, 1)} t" if kg >= 1000 else f"{format_number(kg, 0)} kg"
    return f"{format_number(from_kg(kg, unit), 0)} lb"


def describe(summary: WorkoutSummary, unit: Unit) -> str:
    first = format_day(summary.started_at)
    duration = summary.duration
    if duration is not None and whole_minutes(duration) > 0:
        first += f" · {format_duration(duration)}"
    exercises = f"{summary.exercise_count} exercise" + ("" if summary.exercise_count == 1 else "s")
    sets = f"{summary.set_count} set" + ("" if summary.set_count == 1 else "s")
    name = f"{summary.name}\n" if summary.name else ""
    return f"{first}\n{name}{exercises} · {sets} · {format_volume(summary.volume_kg, unit)}"


# (the (started_at, id) of the last row listed, or None for the newest; how many rows)
PageLoader = Callable[[tuple[dt.datetime, int] | None, int], list[WorkoutSummary]]


def _load_history(after: tuple[dt.datetime, int] | None, limit: int) -> list[WorkoutSummary]:
    return logbook.history(after=after, limit=limit)


class HistoryModel(QAbstractListModel):
    """Every finished workout, newest first, read a page at a time as the list scrolls.

    Pages continue below the last row shown by its (started_at, id), so page 30 costs what
    page 1 does and a ten-year log opens as fast as a new one. The view asks for more with
    `canFetchMore`/`fetchMore` when it is scrolled to the end; a fetch fills the list up to
    the next whole page (a reload may have read fewer rows: `reload(unit, rows)`).
    """

    def __init__(
        self,
        parent: QObject | None = None,
        load_page: PageLoader | None = None,
        page_rows: int = HISTORY_PAGE,
    ) -> None:
        super().__init__(parent)
        self._load_page: PageLoader = load_page or _load_history
        self.page_rows = page_rows
        self._rows: list[WorkoutSummary] = []
        self._exhausted = True
        self._fetching = False  # a view may ask again while a page is being inserted
        self.unit = Unit.KG

    def reload(self, unit: Unit, rows: int | None = None) -> None:
        """Start again from the newest workout: one reset that brings the first `rows`
        (a page unless told).

        No more is fetched while the reset is announced (whoever hears it asks afterwards).
        """
        self._fetching = True
        try:
            self.beginResetModel()
            limit = rows or self.page_rows
            self._rows = self._load_page(None, limit)
            self._exhausted = len(self._rows) < limit  # fewer than asked: there are no more
            self.unit = unit
            self.endResetModel()
        finally:
            self._fetching = False

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> bool:
        return not parent.isValid() and not self._exhausted and not self._fetching

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> None:
        if self.canFetchMore(parent):
            self.fetch_rows(self.page_rows - len(self._rows) % self.page_rows)  # a whole page

    def first_page_short(self) -> bool:
        """Fewer rows listed than a page, and more to read."""
        return self.canFetchMore() and len(self._rows) < self.page_rows

    def fetch_rows(self, limit: int) -> None:
        """Read up to `limit` more rows below those listed (none when all are)."""
        if not self.canFetchMore():
            return
        self._fetching = True
        try:
            last = self._rows[-1] if self._rows else None
            page = self._load_page(None if last is None else (last.started_at, last.id), limit)
            self._exhausted = len(page) < limit
            if not page:
                return
            first = len(self._rows)
            self.beginInsertRows(_NO_PARENT, first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        finally:
            self._fetching = False

    def workout_ids(self, limit: int) -> list[int]:
        """The ids of the first `limit` workouts listed."""
        return [summary.id for summary in self._rows[:limit]]

    def row_of(self, workout_id: int) -> int:
        """The row of a workout among those loaded, or -1."""
        return next((row for row, s in enumerate(self._rows) if s.id == workout_id), -1)

    def row_for(self, summary: WorkoutSummary) -> int:
        """The row of a workout that was shown, reading pages down to where it was; if it
        is gone (deleted), the row now in its place. A workout far back stays selected
        after a change, and a delete never reads the whole log."""
        where = (summary.started_at, summary.id)
        while self.canFetchMore() and (self._rows[-1].started_at, self._rows[-1].id) > where:
            self.fetchMore()
        row = self.row_of(summary.id)
        if row >= 0:
            return row
        below = (i for i, s in enumerate(self._rows) if (s.started_at, s.id) < where)
        return next(below, len(self._rows) - 1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return describe(summary, self.unit)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return describe(summary, self.unit).replace("\n", ", ")
        if role == SUMMARY_ROLE:
            return summary
        return None


class SummaryDelegate(QStyledItemDelegate):
    """Measures a row of two lines and one of three once, not every row on every page: a
    list of thousands of workouts stays quick to lay out as pages arrive."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sizes: dict[tuple[int, str], QSize] = {}

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        summary = index.data(SUMMARY_ROLE)
        if summary is None:
            return super().sizeHint(option, index)
        key = (3 if summary.name else 2, option.font.key())
        size = self._sizes.get(key)
        if size is None:
            size = self._sizes[key] = super().sizeHint(option, index)
        return QSize(size)


class HistoryPanel(QWidget):
    """The finished workouts, newest first; Enter or Open edits one.

    A reload reads the rows in sight at once and the rest of the first page on a later
    event-loop turn (`later`: by default the next one), then the record bests read ahead.
    A change announced for data it shows already (an import announces the workouts and then
    the bodyweights, a turn apart; the volume depends on both) reads nothing again.
    """

    open_requested = Signal(int)

    def __init__(
        self,
        context: LogContext,
        parent: QWidget | None = None,
        *,
        later: Callable[[Callable[[], None]], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._later = later or (lambda work: QTimer.singleShot(0, self, work))
        # What the rows were read from: the data (its stamp, taken before the read) and unit.
        self._shown: tuple[Stamp, Unit] | None = None
        self._rest_pending = False  # the rest of the first page is still to be read
        self.model = HistoryModel(self)
        self.list = QListView()
        self.list.setAccessibleName("Workout history")
        self.list.setModel(self.model)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setItemDelegate(SummaryDelegate(self.list))
        self.list.setMinimumHeight(self._min_list_height())
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.activated.connect(self._open_index)
        self.empty = add_placeholder(
            self.list,
            "No workouts yet.\n\nEvery workout you finish shows up here, so you can look "
            "back or fix a set.",
        )
        self.open_button = QPushButton(icon("edit"), "Open")
        self.open_button.setToolTip("Open the workout to edit it (Enter)")
        self.open_button.clicked.connect(lambda: self._open_index(self.list.currentIndex()))
        self.delete_button = QPushButton(icon("trash"), "Delete")
        self.delete_button.setToolTip("Delete the workout (undo with Ctrl+Z)")
        self.delete_button.clicked.connect(self.delete_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        title = QLabel("<b>History</b>")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        context.events.workouts_changed.connect(self.reload)
        context.events.bodyweight_changed.connect(self.reload)
        context.events.preferences_changed.connect(self.reload)
        self._reading_ahead = False
        self.reload()

    def _min_list_height(self) -> int:
        """`MIN_ROWS_IN_SIGHT` rows of three lines, each with its margins and spacing."""
        row = 3 * self.list.fontMetrics().lineSpacing() + 2 + 2 * self.list.spacing()
        return MIN_ROWS_IN_SIGHT * row + 2 * self.list.frameWidth()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._rest_pending:  # else once the rest of the page is in
            self.read_ahead()

    def read_ahead(self, *, again: bool = True) -> None:
        """Read the record bests of the listed workouts' exercises in the background
        (services/live_records.py), so opening one of them does not wait for a pass over
        each exercise's sets; its stars are the same either way. Only while the list shows:
        the data may change before it is looked at."""
        if self._reading_ahead or not self.isVisible():
            return
        missing = live_records.missing_for(self.model.workout_ids(READ_AHEAD_WORKOUTS))
        if not missing:
            return
        self._reading_ahead = True
        stamp = live_records.read_ahead_stamp()
        kept: list[bool] = []

        def done(found: live_records.ReadAhead) -> None:
            kept.append(live_records.remember(stamp, found))

        def finished() -> None:
            self._reading_ahead = False
            if again and not any(kept):  # the data changed meanwhile: once more, on it
                self.read_ahead(again=False)

        run_task(
            live_records.read_ahead,
            missing,
            on_done=done,
            on_finished=finished,
            context=self,
            uses_database=True,
        )

    def reload(self) -> None:
        """Read the list again from the newest workout, keeping the one selected."""
        unit = Unit(self.context.prefs.unit)
        stamp = Stamp()  # before the read: a write meanwhile makes the next change count
        shown = self._shown
        if shown is not None and shown[1] is unit and stamp.same_as(shown[0]):
            return  # the same data in the same unit: the rows are the ones listed
        self._shown = (stamp, unit)
        index = self.list.currentIndex()
        current: WorkoutSummary | None = index.data(SUMMARY_ROLE) if index.isValid() else None
        self.model.reload(unit, rows=FIRST_ROWS)
        has_rows = self.model.rowCount() > 0
        for button in (self.open_button, self.delete_button):
            button.setEnabled(has_rows)
        if has_rows:
            row = self.model.row_for(current) if current is not None else 0
            self.list.setCurrentIndex(self.model.index(row))
        if self.model.first_page_short():
            if not self._rest_pending:
                self._rest_pending = True
                self._later(self._read_rest_of_page)
        else:
            self.read_ahead()

    def _read_rest_of_page(self) -> None:
        """The rows of the first page below those read so far, `FIRST_ROWS` of them a turn;
        on the turn after the last, the record bests read ahead for them all (after a
        change, the ones read before are let go first: about 10 ms for ten years of
        training)."""
        model = self.model
        if model.first_page_short():
            model.fetch_rows(min(FIRST_ROWS, model.page_rows - model.rowCount()))
            if model.first_page_short():
                self._later(self._read_rest_of_page)  # the next rows, a turn later
                return
        self._rest_pending = False
        self._later(self.read_ahead)

    def current_id(self) -> int | None:
        index = self.list.currentIndex()
        return index.data(SUMMARY_ROLE).id if index.isValid() else None

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(index.data(SUMMARY_ROLE).id)

    def delete_current(self) -> None:
        workout_id = self.current_id()
        if workout_id is None:
            return
        self.context.undo.push(delete_workout_command(workout_id, self.context))
        self.context.show_status("Workout deleted.", undoable=True)


def delete_workout_command(
    workout_id: int, context: LogContext, *, already_deleted: logbook.DeletedWorkout | None = None
) -> CallbackCommand:
    """An undoable delete: the snapshot restores the workout with every set and id."""
    state: dict[str, logbook.DeletedWorkout | None] = {"deleted": already_deleted}

    def redo() -> None:
        state["deleted"] = logbook.delete_workout(workout_id)
        context.events.workouts_changed.emit()

    def undo() -> None:
        deleted = state["deleted"]
        if deleted is not None:
            logbook.restore_workout(deleted)
        context.events.workouts_changed.emit()

    return CallbackCommand(
        "Delete workout",
        redo,
        undo,
        lambda error: context.show_status(str(error)),
        already_done=already_deleted is not None,
    )
