"""Log sets one by one as the Log tab does when Enter is pressed in a set's last field:
the typed weight and reps are saved (`logbook.update_set_values`), the set is ticked done
(`logbook.complete_set`, one commit) and the next set is lined up (`logbook.add_set`).
After each tick has returned it prints `logged SET_ID WEIGHT_KG REPS`.

    python log_sets.py DATA_DIR COUNT
"""

from __future__ import annotations

import sys
from pathlib import Path

from backtracker.cli.commands import open_profile
from backtracker.services import logbook, preferences
from backtracker.storage.database import close_database
from backtracker.storage.models import Exercise


def main() -> None:
    data_dir, count = Path(sys.argv[1]), int(sys.argv[2])
    open_profile(data_dir)
    prefs = preferences.load()
    workout_id = logbook.start_workout(prefs)
    exercise_id = Exercise.get(Exercise.catalogue_key == "dumbbell-row").id
    link_id = logbook.add_exercise(workout_id, exercise_id, prefs)
    link = next(e for e in logbook.get_workout(workout_id).exercises if e.id == link_id)
    set_id = link.sets[0].id if link.sets else logbook.add_set(link_id, {})
    print(f"workout {workout_id}", flush=True)
    for number in range(count):
        typed = logbook.SetInput(weight=f"{20 + 2.5 * (number % 9):g}", reps=str(5 + number % 8))
        logbook.update_set_values(set_id, logbook.parse_set(link.tracking, "kg", typed))
        done = logbook.complete_set(link, set_id)
        print(f"logged {done.id} {done.weight_kg:g} {done.reps}", flush=True)
        set_id = logbook.add_set(link_id, logbook.next_set_values(done))
    close_database()


if __name__ == "__main__":
    main()
