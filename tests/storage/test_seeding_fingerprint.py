"""Start-up skips parsing the catalogue it has already seen, and still notices a new one."""

from __future__ import annotations

import json

import pytest

from backtracker.storage import seeding
from backtracker.storage.models import Exercise
from backtracker.storage.settings import get_setting, set_setting


def _never_parse(*_args: object) -> seeding.Catalogue:
    raise AssertionError("the unchanged catalogue was parsed")


def test_an_unchanged_catalogue_is_not_parsed_again(seeded, monkeypatch):
    monkeypatch.setattr(seeding, "load_catalogue", _never_parse)
    report = seeding.seed_catalogue()
    assert not report.changed
    assert report.version == get_setting(seeding.CATALOGUE_VERSION_KEY)


def test_a_changed_catalogue_file_is_read_and_a_newer_version_seeded(seeded, monkeypatch):
    shipped = json.loads(seeding._shipped_exercises())
    first = shipped["exercises"][0]
    shipped["version"] += 1
    first["summary"] = "A summary from the newer catalogue."
    newer = json.dumps(shipped).encode()
    monkeypatch.setattr(seeding, "_shipped_exercises", lambda: newer)

    report = seeding.seed_catalogue()

    assert first["key"] in report.refreshed
    assert Exercise.get(Exercise.catalogue_key == first["key"]).summary == first["summary"]
    assert get_setting(seeding.CATALOGUE_VERSION_KEY) == shipped["version"]
    monkeypatch.setattr(seeding, "load_catalogue", _never_parse)
    assert not seeding.seed_catalogue().changed  # the new file is now the one seen last


def test_a_database_from_elsewhere_is_checked_against_the_shipped_catalogue(seeded):
    # A restored backup carries another fingerprint (or none): the versions are compared.
    set_setting(seeding.CATALOGUE_FINGERPRINT_KEY, "0:00000000")
    set_setting(seeding.CATALOGUE_VERSION_KEY, 0)
    Exercise.delete().where(Exercise.catalogue_key == "face-pull").execute()

    report = seeding.seed_catalogue()

    assert report.added == ["face-pull"]
    assert get_setting(seeding.CATALOGUE_FINGERPRINT_KEY) != "0:00000000"


@pytest.mark.parametrize("version_offset", [0, -1])
def test_the_same_or_an_older_catalogue_changes_no_exercise(seeded, monkeypatch, version_offset):
    shipped = json.loads(seeding._shipped_exercises())
    shipped["version"] += version_offset
    shipped["exercises"][0]["summary"] = "Text that must not land."
    monkeypatch.setattr(seeding, "_shipped_exercises", lambda: json.dumps(shipped).encode())
    assert not seeding.seed_catalogue().changed
    key = shipped["exercises"][0]["key"]
    assert Exercise.get(Exercise.catalogue_key == key).summary != "Text that must not land."
