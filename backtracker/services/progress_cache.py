"""What the Progress tab has read of each exercise, kept until the data changes.

Switching exercise reads the exercise's per-day figures over all of its history (a record
point is judged against all of it) and its records; on ten years of training that is most
of a switch. The tab keeps one `ExerciseCache`: each exercise's per-day figures (per 1RM
formula), its time days, records and kind are read once, and every metric, range and unit
is worked out from them. The overview of each range is kept the same way.

The tab clears the cache when it hears of a change (a set logged, edited or deleted, a
workout, bodyweight, an exercise or the preferences). Underneath that, every read compares
`storage.progress.data_stamp()` with the one the cache was filled under, so a write the tab
was not told about (another window, a background task, the command line on the same
profile) empties it too: a stale chart would be a bug, a query too many is only slower.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from backtracker.domain.strength import Formula
from backtracker.domain.units import Unit
from backtracker.services import progress
from backtracker.services.progress import ExerciseKind, Metric, Range, Series
from backtracker.storage import progress as store
from backtracker.storage.progress import EffortRecords, Records
from backtracker.storage.progress_records import records_from_days

T = TypeVar("T")


class ExerciseCache:
    """Per-exercise reads of the Progress tab; `series` gives what `exercise_series` gives."""

    def __init__(self) -> None:
        self._entries: dict[tuple[object, ...], object] = {}
        self._stamp: tuple[int, int, int] | None = None
        self.reads = 0  # entries worked out: queries and series (for tests)

    def clear(self) -> None:
        """Forget everything: the data changed."""
        self._entries.clear()
        self._stamp = None

    def adopt(self, stamp: tuple[int, int, int], other: ExerciseCache) -> None:
        """Take what `other` read (a worker's cache, on its own connection) as read under
        `stamp`: the caller has checked that the data is still as it was at `stamp`."""
        if self._stamp != stamp:
            self.clear()
            self._stamp = stamp
        self._entries.update(other._entries)

    def _get(self, key: tuple[object, ...], read: Callable[[], T]) -> T:
        stamp = store.data_stamp()
        if stamp != self._stamp:
            self._entries.clear()
            self._stamp = stamp
        if key not in self._entries:
            self._entries[key] = read()
            self.reads += 1
        return self._entries[key]  # type: ignore[return-value]

    # -- per exercise ----------------------------------------------------------------------
    def kind(self, exercise_id: int) -> ExerciseKind:
        return self._get(("kind", exercise_id), lambda: progress.exercise_kind(exercise_id))

    def metrics_for(self, exercise_id: int) -> tuple[Metric, ...]:
        return self.kind(exercise_id).metrics

    def _bodyweight_exercise(self, exercise_id: int) -> bool:
        return self._get(
            ("bodyweight", exercise_id), lambda: store.is_bodyweight_exercise(exercise_id)
        )

    def _days(self, exercise_id: int, formula: Formula) -> list[store.DayStats]:
        return self._get(
            ("days", exercise_id, formula),
            lambda: store.exercise_days(exercise_id, formula=formula),
        )

    def _time_days(self, exercise_id: int) -> list[store.TimeDayStats]:
        return self._get(("time_days", exercise_id), lambda: store.exercise_time_days(exercise_id))

    def _points(
        self, exercise_id: int, metric: Metric, formula: Formula, unit: Unit
    ) -> list[progress.Point]:
        def read() -> list[progress.Point]:
            if metric.is_time:
                return progress.time_points(self._time_days(exercise_id), metric)
            return progress.weight_points(
                self._days(exercise_id, formula),
                metric,
                unit,
                self._bodyweight_exercise(exercise_id),
            )

        return self._get(("points", exercise_id, metric, formula, unit), read)

    def series(
        self,
        exercise_id: int,
        metric: Metric | str,
        rng: Range | str,
        *,
        formula: str,
        unit: str,
        today: dt.date,
    ) -> Series:
        """`progress.exercise_series`, from what was read before where it can."""
        metric_, formula_, unit_ = Metric(metric), Formula(formula), Unit(unit)
        since = Range(rng).since(today)
        return self._get(
            ("series", exercise_id, metric_, formula_, unit_, since),
            lambda: progress.exercise_series(
                exercise_id,
                metric_,
                Range(rng),
                formula=formula_,
                unit=unit_,
                today=today,
                points=self._points(exercise_id, metric_, formula_, unit_),
            ),
        )

    def records(self, exercise_id: int, *, formula: str) -> Records:
        """The records follow from the per-day figures the chart reads anyway
        (storage/progress_records.py): no second pass over the exercise's sets."""
        formula_ = Formula(formula)
        return self._get(
            ("records", exercise_id, formula_),
            lambda: records_from_days(
                exercise_id, self._days(exercise_id, formula_), formula=formula_
            ),
        )

    def effort_records(self, exercise_id: int) -> EffortRecords:
        return self._get(("efforts", exercise_id), lambda: progress.effort_records(exercise_id))

    # -- the overview ----------------------------------------------------------------------
    def overview(self, *, rng: Range | str, today: dt.date) -> progress.Overview:
        """`progress.overview`, read once per range and day until the data changes."""
        rng_ = Range(rng)
        return self._get(
            ("overview", rng_, today), lambda: progress.overview(rng=rng_, today=today)
        )
