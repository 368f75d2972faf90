"""The equipment the person owns: bars, plates with counts, dumbbells and the warm-up ramp.

Stored as JSON in the `setting` table under "equipment". There is a kit in kg and one in lb
(both kept, so switching to lb plates and back loses nothing); `unit` says which one is in
the gym. An exercise is loaded on `exercise.bar` (None: the Olympic bar).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field, replace

from backtracker.domain.catalogue import Equipment as Kind
from backtracker.domain.catalogue import Tracking
from backtracker.domain.errors import ValidationError
from backtracker.domain.plates import (
    DEFAULT_BAR,
    DEFAULT_BARS,
    DEFAULT_DUMBBELLS,
    DEFAULT_PLATES,
    DEFAULT_RAMP,
    MAX_DUMBBELLS,
    MAX_KIT_WEIGHT,
    MAX_PLATE_COUNT,
    Bar,
    Barbell,
    DumbbellRack,
    Loader,
    PlateStack,
    WarmupStep,
    dumbbell_range,
    format_ramp,
    parse_ramp,
)
from backtracker.domain.units import Unit, format_number
from backtracker.services import preferences
from backtracker.services.preferences import Preferences
from backtracker.storage.models import Exercise, db
from backtracker.storage.settings import get_setting, set_setting

KEY = "equipment"


@dataclass(frozen=True)
class Kit:
    """Bars, plates and dumbbells weighed in one unit."""

    unit: Unit
    bars: tuple[tuple[Bar, float], ...]  # every Bar, with what it weighs
    plates: tuple[PlateStack, ...]
    dumbbell_range: tuple[float, float, float] | None  # (lightest, heaviest, step)
    dumbbell_list: tuple[float, ...] = ()  # used when there is no range

    def bar_weight(self, bar: Bar | str) -> float:
        return dict(self.bars)[Bar(bar)]

    def dumbbells(self) -> tuple[float, ...]:
        if self.dumbbell_range is not None:
            return dumbbell_range(*self.dumbbell_range)
        return self.dumbbell_list

    def barbell(self, bar: Bar | str) -> Barbell:
        return Barbell(self.unit, self.bar_weight(bar), self.plates)


def default_kit(unit: Unit | str) -> Kit:
    unit = Unit(unit)
    return Kit(
        unit,
        tuple((bar, float(DEFAULT_BARS[unit][bar])) for bar in Bar),
        DEFAULT_PLATES[unit],
        None,
        DEFAULT_DUMBBELLS[unit],
    )


@dataclass(frozen=True)
class Equipment:
    unit: Unit = Unit.KG  # which kit is in the gym
    kg: Kit = field(default_factory=lambda: default_kit(Unit.KG))
    lb: Kit = field(default_factory=lambda: default_kit(Unit.LB))
    ramp: tuple[WarmupStep, ...] = DEFAULT_RAMP

    @property
    def kit(self) -> Kit:
        return self.kg if self.unit is Unit.KG else self.lb

    def with_kit(self, kit: Kit) -> Equipment:
        return replace(self, **{kit.unit.value: kit})


# --- checking -------------------------------------------------------------------------------


def _weight_problem(value: object, unit: Unit, what: str) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"{what} must be a number."
    limit = MAX_KIT_WEIGHT[unit]
    if not 0 < value <= limit:
        return f"{what} must be more than 0 and at most {format_number(limit, 0)} {unit.value}."
    if abs(value * 100 - round(value * 100)) > 1e-6:
        return f"{what} can have at most two decimals, e.g. 1.25."
    return None


def validate_kit(kit: Kit) -> Kit:
    """The kit as is, or ValidationError naming the first thing wrong (field: bars, plates,
    dumbbells)."""
    unit = kit.unit
    if sorted(bar for bar, _ in kit.bars) != sorted(Bar) or len(kit.bars) != len(Bar):
        raise ValidationError({"bars": "Give every bar a weight."})
    for bar, weight in kit.bars:
        problem = _weight_problem(weight, unit, f"The {bar.label}")
        if problem:
            raise ValidationError({"bars": problem})
    seen: set[int] = set()
    for plate in kit.plates:
        problem = _weight_problem(plate.weight, unit, "A plate's weight")
        if problem:
            raise ValidationError({"plates": problem})
        if isinstance(plate.count, bool) or not isinstance(plate.count, int):
            raise ValidationError({"plates": "A plate count must be a whole number."})
        if not 0 <= plate.count <= MAX_PLATE_COUNT:
            raise ValidationError(
                {"plates": f"Own from 0 to {MAX_PLATE_COUNT} plates of each weight."}
            )
        key = round(plate.weight * 100)
        if key in seen:
            text = format_number(plate.weight, 2)
            raise ValidationError(
                {"plates": f"{text} {unit.value} plates are listed twice; add up the counts."}
            )
        seen.add(key)
    if kit.dumbbell_range is not None:
        for value, what in zip(
            kit.dumbbell_range,
            ("The lightest dumbbell", "The heaviest dumbbell", "The step"),
            strict=True,
        ):
            problem = _weight_problem(value, unit, what)
            if problem:
                raise ValidationError({"dumbbells": problem})
        dumbbell_range(*kit.dumbbell_range)  # raises on a range that makes no sense
    # The list is kept (and checked) while the range is in use.
    if len(kit.dumbbell_list) > MAX_DUMBBELLS:
        raise ValidationError({"dumbbells": f"List at most {MAX_DUMBBELLS} dumbbell weights."})
    for value in kit.dumbbell_list:
        problem = _weight_problem(value, unit, "A dumbbell's weight")
        if problem:
            raise ValidationError({"dumbbells": problem})
    return kit


def validate(equipment: Equipment) -> Equipment:
    if equipment.unit not in (Unit.KG, Unit.LB):
        raise ValidationError({"unit": "Choose kg or lb for your equipment."})
    validate_kit(equipment.kg)
    validate_kit(equipment.lb)
    if not 1 <= len(equipment.ramp) <= 8:
        raise ValidationError({"ramp": "A warm-up ramp has from 1 to 8 steps."})
    return equipment


def parse_dumbbell_list(text: str, unit: Unit | str) -> tuple[float, ...]:
    """`5, 7.5, 10, 12.5` (commas or spaces; a decimal comma needs the spaces): sorted, no
    repeats."""
    unit = Unit(unit)
    values: set[float] = set()
    for part in text.replace(";", " ").replace(", ", " ").replace(",", " ").split():
        try:
            value = float(part)
        except ValueError:
            raise ValidationError(
                {"dumbbells": f"“{part}” is not a weight; list them like 5, 7.5, 10, 12.5."}
            ) from None
        problem = _weight_problem(value, unit, "A dumbbell's weight")
        if problem:
            raise ValidationError({"dumbbells": problem})
        values.add(value)
    return tuple(sorted(values))


# --- storing --------------------------------------------------------------------------------


def _kit_to_stored(kit: Kit) -> dict:
    stored: dict = {
        "bars": {bar.value: weight for bar, weight in kit.bars},
        "plates": [[p.weight, p.count] for p in kit.plates],
    }
    # Both are kept: the list survives a while on the range, and the other way round.
    stored["dumbbells"] = {
        "range": None if kit.dumbbell_range is None else list(kit.dumbbell_range),
        "list": list(kit.dumbbell_list),
    }
    return stored


def _kit_from_stored(stored: object, unit: Unit) -> Kit:
    """A stored kit; ValueError/TypeError/KeyError when it is not one."""
    if not isinstance(stored, dict):
        raise TypeError("not a kit")
    defaults = default_kit(unit)
    bars_stored = stored.get("bars", {})
    bars = tuple((bar, bars_stored.get(bar.value, defaults.bar_weight(bar))) for bar in Bar)
    plates = tuple(PlateStack(weight, count) for weight, count in stored["plates"])
    dumbbells = stored.get("dumbbells", {})
    listed = tuple(dumbbells.get("list", ()))
    if dumbbells.get("range") is not None:
        low, high, step = dumbbells["range"]
        kit = Kit(unit, bars, plates, (low, high, step), listed)
    else:
        kit = Kit(unit, bars, plates, None, listed)
    return validate_kit(kit)


def to_stored(equipment: Equipment) -> dict:
    return {
        "unit": equipment.unit.value,
        "ramp": format_ramp(equipment.ramp),
        "kg": _kit_to_stored(equipment.kg),
        "lb": _kit_to_stored(equipment.lb),
    }


def from_stored(stored: object, default_unit: Unit | str = Unit.KG) -> Equipment:
    """Equipment from its stored JSON; what is missing or broken takes its default."""
    unit = Unit(default_unit)
    if not isinstance(stored, dict):
        return Equipment(unit=unit)
    with contextlib.suppress(ValueError):  # an unknown unit: the person's
        unit = Unit(stored.get("unit", unit))
    kits = {}
    for kit_unit in (Unit.KG, Unit.LB):
        try:
            kits[kit_unit.value] = _kit_from_stored(stored.get(kit_unit.value), kit_unit)
        except (ValueError, TypeError, KeyError):
            kits[kit_unit.value] = default_kit(kit_unit)
    try:
        ramp = parse_ramp(str(stored.get("ramp", "")))
    except ValidationError:
        ramp = DEFAULT_RAMP
    return Equipment(unit=unit, ramp=ramp, **kits)


def load(default_unit: Unit | str = Unit.KG) -> Equipment:
    """The stored equipment; before any is saved, the defaults in the person's unit."""
    return from_stored(get_setting(KEY), default_unit)


