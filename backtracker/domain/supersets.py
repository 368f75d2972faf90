"""Supersets: exercises done in turn, one set of each per round (A1, A2 … then rest).

A workout's or a routine's exercises are a list; each has a group number or None. The rules,
kept by every function here, are that a group is a run of ADJACENT exercises, two or more
of them; a run of one is no group. Numbers carry no meaning beyond "same group": `tidy`
renumbers the runs 1, 2, 3… in order, and the letters shown (A, B, C…) follow that order.
"""

from __future__ import annotations

from collections.abc import Sequence

Groups = Sequence[int | None]


def tidy(groups: Groups) -> list[int | None]:
    """Renumber the runs of equal numbers 1, 2, 3… in order; a run of one is no group.

    Two runs of one number that are not adjacent become two groups (or none, alone).
    """
    result: list[int | None] = [None] * len(groups)
    number = 0
    start = 0
    while start < len(groups):
        end = start + 1
        while end < len(groups) and groups[start] is not None and groups[end] == groups[start]:
            end += 1
        if groups[start] is not None and end - start >= 2:
            number += 1
            for at in range(start, end):
                result[at] = number
        start = end
    return result


def group(groups: Groups, rows: Sequence[int]) -> list[int | None]:
    """Group the adjacent `rows` (two or more) into one superset, joining any group one of
    them is already in. Raises ValueError when the rows are too few or not adjacent."""
    chosen = sorted(set(rows))
    if len(chosen) < 2:
        raise ValueError("Pick two or more exercises to group into a superset.")
    if chosen[-1] - chosen[0] != len(chosen) - 1 or chosen[0] < 0 or chosen[-1] >= len(groups):
        raise ValueError("Only exercises next to each other can form a superset.")
    touched = {groups[r] for r in chosen} - {None}
    first = min([chosen[0], *(i for i, g in enumerate(groups) if g in touched)])
    last = max([chosen[-1], *(i for i, g in enumerate(groups) if g in touched)])
    new_number = max((g for g in groups if g is not None), default=0) + 1
    result = list(groups)
    for at in range(first, last + 1):
        result[at] = new_number
    return tidy(result)


def ungroup(groups: Groups, rows: Sequence[int]) -> list[int | None]:
    """Take `rows` out of their supersets; a group left with one exercise dissolves."""
    result = list(groups)
    for row in rows:
        if 0 <= row < len(result):
            result[row] = None
    return tidy(result)


def moved(groups: Groups, index: int, offset: int) -> tuple[list[int], list[int | None]]:
    """Move one exercise by `offset` places (clamped to the ends), keeping groups whole.

    Returns the new order (as old indices) and the tidy groups in that order. An exercise
    that would land inside a group it is not in hops over that group; it stays in its own
    group only while it is next to another member of it.
    """
    count = len(groups)
    order = list(range(count))
    if not 0 <= index < count or not offset:
        return order, tidy(groups)
    target = max(0, min(count - 1, index + offset))
    order.insert(target, order.pop(index))
    own = groups[index]
    step = 1 if offset > 0 else -1

    def inside_other_group(at: int) -> bool:
        if at <= 0 or at >= count - 1:
            return False
        above, below = groups[order[at - 1]], groups[order[at + 1]]
        return above is not None and above == below and above != own

    at = target
    while inside_other_group(at):
        order.insert(at + step, order.pop(at))
        at += step
    result = [groups[i] for i in order]
    neighbours = {result[at - 1] if at > 0 else None, result[at + 1] if at < count - 1 else None}
    if own is not None and own not in neighbours:
        result[at] = None
    return order, tidy(result)


def letter(number: int) -> str:
    """The letter of the group at 0-based `number`: A … Z, then AA, AB …"""
    text = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def number_of(text: str) -> int | None:
    """The 0-based group number of a letter (A → 0, AA → 26); None when it is not one."""
    text = text.strip().upper()
    if not text or not text.isascii() or not text.isalpha():
        return None
    value = 0
    for char in text:
        value = value * 26 + (ord(char) - ord("A") + 1)
    return value - 1


def labels(groups: Groups) -> list[str]:
    """ "A1", "A2", "B1" … for the members of each group (by their tidy order); "" outside."""
    result: list[str] = []
    seen: dict[int, str] = {}
    count: dict[int, int] = {}
    for number in tidy(groups):
        if number is None:
            result.append("")
            continue
        name = seen.setdefault(number, letter(len(seen)))
        count[number] = count.get(number, 0) + 1
        result.append(f"{name}{count[number]}")
    return result


def letters(groups: Groups) -> list[str]:
    """The group letter of each exercise ("A", "B" …), "" outside any group."""
    return [label.rstrip("0123456789") for label in labels(groups)]


def members(groups: Groups, index: int) -> list[int]:
    """The indices in the same group as `index` (itself included), in order; [index] alone."""
    tidied = tidy(groups)
    if not 0 <= index < len(tidied) or tidied[index] is None:
        return [index]
    return [i for i, g in enumerate(tidied) if g == tidied[index]]
