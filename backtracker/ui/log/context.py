"""What every part of the Log tab shares: events, undo, the rest timer and preferences."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QUndoStack

from backtracker.services.preferences import Preferences
from backtracker.ui.events import DataEvents
from backtracker.ui.widgets.rest_timer import RestTimer


@dataclass
class LogContext:
    events: DataEvents
    undo: QUndoStack
    rest: RestTimer
    show_status: Callable[..., None]  # (message, *, undoable=False)
    prefs: Preferences
