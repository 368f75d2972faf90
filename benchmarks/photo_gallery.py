"""The Photos gallery with 2,000 photos: time to the first screen of thumbnails, and the
longest GUI-thread stall while thumbnails load and while the grid scrolls.

Builds a profile of 2,000 photos: a few hundred 1200×1600 JPEGs with drawn content go
through `services.photos.ingest` (managed copy, thumbnail, row); the rest are cheap clones
of those (the managed copy and its thumbnail hard-linked under a new hash, a row each with
its own date), so every photo has its thumbnail on disk. The thumbnail cache is therefore
WARM: the files exist, but each run starts with an empty in-memory pixmap cache and reads
and decodes every thumbnail it shows (the OS page cache will hold the files).

1. `gallery-first-screen`: from building the Photos tab (the real `build_photos_tab`) and
   showing it at 1280×800 until every photo cell visible in the viewport has its pixmap and
   has been painted with it. Baseline: showing a bare QListView with 2,000 text items at the
   same size until its first paint. Medians over runs, after one warm-up run (imports).
2. `gallery-max-stall`: a QTimer ticks every 5 ms and records the longest gap between ticks,
   from the moment the tab is shown, through the thumbnails loading, then a scroll from top
   to bottom and back in steps every 16 ms (about 60 frames per second). Baseline: the same
   timer over an idle event loop for the same length of time. Repeated `--stall-runs` times
   (each on a fresh tab): the median of the runs' longest stalls, and their range.
3. `gallery-max-turn-cpu`: over the same runs, the most CPU time the GUI thread spent between
   two ticks (`time.thread_time`). A busy machine stretches a stall (the GUI thread waits for
   a core); this figure is the gallery's own work in one turn of the event loop, which the
   machine's load hardly changes (a full garbage collection lands in it, though). Baseline:
   the same over the idle event loop.
4. `gallery-max-stall-aligning`: the same load-and-scroll run while the background
   alignment lines photos up (`--aligning-runs` times): every photo's alignment is cleared
   before the run, so the tab's catch-up, started when it is shown, has all 2,000 to do, as
   on the first session after an upgrade or right after a large import. The catch-up is
   stopped before the tab closes. Baseline: the idle timer gap.

Every photo is lined up with its pose's reference in the profile (identity registrations,
stored as the background alignment would leave them), so in runs 1–3 the tab's alignment
catch-up finds nothing to do: the steady state. (Until this was done, every run started a
catch-up of all 2,000 photos, and the runs measured the gallery against it.)

    python benchmarks/photo_gallery.py [--photos N] [--unique N] [--runs N] [--stall-runs N]
        [--aligning-runs N]

Output:
    gallery-first-screen: 120.0 ms (ratio 3.10 x bare-listview-show)
    gallery-max-stall: 12.0 ms median, 10.5–14.0 (ratio 1.50 x idle-timer-gap)
    gallery-max-turn-cpu: 6.0 ms median, 5.0–7.0 (ratio 20.00 x idle-turn-cpu)
    gallery-max-stall-aligning: 30.0 ms median, 25.0–35.0 (ratio 3.00 x idle-timer-gap)
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `backtracker` importable from the tree
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image, ImageDraw

SIZE = (1200, 1600)
WINDOW = (1280, 800)
FIRST_SCREEN_GOAL_MS = 300.0
STALL_GOAL_MS = 50.0
TICK_MS = 5
SCROLL_STEP_PX = 400
SCROLL_EVERY_MS = 16


# -- the profile ---------------------------------------------------------------------------
def draw_photo(path: Path, taken: dt.datetime, rng: random.Random) -> None:
    """A 1200×1600 JPEG of a drawn figure on a tinted wall, with its capture date."""
    wall = tuple(rng.randrange(150, 225) for _ in range(3))
    image = Image.new("RGB", SIZE, wall)
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    draw.rectangle((0, int(height * 0.85), width, height), fill=(130, 118, 104))
    cx = width / 2 + rng.uniform(-60, 60)
    shoulders = rng.uniform(230, 320)
    waist = rng.uniform(150, 200)
    skin = (222 + rng.randrange(-20, 10), 178 + rng.randrange(-20, 10), 146)
    draw.ellipse((cx - 90, 160, cx + 90, 380), fill=(70, 52, 40))
    torso = [(cx - shoulders, 480), (cx + shoulders, 480), (cx + waist, 1020), (cx - waist, 1020)]
    draw.polygon(torso, fill=skin, outline=(170, 125, 95))
    for side in (-1, 1):
        draw.line(
            [(cx + side * shoulders, 500), (cx + side * (waist + 90), 960)],
            fill=skin,
            width=90,
        )
        draw.line([(cx + side * 40, 560), (cx + side * (shoulders - 60), 620)], width=8)
    draw.rectangle((cx - waist - 20, 1020, cx + waist + 20, 1240), fill=(48, 62, 96))
    exif = Image.Exif()
    exif[0x8769] = {0x9003: taken.strftime("%Y:%m:%d %H:%M:%S")}
    image.save(path, "JPEG", quality=85, exif=exif.tobytes())


def build_profile(data_dir: Path, photos: int, unique: int) -> None:
    """`unique` photos ingested for real, the rest cloned from them with their own dates."""
    from backtracker.services import photos as photo_service
    from backtracker.storage.database import open_database
    from backtracker.storage.models import Photo, db
    from backtracker.storage.profile import prepare_profile

    profile = prepare_profile(data_dir)
    open_database(profile.database_path)
    thumbs = photo_service.thumbnails_dir(profile.data_dir)
    rng = random.Random(7)
    start = dt.datetime(2023, 1, 2, 7, 30)
    span_minutes = 3 * 365 * 24 * 60
    with tempfile.TemporaryDirectory(prefix="backtracker-bench-originals-") as folder:
        files = []
        for index in range(unique):
            taken = start + dt.timedelta(minutes=rng.randrange(span_minutes))
            path = Path(folder, f"IMG_{index:04d}.jpg")
            draw_photo(path, taken, rng)
            files.append(path)
        report = photo_service.ingest(files, profile.photos_dir, thumbs, pose="back", align=False)
    assert len(report.imported) == unique, report.refused
    poses = ("back", "back", "back", "front", "side")
    rows = []
    for index in range(photos - unique):
        source = report.imported[index % unique]
        sha = hashlib.sha256(f"clone-{index}".encode()).hexdigest()
        copy_name = f"{sha}{source.path.suffix}"
        _link(source.path, profile.photos_dir / copy_name)
        _link(thumbs / f"{source.sha256}.jpg", thumbs / f"{sha}.jpg")
        rows.append(
            {
                "sha256": sha,
                "file_name": copy_name,
                "original_name": f"IMG_{unique + index:04d}.jpg",
                "taken_at": start + dt.timedelta(minutes=rng.randrange(span_minutes)),
                "date_source": "exif",
                "pose": poses[index % len(poses)],
                "width": source.width,
                "height": source.height,
            }
        )
    with db.atomic():
        for chunk in range(0, len(rows), 200):
            Photo.insert_many(rows[chunk : chunk + 200]).execute()
    assert Photo.select().count() == photos
    set_alignments(aligned=True)


def set_alignments(*, aligned: bool) -> int:
    """Line every photo up with its pose's reference (identity, as stored by the automatic
    alignment), or clear every alignment. The number of photos changed."""
    from backtracker.domain.photos import Pose
    from backtracker.storage import photos as store
    from backtracker.storage.models import Photo, db

    changed = 0
    with db.atomic():
        for pose in Pose:
            reference = store.reference_photo_id(pose.value)
            if reference is None:
                continue
            values = (reference, 0.0, 0.0, 1.0, 0.0, 0.9, "image") if aligned else (None,) * 7
            columns = (
                Photo.aligned_to,
                Photo.aligned_dx,
                Photo.aligned_dy,
                Photo.aligned_scale,
                Photo.aligned_rotation_deg,
                Photo.aligned_confidence,
                Photo.aligned_method,
            )
            query = Photo.update(dict(zip(columns, values, strict=True)))
            changed += query.where(Photo.pose == pose.value).execute()
    return changed


def aligned_count() -> int:
    from backtracker.storage.models import Photo

    return Photo.select().where(Photo.aligned_to.is_null(False)).count()


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


# -- measuring -----------------------------------------------------------------------------
class PaintClock:
    """When a widget last finished painting: an event filter notes paint events, and the
    loop that processes events takes the time once the batch holding the paint is done."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        clock = self

        class Filter(QObject):
            def eventFilter(self, watched, event) -> bool:
                if event.type() == QEvent.Type.Paint:
                    clock.pending = True
                return False

        self.pending = False
        self.painted_at = 0.0
        self.paints = 0
        self._filter = Filter()
        widget.installEventFilter(self._filter)

    def settle(self) -> None:
        if self.pending:
            self.pending = False
            self.painted_at = time.perf_counter()
            self.paints += 1


