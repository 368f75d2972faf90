"""A timelapse of one pose: its photos over a date range, oldest first, each carried into
the reference photo's frame by its stored registration, dated, written as an animated WebP
or GIF (or MP4 when the optional PyAV package is installed). No Qt.

Frames. The output frame has the reference photo's aspect (the photo the pose's photos are
registered to; see domain/photo_align.py) and is at most `max_height` pixels high, with a
caption band under the picture. A photo whose registration is missing, points at another
reference, or has a confidence below `LOW_CONFIDENCE` is not warped: it is fitted whole into
the frame, centred, and counted in `unaligned` so the caller can say so.

Memory. Each photo is decoded reduced (JPEG draft, then a resize) to about the size it has in
the output, never at full size. The encoders need every output frame at once: about
width × height × 3 bytes each for WebP and MP4, a third of that for GIF's palette frames.

Privacy. Frames are new images made here: no EXIF, XMP or ICC profile is ever written, like
every export.
"""

from __future__ import annotations

import bisect
import datetime as dt
import importlib.util
import io
import logging
import math
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from backtracker.domain.dates import format_date
from backtracker.domain.errors import UserError, os_reason
from backtracker.domain.photo_align import LOW_CONFIDENCE, Similarity, pil_coefficients
from backtracker.domain.photos import PhotoInfo, Pose
from backtracker.domain.strength import Formula
from backtracker.domain.units import Unit, format_number, from_kg
from backtracker.services import photo_files, photos
from backtracker.services.photo_files import DECODE_ERRORS
from backtracker.storage import body as body_store
from backtracker.storage import progress as progress_store
from backtracker.storage.photo_landmarks import RegistrationRow, registrations

log = logging.getLogger(__name__)

FORMATS = {".webp": "WebP", ".gif": "GIF", ".mp4": "MP4"}
DEFAULT_FRAME_MS = 600
MIN_FRAME_MS = 20  # browsers show shorter GIF frames as 100 ms
MAX_FRAME_MS = 10_000
LAST_FRAME_HOLD = 3  # the last frame stays this many frame times
DEFAULT_MAX_HEIGHT = 1080
MIN_HEIGHT, MAX_HEIGHT = 120, 2160
WEBP_QUALITY = 80  # lossy WebP; visually clean for photos at a fraction of lossless size
GIF_COLOURS = 256  # an adaptive palette per frame
MP4_CRF = 23  # x264's default quality
BODYWEIGHT_DAYS = 14  # an entry this many days before a photo still counts for it
BACKGROUND = (24, 24, 24)
CAPTION_COLOUR = (235, 235, 235)
DETAIL_COLOUR = (190, 190, 190)


@dataclass(frozen=True)
class TimelapseOptions:
    pose: str = Pose.BACK.value
    start: dt.date | None = None  # inclusive; None: from the first photo
    end: dt.date | None = None  # inclusive; None: to the last photo
    frame_ms: int = DEFAULT_FRAME_MS
    max_height: int = DEFAULT_MAX_HEIGHT  # of the picture, without the caption band
    e1rm_exercise: str | None = None  # an exercise name or alias: its best e1RM so far
    bodyweight: bool = False  # the bodyweight on the day (the latest within 14 days)
    formula: str = Formula.EPLEY.value
    unit: str = Unit.KG.value


@dataclass(frozen=True)
class Frame:
    photo: PhotoInfo
    similarity: Similarity | None  # photo → reference; None: fitted whole, not aligned
    caption: str  # the date
    details: str  # e.g. "Lat Pulldown e1RM 62.5 kg · Bodyweight 78.4 kg", or ""


@dataclass(frozen=True)
class TimelapsePlan:
    """Which photos, in which frame, with which captions: everything read from the database,
    so frames can be rendered on any thread."""

    frames: list[Frame]
    reference_size: tuple[int, int]  # the frame's aspect comes from this (width, height)
    frame_ms: int
    max_height: int
    exercise: str | None  # the exercise's name when its e1RM is in the captions

    @property
    def unaligned(self) -> int:
        return sum(frame.similarity is None for frame in self.frames)

    @property
    def last_frame_ms(self) -> int:
        return self.frame_ms * LAST_FRAME_HOLD

    def durations(self) -> list[int]:
        return [self.frame_ms] * (len(self.frames) - 1) + [self.last_frame_ms]

    def size(self, max_height: int | None = None) -> tuple[int, int]:
        """(width, picture height) of the output frame, both even (video needs that)."""
        rw, rh = self.reference_size
        height = min(max_height or self.max_height, rh)
        height = max(2, height - height % 2)
        width = max(2, round(height * rw / rh / 2) * 2)
        return width, height


