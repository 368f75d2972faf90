"""The gallery's item models: photos newest first with a header row per month, and a pose
filter that also hides the months left empty."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from backtracker.domain.dates import format_date, format_long_month, format_time
from backtracker.domain.photos import PhotoInfo, Pose

PhotoRole = Qt.ItemDataRole.UserRole + 1  # the row's PhotoInfo; None on a month header
IsHeaderRole = Qt.ItemDataRole.UserRole + 2
PhotoCountRole = Qt.ItemDataRole.UserRole + 3  # on a header: photos shown in that month

Month = tuple[int, int]
_NO_PARENT = QModelIndex()
AnyIndex = QModelIndex | QPersistentModelIndex


def pose_label(pose: str) -> str:
    try:
        return Pose(pose).label
    except ValueError:
        return pose.capitalize()


def day_text(moment: dt.datetime | dt.date) -> str:
    """3 Jan 2026, as the rest of the app writes days."""
    return format_date(moment)


def month_text(month: Month) -> str:
    """November 2026."""
    return format_long_month(dt.date(month[0], month[1], 1))


def count_text(count: int) -> str:
    """1,204 photos."""
    return f"{count:,} photo" + ("" if count == 1 else "s")


def _month(info: PhotoInfo) -> Month:
    return (info.taken_at.year, info.taken_at.month)


class GalleryModel(QAbstractListModel):
    """Every photo, newest first, each month opened by a header row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PhotoInfo | Month] = []
        self._row_of: dict[int, int] = {}
        self._month_poses: dict[Month, Counter[str]] = {}
        self._count_pose: str | None = None

    # -- filling ---------------------------------------------------------------------------
    def set_photos(self, oldest_first: list[PhotoInfo]) -> None:
        """Show these photos. Edits that keep every row in place are signalled as data
        changes, so the view keeps its scroll position and selection."""
        rows: list[PhotoInfo | Month] = []
        month_poses: dict[Month, Counter[str]] = {}
        for info in reversed(oldest_first):
            month = _month(info)
            if month not in month_poses:
                month_poses[month] = Counter()
                rows.append(month)
            month_poses[month][info.pose] += 1
            rows.append(info)
        if self._same_shape(rows):
            changed = [row for row, new in enumerate(rows) if new != self._rows[row]]
            self._rows = rows
            for row in changed:
                index = self.index(row)
                self.dataChanged.emit(index, index)
            return
        self.beginResetModel()
        self._rows = rows
        self._month_poses = month_poses
        self._row_of = {
            entry.id: row for row, entry in enumerate(rows) if isinstance(entry, PhotoInfo)
        }
        self.endResetModel()

    def _same_shape(self, rows: list[PhotoInfo | Month]) -> bool:
        """Same photos in the same places with the same poses (so headers and filters hold)."""
        if len(rows) != len(self._rows):
            return False
        for new, old in zip(rows, self._rows, strict=True):
            if isinstance(new, PhotoInfo) != isinstance(old, PhotoInfo):
                return False
            if isinstance(new, PhotoInfo):
                assert isinstance(old, PhotoInfo)
                if new.id != old.id or new.pose != old.pose or _month(new) != _month(old):
                    return False
            elif new != old:
                return False
        return True

    # -- reading ---------------------------------------------------------------------------
    def photo_at(self, row: int) -> PhotoInfo | None:
        entry = self._rows[row]
        return entry if isinstance(entry, PhotoInfo) else None

    def month_at(self, row: int) -> Month:
        entry = self._rows[row]
        return _month(entry) if isinstance(entry, PhotoInfo) else entry

    def month_poses(self, month: Month) -> Counter[str]:
        return self._month_poses.get(month, Counter())

    def row_of(self, photo_id: int) -> int | None:
        return self._row_of.get(photo_id)

    def photos(self) -> list[PhotoInfo]:
        """Newest first."""
        return [entry for entry in self._rows if isinstance(entry, PhotoInfo)]

    def set_count_pose(self, pose: str | None) -> None:
        """Which photos a month header counts: all, or those of the pose the filter shows."""
        self._count_pose = pose

    # -- Qt --------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self._rows[index.row()], PhotoInfo):
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.NoItemFlags  # headers: never current, selected or navigated to

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role == IsHeaderRole:  # first: the delegate asks this for every row's size
            return not isinstance(entry, PhotoInfo)
        if isinstance(entry, PhotoInfo):
            return self._photo_data(entry, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return month_text(entry)
        if role == PhotoCountRole:
            poses = self._month_poses[entry]
            return sum(poses.values()) if self._count_pose is None else poses[self._count_pose]
        return None

    def _photo_data(self, info: PhotoInfo, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return day_text(info.taken_at)
        if role == PhotoRole:
            return info
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            when = f"{day_text(info.taken_at)}, {format_time(info.taken_at)}"
            text = f"{when} · {pose_label(info.pose)}"
            return f"{text}\n{info.notes}" if info.notes else text
        return None


class PoseFilterModel(QSortFilterProxyModel):
    """Shows one pose (or all), and only the month headers that still have photos."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pose: str | None = None
        self.setDynamicSortFilter(False)  # the source resets whenever a pose changes

    @property
    def pose(self) -> str | None:
        return self._pose

    def set_pose(self, pose: str | None) -> None:
        if pose != self._pose:
            self.beginFilterChange()
            self._pose = pose
            self.gallery().set_count_pose(pose)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def gallery(self) -> GalleryModel:
        source = self.sourceModel()
        assert isinstance(source, GalleryModel)
        return source

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        del source_parent  # a flat list
        if self._pose is None:
            return True
        info = self.gallery().photo_at(source_row)
        if info is None:
            return self.gallery().month_poses(self.gallery().month_at(source_row))[self._pose] > 0
        return info.pose == self._pose

    def photo_count(self) -> int:
        gallery = self.gallery()
        if self._pose is None:
            return len(gallery.photos())
        return sum(1 for info in gallery.photos() if info.pose == self._pose)

    def photos(self) -> list[PhotoInfo]:
        """The photos shown, newest first."""
        return [
            info
            for info in self.gallery().photos()
            if self._pose is None or info.pose == self._pose
        ]

    def index_of(self, photo_id: int) -> QModelIndex:
        row = self.gallery().row_of(photo_id)
        if row is None:
            return QModelIndex()
        return self.mapFromSource(self.gallery().index(row))
