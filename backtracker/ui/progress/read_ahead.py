"""The Progress tab's first reads, on a worker: what its first show charts.

On ten years of training the list of exercises with history and the first exercise's
per-day figures are two queries of 30–50 ms each. The tab's first show starts them on a
worker (`run_task`) and paints its frame meanwhile; when they are in, the tab shows what
they read (`refresh`) without a query of its own.

The worker fills an `ExerciseCache` of its own (on its own connection). The tab's cache takes
those entries only when the database is as it was when the worker started: the data stamp
of the GUI thread's connection (`storage.progress.data_stamp`, which moves with any write,
from any connection) read before the worker started and again when its answer is in. A
write in between and the answer is dropped: the tab reads again itself, as it always did.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backtracker.services import progress
from backtracker.services.progress import ExerciseKind, Metric, Range
from backtracker.services.progress_cache import ExerciseCache
from backtracker.storage import progress as store

Stamp = tuple[int, int, int]


@dataclass(frozen=True)
class FirstReads:
    """What the worker read: the picker's rows, and the chart's figures in `cache`."""

    rows: list[tuple[int, str, int]]
    cache: ExerciseCache


def stamp() -> Stamp:
    """The data stamp of this thread's connection (read it on the GUI thread)."""
    return store.data_stamp()


@dataclass(frozen=True)
class FirstRequest:
    """What the tab will show: the exercise it keeps (None: the first), the metrics it
    offers and the one chosen, the range, and the preferences' formula and unit."""

    keep: int | None
    offered: tuple[Metric, ...]
    metric: Metric
    rng: Range
    formula: str
    unit: str
    today: dt.date


def read_first(request: FirstRequest) -> FirstReads:
    """The worker's job: the exercises with history, and for the exercise the picker will
    show (`keep`, or the first) the series, records and effort records the tab's
    `_show_exercise` asks its cache for. Plain values only; nothing of Qt."""
    keep, metric, formula, unit = request.keep, request.metric, request.formula, request.unit
    rows = progress.exercises_with_history()
    cache = ExerciseCache()
    ids = [row[0] for row in rows]
    exercise_id = keep if keep in ids else (ids[0] if ids else None)
    if exercise_id is not None:
        metrics = cache.metrics_for(exercise_id)
        if request.offered != metrics or metric not in metrics:  # as `_fill_metrics`
            metric = metrics[0]
        cache.series(
            exercise_id, metric, request.rng, formula=formula, unit=unit, today=request.today
        )
        cache.records(exercise_id, formula=formula)
        if cache.kind(exercise_id) is not ExerciseKind.WEIGHT:
            cache.effort_records(exercise_id)
    return FirstReads(rows, cache)


def adopt(cache: ExerciseCache, reads: FirstReads, before: Stamp) -> bool:
    """Give `cache` what the worker read, if nothing was written since `before` (the GUI
    thread's stamp when the worker started); False (and `cache` untouched) otherwise."""
    if stamp() != before:
        return False
    cache.adopt(before, reads.cache)
    return True
