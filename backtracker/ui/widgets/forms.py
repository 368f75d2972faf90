"""Small pieces every form dialog uses: the red problem line and Save/Cancel buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

from backtracker.ui.theme import theme


def problem_label(accessible_name: str) -> QLabel:
    """A hidden, wrapping label in the error colour for "what is wrong and where"."""
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    label.setStyleSheet(f"color: {theme().colors.error}; font-weight: 600;")
    label.hide()
    return label


def save_cancel_buttons(dialog: QDialog, on_save: Callable[[], None]) -> QDialogButtonBox:
    """Save runs `on_save` (which decides whether to accept); Cancel rejects."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    return buttons
