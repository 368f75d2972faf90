"""The workout being logged (or a past one being edited): exercises, notes, check-in."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain import clock
from backtracker.domain.dates import QT_DAY_TIME_PATTERN, format_duration
from backtracker.domain.errors import UserError
from backtracker.domain.log import WorkoutExerciseInfo, WorkoutInfo
from backtracker.services import logbook, workout_times
from backtracker.ui import dialogs
from backtracker.ui.icons import icon
from backtracker.ui.log.cards_scroll import CardsScroll
from backtracker.ui.log.context import LogContext
from backtracker.ui.log.discomfort import DiscomfortControl
from backtracker.ui.log.exercise_card import ADD_SET_KEY, ExerciseCard
from backtracker.ui.log.finish_summary import show_summary
from backtracker.ui.log.history import delete_workout_command
from backtracker.ui.log.supersets import LogSupersets
from backtracker.ui.widgets.date_edits import english_dates
from backtracker.ui.widgets.exercise_picker import ExercisePicker
from backtracker.ui.widgets.flow_row import FlowRow, group

NEXT_EXERCISE_KEY = "Ctrl+Down"
PREVIOUS_EXERCISE_KEY = "Ctrl+Up"


def _elapsed(since: dt.datetime) -> str:
    seconds = max(0, int((clock.now() - since).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _has_set_to_do(link: WorkoutExerciseInfo) -> bool:
    """Whether an exercise of the workout, as read, has a set not done yet."""
    return not all(logged.completed for logged in link.sets)


class WorkoutEditor(QWidget):
    finished = Signal(int)  # workout id: finished, or closed after editing a past one
    discarded = Signal()

    def __init__(self, context: LogContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.workout: WorkoutInfo | None = None
        # The cards built so far; the rest of the workout's exercises are built one per
        # event-loop turn (`cards` builds them all at once when asked first).
        self._cards: list[ExerciseCard] = []
        self._to_build: list[WorkoutExerciseInfo] = []
        self._decorated = True  # supersets.decorate() ran since the last card was built
        self._starts: dict[int, logbook.CardStart] = {}  # by link id (`logbook.card_starts`)
        self._build_timer = QTimer(self)
        self._build_timer.setSingleShot(True)
        self._build_timer.setInterval(0)
        self._build_timer.timeout.connect(self._build_next)
        # Durations typed for workouts logged after the fact, used when they are finished.
        self.planned_durations: dict[int, dt.timedelta] = {}
        self._lag = dt.timedelta(0)  # how far behind its own start the workout is logged

        self.name = QLineEdit()
        self.name.setPlaceholderText("Workout name")
        self.name.setAccessibleName("Workout name")
        self.name.editingFinished.connect(self._save_name)
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(QFont.Weight.DemiBold)
        self.name.setFont(font)
        self.started = QDateTimeEdit()
        self.started.setCalendarPopup(True)
        english_dates(self.started, QT_DAY_TIME_PATTERN)
        self.started.setAccessibleName("Started at")
        self.started.editingFinished.connect(self._save_start)
        self.clock = QLabel()
        self.clock.setAccessibleName("Time since the workout started")
        header = QHBoxLayout()
        header.addWidget(self.name, 1)
        header.addWidget(QLabel("started"))
        header.addWidget(self.started)
        header.addWidget(self.clock)

        self.cards_box = QVBoxLayout()
        self.cards_box.setSpacing(10)
        self.add_button = QPushButton(icon("plus"), "Add exercise  (Ctrl+E)")
        self.add_button.clicked.connect(self.add_exercise)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addLayout(self.cards_box)
        inner_layout.addWidget(self.add_button)
        inner_layout.addStretch(1)
        self.scroll = CardsScroll(inner)  # as wide as the set tables' columns need
        self.scroll.setAccessibleName("Exercises in this workout")
        # A card shown right after the cards are rebuilt has no place in the layout yet, so it
        # is scrolled to again once laid out (else a new exercise's cell opens out of sight).
        self._scroll_target: tuple[ExerciseCard, int, QRect] | None = None  # tries, place
        self._scroll_timer = QTimer(self)
        self._scroll_timer.setSingleShot(True)
        self._scroll_timer.setInterval(10)
        self._scroll_timer.timeout.connect(self._scroll_again)

        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Notes on this workout")
        self.notes.setAccessibleName("Workout notes")
        self.notes.setFixedHeight(52)
        self.notes.setTabChangesFocus(True)
        self.posture = QButtonGroup(self)
        self.posture.setExclusive(False)
        # Wraps, a group at a time, when the window is narrow (widgets/flow_row.py).
        posture_row = FlowRow()
        posture_label = QLabel("Posture")
        posture_label.setToolTip("How upright and pain-free did you feel? 1 poor – 5 great")
        scores = [posture_label]
        for score in range(1, 6):
            button = QToolButton()
            button.setText(str(score))
            button.setCheckable(True)
            button.setAccessibleName(f"Posture {score} of 5")
            self.posture.addButton(button, score)
            scores.append(button)
        posture_row.add(group(*scores))
        self.posture.idClicked.connect(self._save_posture)
        self.posture_note = QLineEdit()
        self.posture_note.setPlaceholderText("How did your back feel?")
        self.posture_note.setAccessibleName("Posture note")
        self.posture_note.editingFinished.connect(self._save_posture_note)
        posture_row.add(self.posture_note, fill=True)
        self.discomfort = DiscomfortControl(self)  # optional flags, 0–10 (ui/log/discomfort.py)
        posture_row.add(self.discomfort.button)
        self.warmup = QCheckBox("Warm-up stretch")
        self.cooldown = QCheckBox("Cool-down stretch")
        self.warmup.toggled.connect(lambda on: self._save({"warmup_stretch": on}))
        self.cooldown.toggled.connect(lambda on: self._save({"cooldown_stretch": on}))
        posture_row.add(group(self.warmup, self.cooldown))
        self.notes_timer = QTimer(self)
        self.notes_timer.setSingleShot(True)
        self.notes_timer.setInterval(600)
        self.notes_timer.timeout.connect(self._save_notes)
        self.notes.textChanged.connect(self.notes_timer.start)

        self.finish_button = QPushButton("Finish  (Ctrl+Enter)")
        self.finish_button.setDefault(False)
        self.finish_button.clicked.connect(self.finish)
        self.discard_button = QPushButton(icon("trash"), "Discard")
        self.discard_button.clicked.connect(self.discard)
        buttons = QHBoxLayout()
        buttons.addWidget(self.finish_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.notes)
        layout.addLayout(posture_row)
        layout.addLayout(buttons)

        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._update_clock)
        for keys, slot in (
            (("Ctrl+Return", "Ctrl+Enter"), self.finish),
            (("Ctrl+E",), self.add_exercise),
            ((ADD_SET_KEY,), self.add_set_here),
            ((NEXT_EXERCISE_KEY,), lambda: self.step_exercise(1)),
            ((PREVIOUS_EXERCISE_KEY,), lambda: self.step_exercise(-1)),
        ):
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self.supersets = LogSupersets(self)  # brackets, A1/A2, the round, Ctrl+G

    @property
    def live(self) -> bool:
        return self.workout is not None and self.workout.ended_at is None

    def open(self, workout_id: int) -> None:
        """Show a workout: running ones tick and rest; past ones are edited in place."""
        self.workout = logbook.get_workout(workout_id)
        self._lag = workout_times.lag_of(workout_id)
        workout = self.workout
        for widget, value in ((self.name, workout.name), (self.posture_note, workout.posture_note)):
            widget.blockSignals(True)
            widget.setText(value)
            widget.blockSignals(False)
        self.started.blockSignals(True)
        self.started.setDateTime(QDateTime(workout.started_at))
        self.started.blockSignals(False)
        self.notes.blockSignals(True)
        self.notes.setPlainText(workout.notes)
        self.notes.blockSignals(False)
        for score in range(1, 6):
            self.posture.button(score).setChecked(score == workout.posture_score)
        for box, value in (
            (self.warmup, workout.warmup_stretch),
            (self.cooldown, workout.cooldown_stretch),
        ):
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)
        self.finish_button.setText("Finish  (Ctrl+Enter)" if self.live else "Done editing")
        self.discard_button.setText("Discard" if self.live else "Delete workout")
        self._rebuild_cards()
        self.discomfort.refresh()
        self._update_clock()
        if self.live:
            self.tick.start()
        else:
            self.tick.stop()

    @property
    def cards(self) -> list[ExerciseCard]:
        """Every exercise's card, in order (the ones not built yet are built now)."""
        self._build_through(len(self._cards) + len(self._to_build) - 1)
        return self._cards

    def _rebuild_cards(self) -> None:
        """The workout's cards: the first now, the rest one per event-loop turn (each
        ~10 ms on a ten-year history, so opening a workout never holds the window long).
        `focus_first_open_set` and every use of `cards` build what they need at once."""
        assert self.workout is not None
        self._to_build = []  # the last workout's: not built while its cards go
        for card in self._cards:
            card.setParent(None)
            card.deleteLater()
        self.supersets.brackets.set_groups([])  # decorate() gives the new cards theirs
        self._cards = []
        self._to_build = list(self.workout.exercises)
        self._starts = {}
        self._decorated = False
        # `focus_first_open_set` builds through the first card with a set to do, most often
        # right after: their starts are read together, one read instead of two.
        self._read_starts(self._to_build[: self._first_open_card() + 1])
        self._build_through(0)

    def _first_open_card(self) -> int:
        """Where the first exercise with a set not done yet is among the cards still to
        build (0 when every set is done)."""
        return next((at for at, link in enumerate(self._to_build) if _has_set_to_do(link)), 0)

    def _build_through(self, at: int) -> None:
        """Build the cards up to index `at`; the rest follow on later turns."""
        self._read_starts(self._to_build[: at + 1 - len(self._cards)])
        while self._to_build and len(self._cards) <= at:
            self._build_card(self._to_build.pop(0))
        if self._to_build:
            self._build_timer.start()
        elif not self._decorated:
            self._build_timer.stop()
            self._decorated = True
            self.supersets.decorate()  # badges, brackets and the round: once all are in

    def _build_next(self) -> None:
        if self._to_build:  # one card a turn, with what it starts with: ~2 ms to read
            self._build_through(len(self._cards))

    def _read_starts(self, links: list[WorkoutExerciseInfo]) -> None:
        """What these cards start with (`logbook.card_starts`), unless read already."""
        missing = [link for link in links if link.id not in self._starts]
        if missing and self.workout is not None:
            self._starts.update(logbook.card_starts(self.workout, self.context.prefs, missing))

    def _build_card(self, link: WorkoutExerciseInfo) -> None:
        assert self.workout is not None
        card = ExerciseCard(
            link,
            self.context,
            workout_id=self.workout.id,
            started_at=self.workout.started_at,
            live=self.live,
            start=self._starts.pop(link.id, None),
        )
        card.remove_requested.connect(self.remove_exercise)
        card.move_requested.connect(self.move_exercise)
        card.set_logged.connect(self._set_changed)
        card.scroll_to.connect(self.show_card)
        card.go_past_last = self.go_past
        # Until every card is in (`decorate`), a superset's round asks for them all first.
        card.round_next = lambda card: self._all_cards() and self.supersets.next_in_round(card)
        card.round_rest = lambda card: self._all_cards() and self.supersets.rest_after(card)
        self.scroll.add_card(self.cards_box, card)  # shown now: a key this turn reaches it
        self._cards.append(card)

    def _all_cards(self) -> bool:
        return bool(self.cards)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab or Shift+Tab within the workout: every card is built first, so the focus
        moves to the next card, not past the ones still to come."""
        self._all_cards()
        for card in self._cards:  # built this turn: shown at once, not on the layout's
            if card.isHidden() and card.parentWidget() is not None:  # queued show, so
                card.show()  # this very Tab can reach them
        return super().focusNextPrevChild(next)

    def _set_changed(self) -> None:
        self.context.events.sets_changed.emit()
        if not self.live:  # a finished workout's totals show in the history
            self.context.events.workouts_changed.emit()

    def focus_first_open_set(self) -> None:
        """The first open set of the workout, else the Add exercise button; only the cards
        up to it need to be built (a card not built yet has its sets as read)."""
        for at in range(len(self._cards) + len(self._to_build)):
            if at >= len(self._cards):
                if not _has_set_to_do(self._to_build[at - len(self._cards)]):
                    continue
                self._build_through(at)
            if self._cards[at].focus_first_open_set():
                return
        self.add_button.setFocus()

    # -- moving between exercises from the keyboard ------------------------------------------
    def go_past(self, card: ExerciseCard) -> bool:
        """After a card's last open set: the first open set of a later exercise, else of an
        earlier one (a skipped set); False when no other exercise has an open set."""
        if card not in self.cards:
            return False
        at = self.cards.index(card)
        return any(other.focus_first_open_set() for other in self.cards[at + 1 :] + self.cards[:at])

    def show_card(self, card: ExerciseCard, tries: int = 30) -> None:
        """Scroll the card into view now, and again until a rebuild has laid it out (a card
        and its parts added to a layout are shown over later turns of the event loop)."""
        self.scroll.ensureWidgetVisible(card)
        self._scroll_target = (card, tries, card.geometry())
        self._scroll_timer.start()

    def _scroll_again(self) -> None:
        target, self._scroll_target = self._scroll_target, None
        if target is None or not any(target[0] is other for other in self._cards):
            return
        card, tries, place = target
        settled = card.isVisible() and card.geometry() == place
        if not settled and tries:
            self.show_card(card, tries - 1)

    def _card_with_focus(self) -> ExerciseCard | None:
        return next((card for card in self.cards if card.holds_focus()), None)

    def step_exercise(self, step: int) -> None:
        """Ctrl+Down / Ctrl+Up: the next or previous exercise's first open set."""
        if not self.cards:
            return
        card = self._card_with_focus()
        if card is None:
            at = 0 if step > 0 else len(self.cards) - 1
        else:
            at = self.cards.index(card) + step
            if not 0 <= at < len(self.cards):
                edge = "last" if step > 0 else "first"
                self.context.show_status(f"This is the {edge} exercise of the workout.")
                return
        self.cards[at].focus_first_open_or_last_set()

    def add_set_here(self) -> None:
        """Ins: one more set for the exercise being typed into."""
        card = self._card_with_focus()
        if card is None:
            self.context.show_status("Click into an exercise's sets first, then press Ins.")
            return
        card.add_set()

    def _update_clock(self) -> None:
        if self.workout is None:
            return
        if self.live:
            self.clock.setText(_elapsed(self.workout.started_at + self._lag))
        elif self.workout.ended_at is not None:
            self.clock.setText(format_duration(self.workout.ended_at - self.workout.started_at))

    # -- saving as the person types ----------------------------------------------------------
    def _save(self, values: dict) -> None:
        if self.workout is not None:
            logbook.update_workout(self.workout.id, values)
            self.context.events.workouts_changed.emit()

    def _save_name(self) -> None:
        self.name.setModified(False)
        self._save({"name": " ".join(self.name.text().split())[:120]})

    def _save_notes(self) -> None:
        self._save({"notes": self.notes.toPlainText().strip()[:5000]})

    def _save_posture(self, score: int) -> None:
        checked = self.posture.button(score).isChecked()
        for other in range(1, 6):
            if other != score:
                self.posture.button(other).setChecked(False)
        self._save({"posture_score": score if checked else None})

    def _save_posture_note(self) -> None:
        self.posture_note.setModified(False)
        self._save({"posture_note": " ".join(self.posture_note.text().split())[:500]})

    def _save_start(self) -> None:
        if self.workout is None:
            return
        started = self.started.dateTime().toPython().replace(second=0, microsecond=0)
        if started == self.workout.started_at.replace(second=0, microsecond=0):
            return
        try:  # the end and the sets' times move with the start, in one transaction
            workout_times.move_start(self.workout.id, started)
        except UserError as error:
            self.context.show_status(str(error))
            self.started.setDateTime(QDateTime(self.workout.started_at))
            return
        self.context.events.workouts_changed.emit()
        self.workout = logbook.get_workout(self.workout.id)
        self._lag = workout_times.lag_of(self.workout.id)
        self._update_clock()

    # -- exercises ---------------------------------------------------------------------------
    def add_exercise(self) -> None:
        if self.workout is None:
            return
        exercise_id = ExercisePicker.ask(self)
        if exercise_id is None:
            return
        link_id = logbook.add_exercise(self.workout.id, exercise_id, self.context.prefs)
        self.open(self.workout.id)
        self.context.undo.clear()  # set-level undo steps point at the cards just rebuilt
        for card in self.cards:
            if card.link.id == link_id:
                self.scroll.ensureWidgetVisible(card)
                card.focus_first_open_set()
        self.context.events.workouts_changed.emit()

    def remove_exercise(self, link_id: int) -> None:
        if self.workout is None:
            return
        logbook.remove_exercise(link_id)
        self.open(self.workout.id)
        self.context.undo.clear()  # set-level undo steps may point at the removed sets
        self.context.events.workouts_changed.emit()

    def move_exercise(self, link_id: int, offset: int) -> None:
        if self.workout is None:
            return
        logbook.move_exercise(link_id, offset)
        self.open(self.workout.id)
        self.context.undo.clear()  # set-level undo steps point at the cards just rebuilt

    # -- ending ------------------------------------------------------------------------------
    def commit_open_edits(self) -> None:
        for card in self.cards:
            card.table.commit_open_editor()

    def save_pending_edits(self) -> None:
        """Save what is typed but not yet saved: an open cell, the notes (saved a moment
        after typing stops), the name and the posture note (saved on leaving the field).
        Called on finishing and when the window closes, so quitting loses nothing."""
        if self.workout is None:
            return
        self.commit_open_edits()
        if self.notes_timer.isActive():
            self.notes_timer.stop()
            self._save_notes()
        if self.name.isModified():
            self._save_name()
        if self.posture_note.isModified():
            self._save_posture_note()

    def _sets_done(self) -> int:
        return sum(
            1
            for card in self.cards
            for row in range(card.model.rowCount())
            if card.model.set_at(row).completed
        )

    def finish(self) -> None:
        if self.workout is None:
            return
        self.save_pending_edits()
        self._save_notes()
        workout_id = self.workout.id
        finishing = self.live  # a live workout gets its summary; a past one being edited not
        if self.live:
            if not self._sets_done():
                # Nothing was logged: saving it would make an empty session in the history.
                # Cancel goes back to the workout, still running.
                if dialogs.confirm(
                    self,
                    "No sets logged",
                    "No set is ticked in this workout, so there is nothing to save. Discard "
                    "it? You can undo this with Ctrl+Z. Cancel keeps it open to log sets.",
                    "Discard workout",
                ):
                    self._discard_now()
                return
            dropped = logbook.finish_workout(
                workout_id, duration=self.planned_durations.pop(workout_id, None)
            )
            self.context.rest.skip()
            note = f" ({dropped} planned sets not done were left out)" if dropped else ""
            self.context.show_status(f"Workout saved{note}.")
        self.tick.stop()
        self.workout = None
        self.context.undo.clear()
        self.context.events.workouts_changed.emit()
        self.finished.emit(workout_id)
        if finishing:
            show_summary(self, workout_id, self.context.prefs)

    def discard(self) -> None:
        if self.workout is None:
            return
        self.commit_open_edits()
        done = self._sets_done()
        verb = "Discard this workout" if self.live else "Delete this workout"
        detail = f" and its {done} logged sets" if done else ""
        if not dialogs.confirm(
            self,
            verb,
            f"{verb}{detail}? You can undo this with Ctrl+Z.",
            "Discard" if self.live else "Delete",
        ):
            return
        self._discard_now()

    def _discard_now(self) -> None:
        assert self.workout is not None
        workout_id = self.workout.id
        deleted = logbook.delete_workout(workout_id)
        self.tick.stop()
        self.context.rest.skip()
        self.workout = None
        self.context.undo.clear()
        self.context.undo.push(
            delete_workout_command(workout_id, self.context, already_deleted=deleted)
        )
        self.context.events.workouts_changed.emit()
        self.context.show_status("Workout discarded.", undoable=True)
        self.discarded.emit()
