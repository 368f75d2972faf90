"""Import a CSV through the service the import dialog and the `import` command use, printing
each progress report from inside the transaction: `progress DONE TOTAL`, then `done W S`.

    python import_csv.py DATA_DIR FILE
"""

from __future__ import annotations

import sys
from pathlib import Path

from backtracker.cli.commands import open_profile
from backtracker.services import importers
from backtracker.storage.database import close_database


def main() -> None:
    data_dir, csv_file = Path(sys.argv[1]), Path(sys.argv[2])
    open_profile(data_dir)
    parsed = importers.parse(csv_file, unit="kg")
    sets = sum(len(workout.sets) for workout in parsed.workouts)
    print(f"parsed {len(parsed.workouts)} {sets}", flush=True)
    result = importers.import_parsed(
        parsed, progress=lambda done, total: print(f"progress {done} {total}", flush=True)
    )
    print(f"done {result.workouts_added} {result.sets_added}", flush=True)
    close_database()


if __name__ == "__main__":
    main()
