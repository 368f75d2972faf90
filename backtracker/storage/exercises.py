"""Reading and writing exercises, their aliases and their muscles."""

from __future__ import annotations

import json
from collections import defaultdict

from backtracker.domain.catalogue import (
    ExerciseDraft,
    ExerciseInfo,
    MuscleInfo,
    default_rest_seconds,
)
from backtracker.domain.errors import UserError
from backtracker.storage.models import (
    Exercise,
    ExerciseAlias,
    ExerciseMuscle,
    Muscle,
    RoutineItem,
    WorkoutExercise,
    db,
    now,
)


class ExerciseHasHistoryError(UserError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"“{name}” is part of logged workouts or routines, so it cannot be deleted. "
            "Archive it instead: it disappears from the list and its history stays."
        )


def list_muscles() -> list[MuscleInfo]:
    return [
        MuscleInfo(
            key=m.key,
            name=m.name,
            short_name=m.short_name,
            group=m.group,
            major_back=m.major_back,
            location=m.location,
            function=m.function,
            why_it_matters=m.why_it_matters,
            training_tip=m.training_tip,
        )
        for m in Muscle.select().order_by(Muscle.position, Muscle.id)
    ]


def list_exercises(*, include_archived: bool = True) -> list[ExerciseInfo]:
    """Every exercise with its aliases and muscles, in three queries."""
    query = Exercise.select().order_by(Exercise.name)
    if not include_archived:
        query = query.where(Exercise.archived_at.is_null())
    aliases: dict[int, list[str]] = defaultdict(list)
    for exercise_id, alias in (
        ExerciseAlias.select(ExerciseAlias.exercise, ExerciseAlias.alias)
        .order_by(ExerciseAlias.id)
        .tuples()
    ):
        aliases[exercise_id].append(alias)
    muscles: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for exercise_id, role, key in (
        ExerciseMuscle.select(ExerciseMuscle.exercise, ExerciseMuscle.role, Muscle.key)
        .join(Muscle)
        .order_by(ExerciseMuscle.id)
        .tuples()
    ):
        muscles[exercise_id][role].append(key)
    return [_info(row, aliases[row.id], muscles[row.id]) for row in query]


class ExerciseNotFoundError(UserError):
    def __init__(self) -> None:
        super().__init__("That exercise no longer exists; it may have been deleted.")


def _row(exercise_id: int) -> Exercise:
    row = Exercise.get_or_none(Exercise.id == exercise_id)
    if row is None:
        raise ExerciseNotFoundError()
    return row


def get_exercise(exercise_id: int) -> ExerciseInfo:
    row = _row(exercise_id)
    aliases = [
        a.alias
        for a in ExerciseAlias.select()
        .where(ExerciseAlias.exercise == row)
        .order_by(ExerciseAlias.id)
    ]
    roles: dict[str, list[str]] = defaultdict(list)
    for link in (
        ExerciseMuscle.select(ExerciseMuscle, Muscle)
        .join(Muscle)
        .where(ExerciseMuscle.exercise == row)
        .order_by(ExerciseMuscle.id)
    ):
        roles[link.role].append(link.muscle.key)
    return _info(row, aliases, roles)


def _info(row: Exercise, aliases: list[str], roles: dict[str, list[str]]) -> ExerciseInfo:
    return ExerciseInfo(
        id=row.id,
        name=row.name,
        catalogue_key=row.catalogue_key,
        aliases=tuple(aliases),
        summary=row.summary,
        category=row.category,
        equipment=row.equipment,
        no_gym=row.no_gym,
        load_profile=row.load_profile,
        tracking=row.tracking,
        default_rest_s=row.default_rest_s,
        primary_muscles=tuple(roles.get("primary", ())),
        secondary_muscles=tuple(roles.get("secondary", ())),
        steps=tuple(json.loads(row.steps_json)),
        cue=row.cue,
        mistakes=tuple(json.loads(row.mistakes_json)),
        variations=tuple(json.loads(row.variations_json)),
        tags=tuple(json.loads(row.tags_json)),
        proven_five=row.proven_five,
        is_custom=row.is_custom,
        user_modified=row.user_modified,
        archived=row.archived_at is not None,
    )


def names_in_use(*, exclude_id: int | None = None) -> set[str]:
    """Every exercise name and alias, except those of `exclude_id` (the one being edited)."""
    names = Exercise.select(Exercise.name)
    alias_rows = ExerciseAlias.select(ExerciseAlias.alias)
    if exclude_id is not None:
        names = names.where(Exercise.id != exclude_id)
        alias_rows = alias_rows.where(ExerciseAlias.exercise != exclude_id)
    return {n for (n,) in names.tuples()} | {a for (a,) in alias_rows.tuples()}


