"""Export the training log as CSV: our documented format, and a Strong-compatible one.

Our CSV (`export_csv`) has the header `OUR_HEADER`, one row per completed set, ordered by
workout start, then the exercise's place in the workout, then the set's:

- `workout_start`: local time, ISO 8601 without a zone (`2024-05-01T07:30:00`)
- `workout_name`, `exercise`: as shown in the app
- `set_number`: 1, 2, 3… within that exercise in that workout (every exported set counts)
- `set_type`: `warmup`, `normal`, `drop` or `failure`
- `weight_kg` (added weight for bodyweight exercises), `reps`, `duration_s`, `distance_m`,
  `rpe`: plain numbers with a point and no trailing zeros (`22.5`, `60`); empty when unset
- `notes`: the set's note
- `workout_end`: when the workout ended, as `workout_start`; empty for one with no end
- `workout_notes`: the workout's notes (repeated on each of its rows)
- `superset`: the letter of the exercise's superset in that workout (`A`, `B`… in the
  order the groups come, as the Log labels them A1, A2…; `AA` after `Z`); empty when the
  exercise is in no superset. Adjacent exercises with one letter form the group.
- `reps_left`, `reps_right`: a one-sided set logged per side (whole numbers; `reps` then
  holds the weaker side); empty for a set logged as one number

The columns after `notes` were appended over time, so a reader that takes columns by name
or by their first eleven places keeps working. BackTracker imports this file back (File ▸
Import, or `backtracker import FILE`): the same workouts, sets, set types, RPE, notes,
workout notes, durations, superset groups and left/right reps. Files from before
`workout_end` and `workout_notes`, or before `superset`, `reps_left` and `reps_right`, were
added import too, without them.

The Strong-compatible CSV (`export_strong_csv`) copies Strong's iOS export (FORMATS.md,
variant 3), which Hevy's Strong importer reads: a comma-separated file with the header
`STRONG_HEADER`; `Date` as `YYYY-MM-DD HH:MM:SS` (24-hour); `Duration` as `1h 5m` or `49m`
(whole minutes, `0m` for a workout with no end); `Set Order` numbers the normal sets of each
exercise 1, 2, 3… and marks the others `W` (warm-up), `D` (drop set) or `F` (failure);
`Weight` in kilograms (Strong iOS writes the app's unit and does not say which, so import it
as kg); `Distance` in kilometres, as Strong writes it for metric users; `Seconds` in whole
seconds. As in Strong's files, unused weight, reps, distance and seconds are `0`, and an
unset RPE is empty. The workout's notes repeat on each of its rows.

Both files are UTF-8 without a byte-order mark, quoted only where needed (the `csv` module's
minimal quoting), with CRLF line ends, and appear all at once (written beside the target,
then renamed).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, NamedTuple

from backtracker.domain import supersets
from backtracker.domain.errors import UserError, os_reason
from backtracker.domain.units import format_number
from backtracker.storage.models import Exercise, SetEntry, Workout, WorkoutExercise

OUR_HEADER = (
    "workout_start,workout_name,exercise,set_number,set_type,"
    "weight_kg,reps,duration_s,distance_m,rpe,notes,workout_end,workout_notes,"
    "superset,reps_left,reps_right"
)
STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE"
)
SET_TYPES = ("warmup", "normal", "drop", "failure")
STRONG_MARKERS = {"warmup": "W", "drop": "D", "failure": "F"}
STRONG_UNNAMED_WORKOUT = "Workout"
DECIMALS = 6  # enough for a pound converted to kg; drops float noise such as 22.500000001


class ExportedSet(NamedTuple):
    workout_id: int
    started_at: dt.datetime
    ended_at: dt.datetime | None
    workout_name: str
    workout_notes: str
    link_id: int  # the exercise's entry in the workout
    exercise: str
    set_type: str
    weight_kg: float | None
    reps: int | None
    duration_s: float | None
    distance_m: float | None
    rpe: float | None
    notes: str
    superset: int | None = None  # the exercise's group number in the workout
    reps_left: int | None = None
    reps_right: int | None = None


def completed_sets() -> Iterator[ExportedSet]:
    """Every completed set, ordered by workout start, exercise position and set position."""
    query = (
        SetEntry.select(
            Workout.id,
            Workout.started_at,
            Workout.ended_at,
            Workout.name,
            Workout.notes,
            WorkoutExercise.id,
            Exercise.name,
            SetEntry.set_type,
            SetEntry.weight_kg,
            SetEntry.reps,
            SetEntry.duration_s,
            SetEntry.distance_m,
            SetEntry.rpe,
            SetEntry.notes,
            WorkoutExercise.superset,
            SetEntry.reps_left,
            SetEntry.reps_right,
        )
        .join(WorkoutExercise)
        .join(Workout)
        .switch(WorkoutExercise)
        .join(Exercise)
        .where(SetEntry.completed == True)  # noqa: E712 (a SQL expression)
        .order_by(
            Workout.started_at,
            Workout.id,
            WorkoutExercise.position,
            WorkoutExercise.id,
            SetEntry.position,
            SetEntry.id,
        )
        .tuples()
    )
    for row in query.iterator():
        found = ExportedSet(*row)
        yield found._replace(
            started_at=_as_datetime(found.started_at),
            ended_at=None if found.ended_at is None else _as_datetime(found.ended_at),
        )


def _as_datetime(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0)
    return dt.datetime.fromisoformat(str(value)).replace(microsecond=0)


def number(value: float | None, *, decimals: int = DECIMALS) -> str:
    """A number as plain text without float noise or trailing zeros; "" for None."""
    return "" if value is None else format_number(float(value), decimals)


# --- our CSV --------------------------------------------------------------------------------


def superset_letters() -> dict[int, str]:
    """The superset letter (A, B…) of every exercise in a group, by workout_exercise id;
    the letters follow the groups' order in each workout, as the Log shows them."""
    query = (
        WorkoutExercise.select(
            WorkoutExercise.workout, WorkoutExercise.id, WorkoutExercise.superset
        )
        .order_by(WorkoutExercise.workout, WorkoutExercise.position, WorkoutExercise.id)
        .tuples()
    )
    by_workout: dict[int, list[tuple[int, int | None]]] = {}
    for workout_id, link_id, group in query.iterator():
        by_workout.setdefault(workout_id, []).append((link_id, group))
    result: dict[int, str] = {}
    for links in by_workout.values():
        if any(group is not None for _, group in links):
            for (link_id, _), text in zip(
                links, supersets.letters([g for _, g in links]), strict=True
            ):
                if text:
                    result[link_id] = text
    return result


