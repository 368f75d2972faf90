"""What compare mode picks from and what it says: the photo choices and the change line."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from backtracker.domain.dates import format_time
from backtracker.domain.photos import PhotoInfo
from backtracker.domain.units import format_weight
from backtracker.services import photos
from backtracker.services.preferences import Preferences
from backtracker.ui.photos.model import day_text

_NO_PARENT = QModelIndex()


class PhotoChoices(QAbstractListModel):
    """The photos of one pose by date, oldest first; both photo pickers share it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._photos: list[PhotoInfo] = []
        self._labels: list[str] = []

    def set_photos(self, oldest_first: list[PhotoInfo]) -> None:
        self.beginResetModel()
        self._photos = list(oldest_first)
        per_day = Counter(info.taken_at.date() for info in oldest_first)
        self._labels = [
            day_text(info.taken_at)
            + (f", {format_time(info.taken_at)}" if per_day[info.taken_at.date()] > 1 else "")
            for info in oldest_first
        ]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._photos)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._photos):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._labels[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return self._photos[index.row()].id
        return None


def days_apart(first: PhotoInfo, last: PhotoInfo) -> str:
    days = abs((last.taken_at.date() - first.taken_at.date()).days)
    if days == 0:
        return "Same day"
    return f"{days:,} day{'' if days == 1 else 's'} apart"


def change_summary(left: PhotoInfo, right: PhotoInfo, prefs: Preferences) -> str:
    """127 days apart · Dumbbell Row e1RM 32.5 → 38.4 kg (+18 %) · bodyweight 81.2 → 78.4 kg"""
    first, last = sorted((left, right), key=lambda info: info.taken_at)
    parts = [days_apart(first, last)]
    parts += photos.strength_change(
        first.taken_at.date(), last.taken_at.date(), formula=prefs.formula, unit=prefs.unit
    )
    before = photos.bodyweight_on(first.taken_at.date())
    after = photos.bodyweight_on(last.taken_at.date())
    if before is not None and after is not None:
        start = format_weight(before, prefs.unit, with_unit=False)
        parts.append(f"bodyweight {start} → {format_weight(after, prefs.unit)}")
    return " · ".join(parts)
