"""The plate calculator, dumbbell rounding and the warm-up ramp.

Bars, plates and dumbbells are weighed in the unit they are made in (a kit of 20 kg bar and
kg plates, or a 45 lb bar and lb plates); every sum is done in whole hundredths of that unit,
so 45 + 2.5 lb never drifts the way 20.41 kg + 1.13 kg would. Weights the Log hands in are
canonical kg; they are converted once, and "the same weight" means `units.same_weight`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Protocol

from backtracker.domain.errors import ValidationError
from backtracker.domain.units import (
    WEIGHT_TOLERANCE_KG,
    Unit,
    format_number,
    from_kg,
    round_to_step,
    same_weight,
    to_kg,
    weight_step,
)


class Bar(StrEnum):
    OLYMPIC = "olympic"
    WOMENS = "womens"
    EZ = "ez"
    TRAP = "trap"
    SMITH = "smith"

    @property
    def label(self) -> str:
        return _BAR_LABELS[self]


_BAR_LABELS = {
    Bar.OLYMPIC: "Olympic bar",
    Bar.WOMENS: "Women's bar",
    Bar.EZ: "EZ bar",
    Bar.TRAP: "Trap bar",
    Bar.SMITH: "Smith machine",
}
DEFAULT_BAR = Bar.OLYMPIC

# What the usual bars weigh. An EZ bar is 7–12 kg and a Smith machine's counterbalanced bar
# anywhere from 7 to 20 kg: these are starting points the person edits to what they have.
DEFAULT_BARS: dict[Unit, dict[Bar, float]] = {
    Unit.KG: {Bar.OLYMPIC: 20, Bar.WOMENS: 15, Bar.EZ: 10, Bar.TRAP: 25, Bar.SMITH: 15},
    Unit.LB: {Bar.OLYMPIC: 45, Bar.WOMENS: 35, Bar.EZ: 25, Bar.TRAP: 55, Bar.SMITH: 35},
}


@dataclass(frozen=True)
class PlateStack:
    """Plates of one weight and how many are owned in all (half of them go on each side)."""

    weight: float
    count: int

    @property
    def per_side(self) -> int:
        return self.count // 2


# A well-stocked gym's plates; people edit them to what they own.
DEFAULT_PLATES: dict[Unit, tuple[PlateStack, ...]] = {
    Unit.KG: (
        PlateStack(25, 4),
        PlateStack(20, 4),
        PlateStack(15, 2),
        PlateStack(10, 4),
        PlateStack(5, 4),
        PlateStack(2.5, 4),
        PlateStack(1.25, 4),
    ),
    Unit.LB: (
        PlateStack(45, 8),
        PlateStack(35, 2),
        PlateStack(25, 2),
        PlateStack(10, 4),
        PlateStack(5, 4),
        PlateStack(2.5, 4),
    ),
}
# Fixed dumbbells as gyms rack them: small steps while light, the plate step above.
DEFAULT_DUMBBELLS: dict[Unit, tuple[float, ...]] = {
    Unit.KG: tuple(float(w) for w in range(1, 11)) + tuple(12.5 + 2.5 * n for n in range(16)),
    Unit.LB: tuple(2.5 * n for n in range(1, 11)) + tuple(float(w) for w in range(30, 105, 5)),
}
MAX_KIT_WEIGHT = {Unit.KG: 500.0, Unit.LB: 1100.0}  # no bar, plate or dumbbell weighs more
MAX_PLATE_COUNT = 40
MAX_DUMBBELLS = 200


def _hundredths(value: float) -> int:
    return round(value * 100)


def _from_hundredths(value: int) -> float:
    return value / 100


def _text(value: float) -> str:
    return format_number(value, 2)


# --- one weight that can be loaded --------------------------------------------------------


@dataclass(frozen=True)
class Loading:
    """A total that can be put together: a bar and plates per side, or one dumbbell."""

    total: float  # in `unit`
    unit: Unit
    per_side: tuple[float, ...] | None = None  # heaviest first; None for a dumbbell

    @property
    def total_kg(self) -> float:
        return to_kg(self.total, self.unit)

    @property
    def plates_text(self) -> str:
        """`20 + 10 + 2.5 | per side`, `bar only`, or the dumbbell's weight."""
        if self.per_side is None:
            return f"{_text(self.total)} {self.unit.value} dumbbells"
        if not self.per_side:
            return "bar only"
        return " + ".join(_text(p) for p in self.per_side) + " | per side"


