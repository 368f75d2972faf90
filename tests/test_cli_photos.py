"""`backtracker photos import` and `photos list`, run as a person would, in a subprocess."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

from backtracker.cli import build_parser, registered_commands


def run_photos(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backtracker", "photos", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


def make_photos(folder: Path) -> list[Path]:
    """Two upright JPEGs (one dated in EXIF), one turned by its orientation tag."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, (size, orientation) in enumerate((((40, 30), 1), ((41, 30), 1), ((60, 40), 6))):
        exif = Image.Exif()
        exif[0x0112] = orientation
        if n == 0:
            exif[0x8769] = {0x9003: "2024:05:01 07:30:00"}
        path = folder / f"IMG_{n}.jpg"
        Image.new("RGB", size, (200, 100 + n * 40, 50)).save(path, exif=exif.tobytes())
        paths.append(path)
    return paths


def test_import_counts_and_list_json(tmp_path):
    data = tmp_path / "data"
    originals = make_photos(tmp_path / "camera")
    (tmp_path / "camera" / "copy.jpg").write_bytes(originals[0].read_bytes())

    result = run_photos(
        "import", str(tmp_path / "camera"), "--pose", "side", "--data-dir", str(data)
    )

    assert result.returncode == 0, result.stderr
    assert "Imported 3 photos, 1 duplicate, 0 refused." in result.stdout
    listed = run_photos("list", "--json", "--data-dir", str(data))
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert len(rows) == 3
    for row in rows:
        assert {"id", "path", "taken_at", "pose", "width", "height", "original_name"} <= set(row)
        assert Path(row["path"]).is_absolute() and Path(row["path"]).is_file()
        assert Path(row["path"]).parent == data.absolute() / "photos"
        dt.datetime.fromisoformat(row["taken_at"])
        assert row["pose"] == "side"
    by_name = {row["original_name"]: row for row in rows}
    assert by_name["IMG_0.jpg"]["taken_at"] == "2024-05-01T07:30:00"
    assert (by_name["IMG_2.jpg"]["width"], by_name["IMG_2.jpg"]["height"]) == (40, 60)
    text = run_photos("list", "--data-dir", str(data))
    assert text.returncode == 0 and "IMG_2.jpg" in text.stdout and "40×60" in text.stdout


def test_refusals_are_listed_and_readable_files_still_imported(tmp_path):
    data = tmp_path / "data"
    good = make_photos(tmp_path / "camera")[0]
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    gif = tmp_path / "anim.gif"
    Image.new("RGB", (4, 4)).save(gif)

    result = run_photos("import", str(good), str(empty), str(gif), "--data-dir", str(data))

    assert result.returncode == 0, result.stderr
    assert "Imported 1 photo, 0 duplicates, 2 refused." in result.stdout
    assert f"refused {empty}: empty file" in result.stdout
    assert f"refused {gif}: unsupported type .gif" in result.stdout


def test_nothing_readable_exits_2(tmp_path):
    data = tmp_path / "data"
    text = tmp_path / "notes.jpg"
    text.write_text("not a photo")

    result = run_photos("import", str(text), "--data-dir", str(data))

    assert result.returncode == 2
    assert "Imported 0 photos, 0 duplicates, 1 refused." in result.stdout
    assert f"refused {text}: not an image" in result.stdout
    assert "Nothing could be imported" in result.stderr and "Traceback" not in result.stderr
    empty_folder = tmp_path / "nothing-here"
    empty_folder.mkdir()
    none_found = run_photos("import", str(empty_folder), "--data-dir", str(data))
    assert none_found.returncode == 2 and "No JPEG, PNG, WEBP" in none_found.stderr


def test_only_duplicates_is_fine(tmp_path):
    data = tmp_path / "data"
    make_photos(tmp_path / "camera")
    assert run_photos("import", str(tmp_path / "camera"), "--data-dir", str(data)).returncode == 0
    again = run_photos("import", str(tmp_path / "camera"), "--data-dir", str(data))
    assert again.returncode == 0 and "Imported 0 photos, 3 duplicates" in again.stdout


def test_user_errors_exit_2(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_photos("list", "--data-dir", str(blocker))
    assert result.returncode == 2 and "is a file, not a folder" in result.stderr
    bad_pose = run_photos("import", str(tmp_path), "--pose", "upside", "--data-dir", str(tmp_path))
    assert bad_pose.returncode == 2 and "--pose" in bad_pose.stderr


def test_photos_is_registered_and_takes_data_dir_anywhere(tmp_path):
    assert "photos" in [command.name for command in registered_commands()]
    parser = build_parser()
    before = parser.parse_args(["--data-dir", str(tmp_path), "photos", "list", "--json"])
    after = parser.parse_args(["photos", "import", "a.jpg", "--data-dir", str(tmp_path)])
    assert before.data_dir == tmp_path and before.json and before.photos_action == "list"
    assert after.data_dir == tmp_path and after.paths == [Path("a.jpg")] and after.pose == "back"


def test_demo_adds_progress_photos(tmp_path):
    data = tmp_path / "demo"
    demo = subprocess.run(
        [sys.executable, "-m", "backtracker", "demo", "--weeks", "4", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    assert "24 progress photos" in demo.stdout
    rows = json.loads(run_photos("list", "--json", "--data-dir", str(data)).stdout)
    assert len(rows) == 24 and {row["pose"] for row in rows} == {"back"}
    assert len(list((data / "thumbnails").iterdir())) == 24
