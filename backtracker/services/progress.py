"""Progress use cases: chart series, records, the overview and the `stats` numbers.

Weights stay in kg here; only the hover details are written in the person's unit.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from backtracker.domain import clock
from backtracker.domain.catalogue import Tracking
from backtracker.domain.dates import format_date
from backtracker.domain.errors import UserError
from backtracker.domain.goals import week_start
from backtracker.domain.strength import Formula
from backtracker.domain.trends import linear_trend, moving_average, record_indices
from backtracker.domain.units import Unit, format_duration, format_number, format_weight
from backtracker.storage import exercises as exercise_store
from backtracker.storage import progress as store
from backtracker.storage.progress import DayStats, EffortRecords, Records

BODYWEIGHT_AVERAGE_ENTRIES = 7
SUGGESTIONS = 5


class Metric(StrEnum):
    E1RM = "e1rm"
    HEAVIEST = "heaviest"
    BEST_SET_VOLUME = "best_set_volume"
    SESSION_VOLUME = "session_volume"
    TOTAL_REPS = "total_reps"
    MOST_REPS = "most_reps"
    LONGEST_HOLD = "longest_hold"
    TIME_UNDER_TENSION = "time_under_tension"

    @property
    def label(self) -> str:
        return _METRIC_LABELS[self]

    @property
    def is_weight(self) -> bool:
        return self not in _COUNT_METRICS and not self.is_time

    @property
    def is_time(self) -> bool:
        """Values in seconds."""
        return self in (Metric.LONGEST_HOLD, Metric.TIME_UNDER_TENSION)


_COUNT_METRICS = frozenset({Metric.TOTAL_REPS, Metric.MOST_REPS})
_METRIC_LABELS = {
    Metric.E1RM: "Estimated 1RM",
    Metric.HEAVIEST: "Heaviest weight",
    Metric.BEST_SET_VOLUME: "Best set volume",
    Metric.SESSION_VOLUME: "Session volume",
    Metric.TOTAL_REPS: "Total reps",
    Metric.MOST_REPS: "Most reps in a set",
    Metric.LONGEST_HOLD: "Longest hold",
    Metric.TIME_UNDER_TENSION: "Time under tension",
}
WEIGHT_METRICS = (
    Metric.E1RM,
    Metric.HEAVIEST,
    Metric.BEST_SET_VOLUME,
    Metric.SESSION_VOLUME,
    Metric.TOTAL_REPS,
)
BODYWEIGHT_METRICS = (
    Metric.MOST_REPS,
    Metric.TOTAL_REPS,
    Metric.E1RM,
    Metric.HEAVIEST,
    Metric.BEST_SET_VOLUME,
    Metric.SESSION_VOLUME,
)
TIME_METRICS = (Metric.LONGEST_HOLD, Metric.TIME_UNDER_TENSION)


class ExerciseKind(StrEnum):
    """What Progress can show of an exercise, from what its sets record."""

    WEIGHT = "weight"  # weight × reps
    BODYWEIGHT = "bodyweight"  # reps, with a load only once a bodyweight is logged
    TIME = "time"  # holds, stretches and cardio: seconds

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """The metrics that mean something for this kind, the default first."""
        if self is ExerciseKind.BODYWEIGHT:
            return BODYWEIGHT_METRICS
        return TIME_METRICS if self is ExerciseKind.TIME else WEIGHT_METRICS


def exercise_kind(exercise_id: int) -> ExerciseKind:
    tracking = store.exercise_tracking(exercise_id)
    if tracking is Tracking.BODYWEIGHT_REPS:
        return ExerciseKind.BODYWEIGHT
    if tracking in (Tracking.DURATION, Tracking.DISTANCE_DURATION):
        return ExerciseKind.TIME
    return ExerciseKind.WEIGHT


def metrics_for(exercise_id: int) -> tuple[Metric, ...]:
    """The metrics of the exercise, the default first: the estimated 1RM for weights, reps
    for bodyweight exercises, the longest hold for holds, stretches and cardio."""
    return exercise_kind(exercise_id).metrics


class Range(StrEnum):
    W4 = "4w"
    M3 = "3m"
    M6 = "6m"
    Y1 = "1y"
    ALL = "all"

    @property
    def label(self) -> str:
        return _RANGE_LABELS[self]

    def since(self, today: dt.date) -> dt.date | None:
        """The first day in the range (inclusive); None for all of history."""
        if self is Range.W4:
            return today - dt.timedelta(weeks=4)
        months = {Range.M3: 3, Range.M6: 6, Range.Y1: 12}.get(self)
        return None if months is None else _months_before(today, months)


_RANGE_LABELS = {
    Range.W4: "4 weeks",
    Range.M3: "3 months",
    Range.M6: "6 months",
    Range.Y1: "1 year",
    Range.ALL: "All",
}


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier, or the month's last day if shorter."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


@dataclass(frozen=True)
class Series:
    """The points of one metric of one exercise over a range, ready to plot."""

    days: tuple[dt.date, ...]
    values: tuple[float, ...]  # kg for weight metrics; the UI converts to the person's unit
    details: tuple[str, ...]  # hover text per point, in the person's unit
    record_indices: tuple[int, ...]  # points that set a new all-time best when done
    trend: tuple[float, float] | None  # (slope per day, intercept) with x = date.toordinal()


def _value(day: DayStats, metric: Metric) -> float | None:
    """A day's value of `metric`; None where the day has nothing to plot."""
    if metric is Metric.MOST_REPS:
        return float(day.most_reps) if day.most_reps else None
    if metric is Metric.E1RM:
        return day.best_e1rm_kg
    if metric is Metric.HEAVIEST:
        return day.heaviest_kg
    if metric is Metric.BEST_SET_VOLUME:
        return day.best_set_volume_kg
    if metric is Metric.SESSION_VOLUME:
        return day.session_volume_kg or None  # 0.0: no load known, not a real zero
    return float(day.total_reps)