@dataclass(frozen=True)
class Fit:
    """How a wanted weight fits what can be loaded: exactly, or between two loadable ones."""

    target_kg: float
    exact: Loading | None
    below: Loading | None  # the heaviest loadable weight under the target (not the same)
    above: Loading | None  # the lightest loadable weight over it (not the same)

    @property
    def nearest(self) -> Loading | None:
        """The exact loading, else the closer neighbour (the lighter one on a tie)."""
        if self.exact is not None:
            return self.exact
        if self.below is None or self.above is None:
            return self.below or self.above
        down = self.target_kg - self.below.total_kg
        up = self.above.total_kg - self.target_kg
        return self.above if up < down - 1e-9 else self.below


class Loader(Protocol):
    """Anything that says which weights can be loaded: a barbell kit or a dumbbell rack."""

    @property
    def lightest_kg(self) -> float: ...

    def fit_kg(self, target_kg: float) -> Fit: ...


def _tolerance(unit: Unit) -> int:
    """`units.same_weight`'s tolerance in hundredths of `unit`, rounded down."""
    return math.floor(from_kg(WEIGHT_TOLERANCE_KG, unit) * 100 + 1e-9)


def _fit(target_kg: float, unit: Unit, totals: Sequence[int]) -> tuple[int | None, ...]:
    """Exact, below and above among sorted totals (hundredths of `unit`); below and above
    are the neighbours on either side, never the exact total itself."""
    target = _hundredths(round(from_kg(target_kg, unit), 6))
    tolerance = _tolerance(unit)
    exact = next((t for t in totals if abs(t - target) <= tolerance), None)
    below = max((t for t in totals if t < target - tolerance), default=None)
    above = min((t for t in totals if t > target + tolerance), default=None)
    return exact, below, above


# --- barbells -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rack:
    """The plates for one side, heaviest first, in steps of their greatest common divisor
    (hundredths of the unit), and which per-side loads each tail of them can make."""

    step: int
    plates: tuple[tuple[int, int], ...]  # (weight in steps, how many per side)
    reach: tuple[int, ...]  # bit n of reach[i]: n steps can be made from plates[i:]
    sides: tuple[int, ...]  # every per-side load, in hundredths, lightest first


