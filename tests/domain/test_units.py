"""Unit conversion, display formatting and the log form's parsers."""

from __future__ import annotations

import pytest

from backtracker.domain.errors import UserError, ValidationError
from backtracker.domain.units import (
    KG_PER_LB,
    Unit,
    format_distance,
    format_duration,
    format_number,
    format_weight,
    from_kg,
    parse_distance,
    parse_duration,
    parse_reps,
    parse_rpe,
    parse_weight,
    round_to_step,
    to_kg,
    weight_step,
)


def problem(error: pytest.ExceptionInfo[ValidationError]) -> tuple[str, str]:
    assert isinstance(error.value, UserError)
    ((field, message),) = error.value.problems.items()
    return field, message


def test_conversion_round_trips():
    assert to_kg(10, Unit.LB) == pytest.approx(4.5359237)
    assert to_kg(10, "kg") == 10.0
    assert from_kg(KG_PER_LB * 35, "lb") == pytest.approx(35.0)
    assert from_kg(16, Unit.KG) == 16.0


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (16.0, 2, "16"),
        (16.25, 2, "16.25"),
        (35.27, 1, "35.3"),
        (16.10, 2, "16.1"),
        (0.0, 2, "0"),
        (-0.001, 2, "0"),
        (1234.5, 0, "1234"),
    ],
)
def test_format_number(value: float, decimals: int, expected: str):
    assert format_number(value, decimals) == expected


def test_format_weight():
    assert format_weight(16, Unit.KG) == "16 kg"
    assert format_weight(16.25, "kg") == "16.25 kg"
    assert format_weight(15.875, Unit.LB) == "35 lb"
    assert format_weight(to_kg(22.5, "lb"), Unit.LB) == "22.5 lb"
    assert format_weight(16, Unit.KG, with_unit=False) == "16"
    assert format_weight(None, Unit.KG) == "—"


def test_weight_step_and_rounding():
    assert weight_step(Unit.KG) == 2.5
    assert weight_step("lb") == 5.0
    assert round_to_step(16.4, Unit.KG, 2.5) == 17.5
    assert round_to_step(16.2, Unit.KG, 2.5) == 15.0
    assert round_to_step(16.25, Unit.KG, 2.5) == 17.5  # half rounds up
    assert round_to_step(to_kg(37, "lb"), Unit.LB, 5) == pytest.approx(to_kg(35, "lb"))
    assert round_to_step(to_kg(37.5, "lb"), Unit.LB, 5) == pytest.approx(to_kg(40, "lb"))


@pytest.mark.parametrize(
    ("text", "unit", "expected_kg"),
    [
        ("22.5", Unit.KG, 22.5),
        (" 12,5 ", Unit.KG, 12.5),
        ("0", Unit.KG, 0.0),
        ("20 kg", Unit.KG, 20.0),
        ("45", Unit.LB, 45 * KG_PER_LB),
        ("45 lbs", Unit.LB, 45 * KG_PER_LB),
        ("1000", Unit.KG, 1000.0),
        ("2204", Unit.LB, 2204 * KG_PER_LB),
    ],
)
def test_parse_weight_accepts(text: str, unit: Unit, expected_kg: float):
    assert parse_weight(text, unit) == pytest.approx(expected_kg)


def test_parse_weight_empty():
    assert parse_weight("  ", Unit.KG, allow_empty=True) is None
    with pytest.raises(ValidationError) as error:
        parse_weight("", Unit.KG)
    assert problem(error) == ("weight", "Enter the weight in kg, from 0 to 1000.")


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("abc", Unit.KG, "Weight must be a number, e.g. 22.5."),
        ("nan", Unit.KG, "Weight must be a number, e.g. 22.5."),
        ("inf", Unit.LB, "Weight must be a number, e.g. 45."),
        ("1e3", Unit.KG, "Weight must be a number, e.g. 22.5."),
        ("-5", Unit.KG, "Weight can't be negative."),
        (
            "1500",
            Unit.KG,
            "1500 kg is more than any lift on record; check the weight (up to 1000 kg).",
        ),
        (
            "2205",
            Unit.LB,
            "2205 lb is more than any lift on record; check the weight (up to 2204 lb).",
        ),
    ],
)
def test_parse_weight_refuses(text: str, unit: Unit, message: str):
    with pytest.raises(ValidationError) as error:
        parse_weight(text, unit)
    assert problem(error) == ("weight", message)


def test_parse_weight_names_its_field():
    with pytest.raises(ValidationError) as error:
        parse_weight("x", Unit.KG, field="added_weight")
    assert problem(error) == ("added_weight", "Added weight must be a number, e.g. 22.5.")


