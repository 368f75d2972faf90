"""The goal forecast against hand-worked lines (issue 15 §5)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from backtracker.domain.coach.forecast import (
    FIT_NAME,
    Goal,
    GoalKind,
    Status,
    fit_trend,
    forecast,
    goal_text,
    t_quantile_80,
    target_e1rm,
)
from backtracker.domain.strength import Formula

TODAY = dt.date(2026, 3, 18)


def _line(start: dt.date, every_days: int, first: float, step: float, count: int):
    return [(start + dt.timedelta(days=i * every_days), first + i * step) for i in range(count)]


def test_a_straight_line_gives_its_exact_slope_and_crossing_day_and_no_band() -> None:
    # 40 kg on 2 Mar, +0.5 kg every 2 days (0.25 kg a day): 41.75 kg on 16 Mar.
    points = _line(dt.date(2026, 3, 2), 2, 40.0, 0.5, 8)
    fit = fit_trend(points, TODAY)
    assert fit is not None
    assert fit.slope == pytest.approx(0.25)
    assert fit.at(dt.date(2026, 3, 2)) == pytest.approx(40.0)
    assert fit.residual_sd == pytest.approx(0.0, abs=1e-9)
    assert fit.band(dt.date(2026, 4, 1)) == pytest.approx((47.5, 47.5))
    # 45 kg: 20 days after 2 Mar is 22 Mar.
    result = forecast(
        Goal(GoalKind.E1RM, 45.0), points, reached_on=None, target_kg=45.0, today=TODAY
    )
    assert result.status is Status.ON_TRACK
    assert result.projected_on == dt.date(2026, 3, 22)
    assert result.sentence == "at this rate, about 22 Mar"
    assert result.projection_end(dt.date(2026, 5, 1), TODAY) == dt.date(2026, 3, 22)


def test_a_partial_day_rounds_up_to_the_day_the_line_gets_there() -> None:
    points = _line(dt.date(2026, 3, 2), 2, 40.0, 0.5, 8)
    result = forecast(
        Goal(GoalKind.E1RM, 45.1), points, reached_on=None, target_kg=45.1, today=TODAY
    )
    assert result.projected_on == dt.date(2026, 3, 23)  # 20.4 days after 2 Mar


def test_the_band_is_the_80_percent_prediction_interval_worked_by_hand() -> None:
    # x = 0, 7, 14, 21 days; y = 50, 52, 51, 53.
    start = dt.date(2026, 2, 1)
    ys = [50.0, 52.0, 51.0, 53.0]
    points = [(start + dt.timedelta(days=7 * i), y) for i, y in enumerate(ys)]
    fit = fit_trend(points, TODAY)
    assert fit is not None
    # Centred x: -10.5, -3.5, 3.5, 10.5 → Sxx = 245; centred y -1.5, .5, -.5, 1.5 → Sxy = 28.
    assert fit.sxx == pytest.approx(245.0)
    assert fit.slope == pytest.approx(28.0 / 245.0)
    residuals = [y - fit.at(day) for day, y in points]
    assert math.fsum(residuals) == pytest.approx(0.0, abs=1e-9)
    sd = math.sqrt(math.fsum(r * r for r in residuals) / 2)
    assert fit.residual_sd == pytest.approx(sd)
    assert sd == pytest.approx(math.sqrt(1.8 / 2))  # residuals -.3, .9, -.9, .3: SSE 1.8
    day = start + dt.timedelta(days=35)  # 24.5 days past the mean
    half = 1.886 * sd * math.sqrt(1 + 1 / 4 + 24.5**2 / 245.0)
    low, high = fit.band(day)
    assert (high - low) / 2 == pytest.approx(half)
    assert (low + high) / 2 == pytest.approx(fit.at(day))
    # Further out, the band is wider.
    far_low, far_high = fit.band(day + dt.timedelta(days=30))
    assert far_high - far_low > high - low


def test_t_quantiles() -> None:
    assert t_quantile_80(1) == 3.078
    assert t_quantile_80(11) == 1.372  # between rows: the smaller df, a wider band
    assert t_quantile_80(1000) == pytest.approx(1.2816)
    with pytest.raises(ValueError):
        t_quantile_80(0)


def test_reached_says_the_day() -> None:
    result = forecast(
        Goal(GoalKind.REPS, 30.0, 10),
        [],
        reached_on=dt.date(2026, 2, 2),
        target_kg=40.0,
        today=TODAY,
    )
    assert result.status is Status.REACHED
    assert result.sentence == "reached on 2 Feb"
    assert result.projection_end(None, TODAY) is None


def test_not_on_track_when_the_projection_is_after_the_due_date() -> None:
    points = _line(dt.date(2026, 3, 2), 2, 40.0, 0.5, 8)
    goal = Goal(GoalKind.E1RM, 45.0, due_on=dt.date(2026, 3, 20))
    result = forecast(goal, points, reached_on=None, target_kg=45.0, today=TODAY)
    assert result.status is Status.NOT_ON_TRACK
    assert result.sentence == "not on track for 20 Mar (at this rate, about 22 Mar)"
    assert result.projection_end(goal.due_on, TODAY) == dt.date(2026, 3, 20)  # to the due date
    on_time = forecast(
        Goal(GoalKind.E1RM, 45.0, due_on=dt.date(2026, 3, 22)),
        points,
        reached_on=None,
        target_kg=45.0,
        today=TODAY,
    )
    assert on_time.status is Status.ON_TRACK


def test_not_on_track_on_a_flat_or_falling_line() -> None:
    falling = _line(dt.date(2026, 3, 2), 2, 45.0, -0.5, 6)
    goal = Goal(GoalKind.E1RM, 50.0, due_on=dt.date(2026, 5, 1))
    result = forecast(goal, falling, reached_on=None, target_kg=50.0, today=TODAY)
    assert result.status is Status.NOT_ON_TRACK
    assert result.sentence == "not on track for 1 May: no rise in the last 12 weeks"
    assert result.projection_end(None, TODAY) == dt.date(2026, 4, 15)  # 4 weeks on
    flat = _line(dt.date(2026, 3, 2), 2, 45.0, 0.0, 6)
    assert (
        forecast(Goal(GoalKind.E1RM, 50.0), flat, reached_on=None, target_kg=50.0, today=TODAY)
    ).status is Status.NOT_ON_TRACK


def test_too_few_sessions_give_no_trend() -> None:
    # Three sessions, but one is older than 12 weeks; two on one day count once.
    points = [
        (dt.date(2025, 12, 1), 40.0),
        (dt.date(2026, 3, 2), 41.0),
        (dt.date(2026, 3, 2), 41.5),
        (dt.date(2026, 3, 9), 42.0),
    ]
    assert fit_trend(points, TODAY) is None
    result = forecast(
        Goal(GoalKind.E1RM, 50.0), points, reached_on=None, target_kg=50.0, today=TODAY
    )
    assert result.status is Status.NO_TREND
    assert result.sentence == "no trend yet: it needs 3 sessions in 12 weeks"
    points.append((dt.date(2026, 3, 16), 43.0))
    assert fit_trend(points, TODAY) is not None


def test_a_reps_goal_forecasts_the_estimate_of_its_weight_and_reps() -> None:
    goal = Goal(GoalKind.REPS, 30.0, 10)
    assert target_e1rm(goal, Formula.EPLEY) == pytest.approx(40.0)
    assert target_e1rm(goal, Formula.BRZYCKI) == pytest.approx(30 * 36 / 27)
    # Bodyweight exercise: 80 kg + 10 kg added, 5 reps.
    assert target_e1rm(Goal(GoalKind.REPS, 10.0, 5), Formula.EPLEY, bodyweight_kg=80.0) == (
        pytest.approx(90 * (1 + 5 / 30))
    )
    assert target_e1rm(Goal(GoalKind.REPS, 30.0, 15), Formula.EPLEY) is None
    result = forecast(
        Goal(GoalKind.REPS, 30.0, 15), [], reached_on=None, target_kg=None, today=TODAY
    )
    assert result.sentence == "no forecast past 12 reps"


def test_far_away_projections_are_not_a_forecast() -> None:
    points = _line(dt.date(2026, 3, 2), 2, 40.0, 0.01, 8)  # 5 g a day
    result = forecast(
        Goal(GoalKind.E1RM, 60.0), points, reached_on=None, target_kg=60.0, today=TODAY
    )
    assert result.status is Status.NOT_ON_TRACK
    assert result.sentence == "not on track: at this rate, more than two years away"


def test_projection_into_next_year_names_the_year() -> None:
    points = _line(dt.date(2026, 3, 2), 2, 40.0, 0.05, 8)  # 25 g a day
    result = forecast(
        Goal(GoalKind.E1RM, 50.0), points, reached_on=None, target_kg=50.0, today=TODAY
    )
    assert result.projected_on is not None and result.projected_on.year == 2027
    assert result.sentence.endswith(" 2027")


def test_goal_texts() -> None:
    due = dt.date(2026, 3, 1)
    assert goal_text(Goal(GoalKind.REPS, 30.0, 10, due), "kg") == "Goal 30 kg × 10 by 1 Mar"
    assert goal_text(Goal(GoalKind.E1RM, 40.0), "kg") == "Goal e1RM 40 kg"
    assert goal_text(Goal(GoalKind.REPS, -20.0, 8), "kg", bodyweight_exercise=True) == (
        "Goal 8 reps with 20 kg assistance"
    )
    assert goal_text(Goal(GoalKind.REPS, 0.0, 12), "kg", bodyweight_exercise=True) == (
        "Goal 12 reps"
    )
    assert goal_text(Goal(GoalKind.REPS, 10.0, 5), "kg", bodyweight_exercise=True) == (
        "Goal +10 kg × 5"
    )
    assert "prediction interval" in FIT_NAME and "least-squares" in FIT_NAME
