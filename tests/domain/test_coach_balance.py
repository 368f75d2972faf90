"""Balance: vertical against horizontal pulls, pulls against presses, and the 3-week rule."""

from __future__ import annotations

import datetime as dt

from backtracker.domain.coach.balance import WeekPatterns, balance, balance_sentences
from backtracker.services import coach
from tests.domain.coach_log import at, exercise_id, log, press_id, set_patterns

MONDAYS = [dt.date(2026, 2, 2) + dt.timedelta(weeks=n) for n in range(8)]


def weeks(*sets: dict[str, int]) -> list[WeekPatterns]:
    """Consecutive weeks, oldest first, ending with the last one given."""
    return [WeekPatterns(monday, s) for monday, s in zip(MONDAYS[-len(sets) :], sets, strict=True)]


V, H, F, P = "vertical_pull", "horizontal_pull", "fly", "push"


def test_the_figures_add_up_and_pulls_include_rear_delt_work():
    figures = balance(weeks({V: 6, H: 3}, {V: 3, F: 4, P: 5}, {}, {H: 9, "hinge": 4}))
    assert figures.vertical_pull_sets == 9
    assert figures.horizontal_pull_sets == 12
    assert figures.pull_sets == 9 + 12 + 4
    assert figures.push_sets == 5


def test_three_weeks_without_a_row_says_so():
    sentences = balance_sentences(weeks({V: 6, H: 6}, {V: 6}, {V: 8}, {V: 4, F: 3}))
    assert sentences == [
        "3 weeks without a horizontal row: your mid-back gets little direct work; add a row."
    ]


def test_two_weeks_are_not_enough_and_a_balanced_week_breaks_the_run():
    assert balance_sentences(weeks({V: 6}, {V: 6, H: 3}, {V: 6}, {V: 6})) == []
    assert balance_sentences(weeks({V: 6}, {V: 6})) == []


def test_half_is_still_balanced_and_under_half_is_not():
    assert balance_sentences(weeks({V: 6, H: 3}, {V: 6, H: 3}, {V: 6, H: 3})) == []
    sentences = balance_sentences(weeks({V: 7, H: 3}, {V: 6, H: 2}, {V: 9, H: 4}))
    assert sentences == [
        "3 weeks with under half as many rows as pulldowns and pull-ups: your mid-back gets "
        "less direct work than your lats; add a row."
    ]


def test_a_missed_week_neither_counts_nor_breaks_the_run():
    # Off, off, nothing at all (a week off), off: 3 weeks off in a row, not 4.
    sentences = balance_sentences(weeks({V: 6, H: 6}, {V: 6}, {V: 6}, {}, {V: 6}))
    assert sentences == [
        "3 weeks without a horizontal row: your mid-back gets little direct work; add a row."
    ]
    assert balance_sentences(weeks({V: 6}, {}, {V: 6})) == []


def test_too_few_pulldowns():
    sentences = balance_sentences(weeks({H: 6}, {H: 8}, {H: 6, V: 2}))
    assert sentences == [
        "3 weeks with under half as many pulldowns and pull-ups as rows: your lats get "
        "little vertical work; add a pulldown or pull-up."
    ]
    assert balance_sentences(weeks({H: 6}, {H: 8}, {H: 6}))[0].startswith(
        "3 weeks without a pulldown or pull-up"
    )


def test_presses_only_matter_when_logged():
    assert balance_sentences(weeks({V: 3, H: 3}, {V: 3, H: 3}, {V: 3, H: 3})) == []
    pressing = weeks({V: 3, H: 3, P: 8}, {V: 3, H: 3, P: 7}, {V: 2, H: 2, F: 2, P: 7})
    assert balance_sentences(pressing) == [
        "3 weeks with fewer pulling sets than presses: add a row or face pulls to balance "
        "your pressing."
    ]
    # Face pulls count as pulls: 2 + 2 + 3 = 7 is not fewer than 7.
    even = weeks({V: 3, H: 3, P: 8}, {V: 3, H: 3, P: 7}, {V: 2, H: 2, F: 3, P: 7})
    assert balance_sentences(even) == []


# --- through the database: the 4-week window and the report's sentences ---


def test_the_window_is_the_report_week_and_the_three_before(seeded):
    set_patterns()
    row, pulldown, face = (
        exercise_id("dumbbell-row"),
        exercise_id("lat-pulldown"),
        exercise_id("face-pull"),
    )
    press = press_id()
    # The report's week is 2026-W12 (16–22 Mar); the window starts Mon 23 Feb.
    log(at("2026-02-22"), {row: [(20.0, 8)] * 10})  # the Sunday before: outside
    log(at("2026-02-23", 6), {row: [(20.0, 8)] * 2, press: [(60.0, 8)] * 3})
    log(at("2026-03-04"), {pulldown: [(40.0, 10)] * 3, row: [(20.0, 8, "warmup")]})
    log(at("2026-03-11"), {pulldown: [(40.0, 10)] * 3, face: [(15.0, 12)] * 2})
    log(at("2026-03-17"), {pulldown: [(40.0, 10)] * 4})
    log(at("2026-03-23"), {row: [(20.0, 8)] * 10})  # the week after: outside
    report = coach.week_report(dt.date(2026, 3, 16))
    assert report.balance.vertical_pull_sets == 10
    assert report.balance.horizontal_pull_sets == 2
    assert report.balance.pull_sets == 14
    assert report.balance.push_sets == 3
    assert (
        "3 weeks without a horizontal row: your mid-back gets little direct work; add a row."
        in report.suggestions
    )
    # A week earlier the run was only 2 weeks long (W09 had a row).
    earlier = coach.week_report(dt.date(2026, 3, 9))
    assert not any("horizontal row" in sentence for sentence in earlier.suggestions)
    assert earlier.balance.horizontal_pull_sets == 12  # the Sunday 22 Feb row is in its window


def test_exercises_without_a_pattern_count_for_no_side(seeded):
    set_patterns({"dumbbell-row": None, "lat-pulldown": "vertical_pull"})
    log(at("2026-03-17"), {exercise_id("dumbbell-row"): [(20.0, 8)] * 3})
    report = coach.week_report()
    assert report.balance.horizontal_pull_sets == 0 and report.balance.pull_sets == 0
    # The regions still count it: they go by muscles, not patterns.
    assert {c.region: c.sets for c in report.regions}["mid_back"] == 3
