"""Thumbnails for the gallery: decoded off the GUI thread, kept in a small LRU of pixmaps.

The delegate asks for a photo's pixmap while painting. A miss queues a request and paints a
placeholder. Requests run newest first (what is on screen now), a few at a time, and old
ones are dropped when the person scrolls past quickly (and any the view no longer shows
when a worker frees up), so fast scrolling never builds a backlog. A worker finds the
cached thumbnail file (`photos.thumbnail_path`, which makes it when missing) and decodes it
as a `QImage` already scaled to the cell; the GUI thread only wraps it in a `QPixmap`.
The decoders run at a lower CPU priority than the GUI thread (`background.py`).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QSize,
    Qt,
    QThread,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QImage, QImageIOHandler, QImageReader, QPixmap

from backtracker.domain.errors import UserError, os_reason
from backtracker.domain.photos import PhotoInfo
from backtracker.services import photo_vault, photos
from backtracker.ui.photos.background import DECODER_NICE, lowered
from backtracker.ui.tasks import run_task

log = logging.getLogger(__name__)

MAX_PENDING = 96  # requests beyond this (scrolled past long ago) are dropped
CACHE_BYTES = 96 * 1024 * 1024


def decode_scaled(path: Path, box: QSize) -> QImage:
    """Decode an image file as a QImage that fits in `box`, in a ready-to-paint format.

    A managed JPEG may keep an EXIF Orientation tag (see services.photo_files): the reader
    applies it (auto-transform) after decoding, so the size it reports and the scaled size
    it takes are the stored ones, and a quarter turn swaps the box for them.
    Raises UserError when the file cannot be read. Safe to call from a worker thread.
    """
    try:
        data = photo_vault.read(path)  # unsealed in memory when the vault is on
    except FileNotFoundError:
        raise UserError(f"The image {path.name} is missing.") from None
    except OSError as error:
        raise UserError(f"The image {path.name} cannot be read: {os_reason(error)}.") from None
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    size = reader.size()
    if reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90:
        box = box.transposed()
    if size.isValid() and (size.width() > box.width() or size.height() > box.height()):
        reader.setScaledSize(size.scaled(box, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        raise UserError(f"The image {path.name} cannot be read: {reader.errorString()}.")
    target = (
        QImage.Format.Format_ARGB32_Premultiplied
        if image.hasAlphaChannel()
        else QImage.Format.Format_RGB32
    )
    return image if image.format() == target else image.convertToFormat(target)


def load_thumbnail(info: PhotoInfo, thumbs_dir: Path, box: QSize) -> QImage | None:
    """The worker's part: the thumbnail file, decoded and scaled; None when it is broken."""
    try:
        return decode_scaled(photos.thumbnail_path(info, thumbs_dir), box)
    except (UserError, OSError) as error:
        log.warning("No thumbnail for photo %s (%s): %s", info.id, info.original_name, error)
        return None


# The loader's own pool runs only this: its threads give way to the GUI thread (background.py).
_load_lowered = lowered(load_thumbnail, DECODER_NICE)