def _reps_text(reps: int) -> str:
    return f"{reps} rep" if reps == 1 else f"{reps} reps"


def _detail(
    day: DayStats,
    metric: Metric,
    unit: Unit,
    bodyweight: bool,
    loads: dict[float, str] | None = None,
) -> str:
    """What the hover adds to the date and value: the set or session behind the point.
    `loads` keeps the text of each best-set load already written (years of sessions
    repeat a few dozen loads)."""
    if metric in (Metric.E1RM, Metric.HEAVIEST):
        if day.best_set_reps is None or day.best_set_weight_kg is None:
            return _reps_text(day.total_reps)
        weight = day.best_set_weight_kg
        load = loads.get(weight) if loads is not None else None
        if load is None:
            load = format_weight(weight, unit)
            if loads is not None:
                loads[weight] = load
        text = f"best set {day.best_set_reps} × {load}"
        return f"{text} (with bodyweight)" if bodyweight else text
    volume = format_weight(day.session_volume_kg, unit)
    if metric is Metric.TOTAL_REPS:
        return f"session volume {volume}" if day.session_volume_kg else ""
    if metric is Metric.MOST_REPS:
        return f"{_reps_text(day.total_reps)} in all"
    return f"{_reps_text(day.total_reps)}, session volume {volume}"


def _sets_text(count: int) -> str:
    return f"{count} set" if count == 1 else f"{count} sets"


def _time_points(exercise_id: int, metric: Metric) -> list[Point]:
    """(day, seconds, hover detail) of a time metric, oldest first."""
    return time_points(store.exercise_time_days(exercise_id), metric)


Point = tuple[dt.date, float, str]  # (day, value, hover detail)


def _points(exercise_id: int, metric: Metric, formula: Formula, unit: Unit) -> list[Point]:
    """(day, value, hover detail) of every day with a value, oldest first."""
    if metric.is_time:
        return _time_points(exercise_id, metric)
    bodyweight = store.is_bodyweight_exercise(exercise_id)
    return weight_points(
        store.exercise_days(exercise_id, formula=formula), metric, unit, bodyweight
    )


def weight_points(
    days: list[DayStats], metric: Metric, unit: Unit, bodyweight: bool
) -> list[Point]:
    """The points of a weight or reps `metric` from the exercise's per-day figures."""
    loads: dict[float, str] = {}
    return [
        (day.day, value, _detail(day, metric, unit, bodyweight, loads))
        for day in days
        if (value := _value(day, metric)) is not None
    ]


def time_points(days: list[store.TimeDayStats], metric: Metric) -> list[Point]:
    """The points of a time `metric` from the exercise's per-day holds."""
    points = []
    for day in days:
        if metric is Metric.LONGEST_HOLD:
            detail = f"{_sets_text(day.sets)}, {format_duration(day.total_s)} in all"
            points.append((day.day, day.longest_s, detail))
        else:
            detail = f"{_sets_text(day.sets)}, longest {format_duration(day.longest_s)}"
            points.append((day.day, day.total_s, detail))
    return points


