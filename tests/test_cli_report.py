"""`backtracker report`: the back coach's week on a known profile, as text and JSON.

The profile (pinned "today": Wed 2026-03-18, week 2026-W12):
    W12 Mon 16 Mar  Dumbbell Row W 10×12, 20×8 ×3; Lat Pulldown 40×10 ×2
    W11 Wed 11 Mar  Dumbbell Row 20×8 ×3
    W10 Wed  4 Mar  Dumbbell Row 20×8 ×3
    W09 Wed 25 Feb  Dumbbell Row 20×8 ×3; Bench Press 60×8 ×2
    W08 Wed 18 Feb  Dumbbell Row 20×8 ×3   (5 flat row sessions: a stall)
Patterns are set here (rows horizontal, pulldowns vertical, the press push).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from backtracker.app import main
from backtracker.cli import build_parser, registered_commands
from backtracker.storage.database import close_database, open_database
from backtracker.storage.models import db
from backtracker.storage.profile import prepare_profile
from backtracker.storage.routines import seed_builtin_routines
from backtracker.storage.seeding import seed_catalogue
from tests.domain.coach_log import at, exercise_id, log, press_id, set_patterns


@pytest.fixture
def data(tmp_path) -> Path:
    profile = prepare_profile(tmp_path / "profile")
    open_database(profile.database_path)
    try:
        seed_catalogue()
        seed_builtin_routines()
        set_patterns()
        row, pulldown, press = exercise_id("dumbbell-row"), exercise_id("lat-pulldown"), press_id()
        for day in ("2026-02-18", "2026-03-04", "2026-03-11"):
            log(at(day), {row: [(20.0, 8)] * 3})
        log(at("2026-02-25"), {row: [(20.0, 8)] * 3, press: [(60.0, 8)] * 2})
        log(
            at("2026-03-16"),
            {row: [(10.0, 12, "warmup"), *[(20.0, 8)] * 3], pulldown: [(40.0, 10)] * 2},
        )
    finally:
        close_database()
    return profile.data_dir


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_has_exactly_the_documented_keys_and_the_week(data, capsys):
    code, out, err = run(capsys, "report", "--json", "--data-dir", str(data))
    assert code == 0, err
    report = json.loads(out)
    assert list(report) == [
        "week",
        "regions",
        "vertical_pull_sets",
        "horizontal_pull_sets",
        "pull_sets",
        "push_sets",
        "stalled",
        "suggestions",
    ]
    assert report["week"] == "2026-W12"
    assert report["regions"] == {
        "lats": {"sets": 5.0, "low": 10, "high": 20},
        "mid_back": {"sets": 4.0, "low": 10, "high": 20},  # 3 rows + ½ × 2 pulldowns
        "upper_traps": {"sets": 0.0, "low": 10, "high": 20},
        "rear_delts": {"sets": 2.5, "low": 10, "high": 20},
        "erectors": {"sets": 1.5, "low": 10, "high": 20},
    }
    # W09–W12: rows 3+3+3+3, pulldowns 2, the press 2.
    assert report["horizontal_pull_sets"] == 12
    assert report["vertical_pull_sets"] == 2
    assert report["pull_sets"] == 14
    assert report["push_sets"] == 2
    assert report["stalled"] == ["Dumbbell Row"]
    assert "Mid-back: 4 of 10 sets this week; add a row." in report["suggestions"]
    # This week's 2 pulldown sets are not under half of its 3 rows: no balance sentence.
    assert not any("weeks" in sentence for sentence in report["suggestions"])
    # 1 of 2 back exercises stalled: not most, so no deload.
    assert not any("deload" in sentence for sentence in report["suggestions"])
    assert db.is_closed()


def test_an_earlier_week(data, capsys):
    code, out, err = run(capsys, "report", "--json", "--week", "2026-W09", "--data-dir", str(data))
    assert code == 0, err
    report = json.loads(out)
    assert report["week"] == "2026-W09"
    assert report["regions"]["mid_back"]["sets"] == 3.0
    assert report["push_sets"] == 2 and report["horizontal_pull_sets"] == 6
    assert report["stalled"] == []
    assert (
        "Mid-back: 3 of 10 sets in the week of 23 Feb 2026; add a row." in (report["suggestions"])
    )


def test_weeks_of_rows_alone_ask_for_a_pulldown(data, capsys):
    code, out, err = run(capsys, "report", "--json", "--week", "2026-W11", "--data-dir", str(data))
    assert code == 0, err
    assert (
        "4 weeks without a pulldown or pull-up: your lats get little vertical work; add a "
        "pulldown or pull-up."
    ) in json.loads(out)["suggestions"]


def test_the_text_summary(data, capsys):
    code, out, err = run(capsys, "--data-dir", str(data), "report")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Week 2026-W12 (16 Mar 2026 – 22 Mar 2026)"
    assert "  Mid-back            4  (below 10–20)" in lines
    assert "  Rear delts        2.5  (below 10–20)" in lines
    assert any("vertical pulls 2, horizontal pulls 12; all pulls 14, pushes 2" in x for x in lines)
    assert any(x.startswith("Stalled (") and x.endswith(": Dumbbell Row") for x in lines)
    assert "  - Mid-back: 4 of 10 sets this week; add a row." in lines
    assert err == ""


def test_a_sore_exercise_gets_the_lower_back_swap_suggestion(data, capsys):
    from backtracker.storage import discomfort
    from backtracker.storage.models import WorkoutExercise

    open_database(data / "backtracker.sqlite3")
    try:
        barbell = exercise_id("barbell-row")
        for day, score in (("2026-03-02", 5), ("2026-03-09", 2), ("2026-03-17", 6)):
            workout = log(at(day), {barbell: [(50.0, 8)] * 3})
            link = WorkoutExercise.get(WorkoutExercise.workout == workout).id
            discomfort.save_flags(workout, {link: (score, "")})
    finally:
        close_database()
    code, out, err = run(capsys, "report", "--json", "--data-dir", str(data))
    assert code == 0, err
    swaps = [s for s in json.loads(out)["suggestions"] if "Barbell Row" in s]
    assert len(swaps) == 1 and "Chest-Supported Row" in swaps[0]
    # The week before, only 1 of its last 3 sessions hurt: nothing to say.
    code, out, err = run(capsys, "report", "--json", "--week", "2026-W11", "--data-dir", str(data))
    assert not any("Barbell Row" in s for s in json.loads(out)["suggestions"])


@pytest.mark.parametrize(
    ("week", "message"),
    [
        ("2026-12", "is not a week; write it as YYYY-Www, e.g. 2026-W12."),
        ("2026-W60", "2026 has no week 60"),
        ("2026-W13", "2026-W13 has not started yet (it starts on 23 Mar 2026)"),
    ],
)
def test_a_bad_week_is_a_clear_usage_error(data, capsys, week, message):
    code, out, err = run(capsys, "report", "--week", week, "--data-dir", str(data))
    assert code == 2
    assert out == ""
    assert message in err and "Traceback" not in err
    assert db.is_closed()


def test_report_only_reads(data, capsys):
    files = {path.name: path.read_bytes() for path in data.iterdir() if path.is_file()}
    assert "backtracker.sqlite3" in files
    for args in (["--json"], [], ["--week", "2026-W01"]):
        code, _out, err = run(capsys, "report", *args, "--data-dir", str(data))
        assert code == 0, err
    after = {path.name: path.read_bytes() for path in data.iterdir() if path.is_file()}
    assert after.keys() == files.keys()
    for name, content in files.items():
        assert hashlib.sha256(after[name]).digest() == hashlib.sha256(content).digest(), name


def test_no_profile_creates_nothing(tmp_path, capsys):
    missing = tmp_path / "nothing-here"
    code, out, err = run(capsys, "report", "--data-dir", str(missing))
    assert code == 2 and out == "" and str(missing) in err
    assert not missing.exists()


def test_report_is_registered():
    assert "report" in [command.name for command in registered_commands()]
    args = build_parser().parse_args(["report", "--week", "2026-W12", "--json"])
    assert (args.week, args.json) == ("2026-W12", True)
