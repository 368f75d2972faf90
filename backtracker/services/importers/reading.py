"""Reading an export safely: bytes to text, rows with their line numbers, and cell values.

Every problem becomes an `ImportFileError` that names the line, so a broken file is refused
with a sentence the person can act on, never a traceback. A problem in one row (a cell that
is not a number, a row of the wrong width) is noted in `Problems` by the parsers and reading
goes on, so every such line can be listed; a problem with the whole file (not text, no
header, a quote never closed) still stops it.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from backtracker.domain.errors import os_reason
from backtracker.services.importers.model import (
    Cancelled,
    ImportCancelled,
    ImportFileError,
    RowProblem,
    UnitNeededError,
)

CHECK_EVERY = 2000  # rows between progress reports and cancellation checks
MAX_REPS = 100_000
MAX_SECONDS = 7 * 24 * 3600  # longer than any workout, rest or hold
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


@dataclass(frozen=True)
class Source:
    """A file's text, ready for the csv module."""

    text: str
    sha256: str
    file_name: str

    @property
    def line_count(self) -> int:
        return self.text.count("\n") + 1


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def load(path: Path) -> Source:
    """Read and decode the file; refuse empty, binary and non-UTF-8 files."""
    try:
        if Path(path).exists() and not Path(path).is_dir() and not Path(path).is_file():
            raise ImportFileError(f"{path} is not a regular file; choose the exported CSV file.")
        data = Path(path).read_bytes()  # a pipe or a device (refused above) would never end
    except FileNotFoundError:
        raise ImportFileError(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder; choose the exported CSV file.") from None
    except OSError as error:
        reason = os_reason(error)
        raise ImportFileError(f"{path} cannot be read: {reason}.") from error
    sha256 = hashlib.sha256(data).hexdigest()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportFileError(
                "the file claims to be UTF-16 text but holds bytes that are not.", line=1
            ) from error
    else:
        nul = data.find(b"\0")
        if nul >= 0:
            raise ImportFileError(
                "the file holds binary data (a NUL byte), not CSV text. "
                "Is it the exported CSV file?",
                line=_line_of(data, nul),
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            bad = data[error.start]
            raise ImportFileError(
                f"the file is not UTF-8 text (byte 0x{bad:02X} cannot be read). "
                "Export it again from the app, or save it as UTF-8 CSV.",
                line=_line_of(data, error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)),
            ) from error
    text = text.removeprefix("\ufeff")
    control = _CONTROL.search(text)
    if control:
        raise ImportFileError(
            f"the file holds binary data (control character 0x{ord(control.group()):02X}), "
            "not CSV text. Is it the exported CSV file?",
            line=text.count("\n", 0, control.start()) + 1,
        )
    if not text.strip():
        raise ImportFileError(
            "the file is empty: there is no header and no rows. Export your history again "
            "and choose the new file.",
            line=1,
        )
    return Source(text=text, sha256=sha256, file_name=Path(path).name)


def lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) lazily, split where the csv module splits (\n, \r\n or \r)."""
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        yield number, line.rstrip("\r\n")


def header_line(text: str) -> tuple[int, str]:
    """The first line that is not blank, with its line number."""
    for number, line in lines(text):
        if line.strip():
            return number, line
    raise ImportFileError("the file is empty.", line=1)  # load() has refused this already


def split_line(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


class Problems(list[RowProblem]):
    """The rows of a file that cannot be imported, each with its reason, in file order."""

    def add(self, error: ImportFileError, line: int) -> None:
        """Note the row's problem; a file-wide question (which unit?) is raised on."""
        if isinstance(error, UnitNeededError):
            raise error
        self.append(RowProblem(error.line or line, error.reason))


def rows(
    source: Source,
    delimiter: str,
    header_at: int,
    width: int,
    cancelled: Cancelled | None,
    *,
    problems: Problems | None = None,
    longer: bool = False,
) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each data row after the header; blank rows are skipped.

    Rows must have as many cells as the header; trailing empty cells are forgiven. With
    `problems`, a row of another width is noted there and left out instead of refusing the
    file; with `longer`, rows with more cells come as they are (the caller places them).
    """
    reader = csv.reader(io.StringIO(source.text, newline=""), delimiter=delimiter)
    start = 1
    count = 0
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if line <= header_at:
                continue
            if not (cells and cells[0].strip()) and not any(cell.strip() for cell in cells):
                continue  # a blank row
            if len(cells) != width and reader.line_num > line:
                raise ImportFileError(  # skipping it would drop every line it swallowed
                    f'this row runs on to line {reader.line_num}: a quote (") in it is not '
                    "closed, so the lines after it cannot be read. Correct the quote and "
                    "try again.",
                    line=line,
                )
            if len(cells) != width and not (longer and len(cells) > width):
                while len(cells) > width and not cells[-1].strip():
                    cells.pop()
                if len(cells) != width:
                    error = ImportFileError(
                        f"this row has {len(cells)} fields but the header has {width}. "
                        "The file may be cut short or edited by hand.",
                        line=line,
                    )
                    if problems is None:
                        raise error
                    problems.add(error, line)
                    continue
            count += 1
            if cancelled is not None and count % CHECK_EVERY == 0 and cancelled():
                raise ImportCancelled()
            yield line, cells
    except csv.Error as error:
        raise ImportFileError(
            f"the row cannot be read as CSV ({error}); a quote may be missing.", line=start
        ) from error


# --- cell values ----------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Collapse whitespace (including no-break spaces) and trim."""
    return _SPACES.sub(" ", text).strip()