def exercise_series(
    exercise_id: int,
    metric: Metric,
    rng: Range,
    *,
    formula: str,
    unit: str,
    today: dt.date | None = None,
    points: list[Point] | None = None,
) -> Series:
    """`metric` of the exercise per day over `rng` ending today.

    Record points are judged against all of history, not only the range shown. `points`
    are the exercise's points of `metric` over all of its history when the caller has them
    already (services/progress_cache.py); they are read otherwise.
    """
    metric, unit_ = Metric(metric), Unit(unit)
    since = Range(rng).since(today or clock.today())
    if points is None:
        points = _points(exercise_id, metric, Formula(formula), unit_)
    return series_of(points, since)


def series_of(points: list[Point], since: dt.date | None) -> Series:
    """The series of the points from `since` on (all of them for None); record points are
    judged against all of `points`, the trend is fitted to those shown."""
    records = set(record_indices([value for _, value, _ in points]))
    first = (
        0
        if since is None
        else next((i for i, (day, _, _) in enumerate(points) if day >= since), len(points))
    )
    shown = points[first:]
    return Series(
        days=tuple(day for day, _, _ in shown),
        values=tuple(value for _, value, _ in shown),
        details=tuple(detail for _, _, detail in shown),
        record_indices=tuple(i - first for i in sorted(records) if i >= first),
        trend=linear_trend([(day.toordinal(), value) for day, value, _ in shown]),
    )


def exercises_with_history() -> list[tuple[int, str, int]]:
    """(id, name, sessions) of every exercise with logged work sets, most-logged first."""
    return store.exercises_with_history()


def history_line(exercise_id: int, *, formula: str, unit: str) -> str:
    """One line for the Library: last session, the exercise's bests and how often it was
    logged. Holds add the last session's time under tension and the longest hold;
    bodyweight exercises the last session's reps and the most reps in a set; the best
    estimated 1RM comes wherever a load is known."""
    from backtracker.services import logbook  # the Library asks rarely; keep imports light
    from backtracker.services.preferences import Preferences

    sessions = store.session_count(exercise_id)
    if not sessions:
        return "Not logged yet."
    advice = logbook.coaching(
        exercise_id,
        before=clock.now(),
        rep_range=logbook.rep_range_of(None, None),
        prefs=Preferences(unit=unit, formula=formula),
    )
    parts = []
    if advice.last_time and advice.last_date:
        day = advice.last_date
        parts.append(f"Last {advice.last_time} ({format_date(day)})")
    kind = exercise_kind(exercise_id)
    efforts = store.effort_records(exercise_id)
    if kind is ExerciseKind.TIME:
        days = [d for d in store.exercise_time_days(exercise_id) if d.day <= clock.today()]
        if days:
            parts.append(f"{format_duration(days[-1].total_s)} under tension")
        if efforts.longest_hold is not None:
            parts.append(f"longest hold {format_duration(efforts.longest_hold.value)}")
    if kind is ExerciseKind.BODYWEIGHT:
        reps_days = [d for d in store.exercise_days(exercise_id) if d.day <= clock.today()]
        if reps_days:
            parts.append(f"{_reps_text(reps_days[-1].total_reps)} in all")
        if efforts.most_reps is not None:
            parts.append(f"most reps {round(efforts.most_reps.value)}")
    best = store.exercise_records(exercise_id, formula=formula).best_e1rm
    if best is not None:
        parts.append(f"best e1RM {format_weight(best.value_kg, unit)}")
    parts.append(f"{sessions} session{'s' if sessions != 1 else ''}")
    return " · ".join(parts)


def records(exercise_id: int, *, formula: str) -> Records:
    return store.exercise_records(exercise_id, formula=Formula(formula))


def effort_records(exercise_id: int) -> EffortRecords:
    """The longest hold, most time in a session, most reps in a set and in a session."""
    return store.effort_records(exercise_id)


@dataclass(frozen=True)
class Overview:
    """The overview page: sessions per week, weekly volume by muscle, bodyweight."""

    weeks: tuple[tuple[dt.date, int], ...]  # (Monday, sessions), weeks without any included
    muscle_weeks: tuple[dt.date, ...]  # the same Mondays as `weeks`
    muscle_volumes: dict[str, tuple[float, ...]]  # muscle key → kg per week, biggest first
    bodyweight: tuple[tuple[dt.date, float], ...]
    bodyweight_avg7: tuple[float, ...]  # trailing mean of up to 7 entries, per entry
    muscle_names: dict[str, str] = field(default_factory=dict)  # muscle key → short name


