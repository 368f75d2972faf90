"""Backup names and their order are in UTC, so a clock that goes back never prunes the newest.

The local clock goes back when summer time ends and when the computer flies west. Names in
local time then sort the newest copy first, and pruning deleted it. Older local-time names are
still read, and ordered with the new ones by the UTC moment they stand for.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backtracker.domain import clock
from backtracker.services import backup
from backtracker.storage.database import copy_before_upgrade
from backtracker.storage.profile import Profile


@pytest.fixture
def time_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Set this process's local time zone (TZ) for the test; put the old one back after."""

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


def _names(folder: Path) -> list[str]:
    return [path.name for path in backup.auto_backups(folder)]


def test_an_automatic_backup_is_named_in_utc_with_a_z(profile: Profile, time_zone):
    time_zone("Europe/Berlin")  # UTC+1 in March
    clock.pin(dt.datetime(2026, 3, 18, 9, 15))

    made = backup.rolling_backup(profile.data_dir, keep=3)

    assert made is not None
    assert made.name == "auto-20260318T081500Z.sqlite3"


def test_flying_west_never_prunes_the_newest_backup(profile: Profile, time_zone):
    time_zone("Europe/Berlin")
    for minute in (15, 16, 17):
        clock.pin(dt.datetime(2026, 3, 18, 9, minute))
        backup.rolling_backup(profile.data_dir, keep=3)
    # Ten minutes later the laptop is in New York: its clock now reads 04:27.
    time_zone("America/New_York")
    clock.pin(dt.datetime(2026, 3, 18, 4, 27))

    newest = backup.rolling_backup(profile.data_dir, keep=3)

    assert newest is not None and newest.exists()
    assert _names(profile.backups_dir) == [
        "auto-20260318T081600Z.sqlite3",
        "auto-20260318T081700Z.sqlite3",
        "auto-20260318T082700Z.sqlite3",
    ]
    assert backup.auto_backups(profile.backups_dir)[-1] == newest


def test_the_end_of_summer_time_never_prunes_the_newest_backup(
    profile: Profile, time_zone, monkeypatch: pytest.MonkeyPatch
):
    """On 25 Oct 2026 Berlin's clocks go from 03:00 back to 02:00: 02:10 comes twice."""
    time_zone("Europe/Berlin")
    wall = {"now": dt.datetime(2026, 10, 25, 2, 40)}  # summer time: 00:40 UTC
    monkeypatch.setattr(clock, "now_precise", lambda: wall["now"])
    first = backup.rolling_backup(profile.data_dir, keep=1)
    wall["now"] = dt.datetime(2026, 10, 25, 2, 10, fold=1)  # winter time: 01:10 UTC

    second = backup.rolling_backup(profile.data_dir, keep=1)

    assert first is not None and second is not None
    assert second.exists() and not first.exists()
    assert _names(profile.backups_dir) == ["auto-20261025T011000Z.sqlite3"]


def test_a_backup_made_while_the_clock_is_far_behind_is_kept(profile: Profile):
    for day in (16, 17, 18):
        clock.pin(dt.datetime(2026, 3, day, 9, 0))
        backup.rolling_backup(profile.data_dir, keep=2)
    clock.pin(dt.datetime(2020, 1, 1, 12, 0))  # a dead CMOS battery, say

    made = backup.rolling_backup(profile.data_dir, keep=2)

    assert made is not None and made.exists()
    folder = profile.backups_dir
    assert len(backup.auto_backups(folder)) == 2
    assert made in backup.auto_backups(folder)


def test_old_local_names_and_new_utc_names_are_ordered_by_the_moment_they_stand_for(
    tmp_path: Path, time_zone
):
    time_zone("Europe/Berlin")  # old names were written in local time: UTC+1 in March
    folder = tmp_path / "backups"
    folder.mkdir()
    names = [
        "auto-20260318T093000Z.sqlite3",  # 09:30 UTC
        "auto-20260318-100000.sqlite3",  # 10:00 local = 09:00 UTC
        "auto-20260318-100000-2.sqlite3",  # the same second, second copy
        "auto-20260318T083000Z.sqlite3",  # 08:30 UTC
        "auto-20260317-235900.sqlite3",  # 22:59 UTC the day before
        "auto-20261318-100000.sqlite3",  # no month 13: not one of ours
        "auto-old.sqlite3",
        "notes.txt",
    ]
    for name in names:
        (folder / name).write_text(name)

    assert _names(folder) == [
        "auto-20260317-235900.sqlite3",
        "auto-20260318T083000Z.sqlite3",
        "auto-20260318-100000.sqlite3",
        "auto-20260318-100000-2.sqlite3",
        "auto-20260318T093000Z.sqlite3",
    ]
    removed = backup.prune_auto_backups(folder, keep=2)
    assert [path.name for path in removed] == [
        "auto-20260317-235900.sqlite3",
        "auto-20260318T083000Z.sqlite3",
        "auto-20260318-100000.sqlite3",
    ]
    assert sorted(path.name for path in folder.iterdir()) == [
        "auto-20260318-100000-2.sqlite3",
        "auto-20260318T093000Z.sqlite3",
        "auto-20261318-100000.sqlite3",
        "auto-old.sqlite3",
        "notes.txt",
    ]


def test_the_copy_before_an_upgrade_is_stamped_in_utc(profile: Profile, time_zone):
    time_zone("America/New_York")  # UTC-4 after 8 March 2026
    clock.pin(dt.datetime(2026, 3, 18, 9, 15))

    copy = copy_before_upgrade(profile.database_path, 1)

    assert copy.name == "before-upgrade-v1-20260318T131500Z.sqlite3"
    assert copy.parent == profile.backups_dir


def test_the_safety_copy_of_a_restore_is_stamped_in_utc(profile: Profile, time_zone):
    time_zone("Asia/Tokyo")  # UTC+9
    clock.pin(dt.datetime(2026, 3, 18, 9, 15))

    folder = backup._safety_folder(profile)

    assert folder.name == "before-restore-20260318T001500Z"
    assert folder.is_dir()