class ThumbnailLoader(QObject):
    """Pixmaps of thumbnails by photo id, loaded on demand in the background."""

    loaded = Signal(int)  # photo id: its pixmap (or its failure) is now known

    def __init__(
        self,
        thumbs_dir: Path,
        box: QSize,
        device_pixel_ratio: float = 1.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.thumbs_dir = thumbs_dir
        self._box = box
        self._ratio = device_pixel_ratio
        self._pool = QThreadPool(self)
        self._workers = max(2, min(4, QThread.idealThreadCount() - 1))
        # While the grid scrolls, a core is left for the GUI thread (see set_scrolling).
        self._scrolling_workers = min(self._workers, max(1, QThread.idealThreadCount() - 1))
        self._pool.setMaxThreadCount(self._workers)
        self._max_in_flight = self._workers + 2
        self._cache: OrderedDict[int, QPixmap] = OrderedDict()
        self._cache_bytes = 0
        self._failed: set[int] = set()
        self._pending: OrderedDict[int, PhotoInfo] = OrderedDict()
        self._in_flight: set[int] = set()
        self._generation = 0  # bumped by clear(): results asked for before are dropped
        self._wanted: Callable[[int], bool] = lambda _photo_id: True

    def set_wanted(self, wanted: Callable[[int], bool]) -> None:
        """Which photos are still worth loading when a worker frees up (the view passes
        "still on screen"): a fast scroll leaves most of its requests behind, and loading
        them would only keep the cores from the frames being painted."""
        self._wanted = wanted

    def set_scrolling(self, scrolling: bool) -> None:
        """While the view scrolls, decode on one thread fewer when the decoders would
        otherwise take every core (two cores): each frame needs a core at once, and waiting
        for a decoder's time slice to end is a visible stall. The view calls this."""
        self._pool.setMaxThreadCount(self._scrolling_workers if scrolling else self._workers)

    # -- asking ----------------------------------------------------------------------------
    def pixmap(self, info: PhotoInfo) -> QPixmap | None:
        """The cached pixmap, or None after queueing a load (paint a placeholder meanwhile)."""
        cached = self._cache.get(info.id)
        if cached is not None:
            self._cache.move_to_end(info.id)
            return cached
        self.request(info)
        return None

    def cached(self, photo_id: int) -> QPixmap | None:
        return self._cache.get(photo_id)

    def failed(self, photo_id: int) -> bool:
        return photo_id in self._failed

    def request(self, info: PhotoInfo) -> None:
        if info.id in self._cache or info.id in self._in_flight or info.id in self._failed:
            return
        self._pending[info.id] = info
        self._pending.move_to_end(info.id)
        while len(self._pending) > MAX_PENDING:
            self._pending.popitem(last=False)
        self._pump()

    # -- housekeeping ----------------------------------------------------------------------
    def forget(self, photo_id: int) -> None:
        """Drop one photo's pixmap (it was deleted or its file changed)."""
        pixmap = self._cache.pop(photo_id, None)
        if pixmap is not None:
            self._cache_bytes -= _bytes(pixmap)
        self._failed.discard(photo_id)
        self._pending.pop(photo_id, None)

    def clear(self) -> None:
        self._generation += 1
        self._cache.clear()
        self._cache_bytes = 0
        self._failed.clear()
        self._pending.clear()
        self._in_flight.clear()

    # -- loading ---------------------------------------------------------------------------
    def _pump(self) -> None:
        while self._pending and len(self._in_flight) < self._max_in_flight:
            photo_id, info = self._pending.popitem(last=True)
            if not self._wanted(photo_id):
                continue  # painted again later if it comes back into view
            self._in_flight.add(photo_id)
            box = QSize(
                round(self._box.width() * self._ratio), round(self._box.height() * self._ratio)
            )
            generation = self._generation
            run_task(
                _load_lowered,
                info,
                self.thumbs_dir,
                box,
                on_done=lambda image, pid=photo_id, gen=generation: self._arrived(pid, gen, image),
                on_finished=lambda pid=photo_id, gen=generation: self._settle(pid, gen),
                context=self,
                pool=self._pool,
            )

    def _arrived(self, photo_id: int, generation: int, image: QImage | None) -> None:
        if generation != self._generation:
            return
        if image is None:
            self._failed.add(photo_id)
        else:
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(self._ratio)
            self._cache[photo_id] = pixmap
            self._cache_bytes += _bytes(pixmap)
            while self._cache_bytes > CACHE_BYTES and len(self._cache) > 1:
                _, dropped = self._cache.popitem(last=False)
                self._cache_bytes -= _bytes(dropped)
        self.loaded.emit(photo_id)

    def _settle(self, photo_id: int, generation: int) -> None:
        if generation == self._generation:
            self._in_flight.discard(photo_id)
        self._pump()

    def wait_idle(self, msecs: int = 5000) -> bool:
        """For benchmarks and shutdown: wait for the workers (results still need the loop)."""
        return self._pool.waitForDone(msecs)


def _bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * max(pixmap.depth(), 8) // 8
