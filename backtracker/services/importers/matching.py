"""Matching exercise names from other apps to ours: automatic only when certain.

A name in a file is mapped without asking only by one of these, tried in this order:
- **exact**: it is the name of one of our exercises, ignoring case, spacing and punctuation
  (and the order of a bracketed equipment word: "Squat (Barbell)" is "Barbell Squat");
- **alias**: it is one of an exercise's other names: a catalogue alias, one the person
  typed, or a name remembered from an earlier import (or a Library merge);
- **equipment**: it is such a name followed by a bracketed equipment word that names the
  exercise's own equipment ("Lat Pulldown (Machine)" → Lat Pulldown, a machine exercise;
  "Deadlift (Dumbbell)" is not our barbell Deadlift).

Two different names of one file never land on one exercise by themselves. The names the
library already holds literally (an exercise's own name, or an alias the person or an
earlier import gave it) are facts and always apply. Every other automatic match claims its
exercise alone: the best claim (exact, then alias, then equipment; then the file's order)
wins, an exercise the caller already chose for another name is taken, and the names left
over become custom exercises with the file's name, their match kept as a suggestion.

Everything else is a suggestion only (`confident` False): rapidfuzz over names and aliases,
normalised first ("Bent Over Row (Dumbbell)" → "dumbbell bent over row"), with vetoes that
lower the score when the equipment differs, when ours is more specific ("Plank" is not
"Plank Row"), and when two of ours score the same. The caller (the import dialog, or the
command line's --map file) decides whether to take it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from backtracker.domain.search import fold
from backtracker.services.importers.model import MatchSuggestion
from backtracker.storage import exercises as store

EXACT, ALIAS, EQUIPMENT = "exact", "alias", "equipment"  # automatic: MatchSuggestion.how
CUSTOM, CHOSEN = "custom", "chosen"  # ImportResult.how: a new exercise; the caller's choice
_HOW_RANK = {EXACT: 0, ALIAS: 1, EQUIPMENT: 2}
# The name customs.unique_name gives a custom exercise when the file's name is taken.
_MADE_FOR = re.compile(r"(.+) \((?:strong|hevy|fitnotes|backtracker)(?: \d+)?\)")
_KIND_RANK = {"name": 0, "remembered": 1, "alias": 2}  # "alias": from the catalogue
_OTHER_EQUIPMENT = 85.0  # the cap for the same movement with other equipment
_MORE_SPECIFIC = 0.75  # the factor for one of ours that has words the source name lacks
_LOWEST = 50.0  # below this nothing is suggested
_SIMILAR_WORD = 80.0  # fuzz.ratio at which two words count as the same (typos, plurals)
_BRACKETED = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")

# Words that name equipment, and the equipment they mean (domain.catalogue.Equipment).
EQUIPMENT_WORDS = {
    "dumbbell": "dumbbell",
    "dumbbells": "dumbbell",
    "db": "dumbbell",
    "barbell": "barbell",
    "bb": "barbell",
    "ez": "barbell",
    "cable": "cable",
    "cables": "cable",
    "machine": "machine",
    "smith": "machine",
    "lever": "machine",
    "band": "band",
    "bands": "band",
    "banded": "band",
    "kettlebell": "kettlebell",
    "kb": "kettlebell",
    "bodyweight": "none",
}
# Equipment that often stands in for each other in other apps' names.
_COMPATIBLE = ({"cable", "machine"}, {"none", "bar"})


def normalise(name: str) -> str:
    """ "Bent Over Row (Dumbbell)" → "dumbbell bent over row"."""
    match = _BRACKETED.match(name.strip())
    if match and match.group(1):
        name = f"{match.group(2)} {match.group(1)}"
    return fold(name)


def equipment_of(folded: str) -> str | None:
    for word in folded.split():
        if word in EQUIPMENT_WORDS:
            return EQUIPMENT_WORDS[word]
    return None


def _compact(folded: str) -> str:
    return folded.replace(" ", "")


def _compatible(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in _COMPATIBLE)


@dataclass(frozen=True)
class Target:
    """One of our names or aliases, normalised."""

    exercise_id: int
    exercise_name: str
    equipment: str
    text: str  # normalised
    core: str  # normalised, without the equipment words: what the fuzzy score compares
    words: frozenset[str]  # the words of `core`
    kind: str = "name"  # name | remembered (an alias the person or an import gave) | alias
    literal: str = ""  # the text as written, case-folded, spaces collapsed
    archived: bool = False

    @property
    def preference(self) -> tuple[bool, int]:
        return (self.archived, _KIND_RANK[self.kind])


def literal(name: str) -> str:
    return " ".join(name.casefold().split())


def _core(folded: str) -> str:
    return " ".join(w for w in folded.split() if w not in EQUIPMENT_WORDS) or folded


def load_targets() -> list[Target]:
    targets = []
    for exercise_id, name, equipment, archived, aliases in store.naming_facts():
        named = [(name, "name")] + [
            (alias, "alias" if source == "catalogue" else "remembered") for alias, source in aliases
        ]
        for text, kind in named:
            folded = normalise(text)
            if folded:
                core = _core(folded)
                targets.append(
                    Target(
                        exercise_id,
                        name,
                        equipment,
                        folded,
                        core,
                        frozenset(core.split()),
                        kind,
                        literal(text),
                        archived,
                    )
                )
    return targets


def _equipment_suffix(name: str) -> tuple[str, str] | None:
    """("Lat Pulldown", "machine") for "Lat Pulldown (Machine)"; None without such a suffix."""
    match = _BRACKETED.match(name.strip())
    if not match or not match.group(1):
        return None
    words = fold(match.group(2)).split()
    found = {EQUIPMENT_WORDS.get(word) for word in words}
    if not words or None in found or len(found) != 1:
        return None
    return match.group(1), str(found.pop())


def _own_equipment(named: str, target: Target) -> bool:
    """The bracketed equipment is the exercise's own ("bodyweight": none, or a bar to hang on)."""
    return named == target.equipment or (named == "none" and target.equipment == "bar")


