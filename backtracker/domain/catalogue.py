"""What an exercise is: its vocabulary, the rules a custom exercise must follow, and rest.

Pure Python: the storage layer persists these values and the ui shows them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from backtracker.domain.errors import ValidationError


class Category(StrEnum):
    STRENGTH = "strength"
    STRETCH = "stretch"
    CARDIO = "cardio"

    @property
    def label(self) -> str:
        return {"strength": "Strength", "stretch": "Stretch", "cardio": "Cardio"}[self.value]


class Equipment(StrEnum):
    NONE = "none"
    DUMBBELL = "dumbbell"
    BAND = "band"
    CABLE = "cable"
    MACHINE = "machine"
    BARBELL = "barbell"
    BAR = "bar"
    KETTLEBELL = "kettlebell"

    @property
    def label(self) -> str:
        return _EQUIPMENT_LABELS[self]


_EQUIPMENT_LABELS = {
    Equipment.NONE: "Bodyweight",
    Equipment.DUMBBELL: "Dumbbell",
    Equipment.BAND: "Band",
    Equipment.CABLE: "Cable",
    Equipment.MACHINE: "Machine",
    Equipment.BARBELL: "Barbell",
    Equipment.BAR: "Bar",
    Equipment.KETTLEBELL: "Kettlebell",
}


class Pattern(StrEnum):
    """The movement pattern: what the back coach balances (vertical against horizontal
    pulls, pulls against pushes) and how it splits the trapezius into its regions."""

    VERTICAL_PULL = "vertical_pull"
    HORIZONTAL_PULL = "horizontal_pull"
    HINGE = "hinge"
    EXTENSION = "extension"
    CARRY = "carry"
    PUSH = "push"
    SHRUG = "shrug"
    FLY = "fly"  # rear-delt flys, face pulls, pull-aparts
    CORE = "core"
    MOBILITY = "mobility"  # stretches and hangs
    CARDIO = "cardio"

    @property
    def label(self) -> str:
        return _PATTERN_LABELS[self]


_PATTERN_LABELS = {
    Pattern.VERTICAL_PULL: "Vertical pull",
    Pattern.HORIZONTAL_PULL: "Horizontal pull",
    Pattern.HINGE: "Hinge",
    Pattern.EXTENSION: "Back extension",
    Pattern.CARRY: "Carry",
    Pattern.PUSH: "Push",
    Pattern.SHRUG: "Shrug",
    Pattern.FLY: "Fly (rear delts)",
    Pattern.CORE: "Core",
    Pattern.MOBILITY: "Mobility",
    Pattern.CARDIO: "Cardio",
}


class SpinalLoad(StrEnum):
    """How much the exercise loads the lower back: high when the spine holds a weight
    bent over (bent-over rows, deadlifts), low when the chest or body is supported."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def pattern_label(pattern: str | None) -> str:
    """The pattern in words; "Not set" when unknown (old custom exercises)."""
    return Pattern(pattern).label if pattern in _PATTERN_VALUES else "Not set"


def spinal_load_label(spinal_load: str | None) -> str:
    return SpinalLoad(spinal_load).label if spinal_load in _SPINAL_LOAD_VALUES else "Not set"


_PATTERN_VALUES = frozenset(p.value for p in Pattern)
_SPINAL_LOAD_VALUES = frozenset(s.value for s in SpinalLoad)
_PATTERN_VALUES_IN_ORDER = tuple(p.value for p in Pattern)


class LoadProfile(StrEnum):
    HEAVY = "heavy"
    LIGHT = "light"


class Tracking(StrEnum):
    """What a set of this exercise records."""

    WEIGHT_REPS = "weight_reps"
    BODYWEIGHT_REPS = "bodyweight_reps"
    DURATION = "duration"
    DISTANCE_DURATION = "distance_duration"

    @property
    def label(self) -> str:
        return {
            "weight_reps": "Weight and reps",
            "bodyweight_reps": "Reps (bodyweight, optional added weight)",
            "duration": "Time (holds and stretches)",
            "distance_duration": "Distance and time (cardio)",
        }[self.value]


@dataclass(frozen=True)
class RestRange:
    """Rest between sets, in seconds, from the load profile."""

    low_s: int
    high_s: int
    default_s: int

    @property
    def label(self) -> str:
        return f"{self.low_s}–{self.high_s} s rest"


