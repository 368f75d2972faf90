"""Routines: a named list of exercises with sets and a rep range, and the two built-ins."""

from __future__ import annotations

from dataclasses import dataclass, field

from backtracker.domain.errors import ValidationError

MAX_SETS = 10
MAX_REPS = 100


@dataclass(frozen=True)
class RoutineItem:
    exercise_id: int
    sets: int
    rep_min: int | None = None
    rep_max: int | None = None
    duration_s: int | None = None  # target for holds and stretches
    rest_s: int | None = None  # None: the exercise's default
    exercise_name: str = ""
    superset: int | None = None  # adjacent items with the same number form one superset


@dataclass(frozen=True)
class Routine:
    id: int | None
    name: str
    description: str = ""
    items: tuple[RoutineItem, ...] = ()
    builtin_key: str | None = None


@dataclass(frozen=True)
class BuiltinItem:
    catalogue_key: str
    sets: int
    rep_min: int | None = None
    rep_max: int | None = None
    duration_s: int | None = None


@dataclass(frozen=True)
class BuiltinRoutine:
    key: str
    name: str
    description: str
    items: tuple[BuiltinItem, ...] = field(default_factory=tuple)


# The training guide: beginners do 2–3 sets of 8–12, advanced lifters 3–4 sets of 6–10 with
# heavier loads; the five proven exercises, pulls first, the floor hold last.
BUILTIN_ROUTINES: tuple[BuiltinRoutine, ...] = (
    BuiltinRoutine(
        key="back-beginner",
        name="Back — Beginner",
        description="The five proven back exercises: 2–3 sets of 8–12 reps, 2–3 times a week.",
        items=(
            BuiltinItem("lat-pulldown", 3, 8, 12),
            BuiltinItem("dumbbell-row", 3, 8, 12),
            BuiltinItem("face-pull", 2, 8, 12),
            BuiltinItem("renegade-row", 2, 8, 12),
            BuiltinItem("superman", 2, duration_s=20),
        ),
    ),
    BuiltinRoutine(
        key="back-advanced",
        name="Back — Advanced",
        description="Heavier work on the same five: 3–4 sets of 6–10 reps.",
        items=(
            BuiltinItem("lat-pulldown", 4, 6, 10),
            BuiltinItem("dumbbell-row", 4, 6, 10),
            BuiltinItem("renegade-row", 3, 6, 10),
            BuiltinItem("face-pull", 3, 6, 10),
            BuiltinItem("superman", 3, duration_s=30),
        ),
    ),
)


def validate_routine(routine: Routine, *, names_in_use: set[str]) -> Routine:
    """Return the routine with a tidy name, or raise ValidationError naming the problem."""
    name = " ".join(routine.name.split())
    problems: dict[str, str] = {}
    if not name:
        problems["name"] = "Give the routine a name."
    elif len(name) > 80:
        problems["name"] = "Keep the routine name under 80 characters."
    elif name.casefold() in {n.casefold() for n in names_in_use}:
        problems["name"] = f"A routine called “{name}” already exists."
    if not routine.items:
        problems["items"] = "Add at least one exercise to the routine."
    for item in routine.items:
        label = item.exercise_name or "an exercise"
        if not 1 <= item.sets <= MAX_SETS:
            problems["items"] = f"Sets for {label} must be between 1 and {MAX_SETS}."
        elif (item.rep_min is None) != (item.rep_max is None):
            problems["items"] = f"Give {label} both ends of the rep range, or neither."
        elif (
            item.rep_min is not None
            and item.rep_max is not None
            and not (1 <= item.rep_min <= item.rep_max <= MAX_REPS)
        ):
            problems["items"] = (
                f"The rep range for {label} must run from a low to a high number, "
                f"between 1 and {MAX_REPS}."
            )
        elif item.duration_s is not None and not 1 <= item.duration_s <= 3600:
            problems["items"] = f"The hold time for {label} must be 1 s to 1 hour."
    if problems:
        raise ValidationError(problems)
    return Routine(
        id=routine.id,
        name=name,
        description=" ".join(routine.description.split()),
        items=routine.items,
        builtin_key=routine.builtin_key,
    )
