"""Property tests for every parser and form validator below the UI.

For any input the answer is a value inside the documented range or a `ValidationError`
(a `UserError`) whose message names the field; never another exception, never NaN or
infinity, never a value out of range. What the app formats, it parses back to the same
value. Validators that write (photo details, bodyweight) leave the database unchanged when
they refuse. (The importers' properties live in tests/services/test_importers_property.py,
the backup manifest's in test_archives.py.)
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PIL import Image

from backtracker.domain import clock, units
from backtracker.domain.catalogue import Tracking
from backtracker.domain.errors import UserError, ValidationError
from backtracker.domain.photos import Alignment, format_exif_datetime, parse_exif_datetime
from backtracker.domain.routines import MAX_REPS, MAX_SETS, Routine, RoutineItem, validate_routine
from backtracker.domain.units import Unit
from backtracker.services import logbook, photos, preferences
from backtracker.services.importers import ImportFileError
from backtracker.services.importers.dates import (
    HEVY_EXAMPLE,
    STRONG_EXAMPLE,
    Dates,
    DateTimes,
    date_order,
    time_of_day,
)
from backtracker.services.preferences import Preferences

FAST = settings(max_examples=300, database=None, deadline=None)
WITH_DB = settings(
    max_examples=80,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE_TEXT = [
    "nan", "NaN", "inf", "-inf", "Infinity", "1e308", "1e-400", "9" * 400, "-0", "+5",
    "0x10", "1_000", "1,5,5", "5..5", "٥", "１２", "1 2", "\x00", "\u202e12", "12\n",
    "", " ", "—", "-", ".", ",", "1:", ":30", "1:60", "1:30:60", "99:59:59", "23:59:59",
    "24:00:00", "1h", "1m 30s", "2 hours", "0.5m", "1e3", "5 kg", "45 lbs", "5 km", "3 mi",
]  # fmt: skip
TEXT = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=30),
    st.from_regex(r"[+-]?\d{0,6}([.,]\d{0,4})?\s*(kg|lb|lbs|km|mi|s|m|h)?", fullmatch=True),
    st.from_regex(r"\d{1,3}(:\d{1,2}){0,2}(\.\d{1,3})?", fullmatch=True),
)
UNITS = st.sampled_from(list(Unit))


def refusal_names_its_field(error: ValidationError, field: str) -> None:
    assert error.field == field
    assert error.message.endswith(".") and len(error.message) > 10
    for junk in ("nan", "inf", "Traceback", "None"):
        assert junk not in error.message.split()


# --- units: what is typed into the set table --------------------------------------------------


@FAST
@given(text=TEXT, unit=UNITS, allow_empty=st.booleans())
def test_parse_weight_gives_a_sane_kg_value_or_a_message(text, unit, allow_empty):
    try:
        kg = units.parse_weight(text, unit, allow_empty=allow_empty)
    except ValidationError as error:
        refusal_names_its_field(error, "weight")
        return
    if kg is None:
        assert allow_empty and not text.strip()
        return
    assert math.isfinite(kg) and 0 <= kg <= units.MAX_WEIGHT[Unit.KG] + 1e-6


@FAST
@given(text=TEXT)
def test_parse_reps_gives_a_whole_number_in_range_or_a_message(text):
    try:
        reps = units.parse_reps(text)
    except ValidationError as error:
        refusal_names_its_field(error, "reps")
        return
    assert isinstance(reps, int) and 1 <= reps <= units.MAX_REPS


@FAST
@given(text=TEXT)
def test_parse_rpe_is_blank_or_a_half_step_from_1_to_10(text):
    try:
        rpe = units.parse_rpe(text)
    except ValidationError as error:
        refusal_names_its_field(error, "rpe")
        return
    assert rpe is None or (1 <= rpe <= 10 and (rpe * 2).is_integer())


@FAST
@given(text=TEXT)
def test_parse_duration_is_positive_and_under_a_day(text):
    try:
        seconds = units.parse_duration(text)
    except ValidationError as error:
        refusal_names_its_field(error, "duration")
        return
    assert math.isfinite(seconds) and 0 < seconds < units.MAX_DURATION_S


@FAST
@given(text=TEXT, unit=UNITS)
def test_parse_distance_is_positive_and_bounded(text, unit):
    try:
        metres = units.parse_distance(text, unit)
    except ValidationError as error:
        refusal_names_its_field(error, "distance")
        return
    assert metres is None or (math.isfinite(metres) and 0 < metres <= units.MAX_DISTANCE_M)


@pytest.mark.parametrize("text", ["9" * 400, "1" + "0" * 320, "-" + "9" * 400])
@pytest.mark.parametrize(
    ("parse", "field"),
    [
        (lambda t: units.parse_weight(t, "kg"), "weight"),
        (units.parse_reps, "reps"),
        (units.parse_rpe, "rpe"),
        (units.parse_duration, "duration"),
        (lambda t: units.parse_distance(t, "lb"), "distance"),
    ],
)
def test_numbers_that_overflow_to_infinity_are_refused_in_words(text, parse, field):
    with pytest.raises(ValidationError) as refused:
        parse(text)
    refusal_names_its_field(refused.value, field)


@FAST
@given(
    shown=st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False),
    unit=UNITS,
    with_unit=st.booleans(),
)
def test_weights_round_trip_through_their_text(shown, unit, with_unit):
    value = round(float(shown), 2 if unit is Unit.KG else 1)  # what each unit shows
    kg = units.to_kg(value, unit)
    text = units.format_weight(kg, unit, with_unit=with_unit)
    assert units.parse_weight(text, unit) == pytest.approx(kg, abs=1e-9)


@FAST
@given(reps=st.integers(1, units.MAX_REPS))
def test_reps_round_trip(reps):
    assert units.parse_reps(str(reps)) == reps


@FAST
@given(seconds=st.integers(1, units.MAX_DURATION_S - 1))
def test_durations_round_trip_through_the_clock_format(seconds):
    text = units.format_duration(seconds)
    assert units.parse_duration(text) == seconds


@FAST
@given(hundredths=st.integers(1, 100_000), unit=UNITS)
def test_distances_round_trip(hundredths, unit):
    shown = hundredths / 100
    metres = units.distance_to_m(shown, unit)
    assume(metres <= units.MAX_DISTANCE_M)
    text = units.format_distance(metres, unit)
    assert units.parse_distance(text, unit) == pytest.approx(metres, rel=1e-9)


# --- a whole set as typed (services/logbook.py) ------------------------------------------------


@FAST
@given(
    tracking=st.sampled_from(list(Tracking)),
    unit=UNITS,
    typed=st.builds(
        logbook.SetInput,
        weight=TEXT,
        reps=TEXT,
        duration=TEXT,
        distance=TEXT,
        rpe=TEXT,
        set_type=st.sampled_from(["warmup", "normal", "drop", "failure", "", "WARMUP", "x"]),
        notes=st.text(max_size=800),
    ),
)
def test_parse_set_gives_storable_values_or_one_message(tracking, unit, typed):
    try:
        values = logbook.parse_set(tracking, unit, typed)
    except ValidationError as error:
        assert error.message and error.field
        return
    assert len(values["notes"]) <= 500 and "\n" not in values["notes"]
    for key in ("weight_kg", "duration_s", "distance_m", "rpe"):
        assert values[key] is None or math.isfinite(values[key])
    if tracking in (Tracking.WEIGHT_REPS, Tracking.BODYWEIGHT_REPS):
        assert 1 <= values["reps"] <= units.MAX_REPS
    else:
        assert 0 < values["duration_s"] < units.MAX_DURATION_S


# --- preferences -------------------------------------------------------------------------------

JSON_SCALAR = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8)
)
JSON = st.recursive(
    JSON_SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
PREFERENCE_KEYS = list(Preferences.__dataclass_fields__)


@FAST
@given(
    stored=st.one_of(
        JSON,
        st.dictionaries(st.sampled_from(PREFERENCE_KEYS), JSON | st.integers(0, 700)),
    )
)
def test_stored_preferences_of_any_shape_load_as_valid_ones(stored):
    """A setting edited by hand or restored from an odd backup never breaks the app."""
    prefs = preferences.from_stored(stored)
    assert preferences.validate(prefs) == prefs
    for name in ("goal_minimum", "goal_target", "rest_heavy_s", "rest_light_s"):
        assert type(getattr(prefs, name)) is int


@FAST
@given(
    fields=st.fixed_dictionaries(
        {name: JSON_SCALAR | st.integers(-5, 700) for name in PREFERENCE_KEYS}
    )
)
def test_validate_refuses_with_a_message_or_accepts(fields):
    try:
        prefs = preferences.validate(Preferences(**fields))
    except ValidationError as error:
        assert error.field in PREFERENCE_KEYS and error.message
        return
    assert prefs.unit in preferences.UNITS and prefs.formula in preferences.FORMULAS
    assert 1 <= prefs.goal_minimum <= prefs.goal_target <= 14


# --- routines ----------------------------------------------------------------------------------

NUMBER = st.integers(-(2**31), 2**31) | st.integers(-3, 120)
ITEMS = st.builds(
    RoutineItem,
    exercise_id=st.integers(1, 100),
    sets=NUMBER,
    rep_min=st.none() | NUMBER,
    rep_max=st.none() | NUMBER,
    duration_s=st.none() | NUMBER,
    rest_s=st.none() | NUMBER,
    exercise_name=st.text(max_size=20),
)


@FAST
@given(
    name=st.text(max_size=120),
    description=st.text(max_size=200),
    items=st.lists(ITEMS, max_size=5).map(tuple),
    names_in_use=st.sets(st.text(max_size=10), max_size=3),
)
def test_routine_validation(name, description, items, names_in_use):
    routine = Routine(id=None, name=name, description=description, items=items)
    try:
        valid = validate_routine(routine, names_in_use=names_in_use)
    except ValidationError as error:
        assert error.field in {"name", "items"} and error.message
        return
    assert valid.name == " ".join(valid.name.split()) and 0 < len(valid.name) <= 80
    assert valid.name.casefold() not in {n.casefold() for n in names_in_use}
    for item in valid.items:
        assert 1 <= item.sets <= MAX_SETS
        assert (item.rep_min is None) == (item.rep_max is None)
        assert item.rep_min is None or 1 <= item.rep_min <= item.rep_max <= MAX_REPS


# --- photos: alignment, EXIF dates, the details form -------------------------------------------

ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True)


@FAST
@given(dx=ANY_FLOAT, dy=ANY_FLOAT, scale=ANY_FLOAT)
def test_alignment_refuses_nan_infinity_and_out_of_range(dx, dy, scale):
    try:
        alignment = Alignment(dx, dy, scale)
    except ValidationError as error:
        assert error.field in {"dx", "dy", "scale"}
        return
    assert abs(alignment.dx) <= 1 and abs(alignment.dy) <= 1 and 0.2 <= alignment.scale <= 5


@FAST
@given(
    dx=st.floats(allow_nan=False),
    dy=st.floats(allow_nan=False),
    scale=st.floats(allow_nan=False),
)
def test_clamped_alignment_is_always_valid(dx, dy, scale):
    Alignment.clamped(dx, dy, scale)  # raises if the clamp let anything through


@FAST
@given(value=st.one_of(st.text(max_size=40), st.binary(max_size=40), JSON_SCALAR))
def test_exif_dates_are_a_sane_datetime_or_none(value):
    moment = parse_exif_datetime(value)
    assert moment is None or moment.year >= 1900


@FAST
@given(
    moment=st.datetimes(min_value=dt.datetime(1900, 1, 1)).map(lambda m: m.replace(microsecond=0))
)
def test_exif_dates_round_trip(moment):
    assert parse_exif_datetime(format_exif_datetime(moment)) == moment


@pytest.fixture
def photo(profile, tmp_path: Path):
    source = tmp_path / "p.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (90, 120, 150)).save(buffer, "JPEG")
    source.write_bytes(buffer.getvalue())
    # No EXIF date, so the photo is dated by the file: make that yesterday on the pinned clock,
    # not the real one (a real date after the pinned "now" looked like a future photo).
    yesterday = (clock.now() - dt.timedelta(days=1)).timestamp()
    os.utime(source, (yesterday, yesterday))
    report = photos.ingest(
        [source], profile.photos_dir, photos.thumbnails_dir(profile.data_dir), pose="back"
    )
    return report.imported[0]


@WITH_DB
@given(
    pose=st.none() | st.sampled_from(["back", "front", "side", "other", "BACK", ""]) | st.text(),
    taken_at=st.none()
    | st.datetimes(
        min_value=dt.datetime(1, 1, 2),
        max_value=dt.datetime(9999, 12, 30),
        timezones=st.none() | st.timezones(),
    ),
    notes=st.none() | st.text(max_size=50) | st.just("x" * 2001) | st.just(" \n\t "),
)
def test_photo_details_are_validated_and_a_refusal_changes_nothing(photo, pose, taken_at, notes):
    before = photos.get_photo(photo.id)
    try:
        after = photos.update_photo(photo.id, pose=pose, taken_at=taken_at, notes=notes)
    except ValidationError as error:
        assert set(error.problems) <= {"pose", "taken_at", "notes"} and error.message
        assert photos.get_photo(photo.id) == before
        return
    assert after.pose in {"back", "front", "side", "other"}
    assert dt.datetime(1900, 1, 1) <= after.taken_at <= clock.now() + dt.timedelta(days=1)
    assert len(after.notes) <= photos.MAX_NOTES
    photos.update_photo(photo.id, pose=before.pose, notes=before.notes)


# --- bodyweight ---------------------------------------------------------------------------------


@WITH_DB
@given(
    text=TEXT,
    unit=UNITS,
    day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
def test_bodyweight_is_stored_in_range_or_refused_without_a_row(profile, text, unit, day):
    before = logbook.bodyweights(1000)
    try:
        kg = logbook.record_bodyweight(day, text, unit)
    except ValidationError as error:
        assert error.field == "bodyweight" and error.message
        assert logbook.bodyweights(1000) == before
        return
    assert 20 <= kg <= 400 and day <= clock.today()
    assert (day, pytest.approx(kg)) in logbook.bodyweights(1000)
    logbook.delete_bodyweight(day)


# --- the importers' dates -----------------------------------------------------------------------

DATE_TEXT = st.one_of(
    st.text(max_size=30),
    st.from_regex(
        r"\d{1,5}-\d{1,3}-\d{1,3}( \d{1,3}:\d{1,3}(:\d{1,3})?( ?[aApP]\.?[mM]\.?)?)?",
        fullmatch=True,
    ),
    st.from_regex(r"\d{1,3} [A-Za-z]{3,9}\.? \d{1,5},? \d{1,3}:\d{2}( [ap]m)?", fullmatch=True),
    st.from_regex(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}", fullmatch=True),
)


@FAST
@given(text=DATE_TEXT, example=st.sampled_from([STRONG_EXAMPLE, HEVY_EXAMPLE]))
def test_timestamps_parse_or_name_the_line(text, example):
    try:
        moment = DateTimes("Date", example)(text, 7)
    except ImportFileError as error:
        assert error.line == 7 and "Date" in str(error)
        return
    assert isinstance(moment, dt.datetime)


@FAST
@given(texts=st.lists(DATE_TEXT, min_size=1, max_size=5))
def test_fitnotes_dates_parse_or_name_the_line(texts):
    order = date_order(texts)
    assert order in {"dmy", "mdy"}
    parse = Dates("Date", order)
    for text in texts:
        try:
            assert isinstance(parse(text, 3), dt.date)
        except ImportFileError as error:
            assert error.line == 3


@FAST
@given(text=st.text(max_size=12) | st.from_regex(r"\d{1,3}:\d{2}(:\d{2})?( ?[ap]m)?"))
def test_times_of_day_parse_or_name_the_line(text):
    try:
        assert isinstance(time_of_day(text, 2, "Time"), dt.time)
    except ImportFileError as error:
        assert error.line == 2


@FAST
@given(
    moment=st.datetimes(min_value=dt.datetime(1000, 1, 1)).map(lambda m: m.replace(microsecond=0))
)
def test_our_own_timestamps_round_trip(moment):
    assert DateTimes("Date", STRONG_EXAMPLE)(moment.isoformat(" "), 1) == moment


def test_every_refusal_here_is_a_user_error():
    """The properties above catch ValidationError/ImportFileError: both must be UserErrors,
    which the UI shows as plain messages."""
    assert issubclass(ValidationError, UserError) and issubclass(ImportFileError, UserError)
