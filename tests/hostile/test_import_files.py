"""Hostile files for the CSV importers beyond the property tests: things that are not regular
files (a pipe would block the read for ever), oversized fields and lines, NUL bytes and
formula injection. Each is refused with an ImportFileError naming the file or the line, or
imported as plain text; a refusal writes nothing."""

from __future__ import annotations

import math
import os
import threading
from pathlib import Path

import pytest

from backtracker.services import importers
from backtracker.services.importers import ImportFileError
from backtracker.storage.models import ImportBatch, SetEntry, Workout
from tests.ui.test_import_dialog import STRONG_IOS_HEADER, STRONG_IOS_ROWS


def counts() -> tuple[int, int, int]:
    return Workout.select().count(), SetEntry.select().count(), ImportBatch.select().count()


def refused(path: Path) -> ImportFileError:
    """Parse in a thread, so that a read that blocks fails the test instead of hanging it."""
    outcome: list[BaseException | object] = []

    def run() -> None:
        try:
            outcome.append(importers.import_file(path, unit="kg"))
        except BaseException as error:
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(20)
    assert outcome, f"reading {path.name} never finished"
    assert isinstance(outcome[0], ImportFileError), outcome[0]
    return outcome[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_reading_it(seeded, tmp_path):
    pipe = tmp_path / "strong.csv"
    os.mkfifo(pipe)
    error = refused(pipe)
    assert "is not a regular file" in str(error) and str(pipe) in str(error)
    assert counts() == (0, 0, 0)


def test_a_device_is_refused(seeded, tmp_path):
    device = tmp_path / "export.csv"
    device.symlink_to("/dev/zero")  # would never end
    assert "is not a regular file" in str(refused(device))
    assert counts() == (0, 0, 0)


def _strong(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "strong.csv"
    path.write_text("\n".join([STRONG_IOS_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "row",
    [
        '2024-03-04 18:02:11,Back Day,49m,"' + "x" * 1_000_000 + '",1,50,10,0,0,,,',
        "2024-03-04 18:02:11,Back Day,49m,Lat Pulldown,1,50,10,0,0," + "n" * 300_000 + ",,",
        '2024-03-04 18:02:11,Back Day,49m,"Lat Pulldown,1,50,10,0,0,,,',  # an open quote
        "2024-03-04 18:02:11,Back Day,49m,Lat\x00Pulldown,1,50,10,0,0,,,",
        "2024-03-04 18:02:11,Back Day,49m,Lat Pulldown,1,1e309,10,0,0,,,",
        "2024-03-04 18:02:11,Back Day,49m,Lat Pulldown,1,nan,10,0,0,,,",
        "2024-03-04 18:02:11,Back Day,49m,Lat Pulldown,1,50," + "9" * 5000 + ",0,0,,,",
        "9999-12-31 23:59:59,Back Day,49m,Lat Pulldown,1,50,10,0,0,,,",
        "0000-01-01 00:00:00,Back Day,49m,Lat Pulldown,1,50,10,0,0,,,",
    ],
    ids=[
        "1MB-field",
        "300k-notes",
        "open-quote",
        "nul",
        "overflow",
        "nan",
        "5000-digits",
        "year-9999",
        "year-0",
    ],
)
def test_oversized_or_broken_rows_are_refused_or_kept_sane(seeded, tmp_path, row):
    path = _strong(tmp_path, [STRONG_IOS_ROWS[0], row])
    try:
        result = importers.import_file(path, unit="kg")
    except ImportFileError as error:
        assert error.line is None or 1 <= error.line <= 3
        assert len(str(error)) < 600, "the message repeats a huge field"
        assert counts() == (0, 0, 0)
        return
    for entry in SetEntry.select():
        for value in (entry.weight_kg, entry.reps, entry.duration_s, entry.distance_m):
            assert value is None or (math.isfinite(value) and abs(value) < 1e7)
        assert len(entry.notes) <= 5000
    assert result.workouts_added >= 1


def test_formula_like_cells_are_stored_as_plain_text(seeded, tmp_path):
    """A name such as =HYPERLINK(...) is just a name: stored and exported as the text it is
    (spreadsheet formula escaping on export is not done; see the report)."""
    from backtracker.services import export

    row = '2024-03-04 18:02:11,"=HYPERLINK(""http://x"")",49m,Lat Pulldown (Cable),1,50,10,0,0,,,'
    importers.import_file(_strong(tmp_path, [row]), unit="kg")
    assert Workout.get().name == '=HYPERLINK("http://x")'
    target = tmp_path / "out.csv"
    export.export_csv(target)
    assert "=HYPERLINK" in target.read_text()
