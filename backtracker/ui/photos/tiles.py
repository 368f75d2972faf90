"""Ready-painted parts of gallery cells: a photo's box (thumbnail or placeholder) or its
caption, each in one pixmap.

Painting a cell from its parts (rounded box, thumbnail scaled smoothly into it, two caption
texts) costs several times a plain copy of a pixmap, and a scroll repaints every visible
cell each frame. The delegate paints each part once into a tile and copies it after that.
A tile stays good while what it was made from (the thumbnail pixmap, the caption's date and
pose) stays the same; the delegate clears the cache when the style changes (cell size,
colours, font, background, pixel ratio).
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Hashable

from PySide6.QtGui import QPixmap

TILE_CACHE_BYTES = 48 * 1024 * 1024  # about 150 boxes of 240×320: several screens of cells
_every_cache: weakref.WeakSet[TileCache] = weakref.WeakSet()  # for clear_every_cache


class TileCache:
    """Tiles by photo id, least recently used dropped first once over `max_bytes`."""

    def __init__(self, max_bytes: int = TILE_CACHE_BYTES) -> None:
        self._max_bytes = max_bytes
        self._tiles: OrderedDict[int, tuple[Hashable, QPixmap]] = OrderedDict()
        self._bytes = 0
        _every_cache.add(self)

    def get(self, photo_id: int, made_from: Hashable) -> QPixmap | None:
        """The photo's tile, if it was made from the same things (else it is dropped)."""
        entry = self._tiles.get(photo_id)
        if entry is None:
            return None
        if entry[0] != made_from:  # the thumbnail was loaded again, or the photo edited
            self.forget(photo_id)
            return None
        self._tiles.move_to_end(photo_id)
        return entry[1]

    def put(self, photo_id: int, made_from: Hashable, tile: QPixmap) -> None:
        self.forget(photo_id)
        self._tiles[photo_id] = (made_from, tile)
        self._bytes += _bytes(tile)
        while self._bytes > self._max_bytes and len(self._tiles) > 1:
            _, (_, dropped) = self._tiles.popitem(last=False)
            self._bytes -= _bytes(dropped)

    def forget(self, photo_id: int) -> None:
        entry = self._tiles.pop(photo_id, None)
        if entry is not None:
            self._bytes -= _bytes(entry[1])

    def clear(self) -> None:
        self._tiles.clear()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._tiles)


def clear_every_cache() -> None:
    """Drop every tile of every gallery (the photo vault locked: no picture of a photo may
    stay in memory; the tiles are painted again from the thumbnails once it is unlocked)."""
    for cache in list(_every_cache):
        cache.clear()


def _bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * max(pixmap.depth(), 8) // 8