@dataclass(frozen=True)
class _Claim:
    target: Target
    how: str
    step: int  # 0 literal, 1 normalised, 2 without spaces, 3 by the equipment suffix
    shared: bool  # a name the library holds literally: it may share its exercise


def _penalised(score: float, query: str, query_words: frozenset[str], target: Target) -> float:
    """The score after the vetoes of the module docstring."""
    wanted = equipment_of(query)
    theirs = equipment_of(target.text) or target.equipment
    if any(
        not any(fuzz.ratio(word, mine) >= _SIMILAR_WORD for mine in query_words)
        for word in target.words - query_words
    ):
        return score * _MORE_SPECIFIC  # ours is a different, more specific exercise
    if wanted and not _compatible(wanted, theirs):
        return min(score, _OTHER_EQUIPMENT)  # the same movement with other equipment
    return score


class Matcher:
    """Maps and scores source names against our exercises; built once per import."""

    def __init__(self, targets: list[Target] | None = None) -> None:
        self.targets = load_targets() if targets is None else targets
        self._cores = [t.core for t in self.targets]
        self._tables: tuple[dict[str, list[Target]], ...] = ({}, {}, {})
        self._made_for: dict[str, list[Target]] = {}  # "name (strong)" → customs made for it
        for target in self.targets:
            for table, key in zip(self._tables, self._keys_of(target), strict=True):
                if key:
                    table.setdefault(key, []).append(target)
            made = _MADE_FOR.fullmatch(target.literal) if target.kind == "name" else None
            if made:
                self._made_for.setdefault(made.group(1), []).append(target)

    @staticmethod
    def _keys_of(target: Target) -> tuple[str, str, str]:
        return (target.literal, target.text, _compact(target.text))

    def _lookup(
        self, name: str, fits: Callable[[Target], bool] | None = None
    ) -> tuple[Target, int] | None:
        folded = normalise(name)
        for step, key in enumerate((literal(name), folded, _compact(folded))):
            found = self._tables[step].get(key, [])
            if fits is not None:
                found = [t for t in found if fits(t)]
            if found:
                return min(found, key=lambda t: t.preference), step
        return None

    def claim(self, name: str) -> _Claim | None:
        """How `name` maps without asking (module docstring), before the no-merge rule."""
        found = self._lookup(name)
        if found is not None:
            target, step = found
            how = EXACT if target.kind == "name" else ALIAS
            shared = step == 0 and target.kind in ("name", "remembered")
            return _Claim(target, how, step, shared)
        suffix = _equipment_suffix(name)
        if suffix is not None:
            base, equipment = suffix
            found = self._lookup(base, lambda t: _own_equipment(equipment, t))
            if found is not None:
                return _Claim(found[0], EQUIPMENT, 3, False)
        return None

    def suggest_all(
        self, names: Iterable[str], claimed: Iterable[int] = ()
    ) -> list[MatchSuggestion]:
        """A suggestion per name, in order; `confident` ones are mapped without asking.

        `claimed`: exercises the caller has chosen for other names of the file.
        """
        names = list(names)
        claims = {name: self.claim(name) for name in names}
        taken = set(claimed) | {c.target.exercise_id for c in claims.values() if c and c.shared}
        granted = {name for name, c in claims.items() if c is not None and c.shared}
        order = {name: index for index, name in enumerate(names)}
        for name, found in sorted(
            ((n, c) for n, c in claims.items() if c is not None and not c.shared),
            key=lambda item: (_HOW_RANK[item[1].how], item[1].step, order[item[0]]),
        ):
            if found.target.exercise_id not in taken:
                taken.add(found.target.exercise_id)
                granted.add(name)
            else:  # an earlier import may have made it "Name (Strong)": that one, then
                made = min(
                    (
                        t
                        for t in self._made_for.get(literal(name), ())
                        if t.exercise_id not in taken
                    ),
                    key=lambda t: t.preference,
                    default=None,
                )
                if made is not None:
                    claims[name] = _Claim(made, ALIAS, 0, False)
                    taken.add(made.exercise_id)
                    granted.add(name)
        result = []
        for name in names:
            found = claims[name]
            if found is not None:
                target = found.target
                sure = name in granted
                result.append(
                    MatchSuggestion(
                        name,
                        target.exercise_id,
                        target.exercise_name,
                        100.0,
                        sure,
                        found.how if sure else "",
                    )
                )
            else:
                result.append(self.fuzzy(name))
        return result

    def suggest(self, source_name: str) -> MatchSuggestion:
        return self.suggest_all([source_name])[0]

    def fuzzy(self, source_name: str) -> MatchSuggestion:
        """The closest of ours by rapidfuzz: only ever a suggestion (`confident` False)."""
        query = normalise(source_name)
        if not query or not self.targets:
            return MatchSuggestion(source_name, None, None, 0.0, False)
        core = _core(query)
        words = frozenset(core.split())
        best: dict[int, tuple[float, float, Target]] = {}
        for _, ratio, index in process.extract(
            core, self._cores, scorer=fuzz.WRatio, limit=None, score_cutoff=_LOWEST
        ):
            target = self.targets[index]
            score = _penalised(ratio, query, words, target)
            tie_break = fuzz.ratio(query, target.text)
            if target.exercise_id not in best or (score, tie_break) > best[target.exercise_id][:2]:
                best[target.exercise_id] = (score, tie_break, target)
        if not best:
            return MatchSuggestion(source_name, None, None, 0.0, False)
        ranked = sorted(best.values(), key=lambda item: item[:2], reverse=True)
        score, _tie_break, target = ranked[0]
        if score < _LOWEST:
            return MatchSuggestion(source_name, None, None, round(score, 1), False)
        return MatchSuggestion(
            source_name, target.exercise_id, target.exercise_name, min(round(score, 1), 99.0), False
        )


def suggest_mapping(names: Iterable[str]) -> list[MatchSuggestion]:
    """Our exercise for each source name, in the order given: `confident` ones are mapped
    without asking (exact, alias, equipment; never two names onto one), the rest are
    suggestions (or nothing close)."""
    return Matcher().suggest_all(names)
