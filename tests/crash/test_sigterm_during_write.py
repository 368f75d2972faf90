"""The app shuts down cleanly on SIGTERM and on closing its window while a long write runs
in a background task: exit code 0, a sound database, the write finished or rolled back.

On quit, `ui.tasks.finish_tasks` asks the running tasks to stop (the photo import stops
after the photo in hand, the CSV import rolls its transaction back) and waits for them.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.crash.helpers import (
    check_database,
    copy_profile,
    count,
    make_template_profile,
    run_driver,
    write_strong_file,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGTERM")

PHOTOS = 60


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("sigterm")
    template = make_template_profile(folder / "template")
    camera = folder / "camera"
    camera.mkdir()
    for number in range(PHOTOS):
        image = Image.linear_gradient("L").resize((1600, 1200)).convert("RGB")
        image.paste((number * 4 % 256, 90, 30), (0, 0, 400, 300 + number))
        image.save(camera / f"IMG_{number:04}.jpg", quality=90)
    csv_file = folder / "strong.csv"
    write_strong_file(csv_file, 150_000)
    return template, camera, csv_file


def stop(child, how: str) -> None:
    """SIGTERM now, or (for `close`) the driver closes the window by itself."""
    if how == "sigterm":
        child.process.send_signal(signal.SIGTERM)
    code = child.finish(timeout=60)
    stderr = child.stderr_text()
    assert code == 0, stderr
    for problem in ("Traceback", "Error", "QThread"):
        assert problem not in stderr, stderr


def photo_state(data: Path) -> int:
    from backtracker.services import photos
    from backtracker.storage.database import close_database, open_database

    conn = check_database(data)
    rows = count(conn, "photo")
    conn.close()
    open_database(data / "backtracker.sqlite3")
    try:
        assert photos.orphan_check(data / "photos") == ([], [])  # the photo in hand finished
    finally:
        close_database()
    assert not list((data / "photos").glob(".*.part"))  # and no temp file was left
    return rows


@pytest.mark.slow
@pytest.mark.parametrize("how", ["sigterm", "close"])
def test_quitting_during_a_photo_import(sources, tmp_path: Path, how: str):
    template, camera, _ = sources
    data = copy_profile(template, tmp_path / "profile")
    extra = ["close-after", "8"] if how == "close" else []
    child = run_driver("gui_write.py", data, "photos", camera, *extra)
    child.wait_for_line(lambda line: line == "progress 8 60", timeout=90)
    stop(child, how)
    rows = photo_state(data)
    assert 8 <= rows < PHOTOS  # stopped early, and what was imported is kept whole


@pytest.mark.slow
@pytest.mark.parametrize("how", ["sigterm", "close"])
def test_quitting_during_a_csv_import(sources, tmp_path: Path, how: str):
    template, _, csv_file = sources
    data = copy_profile(template, tmp_path / "profile")
    extra = ["close-after", "3"] if how == "close" else []
    child = run_driver("gui_write.py", data, "csv", csv_file, *extra)
    seen = 0

    def third_report(line: str) -> bool:
        nonlocal seen
        seen += line.startswith("progress ")
        return seen == 3

    line = child.wait_for_line(third_report, timeout=90)
    done, total = map(int, line.split()[1:])
    assert done < total  # mid-way through the transaction
    stop(child, how)
    conn = check_database(data)
    try:  # rolled back: the cancel reached the writer before its commit
        assert count(conn, "import_batch") == 0
        assert count(conn, "workout") == 0 and count(conn, "set_entry") == 0
    finally:
        conn.close()
    assert not any(line.startswith("done") for line in child.seen)
