"""SIGKILL in the middle of a 100,000-row Strong import: the import is all there or not at all.

The import is one transaction. Killed before its commit, SQLite drops the WAL frames that
were never committed and the profile looks as it did; killed after, everything is there.
Either way the database passes integrity_check, and no custom exercise or alias the import
made survives without its workouts.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from tests.crash.helpers import (
    check_database,
    copy_profile,
    count,
    make_template_profile,
    run_cli,
    run_driver,
    write_strong_file,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")

ROWS = 100_000


@pytest.fixture(scope="module")
def setup(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Path, dict[str, int], tuple[int, int]]:
    """The template profile, the CSV, the template's counts of what an import adds, and
    the (workouts, sets) the file holds."""
    from backtracker.services import importers

    folder = tmp_path_factory.mktemp("csv-crash")
    template = make_template_profile(folder / "template")
    csv_file = folder / "strong.csv"
    write_strong_file(csv_file, ROWS)
    conn = check_database(template)
    try:
        before = {table: count(conn, table) for table in ("exercise", "exercise_alias")}
    finally:
        conn.close()
    parsed = importers.parse(csv_file, unit="kg")
    in_file = len(parsed.workouts), sum(len(w.sets) for w in parsed.workouts)
    return template, csv_file, before, in_file


def assert_complete_or_absent(
    data_dir: Path, before: dict[str, int], workouts: int, sets: int
) -> str:
    """'absent' or 'complete'; fails on anything in between."""
    conn = check_database(data_dir)
    try:
        found = {
            "batches": count(conn, "import_batch"),
            "workouts": count(conn, "workout"),
            "links": count(conn, "workout_exercise"),
            "sets": count(conn, "set_entry"),
            "exercises": count(conn, "exercise"),
            "aliases": count(conn, "exercise_alias"),
        }
        if found["batches"] == 0:
            assert found == {
                "batches": 0,
                "workouts": 0,
                "links": 0,
                "sets": 0,
                "exercises": before["exercise"],
                "aliases": before["exercise_alias"],
            }
            return "absent"
        assert found["batches"] == 1
        assert (found["workouts"], found["sets"]) == (workouts, sets)
        batch = conn.execute("SELECT workouts, sets FROM import_batch").fetchone()
        assert batch == (workouts, sets)
        assert count(conn, "workout", "WHERE import_batch_id IS NULL") == 0
        assert found["exercises"] > before["exercise"]  # the custom one came with it
        return "complete"
    finally:
        conn.close()


@pytest.mark.slow
@pytest.mark.parametrize("progress_lines", [1, 3, 6, 10])
def test_kill_during_the_import_transaction(setup, tmp_path: Path, progress_lines: int):
    """Killed after the n-th progress report, which the writer sends from inside the
    transaction between two bulk inserts: nothing of the import may be there."""
    template, csv_file, before, in_file = setup
    data = copy_profile(template, tmp_path / "profile")
    child = run_driver("import_csv.py", data, csv_file)
    seen = 0

    def nth_progress(line: str) -> bool:
        nonlocal seen
        seen += line.startswith("progress ")
        return seen == progress_lines

    line = child.wait_for_line(nth_progress)
    done, total = map(int, line.split()[1:])
    assert done < total  # provably mid-way: rows are still to be written
    assert (data / "backtracker.sqlite3-wal").exists()
    child.kill()

    assert not any(line.startswith("done ") for line in child.seen)
    assert child.seen[0] == f"parsed {in_file[0]} {in_file[1]}"
    assert assert_complete_or_absent(data, before, *in_file) == "absent"
    if progress_lines != 3:
        return
    # And the profile still works: the same import now goes through.
    again = run_driver("import_csv.py", data, csv_file)
    assert again.finish() == 0, again.stderr_text()
    assert assert_complete_or_absent(data, before, *in_file) == "complete"


@pytest.mark.slow
@pytest.mark.parametrize("delay_s", [0.2, 0.6, 1.0, 1.5])
def test_kill_the_import_command_at_any_moment(setup, tmp_path: Path, delay_s: float):
    """`backtracker import` killed after a delay: at start-up, parsing, writing, committing
    or done. Whatever the moment, the import is complete or absent."""
    template, csv_file, before, in_file = setup
    data = copy_profile(template, tmp_path / "profile")
    child = run_cli("import", csv_file, "--unit", "kg", "--data-dir", data)
    time.sleep(delay_s)
    if child.process.poll() is None:
        child.kill()
    else:
        assert child.finish() == 0
    state = assert_complete_or_absent(data, before, *in_file)
    if child.seen:  # it printed its report: then the import had committed
        assert state == "complete"
    print(f"killed after {delay_s} s: import {state}")