def spin_until(app, done: Callable[[], bool], clock: PaintClock, timeout_s: float = 20.0) -> None:
    from PySide6.QtCore import QEventLoop

    deadline = time.perf_counter() + timeout_s
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the gallery did not finish its first screen")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        clock.settle()


def bare_listview_ms(app, count: int) -> float:
    from PySide6.QtCore import QStringListModel
    from PySide6.QtWidgets import QListView

    start = time.perf_counter()
    view = QListView()
    view.setModel(QStringListModel([f"Photo {n}" for n in range(count)]))
    view.resize(*WINDOW)
    clock = PaintClock(view.viewport())
    view.show()
    spin_until(app, lambda: clock.paints > 0, clock)
    elapsed = (clock.painted_at - start) * 1000
    view.close()
    view.deleteLater()
    app.processEvents()
    return elapsed


def visible_photo_ids(tab) -> list[int]:
    """The photos in the viewport; rows run top to bottom, so stop below its bottom edge."""
    from PySide6.QtCore import QPoint

    from backtracker.ui.photos.model import PhotoRole

    view = tab.view
    area = view.viewport().rect()
    model = view.model()
    first = view.indexAt(area.topLeft() + QPoint(view.spacing(), view.spacing()))
    ids = []
    for row in range(max(first.row(), 0), model.rowCount()):
        index = model.index(row, 0)
        rect = view.visualRect(index)
        if rect.top() > area.bottom():
            break
        info = index.data(PhotoRole)
        if info is not None and rect.intersects(area):
            ids.append(info.id)
    return ids


