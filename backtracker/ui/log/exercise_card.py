"""One exercise in the running workout: last time, the coaching hint, and its sets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
)

from backtracker.domain.dates import format_day_month
from backtracker.domain.errors import UserError
from backtracker.domain.log import WorkoutExerciseInfo
from backtracker.domain.progression import Step
from backtracker.domain.units import Unit
from backtracker.services import logbook
from backtracker.ui import dialogs
from backtracker.ui.icons import icon
from backtracker.ui.log.context import LogContext
from backtracker.ui.log.goal_hint import GoalHint
from backtracker.ui.log.lower_back_hint import LowerBackHint
from backtracker.ui.log.pinned_note import pinned_note_for
from backtracker.ui.log.plate_hint import PlateHint
from backtracker.ui.log.record_stars import RecordStars
from backtracker.ui.log.set_model import SetTableModel
from backtracker.ui.log.set_table import SetTableView
from backtracker.ui.log.warmup import WarmupRamp
from backtracker.ui.theme import theme
from backtracker.ui.undo import CallbackCommand
from backtracker.ui.widgets.elided_label import ElidedLabel

ADD_SET_KEY = "Ins"  # the explicit key for one more set (Enter moves on to the next set)


class ExerciseCard(QFrame):
    remove_requested = Signal(int)  # workout_exercise id
    move_requested = Signal(int, int)  # id, offset
    set_logged = Signal()
    scroll_to = Signal(object)  # this card, about to take the typing: show it

    def __init__(
        self,
        link: WorkoutExerciseInfo,
        context: LogContext,
        *,
        workout_id: int,
        started_at: dt.datetime,
        live: bool,
        start: logbook.CardStart | None = None,
    ) -> None:
        """`start`: what the card shows at first, read for the whole workout at once
        (`logbook.card_starts`); without it the card reads its own."""
        super().__init__()
        self.link = link
        self.workout_id = workout_id
        self.started_at = started_at
        self.context = context
        self.live = live
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("ExerciseCard")

        self.title = QLabel(link.exercise_name)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        # Eight different sets and a date are 750 px of text: shortened in the middle when
        # the card is narrower, so it never makes the workout wider than the window.
        self.last_time = ElidedLabel()
        self.last_time.setEnabled(False)
        self.last_time.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        self._error_timer = QTimer(self)
        self._error_timer.setSingleShot(True)
        self._error_timer.setInterval(8000)
        self._error_timer.timeout.connect(self.error.hide)

        self.menu_button = QToolButton()
        self.menu_button.setText("⋯")
        self.menu_button.setAccessibleName(f"More for {link.exercise_name}")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.menu_button)
        menu.addAction("Move up", lambda: self.move_requested.emit(link.id, -1))
        menu.addAction("Move down", lambda: self.move_requested.emit(link.id, 1))
        menu.addSeparator()
        menu.addAction(
            icon("trash"), "Remove from workout", lambda: self.remove_requested.emit(link.id)
        )
        self.menu_button.setMenu(menu)

        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.last_time, 1)  # all the room beside the name, right-aligned
        header.addWidget(self.menu_button)

        self.model = SetTableModel(link, Unit(context.prefs.unit), self)
        self.model.problem.connect(self.show_problem)
        self.model.confirm_reps = self._confirm_reps
        self.model.logged_set_changed.connect(self._logged_set_changed)
        # Where Enter goes after this exercise's last open set: the workout editor points
        # it at the next exercise with an open set; False means there is none.
        self.go_past_last: Callable[[ExerciseCard], bool] = lambda card: False
        # A superset (ui/log/supersets.py): the exercise that takes the round on after a
        # set, and the rest after a set (None: the round goes on, the rest comes after it).
        self.round_next: Callable[[ExerciseCard], ExerciseCard | None] = lambda card: None
        self.round_rest: Callable[[ExerciseCard], int | None] = lambda card: card.rest_seconds()
        self._completing = False
        self.table = SetTableView()
        self.table.setAccessibleName(f"Sets of {link.exercise_name}")
        self.table.set_model(self.model)
        self.table.row_entered.connect(self.log_row)
        self.table.delete_requested.connect(self.delete_row)
        self.model.dataChanged.connect(self._maybe_logged_by_tick)

        self.add_set_button = QToolButton()
        self.add_set_button.setIcon(icon("plus"))
        self.add_set_button.setText("Set")
        self.add_set_button.setToolButtonStyle(
            self.add_set_button.toolButtonStyle().ToolButtonTextBesideIcon
        )
        self.add_set_button.setToolTip(f"Add a set ({ADD_SET_KEY})")
        self.add_set_button.setAccessibleName(f"Add a set to {link.exercise_name}")
        self.add_set_button.clicked.connect(self.add_set)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(header)
        # The exercise's sticky note
        self.pinned_note = pinned_note_for(self, start.pinned_note if start else None)
        layout.addWidget(self.pinned_note)
        layout.addWidget(self.hint)
        self.goal = GoalHint(self, start.goal if start else None)  # the goal, its forecast
        layout.addWidget(self.goal)
        # A lighter-on-the-back swap, when it hurts
        self.lower_back = LowerBackHint(self, (start.offer, start.lighter) if start else None)
        layout.addWidget(self.lower_back)
        layout.addWidget(self.table)
        self.plates = PlateHint(self)  # plates per side while a weight is typed; F4
        layout.addWidget(self.plates.label)
        self.warmups = WarmupRamp(self)  # Ctrl+Shift+W: the warm-up ramp
        layout.addWidget(self.error)
        layout.addWidget(self.add_set_button)
        self._completed = {
            self.model.set_at(r).id
            for r in range(self.model.rowCount())
            if self.model.set_at(r).completed
        }
        self.refresh_coaching(start.coaching if start else None)
        self.record_stars = RecordStars(self)  # a star on each set that beat a record

    def refresh_coaching(self, advice: logbook.Coaching | None = None) -> None:
        """Last time and the coaching hint (`advice` when already read)."""
        advice = advice or logbook.coaching(
            self.link.exercise_id,
            before=self.started_at,
            rep_range=logbook.rep_range_of(self.link.rep_min, self.link.rep_max),
            prefs=self.context.prefs,
            rest_s=self.link.rest_s,
            workout_id=self.workout_id,
        )
        if advice.last_time:
            when = format_day_month(advice.last_date) if advice.last_date else ""
            self.last_time.setText(f"last time {advice.last_time}" + (f" · {when}" if when else ""))
        else:
            self.last_time.setText("first time")
        arrow = (
            "↑ "
            if advice.suggestion.step in (Step.ADD_WEIGHT, Step.ADD_REPS, Step.HOLD_LONGER)
            else ""
        )
        target = ""
        if self.link.rep_min and self.link.rep_max:
            target = f" Target {self.link.rep_min}–{self.link.rep_max} reps."
        self.hint.setText(f"{arrow}{advice.suggestion.message}{target}")
        self.hint.setStyleSheet(f"color: {theme().colors.accent};")

    def show_problem(self, message: str) -> None:
        self.error.setText(message)
        self.error.setStyleSheet(f"color: {theme().colors.error}; font-weight: 600;")
        self.error.show()
        self._error_timer.start()

    def rest_seconds(self) -> int:
        if self.link.rest_s is not None:
            return self.link.rest_s
        return self.context.prefs.rest_for(self.link.load_profile)

    # -- logging a set ------------------------------------------------------------------
    def log_row(self, row: int) -> None:
        """Enter in the last field: save the set as done, rest, and line up the next one."""
        if self.model.set_at(row).completed:
            self._go_to_next(row)
            return
        result = self._complete_row(row)
        if result is not None:
            self._push_undo(*result)

    def _complete_row(
        self, row: int
    ) -> tuple[int, list[int], tuple[int, dict[str, Any]] | None] | None:
        """Tick the set (saved at once) and go on to the next open set.

        The next open set of this exercise is pre-filled from this one; after the last, the
        first open set of another exercise comes next, then a set of this one skipped above;
        only when the workout has no open set left is a pre-filled set added here. Returns
        the set's id, the id of a set added after it and (id, values before) of a set
        pre-filled from it, for undo.
        """
        self._completing = True  # logged here, not by a tick with the mouse
        try:
            done = self.model.complete(row)
        except UserError as error:
            self.show_problem(str(error))
            self.table.edit_cell(row, self.model.entry_columns()[0])
            return None
        finally:
            self._completing = False
        self._completed.add(done.id)
        self.error.hide()
        appended: list[int] = []
        carried: tuple[int, dict[str, Any]] | None = None
        self._after_logged(done.id)
        target = self.model.first_open_row(row)
        next_in_round = self.round_next(self)
        if next_in_round is not None:  # a superset: the next exercise of the round
            if target is not None:
                before = self.model.carry_forward(done, target)
                carried = None if before is None else (self.model.set_at(target).id, before)
            next_in_round.focus_first_open_set()
            return done.id, appended, carried
        if target is None and self.go_past_last(self):
            return done.id, appended, carried  # on to the next exercise
        if target is None:
            target = self.model.first_open_row()  # a set of this exercise skipped above
        if target is not None:
            before = self.model.carry_forward(done, target)
            if before is not None:
                carried = (self.model.set_at(target).id, before)
        else:
            target = self.model.append(logbook.next_set_values(done))
            appended.append(self.model.set_at(target).id)
        self.focus_set(target)
        return done.id, appended, carried

    def _go_to_next(self, row: int) -> None:
        next_in_round = self.round_next(self)
        if next_in_round is not None:
            next_in_round.focus_first_open_set()
            return
        target = self.model.first_open_row(row)
        if target is None and not self.go_past_last(self):
            target = self.model.first_open_row()
        if target is not None:
            self.focus_set(target)

    def _after_logged(self, set_id: int) -> None:
        seconds = self.round_rest(self)  # None: in the middle of a superset's round
        if self.live and seconds is not None:
            self.context.rest.start(seconds, started_by=set_id)
        self.set_logged.emit()

    def _maybe_logged_by_tick(self) -> None:
        """A set ticked with the mouse counts as logged too (rest timer, history)."""
        if self._completing:
            return
        now_done = {
            self.model.set_at(r).id
            for r in range(self.model.rowCount())
            if self.model.set_at(r).completed
        }
        new = now_done - self._completed
        self._completed = now_done
        if new:
            self._after_logged(max(new))

    def _push_undo(
        self, set_id: int, appended: list[int], carried: tuple[int, dict[str, Any]] | None
    ) -> None:
        """Ctrl+Z takes the set back: it is un-ticked, its rest stops, the set added after it
        goes and the set pre-filled from it gets its own values back."""
        state = {"carried": carried}

        def undo() -> None:
            for extra in appended:
                row = self._row_of(extra)
                if row is not None and not self.model.set_at(row).completed:
                    self.model.remove(row)
            filled = state["carried"]
            if filled is not None:
                filled_id, before = filled
                row = self._row_of(filled_id)
                if (
                    row is not None
                    and not self.model.set_at(row).completed
                    and filled_id not in self.model.typed_into
                ):
                    self.model.apply_values(filled_id, before)
            self.context.rest.cancel_if_started_by(set_id)
            row = self._row_of(set_id)
            if row is not None:
                self.model.uncomplete(row)
                self._completed.discard(set_id)
                self.focus_set(row)
            self.set_logged.emit()

        def redo() -> None:
            row = self._row_of(set_id)
            if row is not None:
                result = self._complete_row(row)
                appended[:] = result[1] if result else []
                state["carried"] = result[2] if result else None

        self.context.undo.push(
            CallbackCommand(
                f"Log set of {self.link.exercise_name}",
                redo,
                undo,
                self._report,
                already_done=True,
            )
        )

    def _logged_set_changed(self, set_id: int, before: dict, after: dict) -> None:
        """A done set was edited (in an open cell, so it was seen): Ctrl+Z takes it back."""

        def put(values: dict) -> Callable[[], None]:
            def apply() -> None:
                self.model.apply_values(set_id, values)
                self.set_logged.emit()

            return apply

        self.context.undo.push(
            CallbackCommand(
                f"Change a logged set of {self.link.exercise_name}",
                put(after),
                put(before),
                self._report,
                already_done=True,
            )
        )
        row = self._row_of(set_id)
        number = self.model.index(row, 0).data() if row is not None else ""
        self.context.show_status(
            f"Changed logged set {number} of {self.link.exercise_name}.", undoable=True
        )
        self.set_logged.emit()

    def _confirm_reps(self, reps: int) -> bool:
        return dialogs.confirm(
            self,
            "Check the reps",
            f"Save {reps} reps in one set of {self.link.exercise_name}? That is a lot for one "
            "set; check it is not a typo.",
            f"Save {reps} reps",
        )

    def _report(self, error: UserError) -> None:
        self.show_problem(str(error))

    def _row_of(self, set_id: int) -> int | None:
        return self.model.row_of(set_id)

    def add_set(self) -> None:
        """One more set, pre-filled from the last one (the button, or the Ins key)."""
        last = self.model.set_at(self.model.rowCount() - 1) if self.model.rowCount() else None
        values = logbook.next_set_values(last) if last else {"completed": False}
        row = self.model.append(values)
        self.focus_set(row)

    def delete_row(self, row: int) -> None:
        logged = self.model.set_at(row)
        snapshot = self.model.remove(row)
        self._completed.discard(logged.id)

        def undo() -> None:
            self.model.restore(snapshot)
            if logged.completed:
                self._completed.add(logged.id)
            self.set_logged.emit()

        def redo() -> None:
            current = self._row_of(logged.id)
            if current is not None:
                self.model.remove(current)
                self._completed.discard(logged.id)
            self.set_logged.emit()

        self.context.undo.push(
            CallbackCommand(
                f"Delete set of {self.link.exercise_name}",
                redo,
                undo,
                self._report,
                already_done=True,
            )
        )
        self.context.show_status(f"Deleted a set of {self.link.exercise_name}.", undoable=True)
        self.set_logged.emit()

    def focus_set(self, row: int) -> None:
        """Open the first field of a set for typing, scrolled into view."""
        self.scroll_to.emit(self)
        self.table.edit_cell(row, self.model.entry_columns()[0])

    def has_open_set(self) -> bool:
        return self.model.first_open_row() is not None

    def focus_first_open_set(self) -> bool:
        row = self.model.first_open_row()
        if row is None:
            return False
        self.focus_set(row)
        return True

    def focus_first_open_or_last_set(self) -> None:
        """Where "next exercise" lands: its first open set, else its last set."""
        if not self.focus_first_open_set() and self.model.rowCount():
            self.focus_set(self.model.rowCount() - 1)

    def holds_focus(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and (focus is self or self.isAncestorOf(focus))
