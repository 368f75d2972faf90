"""A line of guidance inside an empty list, so a pane is never just a blank box."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QVBoxLayout


def add_placeholder(view: QAbstractItemView, text: str) -> QLabel:
    """Show `text` centred in `view` while its model has no rows; returns the label.

    The label is a real widget (not painted text), so screen readers announce it.
    """
    label = QLabel(text)
    label.setObjectName("ListPlaceholder")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setEnabled(False)  # the muted text colour, in both themes
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    layout = QVBoxLayout(view.viewport())
    layout.setContentsMargins(12, 12, 12, 12)
    layout.addWidget(label)
    model: QAbstractItemModel = view.model()

    def update() -> None:
        label.setVisible(model.rowCount() == 0)

    for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
        signal.connect(update)
    update()
    return label