def our_rows(
    sets: Iterable[ExportedSet], letters: dict[int, str] | None = None
) -> Iterator[list[str]]:
    """Our CSV's rows; `letters` gives the superset letter by workout_exercise id (read
    from the database when not given)."""
    letters = superset_letters() if letters is None else letters
    link_id, set_number = None, 0
    for done in sets:
        set_number = set_number + 1 if done.link_id == link_id else 1
        link_id = done.link_id
        yield [
            done.started_at.isoformat(timespec="seconds"),
            done.workout_name,
            done.exercise,
            str(set_number),
            done.set_type if done.set_type in SET_TYPES else "normal",
            number(done.weight_kg),
            number(done.reps),
            number(done.duration_s),
            number(done.distance_m),
            number(done.rpe),
            done.notes,
            "" if done.ended_at is None else done.ended_at.isoformat(timespec="seconds"),
            done.workout_notes,
            letters.get(done.link_id, ""),
            number(done.reps_left),
            number(done.reps_right),
        ]


def export_csv(target: Path) -> int:
    """Write our documented CSV of every completed set to `target`; the rows written."""
    return _write_csv(target, OUR_HEADER, lambda: our_rows(completed_sets()))


# --- Strong-compatible CSV ------------------------------------------------------------------


def strong_duration(started_at: dt.datetime, ended_at: dt.datetime | None) -> str:
    """A workout's length as Strong writes it: `1h 5m`, `49m`; `0m` when unknown."""
    seconds = 0 if ended_at is None else max(0, int((ended_at - started_at).total_seconds()))
    hours, minutes = divmod(seconds // 60, 60)
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


def strong_rows(sets: Iterable[ExportedSet]) -> Iterator[list[str]]:
    link_id, normal_count = None, 0
    for done in sets:
        if done.link_id != link_id:
            link_id, normal_count = done.link_id, 0
        if done.set_type in STRONG_MARKERS:
            set_order = STRONG_MARKERS[done.set_type]
        else:
            normal_count += 1
            set_order = str(normal_count)
        distance_km = None if done.distance_m is None else done.distance_m / 1000
        yield [
            done.started_at.strftime("%Y-%m-%d %H:%M:%S"),
            done.workout_name.strip() or STRONG_UNNAMED_WORKOUT,
            strong_duration(done.started_at, done.ended_at),
            done.exercise,
            set_order,
            number(done.weight_kg or 0),
            number(done.reps or 0, decimals=0),
            number(distance_km or 0),
            number(done.duration_s or 0, decimals=0),
            done.notes,
            done.workout_notes,
            number(done.rpe, decimals=1),
        ]


def export_strong_csv(target: Path) -> int:
    """Write every completed set as a Strong (iOS) CSV to `target`; the rows written."""
    return _write_csv(target, STRONG_HEADER, lambda: strong_rows(completed_sets()))


# --- writing --------------------------------------------------------------------------------


def _write_csv(target: Path, header: str, rows: Callable[[], Iterable[list[str]]]) -> int:
    """Write atomically: a temp file beside `target`, flushed, then renamed over it."""
    target = target.expanduser().absolute()
    if target.is_dir():
        raise UserError(f"{target} is a folder. Give the name of the CSV file to write.")
    if not target.parent.is_dir():
        raise UserError(f"The folder {target.parent} does not exist. Nothing was exported.")
    try:
        handle, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
        )
    except OSError as error:
        raise _write_error(target, error) from error
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            count = _write_rows(file, header, rows())
            file.flush()
            os.fsync(file.fileno())
        temp.replace(target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise _write_error(target, error) from error
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return count


def _write_rows(file: IO[str], header: str, rows: Iterable[list[str]]) -> int:
    writer = csv.writer(file)
    writer.writerow(header.split(","))
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def _write_error(target: Path, error: OSError) -> UserError:
    reason = os_reason(error)
    return UserError(f"The export {target} could not be written: {reason}. Nothing was changed.")