def gallery_first_screen_ms(app, make_tab) -> tuple[float, object]:
    start = time.perf_counter()
    tab = make_tab()
    tab.resize(*WINDOW)
    clock = PaintClock(tab.view.viewport())
    loaded_at = [0.0]
    tab.thumbnails.loaded.connect(lambda _id: loaded_at.__setitem__(0, time.perf_counter()))
    tab.show()

    def first_screen_done() -> bool:
        if clock.paints == 0:
            return False
        ids = visible_photo_ids(tab)
        cached = all(tab.thumbnails.cached(photo_id) is not None for photo_id in ids)
        return bool(ids) and cached and clock.painted_at > loaded_at[0]

    spin_until(app, first_screen_done, clock)
    return (clock.painted_at - start) * 1000, tab


class StallMeter:
    """A 5 ms timer; the longest gap between two ticks is the longest stall, and the most
    CPU time the GUI thread used between two ticks is the longest turn's own work."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0
        self.last_cpu = 0.0
        self.longest_cpu = 0.0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.last_cpu = time.thread_time()
        self.longest = self.longest_cpu = 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        cpu = time.thread_time()
        self.longest = max(self.longest, now - self.last)
        self.longest_cpu = max(self.longest_cpu, cpu - self.last_cpu)
        self.last = now
        self.last_cpu = cpu

    def stop(self) -> float:
        self.timer.stop()
        return self.longest * 1000


def run_for(app, seconds: float, until: Callable[[], bool] = lambda: False) -> None:
    """Run the event loop as `exec()` would: asleep until an event comes (the stall meter's
    5 ms timer wakes it at least that often). `processEvents(flags, 5)` would not do: that
    overload drops WaitForMoreEvents and returns at once when nothing is pending, so the
    loop spun a whole core, taking it from the thumbnail decoders on a two-core machine."""
    from PySide6.QtCore import QEventLoop

    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline and not until():
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)


def gallery_stall_ms(
    app, make_tab, before_close: Callable[[object], None] | None = None
) -> tuple[float, float, float]:
    """Longest gap from showing the tab, through loading and a scroll down and up; the
    longest turn's CPU time; seconds. `before_close(tab)` runs once the meter has stopped."""
    from PySide6.QtCore import QTimer

    meter = StallMeter()
    tab = make_tab()
    tab.resize(*WINDOW)
    tab.show()
    app.processEvents()  # the first layout and paint: counted by the first-screen figure
    began = time.perf_counter()
    meter.start()
    run_for(app, 0.5)  # thumbnails of the first screen load
    bar = tab.view.verticalScrollBar()
    direction = [1]
    scroller = QTimer()
    scroller.setInterval(SCROLL_EVERY_MS)

    def scroll() -> None:
        value = bar.value() + direction[0] * SCROLL_STEP_PX
        if value >= bar.maximum():
            direction[0] = -1
        bar.setValue(max(0, min(value, bar.maximum())))
        if direction[0] < 0 and bar.value() == 0:
            scroller.stop()

    scroller.timeout.connect(scroll)
    scroller.start()
    run_for(app, 60.0, until=lambda: not scroller.isActive())
    run_for(app, 0.5)  # the last screen's thumbnails arrive
    stall = meter.stop()
    seconds = time.perf_counter() - began
    if before_close is not None:
        before_close(tab)
    tab.close()
    tab.deleteLater()
    app.processEvents()
    return stall, meter.longest_cpu * 1000, seconds


