"""What the training calendar says about a day, its colour shades, and the month's item model.

The year heatmap and the month grid share these: the sentence for a day ("Tue 3 Mar 2026 —
Back: Beginner: 14 sets, 3,420 kg: Dumbbell Row, Face Pull…"), the shade of a day by sets or
by volume, the goal's marks, and `MonthModel`, a real table model of a month's weeks.
"""

from __future__ import annotations

import datetime as dt
import itertools
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from backtracker.domain.dates import WEEKDAYS_SHORT, format_day, format_day_month, format_time
from backtracker.domain.goals import week_start
from backtracker.domain.units import Unit, from_kg
from backtracker.services.calendar import CalendarSpan, TrainingDay, WorkoutDone
from backtracker.ui.theme import Colors, theme

SHADES = 4  # levels of a training day's colour, after "no training"
MAX_EXERCISES_NAMED = 4
_NO_PARENT = QModelIndex()
DAY_ROLE = Qt.ItemDataRole.UserRole + 1  # the cell's date
WORKOUTS_ROLE = Qt.ItemDataRole.UserRole + 2  # tuple[WorkoutDone, ...] of that day
IN_MONTH_ROLE = Qt.ItemDataRole.UserRole + 3  # the day belongs to the month shown


class ColourBy(StrEnum):
    SETS = "sets"
    VOLUME = "volume"

    @property
    def label(self) -> str:
        return "Sets" if self is ColourBy.SETS else "Volume"


def format_volume(kg: float, unit: Unit | str) -> str:
    """3,420 kg; 7,540 lb."""
    unit = Unit(unit)
    return f"{from_kg(kg, unit):,.0f} {unit.value}"


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def workout_title(workout: WorkoutDone) -> str:
    """Its name, or when it started for a workout without one."""
    return workout.name.strip() or f"Workout at {format_time(workout.started_at)}"


def workout_figures(workout: WorkoutDone, unit: Unit | str) -> str:
    """14 sets, 3,420 kg (the volume left out when there is none: holds, cardio)."""
    text = plural(workout.sets, "set")
    if workout.volume_kg > 0:
        text += f", {format_volume(workout.volume_kg, unit)}"
    return text


def workout_line(workout: WorkoutDone, unit: Unit | str) -> str:
    """Back: Beginner: 14 sets, 3,420 kg: Dumbbell Row, Face Pull, …"""
    names = workout.exercise_names
    listed = ", ".join(names[:MAX_EXERCISES_NAMED])
    if len(names) > MAX_EXERCISES_NAMED:
        listed += "…"
    return f"{workout_title(workout)}: {workout_figures(workout, unit)}: {listed}"


def day_text(day: dt.date, trained: TrainingDay | None, unit: Unit | str) -> str:
    """The tooltip and accessible text of a day: what was done, one line per workout."""
    if trained is None:
        return f"{format_day(day)} — no training"
    lines = [workout_line(workout, unit) for workout in trained.workouts]
    if len(lines) == 1:
        return f"{format_day(day)} — {lines[0]}"
    return f"{format_day(day)} — {len(lines)} workouts:\n" + "\n".join(lines)


def week_text(span: CalendarSpan, monday: dt.date) -> str:
    """Week of 2 Mar: 3 sessions, the goal (2–3 sessions a week) was met."""
    sessions = span.sessions(monday)
    verdict = "met" if span.met_goal(monday) else "not met"
    return (
        f"Week of {format_day_month(monday)}: {plural(sessions, 'session')}; "
        f"your goal ({span.goal.label}) was {verdict}"
    )


def day_value(trained: TrainingDay, colour_by: ColourBy) -> float:
    return float(trained.sets) if colour_by is ColourBy.SETS else trained.volume_kg


def shade_limits(span: CalendarSpan, colour_by: ColourBy) -> list[float]:
    """The upper bounds of the first three shades: a quarter, half and three quarters of the
    span's biggest day, so a year of light training and one of heavy training both use every
    shade, and a day half as big as the biggest looks it."""
    most = max((day_value(trained, colour_by) for trained in span.days.values()), default=0.0)
    if most <= 0:
        return []
    return [most * quarter / SHADES for quarter in (1, 2, 3)]


