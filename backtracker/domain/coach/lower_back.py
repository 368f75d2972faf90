"""Lower-back care: when discomfort on an exercise keeps coming back, suggest one that trains
the same back muscles with a lower spinal load.

The rule, in plain words:

- An exercise's sessions are the workouts where at least one of its sets was done. Only its
  last 3 sessions count (newest first), so an old bad patch is forgotten.
- It is "flagged" when discomfort of 4 or more out of 10 was recorded on that exercise in at
  least 2 of those 3 sessions. A flag for the lower back as a whole (no exercise) does not
  count for any one exercise: it does not say which movement hurt.
- "The same primary muscles": the back regions of the exercise's primary muscles (lats,
  mid-back, upper traps, rear delts, erectors, by the region rule of domain/coach/regions.py:
  the trapezius is upper traps for shrugs, carries and hinges, else mid-back). An
  alternative's primary muscles must cover every one of those regions. An exercise with no
  primary back muscle needs all its primary muscles covered instead.
- The alternative must have a known spinal load strictly lower than this one's (low <
  moderate < high), be counted in reps like it (not a hold or cardio), not be a stretch,
  cardio or a core drill, and not be archived.
- Among those, best first: the most primary muscles shared; then the same movement pattern;
  then the same tracking (weight or bodyweight); then not a band (its "weight" does not
  compare with a bar's or a dumbbell's); then the lower spinal load; then the name (A–Z),
  so the choice is stable. The person's equipment is not asked: the suggestion names an
  exercise, the person decides.

Pure Python; storage gathers the facts, the ui shows the sentence and the button.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from backtracker.domain.coach.regions import region_of
from backtracker.domain.plates import Loader

THRESHOLD = 4  # of 10
WINDOW = 3  # the last 3 sessions of the exercise
NEEDED = 2  # of them with discomfort at or above the threshold
LIGHTER_FACTOR = 0.9  # the next session after a swap: about 90 % of the load

SPINAL_LOADS = ("low", "moderate", "high")
BACK_MUSCLES = frozenset({"lats", "trapezius", "rhomboids", "erector_spinae", "rear_delts"})
REPS_TRACKING = frozenset({"weight_reps", "bodyweight_reps"})
NOT_A_SWAP = frozenset({"mobility", "cardio", "core"})  # patterns never offered instead


def load_rank(spinal_load: str | None) -> int | None:
    """0 low, 1 moderate, 2 high; None when not known (or not one of the three)."""
    return SPINAL_LOADS.index(spinal_load) if spinal_load in SPINAL_LOADS else None


def flagged_sessions(scores: Sequence[int | None]) -> int:
    """How many of the last sessions (newest first; None: no flag on the exercise) had
    discomfort at or above the threshold. Only the first WINDOW count."""
    return sum(1 for score in scores[:WINDOW] if score is not None and score >= THRESHOLD)


def fires(scores: Sequence[int | None]) -> bool:
    """Discomfort of 4 or more in 2 of the exercise's last 3 sessions."""
    return flagged_sessions(scores) >= NEEDED


@dataclass(frozen=True)
class Candidate:
    """An exercise as the rule sees it."""

    exercise_id: int
    name: str
    primary: frozenset[str]  # muscle keys
    spinal_load: str | None
    tracking: str = "weight_reps"
    pattern: str | None = None
    archived: bool = False
    equipment: str = ""


def target_muscles(exercise: Candidate) -> frozenset[str]:
    """The primary muscles named in the sentence: the back ones, else all of them."""
    back = exercise.primary & BACK_MUSCLES
    return back or exercise.primary


def _regions(exercise: Candidate) -> frozenset[str]:
    found = (region_of(muscle, exercise.pattern) for muscle in exercise.primary)
    return frozenset(r for r in found if r is not None)


def covers(alternative: Candidate, exercise: Candidate) -> bool:
    """Does the alternative train every primary back region of the exercise (or, with none,
    every primary muscle)?"""
    target = _regions(exercise)
    if target:
        return target <= _regions(alternative)
    return bool(exercise.primary) and exercise.primary <= alternative.primary


def alternatives(exercise: Candidate, catalogue: Iterable[Candidate]) -> list[Candidate]:
    """Every acceptable alternative, best first (see the module's rule)."""
    rank = load_rank(exercise.spinal_load)
    if rank is None or rank == 0 or not exercise.primary:
        return []  # not known, or already as low as it gets
    reps_kind = exercise.tracking in REPS_TRACKING
    found = [
        other
        for other in catalogue
        if other.exercise_id != exercise.exercise_id
        and not other.archived
        and (load_rank(other.spinal_load) is not None)
        and load_rank(other.spinal_load) < rank  # type: ignore[operator]
        and other.pattern not in NOT_A_SWAP
        and (other.tracking in REPS_TRACKING) == reps_kind
        and covers(other, exercise)
    ]
    return sorted(
        found,
        key=lambda o: (
            -len(o.primary & exercise.primary),
            o.pattern != exercise.pattern,
            o.tracking != exercise.tracking,
            o.equipment == "band",
            load_rank(o.spinal_load),
            o.name.casefold(),
        ),
    )


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


@dataclass(frozen=True)
class SwapSuggestion:
    exercise_id: int
    exercise_name: str
    alternative_id: int
    alternative_name: str
    flagged: int  # sessions at or above the threshold, of the last WINDOW
    sessions: int  # how many sessions were looked at (up to WINDOW)
    sentence: str


def suggest_swap(
    exercise: Candidate,
    scores: Sequence[int | None],
    catalogue: Iterable[Candidate],
    muscle_names: Mapping[str, str],
) -> SwapSuggestion | None:
    """The suggestion for this exercise, or None when the rule does not fire or nothing
    lighter trains the same muscles. `scores`: its last sessions, newest first."""
    if not fires(scores):
        return None
    options = alternatives(exercise, catalogue)
    if not options:
        return None
    best = options[0]
    target = target_muscles(exercise)
    names = [muscle_names.get(k, k.replace("_", " ")).lower() for k in sorted(target)]
    flagged = flagged_sessions(scores)
    seen = min(len(scores), WINDOW)
    sentence = (
        f"{exercise.name} hurt your lower back ({THRESHOLD}+ of 10) in {flagged} of its last "
        f"{seen} sessions; {best.name} trains the {_join(names)} with a {best.spinal_load} "
        "spinal load."
    )
    return SwapSuggestion(
        exercise.exercise_id, exercise.name, best.exercise_id, best.name, flagged, seen, sentence
    )


def lighter(weight_kg: float, factor: float, step_kg: float, loader: Loader | None = None) -> float:
    """`factor` of a weight, rounded down to the step (never below one step; 0 and
    assistance stay as they are). With a loader (plates on a bar, the dumbbells owned) it is
    the loadable weight at or below that, else the next one up if still under `weight_kg`."""
    if weight_kg <= 0 or factor >= 1:
        return weight_kg
    steps = int(weight_kg * factor / step_kg + 1e-9)
    wanted = round(max(1, steps) * step_kg, 4)
    if loader is not None:
        fit = loader.fit_kg(wanted)
        for option in (fit.exact, fit.below, fit.above):
            if option is not None and option.total_kg < weight_kg - 1e-9:
                return round(option.total_kg, 4)
    return wanted
