"""Undoable actions for the Edit menu's shared undo stack."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QUndoCommand, QUndoStack

from backtracker.domain.errors import UserError


@dataclass(frozen=True)
class UndoPlace:
    """Where a part of the window puts its undo steps, and says what it did: the main
    window's shared stack (Edit ▸ Undo, Ctrl+Z) and its status bar."""

    stack: QUndoStack
    show_status: Callable[..., None]  # (message, *, undoable=False)


class CallbackCommand(QUndoCommand):
    """An undo step made of two functions.

    `already_done` marks an action that was carried out before it was pushed (a dialog saved
    it), so the push itself does not run it twice. A step that can no longer be applied
    (say, the exercise was since used in a workout) reports why and leaves the data as is.
    """

    def __init__(
        self,
        text: str,
        do: Callable[[], None],
        undo: Callable[[], None],
        on_error: Callable[[UserError], None],
        *,
        already_done: bool = False,
    ) -> None:
        super().__init__(text)
        self._do = do
        self._undo = undo
        self._on_error = on_error
        self._skip_next_redo = already_done

    def redo(self) -> None:
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self._run(self._do)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, action: Callable[[], None]) -> None:
        try:
            action()
        except UserError as error:
            self.setObsolete(True)
            self._on_error(error)
