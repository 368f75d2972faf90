"""The summary shown when a workout is finished: how long, how much, what records, the week
so far and what to aim for next time; also as plain text to copy and share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backtracker.domain.dates import format_day, format_duration
from backtracker.domain.goals import WeeklyProgress
from backtracker.domain.log import WorkoutSummary
from backtracker.domain.units import Unit, format_number, from_kg
from backtracker.services import live_records, logbook
from backtracker.services.live_records import WorkoutRecord
from backtracker.services.preferences import Preferences
from backtracker.storage import workouts


@dataclass(frozen=True)
class NextTime:
    """The coaching for one exercise of the workout, for its next session."""

    exercise_name: str
    advice: str


@dataclass(frozen=True)
class FinishSummary:
    workout_id: int
    title: str  # the workout's name, else "Workout"
    day: dt.date
    duration: dt.timedelta
    exercises: int
    sets: int  # work sets done (warm-ups left out, as in the history)
    volume_kg: float  # as the history line counts it
    unit: Unit
    records: tuple[WorkoutRecord, ...]
    weekly: WeeklyProgress
    next_time: tuple[NextTime, ...]

    @property
    def duration_text(self) -> str:
        return format_duration(self.duration)

    @property
    def sets_text(self) -> str:
        return f"{self.sets} set{'s' if self.sets != 1 else ''}"

    @property
    def volume_text(self) -> str:
        return f"{format_number(from_kg(self.volume_kg, self.unit), 0)} {self.unit.value}"

    @property
    def headline(self) -> str:
        return f"{self.title} · {format_day(self.day)}"

    def record_lines(self) -> list[str]:
        return [record.describe(self.unit) for record in self.records]

    def as_text(self) -> str:
        """The summary as plain text, for the clipboard."""
        lines = [
            self.headline,
            f"Duration {self.duration_text} · {self.sets_text} · volume {self.volume_text}",
            "",
        ]
        if self.records:
            lines.append(f"Records ({len(self.records)})")
            lines += [f"★ {line}" for line in self.record_lines()]
        else:
            lines.append("Records: none this time")
        lines += ["", f"Weekly goal: {self.weekly.label}"]
        if self.next_time:
            lines += ["", "Next time"]
            lines += [f"- {item.exercise_name}: {item.advice}" for item in self.next_time]
        return "\n".join(lines) + "\n"


def _history_line(workout_id: int, started_at: dt.datetime) -> WorkoutSummary | None:
    """The workout's history line (sets and volume counted by the history's own SQL): the
    page of summaries that starts at this workout (keyset: just above its own id)."""
    lines = workouts.workout_summaries(
        limit=1, after=(started_at, workout_id + 1), finished_only=False
    )
    return lines[0] if lines and lines[0].id == workout_id else None


def summarize(workout_id: int, prefs: Preferences) -> FinishSummary:
    """The summary of a finished workout (a running one ends "now" for its duration)."""
    workout = logbook.get_workout(workout_id)
    line = _history_line(workout_id, workout.started_at)
    ended = workout.ended_at or workout.started_at
    next_time: list[NextTime] = []
    seen: set[int] = set()
    for link in workout.exercises:
        if link.exercise_id in seen or not any(s.completed for s in link.sets):
            continue
        seen.add(link.exercise_id)
        advice = logbook.coaching(
            link.exercise_id,
            before=max(ended, workout.started_at),
            rep_range=logbook.rep_range_of(link.rep_min, link.rep_max),
            prefs=prefs,
            rest_s=link.rest_s,
        )
        next_time.append(NextTime(link.exercise_name, advice.suggestion.message))
    return FinishSummary(
        workout_id=workout.id,
        title=workout.name or "Workout",
        day=workout.started_at.date(),
        duration=ended - workout.started_at,
        exercises=line.exercise_count if line else 0,
        sets=line.set_count if line else 0,
        volume_kg=line.volume_kg if line else 0.0,
        unit=Unit(prefs.unit),
        records=tuple(live_records.workout_records(workout_id, prefs.formula)),
        weekly=logbook.weekly(prefs),
        next_time=tuple(next_time),
    )