# Heavier lifts need 60–90 s to recover between sets; lighter, higher-rep work 30–60 s.
_REST = {
    LoadProfile.HEAVY: RestRange(60, 90, 90),
    LoadProfile.LIGHT: RestRange(30, 60, 45),
}


def rest_range(load_profile: LoadProfile | str) -> RestRange:
    return _REST[LoadProfile(load_profile)]


def default_rest_seconds(load_profile: LoadProfile | str) -> int:
    return rest_range(load_profile).default_s


NAME_MAX = 80
TEXT_MAX = 600
LIST_MAX = 12


@dataclass
class ExerciseDraft:
    """What a person types into the exercise form, before it is accepted."""

    name: str = ""
    aliases: list[str] = field(default_factory=list)
    summary: str = ""
    category: str = Category.STRENGTH.value
    equipment: str = Equipment.DUMBBELL.value
    no_gym: bool = False
    load_profile: str = LoadProfile.HEAVY.value
    tracking: str = Tracking.WEIGHT_REPS.value
    primary_muscles: list[str] = field(default_factory=list)
    secondary_muscles: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    cue: str = ""
    mistakes: list[str] = field(default_factory=list)
    bar: str | None = None  # the bar it is loaded on (a domain.plates.Bar); None: Olympic
    unilateral: bool = False  # one side at a time (one-arm row): sets log left and right reps
    pattern: str | None = None  # a Pattern value; None: not known
    spinal_load: str | None = None  # a SpinalLoad value; None: not known


def clean_lines(text: str) -> list[str]:
    """Split a multi-line field into trimmed, non-empty lines, dropping list numbering."""
    lines = []
    for raw in text.splitlines():
        line = raw.strip().lstrip("•-*").strip()
        head, dot, rest = line.partition(".")
        if dot and head.isdigit() and rest.startswith(" ") and rest.strip():
            line = rest.strip()  # "1. Step" is numbering; "2.5 kg plate" is not
        if line:
            lines.append(line)
    return lines


def split_aliases(text: str) -> list[str]:
    """Aliases are typed comma-separated; keep their order, drop blanks and repeats."""
    seen: set[str] = set()
    result = []
    for part in text.split(","):
        alias = " ".join(part.split())
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            result.append(alias)
    return result


def normalise_draft(draft: ExerciseDraft) -> ExerciseDraft:
    """Collapse whitespace so that what is stored is what the person meant."""
    return ExerciseDraft(
        name=" ".join(draft.name.split()),
        aliases=split_aliases(",".join(draft.aliases)),
        summary=" ".join(draft.summary.split()),
        category=draft.category,
        equipment=draft.equipment,
        no_gym=bool(draft.no_gym),
        load_profile=draft.load_profile,
        tracking=draft.tracking,
        primary_muscles=list(dict.fromkeys(draft.primary_muscles)),
        secondary_muscles=list(dict.fromkeys(draft.secondary_muscles)),
        steps=[" ".join(s.split()) for s in draft.steps if s.strip()],
        cue=" ".join(draft.cue.split()),
        mistakes=[" ".join(m.split()) for m in draft.mistakes if m.strip()],
        bar=draft.bar or None,
        unilateral=bool(draft.unilateral),
        pattern=draft.pattern or None,
        spinal_load=draft.spinal_load or None,
    )


