#!/usr/bin/env python3
"""Screenshots of every tab on a throw-away demo profile, for the README and the metainfo.

    .venv/bin/python scripts/screenshots.py            # the README set, into docs/screenshots
    .venv/bin/python scripts/screenshots.py --all      # every tab, light and dark, 1280×800
                                                       # and 1920×1080, into /tmp/backtracker-shots
    .venv/bin/python scripts/screenshots.py --all --scale 2   # the same at device pixel ratio 2
    .venv/bin/python scripts/screenshots.py --today 2026-12-06  # the demo as seen on that day

The demo's training ends on the demo's "today", so the Log's week and the calendar show the
days of the week up to it: taken on a Monday, they show a week with nothing in it yet. The
README set was taken on a Sunday; `--today` pins the app's clock (`domain/clock.py`) so any
day can retake it the same way.

It runs headless (Qt's offscreen platform), never touches your own data folder, and writes
PNGs through Pillow with optimize=True so the files stay small.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PINNED_TIME = dt.time(18, 30)  # `--today`: an evening, after that day's workout
SIZES = {"1280x800": (1280, 800), "1920x1080": (1920, 1080)}
THEMES = ("light", "dark")
# The README set: (shot, theme, size) -> file name. The names are referenced by README.md
# and packaging/linux/*.metainfo.xml; keep them stable.
README_SET = {
    ("library", "light"): "library-light.png",
    ("log", "light"): "log-light.png",
    ("photos", "light"): "photos-light.png",
    ("progress", "light"): "progress-light.png",
    ("library", "dark"): "library-dark.png",
    ("log", "dark"): "log-dark.png",
    ("photos-compare", "dark"): "photos-compare-dark.png",
    ("progress-overview", "dark"): "progress-overview-dark.png",
    ("progress-calendar", "light"): "progress-calendar-light.png",
    ("progress-body", "dark"): "progress-body-dark.png",
    ("progress-back", "light"): "progress-back-light.png",
    ("progress-back", "dark"): "progress-back-dark.png",
    ("progress-goal", "light"): "progress-goal-light.png",
    ("progress-lower-back", "dark"): "progress-lower-back-dark.png",
}
SHOTS = (
    "library",
    "log",
    "photos",
    "photos-compare",
    "progress",
    "progress-overview",
    "progress-calendar",
    "progress-body",
    "progress-back",
    "progress-goal",
    "progress-lower-back",
)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="every tab, theme and size")
    parser.add_argument("--out", type=Path, help="folder for the PNGs")
    parser.add_argument("--scale", type=float, default=1.0, help="QT_SCALE_FACTOR (e.g. 2)")
    parser.add_argument("--only", nargs="*", choices=SHOTS, help="just these shots")
    parser.add_argument(
        "--full-colour", action="store_true", help="keep every colour (bigger files)"
    )
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the demo's today, pinned (default: the real one)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = f"{args.scale:g}"
    out = args.out or (Path("/tmp/backtracker-shots") if args.all else ROOT / "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    if args.today is not None:
        from backtracker.domain import clock

        clock.pin(dt.datetime.combine(args.today, PINNED_TIME))
    with tempfile.TemporaryDirectory(prefix="backtracker-shots-") as home:
        # Keep settings and caches of this run away from the real user folders.
        for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            os.environ[name] = home
        shooter = Shooter(Path(home) / "profile", palette=not args.full_colour)
        try:
            wanted = [
                (shot, theme_name, size)
                for shot in (args.only or SHOTS)
                for theme_name in THEMES
                for size in SIZES
                if args.all or (size == "1280x800" and (shot, theme_name) in README_SET)
            ]
            for shot, theme_name, size in wanted:
                name = (
                    f"{shot}-{theme_name}-{size}.png"
                    if args.all
                    else README_SET[(shot, theme_name)]
                )
                path = out / name
                shooter.save(shot, theme_name, SIZES[size], path)
                print(f"{path}  {path.stat().st_size // 1024} KiB")
        finally:
            shooter.close()
    return 0


def _quiet_offscreen(_kind: object, _context: object, message: str) -> None:
    """The offscreen platform's notes about window hints say nothing about the app."""
    if "does not support" not in message:
        print(message, file=sys.stderr)


