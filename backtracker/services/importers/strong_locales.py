"""Strong's export in the phone's language: header words, marker words and duration text.

Strong writes the iOS layout (FORMATS.md, variant 3: twelve columns, or ten without the notes
columns) in the phone's language. The column order never changes; only the words do. This
table knows the languages we could learn:

- German and French come from real exports (FORMATS.md, "Seen in real exports").
- Spanish, Italian, Portuguese, Russian, Dutch and Polish are our best knowledge of Strong's
  wording. Several spellings are listed where we are not sure.

A header in a language that is not here, or with a word we guessed wrong, is still read: the
detector then recognises the export by its shape (a date, a duration, a set column of numbers
and marker words, then weights and reps) and shows the column mapping before importing.

Everything here is compared after `normalise` (casefold, single spaces, no quotes or BOM).
"""

from __future__ import annotations

from dataclasses import dataclass

# The iOS layout's columns, in file order, as the English header names them (normalised).
COLUMNS = (
    "date",
    "workout name",
    "duration",
    "exercise name",
    "set order",
    "weight",
    "reps",
    "distance",
    "seconds",
    "notes",
    "workout notes",
    "rpe",
)
# The late-2024 layout: the same without the two notes columns.
COLUMNS_TEN = tuple(c for c in COLUMNS if c not in ("notes", "workout notes"))

# How the meaning of each column is shown to the person ("Datum → Date").
TITLES = {
    "date": "Date",
    "workout name": "Workout Name",
    "duration": "Duration",
    "exercise name": "Exercise Name",
    "set order": "Set Order",
    "weight": "Weight",
    "reps": "Reps",
    "distance": "Distance",
    "seconds": "Seconds",
    "notes": "Notes",
    "workout notes": "Workout Notes",
    "rpe": "RPE",
}


@dataclass(frozen=True)
class Language:
    """One phone language: the words of each column (alternatives allowed) and the markers."""

    name: str
    header: dict[str, tuple[str, ...]]  # canonical column → the spellings seen or expected
    rest: tuple[str, ...]  # the rest-timer marker in Set Order ("Rest Timer")
    note: tuple[str, ...]  # the note marker in Set Order ("Note")


LANGUAGES: tuple[Language, ...] = (
    Language(
        "German",
        {
            "date": ("datum",),
            "workout name": ("workout-name", "workoutname", "name des workouts"),
            "duration": ("dauer",),
            "exercise name": ("name der übung", "übungsname"),
            "set order": ("reihenfolge festlegen", "satzreihenfolge", "satz"),
            "weight": ("gewicht",),
            "reps": ("wiederh.", "wiederholungen", "wdh."),
            "distance": ("entfernung", "distanz", "strecke"),
            "seconds": ("sekunden",),
            "notes": ("notizen",),
            "workout notes": ("workout-notizen", "workoutnotizen"),
            "rpe": ("rpe",),
        },
        rest=("ruhezeit", "pausentimer", "pause"),
        note=("notiz",),
    ),
    Language(
        "French",
        {
            "date": ("date",),
            "workout name": ("nom de l'entraînement", "nom de l’entraînement"),
            "duration": ("durée",),
            "exercise name": ("nom de l'exercice", "nom de l’exercice"),
            "set order": ("ordre de la série", "ordre des séries"),
            "weight": ("poids",),
            "reps": ("réps", "répétitions", "reps"),
            "distance": ("distance",),
            "seconds": ("secondes",),
            "notes": ("notes",),
            "workout notes": ("notes d'entraînement", "notes d’entraînement"),
            "rpe": ("rpe",),
        },
        rest=("minuteur de repos", "temps de repos", "repos"),
        note=("note",),
    ),
    Language(
        "Spanish",
        {
            "date": ("fecha",),
            "workout name": ("nombre del entrenamiento", "nombre del entreno"),
            "duration": ("duración",),
            "exercise name": ("nombre del ejercicio",),
            "set order": ("orden de la serie", "orden de series", "orden de serie"),
            "weight": ("peso",),
            "reps": ("repeticiones", "reps", "rep."),
            "distance": ("distancia",),
            "seconds": ("segundos",),
            "notes": ("notas",),
            "workout notes": ("notas del entrenamiento", "notas de entrenamiento"),
            "rpe": ("rpe",),
        },
        rest=("temporizador de descanso", "descanso"),
        note=("nota",),
    ),
    Language(
        "Italian",
        {
            "date": ("data",),
            "workout name": ("nome allenamento", "nome dell'allenamento"),
            "duration": ("durata",),
            "exercise name": ("nome esercizio", "nome dell'esercizio"),
            "set order": ("ordine serie", "ordine delle serie", "ordine della serie"),
            "weight": ("peso",),
            "reps": ("ripetizioni", "rip.", "reps"),
            "distance": ("distanza",),
            "seconds": ("secondi",),
            "notes": ("note",),
            "workout notes": ("note allenamento", "note dell'allenamento"),
            "rpe": ("rpe",),
        },
        rest=("timer di recupero", "recupero", "timer di riposo", "riposo"),
        note=("nota",),
    ),
    Language(
        "Portuguese",
        {
            "date": ("data",),
            "workout name": ("nome do treino",),
            "duration": ("duração",),
            "exercise name": ("nome do exercício",),
            "set order": ("ordem da série", "ordem das séries"),
            "weight": ("peso",),
            "reps": ("repetições", "reps", "rep."),
            "distance": ("distância",),
            "seconds": ("segundos",),
            "notes": ("notas",),
            "workout notes": ("notas do treino",),
            "rpe": ("rpe",),
        },
        rest=("temporizador de descanso", "cronômetro de descanso", "descanso"),
        note=("nota",),
    ),
    Language(
        "Russian",
        {
            "date": ("дата",),
            "workout name": ("название тренировки",),
            "duration": ("продолжительность", "длительность"),
            "exercise name": ("название упражнения",),
            "set order": ("порядок подходов", "порядок подхода", "подход"),
            "weight": ("вес",),
            "reps": ("повторения", "повт.", "повторы"),
            "distance": ("расстояние", "дистанция"),
            "seconds": ("секунды",),
            "notes": ("заметки", "примечания"),
            "workout notes": ("заметки к тренировке", "заметки тренировки"),
            "rpe": ("rpe",),
        },
        rest=("таймер отдыха", "отдых"),
        note=("заметка", "примечание"),
    ),
    Language(
        "Dutch",
        {
            "date": ("datum",),
            "workout name": ("naam training", "workoutnaam", "naam van de training"),
            "duration": ("duur",),
            "exercise name": ("naam oefening", "oefeningnaam", "naam van de oefening"),
            "set order": ("setvolgorde", "volgorde sets", "volgorde van de set"),
            "weight": ("gewicht",),
            "reps": ("herhalingen", "herh."),
            "distance": ("afstand",),
            "seconds": ("seconden",),
            "notes": ("notities",),
            "workout notes": ("workoutnotities", "trainingsnotities"),
            "rpe": ("rpe",),
        },
        rest=("rusttimer", "rust"),
        note=("notitie",),
    ),
    Language(
        "Polish",
        {
            "date": ("data",),
            "workout name": ("nazwa treningu",),
            "duration": ("czas trwania",),
            "exercise name": ("nazwa ćwiczenia",),
            "set order": ("kolejność serii", "seria"),
            "weight": ("ciężar", "waga"),
            "reps": ("powtórzenia", "powt."),
            "distance": ("dystans", "odległość"),
            "seconds": ("sekundy",),
            "notes": ("notatki",),
            "workout notes": ("notatki treningu", "notatki do treningu"),
            "rpe": ("rpe",),
        },
        rest=("minutnik odpoczynku", "odpoczynek", "przerwa"),
        note=("notatka",),
    ),
)

