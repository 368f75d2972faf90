"""BackTracker: a private desktop tracker for building a strong back."""

__version__ = "0.1.0"
APP_NAME = "BackTracker"
APP_ID = "io.github.backtracker.BackTracker"
