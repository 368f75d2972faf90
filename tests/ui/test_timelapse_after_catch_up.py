"""An open timelapse preview is planned again when the background alignment catches up."""

from __future__ import annotations

from backtracker.services import photos
from backtracker.storage.models import Photo
from tests.ui.test_timelapse_dialog import gallery, open_dialog, tab, wait_for_preview

__all__ = ["gallery", "tab"]  # fixtures, used by name

BACK_PHOTOS = 3


def test_the_preview_counts_the_photos_lined_up_meanwhile(qtbot, tab):
    dialog = open_dialog(qtbot, tab)
    wait_for_preview(qtbot, dialog, BACK_PHOTOS)
    assert dialog.plan is not None
    assert dialog.plan.unaligned == BACK_PHOTOS  # none lined up yet
    qtbot.wait(300)

    # The background catch-up stores the alignments (as it would), then says it has finished.
    reference = min(p.id for p in photos.list_photos(pose="back"))
    Photo.update(
        aligned_to=reference,
        aligned_dx=0.0,
        aligned_dy=0.0,
        aligned_scale=1.0,
        aligned_rotation_deg=0.0,
        aligned_confidence=0.9,
        aligned_method="fourier-mellin+irls",
    ).where(Photo.pose == "back").execute()
    tab.catch_up.finished.emit()
    qtbot.waitUntil(lambda: dialog.plan is not None and dialog.plan.unaligned == 0, timeout=10_000)
    wait_for_preview(qtbot, dialog, BACK_PHOTOS)