def shade_of(trained: TrainingDay | None, colour_by: ColourBy, limits: list[float]) -> int:
    """0 for no training, else 1 (least) to SHADES (most)."""
    if trained is None:
        return 0
    value = day_value(trained, colour_by)
    return 1 + sum(1 for limit in limits if value > limit)


def shade_ranges(limits: list[float], colour_by: ColourBy, unit: Unit | str) -> list[str]:
    """What each shade from 1 to SHADES stands for: 'up to 12 sets', '13–16 sets'…"""

    def show(value: float) -> str:
        return f"{value:,.0f}" if colour_by is ColourBy.SETS else format_volume(value, unit)

    noun = " sets" if colour_by is ColourBy.SETS else ""
    if not limits:
        return ["any training"] * SHADES
    texts = [f"up to {show(limits[0])}{noun}"]
    for low, high in itertools.pairwise(limits):
        texts.append(f"over {show(low)} up to {show(high)}{noun}" if high > low else "")
    texts.append(f"over {show(limits[-1])}{noun}")
    return texts


def shade_colours(colors: Colors) -> list[QColor]:
    """No training, then the accent from light to full, mixed into the page's colour."""
    empty = QColor(colors.body)
    base, accent = QColor(colors.base), QColor(colors.accent)
    shades = [empty]
    for level in range(1, SHADES + 1):
        amount = 0.25 + 0.75 * level / SHADES
        shades.append(
            QColor.fromRgbF(
                base.redF() + (accent.redF() - base.redF()) * amount,
                base.greenF() + (accent.greenF() - base.greenF()) * amount,
                base.blueF() + (accent.blueF() - base.blueF()) * amount,
            )
        )
    return shades


def month_weeks(first_of_month: dt.date) -> list[dt.date]:
    """The Mondays of the weeks holding any day of the month (4 to 6 of them)."""
    next_month = (first_of_month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    monday, weeks = week_start(first_of_month), []
    while monday < next_month:
        weeks.append(monday)
        monday += dt.timedelta(days=7)
    return weeks


class MonthModel(QAbstractTableModel):
    """A month as weeks (rows, Monday to Sunday), each cell a day and the workouts done."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.month = dt.date(2000, 1, 1)
        self.weeks: list[dt.date] = []
        self.days_span: CalendarSpan | None = None
        self.unit = Unit.KG
        self.today = dt.date(2000, 1, 1)

    def show_month(
        self, month: dt.date, span: CalendarSpan, unit: Unit | str, today: dt.date
    ) -> None:
        self.beginResetModel()
        self.month, self.days_span, self.unit, self.today = (
            month.replace(day=1),
            span,
            Unit(unit),
            today,
        )
        self.weeks = month_weeks(self.month)
        self.endResetModel()

    def day_at(self, index: QModelIndex | QPersistentModelIndex) -> dt.date:
        return self.weeks[index.row()] + dt.timedelta(days=index.column())

    def index_of(self, day: dt.date) -> QModelIndex:
        for row, monday in enumerate(self.weeks):
            if monday <= day < monday + dt.timedelta(days=7):
                return self.index(row, (day - monday).days)
        return QModelIndex()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.weeks)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else 7

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or self.days_span is None:
            return None
        day = self.day_at(index)
        trained = self.days_span.days.get(day)
        if role == Qt.ItemDataRole.DisplayRole:
            lines = [str(day.day)]
            if trained is not None:
                lines += [
                    f"{workout_title(w)} · {workout_figures(w, self.unit)}"
                    for w in trained.workouts
                ]
            return "\n".join(lines)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            text = day_text(day, trained, self.unit)
            if role == Qt.ItemDataRole.AccessibleTextRole and day == self.today:
                text = f"Today, {text}"
            return text
        if role == DAY_ROLE:
            return day
        if role == WORKOUTS_ROLE:
            return trained.workouts if trained is not None else ()
        if role == IN_MONTH_ROLE:
            return day.month == self.month.month and day.year == self.month.year
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < 7:
                return WEEKDAYS_SHORT[section]
            return None
        if self.days_span is None or not 0 <= section < len(self.weeks):
            return None
        monday = self.weeks[section]
        met = self.days_span.met_goal(monday)
        if role == Qt.ItemDataRole.DisplayRole:
            return "✓ goal" if met else " "
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return week_text(self.days_span, monday)
        if role == Qt.ItemDataRole.ForegroundRole and met:
            return QColor(theme().colors.star)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