@dataclass(frozen=True)
class TimelapseResult:
    path: Path
    format: str
    frames: int
    unaligned: int
    size: tuple[int, int]  # of each frame, caption band included
    bytes: int
    seconds: float
    notes: list[str] = field(default_factory=list)


# --- what goes in ---------------------------------------------------------------------------


def validate_frame_ms(frame_ms: int) -> int:
    if not MIN_FRAME_MS <= frame_ms <= MAX_FRAME_MS:
        raise UserError(
            f"The frame time must be from {MIN_FRAME_MS} to {MAX_FRAME_MS:,} ms, not {frame_ms:,}."
        )
    return frame_ms


def mp4_available() -> bool:
    """Whether the optional PyAV package (FFmpeg's encoders) is installed."""
    return importlib.util.find_spec("av") is not None


def output_format(target: Path) -> str:
    """The format the file name asks for ("WebP", "GIF" or "MP4"); UserError otherwise."""
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        shown = f"“{suffix}”" if suffix else "no extension"
        raise UserError(
            f"A timelapse is saved as .webp or .gif (or .mp4 with PyAV installed), "
            f"not {shown}: {target.name}"
        )
    if suffix == ".mp4" and not mp4_available():
        raise UserError(
            "MP4 needs the optional PyAV package (pip install av), which is not installed. "
            "Save as .webp or .gif instead."
        )
    return FORMATS[suffix]


def plan_timelapse(options: TimelapseOptions) -> TimelapsePlan:
    """The frames for these options. UserError for a bad pose, range, frame time or height,
    an unknown exercise, or no photos in the range; then nothing is read further."""
    try:
        pose = Pose(options.pose).value
    except ValueError:
        raise UserError(
            f"There is no pose “{options.pose}”; choose back, front, side or other."
        ) from None
    if options.start and options.end and options.start > options.end:
        raise UserError(
            f"The range starts on {format_date(options.start)}, after it ends on "
            f"{format_date(options.end)}."
        )
    validate_frame_ms(options.frame_ms)
    if not MIN_HEIGHT <= options.max_height <= MAX_HEIGHT:
        raise UserError(
            f"The height must be from {MIN_HEIGHT} to {MAX_HEIGHT} pixels, "
            f"not {options.max_height}."
        )
    unit = Unit(options.unit)
    best_by_day = exercise = None
    if options.e1rm_exercise is not None:
        exercise, best_by_day = _best_e1rm_so_far(options.e1rm_exercise, options.formula)
    chosen = [
        info
        for info in photos.list_photos(pose=pose)
        if (options.start is None or info.taken_at.date() >= options.start)
        and (options.end is None or info.taken_at.date() <= options.end)
    ]
    if not chosen:
        raise UserError(f"No {Pose(pose).label.lower()} photos {_range_text(options)}.")
    registered = registrations(info.id for info in chosen)
    reference_id, reference_size = _reference(chosen, registered)
    weights = _bodyweights() if options.bodyweight else None
    frames = []
    for info in chosen:
        day = info.taken_at.date()
        parts = []
        if best_by_day is not None:
            parts.append(f"{exercise} e1RM {_weight_text(best_by_day(day), unit)}")
        if weights is not None:
            parts.append(f"Bodyweight {_weight_text(weights(day), unit)}")
        frames.append(
            Frame(
                info,
                _similarity(info, registered.get(info.id), reference_id),
                format_date(day),
                "  ·  ".join(parts),
            )
        )
    return TimelapsePlan(frames, reference_size, options.frame_ms, options.max_height, exercise)


def _range_text(options: TimelapseOptions) -> str:
    if options.start and options.end:
        return f"from {format_date(options.start)} to {format_date(options.end)}"
    if options.start:
        return f"from {format_date(options.start)} on"
    if options.end:
        return f"up to {format_date(options.end)}"
    return "yet"


def _reference(
    chosen: list[PhotoInfo], registered: dict[int, RegistrationRow]
) -> tuple[int | None, tuple[int, int]]:
    """The reference most of the photos are registered to, and its size; without one, the
    first photo's size (every frame is then fitted)."""
    votes = Counter(r.reference_id for r in registered.values() if r.confidence >= LOW_CONFIDENCE)
    for reference_id, _ in votes.most_common():
        try:
            reference = photos.get_photo(reference_id)
        except UserError:
            continue  # the reference was deleted: those registrations lead nowhere
        if reference.width > 0 and reference.height > 0:
            return reference_id, (reference.width, reference.height)
    first = chosen[0]
    return None, (max(first.width, 1), max(first.height, 1))


