"""The back coach's week report: hard sets per region against the band, the balance of
pulls, stalled exercises, a deload week when most of them have stalled, and the lower-back
rule's swap suggestions.

Read-only: it runs a few queries (storage/coach.py) and leaves the rules to domain/coach/.
`backtracker report` prints it; the coach's screens can show the same `WeekReport`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from backtracker.domain import clock
from backtracker.domain.coach import balance as balance_rules
from backtracker.domain.coach import deload_week, lower_back, regions, stalls
from backtracker.domain.dates import format_date
from backtracker.domain.errors import UserError
from backtracker.domain.goals import week_start
from backtracker.domain.units import format_weight
from backtracker.services import preferences
from backtracker.storage import coach as queries
from backtracker.storage import deloads

_WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class WeekReport:
    monday: dt.date
    current: bool  # the week holding today
    regions: tuple[regions.RegionCount, ...]
    region_sentences: tuple[str, ...]
    balance: balance_rules.Balance
    stalled: tuple[str, ...]  # exercise names
    trained: int  # back exercises with rep sets in the last 3 weeks (the stall population)
    deload: tuple[stalls.DeloadItem, ...]  # empty unless a deload week is suggested
    suggestions: tuple[str, ...]
    unit: str
    balance_sentences: tuple[str, ...] = ()  # those of the suggestions about the balance
    # The deload week accepted for this week or the next (then none is suggested again).
    deload_accepted: deload_week.DeloadWeek | None = None
    deload_sentence: str = ""  # the deload suggestion (also in `suggestions`), if any

    @property
    def week(self) -> str:
        return regions.iso_week(self.monday)


def parse_week(text: str) -> dt.date:
    """The Monday of a week written YYYY-Www; UserError when it is not one or is still to
    come."""
    try:
        monday = regions.parse_iso_week(text)
    except ValueError as error:
        raise UserError(str(error)) from None
    if monday > clock.today():
        raise UserError(
            f"{regions.iso_week(monday)} has not started yet (it starts on "
            f"{format_date(monday)}); choose this week or an earlier one."
        )
    return monday


def week_report(monday: dt.date | None = None) -> WeekReport:
    """The report for the week starting `monday` (by default the current week)."""
    today = clock.today()
    monday = week_start(monday or today)
    end = monday + _WEEK
    prefs = preferences.load()
    band = (prefs.coach_band_low, prefs.coach_band_high)

    first = monday - (balance_rules.LOOKBACK_WEEKS - 1) * _WEEK
    rows = queries.hard_sets_by_day(first, end)
    facts = queries.exercise_facts(exercise for exercise, _day, _count in rows)

    this_week: dict[int, int] = defaultdict(int)
    patterns: dict[dt.date, dict[str, int]] = {
        first + n * _WEEK: defaultdict(int) for n in range(balance_rules.LOOKBACK_WEEKS)
    }
    for exercise, day, count in rows:
        week = week_start(day)
        if week == monday:
            this_week[exercise] += count
        pattern = facts[exercise].pattern if exercise in facts else None
        if pattern is not None:
            patterns[week][pattern] += count

    muscles = {
        exercise: regions.ExerciseMuscles(info.muscles, info.pattern, info.category)
        for exercise, info in facts.items()
    }
    counts = regions.region_counts(regions.weekly_region_sets(this_week, muscles), band)
    current = monday == week_start(today)
    when = "this week" if current else f"in the week of {format_date(monday)}"
    sentences = [regions.region_sentence(c.region, c.sets, c.low, c.high, when) for c in counts]

    weeks = [balance_rules.WeekPatterns(week, dict(sets)) for week, sets in patterns.items()]
    figures = balance_rules.balance(weeks[-balance_rules.WINDOW_WEEKS :])

    window_start = monday - (stalls.WINDOW_WEEKS - 1) * _WEEK
    histories = queries.recent_back_sessions(window_start, end, stalls.LOOKBACK_SESSIONS)
    deload_weeks = deloads.all_weeks()  # a deload starts the stall count again
    reset = deload_week.latest_ended_before(deload_weeks, end)
    counted = [deload_week.since(h, reset.sunday if reset else None) for h in histories]
    stalled = [h for h in counted if stalls.stalled(h, prefs.formula)]
    accepted = deload_week.covering(deload_weeks, monday) or deload_week.covering(deload_weeks, end)
    deload: list[stalls.DeloadItem] = []
    suggestions = [
        sentence
        for count, sentence in zip(counts, sentences, strict=True)
        if count.status is not regions.Status.WITHIN
    ]
    balance_sentences = balance_rules.balance_sentences(weeks)
    suggestions += balance_sentences
    suggestions += _swap_sentences(monday, end)
    deload_sentence = ""
    if accepted is not None:
        deload_sentence = deload_week.accepted_sentence(accepted)
    elif stalls.deload_due(len(stalled), len(histories)):
        normal = [deload_week.outside(h, deload_weeks) for h in histories]
        deload = [item for h in normal if (item := stalls.deload_item(h, prefs.unit)) is not None]
        deload_sentence = stalls.deload_sentence(len(stalled), len(histories))
    if deload_sentence:
        suggestions.append(deload_sentence)
    return WeekReport(
        monday=monday,
        current=current,
        regions=tuple(counts),
        region_sentences=tuple(sentences),
        balance=figures,
        stalled=tuple(h.name for h in stalled),
        trained=len(histories),
        deload=tuple(deload),
        suggestions=tuple(suggestions),
        unit=prefs.unit,
        balance_sentences=tuple(balance_sentences),
        deload_accepted=accepted,
        deload_sentence=deload_sentence,
    )


def _swap_sentences(monday: dt.date, end: dt.date) -> list[str]:
    """The lower-back rule's swap suggestions (services/discomfort.py) for the exercises of
    the week, as of each one's latest workout that week; only read, never applied."""
    from backtracker.services import discomfort

    sentences = []
    for exercise, workout in queries.sore_exercises(monday, end, lower_back.THRESHOLD).items():
        offer = discomfort.suggestion(exercise, workout)
        if offer is not None:
            sentences.append(offer.swap.sentence)
    return sentences