class Names(dict[str, str]):
    """`clean_text` remembered: names repeat on every row of a workout."""

    def __missing__(self, text: str) -> str:
        cleaned = self[text] = clean_text(text)
        return cleaned


def number(text: str, line: int, column: str) -> float | None:
    """A finite number, or None for an empty cell; "22,5" (decimal comma) is read too."""
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
        if text.count(",") == 1:
            with contextlib.suppress(ValueError):
                value = float(text.replace(",", "."))
    if not math.isfinite(value):
        raise ImportFileError(f"“{_short(text)}” in {column} is not a number.", line=line)
    return value


def amount(text: str, line: int, column: str) -> float | None:
    """A non-negative number; 0 and empty both mean "not used" and give None."""
    try:  # the common case first: this runs for most cells of 100,000 rows
        value = float(text)
    except ValueError:
        value = number(text, line, column)
        if value is None:
            return None
    if not math.isfinite(value):
        number(text, line, column)  # raises with the message
    if value < 0:
        raise ImportFileError(f"{column} can't be negative (“{_short(text)}”).", line=line)
    return value or None


def weight(text: str, line: int, column: str) -> float | None:
    """A weight cell: like `amount`, but a negative weight is kept. Apps write assistance
    that way (an assisted pull-up at -20); whether the exercise takes it is known only once
    the names are mapped (importers/assisted.py)."""
    try:
        value = float(text)
    except ValueError:
        value = number(text, line, column)
        if value is None:
            return None
    if not math.isfinite(value):
        number(text, line, column)  # raises with the message
    return value or None


def whole(text: str, line: int, column: str, *, limit: int = MAX_REPS) -> int | None:
    """A whole number such as reps (`13.0` is 13); 0 and empty give None."""
    value = amount(text, line, column)
    if value is None:
        return None
    if not value.is_integer():
        raise ImportFileError(f"“{_short(text)}” in {column} is not a whole number.", line=line)
    if value > limit:
        raise ImportFileError(f"{_short(text)} is too many for {column}.", line=line)
    return int(value)


def seconds(value: float | None, line: int, column: str) -> float | None:
    if value is not None and value > MAX_SECONDS:
        raise ImportFileError(
            f"{column} of {value:.0f} seconds ({value / 86400:.1f} days) is more than a week, "
            "longer than any set, hold or rest.",
            line=line,
        )
    return value


def rpe(text: str, line: int, column: str) -> float | None:
    """RPE from 1 to 10; empty or 0 means not recorded."""
    value = amount(text, line, column)
    if value is not None and not 1 <= value <= 10:
        raise ImportFileError(
            f"“{_short(text)}” in {column} is not an RPE (from 1 to 10).", line=line
        )
    return value


_CLOCK = re.compile(r"(\d+):(\d{1,2})(?::(\d{1,2}))?(?:\.\d*)?")
_HMS = re.compile(r"(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?", re.IGNORECASE)


def duration(text: str, line: int, column: str) -> float | None:
    """Seconds in "2h 38m", "49m", "45s", "1:02:03" (H:MM:SS) or a plain number of seconds."""
    text = text.strip()
    if not text:
        return None
    clock = _CLOCK.fullmatch(text)
    if clock:
        parts = [int(p) for p in clock.groups() if p is not None]
        if any(p >= 60 for p in parts[1:]):
            clock = None
        else:
            total = 0
            for part in parts:
                total = total * 60 + part
            return seconds(float(total) or None, line, column)
    hms = _HMS.fullmatch(text)
    if hms and any(hms.groups()):
        h, m, s = (int(g or 0) for g in hms.groups())
        return seconds(float(h * 3600 + m * 60 + s) or None, line, column)
    try:
        value = amount(text, line, column)
    except ImportFileError:
        raise ImportFileError(
            f"“{_short(text)}” in {column} is not a duration (e.g. 1h 5m, 49m or 0:45:00).",
            line=line,
        ) from None
    return seconds(value, line, column)  # a number of seconds: over a week is said as such


def plus_seconds(start: dt.datetime, secs: float | None, line: int) -> dt.datetime | None:
    if not secs:
        return None
    try:
        return start + dt.timedelta(seconds=round(secs))
    except OverflowError:
        raise ImportFileError("the workout would end after the year 9999.", line=line) from None


def bad_date(text: str, line: int, column: str, example: str) -> ImportFileError:
    return ImportFileError(
        f"“{_short(text)}” in {column} is not a date BackTracker can read (expected e.g. "
        f"{example}).",
        line=line,
    )


def _short(text: str, limit: int = 40) -> str:
    text = clean_text(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