# Set Order markers of every language (English first); they never collide with set types.
REST_WORDS = frozenset({"rest timer", *(w for lang in LANGUAGES for w in lang.rest)})
NOTE_WORDS = frozenset({"note", *(w for lang in LANGUAGES for w in lang.note)})

# Set types spelled out, as the quoted ";" layout with "Workout #" writes them.
SET_TYPES = {
    "w": "warmup",
    "d": "drop",
    "f": "failure",
    "warm_up": "warmup",
    "warmup": "warmup",
    "drop_set": "drop",
    "dropset": "drop",
    "failure": "failure",
    "normal": "normal",
    "normal_set": "normal",
}

# Duration words: "2h 38m", "31min", "1 Std. 5 Min.", "1 ч 5 мин", "1u 5m", "2 godz. 3 min".
DURATION_UNITS = {
    **dict.fromkeys(
        (
            "h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden", "heure", "heures",
            "hora", "horas", "ora", "ore", "u", "uur", "ч", "час", "часа", "часов", "godz",
            "godzina", "godziny", "godzin",
        ),
        3600,
    ),
    **dict.fromkeys(
        (
            "m", "min", "mins", "minute", "minutes", "minuten", "minuto", "minutos", "minuti",
            "minuut", "м", "мин", "минута", "минуты", "минут", "minuta", "minuty",
        ),
        60,
    ),
    **dict.fromkeys(
        (
            "s", "sec", "secs", "second", "seconds", "sek", "sekunde", "sekunden", "seconde",
            "secondes", "segundo", "segundos", "secondo", "secondi", "seconden", "с", "сек",
            "секунда", "секунды", "секунд", "sekunda", "sekundy",
        ),
        1,
    ),
}  # fmt: skip


def _lookup(language: Language) -> dict[str, str]:
    return {word: column for column, words in language.header.items() for word in words}


_LOOKUPS = tuple((language, _lookup(language)) for language in LANGUAGES)


def translate(names: list[str]) -> tuple[str, list[str]] | None:
    """(language, the English names) when every header word is of one known language.

    Only the iOS layout's column sets are accepted (twelve columns, or the ten of late 2024),
    in any order; anything else is left to the shape check.
    """
    for language, lookup in _LOOKUPS:
        english = [lookup.get(name) for name in names]
        if None in english:
            continue
        found = [name for name in english if name is not None]
        if set(found) in (set(COLUMNS), set(COLUMNS_TEN)) and len(set(found)) == len(found):
            return language.name, found
    return None
