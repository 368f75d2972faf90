"""Dates and times as the apps write them, parsed without the locale (no strptime %b/%p).

Each parser caches by text: a workout's start repeats on every row of that workout.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping

from backtracker.services.importers.model import ImportFileError
from backtracker.services.importers.reading import bad_date, clean_text
from backtracker.services.importers.strong_locales import DURATION_UNITS

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:\s*([ap])\.?\s*m\.?)?"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+" + _TIME + r")?", re.IGNORECASE)
_HEVY = re.compile(
    r"(\d{1,2})\s+([a-z]{3,9})\.?\s+(\d{4}),?\s+" + _TIME, re.IGNORECASE
)  # 15 Sep 2025, 07:48
_SPACES = re.compile(r"[\s\u00a0\u202f]+")

STRONG_EXAMPLE = "2020-12-30 18:51:52 or 2025-01-30 6:34:56 pm"
HEVY_EXAMPLE = "15 Sep 2025, 07:48"


def _clock(hour: str, minute: str, second: str | None, half: str | None) -> dt.time:
    """24-hour or 12-hour ("12 am" is midnight, "12 pm" noon); raises ValueError."""
    h, m, s = int(hour), int(minute), int(second or 0)
    if half:
        if not 1 <= h <= 12:
            raise ValueError("hour out of range for a 12-hour time")
        h = h % 12 + (12 if half.lower() == "p" else 0)
    return dt.time(h, m, s)


def is_strong_date(text: str) -> bool:
    """Whether the text is a Strong start time (ISO date and time, 24- or 12-hour)."""
    match = _ISO.fullmatch(_SPACES.sub(" ", text).strip())
    return bool(match and match.group(4))


def is_twelve_hour(text: str) -> bool:
    match = _ISO.fullmatch(_SPACES.sub(" ", text).strip())
    return bool(match and match.group(7))


class DateTimes:
    """Parses one app's timestamps, remembering each distinct text."""

    def __init__(self, column: str, example: str) -> None:
        self.column, self.example = column, example
        self._seen: dict[str, dt.datetime] = {}

    def __call__(self, text: str, line: int) -> dt.datetime:
        found = self._seen.get(text)
        if found is None:
            found = self._seen[text] = self._parse(text, line)
        return found

    def _parse(self, text: str, line: int) -> dt.datetime:
        cleaned = _SPACES.sub(" ", text).strip()
        try:
            match = _ISO.fullmatch(cleaned)
            if match:
                year, month, day, hour, minute, second, half = match.groups()
                clock = _clock(hour, minute, second, half) if hour else dt.time()
                return dt.datetime.combine(dt.date(int(year), int(month), int(day)), clock)
            match = _HEVY.fullmatch(cleaned)
            if match and match.group(2).lower() in _MONTHS:
                day, month, year, hour, minute, second, half = match.groups()
                date = dt.date(int(year), _MONTHS[month.lower()], int(day))
                return dt.datetime.combine(date, _clock(hour, minute, second, half))
        except ValueError:
            pass
        raise bad_date(text, line, self.column, self.example)


# --- FitNotes: dates only, ISO or in the phone's locale ---------------------------------------

_NUMERIC_DATE = re.compile(r"(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})")
ISO_DATE_EXAMPLE = "2025-09-15"


def date_order(texts: Iterable[str]) -> str:
    """ "ymd", "dmy" or "mdy" for a whole file: a part over 12 tells day from month.

    A file whose every date could be either way (only possible with a few dates) is read
    day-first, as most of the world writes it.
    """
    day_first = month_first = False
    for text in texts:
        match = _NUMERIC_DATE.fullmatch(text.strip())
        if not match or len(match.group(1)) == 4:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        day_first |= first > 12
        month_first |= second > 12
        if day_first or month_first:
            break
    if month_first and not day_first:
        return "mdy"
    return "dmy"


class Dates:
    """Parses FitNotes dates in one order for the whole file."""

    def __init__(self, column: str, order: str) -> None:
        self.column, self.order = column, order
        self._seen: dict[str, dt.date] = {}

    def __call__(self, text: str, line: int) -> dt.date:
        found = self._seen.get(text)
        if found is None:
            found = self._seen[text] = self._parse(text, line)
        return found

    def _parse(self, text: str, line: int) -> dt.date:
        match = _NUMERIC_DATE.fullmatch(text.strip())
        try:
            if match:
                a, b, c = match.groups()
                if len(a) == 4:
                    return dt.date(int(a), int(b), int(c))
                year = int(c) + (2000 if len(c) <= 2 else 0)
                if len(c) in (2, 4):
                    if self.order == "mdy":
                        return dt.date(year, int(a), int(b))
                    return dt.date(year, int(b), int(a))
        except ValueError:
            pass
        raise bad_date(text, line, self.column, ISO_DATE_EXAMPLE)


