"""Equipment preferences: stored, checked, and used to round progression suggestions."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from backtracker.domain.errors import ValidationError
from backtracker.domain.plates import (
    DEFAULT_RAMP,
    Bar,
    Barbell,
    DumbbellRack,
    PlateStack,
    WarmupStep,
)
from backtracker.domain.strength import SetType
from backtracker.domain.units import Unit, to_kg
from backtracker.services import equipment, logbook
from backtracker.services.equipment import Equipment
from backtracker.services.preferences import Preferences
from backtracker.storage.models import Exercise, SetEntry
from backtracker.storage.settings import get_setting


def test_defaults_before_anything_is_saved(profile):
    stored = equipment.load("lb")
    assert stored.unit is Unit.LB
    assert stored.kit.bar_weight(Bar.OLYMPIC) == 45
    assert stored.kg.bar_weight(Bar.OLYMPIC) == 20
    assert stored.kg.bar_weight("trap") == 25
    assert stored.ramp == DEFAULT_RAMP
    assert get_setting(equipment.KEY) is None  # loading writes nothing


def test_save_and_load_round_trip(profile):
    kit = replace(
        equipment.default_kit("kg"),
        plates=(PlateStack(20, 2), PlateStack(10, 2), PlateStack(1.25, 4)),
        dumbbell_range=(2.5, 40, 2.5),
    )
    saved = Equipment(unit=Unit.KG, ramp=(WarmupStep(None, 8), WarmupStep(50, 5))).with_kit(kit)
    equipment.save(saved)
    loaded = equipment.load("lb")  # what is stored wins over the default unit
    assert loaded == saved
    assert loaded.kit.dumbbells()[:3] == (2.5, 5, 7.5)
    assert get_setting(equipment.KEY)["ramp"] == "bar × 8, 50% × 5"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"plates": (PlateStack(0, 2),)}, "plates", "more than 0"),
        ({"plates": (PlateStack(-5, 2),)}, "plates", "more than 0"),
        ({"plates": (PlateStack(2.555, 2),)}, "plates", "two decimals"),
        ({"plates": (PlateStack(20, -1),)}, "plates", "from 0 to 40"),
        ({"plates": (PlateStack(20, 2), PlateStack(20.0, 4))}, "plates", "listed twice"),
        ({"plates": (PlateStack(600, 2),)}, "plates", "at most 500 kg"),
        ({"dumbbell_range": (10, 5, 2.5)}, "dumbbells", "dumbbell range"),
        ({"dumbbell_range": (2.5, 40, 0)}, "dumbbells", "more than 0"),
        ({"dumbbell_range": None, "dumbbell_list": (5, -2)}, "dumbbells", "more than 0"),
        (
            {"bars": tuple((b, 0.0 if b is Bar.EZ else 20.0) for b in Bar)},
            "bars",
            "The EZ bar must be more than 0",
        ),
    ],
)
def test_bad_equipment_is_refused_and_changes_nothing(profile, change, field, words):
    equipment.save(Equipment())
    before = get_setting(equipment.KEY)
    bad = Equipment().with_kit(replace(equipment.default_kit("kg"), **change))
    with pytest.raises(ValidationError, match=words) as raised:
        equipment.save(bad)
    assert raised.value.field == field
    assert get_setting(equipment.KEY) == before


def test_broken_stored_values_fall_back_to_defaults(profile):
    from backtracker.storage.settings import set_setting

    set_setting(equipment.KEY, {"unit": "stone", "ramp": "lots", "kg": {"plates": "x"}})
    loaded = equipment.load("kg")
    assert loaded == Equipment()


def test_parse_dumbbell_list():
    assert equipment.parse_dumbbell_list("12.5, 5 7.5;10, 5", "kg") == (5, 7.5, 10, 12.5)
    with pytest.raises(ValidationError, match="“ten” is not a weight"):
        equipment.parse_dumbbell_list("5, ten", "kg")
    with pytest.raises(ValidationError, match="more than 0"):
        equipment.parse_dumbbell_list("0", "kg")


def test_which_exercises_are_rounded(seeded):
    kit = Equipment()

    def loader(key: str):
        return equipment.loader_for_exercise(Exercise.get(Exercise.catalogue_key == key).id, kit)

    barbell = loader("barbell-row")
    assert isinstance(barbell, Barbell) and barbell.bar == 20
    assert isinstance(loader("dumbbell-row"), DumbbellRack)
    assert loader("lat-pulldown") is None  # a cable machine: weights as typed
    row = Exercise.get(Exercise.catalogue_key == "deadlift")
    row.bar = "trap"
    row.save()
    assert loader("deadlift").bar == 25
    row.bar = "nonsense"  # a key a later version wrote: the usual bar
    row.save()
    assert loader("deadlift").bar == 20


# --- progression suggestions round to loadable weights --------------------------------------


def _log_session(exercise_key: str, day: int, sets: list[tuple[float, int]]) -> None:
    prefs = Preferences()
    started = dt.datetime(2026, 3, day, 9, 0)
    workout_id = logbook.start_workout(prefs, started_at=started)
    exercise_id = Exercise.get(Exercise.catalogue_key == exercise_key).id
    link_id = logbook.add_exercise(workout_id, exercise_id, prefs)
    SetEntry.delete().where(SetEntry.workout_exercise == link_id).execute()
    for weight, reps in sets:
        logbook.add_set(
            link_id,
            {
                "weight_kg": weight,
                "reps": reps,
                "set_type": SetType.NORMAL.value,
                "completed": True,
                "completed_at": started,
            },
        )
    logbook.finish_workout(workout_id, started + dt.timedelta(hours=1))


def _suggestion(exercise_key: str, prefs: Preferences | None = None):
    exercise_id = Exercise.get(Exercise.catalogue_key == exercise_key).id
    return logbook.coaching(
        exercise_id,
        before=dt.datetime(2026, 3, 18, 9, 0),
        rep_range=logbook.rep_range_of(8, 12),
        prefs=prefs or Preferences(),
    ).suggestion


def test_barbell_suggestion_uses_the_plates_owned(seeded):
    _log_session("barbell-row", 16, [(60, 12)] * 3)
    assert _suggestion("barbell-row").weight_kg == 62.5  # the default plates load it
    # Only 20s and 10s: 62.5 can't be loaded; the next heavier is 80 (20 + 10 per side).
    kit = replace(equipment.default_kit("kg"), plates=(PlateStack(20, 2), PlateStack(10, 2)))
    equipment.save(Equipment().with_kit(kit))
    suggestion = _suggestion("barbell-row")
    assert suggestion.weight_kg == 80
    assert suggestion.message.startswith("Try 80 kg for 8 reps")


def test_dumbbell_suggestion_uses_the_dumbbells_owned(seeded):
    _log_session("dumbbell-row", 16, [(10, 12)] * 3)
    # Light dumbbells go up 1 kg: 11 kg, which the default rack (1–10, then 12.5…) lacks.
    assert _suggestion("dumbbell-row").weight_kg == 12.5
    kit = replace(equipment.default_kit("kg"), dumbbell_list=(8, 10, 11, 14))
    equipment.save(Equipment().with_kit(kit))
    assert _suggestion("dumbbell-row").weight_kg == 11


def test_lb_plates_suggestion(seeded):
    _log_session("barbell-row", 16, [(to_kg(135, "lb"), 12)] * 3)
    prefs = Preferences(unit="lb")
    equipment.save(Equipment(unit=Unit.LB))
    suggestion = _suggestion("barbell-row", prefs)
    assert suggestion.weight_kg == pytest.approx(to_kg(140, "lb"))
    assert suggestion.message.startswith("Try 140 lb")
    # One 45 and one 25 per side: 45, 95, 135 and 185 lb load; after 135 comes 185.
    kit = replace(equipment.default_kit("lb"), plates=(PlateStack(45, 2), PlateStack(25, 2)))
    equipment.save(Equipment(unit=Unit.LB).with_kit(kit))
    assert _suggestion("barbell-row", prefs).weight_kg == pytest.approx(to_kg(185, "lb"))


def test_machine_suggestion_is_not_rounded(seeded):
    _log_session("lat-pulldown", 16, [(41, 12)] * 3)
    assert _suggestion("lat-pulldown").weight_kg == 42.5  # the usual step grid, no plates


def test_an_exercise_names_its_bar_through_the_library(seeded):
    from backtracker.services import library

    exercise_id = Exercise.get(Exercise.catalogue_key == "barbell-row").id
    draft = library.exercise(exercise_id).to_draft()
    library.edit_exercise(exercise_id, replace(draft, bar="ez"))
    assert library.exercise(exercise_id).bar == "ez"
    assert Exercise.get_by_id(exercise_id).bar == "ez"
    with pytest.raises(ValidationError, match="Choose a bar from the list") as raised:
        library.edit_exercise(exercise_id, replace(draft, bar="broomstick"))
    assert raised.value.field == "bar"
    assert Exercise.get_by_id(exercise_id).bar == "ez"  # nothing changed
    library.edit_exercise(exercise_id, replace(draft, bar=None))
    assert Exercise.get_by_id(exercise_id).bar is None


def test_a_planned_set_is_prefilled_with_a_loadable_weight(seeded):
    _log_session("barbell-row", 16, [(60, 12)] * 3)
    kit = replace(equipment.default_kit("kg"), plates=(PlateStack(20, 2), PlateStack(10, 2)))
    equipment.save(Equipment().with_kit(kit))
    prefs = Preferences()
    workout_id = logbook.start_workout(prefs)
    exercise_id = Exercise.get(Exercise.catalogue_key == "barbell-row").id
    link_id = logbook.add_exercise(workout_id, exercise_id, prefs)
    planned = SetEntry.get(SetEntry.workout_exercise == link_id)
    assert (planned.weight_kg, planned.reps) == (80, 8)


def test_preferences_and_equipment_are_saved_together_or_not_at_all(profile, monkeypatch):
    from backtracker.services import preferences

    equipment.save_with_preferences(Preferences(unit="lb"), Equipment(unit=Unit.LB))
    assert preferences.load().unit == "lb" and equipment.load().unit is Unit.LB

    def full_disk(key, value):
        if key == equipment.KEY:
            raise OSError("disk full")
        return original(key, value)

    original = equipment.set_setting
    monkeypatch.setattr(equipment, "set_setting", full_disk)
    with pytest.raises(OSError):
        equipment.save_with_preferences(Preferences(unit="kg"), Equipment(unit=Unit.KG))
    assert preferences.load().unit == "lb"  # the preferences written first were rolled back
