"""`backtracker stats --json` says the exercise's movement pattern and spinal load."""

from __future__ import annotations

import json

from backtracker.app import main
from backtracker.storage.database import close_database, open_database
from backtracker.storage.profile import prepare_profile
from backtracker.storage.seeding import seed_catalogue


def test_stats_json_has_the_pattern_and_spinal_load(tmp_path, capsys):
    profile = prepare_profile(tmp_path / "profile")
    open_database(profile.database_path)
    seed_catalogue()
    close_database()
    assert (
        main(["stats", "bent over row (barbell)", "--json", "--data-dir", str(profile.data_dir)])
        == 0
    )
    numbers = json.loads(capsys.readouterr().out)
    assert numbers["exercise"] == "Barbell Row"
    assert (numbers["pattern"], numbers["spinal_load"]) == ("horizontal_pull", "high")
    assert (
        main(["stats", "Chest-Supported Row", "--json", "--data-dir", str(profile.data_dir)]) == 0
    )
    numbers = json.loads(capsys.readouterr().out)
    assert (numbers["pattern"], numbers["spinal_load"]) == ("horizontal_pull", "low")
