"""Small key/value preferences stored in the profile database as JSON."""

from __future__ import annotations

import json
from typing import Any

from backtracker.storage.models import Setting


def get_setting(key: str, default: Any = None) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    return default if row is None else json.loads(row.value_json)


def set_setting(key: str, value: Any) -> None:
    Setting.insert(key=key, value_json=json.dumps(value)).on_conflict_replace().execute()


def delete_setting(key: str) -> None:
    Setting.delete().where(Setting.key == key).execute()