@lru_cache(maxsize=64)
def _rack(plates: tuple[tuple[int, int], ...]) -> _Rack:
    """`plates` as (hundredths, per side), heaviest first."""
    step = math.gcd(*(w for w, _ in plates)) if plates else 1
    scaled = tuple((w // step, n) for w, n in plates)
    reach = [1]
    for weight, count in reversed(scaled):
        tail = reach[-1]
        made = tail
        for _ in range(count):
            tail <<= weight
            made |= tail
        reach.append(made)
    reach.reverse()
    bits = bin(reach[0])[:1:-1]  # bit n is character n
    sides = tuple(n * step for n, bit in enumerate(bits) if bit == "1")
    return _Rack(step, scaled, tuple(reach), sides)


def _fewest_plates(rack: _Rack, side: int) -> tuple[int, ...]:
    """The fewest plates that make `side` hundredths on one side, heaviest first.

    Each plate weight is tried from as many as fit down to none, so the first answer found
    uses the heaviest plates; only a strictly shorter one replaces it (20 + 5 rather than
    15 + 10). Loads the remaining plates can't make are never entered.
    """
    plates, reach = rack.plates, rack.reach
    best: list[int] | None = None
    used: list[int] = []

    def search(at: int, rest: int) -> None:
        nonlocal best
        if rest == 0:
            if best is None or sum(used) < sum(best):
                best = used + [0] * (len(plates) - len(used))
            return
        if at == len(plates):
            return
        weight, count = plates[at]
        so_far = sum(used)
        for take in range(min(count, rest // weight), -1, -1):
            left = rest - take * weight
            if not reach[at + 1] >> left & 1:
                continue
            if best is not None:
                lighter = plates[at + 1][0] if at + 1 < len(plates) else 0
                need = -(-left // lighter) if left and lighter else 0
                if so_far + take + need >= sum(best):
                    continue
            used.append(take)
            search(at + 1, left)
            used.pop()

    search(0, side // rack.step)
    assert best is not None, "only loads the plates can make are asked for"
    return tuple(w * rack.step for (w, _), n in zip(plates, best, strict=True) for _ in range(n))


@dataclass(frozen=True)
class Barbell:
    """A bar and the plates owned for it, all in one unit."""

    unit: Unit
    bar: float
    plates: tuple[PlateStack, ...]

    def _rack(self) -> _Rack:
        pairs: dict[int, int] = {}
        for plate in self.plates:
            if plate.per_side > 0:
                weight = _hundredths(plate.weight)
                pairs[weight] = pairs.get(weight, 0) + plate.per_side
        return _rack(tuple(sorted(pairs.items(), reverse=True)))

    def totals(self) -> list[int]:
        """Every loadable total in hundredths of the unit, lightest first."""
        bar = _hundredths(self.bar)
        return [bar + 2 * side for side in self._rack().sides]

    def loading(self, total: int) -> Loading:
        side = (total - _hundredths(self.bar)) // 2
        plates = tuple(_from_hundredths(p) for p in _fewest_plates(self._rack(), side))
        return Loading(_from_hundredths(total), self.unit, plates)

    @property
    def lightest_kg(self) -> float:
        return to_kg(self.bar, self.unit)

    def fit_kg(self, target_kg: float) -> Fit:
        exact, below, above = _fit(target_kg, self.unit, self.totals())
        return Fit(
            target_kg,
            None if exact is None else self.loading(exact),
            None if below is None else self.loading(below),
            None if above is None else self.loading(above),
        )

    def fit(self, target: float) -> Fit:
        """The same, for a target in the kit's own unit."""
        return self.fit_kg(to_kg(target, self.unit))


# --- dumbbells ------------------------------------------------------------------------------


def dumbbell_range(low: float, high: float, step: float) -> tuple[float, ...]:
    """low, low + step, … up to high (exactly, in hundredths): 2.5–40 step 2.5 is 16 pairs."""
    first, last, size = _hundredths(low), _hundredths(high), _hundredths(step)
    if size <= 0 or first <= 0 or last < first:
        raise ValidationError(
            {
                "dumbbells": "A dumbbell range needs a lightest weight above 0, a heaviest one "
                "at least as heavy and a step above 0, e.g. 2.5 to 40 in steps of 2.5."
            }
        )
    count = (last - first) // size + 1
    if count > MAX_DUMBBELLS:
        raise ValidationError(
            {"dumbbells": f"That range makes {count} dumbbells; use a larger step."}
        )
    return tuple(_from_hundredths(first + n * size) for n in range(count))


@dataclass(frozen=True)
class DumbbellRack:
    """The dumbbells owned, by the weight of one dumbbell."""

    unit: Unit
    weights: tuple[float, ...]

    def totals(self) -> list[int]:
        return sorted({_hundredths(w) for w in self.weights})

    @property
    def lightest_kg(self) -> float:
        return to_kg(min(self.weights), self.unit) if self.weights else 0.0

    def fit_kg(self, target_kg: float) -> Fit:
        exact, below, above = _fit(target_kg, self.unit, self.totals())

        def make(total: int | None) -> Loading | None:
            return None if total is None else Loading(_from_hundredths(total), self.unit)

        return Fit(target_kg, make(exact), make(below), make(above))


# --- rounding a suggestion ---------------------------------------------------------------


def round_up_from(loader: Loader, last_kg: float, target_kg: float) -> float | None:
    """A heavier weight to try after `last_kg`: the loadable one nearest `target_kg`, but
    always above `last_kg` (rounding must not undo the step up). None when nothing heavier
    can be loaded."""
    nearest = loader.fit_kg(target_kg).nearest
    if nearest is not None and nearest.total_kg > last_kg + WEIGHT_TOLERANCE_KG:
        return nearest.total_kg
    above = loader.fit_kg(last_kg).above
    return None if above is None else above.total_kg


# --- the warm-up ramp -----------------------------------------------------------------------


@dataclass(frozen=True)
class WarmupStep:
    """One warm-up set: a share of the first work set's weight (None: the empty bar)."""

    percent: int | None
    reps: int

    @property
    def text(self) -> str:
        load = "bar" if self.percent is None else f"{self.percent}%"
        return f"{load} × {self.reps}"


DEFAULT_RAMP: tuple[WarmupStep, ...] = (
    WarmupStep(None, 10),
    WarmupStep(40, 5),
    WarmupStep(60, 3),
    WarmupStep(80, 1),
)
MAX_RAMP_STEPS = 8
_STEP = re.compile(r"^(bar|\d{1,2})\s*%?\s*[x×*]\s*(\d{1,2})$", re.IGNORECASE)
RAMP_EXAMPLE = "bar × 10, 40% × 5, 60% × 3, 80% × 1"


def format_ramp(ramp: Sequence[WarmupStep]) -> str:
    return ", ".join(step.text for step in ramp)


def parse_ramp(text: str) -> tuple[WarmupStep, ...]:
    """`bar × 10, 40% × 5, 60% × 3, 80% × 1` (x or × both do); refuses anything else."""
    parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    if not parts:
        raise ValidationError({"ramp": f"Enter at least one warm-up step, e.g. {RAMP_EXAMPLE}."})
    if len(parts) > MAX_RAMP_STEPS:
        raise ValidationError({"ramp": f"A ramp has at most {MAX_RAMP_STEPS} warm-up sets."})
    steps = []
    for part in parts:
        match = _STEP.match(part)
        if not match:
            raise ValidationError(
                {"ramp": f"“{part}” is not a warm-up step; write them like {RAMP_EXAMPLE}."}
            )
        load, reps = match.group(1).lower(), int(match.group(2))
        percent = None if load == "bar" else int(load)
        if percent is not None and not 1 <= percent <= 99:
            raise ValidationError(
                {"ramp": f"“{part}”: a warm-up is 1 to 99% of the first work set."}
            )
        if not 1 <= reps <= 30:
            raise ValidationError({"ramp": f"“{part}”: a warm-up has 1 to 30 reps."})
        steps.append(WarmupStep(percent, reps))
    return tuple(steps)


@dataclass(frozen=True)
class WarmupSet:
    weight_kg: float
    reps: int


def warmup_sets(
    work_kg: float, ramp: Sequence[WarmupStep], loader: Loader | None, unit: Unit | str
) -> list[WarmupSet]:
    """The warm-up sets before a first work set of `work_kg`, each on a loadable weight.

    With a `loader` each weight is the loadable one nearest its share (never below the bar
    or the lightest dumbbell); without one (a machine, a cable) it is rounded to the usual
    plate step. The "bar" step is only for a barbell: dumbbells and machines have none.
    A step that lands on the work weight or above is no warm-up and is left out. A step
    that lands on the same weight as the one before it is left out too: two sets on the
    same weight warm nothing more, and the earlier one has the more reps.
    """
    unit = Unit(unit)
    result: list[WarmupSet] = []
    for step in ramp:
        if step.percent is None:
            if not isinstance(loader, Barbell):
                continue  # no empty bar on a machine or with dumbbells
            weight = loader.lightest_kg
        else:
            share = work_kg * step.percent / 100
            weight = _round_warmup(share, work_kg, loader, unit)
            if weight is None:
                continue
        if weight >= work_kg - WEIGHT_TOLERANCE_KG or weight <= 0:
            continue
        if result and same_weight(result[-1].weight_kg, weight):
            continue
        result.append(WarmupSet(weight, step.reps))
    return result


def _round_warmup(share: float, work_kg: float, loader: Loader | None, unit: Unit) -> float | None:
    if loader is None:
        return round_to_step(share, unit, weight_step(unit))
    fit = loader.fit_kg(share)
    for choice in (fit.nearest, fit.below):
        if choice is not None and choice.total_kg < work_kg - WEIGHT_TOLERANCE_KG:
            return choice.total_kg
    return None