def time_of_day(text: str, line: int, column: str) -> dt.time:
    """A clock time such as 07:48, 18:51:52 or 6:30 pm; empty is midnight."""
    cleaned = _SPACES.sub(" ", text).strip()
    if not cleaned:
        return dt.time()
    match = re.fullmatch(_TIME, cleaned, re.IGNORECASE)
    try:
        if match:
            return _clock(*match.groups())
    except ValueError:
        pass
    raise bad_date(text, line, column, "18:51:52")


# --- Workout durations: "2h 38m", "31min", "1h 50m", "179h 26m", "0:45:00", 3000 (seconds) ---

_DURATION_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\d\s.,]+)\.?", re.UNICODE)
_DURATION_CLOCK = re.compile(r"(\d+):(\d{1,2})(?::(\d{1,2}))?(?:\.\d*)?")
DURATION_EXAMPLE = "1h 5m, 49m, 31min or 0:45:00"
LONG_WORKOUT_S = 24 * 3600  # longer than this, a workout was left running: kept, and told


def workout_duration(
    text: str, line: int, column: str, words: Mapping[str, int] = DURATION_UNITS
) -> float | None:
    """Seconds of a workout as Strong writes them, in any phone language; empty or 0 is None.

    There is no upper limit: a workout left running for days is still a workout (the
    import report says so). A duration that would end after the year 9999 is refused when
    the end time is computed. `words` are the unit words known (seconds per unit).
    """
    cleaned = clean_text(text)
    if not cleaned:
        return None
    seconds = _duration(cleaned, words)
    if seconds is None:
        shown = cleaned if len(cleaned) <= 40 else cleaned[:39] + "…"
        raise ImportFileError(
            f"“{shown}” in {column} is not a duration (expected e.g. {DURATION_EXAMPLE}).",
            line=line,
        )
    return seconds or None


def _duration(text: str, words: Mapping[str, int] = DURATION_UNITS) -> float | None:
    clock = _DURATION_CLOCK.fullmatch(text)
    if clock:
        parts = [int(p) for p in clock.groups() if p is not None]
        if any(p >= 60 for p in parts[1:]):
            return None
        total = 0
        for part in parts:
            total = total * 60 + part
        return float(total)
    try:
        value = float(text)  # "Duration (sec)": a plain number of seconds
    except ValueError:
        pass
    else:
        return value if 0 <= value < math.inf else None  # not NaN, negative or infinite
    total, end = 0.0, 0
    text = text.casefold()
    for match in _DURATION_PART.finditer(text):
        if text[end : match.start()].strip():
            return None  # words between the parts
        factor = words.get(match.group(2))
        if factor is None:
            return None
        total += float(match.group(1).replace(",", ".")) * factor
        end = match.end()
    if end == 0 or text[end:].strip():
        return None
    return total


_DURATION_SHAPE = re.compile(r"(?:\d+(?:[.,]\d+)?\s*[^\d\s.,:]+\.?\s*){1,3}")


def is_duration(text: str) -> bool:
    """Whether a cell looks like a workout duration, maybe in words we don't know ("52dk").

    Empty counts: not every row has one.
    """
    cleaned = clean_text(text)
    return not cleaned or _duration(cleaned) is not None or bool(_DURATION_SHAPE.fullmatch(cleaned))


def learn_duration_words(texts: Iterable[str]) -> dict[str, int]:
    """The known unit words plus those a file in an unknown language uses.

    Strong writes hours, then minutes ("1s 5dk"): an unknown word that comes first of two is
    hours, second of two (or alone, as most workouts last under an hour) is minutes; of three
    parts, the last is seconds. A word placed two ways is left unknown (and then refused).
    """
    placed: dict[str, set[int]] = {}  # from "1sa 5dk": the order tells
    alone: set[str] = set()  # from "52dk": probably minutes
    for text in texts:
        parts = [m.group(2) for m in _DURATION_PART.finditer(clean_text(text).casefold())]
        if len(parts) == 1 and parts[0] not in DURATION_UNITS:
            alone.add(parts[0])
        places = {2: (3600, 60), 3: (3600, 60, 1)}.get(len(parts), ())
        for word, factor in zip(parts, places, strict=False):
            if word not in DURATION_UNITS:
                placed.setdefault(word, set()).add(factor)
    learned = {word: 60 for word in alone}
    for word, factors in placed.items():
        if len(factors) == 1:
            learned[word] = next(iter(factors))
        else:
            learned.pop(word, None)
    return {**DURATION_UNITS, **learned}