def _similarity(
    info: PhotoInfo, registration: RegistrationRow | None, reference_id: int | None
) -> Similarity | None:
    if info.id == reference_id:
        return Similarity()
    if (
        registration is None
        or registration.reference_id != reference_id
        or registration.confidence < LOW_CONFIDENCE
    ):
        return None
    try:
        return Similarity(
            registration.dx, registration.dy, registration.scale, registration.rotation_deg
        )
    except ValueError:
        log.warning("Photo %s has an unusable registration; shown unaligned", info.id)
        return None


def _best_e1rm_so_far(name: str, formula: str) -> tuple[str, Callable[[dt.date], float | None]]:
    from backtracker.services.progress import UnknownExerciseError, close_names

    found = progress_store.find_exercise(name)
    if found is None:
        raise UnknownExerciseError(name.strip(), close_names(name))
    exercise_id, exercise = found
    days: list[dt.date] = []
    bests: list[float] = []
    for day in progress_store.exercise_days(exercise_id, formula=Formula(formula)):
        if day.best_e1rm_kg is None:
            continue
        days.append(day.day)
        bests.append(max(day.best_e1rm_kg, bests[-1] if bests else 0.0))

    def best_by(day: dt.date) -> float | None:
        index = bisect.bisect_right(days, day)
        return bests[index - 1] if index else None

    return exercise, best_by


def _bodyweights() -> Callable[[dt.date], float | None]:
    entries = sorted(body_store.bodyweights())
    days = [day for day, _ in entries]

    def on(day: dt.date) -> float | None:
        index = bisect.bisect_right(days, day)
        if not index or (day - days[index - 1]).days > BODYWEIGHT_DAYS:
            return None
        return entries[index - 1][1]

    return on


def _weight_text(kg: float | None, unit: Unit) -> str:
    return "—" if kg is None else f"{format_number(from_kg(kg, unit), 1)} {unit.value}"


# --- frames ---------------------------------------------------------------------------------


def caption_band(picture_height: int, two_lines: bool) -> int:
    """The height of the caption band under a picture this high."""
    return max(28, round(picture_height * (0.12 if two_lines else 0.08)))


def render_frame(plan: TimelapsePlan, frame: Frame, max_height: int | None = None) -> Image.Image:
    """One RGB frame: the photo carried into the reference's frame, the caption under it."""
    width, height = plan.size(max_height)
    two_lines = any(f.details for f in plan.frames)
    band = caption_band(height, two_lines)
    canvas = Image.new("RGB", (width, height + band + (height + band) % 2), BACKGROUND)
    canvas.paste(_picture(frame, (width, height)), (0, 0))
    draw = ImageDraw.Draw(canvas)
    lines = [
        (frame.caption, CAPTION_COLOUR, 0.36, 0.34),
        (frame.details, DETAIL_COLOUR, 0.26, 0.74),
    ]
    if not two_lines:
        lines = [(frame.caption, CAPTION_COLOUR, 0.5, 0.5)]
    for text, colour, size, middle in lines:
        font = _fitting_font(draw, text, round(band * size), width * 0.94)
        draw.text((width / 2, height + band * middle), text, colour, font, "mm")
    return canvas


def _fitting_font(
    draw: ImageDraw.ImageDraw, text: str, size: int, width: float
) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's own font at `size`, smaller when the text would not fit in `width`."""
    size = max(8, size)
    font = ImageFont.load_default(size=size)
    length = draw.textlength(text, font=font)
    if length > width:
        font = ImageFont.load_default(size=max(8, math.floor(size * width / length)))
    return font


def _picture(frame: Frame, size: tuple[int, int]) -> Image.Image:
    """The photo in the output's picture area: warped by its registration, or fitted."""
    width, height = size
    info = frame.photo
    similarity = frame.similarity
    if similarity is None:  # fitted whole and centred: a pure scale in height units
        fit = min(width / info.width, height / info.height)
        similarity = Similarity(0.0, 0.0, fit * info.height / height, 0.0)
    # The photo's height in output pixels: decode no larger than that (at least 1:1).
    shown_height = max(1, math.ceil(height * similarity.scale))
    shown = (max(1, round(info.width * shown_height / info.height)), shown_height)
    try:
        photo = _open_reduced(info.path, shown)
    except FileNotFoundError as error:
        raise UserError(f"The photo file {info.path} is missing.") from error
    except (UnidentifiedImageError, *DECODE_ERRORS) as error:
        raise UserError(f"The photo file {info.path} cannot be read: {error}") from error
    coefficients = pil_coefficients(similarity, photo.size, size)
    return photo.transform(
        size,
        Image.Transform.AFFINE,
        coefficients,
        resample=Image.Resampling.BICUBIC,
        fillcolor=BACKGROUND,
    )


