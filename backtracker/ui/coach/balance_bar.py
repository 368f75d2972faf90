"""Two sides of a balance side by side: the figures written at both ends of a split bar."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from backtracker.ui.theme import theme

_BAR_HEIGHT = 10.0


class BalanceBar(QWidget):
    """ "Vertical pulls 8 ▕████▒▒▒▒▒▒▏ 12 horizontal pulls": the bar splits in proportion."""

    def __init__(self, left: str, right: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.left_name, self.right_name = left, right
        self.left_sets = self.right_sets = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        theme().changed.connect(self.update)
        self._describe()

    def set_sets(self, left: int, right: int) -> None:
        self.left_sets, self.right_sets = left, right
        self._describe()
        self.update()

    @property
    def left_text(self) -> str:
        return f"{self.left_name} {self.left_sets}"

    @property
    def right_text(self) -> str:
        return f"{self.right_sets} {self.right_name.lower()}"

    def _describe(self) -> None:
        text = f"{self.left_name}: {self.left_sets} sets; {self.right_name}: {self.right_sets} sets"
        self.setAccessibleName(f"{self.left_name} against {self.right_name.lower()}")
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    def sizeHint(self) -> QSize:
        metrics = QFontMetricsF(self.font())
        return QSize(300, round(metrics.height() + _BAR_HEIGHT + 8))

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        colors = theme().colors
        metrics = QFontMetricsF(self.font())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(colors.text))
        text_rect = QRectF(0, 0, self.width(), metrics.height())
        flags = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(text_rect, int(flags | Qt.AlignmentFlag.AlignLeft), self.left_text)
        painter.drawText(text_rect, int(flags | Qt.AlignmentFlag.AlignRight), self.right_text)
        bar = QRectF(0.5, metrics.height() + 4, self.width() - 1.0, _BAR_HEIGHT)
        total = self.left_sets + self.right_sets
        outline = QPainterPath()
        outline.addRoundedRect(bar, 3, 3)
        painter.setClipPath(outline)
        if total == 0:
            painter.fillRect(bar, QColor(colors.muscle_idle))
        else:
            split = bar.width() * self.left_sets / total
            left = QRectF(bar.left(), bar.top(), split, bar.height())
            right = QRectF(bar.left() + split, bar.top(), bar.width() - split, bar.height())
            painter.fillRect(left, QColor(colors.accent))
            painter.fillRect(right, QColor(colors.muscle_primary))
            if 0 < split < bar.width():  # a gap between the two sides
                gap = QRectF(bar.left() + split - 1, bar.top(), 2, bar.height())
                painter.fillRect(gap, QColor(colors.window))
        painter.end()
