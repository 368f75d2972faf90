"""Photo ingest of 12-megapixel JPEGs against Pillow's draft decode plus thumbnail.

Generates 4000×3000 JPEGs with noisy content (so they compress like camera photos, about
5 MB each) and EXIF with a capture date, GPS, camera make and model and an orientation
tag, then times `services.photos.ingest` of one photo into a fresh profile (hash, duplicate
check, metadata stripping, the managed copy written and synced, the thumbnail and the
database row; not the automatic alignment that an import runs afterwards, a step of its own
measured apart) against the baseline on the same file: `Image.open`, `draft('RGB',
(640, 640))`, `thumbnail((320, 320))`. Runs alternate between the two; printed are the
median time and the median of the ratios to the baseline run just before each ingest.

Two kinds in the same run, each against its own baseline: upright photos (orientation 1)
and photos that must be turned (orientation 6, as phones write portrait shots). Both keep
their compressed image data byte for byte (only the metadata segments are rewritten, the
Orientation tag kept and applied when shown); the benchmark checks that on one file of
each kind before printing. The target is a ratio of 1.5 or less for both.

    python benchmarks/photo_ingest.py [--photos N] [--rotated N] [--runs N]

Output (2 cores shared with other work; before lossless ingest the rotated line read
225.4 ms, ratio 3.61):
    pillow-draft-thumbnail: 62.4 ms (ratio 1.00 x pillow-draft-thumbnail)
    photo-ingest: 76.4 ms (ratio 1.19 x pillow-draft-thumbnail)
    photo-ingest-rotated: 85.1 ms (ratio 1.23 x pillow-draft-thumbnail)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `backtracker` importable from the tree
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image

WIDTH, HEIGHT = 4000, 3000
BASELINE = "pillow-draft-thumbnail"


def make_photo(path: Path, *, orientation: int, seed: int) -> None:
    """A 12 MP JPEG that compresses like a photo, with the EXIF a phone writes."""
    noise = Image.effect_noise((WIDTH, HEIGHT), 20 + seed % 7)
    gradient = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    mirrored = gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    channels = (
        Image.blend(gradient, noise, 0.5),
        Image.blend(mirrored, noise, 0.4),
        Image.blend(gradient.transpose(Image.Transpose.ROTATE_180), noise, 0.3),
    )
    exif = Image.Exif()
    exif[0x010F] = "Acme"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x0131] = "Camera 4.2"  # Software
    exif[0x0112] = orientation
    exif[0x8769] = {0x9003: f"2024:05:{1 + seed % 28:02d} 07:30:00"}  # DateTimeOriginal
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 1.0)}  # GPS
    Image.merge("RGB", channels).save(path, "JPEG", quality=90, exif=exif.tobytes())


def baseline(path: Path) -> float:
    start = time.perf_counter()
    with Image.open(path) as image:
        image.draft("RGB", (640, 640))
        image.thumbnail((320, 320))
    return time.perf_counter() - start


def measure(files: list[Path], runs: int, work: Path) -> tuple[list[float], list[float]]:
    """(ingest timings, baseline timings), one of each per file and run."""
    from backtracker.services.photos import ingest
    from backtracker.storage.database import close_database, open_database
    from backtracker.storage.profile import prepare_profile

    ingested: list[float] = []
    base: list[float] = []
    for run in range(runs):
        profile = prepare_profile(work / f"profile-{run}")
        open_database(profile.database_path)
        thumbs = profile.data_dir / "thumbnails"
        try:
            for path in files:
                base.append(baseline(path))
                start = time.perf_counter()
                report = ingest([path], profile.photos_dir, thumbs, align=False)
                ingested.append(time.perf_counter() - start)
                if len(report.imported) != 1:
                    raise RuntimeError(f"{path} was not imported: {report}")
                if run == 0 and path == files[0]:
                    check_lossless(path, report.imported[0].path)
        finally:
            close_database()
    return ingested, base


def check_lossless(original: Path, copy: Path) -> None:
    """The copy's image data (from the first scan to the end of the image) is the original's,
    and none of the original's device or location data is left."""
    source, kept = original.read_bytes(), copy.read_bytes()
    start = source.index(b"\xff\xda")
    scans = source[start : source.rindex(b"\xff\xd9") + 2]
    if not kept.endswith(scans):
        raise RuntimeError(f"{original.name}: the image data was not kept as it was")
    if b"Acme" in kept or b"Phone 12" in kept:
        raise RuntimeError(f"{original.name}: device data survived")


def line(name: str, timings: list[float], base: list[float]) -> str:
    """Median time, and the median of each ingest's ratio to the baseline run just before it
    on the same file (which cancels most of the drift when other work shares the machine)."""
    ratio = statistics.median(t / b for t, b in zip(timings, base, strict=True))
    return f"{name}: {statistics.median(timings) * 1000:.1f} ms (ratio {ratio:.2f} x {BASELINE})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=8, help="upright 12 MP photos")
    parser.add_argument("--rotated", type=int, default=8, help="photos with orientation 6")
    parser.add_argument("--runs", type=int, default=3, help="fresh profiles per kind")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="backtracker-bench-photos-") as folder:
        work = Path(folder)
        (work / "in").mkdir()
        upright = [work / "in" / f"upright-{n}.jpg" for n in range(args.photos)]
        rotated = [work / "in" / f"rotated-{n}.jpg" for n in range(args.rotated)]
        for n, path in enumerate(upright):
            make_photo(path, orientation=1, seed=n)
        for n, path in enumerate(rotated):
            make_photo(path, orientation=6, seed=100 + n)
        for path in upright + rotated:  # warm the page cache and the decoders
            baseline(path)

        ingested, base = measure(upright, args.runs, work / "upright")
        turned, turned_base = measure(rotated, args.runs, work / "rotated")

    print(line(BASELINE, base, base))
    print(line("photo-ingest", ingested, base))
    if turned:
        print(line("photo-ingest-rotated", turned, turned_base))


if __name__ == "__main__":
    main()
