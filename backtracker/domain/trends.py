"""Trend lines, record points and smoothing for the progress charts. Pure Python."""

from __future__ import annotations

import math
from collections.abc import Sequence

from backtracker.domain.units import same_weight


def linear_trend(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """Least-squares line through `points` as (slope, intercept); None with fewer than two
    distinct x values, where no line is defined."""
    if len({x for x, _ in points}) < 2:
        return None
    n = len(points)
    mean_x = math.fsum(x for x, _ in points) / n
    mean_y = math.fsum(y for _, y in points) / n
    # Centred sums: x are day ordinals (about 740,000), which would swamp raw sums of squares.
    sxx = math.fsum((x - mean_x) ** 2 for x, _ in points)
    sxy = math.fsum((x - mean_x) * (y - mean_y) for x, y in points)
    slope = sxy / sxx
    return slope, mean_y - slope * mean_x


def record_indices(values: Sequence[float]) -> list[int]:
    """Indices of the values that beat every earlier one; the first value counts, a value
    that only equals the best so far does not, nor one above it by no more than a unit round
    trip (`same_weight`: 60.01 kg after 60 kg is no record)."""
    result: list[int] = []
    best = -math.inf
    for index, value in enumerate(values):
        if value > best and not same_weight(value, best):
            result.append(index)
            best = value
    return result


def moving_average(values: Sequence[float], window: int) -> list[float]:
    """Trailing mean of each value and up to `window - 1` values before it."""
    if window < 1:
        raise ValueError("window must be at least 1")
    return [
        math.fsum(values[max(0, i - window + 1) : i + 1]) / (i + 1 - max(0, i - window + 1))
        for i in range(len(values))
    ]
