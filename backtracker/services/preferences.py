"""The person's preferences: units, weekly goal, default rest, the 1RM formula, backups and
the photo vault's idle lock."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from backtracker.domain.errors import ValidationError

KEY = "preferences"
UNITS = ("kg", "lb")
LENGTH_UNITS = ("cm", "in")  # body measurements; stored in cm whatever is chosen
FORMULAS = ("epley", "brzycki")
MAX_BACKUPS_TO_KEEP = 100
MAX_BAND_SETS = 60  # hard sets a week for one back region
VAULT_IDLE_MINUTES = (1, 240)  # the photo vault locks after this many idle minutes


@dataclass(frozen=True)
class Preferences:
    unit: str = "kg"
    goal_minimum: int = 2  # a week with this many back sessions keeps the streak
    goal_target: int = 3
    rest_heavy_s: int = 90  # heavy lifts: 60–90 s
    rest_light_s: int = 45  # light, higher-rep work: 30–60 s
    formula: str = "epley"
    backups_to_keep: int = 7  # automatic database copies made on start; 0 turns them off
    length_unit: str = "cm"  # "in" when not stored yet and the weight unit is lb (from_stored)
    coach_band_low: int = 10  # the back coach's target band: hard sets a week per region
    coach_band_high: int = 20
    vault_idle_minutes: int = 5  # the Photos tab locks the photo vault after this idle time

    def rest_for(self, load_profile: str) -> int:
        return self.rest_heavy_s if load_profile == "heavy" else self.rest_light_s


def validate(prefs: Preferences) -> Preferences:
    problems: dict[str, str] = {}
    for name in (
        "goal_minimum",
        "goal_target",
        "rest_heavy_s",
        "rest_light_s",
        "coach_band_low",
        "coach_band_high",
        "vault_idle_minutes",
    ):
        value = getattr(prefs, name)
        if isinstance(value, bool) or not isinstance(value, int):  # stored JSON may hold "3"
            raise ValidationError({name: "Enter a whole number."})
    if prefs.unit not in UNITS:
        problems["unit"] = "Choose kg or lb."
    if not 1 <= prefs.goal_minimum <= 14:
        problems["goal_minimum"] = "The weekly minimum must be between 1 and 14 sessions."
    elif not prefs.goal_minimum <= prefs.goal_target <= 14:
        problems["goal_target"] = "The weekly target must be at least the minimum, up to 14."
    for name in ("rest_heavy_s", "rest_light_s"):
        if not 10 <= getattr(prefs, name) <= 600:
            problems[name] = "Rest times must be between 10 s and 10 minutes."
    if not 1 <= prefs.coach_band_low <= MAX_BAND_SETS:
        problems["coach_band_low"] = (
            f"The lower end of the weekly sets band must be between 1 and {MAX_BAND_SETS}."
        )
    elif not prefs.coach_band_low <= prefs.coach_band_high <= MAX_BAND_SETS:
        problems["coach_band_high"] = (
            f"The upper end of the weekly sets band must be at least the lower end, up to "
            f"{MAX_BAND_SETS}."
        )
    low, high = VAULT_IDLE_MINUTES
    if not low <= prefs.vault_idle_minutes <= high:
        problems["vault_idle_minutes"] = (
            f"Choose from {low} to {high} minutes of inactivity before your photos lock."
        )
    if prefs.length_unit not in LENGTH_UNITS:
        problems["length_unit"] = "Choose centimetres or inches."
    if prefs.formula not in FORMULAS:
        problems["formula"] = "Choose Epley or Brzycki."
    keep = prefs.backups_to_keep
    if isinstance(keep, bool) or not isinstance(keep, int) or not 0 <= keep <= MAX_BACKUPS_TO_KEEP:
        problems["backups_to_keep"] = (
            f"Keep from 0 to {MAX_BACKUPS_TO_KEEP} automatic backups (0 turns them off)."
        )
    if problems:
        raise ValidationError(problems)
    return prefs


def load() -> Preferences:
    """Stored preferences, or the defaults when what is stored does not validate."""
    from backtracker.storage.settings import get_setting  # the first window has no ORM

    return from_stored(get_setting(KEY, {}))


def from_stored(stored: object) -> Preferences:
    """Preferences from their stored JSON object; the defaults when it does not validate.

    A value missing from what is stored (saved by an older version) takes its default.
    """
    if not isinstance(stored, dict):
        return Preferences()
    defaults = asdict(Preferences())
    values = {name: stored.get(name, default) for name, default in defaults.items()}
    if "length_unit" not in stored:  # older preferences: inches go with pounds
        values["length_unit"] = "in" if values.get("unit") == "lb" else "cm"
    try:
        return validate(Preferences(**values))
    except (ValidationError, TypeError):
        return Preferences()


def save(prefs: Preferences) -> Preferences:
    from backtracker.storage.settings import set_setting

    set_setting(KEY, asdict(validate(prefs)))
    return prefs