def overview(*, rng: Range, today: dt.date | None = None) -> Overview:
    """The weekly charts show whole weeks: those from the first Monday in the range."""
    today = today or clock.today()
    since = Range(rng).since(today)
    first_monday = None if since is None else week_start(since + dt.timedelta(days=6))
    weeks = store.sessions_per_week(since=first_monday, until=today)
    mondays = tuple(week for week, _ in weeks)
    position = {week: i for i, week in enumerate(mondays)}
    volumes: dict[str, list[float]] = {}
    for week, key, kg in store.weekly_volume_by_muscle(since=first_monday):
        if week in position:
            volumes.setdefault(key, [0.0] * len(mondays))[position[week]] += kg
    ordered = sorted(volumes.items(), key=lambda item: (-sum(item[1]), item[0]))
    bodyweight = store.bodyweight_series(since=since)
    averages = moving_average([kg for _, kg in bodyweight], BODYWEIGHT_AVERAGE_ENTRIES)
    names = {m.key: m.short_name for m in exercise_store.list_muscles()}
    return Overview(
        weeks=tuple(weeks),
        muscle_weeks=mondays,
        muscle_volumes={key: tuple(values) for key, values in ordered},
        bodyweight=tuple(bodyweight),
        bodyweight_avg7=tuple(averages),
        muscle_names={key: names.get(key, key) for key, _ in ordered},
    )


# --- stats ----------------------------------------------------------------------------------


class UnknownExerciseError(UserError):
    def __init__(self, wanted: str, suggestions: list[str]) -> None:
        message = f"No exercise called “{wanted}”."
        if suggestions:
            message += f" Try one of: {', '.join(suggestions)}."
        super().__init__(message)
        self.suggestions = suggestions