def _muscle_ids() -> dict[str, int]:
    return dict(Muscle.select(Muscle.key, Muscle.id).tuples())


def write_links(
    exercise_id: int,
    draft: ExerciseDraft,
    *,
    replace_sources: tuple[str, ...],
    new_source: str,
) -> None:
    """Replace the exercise's muscles and its aliases from `replace_sources` with the draft's.

    Aliases learned from imports (other sources) always stay: they map names in files.
    An alias another exercise already owns is skipped rather than stolen.
    """
    ids = _muscle_ids()
    ExerciseMuscle.delete().where(ExerciseMuscle.exercise == exercise_id).execute()
    ExerciseMuscle.insert_many(
        [
            {"exercise": exercise_id, "muscle": ids[k], "role": "primary"}
            for k in draft.primary_muscles
        ]
        + [
            {"exercise": exercise_id, "muscle": ids[k], "role": "secondary"}
            for k in draft.secondary_muscles
        ]
    ).execute()
    ExerciseAlias.delete().where(
        (ExerciseAlias.exercise == exercise_id) & ExerciseAlias.source.in_(replace_sources)
    ).execute()
    taken = {name.casefold() for name in names_in_use(exclude_id=exercise_id)}
    taken |= {
        a.casefold()
        for (a,) in ExerciseAlias.select(ExerciseAlias.alias)
        .where(ExerciseAlias.exercise == exercise_id)
        .tuples()
    }
    rows = []
    for alias in draft.aliases:
        if alias.casefold() not in taken and alias.casefold() != draft.name.casefold():
            taken.add(alias.casefold())
            rows.append({"exercise": exercise_id, "alias": alias, "source": new_source})
    if rows:
        ExerciseAlias.insert_many(rows).execute()


def exercise_fields(draft: ExerciseDraft) -> dict[str, object]:
    return {
        "name": draft.name,
        "summary": draft.summary,
        "category": draft.category,
        "equipment": draft.equipment,
        "no_gym": draft.no_gym,
        "load_profile": draft.load_profile,
        "tracking": draft.tracking,
        "default_rest_s": default_rest_seconds(draft.load_profile),
        "steps_json": json.dumps(draft.steps),
        "cue": draft.cue,
        "mistakes_json": json.dumps(draft.mistakes),
    }


def create_custom_exercise(draft: ExerciseDraft) -> int:
    """Insert a validated draft as a custom exercise, links and all, in one transaction."""
    with db.atomic():
        exercise = Exercise.create(is_custom=True, **exercise_fields(draft))
        write_links(exercise.id, draft, replace_sources=("user",), new_source="user")
    return exercise.id


def update_exercise(exercise_id: int, draft: ExerciseDraft) -> None:
    """Save an edit. A catalogue entry that a person edits is never overwritten by a re-seed."""
    with db.atomic():
        row = _row(exercise_id)
        Exercise.update(
            user_modified=not row.is_custom or row.user_modified,
            updated_at=now(),
            **exercise_fields(draft),
        ).where(Exercise.id == exercise_id).execute()
        write_links(exercise_id, draft, replace_sources=("user", "catalogue"), new_source="user")


def set_archived(exercise_id: int, archived: bool) -> None:
    _row(exercise_id)
    Exercise.update(archived_at=now() if archived else None, updated_at=now()).where(
        Exercise.id == exercise_id
    ).execute()


def has_history(exercise_id: int) -> bool:
    """True when any workout or routine uses the exercise."""
    return (
        WorkoutExercise.select().where(WorkoutExercise.exercise == exercise_id).exists()
        or RoutineItem.select().where(RoutineItem.exercise == exercise_id).exists()
    )


def delete_exercise(exercise_id: int) -> None:
    """Delete an exercise that nothing refers to; otherwise refuse and change nothing."""
    with db.atomic():
        row = _row(exercise_id)
        if has_history(exercise_id):
            raise ExerciseHasHistoryError(row.name)
        row.delete_instance()


def naming_facts() -> list[tuple[int, str, str, bool, list[tuple[str, str]]]]:
    """(id, name, equipment, archived, [(alias, source)…]) for every exercise.

    Live exercises come first, then archived ones, each by id: what import matching reads.
    """
    aliases: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for exercise_id, alias, source in (
        ExerciseAlias.select(ExerciseAlias.exercise, ExerciseAlias.alias, ExerciseAlias.source)
        .order_by(ExerciseAlias.id)
        .tuples()
    ):
        aliases[exercise_id].append((alias, source))
    rows = Exercise.select(
        Exercise.id, Exercise.name, Exercise.equipment, Exercise.archived_at
    ).order_by(Exercise.archived_at.is_null(False), Exercise.id)
    return [
        (i, name, equipment, archived is not None, aliases[i])
        for i, name, equipment, archived in rows.tuples()
    ]
