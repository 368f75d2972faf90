"""Writing a parsed file: one transaction, bulk inserts, idempotent, cancellable.

- A workout whose import key is already in the database is skipped, so importing the same
  file twice adds nothing; a file whose bytes (sha256) were imported before and that has
  nothing new is reported as already imported.
- Names are mapped as the caller says, else by the matcher's automatic matches (exact, alias,
  equipment; never two names of the file onto one exercise), else to a new custom exercise
  named as in the file, one per name; each source name is remembered as an alias of its
  exercise.
- Everything happens in one `db.atomic()`: an error or a cancel rolls it all back. A dry run
  does the same work and rolls back at the end, so its counts are exact.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from backtracker.domain import supersets
from backtracker.domain.errors import UserError
from backtracker.services.importers import assisted, customs
from backtracker.services.importers.matching import CHOSEN, CUSTOM, Matcher
from backtracker.services.importers.model import (
    BadRowsError,
    Cancelled,
    ImportCancelled,
    ImportResult,
    ParsedFile,
    ParsedSet,
    ParsedWorkout,
    Progress,
)
from backtracker.storage import imports as store
from backtracker.storage import link_volume
from backtracker.storage.exercises import create_custom_exercise
from backtracker.storage.models import BodyMetric, SetEntry, Workout, WorkoutExercise, db

CHUNK = 10_000  # rows per executemany between progress reports and cancellation checks

_WORKOUT_COLUMNS = (
    "id", "name", "started_at", "ended_at", "notes", "posture_note", "warmup_stretch",
    "cooldown_stretch", "source", "import_batch_id", "import_key", "created_at", "updated_at",
)  # fmt: skip
_LINK_COLUMNS = ("id", "workout_id", "exercise_id", "position", "notes", "rest_s", "superset")
_SET_COLUMNS = (
    "id", "workout_exercise_id", "position", "set_type", "weight_kg", "reps", "duration_s",
    "distance_m", "rpe", "notes", "completed", "completed_at", "reps_left", "reps_right",
)  # fmt: skip
_BODY_COLUMNS = ("measured_on", "metric", "value", "notes", "source")
_BODY_UNIQUE = "(measured_on, metric)"


class _DryRun(Exception):  # noqa: N818 (control flow, not an error)
    def __init__(self, result: ImportResult) -> None:
        super().__init__("dry run")
        self.result = result


def import_parsed(
    parsed: ParsedFile,
    mapping: dict[str, int | None] | None = None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    skip_bad_rows: bool = False,
) -> ImportResult:
    """Write `parsed` in one transaction; see the module docstring for the rules.

    A file with problem lines (`parsed.problems`) is refused with BadRowsError, writing
    nothing, unless `skip_bad_rows`: then the rest is written and the import's record keeps
    the lines left out.
    """
    if parsed.problems and not skip_bad_rows:
        raise BadRowsError(parsed.problems)
    try:
        with db.atomic():
            result = _Import(parsed, mapping or {}, progress, cancelled, skip_bad_rows).run()
            if dry_run:
                raise _DryRun(result)
    except _DryRun as done:
        return dataclasses.replace(done.result, batch_id=None, dry_run=True)
    return result


class _Import:
    def __init__(
        self,
        parsed: ParsedFile,
        mapping: dict[str, int | None],
        progress: Progress | None,
        cancelled: Cancelled | None,
        skip_bad_rows: bool = False,
    ) -> None:
        self.skip_bad_rows = skip_bad_rows
        self.parsed = parsed
        self.mapping = mapping
        self.progress = progress
        self.cancelled = cancelled
        self.source = parsed.format.value
        self.how: dict[str, str] = {}

    def _check(self, done: int, total: int) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ImportCancelled()
        if self.progress is not None:
            self.progress(done, total)

    def run(self) -> ImportResult:
        parsed = self.parsed
        existing = store.existing_import_keys([w.key for w in parsed.workouts])
        new = [w for w in parsed.workouts if w.key not in existing]
        skipped_sets = sum(len(w.sets) for w in parsed.workouts if w.key in existing)
        body = self._new_body_rows()
        previous = store.batch_with_sha(parsed.sha256)
        if previous is not None and not new and not body:
            return ImportResult(
                workouts_added=0,
                workouts_skipped=len(existing),
                sets_added=0,
                bodyweights_added=0,
                exercises_created=[],
                mapping={},
                batch_id=previous[0],
                sets_skipped=skipped_sets,
                already_imported=True,
            )
        resolved, created, shown = self._resolve(new)
        # Negative weights are known to be assistance only now that names are mapped.
        refused = assisted.negative_weight_problems(new, resolved)
        if refused and not self.skip_bad_rows:
            raise BadRowsError(refused)  # rolls back the customs made just now
        new = assisted.without_lines(new, refused) if refused else new
        problems = tuple(sorted(parsed.problems + refused, key=lambda p: p.line))
        batch_id = None
        sets_added = bodyweights = measurements = 0
        if new or body:
            batch_id = store.create_batch(
                self.source,
                parsed.file_name,
                parsed.sha256,
                ((p.line, p.reason) for p in problems),
            )
            sets_added = self._write_workouts(new, resolved, batch_id)
            bodyweights, measurements = self._write_body(body)
            store.count_batch(batch_id, workouts=len(new), sets=sets_added)
        return ImportResult(
            workouts_added=len(new),
            workouts_skipped=len(existing),
            sets_added=sets_added,
            bodyweights_added=bodyweights,
            exercises_created=created,
            mapping=shown,
            batch_id=batch_id,
            sets_skipped=skipped_sets,
            measurements_added=measurements,
            skipped_rows=problems,
            how=self.how,
        )

    # --- exercises ----------------------------------------------------------------------------

    def _resolve(
        self, new: list[ParsedWorkout]
    ) -> tuple[dict[str, int], list[str], dict[str, str]]:
        """Source name → exercise id for the names the new workouts use; creates customs."""
        needed = dict.fromkeys(name for w in new for name in w.exercise_order())
        sets_of: dict[str, list[ParsedSet]] = defaultdict(list)
        for workout in new:
            for s in workout.sets:
                sets_of[s.exercise].append(s)
        chosen = {n: i for n, i in self.mapping.items() if i is not None}
        names_of = store.exercise_names_by_id(chosen.values())
        missing = [n for n, i in chosen.items() if i not in names_of]
        if missing:
            raise UserError(
                f"The exercise chosen for “{missing[0]}” no longer exists. "
                "Choose another one, or let BackTracker create it."
            )
        automatic_names = [n for n in self.parsed.exercise_names if n not in self.mapping]
        automatic = {
            s.source_name: s
            for s in (
                Matcher().suggest_all(automatic_names, claimed=chosen.values())
                if automatic_names
                else ()
            )
        }
        resolved: dict[str, int] = {}
        shown: dict[str, str] = {}
        how: dict[str, str] = {}
        to_create: list[str] = []
        for name in self.parsed.exercise_names:
            if name in self.mapping:
                exercise_id = self.mapping[name]
                how[name] = CHOSEN if exercise_id is not None else CUSTOM
            else:
                suggestion = automatic[name]
                exercise_id = suggestion.exercise_id if suggestion.confident else None
                how[name] = suggestion.how if exercise_id is not None else CUSTOM
                if exercise_id is not None:
                    names_of[exercise_id] = suggestion.exercise_name or ""
            if exercise_id is not None:
                resolved[name] = exercise_id
                shown[name] = names_of[exercise_id]
            elif name in needed:
                to_create.append(name)
        created = self._create(to_create, sets_of, resolved, shown)
        store.add_aliases(((resolved[n], n) for n in needed if n in resolved), self.source)
        in_file_order = {n: shown[n] for n in self.parsed.exercise_names if n in shown}
        self.how = {n: how[n] for n in in_file_order}
        return resolved, created, in_file_order

    def _create(
        self,
        names: list[str],
        sets_of: dict[str, list[ParsedSet]],
        resolved: dict[str, int],
        shown: dict[str, str],
    ) -> list[str]:
        if not names:
            return []
        taken = store.taken_names()
        known = store.known_muscles()
        label = self.parsed.format.label.split()[0]
        created = []
        for name in names:  # one each: two names of a file are never merged
            draft = customs.draft_for(
                customs.unique_name(name, taken, label),
                sets_of.get(name, []),
                group=self.parsed.exercise_groups.get(name, ""),
                source_label=self.parsed.format.label,
                known_muscles=known,
            )
            taken.add(draft.name.casefold())
            resolved[name], shown[name] = create_custom_exercise(draft), draft.name
            created.append(draft.name)
        return created

    # --- rows ---------------------------------------------------------------------------------

    def _write_workouts(
        self, new: list[ParsedWorkout], resolved: dict[str, int], batch_id: int
    ) -> int:
        stamp = store.stamp
        created_at = stamp()
        workout_id = store.next_id(Workout)
        link_id = first_link = store.next_id(WorkoutExercise)
        set_id = store.next_id(SetEntry)
        workouts: list[tuple[Any, ...]] = []
        links: list[tuple[Any, ...]] = []
        sets: list[tuple[Any, ...]] = []
        for workout in new:
            ended = stamp(workout.ended_at or workout.started_at)  # imported = finished
            workouts.append(
                (workout_id, workout.name, stamp(workout.started_at), ended, workout.notes, "",
                 False, False, self.source, batch_id, workout.key, created_at, created_at)
            )  # fmt: skip
            rows_of: dict[int, list[Any]] = {}
            for name in workout.exercise_order():
                exercise_id = resolved[name]
                note = workout.exercise_notes.get(name, "")
                rest = workout.rest_by_exercise.get(name)
                row = rows_of.get(exercise_id)
                if row is None:
                    rows_of[exercise_id] = [link_id, workout_id, exercise_id, len(rows_of), note,
                                           rest, 0, workout.supersets.get(name)]  # fmt: skip
                    link_id += 1
                else:  # two source names for one of our exercises
                    row[4] = "\n".join(filter(None, (row[4], note)))
                    row[5] = row[5] if row[5] is not None else rest
            for s in workout.sets:
                row = rows_of[resolved[s.exercise]]
                sets.append(
                    (set_id, row[0], row[6], s.set_type, s.weight_kg, s.reps, s.duration_s,
                     s.distance_m, s.rpe, s.notes, True, ended, s.reps_left, s.reps_right)
                )  # fmt: skip
                row[6] += 1
                set_id += 1
            # Superset groups: adjacent exercises sharing a number, two or more of them.
            groups = supersets.tidy([row[7] for row in rows_of.values()])
            links.extend(
                (*row[:6], group) for row, group in zip(rows_of.values(), groups, strict=True)
            )
            workout_id += 1
        total = len(workouts) + len(links) + len(sets)
        done = 0
        with link_volume.counted_once_for_new_links(first_link):
            for model, columns, rows in (
                (Workout, _WORKOUT_COLUMNS, workouts),
                (WorkoutExercise, _LINK_COLUMNS, links),
                (SetEntry, _SET_COLUMNS, sets),
            ):
                done = self._insert(model, columns, rows, done, total)
        return len(sets)

    def _insert(
        self,
        model: type[Any],
        columns: Sequence[str],
        rows: list[tuple[Any, ...]],
        done: int,
        total: int,
    ) -> int:
        for start in range(0, len(rows), CHUNK):
            self._check(done, total)
            chunk = rows[start : start + CHUNK]
            store.insert_rows(model, columns, chunk)
            done += len(chunk)
        self._check(done, total)
        return done

    def _new_body_rows(self) -> list[tuple[Any, ...]]:
        """Body metrics for days that have none yet (an existing entry is never replaced)."""
        wanted: dict[str, list[tuple[Any, float]]] = defaultdict(list)
        for day, kg in self.parsed.bodyweights:
            wanted["bodyweight"].append((day, kg))
        for day, metric, value in self.parsed.measurements:
            wanted[metric].append((day, value))
        rows = []
        for metric, values in wanted.items():
            have = store.existing_metric_days(metric, [day for day, _ in values])
            rows += [
                (day.isoformat(), metric, value, "", self.source)
                for day, value in values
                if day.isoformat() not in have
            ]
        return rows

    def _write_body(self, rows: list[tuple[Any, ...]]) -> tuple[int, int]:
        weights = [r for r in rows if r[1] == "bodyweight"]
        others = [r for r in rows if r[1] != "bodyweight"]
        return (
            store.insert_rows(BodyMetric, _BODY_COLUMNS, weights, _BODY_UNIQUE),
            store.insert_rows(BodyMetric, _BODY_COLUMNS, others, _BODY_UNIQUE),
        )
