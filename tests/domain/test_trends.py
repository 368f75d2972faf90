"""Trend lines, record points and the moving average, checked against sums done by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.domain.trends import linear_trend, moving_average, record_indices


def test_a_line_through_exact_points():
    assert linear_trend([(0, 1), (1, 3), (2, 5)]) == pytest.approx((2.0, 1.0))


def test_least_squares_by_hand():
    # x̄ = 1.5, ȳ = 2.5, Sxx = 2.25 + 0.25 + 0.25 + 2.25 = 5
    points = [(0, 1), (1, 3), (2, 2), (3, 4)]
    # Sxy = (-1.5)(-1.5) + (-0.5)(0.5) + (0.5)(-0.5) + (1.5)(1.5) = 4.0; slope = 4 / 5 = 0.8
    slope, intercept = linear_trend(points)
    assert slope == pytest.approx(0.8)
    assert intercept == pytest.approx(2.5 - 0.8 * 1.5)


def test_day_ordinals_keep_their_precision():
    """x near 740,000 (date ordinals): a 0.1 kg a day rise must come out as exactly that."""
    start = dt.date(2026, 1, 5).toordinal()
    points = [(start + d, 50 + 0.1 * d) for d in range(0, 60, 3)]
    slope, intercept = linear_trend(points)
    assert slope == pytest.approx(0.1, rel=1e-9)
    assert slope * (start + 30) + intercept == pytest.approx(53.0, rel=1e-9)


@pytest.mark.parametrize("points", [[], [(5, 1.0)], [(5, 1.0), (5, 2.0), (5, 3.0)]])
def test_no_line_without_two_distinct_x(points):
    assert linear_trend(points) is None


def test_a_flat_series_has_slope_zero():
    assert linear_trend([(1, 7.0), (2, 7.0), (4, 7.0)]) == pytest.approx((0.0, 7.0))


def test_record_indices_count_the_first_and_only_strict_improvements():
    assert record_indices([20.0, 19.0, 20.0, 22.5, 22.5, 21.0, 25.0]) == [0, 3, 6]
    assert record_indices([5.0]) == [0]
    assert record_indices([]) == []
    assert record_indices([3.0, 2.0, 1.0]) == [0]


def test_moving_average_is_trailing_over_up_to_window_points():
    values = [80.0, 78.0, 79.0, 81.0, 75.0]
    assert moving_average(values, 3) == pytest.approx(
        [80.0, 79.0, 79.0, (78 + 79 + 81) / 3, (79 + 81 + 75) / 3]
    )
    assert moving_average(values, 1) == values
    assert moving_average(values, 10) == pytest.approx([80.0, 79.0, 79.0, 79.5, 78.6])
    assert moving_average([], 7) == []


def test_moving_average_needs_a_window():
    with pytest.raises(ValueError):
        moving_average([1.0], 0)
