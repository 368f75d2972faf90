"""A tab page that builds its real content the first time it is shown (fast start-up)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyTab(QWidget):
    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self._content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def content(self) -> QWidget:
        """The real page, built now if it was not yet."""
        if self._content is None:
            self._content = self._build()
            self._layout.addWidget(self._content)
            if self.isVisible():  # now, not on the next turn of the event loop: focus can land
                self._content.show()
        return self._content

    @property
    def built(self) -> bool:
        return self._content is not None

    def showEvent(self, event: QShowEvent) -> None:
        self.content()
        super().showEvent(event)
