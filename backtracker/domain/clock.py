"""The one place the app asks what time it is.

Everything that needs "now" or "today" calls :func:`now`, :func:`today` or :func:`utc_now`, so a
test can pin the calendar with :func:`pin` (time then runs on from the pinned moment at the real
pace, so the order of events and elapsed times stay true) and the app behaves the same at any
hour, in any time zone.
"""

from __future__ import annotations

import datetime as dt
import time

_state: dict[str, tuple[dt.datetime, float] | None] = {"pinned": None}


def now() -> dt.datetime:
    """Local wall-clock time, naive, to the second (how the database stores moments)."""
    return now_precise().replace(microsecond=0)


def now_precise() -> dt.datetime:
    """Local wall-clock time, naive, with microseconds."""
    pinned = _state["pinned"]
    if pinned is not None:
        start, mono = pinned
        return start + dt.timedelta(seconds=time.monotonic() - mono)
    return dt.datetime.now()


def today() -> dt.date:
    return now_precise().date()


def utc_now() -> dt.datetime:
    """Aware UTC time: for names and orderings that must survive a clock change or a flight."""
    if _state["pinned"] is not None:
        return now_precise().astimezone(dt.UTC)
    return dt.datetime.now(dt.UTC)


def pin(moment: dt.datetime | None) -> None:
    """Make "now" start at ``moment`` (naive local time) and run on from there; None unpins."""
    _state["pinned"] = None if moment is None else (moment, time.monotonic())


def is_pinned() -> bool:
    return _state["pinned"] is not None
