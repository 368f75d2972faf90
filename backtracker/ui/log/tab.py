"""The Log tab: start or resume a workout, log it, and see the week, history and weight."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from backtracker.domain.errors import UserError
from backtracker.services import logbook
from backtracker.services import routines as routine_store
from backtracker.ui import dialogs
from backtracker.ui.coach.side_panel import BackWeekPanel
from backtracker.ui.log.context import LogContext
from backtracker.ui.log.editor import WorkoutEditor
from backtracker.ui.log.history import HistoryPanel
from backtracker.ui.log.measurements_panel import MeasurementsPanel
from backtracker.ui.log.side_panels import BodyweightPanel, WeekPanel
from backtracker.ui.log.start_page import PastWorkoutDialog, StartPage


class LogTab(QWidget):
    def __init__(self, context: LogContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.start_page = StartPage()
        self.start_page.start_requested.connect(self.start_workout)
        self.start_page.past_requested.connect(self.log_past_workout)
        self.start_page.manage_routines_requested.connect(self.manage_routines)
        self.editor = WorkoutEditor(context)
        self.editor.finished.connect(self.show_start)
        self.editor.discarded.connect(self.show_start)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(self.editor)

        self.week = WeekPanel(context)
        self.back_week = BackWeekPanel(context.events)  # hard sets per back region
        self.history = HistoryPanel(context)
        self.history.open_requested.connect(self.open_workout)
        self.bodyweight = BodyweightPanel(context)
        self.measurements = MeasurementsPanel(context)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 8, 8, 8)
        side_layout.addWidget(self.week)
        side_layout.addSpacing(8)
        side_layout.addWidget(self.back_week)
        side_layout.addSpacing(8)
        side_layout.addWidget(self.history, 3)
        side_layout.addSpacing(8)
        side_layout.addWidget(self.bodyweight, 2)
        side_layout.addSpacing(8)
        side_layout.addWidget(self.measurements)  # as tall as its rows; the rest goes above

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 340])
        self.splitter.setChildrenCollapsible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.reload_routines()
        running = logbook.active_workout_id()
        if running is not None:
            self.open_workout(running)
            context.show_status("Picked up your workout where you left it.")

    def reload_routines(self) -> None:
        self.start_page.set_routines(routine_store.list_routines())

    @property
    def running_workout_id(self) -> int | None:
        workout = self.editor.workout
        return workout.id if workout is not None and workout.ended_at is None else None

    def start_workout(self, routine_id: int | None = None, started_at=None) -> None:
        if self.running_workout_id is not None:
            self.stack.setCurrentWidget(self.editor)
            self.context.show_status("Finish or discard the workout that is running first.")
            return
        try:
            workout_id = logbook.start_workout(
                self.context.prefs, routine_id=routine_id, started_at=started_at
            )
        except UserError as error:
            dialogs.show_error(self, "Cannot start the workout", str(error))
            return
        self.context.events.workouts_changed.emit()
        self.open_workout(workout_id)
        if not self.editor.cards:
            self.editor.add_exercise()

    def log_past_workout(self) -> None:
        answer = PastWorkoutDialog.ask(self, routine_store.list_routines())
        if answer is None:
            return
        before = self.running_workout_id
        self.start_workout(answer.routine_id, started_at=answer.started_at)
        started = self.running_workout_id
        if answer.duration is not None and started not in (None, before):
            # Finishing it uses the duration typed; without one, its last set ends it.
            self.editor.planned_durations[started] = answer.duration

    def open_workout(self, workout_id: int) -> None:
        if self.running_workout_id not in (None, workout_id):
            self.context.show_status("Finish the running workout before editing another.")
            return
        self.editor.open(workout_id)
        self.stack.setCurrentWidget(self.editor)
        self.editor.focus_first_open_set()

    def focus_main(self) -> None:
        """Where the keyboard lands when the tab is shown: the next set, or Start empty."""
        if self.stack.currentWidget() is self.editor:
            self.editor.focus_first_open_set()
        else:
            self.start_page.empty_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def save_pending_edits(self) -> None:
        """Before the window closes: save what is typed in the workout but not saved yet."""
        self.editor.save_pending_edits()

    def show_start(self) -> None:
        self.reload_routines()
        self.stack.setCurrentWidget(self.start_page)

    def manage_routines(self) -> None:
        from backtracker.ui.log.routines_dialog import RoutinesDialog

        if RoutinesDialog.ask(self):
            self.reload_routines()

    def add_exercise_to_workout(self, exercise_id: int) -> None:
        """From the Library: add to the running workout, or start one with this exercise."""
        if self.running_workout_id is None:
            try:
                workout_id = logbook.start_workout(self.context.prefs)
            except UserError as error:
                dialogs.show_error(self, "Cannot start the workout", str(error))
                return
        else:
            workout_id = self.running_workout_id
        link_id = logbook.add_exercise(workout_id, exercise_id, self.context.prefs)
        self.context.events.workouts_changed.emit()
        self.open_workout(workout_id)
        for card in self.editor.cards:
            if card.link.id == link_id:
                self.editor.scroll.ensureWidgetVisible(card)
                card.focus_first_open_set()

    def new_workout(self) -> None:
        """File ▸ New workout (Ctrl+N): start empty, or go back to the one running."""
        if self.running_workout_id is not None:
            self.stack.setCurrentWidget(self.editor)
            self.editor.focus_first_open_set()
        else:
            self.start_workout(None)
