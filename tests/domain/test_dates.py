"""The one date helper writes English names from its own tables, whatever the locale."""

from __future__ import annotations

import datetime as dt
import locale

import pytest

from backtracker.domain import dates

SATURDAY = dt.date(2026, 2, 21)


def test_days_months_and_times():
    assert dates.format_day(SATURDAY) == "Sat 21 Feb 2026"
    assert dates.format_long_day(SATURDAY) == "Saturday 21 Feb 2026"
    assert dates.format_date(SATURDAY) == "21 Feb 2026"
    assert dates.format_short_day(SATURDAY) == "Sat 21 Feb"
    assert dates.format_day_month(SATURDAY) == "21 Feb"
    assert dates.format_month(SATURDAY) == "Feb 2026"
    assert dates.format_long_month(SATURDAY) == "February 2026"
    morning = dt.datetime(2026, 2, 21, 7, 30, 59)
    assert dates.format_time(morning) == "07:30"
    assert dates.format_moment(morning) == "Sat 21 Feb 2026 · 07:30"
    assert dates.format_day(dt.datetime(2026, 3, 1, 23, 59)) == "Sun 1 Mar 2026"


def test_every_weekday_and_month_has_its_english_name():
    monday = dt.date(2024, 1, 1)
    names = [dates.format_day(monday + dt.timedelta(days=n)).split()[0] for n in range(7)]
    assert names == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    months = [dates.format_long_month(dt.date(2026, m, 1)).split()[0] for m in range(1, 13)]
    assert months[0] == "January" and months[4] == "May" and months[11] == "December"
    assert [dates.format_month(dt.date(2026, m, 1))[:3] for m in range(1, 13)] == [
        m[:3] for m in months
    ]


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (dt.timedelta(minutes=45), "45 min"),
        (dt.timedelta(minutes=65), "1 h 05 min"),
        (dt.timedelta(seconds=89), "1 min"),
        (dt.timedelta(0), "0 min"),
        # A day and more counts whole: timedelta.seconds would say 0 and 5 minutes here.
        (dt.timedelta(hours=26), "26 h 00 min"),
        (dt.timedelta(days=1, minutes=5), "24 h 05 min"),
        (dt.timedelta(minutes=-5), "-5 min"),
    ],
)
def test_durations_count_every_second(duration, text):
    assert dates.format_duration(duration) == text


def test_durations_over_a_day_are_not_cut_to_their_seconds_part():
    """The bug the helper replaces: (end - start).seconds drops whole days."""
    start = dt.datetime(2026, 3, 17, 7, 15)
    end = dt.datetime(2026, 3, 18, 7, 20)
    assert dates.whole_minutes(end - start) == 24 * 60 + 5
    assert round((end - start).seconds / 60) == 5  # what the old code showed


def _german() -> str | None:
    for name in ("de_DE.UTF-8", "de_DE.utf8"):
        try:
            locale.setlocale(locale.LC_ALL, name)
        except locale.Error:
            continue
        return name
    return None


def test_names_stay_english_under_a_german_locale():
    saved = locale.setlocale(locale.LC_ALL)
    try:
        if _german() is None:
            pytest.skip(
                "the de_DE.UTF-8 locale is not installed (apt-get install locales; "
                "locale-gen de_DE.UTF-8)"
            )
        assert f"{SATURDAY:%A %B}" == "Samstag Februar"  # what strftime does under it
        assert dates.format_long_day(SATURDAY) == "Saturday 21 Feb 2026"
        assert dates.format_long_month(dt.date(2026, 3, 1)) == "March 2026"
        assert dates.format_day(dt.date(2026, 12, 17)) == "Thu 17 Dec 2026"
    finally:
        locale.setlocale(locale.LC_ALL, saved)
