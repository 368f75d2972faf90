"""When the sets of a workout were done, when it ended, and moving it to another start.

A workout keeps its own clock: it runs from the workout's start at the pace of real time since
the workout was entered. For a workout logged as it happens the two are the same, so a set is
done "now". For one logged after the fact (back-dated by the person, or moved to an earlier
start), a set ticked ten minutes into typing it in was done ten minutes after its start, and
the workout ends at its last set or after the duration the person typed, never at "now".
"""

from __future__ import annotations

import datetime as dt

from backtracker.domain import clock
from backtracker.domain.dates import format_duration, format_moment
from backtracker.domain.errors import UserError
from backtracker.storage import workout_times as store
from backtracker.storage.workout_times import WorkoutTimes

# A start this much before the workout was entered means it is being logged after the fact;
# less is the moment between pressing Start and the row being written, or a clock nudge.
BACKDATED_AFTER = dt.timedelta(minutes=1)
LONGEST_WORKOUT = dt.timedelta(hours=24)


def lag(times: WorkoutTimes) -> dt.timedelta:
    """How long after its start the workout was entered (zero for one logged live)."""
    behind = times.created_at - times.started_at
    return behind if behind > BACKDATED_AFTER else dt.timedelta(0)


def lag_of(workout_id: int) -> dt.timedelta:
    return lag(store.workout_times(workout_id))


def is_backdated(times: WorkoutTimes) -> bool:
    return lag(times) > dt.timedelta(0)


def workout_clock(times: WorkoutTimes, at: dt.datetime | None = None) -> dt.datetime:
    """The moment in the workout's own time that corresponds to real time `at` (default now).

    It never runs before the start, nor past the end of a finished workout.
    """
    moment = (at or clock.now()) - lag(times)
    moment = max(moment, times.started_at)
    if times.ended_at is not None:
        moment = min(moment, max(times.ended_at, times.started_at))
    return moment


def completion_moment(set_id: int) -> dt.datetime:
    """When a set ticked now was done: now, or in the workout's own time (see above)."""
    return workout_clock(store.workout_times(store.workout_of_set(set_id)))


def end_moment(workout_id: int, duration: dt.timedelta | None = None) -> dt.datetime:
    """When the workout ends if finished now.

    With a `duration`, its start plus that. A workout logged live ends now. One logged after
    the fact ends at its last completed set (at its own clock if no set was done). Never
    before the start.
    """
    times = store.workout_times(workout_id)
    if duration is not None:
        check_duration(duration)
        return times.started_at + duration
    if not is_backdated(times):
        return max(clock.now(), times.started_at)
    if times.last_completed_at is not None:
        return max(times.last_completed_at, times.started_at)
    return workout_clock(times)


def check_duration(duration: dt.timedelta) -> None:
    if duration <= dt.timedelta(0):
        raise UserError("A workout lasts at least a minute. Enter its duration in minutes.")
    if duration > LONGEST_WORKOUT:
        raise UserError(
            f"A workout can't last {format_duration(duration)}. Enter at most 24 hours."
        )


def move_start(workout_id: int, started_at: dt.datetime) -> dt.timedelta:
    """Move the workout to start at `started_at`, its end and sets' times with it.

    Refused (nothing changes) when the workout would start, or end, in the future. The shift.
    """
    started_at = started_at.replace(microsecond=0)
    times = store.workout_times(workout_id)
    now = clock.now()
    if started_at > now:
        raise UserError("A workout can't start in the future.")
    if times.ended_at is not None:
        ended_at = times.ended_at + (started_at - times.started_at)
        if ended_at > now:
            raise UserError(
                f"A workout that lasts {format_duration(times.ended_at - times.started_at)} "
                f"can't start at {format_moment(started_at)}: it would end in the future."
            )
    return store.move_workout(workout_id, started_at)
