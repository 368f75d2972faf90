"""Matching exercise names from other apps to ours (rapidfuzz over names and aliases).

Names are normalised first: Strong and Hevy write "Bent Over Row (Dumbbell)", we write
"Dumbbell Row"; both sides become "dumbbell bent over row" / "dumbbell row" (the equipment in
brackets moves to the front, then `fold`). A match is confident at a WRatio of 90 or more,
unless one of these says it is a different exercise:
- the equipment differs ("Deadlift (Dumbbell)" is not our barbell Deadlift);
- our name has words the source lacks, so ours is more specific ("Plank" is not "Plank Row",
  "Lat Pulldown" is not "Close-Grip Lat Pulldown");
- two of our exercises score the same (the name is ambiguous).
An exact match of a name or alias (an alias remembered from an earlier import included)
scores 100.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from backtracker.domain.search import fold
from backtracker.services.importers.model import MatchSuggestion
from backtracker.storage import imports as store

CONFIDENT = 90.0
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


def _core(folded: str) -> str:
    return " ".join(w for w in folded.split() if w not in EQUIPMENT_WORDS) or folded


def load_targets() -> list[Target]:
    targets = []
    for exercise_id, name, equipment, names in store.exercise_names():
        for text in dict.fromkeys(normalise(n) for n in names):
            if text:
                core = _core(text)
                targets.append(
                    Target(exercise_id, name, equipment, text, core, frozenset(core.split()))
                )
    return targets


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
    """Scores source names against our exercises; built once per import."""

    def __init__(self, targets: list[Target] | None = None) -> None:
        self.targets = load_targets() if targets is None else targets
        self._cores = [t.core for t in self.targets]
        self._exact: dict[str, Target] = {}
        for target in self.targets:
            self._exact.setdefault(target.text, target)
            self._exact.setdefault(_compact(target.text), target)

    def suggest(self, source_name: str) -> MatchSuggestion:
        query = normalise(source_name)
        exact = self._exact.get(query) or self._exact.get(_compact(query))
        if exact is not None:
            return MatchSuggestion(source_name, exact.exercise_id, exact.exercise_name, 100.0, True)
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
        score, tie_break, target = ranked[0]
        if score < _LOWEST:
            return MatchSuggestion(source_name, None, None, round(score, 1), False)
        ambiguous = len(ranked) > 1 and ranked[1][0] == score and tie_break - ranked[1][1] < 5
        return MatchSuggestion(
            source_name,
            target.exercise_id,
            target.exercise_name,
            round(score, 1),
            score >= CONFIDENT and not ambiguous,
        )


def suggest_mapping(names: Iterable[str]) -> list[MatchSuggestion]:
    """Our best exercise for each source name, confident or not, in the order given."""
    matcher = Matcher()
    return [matcher.suggest(name) for name in names]
