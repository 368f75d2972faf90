"""The whole data model, designed up front so that every tab builds on it.

Weights are stored in kilograms, distances in metres and durations in seconds; conversion
to the person's unit happens only for display and input. Timestamps are naive local time
(ISO text), which is what a training log means by "when".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    SqliteDatabase,
    TextField,
)

from backtracker.domain import clock
from backtracker.storage.faults import disk_errors


class ProfileDatabase(SqliteDatabase):
    """SQLite that reports a full or read-only disk in plain words (storage/faults.py)."""

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        if sql.startswith("ROLLBACK TO SAVEPOINT") and self._rolled_back():
            return self.cursor()  # already rolled back by SQLite (see `rollback`)
        with disk_errors():
            return super().execute_sql(sql, params)

    def rollback(self) -> Any:
        # On a full disk SQLite rolls the whole transaction back by itself; a second ROLLBACK
        # would fail ("no transaction is active") and hide the reason from the person.
        if self._rolled_back():
            return None
        return super().rollback()

    def _rolled_back(self) -> bool:
        """Open, but with no transaction left to roll back."""
        return not self.is_closed() and not self.connection().in_transaction

    def begin(self, *args: Any, **kwargs: Any) -> Any:
        with disk_errors():
            return super().begin(*args, **kwargs)

    def commit(self) -> Any:
        with disk_errors():
            return super().commit()


# Deferred: app.py (or a test fixture) calls database.open_profile_database(path).
db = ProfileDatabase(None)


def now() -> dt.datetime:
    return clock.now()


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Muscle(BaseModel):
    """A muscle from the muscle guide (catalogue-owned, refreshed with the catalogue)."""

    key = CharField(unique=True)
    name = CharField()
    short_name = CharField()
    group = CharField()  # back, shoulders, arms, core, chest, legs
    major_back = BooleanField(default=False)
    location = TextField(default="")
    function = TextField(default="")
    why_it_matters = TextField(default="")
    training_tip = TextField(default="")
    position = IntegerField(default=0)


class Exercise(BaseModel):
    """A catalogue or custom exercise. Lists (steps, mistakes, variations) are JSON text."""

    catalogue_key = CharField(null=True, unique=True)  # None for custom exercises
    name = CharField()
    summary = TextField(default="")
    category = CharField()  # domain.catalogue.Category
    equipment = CharField()  # domain.catalogue.Equipment
    no_gym = BooleanField(default=False)
    load_profile = CharField()  # heavy | light
    tracking = CharField()  # domain.catalogue.Tracking
    default_rest_s = IntegerField()
    steps_json = TextField(default="[]")
    cue = TextField(default="")
    mistakes_json = TextField(default="[]")
    variations_json = TextField(default="[]")  # catalogue keys
    tags_json = TextField(default="[]")
    proven_five = BooleanField(default=False)
    is_custom = BooleanField(default=False)
    user_modified = BooleanField(default=False)  # a person edited a catalogue entry
    catalogue_version = IntegerField(null=True)  # version that last wrote this row
    archived_at = DateTimeField(null=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    unilateral = BooleanField(default=False)  # one side at a time (one-arm row): L/R reps
    bar = CharField(null=True)  # the bar it is loaded on (a key of domain.plates); None: default
    pinned_note = TextField(default="")  # shown every time the exercise is logged
    pattern = CharField(null=True)  # domain.catalogue.Pattern; None: not known (old customs)
    spinal_load = CharField(null=True)  # low | moderate | high; None: not known


class ExerciseAlias(BaseModel):
    """Other names for an exercise: catalogue aliases, user aliases, names met in imports."""

    exercise = ForeignKeyField(Exercise, backref="aliases", on_delete="CASCADE")
    alias = CharField()
    source = CharField(default="catalogue")  # catalogue | user | strong | hevy | fitnotes


class ExerciseMuscle(BaseModel):
    exercise = ForeignKeyField(Exercise, backref="muscle_links", on_delete="CASCADE")
    muscle = ForeignKeyField(Muscle, backref="exercise_links", on_delete="RESTRICT")
    role = CharField()  # primary | secondary

    class Meta:
        indexes = ((("exercise", "muscle"), True),)


class Routine(BaseModel):
    builtin_key = CharField(null=True, unique=True)  # e.g. "back-beginner"
    name = CharField()
    description = TextField(default="")
    position = IntegerField(default=0)
    archived_at = DateTimeField(null=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)


class RoutineItem(BaseModel):
    routine = ForeignKeyField(Routine, backref="items", on_delete="CASCADE")
    exercise = ForeignKeyField(Exercise, on_delete="RESTRICT")
    position = IntegerField()
    sets = IntegerField()
    rep_min = IntegerField(null=True)
    rep_max = IntegerField(null=True)
    duration_s = IntegerField(null=True)  # target for holds and stretches
    rest_s = IntegerField(null=True)  # None: the exercise's default
    notes = TextField(default="")
    superset = IntegerField(null=True)  # items with the same number form one superset


class ImportBatch(BaseModel):
    """One imported file: makes re-imports idempotent and an import traceable."""

    source = CharField()  # strong | hevy | fitnotes | fitnotes-body
    file_name = CharField()
    file_sha256 = CharField(index=True)
    imported_at = DateTimeField(default=now)
    workouts = IntegerField(default=0)
    sets = IntegerField(default=0)
    skipped_json = TextField(default="[]")  # [[line, reason], ...]: problem lines left out


class Workout(BaseModel):
    name = CharField(default="")
    routine = ForeignKeyField(Routine, null=True, on_delete="SET NULL")
    started_at = DateTimeField(index=True)
    ended_at = DateTimeField(null=True)
    notes = TextField(default="")
    posture_score = IntegerField(null=True)  # 1–5 check-in
    posture_note = TextField(default="")
    warmup_stretch = BooleanField(default=False)
    cooldown_stretch = BooleanField(default=False)
    source = CharField(default="app")  # app | demo | strong | hevy | fitnotes
    import_batch = ForeignKeyField(ImportBatch, null=True, on_delete="SET NULL")
    import_key = CharField(null=True, unique=True)  # source-specific identity of the workout
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)


class WorkoutExercise(BaseModel):
    workout = ForeignKeyField(Workout, backref="exercises", on_delete="CASCADE")
    exercise = ForeignKeyField(Exercise, backref="workout_links", on_delete="RESTRICT")
    position = IntegerField()
    notes = TextField(default="")
    rest_s = IntegerField(null=True)  # None: the exercise's default
    rep_min = IntegerField(null=True)  # the routine's range, kept for progression coaching
    rep_max = IntegerField(null=True)
    superset = IntegerField(null=True)  # exercises with the same number form one superset

    class Meta:
        indexes = ((("exercise", "workout"), False),)


class SetEntry(BaseModel):
    workout_exercise = ForeignKeyField(WorkoutExercise, backref="sets", on_delete="CASCADE")
    position = IntegerField()
    set_type = CharField(default="normal")  # warmup | normal | drop | failure
    weight_kg = FloatField(null=True)  # added weight for bodyweight ones; negative: assistance
    reps = IntegerField(null=True)
    duration_s = FloatField(null=True)
    distance_m = FloatField(null=True)
    rpe = FloatField(null=True)
    rest_s = IntegerField(null=True)  # rest taken after this set
    notes = TextField(default="")
    completed = BooleanField(default=False)
    completed_at = DateTimeField(null=True)
    reps_left = IntegerField(null=True)  # one-sided sets logged side by side; `reps` is then
    reps_right = IntegerField(null=True)  # the weaker side (what coaching and e1RM go by)

    class Meta:
        table_name = "set_entry"


class LinkVolume(BaseModel):
    """What a workout exercise's rep sets add up to for volume (storage/link_volume.py).

    Derived data, kept by the database's own triggers (migration 7): never written here.
    """

    workout_exercise = ForeignKeyField(
        WorkoutExercise, primary_key=True, backref="volume", on_delete="CASCADE"
    )
    reps = FloatField()  # the reps counted, both sides of a one-sided set
    kg = FloatField()  # weight × those reps (the added weight of bodyweight sets)

    class Meta:
        table_name = "link_volume"


class Discomfort(BaseModel):
    """Discomfort flagged after a workout, 0–10: on one exercise of it, or (no exercise) the
    lower back as a whole."""

    workout = ForeignKeyField(Workout, backref="discomforts", on_delete="CASCADE")
    workout_exercise = ForeignKeyField(
        WorkoutExercise, null=True, unique=True, backref="discomfort", on_delete="CASCADE"
    )
    score = IntegerField()
    note = TextField(default="")
    created_at = DateTimeField(default=now)


class Goal(BaseModel):
    """The person's goal for one exercise: `weight_kg` × `reps` (kind "reps"), or an
    estimated 1RM of `weight_kg` (kind "e1rm"); optionally by a date."""

    exercise = ForeignKeyField(Exercise, unique=True, backref="goal", on_delete="CASCADE")
    kind = CharField()  # reps | e1rm
    weight_kg = FloatField()
    reps = IntegerField(null=True)  # kind "reps" only
    due_on = DateField(null=True)
    created_at = DateTimeField(default=now)


class Deload(BaseModel):
    """A deload week the person accepted: workouts of the week starting `week_start` (a
    Monday) aim at `load_factor` of the load and `sets_factor` of the sets."""

    week_start = DateField(unique=True)
    load_factor = FloatField()
    sets_factor = FloatField()
    created_at = DateTimeField(default=now)


class BodyMetric(BaseModel):
    """A dated body measurement; bodyweight is the one the app needs."""

    measured_on = DateField()
    metric = CharField(default="bodyweight")  # bodyweight (kg) | body_fat (%) | waist (cm)
    value = FloatField()
    notes = TextField(default="")
    source = CharField(default="app")

    class Meta:
        indexes = ((("measured_on", "metric"), True),)


class Photo(BaseModel):
    """A managed copy of a progress photo, named by the hash of the original bytes."""

    sha256 = CharField(unique=True)
    file_name = CharField()  # relative to the profile's photos/ folder
    original_name = CharField(default="")
    taken_at = DateTimeField(index=True)
    date_source = CharField(default="exif")  # exif | file | user
    imported_at = DateTimeField(default=now)
    pose = CharField(default="back")  # back | front | side | other
    notes = TextField(default="")
    width = IntegerField(default=0)
    height = IntegerField(default=0)
    align_dx = FloatField(default=0.0)  # compare-view alignment, fractions of the width
    align_dy = FloatField(default=0.0)
    align_scale = FloatField(default=1.0)
    # Registration to the pose's reference photo (automatic, or from manual landmarks): the
    # similarity transform that lines this photo up with photo `aligned_to`. NULL: not
    # aligned yet. See domain/photo_align.py for the exact meaning of each number.
    aligned_to = IntegerField(null=True)  # the reference photo's id
    aligned_dx = FloatField(null=True)
    aligned_dy = FloatField(null=True)
    aligned_scale = FloatField(null=True)
    aligned_rotation_deg = FloatField(null=True)
    aligned_confidence = FloatField(null=True)  # 0–1
    aligned_method = CharField(null=True)  # e.g. "manual", or the automatic method's name
    # Manual landmarks, fractions of the upright image: {"head": [x, y], "left_shoulder":
    # [x, y], "right_shoulder": [x, y]}; NULL when none were clicked.
    landmarks_json = TextField(null=True)


class Setting(BaseModel):
    key = CharField(primary_key=True)
    value_json = TextField()


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Muscle,
    Exercise,
    ExerciseAlias,
    ExerciseMuscle,
    Routine,
    RoutineItem,
    ImportBatch,
    Workout,
    WorkoutExercise,
    SetEntry,
    LinkVolume,
    Discomfort,
    Goal,
    Deload,
    BodyMetric,
    Photo,
    Setting,
)