def validate_draft(
    draft: ExerciseDraft,
    *,
    known_muscles: Iterable[str],
    names_in_use: Iterable[str],
) -> ExerciseDraft:
    """Return the normalised draft, or raise ValidationError naming every bad field.

    `names_in_use` holds the names and aliases of every other exercise, so a new name
    never collides with an existing one (imports map names through them).
    """
    draft = normalise_draft(draft)
    muscles = set(known_muscles)
    taken = {name.casefold() for name in names_in_use}
    problems: dict[str, str] = {}

    if not draft.name:
        problems["name"] = "Give the exercise a name."
    elif len(draft.name) > NAME_MAX:
        problems["name"] = f"Keep the name under {NAME_MAX} characters."
    elif draft.name.casefold() in taken:
        problems["name"] = f"An exercise called “{draft.name}” already exists."

    clashing = [a for a in draft.aliases if a.casefold() in taken]
    if clashing:
        problems["aliases"] = f"“{clashing[0]}” is already the name of another exercise."
    elif draft.name and draft.name.casefold() in {a.casefold() for a in draft.aliases}:
        problems["aliases"] = "An alias must differ from the exercise's own name."
    elif any(len(a) > NAME_MAX for a in draft.aliases):
        problems["aliases"] = f"Keep each alias under {NAME_MAX} characters."

    for name, enum in (
        ("category", Category),
        ("equipment", Equipment),
        ("load_profile", LoadProfile),
        ("tracking", Tracking),
    ):
        if getattr(draft, name) not in {member.value for member in enum}:
            problems[name] = f"Choose a {name.replace('_', ' ')} from the list."

    if not draft.primary_muscles:
        problems["primary_muscles"] = "Tick at least one primary muscle."
    unknown = [m for m in draft.primary_muscles + draft.secondary_muscles if m not in muscles]
    if unknown:
        problems["primary_muscles"] = f"Unknown muscle “{unknown[0]}”."
    both = set(draft.primary_muscles) & set(draft.secondary_muscles)
    if both:
        problems["secondary_muscles"] = (
            "A muscle can be primary or secondary, not both: untick it in one list."
        )

    if len(draft.steps) > LIST_MAX:
        problems["steps"] = f"Keep it to {LIST_MAX} steps or fewer."
    elif any(len(step) > TEXT_MAX for step in draft.steps):
        problems["steps"] = f"Keep each step under {TEXT_MAX} characters."
    if len(draft.mistakes) > LIST_MAX:
        problems["mistakes"] = f"Keep it to {LIST_MAX} mistakes or fewer."
    for name in ("summary", "cue"):
        if len(getattr(draft, name)) > TEXT_MAX:
            problems[name] = f"Keep the {name} under {TEXT_MAX} characters."

    if draft.bar is not None:
        from backtracker.domain.plates import Bar  # plate maths: not needed to start the app

        if draft.bar not in {bar.value for bar in Bar}:
            problems["bar"] = "Choose a bar from the list."
    if draft.pattern is not None and draft.pattern not in _PATTERN_VALUES:
        problems["pattern"] = (
            f"Unknown movement pattern “{draft.pattern}”: choose one from the list "
            f"({', '.join(_PATTERN_VALUES_IN_ORDER)})."
        )
    if draft.spinal_load is not None and draft.spinal_load not in _SPINAL_LOAD_VALUES:
        problems["spinal_load"] = (
            f"Unknown spinal load “{draft.spinal_load}”: choose low, moderate or high."
        )

    if problems:
        raise ValidationError(problems)
    return draft


@dataclass(frozen=True)
class MuscleInfo:
    key: str
    name: str
    short_name: str
    group: str
    major_back: bool
    location: str = ""
    function: str = ""
    why_it_matters: str = ""
    training_tip: str = ""


@dataclass(frozen=True)
class ExerciseInfo:
    """Everything the app shows about one exercise, as plain values."""

    id: int
    name: str
    catalogue_key: str | None
    aliases: tuple[str, ...]
    summary: str
    category: str
    equipment: str
    no_gym: bool
    load_profile: str
    tracking: str
    default_rest_s: int
    primary_muscles: tuple[str, ...]
    secondary_muscles: tuple[str, ...]
    steps: tuple[str, ...]
    cue: str
    mistakes: tuple[str, ...]
    variations: tuple[str, ...]  # catalogue keys
    tags: tuple[str, ...]
    proven_five: bool
    is_custom: bool
    user_modified: bool
    archived: bool
    bar: str | None = None
    unilateral: bool = False
    pattern: str | None = None
    spinal_load: str | None = None

    @property
    def muscles(self) -> tuple[str, ...]:
        return self.primary_muscles + self.secondary_muscles

    def to_draft(self) -> ExerciseDraft:
        return ExerciseDraft(
            name=self.name,
            aliases=list(self.aliases),
            summary=self.summary,
            category=self.category,
            equipment=self.equipment,
            no_gym=self.no_gym,
            load_profile=self.load_profile,
            tracking=self.tracking,
            primary_muscles=list(self.primary_muscles),
            secondary_muscles=list(self.secondary_muscles),
            steps=list(self.steps),
            cue=self.cue,
            mistakes=list(self.mistakes),
            bar=self.bar,
            unilateral=self.unilateral,
            pattern=self.pattern,
            spinal_load=self.spinal_load,
        )
