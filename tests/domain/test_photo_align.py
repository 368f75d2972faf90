"""The similarity maths of photo alignment (domain/photo_align.py), by hand-worked cases."""

from __future__ import annotations

import json
import math

import pytest

from backtracker.domain.errors import UserError
from backtracker.domain.photo_align import (
    IDENTITY,
    Landmarks,
    Similarity,
    from_landmarks,
    from_points,
    pil_coefficients,
    pixel_matrix,
    residual,
    to_pixels,
    to_units,
)

SHIFTED = Similarity(dx=0.05, dy=-0.02, scale=1.1, rotation_deg=3.0)


def close(p, q, tol=1e-9):
    return math.hypot(p[0] - q[0], p[1] - q[1]) < tol


def test_apply_by_hand():
    # 90° clockwise on screen (y down): the point to the right goes below.
    quarter = Similarity(rotation_deg=90.0)
    assert close(quarter.apply((1.0, 0.0)), (0.0, 1.0))
    assert close(Similarity(dx=0.5, dy=-0.25, scale=2.0).apply((0.1, 0.2)), (0.7, 0.15))
    assert IDENTITY.is_identity and not SHIFTED.is_identity


def test_inverse_and_then_undo_each_other():
    for point in [(0.0, 0.0), (0.3, -0.4), (-0.2, 0.1)]:
        assert close(SHIFTED.inverse().apply(SHIFTED.apply(point)), point)
        both = SHIFTED.then(Similarity(0.1, 0.2, 0.9, -1.0))
        assert close(both.apply(point), Similarity(0.1, 0.2, 0.9, -1.0).apply(SHIFTED.apply(point)))
    assert SHIFTED.then(SHIFTED.inverse()).scale == pytest.approx(1.0)


def test_bad_similarities_are_refused():
    with pytest.raises(ValueError):
        Similarity(scale=0.0)
    with pytest.raises(ValueError):
        Similarity(dx=math.nan)


def test_from_points_recovers_a_known_similarity_exactly():
    source = [(0.0, -0.3), (-0.15, -0.15), (0.15, -0.15), (0.05, 0.2)]
    target = [SHIFTED.apply(p) for p in source]
    found = from_points(source, target)
    assert found.dx == pytest.approx(SHIFTED.dx)
    assert found.dy == pytest.approx(SHIFTED.dy)
    assert found.scale == pytest.approx(SHIFTED.scale)
    assert found.rotation_deg == pytest.approx(SHIFTED.rotation_deg)
    assert residual(found, source, target) == pytest.approx(0.0, abs=1e-12)


def test_from_points_is_a_least_squares_fit_and_refuses_degenerate_input():
    # Three points of a unit square's corners, the target a little off: the fit splits it.
    source = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)]
    target = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.1)]
    found = from_points(source, target)
    assert 1.0 < found.scale < 1.1
    assert residual(found, source, target) > 0
    with pytest.raises(ValueError):
        from_points([(0.1, 0.1)], [(0.2, 0.2)])
    with pytest.raises(ValueError):
        from_points([(0.1, 0.1), (0.1, 0.1)], [(0.2, 0.2), (0.3, 0.3)])


def test_units_and_pixels_round_trip_in_height_units():
    assert to_units(400, 300, 800, 600) == (0.0, 0.0)
    assert to_units(800, 600, 800, 600) == (400 / 600, 0.5)
    assert to_pixels(to_units(123, 456, 800, 600), 800, 600) == pytest.approx((123, 456))


def test_pixel_matrix_agrees_with_the_units_and_pil_maps_back():
    photo, reference = (3000, 4000), (1200, 1600)
    a, b, c, d, e, f = pixel_matrix(SHIFTED, photo, reference)
    for x, y in [(0, 0), (1500, 2000), (2999, 123)]:
        wanted = to_pixels(SHIFTED.apply(to_units(x, y, *photo)), *reference)
        assert (a * x + b * y + c, d * x + e * y + f) == pytest.approx(wanted)
    # PIL asks where each output (reference) pixel comes from in the photo.
    a, b, c, d, e, f = pil_coefficients(SHIFTED, photo, reference)
    x_ref, y_ref = to_pixels(SHIFTED.apply(to_units(700, 900, *photo)), *reference)
    assert (a * x_ref + b * y_ref + c, d * x_ref + e * y_ref + f) == pytest.approx((700, 900))


def test_landmarks_json_round_trip_and_bad_clicks():
    marks = Landmarks(head=(0.5, 0.1), left_shoulder=(0.35, 0.28), right_shoulder=(0.65, 0.27))
    assert Landmarks.from_json(marks.to_json()) == marks
    assert json.loads(marks.to_json())["head"] == [0.5, 0.1]
    for bad in (None, "", "{", '{"head": [0.5]}', '{"head": "x"}', "[]"):
        assert Landmarks.from_json(bad) is None
    with pytest.raises(UserError, match="outside the photo"):
        Landmarks(head=(1.2, 0.1), left_shoulder=(0.3, 0.3), right_shoulder=(0.7, 0.3))
    with pytest.raises(UserError, match="on top of each other"):
        Landmarks(head=(0.5, 0.1), left_shoulder=(0.5, 0.3), right_shoulder=(0.501, 0.3))


def test_three_landmarks_line_two_photos_up_exactly():
    reference_size, photo_size = (1000, 1500), (2000, 3000)
    reference = Landmarks((0.5, 0.1), (0.35, 0.25), (0.65, 0.25))
    # The same body in a photo taken from further away and a little to the right.
    moved = Similarity(dx=0.04, dy=0.01, scale=0.9, rotation_deg=-2.0)
    points = [
        moved.inverse().apply(to_units(x * 1000, y * 1500, *reference_size))
        for x, y in reference.points()
    ]
    fractions = [
        (px / photo_size[0], py / photo_size[1])
        for px, py in (to_pixels(p, *photo_size) for p in points)
    ]
    photo = Landmarks(*fractions)
    found = from_landmarks(photo, photo_size, reference, reference_size)
    assert found.scale == pytest.approx(moved.scale)
    assert found.rotation_deg == pytest.approx(moved.rotation_deg)
    assert (found.dx, found.dy) == pytest.approx((moved.dx, moved.dy))
