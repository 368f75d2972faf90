"""What the importers hand around: the formats, the parsed file and the errors.

Everything is in canonical units (kg, metres, seconds) and naive local time, as stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from backtracker.domain.errors import UserError

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class SourceFormat(StrEnum):
    STRONG = "strong"
    HEVY = "hevy"
    FITNOTES = "fitnotes"
    FITNOTES_BODY = "fitnotes-body"
    BACKTRACKER = "backtracker"  # our own CSV export (services/export.py)

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    SourceFormat.STRONG: "Strong",
    SourceFormat.HEVY: "Hevy",
    SourceFormat.FITNOTES: "FitNotes",
    SourceFormat.FITNOTES_BODY: "FitNotes body tracker",
    SourceFormat.BACKTRACKER: "BackTracker",
}


class ImportFileError(UserError):
    """The file cannot be imported; the message names the line and the problem.

    Nothing has been written when this is raised.
    """

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(f"Line {line}: {message}" if line is not None else message)
        self.line = line
        self.reason = message  # without the line number


@dataclass(frozen=True)
class RowProblem:
    """A data row that cannot be imported, and why (the reason names no line)."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}"


class BadRowsError(ImportFileError):
    """Some rows cannot be imported; `problems` lists every one. Nothing has been written.

    The rest of the file can be imported by choosing to skip them (`skip_bad_rows`).
    """

    def __init__(self, problems: tuple[RowProblem, ...], *, importable: bool = True) -> None:
        first = problems[0]
        more = len(problems) - 1
        message = first.reason
        if more:
            message += (
                f" ({more} more {'line has a problem' if more == 1 else 'lines have problems'}.)"
            )
        if importable:
            message += " Correct these lines, or skip them to import the rest of the file."
        super().__init__(message, line=first.line)
        self.problems = problems
        self.importable = importable


class UnitNeededError(ImportFileError):
    """The file does not say whether weights are in kg or lb (Strong iOS): ask the person."""


class ImportCancelled(UserError):  # noqa: N818 (the contract's name)
    """The person cancelled; the transaction was rolled back and nothing was written."""

    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was changed.")


@dataclass(frozen=True)
class ParsedSet:
    exercise: str  # the name as written in the file
    set_type: str  # warmup | normal | drop | failure
    weight_kg: float | None
    reps: int | None
    duration_s: float | None
    distance_m: float | None
    rpe: float | None
    notes: str
    line: int  # where the set is in the file
    reps_left: int | None = None  # a one-sided set logged per side (our own CSV)
    reps_right: int | None = None


@dataclass(frozen=True)
class ParsedWorkout:
    key: str  # stable identity for idempotent re-imports, e.g. "strong:2020-12-30T18:51:52:Push"
    started_at: dt.datetime
    ended_at: dt.datetime | None
    name: str
    notes: str
    sets: tuple[ParsedSet, ...]
    rest_by_exercise: dict[str, int]  # from Strong's "Rest Timer" rows, seconds
    exercise_notes: dict[str, str]  # from Strong's "Note" rows and Hevy's exercise_notes
    # Superset group per exercise: Hevy's superset_id, our CSV's letter (A → 0); adjacent
    # exercises with one number form a group (the writer keeps groups of two or more)
    supersets: dict[str, int] = field(default_factory=dict)

    def exercise_order(self) -> list[str]:
        """Source names in the order the workout met them (sets first, then note-only ones)."""
        names = dict.fromkeys(s.exercise for s in self.sets)
        names.update(dict.fromkeys(self.exercise_notes))
        names.update(dict.fromkeys(self.rest_by_exercise))
        return list(names)


@dataclass(frozen=True)
class ParsedFile:
    format: SourceFormat
    variant: str  # human text, e.g. "Strong iOS: no unit in the file, 12-hour times"
    delimiter: str
    unit_in_file: str | None  # "kg" / "lb"; None when the file does not say (Strong iOS)
    workouts: tuple[ParsedWorkout, ...]
    bodyweights: tuple[tuple[dt.date, float], ...]  # kg, one per day
    rows: int  # data rows read (header and blank lines not counted)
    sha256: str
    file_name: str
    exercise_names: tuple[str, ...]  # distinct source names in first-seen order
    exercise_groups: dict[str, str] = field(default_factory=dict)  # FitNotes Category per name
    measurements: tuple[tuple[dt.date, str, float], ...] = ()  # other body metrics: day, name
    problems: tuple[RowProblem, ...] = ()  # rows left out: they cannot be imported
    repaired: int = 0  # rows whose unquoted commas were put back in place (FitNotes names)
    # A Strong header not in English: (the file's column, read as); by its shape when its
    # words are unknown (then the person sees the mapping before importing).
    column_mapping: tuple[tuple[str, str], ...] = ()
    column_mapping_by_shape: bool = False
    notices: tuple[str, ...] = ()  # what the person should know, e.g. workouts of days

    @property
    def set_count(self) -> int:
        return sum(len(w.sets) for w in self.workouts)


@dataclass(frozen=True)
class MatchSuggestion:
    source_name: str
    exercise_id: int | None  # the best candidate, confident or not; None if nothing is close
    exercise_name: str | None
    score: float  # 0–100
    confident: bool  # taken without asking: an exact name, an alias or the equipment suffix
    how: str = ""  # why it is taken (matching.EXACT, ALIAS, EQUIPMENT); "" for a suggestion


@dataclass(frozen=True)
class ImportResult:
    workouts_added: int
    workouts_skipped: int  # already imported (their import key exists)
    sets_added: int
    bodyweights_added: int
    exercises_created: list[str]
    mapping: dict[str, str]  # source name → our exercise name
    batch_id: int | None
    sets_skipped: int = 0  # the sets of the skipped workouts
    already_imported: bool = False  # the same file (sha256) was fully imported before
    measurements_added: int = 0  # body metrics other than bodyweight
    dry_run: bool = False
    skipped_rows: tuple[RowProblem, ...] = ()  # problem lines left out by choice
    # source name → how it was mapped: exact, alias, equipment, custom or chosen (the
    # caller's mapping: the dialog or a --map file); see matching.py
    how: dict[str, str] = field(default_factory=dict)