def idle_stall_ms(app, seconds: float) -> tuple[float, float]:
    meter = StallMeter()
    meter.start()
    run_for(app, seconds)
    return meter.stop(), meter.longest_cpu * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=2000)
    parser.add_argument("--unique", type=int, default=150, help="photos ingested for real")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--stall-runs", type=int, default=5, help="load-and-scroll runs (median and spread)"
    )
    parser.add_argument(
        "--aligning-runs",
        type=int,
        default=3,
        help="load-and-scroll runs while the background alignment runs (0: none)",
    )
    parser.add_argument("--screenshot", type=Path, help="save the first screen as PNG here")
    args = parser.parse_args()

    from PySide6.QtGui import QUndoStack

    from backtracker.services.preferences import Preferences
    from backtracker.storage.database import close_database, open_database
    from backtracker.storage.profile import Profile
    from backtracker.ui.application import create_application
    from backtracker.ui.events import DataEvents
    from backtracker.ui.theme import ThemeMode, install_theme

    with tempfile.TemporaryDirectory(prefix="backtracker-bench-") as tmp:
        app = create_application(sys.argv[:1])
        install_theme(app, ThemeMode.LIGHT)
        built = time.perf_counter()
        data_dir = Path(tmp) / "profile"
        build_profile(data_dir, args.photos, min(args.unique, args.photos))
        close_database()
        profile = Profile(data_dir)
        open_database(profile.database_path)  # a fresh connection, as after start-up
        setup_s = time.perf_counter() - built

        def make_tab():
            from backtracker.ui.photos import build_photos_tab

            return build_photos_tab(
                DataEvents(), profile, Preferences, QUndoStack(), lambda *a, **k: None
            )

        def settle(tab) -> None:
            tab.thumbnails.wait_idle()
            tab.close()
            tab.deleteLater()
            for _ in range(3):
                app.processEvents()

        cold_ms, tab = gallery_first_screen_ms(app, make_tab)  # imports the tab's modules
        if args.screenshot:
            tab.grab().save(str(args.screenshot))
        visible = len(visible_photo_ids(tab))
        settle(tab)
        gallery_runs, bare_runs = [], []
        for _ in range(args.runs):
            bare_runs.append(bare_listview_ms(app, args.photos))
            elapsed, tab = gallery_first_screen_ms(app, make_tab)
            gallery_runs.append(elapsed)
            settle(tab)
        gallery_ms = statistics.median(gallery_runs)
        bare_ms = statistics.median(bare_runs)

        stalls, idles, turns, idle_turns, seconds = [], [], [], [], 0.0
        for _ in range(max(1, args.stall_runs)):
            stall, turn, seconds = gallery_stall_ms(app, make_tab)
            stalls.append(stall)
            turns.append(turn)
            idle, idle_turn = idle_stall_ms(app, seconds)
            idles.append(idle)
            idle_turns.append(idle_turn)

        def stop_catch_up(tab) -> None:
            tab.catch_up.cancel()  # it stops after the photo it is aligning
            run_for(app, 30.0, until=lambda: not tab.catch_up.running)

        aligning, aligned_during = [], []
        for _ in range(max(0, args.aligning_runs)):
            set_alignments(aligned=False)
            stall, _turn, _seconds = gallery_stall_ms(app, make_tab, stop_catch_up)
            aligning.append(stall)
            aligned_during.append(aligned_count())
        set_alignments(aligned=True)
        stall_ms = statistics.median(stalls)
        idle_ms = statistics.median(idles)
        turn_ms = statistics.median(turns)
        idle_turn_ms = statistics.median(idle_turns)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")

        print(
            f"# {args.photos:,} photos ({min(args.unique, args.photos)} ingested, the rest "
            f"cloned; profile built in {setup_s:.1f} s); warm thumbnail cache on disk, empty "
            f"pixmap cache each run; {visible} thumbnails on the first screen at "
            f"{WINDOW[0]}×{WINDOW[1]}; first run with imports {cold_ms:.0f} ms"
        )
        print(
            f"# goals: first screen under {FIRST_SCREEN_GOAL_MS:.0f} ms, no stall over "
            f"{STALL_GOAL_MS:.0f} ms; stall measured over {seconds:.1f} s of loading and "
            f"scrolling ({SCROLL_STEP_PX} px every {SCROLL_EVERY_MS} ms, down and up), "
            f"{len(stalls)} runs: {', '.join(f'{ms:.1f}' for ms in stalls)} ms; load average "
            f"{load:.2f} on {os.cpu_count()} cores at the end"
        )
        print(
            f"gallery-first-screen: {gallery_ms:.1f} ms "
            f"(ratio {gallery_ms / bare_ms:.2f} x bare-listview-show)"
        )
        print(f"bare-listview-show: {bare_ms:.1f} ms")
        ratio = stall_ms / idle_ms
        print(
            f"gallery-max-stall: {stall_ms:.1f} ms median, {min(stalls):.1f}–{max(stalls):.1f} "
            f"(ratio {ratio:.2f} x idle-timer-gap)"
        )
        print(f"idle-timer-gap: {idle_ms:.1f} ms median, {min(idles):.1f}–{max(idles):.1f}")
        print(
            f"gallery-max-turn-cpu: {turn_ms:.1f} ms median, {min(turns):.1f}–{max(turns):.1f} "
            f"(ratio {turn_ms / max(idle_turn_ms, 0.01):.2f} x idle-turn-cpu)"
        )
        print(
            f"idle-turn-cpu: {idle_turn_ms:.2f} ms median, "
            f"{min(idle_turns):.2f}–{max(idle_turns):.2f}"
        )
        if aligning:
            print(
                f"gallery-max-stall-aligning: {statistics.median(aligning):.1f} ms median, "
                f"{min(aligning):.1f}–{max(aligning):.1f} "
                f"(ratio {statistics.median(aligning) / idle_ms:.2f} x idle-timer-gap); "
                f"runs {', '.join(f'{ms:.1f}' for ms in aligning)} ms; photos lined up "
                f"during each: {', '.join(str(n) for n in aligned_during)}"
            )
        print(f"# load average at the end {os.getloadavg()[0]:.2f}")
        close_database()


if __name__ == "__main__":
    main()
