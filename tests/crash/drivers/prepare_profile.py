"""Make a profile as every command does (catalogue and routines seeded) and close it.

python prepare_profile.py DATA_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from backtracker.cli.commands import open_profile
from backtracker.storage.database import close_database

if __name__ == "__main__":
    open_profile(Path(sys.argv[1]))
    close_database()
