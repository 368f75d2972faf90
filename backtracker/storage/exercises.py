"""Reading and writing exercises, their aliases and their muscles."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

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
    Goal,
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
        bar=row.bar,
        unilateral=row.unilateral,
        pattern=row.pattern,
        spinal_load=row.spinal_load,
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
        "bar": draft.bar,
        "unilateral": draft.unilateral,
        "pattern": draft.pattern,
        "spinal_load": draft.spinal_load,
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


# --- merging two exercises ("these are the same") ---------------------------------------


@dataclass(frozen=True)
class MergeRecord:
    """What merge_exercises changed, so that unmerge_exercises puts every row back."""

    keep_id: int
    other_id: int
    other_name: str
    deleted: bool  # a custom exercise is removed; one from the catalogue is archived
    other_row: dict[str, Any]  # the other exercise's row as it was
    other_aliases: tuple[dict[str, Any], ...]  # its alias rows that went with it (deleted)
    other_muscles: tuple[dict[str, Any], ...]  # its muscle rows (deleted)
    links: tuple[int, ...]  # workout entries moved to the kept exercise
    routine_items: tuple[int, ...]  # routine entries moved
    moved_aliases: tuple[int, ...]  # aliases (the person's, from imports) moved
    added_alias: int | None  # the other's name, added as an alias of the kept one
    other_goal: dict[str, Any] | None = None  # its goal row as it was
    goal_moved: bool = False  # that goal went to the kept exercise, which had none


def usage(exercise_id: int) -> tuple[int, int, int]:
    """(workouts, workout entries, routine entries) that use the exercise."""
    links = WorkoutExercise.select().where(WorkoutExercise.exercise == exercise_id)
    workouts = links.select(WorkoutExercise.workout).distinct().count()
    items = RoutineItem.select().where(RoutineItem.exercise == exercise_id).count()
    return workouts, links.count(), items


def merge_exercises(keep_id: int, other_id: int) -> MergeRecord:
    """Make `other` part of `keep`, in one transaction.

    Every workout entry (with its sets) and routine entry of `other` moves to `keep`, and so
    do the aliases the person or an import gave it. A custom `other` is then removed and its
    name becomes an alias of `keep` (later imports of that name land on `keep`); one from
    the catalogue is archived (the catalogue would bring it back).
    """
    if keep_id == other_id:
        raise UserError("Choose another exercise: an exercise cannot be merged into itself.")
    with db.atomic():
        keep, other = _row(keep_id), _row(other_id)
        row = Exercise.select().where(Exercise.id == other_id).dicts().get()
        links = tuple(
            i
            for (i,) in WorkoutExercise.select(WorkoutExercise.id)
            .where(WorkoutExercise.exercise == other_id)
            .tuples()
        )
        items = tuple(
            i
            for (i,) in RoutineItem.select(RoutineItem.id)
            .where(RoutineItem.exercise == other_id)
            .tuples()
        )
        moved = tuple(
            i
            for (i,) in ExerciseAlias.select(ExerciseAlias.id)
            .where((ExerciseAlias.exercise == other_id) & (ExerciseAlias.source != "catalogue"))
            .tuples()
        )
        if links:
            WorkoutExercise.update(exercise=keep_id).where(WorkoutExercise.id.in_(links)).execute()
        if items:
            RoutineItem.update(exercise=keep_id).where(RoutineItem.id.in_(items)).execute()
        if moved:
            ExerciseAlias.update(exercise=keep_id).where(ExerciseAlias.id.in_(moved)).execute()
        goal, goal_moved = _merge_goal(keep_id, other_id)
        added = None
        aliases: tuple[dict[str, Any], ...] = ()
        muscles: tuple[dict[str, Any], ...] = ()
        if other.is_custom:
            aliases = tuple(
                ExerciseAlias.select().where(ExerciseAlias.exercise == other_id).dicts()
            )
            muscles = tuple(
                ExerciseMuscle.select().where(ExerciseMuscle.exercise == other_id).dicts()
            )
            other.delete_instance()  # its remaining aliases and muscle links go with it
            if other.name.casefold() not in {n.casefold() for n in names_in_use()}:
                added = ExerciseAlias.insert(
                    exercise=keep_id, alias=other.name, source="user"
                ).execute()
        else:
            Exercise.update(archived_at=row["archived_at"] or now(), updated_at=now()).where(
                Exercise.id == other_id
            ).execute()
        return MergeRecord(
            keep_id=keep.id,
            other_id=other_id,
            other_name=other.name,
            deleted=other.is_custom,
            other_row=row,
            other_aliases=aliases,
            other_muscles=muscles,
            links=links,
            routine_items=items,
            moved_aliases=moved,
            added_alias=added,
            other_goal=goal,
            goal_moved=goal_moved,
        )


def _merge_goal(keep_id: int, other_id: int) -> tuple[dict[str, Any] | None, bool]:
    """The other's goal goes to the kept exercise when that has none; otherwise the kept
    one's stays and the other's is removed. Returns (the other's goal row, moved)."""
    goal = Goal.select().where(Goal.exercise == other_id).dicts().first()
    if goal is None:
        return None, False
    if Goal.select().where(Goal.exercise == keep_id).exists():
        Goal.delete().where(Goal.id == goal["id"]).execute()
        return goal, False
    Goal.update(exercise=keep_id).where(Goal.id == goal["id"]).execute()
    return goal, True


def unmerge_exercises(record: MergeRecord) -> None:
    """Undo merge_exercises: every row as it was before, in one transaction."""
    with db.atomic():
        if record.deleted:
            if Exercise.get_or_none(Exercise.id == record.other_id) is not None:
                raise UserError(
                    f"“{record.other_name}” cannot be brought back: its place was taken since."
                )
            Exercise.insert(**record.other_row).execute()
            if record.other_muscles:
                ExerciseMuscle.insert_many(list(record.other_muscles)).execute()
            if record.other_aliases:
                ExerciseAlias.insert_many(list(record.other_aliases)).execute()
        else:
            Exercise.update(
                archived_at=record.other_row["archived_at"],
                updated_at=record.other_row["updated_at"],
            ).where(Exercise.id == record.other_id).execute()
        if record.links:
            WorkoutExercise.update(exercise=record.other_id).where(
                WorkoutExercise.id.in_(record.links)
            ).execute()
        if record.routine_items:
            RoutineItem.update(exercise=record.other_id).where(
                RoutineItem.id.in_(record.routine_items)
            ).execute()
        if record.moved_aliases:
            ExerciseAlias.update(exercise=record.other_id).where(
                ExerciseAlias.id.in_(record.moved_aliases)
            ).execute()
        if record.added_alias is not None:
            ExerciseAlias.delete().where(ExerciseAlias.id == record.added_alias).execute()
        if record.other_goal is not None:
            if record.goal_moved:  # the kept exercise had no goal before the merge
                Goal.delete().where(Goal.exercise == record.keep_id).execute()
            Goal.insert({k: v for k, v in record.other_goal.items() if k != "id"}).execute()