class Shooter:
    """One demo profile and one main window, posed for each shot."""

    def __init__(self, data_dir: Path, *, palette: bool) -> None:
        from PySide6.QtCore import qInstallMessageHandler

        from backtracker.domain import clock
        from backtracker.services.demo import fill_demo_profile
        from backtracker.services.demo_photos import add_demo_photos
        from backtracker.services.photos import thumbnails_dir
        from backtracker.storage.database import open_database
        from backtracker.storage.profile import prepare_profile
        from backtracker.storage.routines import seed_builtin_routines
        from backtracker.storage.seeding import seed_catalogue
        from backtracker.ui.application import create_application, ui_state
        from backtracker.ui.main_window import MainWindow
        from backtracker.ui.tasks import SynchronousPool, set_pool_override
        from backtracker.ui.theme import ThemeMode, install_theme

        self.palette = palette
        self.profile = prepare_profile(data_dir)
        open_database(self.profile.database_path)
        seed_catalogue()
        seed_builtin_routines()
        today = clock.today()
        fill_demo_profile(today=today)
        add_demo_photos(self.profile.photos_dir, thumbnails_dir(self.profile.data_dir), today=today)
        self.app = create_application(["backtracker"])
        qInstallMessageHandler(_quiet_offscreen)
        set_pool_override(SynchronousPool())  # thumbnails and charts are ready when shot
        install_theme(self.app, ThemeMode.LIGHT)
        self.window = MainWindow(self.profile, ui_state(self.profile))
        self.window.resize(1280, 800)
        self.window.show()
        self._start_workout()
        self.poses: dict[str, Callable[[], None]] = {
            "library": self._library,
            "log": self._log,
            "photos": self._photos,
            "photos-compare": self._photos_compare,
            "progress": self._progress,
            "progress-overview": self._progress_overview,
            "progress-calendar": self._progress_calendar,
            "progress-body": self._progress_body,
            "progress-back": lambda: self._progress_page("back"),
            "progress-goal": self._progress_goal,
            "progress-lower-back": lambda: self._progress_page("lower_back"),
        }

    def wait(self, seconds: float = 0.4) -> None:
        """Let layouts, background thumbnail loads and chart draws finish."""
        from PySide6.QtCore import QEvent

        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            # What deleteLater() left: the app's event loop deletes it, processEvents() not.
            self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            time.sleep(0.02)

    def save(self, shot: str, theme_name: str, size: tuple[int, int], path: Path) -> None:
        from PIL import Image
        from PySide6.QtCore import QBuffer, QIODevice

        from backtracker.ui.theme import ThemeMode

        self.window.set_theme(ThemeMode(theme_name))
        self.window.resize(*size)
        self.wait(0.2)
        self.poses[shot]()
        self.window.statusBar().clearMessage()
        self.wait()
        self._wait_for_charts()
        pixmap = self.window.grab()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        pixmap.toImage().save(buffer, "PNG")
        image = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
        if self.palette:
            # 256 colours without dithering: a third of the size, and flat UI colours and
            # text edges stay exact.
            image = image.quantize(256, Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        image.save(path, optimize=True)

    def _wait_for_charts(self, timeout: float = 10.0) -> None:
        """A Progress page opened for the first time is drawn a step per turn under a blank
        cover; on a busy machine that outlasts `wait`, and the shot showed the cover."""
        if self.window.tabs.currentWidget() is not self.window.progress_page:
            return
        cover = self.window.progress_page.content().page_cover
        end = time.monotonic() + timeout
        while cover.covering and time.monotonic() < end:
            self.wait(0.05)
        self.wait(0.1)  # the paint after the cover goes

    # -- poses -----------------------------------------------------------------------------
    def _start_workout(self) -> None:
        """A beginner workout 18 minutes in, its first two exercises a superset, with the
        first exercise's sets partly logged and a pinned note on the second."""
        from backtracker.domain import clock
        from backtracker.services import logbook, pinned_notes, supersets
        from backtracker.services import routines as routine_store

        routine = next(r for r in routine_store.list_routines() if "Beginner" in r.name)
        started = clock.now().replace(second=0) - dt.timedelta(minutes=18)
        workout_id = logbook.start_workout(
            self.window.log_context.prefs, routine_id=routine.id, started_at=started
        )
        links = logbook.get_workout(workout_id).exercises
        supersets.group([links[0].id, links[1].id])
        pinned_notes.pin(
            links[1].exercise_id, "Bench at knee height; pull to the hip, not the chest"
        )
        self.window.tabs.setCurrentWidget(self.window.log_page)
        self.window.log.open_workout(workout_id)
        card = self.window.log.editor.cards[0]
        card.log_row(0)
        card.log_row(1)
        self.window.rest_timer.start(75)

    def _library(self) -> None:
        library = self.window.library
        self.window.tabs.setCurrentWidget(library)
        library.select_catalogue_key("dumbbell-row")

    def _log(self) -> None:
        self.window.tabs.setCurrentWidget(self.window.log_page)  # lands in the next weight

    def _photos(self) -> None:
        self.window.tabs.setCurrentWidget(self.window.photos_page)
        photos = self.window.photos
        photos.show_gallery()
        self.wait()
        view = photos.view
        index = view.model().index(1, 0)
        view.setCurrentIndex(index)

    def _photos_compare(self) -> None:
        """Compare mode with the demo's photos lined up, as the app does in the background
        the first time the Photos tab is shown (ui/photos/catch_up.py)."""
        from backtracker.services import photo_alignment

        if photo_alignment.poses_to_catch_up():
            photo_alignment.catch_up()
            self.window.photos.compare_page.aligned.refresh()
        self.window.compare_photos()

    def _progress(self) -> None:
        self.window.tabs.setCurrentWidget(self.window.progress_page)
        progress = self.window.progress_page.content()
        if (page := progress.page()) is not None:
            progress.page_buttons[page].setChecked(False)
        progress.exercise_combo.setFocus()

    def _progress_overview(self) -> None:
        self.window.tabs.setCurrentWidget(self.window.progress_page)
        overview = self.window.progress_page.content().overview_button
        overview.setChecked(True)
        overview.setFocus()  # as after choosing it from the keyboard

    def _progress_calendar(self) -> None:
        self.window.tabs.setCurrentWidget(self.window.progress_page)
        self.window.progress_page.content().calendar_button.setChecked(True)

    def _progress_body(self) -> None:
        self.window.tabs.setCurrentWidget(self.window.progress_page)
        self.window.progress_page.content().body_button.setChecked(True)

    def _progress_page(self, page: str) -> None:
        self.window.tabs.setCurrentWidget(self.window.progress_page)
        self.window.progress_page.content().page_buttons[page].setChecked(True)

    def _progress_goal(self) -> None:
        """The demo's Lat Pulldown: its goal line, the trend projected to it and the band."""
        from backtracker.services import library
        from backtracker.services.progress import Range

        self.window.tabs.setCurrentWidget(self.window.progress_page)
        progress = self.window.progress_page.content()
        pulldown = next(e for e in library.exercises() if e.catalogue_key == "lat-pulldown")
        progress.set_exercise(pulldown.id)
        progress.set_range(Range.M6)

    def close(self) -> None:
        from backtracker.storage.database import close_database

        self.window.rest_timer.skip()
        self.window.close()
        close_database()


if __name__ == "__main__":
    sys.exit(main())
