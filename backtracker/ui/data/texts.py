"""Sentences about imports and backups, with numbers in the person's locale."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale

from backtracker.domain.dates import format_date
from backtracker.ui.data.preview_model import PREVIEW_LIMIT

if TYPE_CHECKING:
    from backtracker.services.importers import ImportResult, ParsedFile


def number(count: int) -> str:
    """1,204 (grouping follows the locale)."""
    return QLocale().toString(count)


def day_text(day: dt.date) -> str:
    """3 Jan 2026 (in English, like every date in the app)."""
    return format_date(day)


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """'1 workout', '1,204 sets' (grouping follows the locale)."""
    word = singular if count == 1 else (plural or f"{singular}s")
    return f"{number(count)} {word}"


def import_summary_line(result: ImportResult) -> str:
    """Imported 312 workouts with 9,120 sets · 4 already imported · 14 bodyweights."""
    parts = [
        f"Imported {counted(result.workouts_added, 'workout')} "
        f"with {counted(result.sets_added, 'set')}"
    ]
    if result.workouts_skipped:
        parts.append(f"{counted(result.workouts_skipped, 'workout')} already imported")
    if result.bodyweights_added:
        parts.append(counted(result.bodyweights_added, "bodyweight"))
    if result.measurements_added:
        parts.append(counted(result.measurements_added, "body measurement"))
    if result.exercises_created:
        parts.append(f"{counted(len(result.exercises_created), 'custom exercise')} created")
    if result.skipped_rows:
        parts.append(f"{counted(len(result.skipped_rows), 'problem line')} left out")
    return " · ".join(parts)


def contents_text(parsed: ParsedFile) -> str:
    """What the file holds: workouts, sets, bodyweights, the dates, repaired rows."""
    parts = []
    if parsed.workouts or not parsed.bodyweights:
        sets = sum(len(workout.sets) for workout in parsed.workouts)
        parts.append(f"{counted(len(parsed.workouts), 'workout')} with {counted(sets, 'set')}")
    if parsed.bodyweights:
        parts.append(counted(len(parsed.bodyweights), "bodyweight"))
    text = " and ".join(parts)
    days = [w.started_at.date() for w in parsed.workouts] + [d for d, _ in parsed.bodyweights]
    if days:
        first, last = min(days), max(days)
        text += f", {day_text(first)}" + (f" to {day_text(last)}" if last != first else "")
    text += "."
    if len(parsed.workouts) > PREVIEW_LIMIT:
        text += f" The first {PREVIEW_LIMIT} are shown here."
    if parsed.repaired:
        text += (
            f" {counted(parsed.repaired, 'row')} had commas written without quotes (in an "
            "exercise name or a comment); each was put back together."
        )
    return " ".join((text, *parsed.notices))


def columns_text(parsed: ParsedFile) -> str:
    """How the columns were understood, when the header was not in English."""
    if not parsed.column_mapping:
        return ""
    how = (
        "Columns recognised by their order (the header's words are not known); check "
        "them before importing"
        if parsed.column_mapping_by_shape
        else "Columns translated from the header"
    )
    pairs = " · ".join(f"{column} → {meaning}" for column, meaning in parsed.column_mapping)
    return f"{how}: {pairs}."
