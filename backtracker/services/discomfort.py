"""Lower-back care (issue 15 §3): discomfort flags after a workout, the swap suggestion when
an exercise keeps hurting, and the lighter next session once the person accepts the swap.

Nothing changes without the person's click: `accept_swap` is the one call that edits a
routine, and it is only made from the button that shows the suggestion.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backtracker.domain.coach import lower_back
from backtracker.domain.coach.lower_back import Candidate, SwapSuggestion
from backtracker.domain.errors import UserError
from backtracker.storage import discomfort, routines
from backtracker.storage.discomfort import Flag
from backtracker.storage.models import Routine, RoutineItem, db
from backtracker.storage.settings import get_setting, set_setting

LIGHTER_KEY = "lighter_next"  # {exercise id: factor}: the next session of it is lighter, once
LIGHTER_TAKEN_KEY = "lighter_taken"  # {exercise id: [workout start, factor]}: where it went
NOTE_LIMIT = 500

__all__ = [
    "LIGHTER_KEY",
    "Flag",
    "accept_swap",
    "flags",
    "lighter_line",
    "lighter_lines",
    "save",
    "suggestion",
    "suggestions",
    "take_lighter",
]


def flags(workout_id: int) -> dict[int | None, Flag]:
    return discomfort.flags_of(workout_id)


def save(workout_id: int, entries: dict[int | None, tuple[int | None, str]]) -> None:
    """Save the flags as given: (score, note) per workout_exercise id, None for the lower back
    as a whole; a score of None clears that flag. All or nothing: a bad entry raises
    UserError and changes nothing."""
    values: dict[int | None, tuple[int, str] | None] = {}
    for link, (score, typed) in entries.items():
        note = " ".join(typed.split())
        if score is None:
            if note:
                raise UserError("Give a score from 0 to 10 to go with the note, or clear it.")
            values[link] = None
            continue
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
            raise UserError("Discomfort is a whole number from 0 (none) to 10 (worst).")
        if len(note) > NOTE_LIMIT:
            raise UserError(f"Keep the note under {NOTE_LIMIT} characters.")
        values[link] = (score, note)
    discomfort.save_flags(workout_id, values)


def _catalogue() -> list[Candidate]:
    return [
        Candidate(i, name, primary, load, tracking, pattern, archived, kit)
        for i, name, load, tracking, pattern, archived, kit, primary in discomfort.candidates()
    ]


@dataclass(frozen=True)
class Offer:
    """A swap suggestion for one exercise of a workout; `routine_id` is the routine it can be
    swapped in (the workout's own, when it still holds the exercise), else None."""

    swap: SwapSuggestion
    routine_id: int | None
    routine_name: str = ""


def suggestion(exercise_id: int, workout_id: int) -> Offer | None:
    """The lower-back suggestion for an exercise of this workout, or None. Sessions up to
    this workout's start count (itself too, once its flags are in)."""
    return suggestions([exercise_id], workout_id)[exercise_id]


def suggestions(exercise_ids: list[int], workout_id: int) -> dict[int, Offer | None]:
    """`suggestion` for each of these exercises of the workout, reading the workout and the
    flags once for all (a workout's cards, as it opens)."""
    offers: dict[int, Offer | None] = dict.fromkeys(exercise_ids)
    workout = discomfort.workout_of(workout_id)
    if workout is None:
        return offers
    recent = discomfort.recent_scores_of(exercise_ids, before=workout[0])
    catalogue: list[Candidate] | None = None  # read only when a suggestion fires
    for exercise_id, scores in recent.items():
        if not lower_back.fires(scores):
            continue
        catalogue = catalogue if catalogue is not None else _catalogue()
        offers[exercise_id] = _offer(exercise_id, workout[1], scores, catalogue)
    return offers


def _offer(
    exercise_id: int, routine_id: int | None, scores: list[int | None], catalogue: list[Candidate]
) -> Offer | None:
    exercise = next((c for c in catalogue if c.exercise_id == exercise_id), None)
    if exercise is None:
        return None
    swap = lower_back.suggest_swap(exercise, scores, catalogue, discomfort.muscle_names())
    if swap is None:
        return None
    holds = (
        routine_id is not None
        and RoutineItem.select()
        .where((RoutineItem.routine == routine_id) & (RoutineItem.exercise == exercise_id))
        .exists()
    )
    name = Routine.get_by_id(routine_id).name if holds else ""
    return Offer(swap, routine_id if holds else None, name)


def accept_swap(routine_id: int, exercise_id: int, alternative_id: int) -> int:
    """The person's click: the alternative takes the exercise's place in the routine (sets,
    reps and superset kept), and the next session of either gets about 90 % of the load,
    once. One transaction; returns how many routine items changed."""
    with db.atomic():
        changed = routines.swap_exercise(routine_id, exercise_id, alternative_id)
        if not changed:
            raise UserError("The routine no longer has that exercise; nothing was swapped.")
        pending = dict(get_setting(LIGHTER_KEY, {}) or {})
        for exercise in (exercise_id, alternative_id):
            pending[str(exercise)] = lower_back.LIGHTER_FACTOR
        set_setting(LIGHTER_KEY, pending)
    return changed


def pending_lighter() -> dict[int, float]:
    return {int(k): float(v) for k, v in (get_setting(LIGHTER_KEY, {}) or {}).items()}


def take_lighter(exercise_id: int, started_at: dt.datetime) -> float | None:
    """The factor for this exercise's next session, cleared as it is taken (once only); the
    workout it went to (by its start) is remembered for the card's line."""
    pending = dict(get_setting(LIGHTER_KEY, {}) or {})
    factor = pending.pop(str(exercise_id), None)
    if factor is None:
        return None
    taken = dict(get_setting(LIGHTER_TAKEN_KEY, {}) or {})
    taken[str(exercise_id)] = [started_at.isoformat(), float(factor)]
    with db.atomic():
        set_setting(LIGHTER_KEY, pending)
        set_setting(LIGHTER_TAKEN_KEY, taken)
    return float(factor)


def lighter_line(exercise_id: int, started_at: dt.datetime) -> str:
    """What the card says when this workout's sets of the exercise were planned lighter."""
    return lighter_lines([exercise_id], started_at)[exercise_id]


def lighter_lines(exercise_ids: list[int], started_at: dt.datetime) -> dict[int, str]:
    """`lighter_line` for each of these exercises, reading the setting once."""
    taken_of = get_setting(LIGHTER_TAKEN_KEY, {}) or {}
    lines = dict.fromkeys(exercise_ids, "")
    for exercise_id in exercise_ids:
        taken = taken_of.get(str(exercise_id))
        if not taken or taken[0] != started_at.isoformat():
            continue
        percent = round(float(taken[1]) * 100)
        lines[exercise_id] = (
            f"Lighter today: the sets start at about {percent} % of the load, after the swap "
            "for your lower back."
        )
    return lines
