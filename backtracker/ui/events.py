"""Data announces change; views listen. No tab reaches into another."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DataEvents(QObject):
    """One instance per window; whoever writes data emits, whoever shows it listens."""

    exercises_changed = Signal()
    pinned_note_changed = Signal(int)  # exercise id: its pinned note was saved
    goal_changed = Signal(int)  # exercise id: its goal was set, replaced or cleared
    workouts_changed = Signal()  # a workout was started, finished, edited or deleted
    sets_changed = Signal()  # a set was logged, edited, taken back or deleted
    bodyweight_changed = Signal()
    measurements_changed = Signal()  # a body measurement (waist, body fat…) was written
    preferences_changed = Signal()
    photos_changed = Signal()  # photos were imported, edited or deleted
    add_to_workout_requested = Signal(int)  # exercise id, from outside the Log tab
    open_workout_requested = Signal(int)  # workout id, to open in the Log (the calendar)
    day_changed = Signal()  # the local date changed (midnight, or waking on another day)
    coach_changed = Signal()  # a deload week was accepted or cancelled (ui/coach/)
    # The photo vault was turned on or off, its pass finished, or it was locked or unlocked
    # (services/photo_vault.py); the Photos tab shows its lock page or its photos again.
    photo_vault_changed = Signal()