def save(equipment: Equipment) -> Equipment:
    """Check and store; a ValidationError changes nothing."""
    set_setting(KEY, to_stored(validate(equipment)))
    return equipment


def save_with_preferences(prefs: Preferences, equipment: Equipment) -> Preferences:
    """Both pages of the Preferences dialog, checked first and stored in one transaction."""
    preferences.validate(prefs)
    validate(equipment)
    with db.atomic():
        preferences.save(prefs)
        save(equipment)
    return prefs


# --- what an exercise is loaded with -------------------------------------------------------


def bar_of(exercise_bar: str | None) -> Bar:
    try:
        return Bar(exercise_bar) if exercise_bar else DEFAULT_BAR
    except ValueError:  # a key this version does not know: the usual bar
        return DEFAULT_BAR


def loader_for(equipment: Equipment, *, kind: str, tracking: str, bar: str | None) -> Loader | None:
    """Plates on the exercise's bar for a barbell exercise (or one that names a bar), the
    dumbbells owned for a dumbbell one; None for everything else (machines, cables,
    bodyweight): those weights are not rounded."""
    if tracking != Tracking.WEIGHT_REPS:
        return None
    kit = equipment.kit
    if kind == Kind.BARBELL or bar:
        return kit.barbell(bar_of(bar))
    if kind == Kind.DUMBBELL:
        weights = kit.dumbbells()
        return DumbbellRack(kit.unit, weights) if weights else None
    return None


def loader_for_exercise(exercise_id: int, equipment: Equipment) -> Loader | None:
    row = Exercise.get_or_none(Exercise.id == exercise_id)
    if row is None:
        return None
    return loader_for(equipment, kind=row.equipment, tracking=row.tracking, bar=row.bar)


def bar_label(bar: str | None, equipment: Equipment) -> str:
    """`Olympic bar 20 kg`: the bar an exercise is loaded on and what it weighs."""
    chosen = bar_of(bar)
    kit = equipment.kit
    return f"{chosen.label} {format_number(kit.bar_weight(chosen), 2)} {kit.unit.value}"


@dataclass(frozen=True)
class Setup:
    """What an exercise is loaded with, and its name for the person: `Olympic bar 20 kg`."""

    loader: Loader | None
    label: str


def setup_for_exercise(exercise_id: int, equipment: Equipment) -> Setup:
    row = Exercise.get_or_none(Exercise.id == exercise_id)
    if row is None:
        return Setup(None, "")
    loader = loader_for(equipment, kind=row.equipment, tracking=row.tracking, bar=row.bar)
    if isinstance(loader, Barbell):
        return Setup(loader, bar_label(row.bar, equipment))
    return Setup(loader, "Dumbbells" if loader is not None else "")
