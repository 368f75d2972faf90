"""A custom exercise for a name that matches none of ours, guessed from the name and the data.

- Tracking comes from the sets: any distance → distance and time; any weight → weight and
  reps; reps without weight → bodyweight reps; only durations → time.
- Equipment comes from the name ("(Dumbbell)", "Cable …", "Pull Up" → bar).
- Muscles come from the name's movement ("curl" → biceps, "squat" → quads and glutes) or,
  failing that, from the FitNotes Category ("Chest", "Legs"). When neither says, the exercise
  gets no muscles rather than a wrong guess; the person can tick them in the Library.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from backtracker.domain.catalogue import (
    NAME_MAX,
    Category,
    Equipment,
    ExerciseDraft,
    LoadProfile,
    Tracking,
)
from backtracker.domain.search import fold
from backtracker.services.importers.matching import EQUIPMENT_WORDS, normalise
from backtracker.services.importers.model import ParsedSet

# First match wins, so the specific movements come before the general ones.
_MOVEMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"face pull|rear delt|reverse fly|reverse pec", ("rear_delts", "rhomboids")),
    (
        r"upright row|lateral raise|front raise|shoulder press|overhead press|military|arnold",
        ("shoulders",),
    ),
    (r"shrug", ("trapezius",)),
    (r"leg curl|hamstring|nordic|romanian|rdl|stiff leg|good morning", ("hamstrings", "glutes")),
    (r"back extension|hyperextension|superman|deadlift|rack pull", ("erector_spinae", "glutes")),
    (r"pull ?up|chin ?up|pull ?down|pullover|muscle up", ("lats",)),
    (r"row", ("lats", "rhomboids")),
    (r"hip thrust|glute|bridge|abduct", ("glutes",)),
    (r"squat|lunge|leg press|leg extension|step ?up|hack", ("quads", "glutes")),
    (r"calf|calves", ("calves",)),
    (r"wrist|farmer|grip|forearm", ("forearms",)),
    (r"curl", ("biceps",)),
    (r"tricep|skull|push ?down|dip|kickback|close grip bench", ("triceps",)),
    (r"bench|chest|fly|flye|push ?up|pec", ("chest",)),
    (r"crunch|plank|sit ?up|ab|abs|leg raise|twist|hollow|core|wheel|woodchop", ("core",)),
    (r"run|jog|treadmill|walk|sprint", ("quads", "hamstrings", "calves")),
    (r"cycl|bike|spinning", ("quads", "glutes")),
    (r"swim", ("lats", "shoulders")),
)
# Words are matched from their start: "curl" finds "curls", "cycl" finds "cycling".
_MOVEMENT_PATTERNS = tuple((re.compile(rf"\b(?:{p})"), m) for p, m in _MOVEMENTS)

# FitNotes' default categories (and common custom ones) → muscles.
_CATEGORIES = {
    "abs": ("core",),
    "core": ("core",),
    "back": ("lats", "rhomboids"),
    "lower back": ("erector_spinae",),
    "traps": ("trapezius",),
    "biceps": ("biceps",),
    "triceps": ("triceps",),
    "forearms": ("forearms",),
    "chest": ("chest",),
    "shoulders": ("shoulders",),
    "legs": ("quads", "glutes"),
    "quads": ("quads",),
    "hamstrings": ("hamstrings",),
    "glutes": ("glutes",),
    "calves": ("calves",),
}
_BAR_MOVEMENTS = re.compile(r"\b(?:pull ?up|chin ?up|hang|muscle up)\b")
_CARDIO = re.compile(r"\b(?:run|running|jog|cycling|bike|rowing|swim|walk|elliptical|cardio)\b")


def tracking_from(sets: Iterable[ParsedSet]) -> Tracking:
    weight = reps = duration = distance = assisted = False
    for s in sets:
        weight |= bool(s.weight_kg)
        assisted |= (s.weight_kg or 0.0) < 0  # assistance: only bodyweight exercises take it
        reps |= bool(s.reps)
        duration |= bool(s.duration_s)
        distance |= bool(s.distance_m)
    if distance:
        return Tracking.DISTANCE_DURATION
    if assisted:
        return Tracking.BODYWEIGHT_REPS
    if weight:
        return Tracking.WEIGHT_REPS
    if reps:
        return Tracking.BODYWEIGHT_REPS
    if duration:
        return Tracking.DURATION
    return Tracking.WEIGHT_REPS


def equipment_from(name: str, tracking: Tracking) -> Equipment:
    folded = normalise(name)
    for word in folded.split():
        if word in EQUIPMENT_WORDS:
            return Equipment(EQUIPMENT_WORDS[word])
    if _BAR_MOVEMENTS.search(folded):
        return Equipment.BAR
    if "assisted" in folded.split():
        return Equipment.MACHINE
    return Equipment.MACHINE if tracking is Tracking.WEIGHT_REPS else Equipment.NONE


def muscles_from(name: str, group: str, known: set[str]) -> list[str]:
    folded = normalise(name)
    for pattern, muscles in _MOVEMENT_PATTERNS:
        if pattern.search(folded):
            return [m for m in muscles if m in known]
    return [m for m in _CATEGORIES.get(fold(group), ()) if m in known]


def unique_name(name: str, taken: set[str], label: str) -> str:
    """The source name, or "Name (Strong)", "Name (Strong 2)"… if it is already in use."""
    base = " ".join(name.split())[:NAME_MAX].strip() or "Imported exercise"
    candidate, number = base, 1
    while candidate.casefold() in taken:
        suffix = f" ({label})" if number == 1 else f" ({label} {number})"
        candidate = base[: NAME_MAX - len(suffix)].rstrip() + suffix
        number += 1
    return candidate


def draft_for(
    name: str,
    sets: list[ParsedSet],
    *,
    group: str,
    source_label: str,
    known_muscles: set[str],
) -> ExerciseDraft:
    tracking = tracking_from(sets)
    folded = normalise(name)
    cardio = (
        tracking is Tracking.DISTANCE_DURATION
        or fold(group) == "cardio"
        or bool(_CARDIO.search(folded) and tracking is not Tracking.WEIGHT_REPS)
    )
    light = tracking is Tracking.DURATION or cardio
    return ExerciseDraft(
        name=name,
        summary=f"Imported from {source_label}.",
        category=(Category.CARDIO if cardio else Category.STRENGTH).value,
        equipment=equipment_from(name, tracking).value,
        no_gym=False,
        load_profile=(LoadProfile.LIGHT if light else LoadProfile.HEAVY).value,
        tracking=tracking.value,
        primary_muscles=muscles_from(name, group, known_muscles),
    )
