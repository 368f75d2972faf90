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
from backtracker.domain.errors import UserError
from backtracker.domain.goals import week_start
from backtracker.domain.strength import Formula
from backtracker.domain.trends import linear_trend, moving_average, record_indices
from backtracker.domain.units import Unit, format_number, format_weight
from backtracker.storage import exercises as exercise_store
from backtracker.storage import progress as store
from backtracker.storage.progress import DayStats, Records

BODYWEIGHT_AVERAGE_ENTRIES = 7
SUGGESTIONS = 5


class Metric(StrEnum):
    E1RM = "e1rm"
    HEAVIEST = "heaviest"
    BEST_SET_VOLUME = "best_set_volume"
    SESSION_VOLUME = "session_volume"
    TOTAL_REPS = "total_reps"

    @property
    def label(self) -> str:
        return _METRIC_LABELS[self]

    @property
    def is_weight(self) -> bool:
        return self is not Metric.TOTAL_REPS


_METRIC_LABELS = {
    Metric.E1RM: "Estimated 1RM",
    Metric.HEAVIEST: "Heaviest weight",
    Metric.BEST_SET_VOLUME: "Best set volume",
    Metric.SESSION_VOLUME: "Session volume",
    Metric.TOTAL_REPS: "Total reps",
}


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


def _detail(day: DayStats, metric: Metric, unit: Unit, bodyweight: bool) -> str:
    """What the hover adds to the date and value: the set or session behind the point."""
    if metric in (Metric.E1RM, Metric.HEAVIEST):
        if day.best_set_reps is None or day.best_set_weight_kg is None:
            return _reps_text(day.total_reps)
        load = format_weight(day.best_set_weight_kg, unit)
        text = f"best set {day.best_set_reps} × {load}"
        return f"{text} (with bodyweight)" if bodyweight else text
    volume = format_weight(day.session_volume_kg, unit)
    if metric is Metric.TOTAL_REPS:
        return f"session volume {volume}" if day.session_volume_kg else ""
    return f"{_reps_text(day.total_reps)}, session volume {volume}"


def exercise_series(
    exercise_id: int,
    metric: Metric,
    rng: Range,
    *,
    formula: str,
    unit: str,
    today: dt.date | None = None,
) -> Series:
    """`metric` of the exercise per day over `rng` ending today.

    Record points are judged against all of history, not only the range shown.
    """
    metric, unit_ = Metric(metric), Unit(unit)
    since = Range(rng).since(today or clock.today())
    all_days = store.exercise_days(exercise_id, formula=Formula(formula))
    points = [(day, value) for day in all_days if (value := _value(day, metric)) is not None]
    records = set(record_indices([value for _, value in points]))
    first = (
        0
        if since is None
        else next((i for i, (day, _) in enumerate(points) if day.day >= since), len(points))
    )
    shown = points[first:]
    bodyweight = store.is_bodyweight_exercise(exercise_id)
    return Series(
        days=tuple(day.day for day, _ in shown),
        values=tuple(value for _, value in shown),
        details=tuple(_detail(day, metric, unit_, bodyweight) for day, _ in shown),
        record_indices=tuple(i - first for i in sorted(records) if i >= first),
        trend=linear_trend([(day.day.toordinal(), value) for day, value in shown]),
    )


def exercises_with_history() -> list[tuple[int, str, int]]:
    """(id, name, sessions) of every exercise with logged work sets, most-logged first."""
    return store.exercises_with_history()


def history_line(exercise_id: int, *, formula: str, unit: str) -> str:
    """One line for the Library: last session, best e1RM and how often it was logged."""
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
        parts.append(f"Last {advice.last_time} ({day.day} {day:%b %Y})")
    best = store.exercise_records(exercise_id, formula=formula).best_e1rm
    if best is not None:
        parts.append(f"best e1RM {format_weight(best.value_kg, unit)}")
    parts.append(f"{sessions} session{'s' if sessions != 1 else ''}")
    return " · ".join(parts)


def records(exercise_id: int, *, formula: str) -> Records:
    return store.exercise_records(exercise_id, formula=Formula(formula))


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


def stats(exercise: str, *, formula: str) -> dict[str, Any]:
    """The numbers of `backtracker stats`, weights in kg rounded to 2 decimals.

    Raises UnknownExerciseError (a UserError naming a few close names) when no exercise has
    that name or alias.
    """
    formula_ = Formula(formula)
    found = store.find_exercise(exercise)
    if found is None:
        raise UnknownExerciseError(exercise.strip(), close_names(exercise))
    exercise_id, name = found
    days = store.exercise_days(exercise_id, formula=formula_)
    best = store.exercise_records(exercise_id, formula=formula_)
    return {
        "exercise": name,
        "exercise_id": exercise_id,
        "formula": formula_.value,
        "sessions": store.session_count(exercise_id),
        "first_date": days[0].day.isoformat() if days else None,
        "last_date": days[-1].day.isoformat() if days else None,
        "best_e1rm_kg": _rounded(best.best_e1rm and best.best_e1rm.value_kg),
        "heaviest_weight_kg": _rounded(best.heaviest and best.heaviest.value_kg),
        "best_set_volume_kg": _rounded(best.best_set_volume and best.best_set_volume.value_kg),
        "records": {
            "best_e1rm": _record_json(best.best_e1rm),
            "heaviest_weight": _record_json(best.heaviest),
            "best_set_volume": _record_json(best.best_set_volume),
            "heaviest_by_reps": {str(n): _record_json(r) for n, r in best.by_reps.items()},
        },
        "e1rm_by_day": [
            [day.day.isoformat(), round(day.best_e1rm_kg, 2)]
            for day in days
            if day.best_e1rm_kg is not None
        ],
    }


def stats_text(numbers: dict[str, Any]) -> str:
    """A short summary of `stats` for a terminal, in kg."""
    formula = Formula(numbers["formula"]).label
    sessions = numbers["sessions"]
    head = f"{numbers['exercise']}: {sessions} session{'' if sessions == 1 else 's'}"
    if not sessions:
        return f"{head}; nothing logged yet."
    lines = [f"{head}, {numbers['first_date']} to {numbers['last_date']}"]
    records = numbers["records"]
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
    return "\n".join(lines)
