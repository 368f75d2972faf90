"""The one way BackTracker writes dates, times and durations for people to read.

The interface is English, so every date is English too, whatever the system language: Qt's
QApplication calls ``setlocale(LC_ALL, "")``, after which ``strftime``'s ``%a``/``%b`` would
write "Samstag" or "févr." inside English sentences. The names therefore come from the tables
below, never from ``strftime`` or ``QLocale``. Machine formats (ISO dates in CSV files and file
names) are not written here: they keep using ``isoformat`` and numeric ``strftime`` codes.
"""

from __future__ import annotations

import datetime as dt

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_SHORT = tuple(name[:3] for name in WEEKDAYS)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS_SHORT = tuple(name[:3] for name in MONTHS)

# For Qt date editors: the same pattern as format_day plus the time, shown with English names
# (the editor is given an English locale; see ui/widgets/date_edits.py).
QT_DAY_TIME_PATTERN = "ddd d MMM yyyy · HH:mm"
QT_DAY_PATTERN = "ddd d MMM yyyy"


def weekday_name(day: dt.date) -> str:
    """Saturday."""
    return WEEKDAYS[day.weekday()]


def month_name(month: int) -> str:
    """February (month 1–12)."""
    return MONTHS[month - 1]


def format_day(day: dt.date) -> str:
    """Sat 21 Feb 2026."""
    return f"{WEEKDAYS_SHORT[day.weekday()]} {format_date(day)}"


def format_long_day(day: dt.date) -> str:
    """Saturday 21 Feb 2026."""
    return f"{weekday_name(day)} {format_date(day)}"


def format_date(day: dt.date) -> str:
    """21 Feb 2026: a day without its weekday."""
    return f"{day.day} {MONTHS_SHORT[day.month - 1]} {day.year}"


def format_short_day(day: dt.date) -> str:
    """Sat 21 Feb: a day in the recent past, where the year goes without saying."""
    return f"{WEEKDAYS_SHORT[day.weekday()]} {format_day_month(day)}"


def format_day_month(day: dt.date) -> str:
    """21 Feb."""
    return f"{day.day} {MONTHS_SHORT[day.month - 1]}"


def format_month(day: dt.date) -> str:
    """Feb 2026."""
    return f"{MONTHS_SHORT[day.month - 1]} {day.year}"


def format_long_month(day: dt.date) -> str:
    """February 2026."""
    return f"{month_name(day.month)} {day.year}"


def format_time(moment: dt.datetime | dt.time) -> str:
    """07:30 (24-hour clock)."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def format_moment(moment: dt.datetime) -> str:
    """Sat 21 Feb 2026 · 07:30."""
    return f"{format_day(moment)} · {format_time(moment)}"


def whole_minutes(duration: dt.timedelta) -> int:
    """The duration rounded to whole minutes, counting every day in it (total_seconds)."""
    return round(duration.total_seconds() / 60)


def format_duration(duration: dt.timedelta) -> str:
    """45 min, 1 h 05 min, 26 h 00 min; a negative duration keeps its sign (-5 min)."""
    minutes = whole_minutes(duration)
    if minutes < 0:
        return f"-{format_duration(dt.timedelta(minutes=-minutes))}"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def until_next_midnight(now: dt.datetime) -> dt.timedelta:
    """Real time from `now` (naive local) to the next local midnight.

    Counted in epoch seconds, so a night with a daylight-saving change is 23 or 25 hours long,
    as the wall clock has it.
    """
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time())
    return dt.timedelta(seconds=midnight.timestamp() - now.timestamp())
