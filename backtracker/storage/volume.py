"""The reps a set's volume counts, in SQL, for every volume the app sums.

A one-sided exercise (`exercise.unilateral`) counts both sides: left + right reps when the
set was logged per side, else twice its reps ("each side"). Any other exercise counts its
reps. The result is an INTEGER expression; multiply it by a REAL load (or cast it) so
nothing is divided as integers. Mirrors `domain.one_sided.volume_reps`.
"""

from __future__ import annotations

ONE_SIDED_REPS = "COALESCE({s}.reps_left + {s}.reps_right, 2 * {s}.reps)"


def volume_reps_sql(set_alias: str = "s", unilateral: str | bool = "e.unilateral") -> str:
    """SQL for the reps counted in volume of the `set_entry` row `set_alias`.

    `unilateral` is an SQL expression (a column of the exercise) or, when the exercise is
    known beforehand, a Python bool that picks the expression once.
    """
    both_sides = ONE_SIDED_REPS.format(s=set_alias)
    if unilateral is True:
        return both_sides
    if unilateral is False:
        return f"{set_alias}.reps"
    return f"(CASE WHEN {unilateral} THEN {both_sides} ELSE {set_alias}.reps END)"
