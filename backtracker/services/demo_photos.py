"""Progress pictures for the demo profile: a drawn figure seen from behind, a little broader
in the shoulders and narrower at the waist in each one, spread over the demo year.

They go through `photos.ingest` like any photo, as JPEGs with a capture date in their EXIF,
so the gallery, the compare mode and the thumbnails all have something real to show.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

from backtracker.domain.photos import format_exif_datetime
from backtracker.services.photos import IngestReport, ingest

SIZE = (600, 800)
SPAN_DAYS = 330  # from a few weeks into the demo year, so compare mode has lifts on both ends
WALL = (214, 208, 198)
FLOOR = (150, 136, 120)
SKIN = (222, 178, 146)
SHADE = (178, 130, 100)
HAIR = (70, 52, 40)
SHORTS = (48, 62, 96)


def add_demo_photos(
    photos_dir: Path, thumbs_dir: Path, *, today: dt.date, count: int = 24, seed: int = 7
) -> IngestReport:
    """Draw `count` back-view pictures from a year ago to today and import them (pose back)."""
    rng = random.Random(seed)
    first = today - dt.timedelta(days=SPAN_DAYS)
    with tempfile.TemporaryDirectory(prefix="backtracker-demo-photos-") as folder:
        files = []
        for index in range(count):
            progress = index / max(1, count - 1)
            day = first + dt.timedelta(days=round(progress * SPAN_DAYS))
            taken = dt.datetime.combine(day, dt.time(7, rng.randrange(0, 50), rng.randrange(60)))
            path = Path(folder, f"back-{day.isoformat()}.jpg")
            _save(_draw_figure(progress, rng), path, taken)
            files.append(path)
        # Not lined up here: 24 photos take seconds, and the demo opens the app at once.
        return ingest(files, photos_dir, thumbs_dir, pose="back", align=False)


def _save(image: Image.Image, path: Path, taken: dt.datetime) -> None:
    exif = Image.Exif()
    exif[0x8769] = {0x9003: format_exif_datetime(taken)}  # DateTimeOriginal
    image.save(path, "JPEG", quality=88, exif=exif.tobytes())


def _draw_figure(progress: float, rng: random.Random) -> Image.Image:
    """The figure at `progress` (0 = a year ago, 1 = today), with a little camera wobble."""
    width, height = SIZE
    image = Image.new("RGB", SIZE, WALL)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, int(height * 0.86), width, height), fill=FLOOR)
    cx = width / 2 + rng.uniform(-14, 14)
    top = 90 + rng.uniform(-10, 10)
    zoom = rng.uniform(0.96, 1.04)

    def at(x: float, y: float) -> tuple[float, float]:
        return cx + x * zoom, top + y * zoom

    shoulders = 118 + 34 * progress  # half widths, px
    lats = 104 + 30 * progress
    waist = 86 - 12 * progress
    # Arms hang beside the torso, under the deltoids.
    for side in (-1, 1):
        arm = [
            at(side * (shoulders - 6), 150),
            at(side * (shoulders + 26), 170),
            at(side * (lats + 36), 330),
            at(side * (waist + 44), 470),
            at(side * (waist + 22), 470),
            at(side * (lats + 6), 330),
        ]
        draw.polygon(arm, fill=SKIN, outline=SHADE)
    neck = [at(-24, 70), at(24, 70), at(30, 130), at(-30, 130)]
    draw.polygon(neck, fill=SKIN)
    torso = [
        at(-30, 118),
        at(-shoulders, 150),
        at(-shoulders - 4, 200),
        at(-lats, 280),
        at(-waist, 430),
        at(-waist - 6, 480),
        at(waist + 6, 480),
        at(waist, 430),
        at(lats, 280),
        at(shoulders + 4, 200),
        at(shoulders, 150),
        at(30, 118),
    ]
    draw.polygon(torso, fill=SKIN, outline=SHADE)
    # Spine, shoulder blades and the lats' edge get more defined over the year.
    line = round(2 + 3 * progress)
    draw.line([at(0, 135), at(0, 470)], fill=SHADE, width=line)
    for side in (-1, 1):
        blade = [at(side * 22, 190), at(side * (shoulders - 40), 205), at(side * 40, 290)]
        draw.line(blade, fill=SHADE, width=line)
        draw.line(
            [at(side * lats * 0.9, 260), at(side * (waist + 10), 410)], fill=SHADE, width=line
        )
    head = (*at(-44, -20), *at(44, 86))
    draw.ellipse(head, fill=HAIR)
    draw.rectangle((*at(-waist - 10, 470), *at(waist + 10, 560)), fill=SHORTS)
    for left, right in ((-waist + 4, -8), (8, waist - 4)):
        draw.rectangle((*at(left, 560), *at(right, 720)), fill=SKIN, outline=SHADE)
    return image
