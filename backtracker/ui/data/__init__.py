"""Bringing data in and out: import from other apps, export, back up and restore.

The File menu calls the functions in `data_actions`; everything they ask the person goes
through the seams in `dialogs`, so tests patch those and drive the rest for real.
"""