def report_json(report: WeekReport) -> dict[str, object]:
    """The report as `backtracker report --json` prints it."""
    return {
        "week": report.week,
        "regions": {
            count.region: {"sets": count.sets, "low": count.low, "high": count.high}
            for count in report.regions
        },
        "vertical_pull_sets": report.balance.vertical_pull_sets,
        "horizontal_pull_sets": report.balance.horizontal_pull_sets,
        "pull_sets": report.balance.pull_sets,
        "push_sets": report.balance.push_sets,
        "stalled": list(report.stalled),
        "suggestions": list(report.suggestions),
    }


def _deload_line(item: stalls.DeloadItem, unit: str) -> str:
    sets = f"{item.sets} set{'' if item.sets == 1 else 's'}"
    if item.load_kg is None:
        return f"  {item.exercise}: {sets}"
    return f"  {item.exercise}: {format_weight(item.load_kg, unit)}, {sets}"


def report_text(report: WeekReport) -> str:
    """The report as `backtracker report` prints it: a few plain lines."""
    sunday = report.monday + dt.timedelta(days=6)
    lines = [
        f"Week {report.week} ({format_date(report.monday)} – {format_date(sunday)})",
        "",
        "Hard sets per back region (primary 1, secondary ½):",
    ]
    for count in report.regions:
        label = regions.REGION_LABELS[count.region]
        lines.append(
            f"  {label:<15} {regions.format_sets(count.sets):>5}  "
            f"({count.status.value} {count.low}–{count.high})"
        )
    figures = report.balance
    lines += [
        "",
        f"Balance over the last {balance_rules.WINDOW_WEEKS} weeks (sets):",
        f"  vertical pulls {figures.vertical_pull_sets}, horizontal pulls "
        f"{figures.horizontal_pull_sets}; all pulls {figures.pull_sets}, pushes "
        f"{figures.push_sets}",
        "",
    ]
    if report.stalled:
        lines.append(
            f"Stalled (no better estimated 1RM in the last {stalls.STALL_SESSIONS} sessions): "
            + ", ".join(report.stalled)
        )
    elif report.trained:
        lines.append(
            f"Stalled: none of the {report.trained} back exercises of the last "
            f"{stalls.WINDOW_WEEKS} weeks."
        )
    else:
        lines.append(
            f"Stalled: none (no back exercise with weights in the last {stalls.WINDOW_WEEKS} "
            "weeks)."
        )
    if report.deload:
        lines += ["", "Deload week:"]
        lines += [_deload_line(item, report.unit) for item in report.deload]
    lines += ["", "Suggestions:" if report.suggestions else "Suggestions: none; keep going."]
    lines += [f"  - {sentence}" for sentence in report.suggestions]
    return "\n".join(lines)
