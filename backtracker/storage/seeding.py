"""Seeding the exercise catalogue and the muscle guide from `resources/catalogue/`.

Versioning: `exercises.json` carries a `version`. The version last seeded is kept in the
`catalogue_version` setting, so a start with an unchanged catalogue does no work. When the
catalogue is newer:
- new entries (unknown `key`) are added;
- entries nobody edited are refreshed to the new text, muscles, catalogue aliases, movement
  pattern and spinal load;
- entries a person edited (`user_modified`) and custom exercises are left exactly as they are;
- entries dropped from the catalogue stay, since they may have history.
Muscles are owned by the catalogue and always refreshed.

Start-up does not even parse the catalogue when it is the file seen last time: a fingerprint
of `exercises.json` (its size and CRC-32) is kept in the `catalogue_fingerprint` setting.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from backtracker import resources
from backtracker.domain.catalogue import ExerciseDraft
from backtracker.storage.exercises import exercise_fields, names_in_use, write_links
from backtracker.storage.first_window import catalogue_fingerprint, shipped_exercises
from backtracker.storage.models import Exercise, Muscle, db, now
from backtracker.storage.settings import get_setting, set_setting

log = logging.getLogger(__name__)

CATALOGUE_VERSION_KEY = "catalogue_version"
CATALOGUE_FINGERPRINT_KEY = "catalogue_fingerprint"


@dataclass(frozen=True)
class CatalogueEntry:
    key: str
    draft: ExerciseDraft
    variations: tuple[str, ...]
    tags: tuple[str, ...]
    proven_five: bool


@dataclass(frozen=True)
class Catalogue:
    version: int
    muscles: tuple[dict[str, Any], ...]
    entries: tuple[CatalogueEntry, ...]


@dataclass
class SeedReport:
    version: int
    added: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    kept_user_edits: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.refreshed)


# The start-up check reads the same fingerprint without the ORM (storage/first_window.py).
_shipped_exercises = shipped_exercises
_fingerprint = catalogue_fingerprint


def load_catalogue(exercises_json: bytes | None = None) -> Catalogue:
    exercises = json.loads(_shipped_exercises() if exercises_json is None else exercises_json)
    muscles = resources.read_json("catalogue", "muscles.json")
    entries = tuple(
        CatalogueEntry(
            key=raw["key"],
            draft=ExerciseDraft(
                name=raw["name"],
                aliases=list(raw["aliases"]),
                summary=raw["summary"],
                category=raw["category"],
                equipment=raw["equipment"],
                no_gym=raw["no_gym"],
                load_profile=raw["load_profile"],
                tracking=raw["tracking"],
                primary_muscles=list(raw["primary_muscles"]),
                secondary_muscles=list(raw["secondary_muscles"]),
                steps=list(raw["steps"]),
                cue=raw["cue"],
                mistakes=list(raw["mistakes"]),
                unilateral=bool(raw.get("unilateral", False)),
                pattern=raw.get("pattern"),
                spinal_load=raw.get("spinal_load"),
            ),
            variations=tuple(raw["variations"]),
            tags=tuple(raw.get("tags", ())),
            proven_five=bool(raw.get("proven_five", False)),
        )
        for raw in exercises["exercises"]
    )
    return Catalogue(
        version=int(exercises["version"]),
        muscles=tuple(muscles["muscles"]),
        entries=entries,
    )


def seed_catalogue(catalogue: Catalogue | None = None) -> SeedReport:
    """Bring the catalogue in the database up to `catalogue` (by default the shipped one)."""
    if catalogue is not None:
        return _seed(catalogue)
    data = _shipped_exercises()
    fingerprint = _fingerprint(data)
    if get_setting(CATALOGUE_FINGERPRINT_KEY) == fingerprint:  # checked before: nothing new
        return SeedReport(version=get_setting(CATALOGUE_VERSION_KEY, 0))
    report = _seed(load_catalogue(data))
    set_setting(CATALOGUE_FINGERPRINT_KEY, fingerprint)
    return report


def _seed(catalogue: Catalogue) -> SeedReport:
    """Seed a newer `catalogue` in one transaction; an older or the same one changes nothing."""
    report = SeedReport(version=catalogue.version)
    if get_setting(CATALOGUE_VERSION_KEY, 0) >= catalogue.version:
        return report
    with db.atomic():
        _seed_muscles(catalogue.muscles)
        existing = {
            row.catalogue_key: row
            for row in Exercise.select().where(Exercise.catalogue_key.is_null(False))
        }
        for entry in catalogue.entries:
            row = existing.get(entry.key)
            if row is not None and row.user_modified:
                report.kept_user_edits.append(entry.key)
                continue
            fields = {
                **exercise_fields(entry.draft),
                "variations_json": json.dumps(list(entry.variations)),
                "tags_json": json.dumps(list(entry.tags)),
                "proven_five": entry.proven_five,
                "catalogue_version": catalogue.version,
                "updated_at": now(),
            }
            if row is None:
                fields["name"] = _free_name(entry.draft.name)
                exercise_id = Exercise.insert(catalogue_key=entry.key, **fields).execute()
                report.added.append(entry.key)
            else:
                exercise_id = row.id
                fields["name"] = _free_name(entry.draft.name, exclude_id=row.id)
                Exercise.update(**fields).where(Exercise.id == row.id).execute()
                report.refreshed.append(entry.key)
            write_links(
                exercise_id, entry.draft, replace_sources=("catalogue",), new_source="catalogue"
            )
        set_setting(CATALOGUE_VERSION_KEY, catalogue.version)
    log.info(
        "Catalogue v%d: %d added, %d refreshed, %d kept as edited",
        catalogue.version,
        len(report.added),
        len(report.refreshed),
        len(report.kept_user_edits),
    )
    return report


def _free_name(name: str, *, exclude_id: int | None = None) -> str:
    """A person may already have a custom exercise with a new entry's name: keep both."""
    taken = {n.casefold() for n in names_in_use(exclude_id=exclude_id)}
    candidate, n = name, 2
    while candidate.casefold() in taken:
        candidate = f"{name} ({n})"
        n += 1
    return candidate


def _seed_muscles(muscles: tuple[dict[str, Any], ...]) -> None:
    columns = (
        "name",
        "short_name",
        "group",
        "major_back",
        "location",
        "function",
        "why_it_matters",
        "training_tip",
    )
    for position, raw in enumerate(muscles):
        values = {c: raw[c] for c in columns} | {"position": position}
        (
            Muscle.insert(key=raw["key"], **values)
            .on_conflict(conflict_target=[Muscle.key], update=values)
            .execute()
        )