def close_names(wanted: str, limit: int = SUGGESTIONS) -> list[str]:
    """Exercise names that look like `wanted`: names or aliases containing it first, then
    similar spellings; failing both, the exercises trained most."""
    query = " ".join(wanted.split()).casefold()
    candidates = store.exercise_names()
    found: list[str] = []
    if query:
        found += [name for text, _, name in candidates if query in text.casefold()]
        by_text = {text.casefold(): name for text, _, name in candidates}
        close = difflib.get_close_matches(query, list(by_text), n=limit * 2, cutoff=0.6)
        found += [by_text[text] for text in close]
    found = list(dict.fromkeys(found))
    if not found:
        found = [name for _, name, _ in store.exercises_with_history()]
    return found[:limit]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _record_json(record: store.Record | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {
        "value_kg": _rounded(record.value_kg),
        "date": record.day.isoformat(),
        "weight_kg": _rounded(record.weight_kg),
        "reps": record.reps,
    }


def _best_json(best: store.Best | None, key: str) -> dict[str, Any] | None:
    if best is None:
        return None
    value: float | int = round(best.value) if key == "reps" else round(best.value, 1)
    return {key: value, "date": best.day.isoformat()}


def stats(exercise: str, *, formula: str) -> dict[str, Any]:
    """The numbers of `backtracker stats`, weights in kg rounded to 2 decimals, times in
    seconds.

    Raises UnknownExerciseError (a UserError naming a few close names) when no exercise has
    that name or alias. `kind` says what the exercise records (weight, bodyweight, time).
    Holds and bodyweight exercises get their longest hold, time under tension per session
    and reps; the weight figures stay None where no load is known.
    """
    formula_ = Formula(formula)
    found = store.find_exercise(exercise)
    if found is None:
        raise UnknownExerciseError(exercise.strip(), close_names(exercise))
    exercise_id, name = found
    days = store.exercise_days(exercise_id, formula=formula_)
    time_days = store.exercise_time_days(exercise_id)
    best = store.exercise_records(exercise_id, formula=formula_)
    efforts = store.effort_records(exercise_id)
    all_days = sorted({day.day for day in days} | {day.day for day in time_days})
    info = exercise_store.get_exercise(exercise_id)
    return {
        "exercise": name,
        "exercise_id": exercise_id,
        "kind": exercise_kind(exercise_id).value,
        "pattern": info.pattern,  # the movement pattern (domain.catalogue.Pattern) or None
        "spinal_load": info.spinal_load,  # low | moderate | high, or None when not known
        "formula": formula_.value,
        "sessions": store.session_count(exercise_id),
        "first_date": all_days[0].isoformat() if all_days else None,
        "last_date": all_days[-1].isoformat() if all_days else None,
        "best_e1rm_kg": _rounded(best.best_e1rm and best.best_e1rm.value_kg),
        "heaviest_weight_kg": _rounded(best.heaviest and best.heaviest.value_kg),
        "best_set_volume_kg": _rounded(best.best_set_volume and best.best_set_volume.value_kg),
        "longest_hold_s": efforts.longest_hold and round(efforts.longest_hold.value, 1),
        "most_reps": efforts.most_reps and round(efforts.most_reps.value),
        "records": {
            "best_e1rm": _record_json(best.best_e1rm),
            "heaviest_weight": _record_json(best.heaviest),
            "best_set_volume": _record_json(best.best_set_volume),
            "heaviest_by_reps": {str(n): _record_json(r) for n, r in best.by_reps.items()},
            "longest_hold": _best_json(efforts.longest_hold, "seconds"),
            "most_time_in_a_session": _best_json(efforts.most_time, "seconds"),
            "most_reps": _best_json(efforts.most_reps, "reps"),
            "most_reps_in_a_session": _best_json(efforts.most_session_reps, "reps"),
        },
        "e1rm_by_day": [
            [day.day.isoformat(), round(day.best_e1rm_kg, 2)]
            for day in days
            if day.best_e1rm_kg is not None
        ],
        "time_under_tension_by_day": [
            [day.day.isoformat(), round(day.total_s, 1)] for day in time_days
        ],
        "reps_by_day": [[day.day.isoformat(), day.total_reps] for day in days],
    }


STATS_TEXT_DAYS = 8  # per-session figures listed by `stats` (the JSON has them all)


def _recent(values: list[str], day: str) -> str:
    shown = values[-STATS_TEXT_DAYS:]
    more = "…, " if len(values) > len(shown) else ""
    return f"{more}{', '.join(shown)} (last {day})"


def _weight_lines(numbers: dict[str, Any]) -> list[str]:
    formula = Formula(numbers["formula"]).label
    records = numbers["records"]
    lines = []
    for label, key in (
        (f"Best estimated 1RM ({formula})", "best_e1rm"),
        ("Heaviest weight", "heaviest_weight"),
        ("Best set volume", "best_set_volume"),
    ):
        record = records[key]
        if record is None:
            lines.append(f"  {label}: —")
            continue
        set_text = f"{record['reps']} × {format_weight(record['weight_kg'], Unit.KG)}"
        value = format_weight(record["value_kg"], Unit.KG)
        lines.append(f"  {label}: {value} ({set_text}, {record['date']})")
    by_reps = records["heaviest_by_reps"]
    if by_reps:
        parts = [
            f"{reps}×{format_number(record['weight_kg'], 2)}" for reps, record in by_reps.items()
        ]
        lines.append(f"  Heaviest by reps (kg): {', '.join(parts)}")
    return lines


def stats_text(numbers: dict[str, Any]) -> str:
    """A short summary of `stats` for a terminal, weights in kg."""
    sessions = numbers["sessions"]
    head = f"{numbers['exercise']}: {sessions} session{'' if sessions == 1 else 's'}"
    if not sessions:
        return f"{head}; nothing logged yet."
    lines = [f"{head}, {numbers['first_date']} to {numbers['last_date']}"]
    records = numbers["records"]
    if records["longest_hold"] is not None:
        hold = records["longest_hold"]
        lines.append(f"  Longest hold: {format_duration(hold['seconds'])} ({hold['date']})")
        by_day = numbers["time_under_tension_by_day"]
        times = [format_duration(seconds) for _, seconds in by_day]
        lines.append(f"  Time under tension per session: {_recent(times, by_day[-1][0])}")
    if records["most_reps"] is not None and numbers["kind"] == ExerciseKind.BODYWEIGHT:
        most = records["most_reps"]
        lines.append(f"  Most reps in a set: {most['reps']} ({most['date']})")
        by_day = numbers["reps_by_day"]
        reps = [str(count) for _, count in by_day]
        lines.append(f"  Reps per session: {_recent(reps, by_day[-1][0])}")
    has_load = records["best_e1rm"] is not None or records["heaviest_weight"] is not None
    if has_load or numbers["kind"] == ExerciseKind.WEIGHT:
        lines += _weight_lines(numbers)
    return "\n".join(lines)
