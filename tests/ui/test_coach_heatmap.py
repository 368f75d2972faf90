"""The back heatmap (issue 15 §1): a known week, logged through the services, coloured on the
back diagram by each region's hard sets against the band, and said without colour too.

The week (the pinned today is Wed 18 Mar 2026, week 16–22 Mar):
    Sun 15 Mar  Dumbbell Row 5 × 20 kg × 10              (the week before: not counted)
    Mon 16 Mar  Lat Pulldown 2 warm-ups + 4 × 50 × 10; Straight-Arm Pulldown 4 × 20 × 12;
                Barbell Shrug 11 × 60 × 12
    Tue 17 Mar  Lat Pulldown 4 × 50 × 10; Barbell Shrug 10 × 60 × 12 (still open: a planned
                set of each left unticked)
Lats 8 + 4 = 12 (within 10–20); mid-back ½ × 8 = 4 and rear delts ½ × 8 = 4 (the pulldown's
secondary muscles: below); upper traps 21 (above); erectors 0 (no sets). Counting the warm-ups
would make lats 14 and mid-back 5; counting the secondary muscles as whole sets, mid-back 8.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from backtracker.domain.coach.regions import REGIONS
from backtracker.services import coach, logbook, preferences
from backtracker.storage.models import Exercise, SetEntry
from backtracker.ui.coach.heatmap import BackHeatmap, Shade, shade_color
from backtracker.ui.theme import DARK, LIGHT, ThemeMode
from tests.domain.coach_log import set_patterns

EXPECTED = {
    "lats": (12.0, Shade.WITHIN),
    "mid_back": (4.0, Shade.BELOW),
    "upper_traps": (21.0, Shade.ABOVE),
    "rear_delts": (4.0, Shade.BELOW),
    "erectors": (0.0, Shade.NONE),
}


def ex(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def log_workout(
    started: dt.datetime,
    plan: list[tuple[str, list[tuple[float, int, str]]]],
    *,
    finish: bool = True,
) -> int:
    """A workout logged through the Log's services: each exercise added (its planned first set
    is left unticked), its sets added and ticked as done, then finished (finishing drops the
    unticked planned sets)."""
    prefs = preferences.load()
    workout_id = logbook.start_workout(prefs, started_at=started)
    for key, sets in plan:
        link_id = logbook.add_exercise(workout_id, ex(key), prefs)
        link = next(e for e in logbook.get_workout(workout_id).exercises if e.id == link_id)
        for weight, reps, set_type in sets:
            set_id = logbook.add_set(
                link_id, {"weight_kg": weight, "reps": reps, "set_type": set_type}
            )
            logbook.complete_set(link, set_id)
    if finish:
        logbook.finish_workout(workout_id, started + dt.timedelta(hours=1))
    return workout_id


@pytest.fixture
def known_week(seeded):
    set_patterns()
    log_workout(dt.datetime(2026, 3, 15, 10), [("dumbbell-row", [(20.0, 10, "normal")] * 5)])
    log_workout(
        dt.datetime(2026, 3, 16, 18),
        [
            ("lat-pulldown", [(30.0, 10, "warmup")] * 2 + [(50.0, 10, "normal")] * 4),
            ("straight-arm-pulldown", [(20.0, 12, "normal")] * 4),
            ("barbell-shrug", [(60.0, 12, "normal")] * 11),
        ],
    )
    log_workout(
        dt.datetime(2026, 3, 17, 18),
        [
            ("lat-pulldown", [(50.0, 10, "normal")] * 4),
            ("barbell-shrug", [(60.0, 12, "normal")] * 10),
        ],
        finish=False,  # still open: its two planned sets stay unticked in the database
    )
    assert SetEntry.select().where(SetEntry.completed == False).count() == 2  # noqa: E712
    return coach.week_report()


@pytest.fixture
def heatmap(qtbot, theme, known_week):
    widget = BackHeatmap()
    qtbot.addWidget(widget)
    widget.resize(480, 520)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_counts(known_week.regions, known_week.region_sentences)
    qtbot.wait(50)
    return widget


def inner_point(heatmap: BackHeatmap, region: str) -> QPoint:
    """A point well inside the region's shape: away from its edges, the label line and the
    dot at its anchor (the line runs right from the anchor, so look left, up and down)."""
    anchor = heatmap.region_point(region)
    for distance in range(5, 40):
        for dx, dy in ((-distance, 0), (0, -distance), (0, distance), (-distance, distance)):
            point = anchor + QPoint(dx, dy)
            around = [point + QPoint(a, b) for a in (-3, 0, 3) for b in (-3, 0, 3)]
            if all(heatmap.region_at(p) == region for p in around):
                return point
    raise AssertionError(f"no point inside {region}")


def painted(heatmap: BackHeatmap, region: str) -> str:
    image = heatmap.grab().toImage()
    ratio = image.devicePixelRatio()
    point = inner_point(heatmap, region)
    return image.pixelColor(round(point.x() * ratio), round(point.y() * ratio)).name()


def test_a_known_week_is_counted_and_shaded_by_the_band(heatmap):
    for region, (sets, shade) in EXPECTED.items():
        assert heatmap.count_of(region).sets == sets, region
        assert heatmap.shade_of(region) is shade, region
    # Four different colours, and what is painted is the colour the heatmap says.
    assert len({heatmap.color_of(region).name() for region in REGIONS}) == 4
    for region, (_sets, shade) in EXPECTED.items():
        assert heatmap.color_of(region).name() == shade_color(shade, LIGHT)
        assert painted(heatmap, region) == shade_color(shade, LIGHT), region


def test_the_dark_theme_has_its_own_readable_colours(heatmap, theme, qtbot):
    theme.apply(ThemeMode.DARK)
    qtbot.wait(50)
    try:
        for region, (_sets, shade) in EXPECTED.items():
            assert painted(heatmap, region) == shade_color(shade, DARK), region
            if shade is not Shade.NONE:
                assert shade_color(shade, DARK) != shade_color(shade, LIGHT)
        assert shade_color(Shade.NONE, DARK) == DARK.muscle_idle != DARK.body
    finally:
        theme.apply(ThemeMode.LIGHT)


# Tooltips ask the offscreen platform to raise their window, which it cannot do.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_not_by_colour_alone_labels_legend_tooltips_and_description(heatmap, qtbot):
    assert heatmap.label_of("mid_back") == "Mid-back 4 · below"
    assert heatmap.label_of("lats") == "Lats 12 · in band"
    assert heatmap.label_of("upper_traps") == "Upper traps 21 · above"
    assert heatmap.label_of("erectors") == "Erector spinae 0 · no sets"
    sentence = "Mid-back: 4 of 10 sets this week; add a row."
    assert heatmap.sentence_of("mid_back") == sentence
    assert sentence in heatmap.accessibleDescription()
    # Hovering the shape or its label shows the region's sentence.
    for point in (inner_point(heatmap, "mid_back"), heatmap.label_rect("mid_back").center()):
        assert heatmap.region_at(point) == "mid_back"
        event = QHelpEvent(QEvent.Type.ToolTip, point, heatmap.mapToGlobal(point))
        QApplication.sendEvent(heatmap, event)
        qtbot.waitUntil(QToolTip.isVisible)
        assert QToolTip.text() == sentence
        QToolTip.hideText()
    # The labels stand beside the figure, one under the other, none overlapping.
    rects = [heatmap.label_rect(region) for region in REGIONS]
    assert all(not r.isEmpty() and heatmap.rect().contains(r) for r in rects)
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1 :])


def test_the_band_from_preferences_moves_the_colours(qtbot, theme, known_week):
    preferences.save(replace(preferences.load(), coach_band_low=4, coach_band_high=11))
    report = coach.week_report()
    widget = BackHeatmap()
    qtbot.addWidget(widget)
    widget.set_counts(report.regions, report.region_sentences)
    assert widget.band == (4, 11)
    assert widget.shade_of("mid_back") is Shade.WITHIN  # 4 of 4–11
    assert widget.shade_of("lats") is Shade.ABOVE  # 12 > 11
    assert widget.label_of("lats") == "Lats 12 · above"


def test_its_height_for_a_width_follows_the_labels_and_the_font(heatmap, qtbot, monkeypatch):
    """Layouts ask the height for a width many times a show: it is measured once per width
    and font, and measured again when the labels or the font change."""
    measured: list[int] = []
    real = BackHeatmap._height_for_width

    def counting(widget, width):
        measured.append(width)
        return real(widget, width)

    monkeypatch.setattr(BackHeatmap, "_height_for_width", counting)

    def fresh_height(counts, width: int, font=None) -> int:
        other = BackHeatmap()
        qtbot.addWidget(other)
        if font is not None:
            other.setFont(font)
        other.set_counts(counts)
        return real(other, width)

    week = [heatmap.count_of(region) for region in REGIONS]
    first = heatmap.heightForWidth(300)
    assert heatmap.heightForWidth(300) == first and measured == [300]
    assert first == fresh_height(week, 300)

    # Many more sets: longer labels (and a wider legend) take room from the figure.
    heavy = [replace(count, sets=count.sets + 1000.5) for count in week]
    heatmap.set_counts(heavy)
    assert heatmap.heightForWidth(300) == fresh_height(heavy, 300) != first
    assert measured == [300, 300]

    font = heatmap.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    heatmap.setFont(font)
    assert heatmap.heightForWidth(300) == fresh_height(heavy, 300, font)
    assert measured == [300, 300, 300]