def test_parse_reps():
    assert parse_reps(" 10 ") == 10
    assert parse_reps("999") == 999
    assert parse_reps("12.0") == 12
    cases = {
        "0": "Log at least 1 rep, or leave the set unticked if you skipped it.",
        "8.5": "Reps must be a whole number, e.g. 10.",
        "8,5": "Reps must be a whole number, e.g. 10.",
        "-3": "Reps can't be negative.",
        "1000": "Reps must be from 1 to 999.",
        "ten": "Reps must be a number, e.g. 10.",
        "": "Enter the reps, from 1 to 999.",
    }
    for text, message in cases.items():
        with pytest.raises(ValidationError) as error:
            parse_reps(text)
        assert problem(error) == ("reps", message)
    with pytest.raises(ValidationError) as error:
        parse_reps("", field="set_reps")
    assert problem(error) == ("set_reps", "Enter the set reps, from 1 to 999.")


def test_parse_rpe():
    assert parse_rpe("") is None
    assert parse_rpe("8") == 8.0
    assert parse_rpe("8,5") == 8.5
    assert parse_rpe("10") == 10.0
    for text, message in {
        "8.3": "RPE goes in half steps, e.g. 8 or 8.5.",
        "0.5": "RPE goes from 1 (very easy) to 10 (max).",
        "11": "RPE goes from 1 (very easy) to 10 (max).",
        "hard": "RPE must be a number, e.g. 8.",
    }.items():
        with pytest.raises(ValidationError) as error:
            parse_rpe(text)
        assert problem(error) == ("rpe", message)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("45", 45.0),
        (" 45,5 ", 45.5),
        ("1:30", 90.0),
        ("0:45", 45.0),
        ("1:02:03", 3723.0),
        ("90s", 90.0),
        ("90 sec", 90.0),
        ("2m", 120.0),
        ("2 min", 120.0),
        ("1m 30s", 90.0),
        ("1h", 3600.0),
        ("23:59:59", 86399.0),
    ],
)
def test_parse_duration_accepts(text: str, seconds: float):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter the duration, e.g. 45 (seconds) or 1:30."),
        ("soon", "Duration must be a time, e.g. 45 (seconds) or 1:30."),
        ("1:75", "Duration must be a time, e.g. 45 (seconds) or 1:30."),
        ("1:2:3:4", "Duration must be a time, e.g. 45 (seconds) or 1:30."),
        ("2x", "Duration must be a time, e.g. 45 (seconds) or 1:30."),
        ("0", "Duration must be more than 0 seconds."),
        ("0:00", "Duration must be more than 0 seconds."),
        ("24:00:00", "Duration must be under 24 hours."),
        ("25h", "Duration must be under 24 hours."),
    ],
)
def test_parse_duration_refuses(text: str, message: str):
    with pytest.raises(ValidationError) as error:
        parse_duration(text)
    assert problem(error) == ("duration", message)


def test_parse_distance():
    assert parse_distance("5", Unit.KG) == 5000.0
    assert parse_distance("3,1", Unit.LB) == pytest.approx(3.1 * 1609.344)
    assert parse_distance("5 km", Unit.KG) == 5000.0
    assert parse_distance("", Unit.KG) is None
    assert parse_distance("1000", Unit.KG) == 1_000_000.0
    with pytest.raises(ValidationError) as error:
        parse_distance("", Unit.KG, allow_empty=False)
    assert problem(error) == ("distance", "Enter the distance in km.")
    for text, unit, message in (
        ("0", Unit.KG, "Distance must be more than 0 and up to 1000 km."),
        ("1001", Unit.KG, "Distance must be more than 0 and up to 1000 km."),
        ("700", Unit.LB, "Distance must be more than 0 and up to 621.37 mi."),
        ("far", Unit.KG, "Distance must be a number, e.g. 5."),
    ):
        with pytest.raises(ValidationError) as error:
            parse_distance(text, unit)
        assert problem(error) == ("distance", message)


def test_format_duration():
    assert format_duration(45) == "0:45"
    assert format_duration(90) == "1:30"
    assert format_duration(3723) == "1:02:03"
    assert format_duration(1500) == "25:00"
    assert format_duration(59.6) == "1:00"
    assert format_duration(0) == "0:00"


def test_format_distance():
    assert format_distance(5000, Unit.KG) == "5 km"
    assert format_distance(5000, Unit.LB) == "3.11 mi"
    assert format_distance(3.1 * 1609.344, "lb") == "3.1 mi"
    assert format_distance(1234.5, Unit.KG) == "1.23 km"
    assert format_distance(5000, Unit.KG, with_unit=False) == "5"
    assert format_distance(None, Unit.KG) == "—"


@pytest.mark.parametrize("text", ["kg", " KG ", "kgs"])
def test_a_unit_without_a_number_is_not_a_blank_weight(text: str):
    with pytest.raises(ValidationError, match="must be a number"):
        parse_weight(text, Unit.KG, allow_empty=True)
