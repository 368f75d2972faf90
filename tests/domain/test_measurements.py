"""Body measurements: names, ranges, cm ↔ inch, formatting, the V-taper and the change line."""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.domain import measurements as m
from backtracker.domain.errors import ValidationError

D = dt.date


def test_every_metric_of_the_issue_is_known_with_a_label_and_a_range():
    assert m.METRIC_KEYS == (
        "waist",
        "chest",
        "shoulders",
        "neck",
        "upper_arm",
        "forearm",
        "hips",
        "thigh",
        "calf",
        "body_fat",
    )
    assert m.METRICS["upper_arm"].label == "Upper arm"
    assert m.METRICS["upper_arm"].name == "upper arm"
    assert [k for k, info in m.METRICS.items() if not info.is_length] == ["body_fat"]
    for info in m.METRICS.values():
        assert 0 < info.low < info.high


def test_inches_and_centimetres_convert_both_ways():
    assert m.to_cm(1, "in") == pytest.approx(2.54)
    assert m.to_cm(84, "cm") == 84
    assert m.from_cm(81.28, "in") == pytest.approx(32.0)
    assert m.from_cm(m.to_cm(33.25, "in"), "in") == pytest.approx(33.25)


def test_a_value_typed_in_inches_is_kept_in_cm():
    assert m.parse_value("waist", "32", "in") == pytest.approx(81.28)
    assert m.parse_value("waist", "32,5", "in") == pytest.approx(82.55)
    assert m.parse_value("waist", " 84 ", "cm") == 84.0


def test_a_unit_typed_with_the_value_wins_over_the_preference():
    assert m.parse_value("waist", "32 in", "cm") == pytest.approx(81.28)
    assert m.parse_value("waist", '32"', "cm") == pytest.approx(81.28)
    assert m.parse_value("waist", "84cm", "in") == 84.0
    assert m.parse_value("body_fat", "18.5 %", "in") == 18.5  # body fat is never converted


@pytest.mark.parametrize(
    ("metric", "text", "unit", "message"),
    [
        ("waist", "", "cm", "Enter the waist in cm, e.g. 84."),
        ("waist", " ", "in", "Enter the waist in inches, e.g. 33."),
        ("waist", "thirty", "in", "“thirty” is not a number: enter the waist in inches, e.g. 33."),
        ("waist", "-80", "cm", "“-80” is not a number"),
        ("waist", "840", "cm", "A waist of 840 cm is outside 40 to 250 cm"),
        ("waist", "120", "in", "A waist of 120 in is outside 16 to 98 in; check the number and"),
        ("upper_arm", "5", "cm", "An upper arm of 5 cm is outside 15 to 80 cm"),
        ("body_fat", "85", "cm", "A body fat of 85 % is outside 2 to 70 %; check the number."),
        ("waist", "1e400", "cm", "is not a number"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(metric, text, unit, message):
    with pytest.raises(ValidationError) as refused:
        m.parse_value(metric, text, unit)
    assert message in str(refused.value)
    assert refused.value.field == "value"


def test_an_unknown_metric_is_refused():
    with pytest.raises(ValidationError, match="Choose a measurement"):
        m.parse_value("knee", "40", "cm")


def test_values_are_shown_in_the_persons_unit():
    assert m.format_value("waist", 84.0, "cm") == "84 cm"
    assert m.format_value("waist", 81.28, "in") == "32 in"
    assert m.format_value("waist", m.to_cm(32.25, "in"), "in") == "32.25 in"
    assert m.format_value("waist", 84.06, "cm") == "84.1 cm"
    assert m.format_value("body_fat", 18.5, "in") == "18.5 %"
    assert m.format_value("waist", 84.0, "in", with_unit=False) == "33.07"
    assert m.unit_of("chest", "in") == "in" and m.unit_of("body_fat", "in") == "%"


def test_check_canonical_takes_values_in_range_only():
    assert m.check_canonical("calf", 38.0) == 38.0
    with pytest.raises(ValidationError, match="outside 20 to 80 cm"):
        m.check_canonical("calf", 380.0)


def test_v_taper_pairs_the_same_day_else_the_nearest_within_a_week():
    shoulders = [(D(2026, 1, 1), 120.0), (D(2026, 1, 10), 121.0), (D(2026, 2, 1), 122.0)]
    waist = [(D(2026, 1, 1), 80.0), (D(2026, 1, 5), 90.0), (D(2026, 1, 16), 79.0)]
    assert m.v_taper(shoulders, waist) == [
        (D(2026, 1, 1), pytest.approx(1.5)),  # same day, although another waist is 4 days off
        (D(2026, 1, 10), pytest.approx(121 / 90)),  # 5 days before beats 6 days after
        # 1 Feb: the nearest waist is 16 days away: no ratio
    ]


def test_v_taper_takes_the_earlier_waist_on_a_tie_and_none_without_waist():
    shoulders = [(D(2026, 1, 10), 120.0)]
    waist = [(D(2026, 1, 13), 100.0), (D(2026, 1, 7), 80.0)]
    assert m.v_taper(shoulders, waist) == [(D(2026, 1, 10), pytest.approx(1.5))]
    assert m.v_taper(shoulders, []) == []
    assert m.v_taper([], waist) == []


def test_the_moving_average_is_over_the_last_four_entries():
    assert m.MOVING_AVERAGE_ENTRIES == 4
    assert m.smoothed([80, 82, 84, 86, 88]) == [80, 81, 82, 83, 85]


def test_changes_name_each_metric_measured_by_both_dates():
    before = {"waist": (D(2026, 1, 1), 84.0), "chest": (D(2026, 1, 1), 100.0)}
    after = {
        "waist": (D(2026, 3, 1), 81.0),
        "chest": (D(2026, 1, 1), 100.0),  # the same entry: nothing measured in between
        "body_fat": (D(2026, 3, 1), 15.0),  # nothing before
    }
    assert m.changes(before, after, "cm") == ["waist 84 → 81 cm"]
    assert m.changes(before, after, "in") == ["waist 33.07 → 31.89 in"]
    after["body_fat"] = (D(2026, 3, 1), 15.0)
    before["body_fat"] = (D(2026, 1, 2), 18.0)
    assert m.changes(before, after, "cm") == ["waist 84 → 81 cm", "body fat 18 → 15 %"]
    assert m.changes({}, after, "cm") == []