def _open_reduced(path: Path, size: tuple[int, int]) -> Image.Image:
    """A managed photo upright, as RGB, decoded reduced and resized to at most about `size`
    (its aspect kept); never larger than the file."""
    upright = photo_files.for_jpeg(photo_files.open_upright(path, at_least=size)).convert("RGB")
    if upright.height > size[1]:
        target = (max(1, round(upright.width * size[1] / upright.height)), size[1])
        upright = upright.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    upright.info = {}
    return upright


def render_frames(
    plan: TimelapsePlan,
    max_height: int | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[Image.Image]:
    """Every frame in order; stops early when `cancelled()` says so."""
    for done, frame in enumerate(plan.frames, start=1):
        if cancelled is not None and cancelled():
            return
        yield render_frame(plan, frame, max_height)
        if progress is not None:
            progress(done, len(plan.frames))


# --- writing --------------------------------------------------------------------------------


class TimelapseCancelledError(UserError):
    def __init__(self) -> None:
        super().__init__("The timelapse was cancelled; nothing was saved.")


def write_timelapse(
    plan: TimelapsePlan,
    target: Path,
    *,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> TimelapseResult:
    """Render every frame and write the file atomically (a failure leaves no partial file).
    UserError for a format that can't be written, a folder that isn't there, a cancel."""
    kind = output_format(target)
    folder = target.absolute().parent
    if not folder.is_dir():
        raise UserError(f"Could not save {target}: the folder {folder} does not exist.")
    began = time.perf_counter()
    frames = list(render_frames(plan, cancelled=cancelled, progress=progress))
    if len(frames) < len(plan.frames):
        raise TimelapseCancelledError()
    durations = plan.durations()
    if kind == "WebP":
        data = _webp(frames, durations)
    elif kind == "GIF":
        data = _gif(frames, durations)
    else:
        data = _mp4(frames, durations)
    try:
        photo_files.write_atomically(target, data, durable=True)
    except OSError as error:
        raise UserError(f"Could not save {target}: {os_reason(error)}.") from error
    return TimelapseResult(
        path=target,
        format=kind,
        frames=len(frames),
        unaligned=plan.unaligned,
        size=frames[0].size,
        bytes=len(data),
        seconds=time.perf_counter() - began,
    )


def _webp(frames: list[Image.Image], durations: list[int]) -> bytes:
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        "WEBP",
        save_all=True,
        append_images=frames[1:],
        duration=durations,
        loop=0,
        quality=WEBP_QUALITY,
        method=4,
    )
    return buffer.getvalue()


def _gif(frames: list[Image.Image], durations: list[int]) -> bytes:
    paletted = [
        frame.quantize(
            GIF_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.FLOYDSTEINBERG
        )
        for frame in frames
    ]
    buffer = io.BytesIO()
    paletted[0].save(
        buffer,
        "GIF",
        save_all=True,
        append_images=paletted[1:],
        duration=durations,
        loop=0,
        disposal=1,
        optimize=False,
    )
    return buffer.getvalue()


def _mp4(frames: list[Image.Image], durations: list[int]) -> bytes:
    """H.264 through PyAV (optional), with each frame's own duration (1 ms time base)."""
    import av  # optional: output_format() has checked it is there

    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=Fraction(1000, DEFAULT_FRAME_MS))
        stream.width, stream.height = frames[0].size
        stream.pix_fmt = "yuv420p"
        stream.time_base = Fraction(1, 1000)
        stream.codec_context.time_base = Fraction(1, 1000)
        stream.options = {"crf": str(MP4_CRF)}
        pts = 0
        # The last frame is sent again at its end, so players hold it for its whole time.
        for image, duration in [*zip(frames, durations, strict=True), (frames[-1], 0)]:
            picture = av.VideoFrame.from_image(image)
            picture.pts = pts
            picture.time_base = Fraction(1, 1000)
            for packet in stream.encode(picture):
                container.mux(packet)
            pts += duration
        for packet in stream.encode():
            container.mux(packet)
    return buffer.getvalue()
