"""Which of a file's entries the log already holds, counted set by set.

A set in the file is a set in the log when its day, variant, reps, weight (to 3 decimals) and
unit are the same: a Strong entry of 3 × 10 @ 100 kg is the three sets of 1 × 10 @ 100 kg a lifter
logged one at a time in chat, and the other way round. RPE and note take no part. They say how a
set felt and what was said of it, not which set it was, and two records of one set seldom agree
on them: chat gives the hardest set's RPE for the lot or none, Strong and Hevy one per set or
none; a chat note is the rest of the line, an imported one is put on one line and cut to 200
characters, and most sets have none. The log keeps its own entry, RPE and note as they are.

The sets are counted as a multiset: a file entry of N sets uses up N of the log's matching sets
on its day, whichever entries hold them, so importing a file twice adds nothing, and a file
holding the same entry twice, against a log holding it once, adds it once. An entry the log
holds only some sets of is imported with the sets the log lacks (three in the file, two logged
in chat: the third is imported): adding all three would count two sets twice, and leaving the
entry out would lose one.

Sets the lifter removed from the log (deleted, or edited into something else; bot/db/removed.py
keeps them) count as there too, once the log's own are used up: a newer export of the same app
holds every old workout again, and an import must not bring back what the lifter took out.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.imports.model import ImportedEntry

SetKey = tuple[str, str, int, float, str]


def set_key(performed_on: date | str, variant: str, reps: int, weight: float, unit: str) -> SetKey:
    """What makes two sets the same set: day, variant, reps, weight to 3 decimals, unit."""
    day = performed_on if isinstance(performed_on, str) else performed_on.isoformat()
    return (day, variant, int(reps), round(float(weight), 3), unit)


def count_sets(rows: Iterable[Iterable[Any]]) -> Counter[SetKey]:
    """The sets of entries given as (day, variant, sets, reps, weight, unit) rows, by key."""
    counts: Counter[SetKey] = Counter()
    for day, variant, sets, reps, weight, unit in rows:
        counts[set_key(day, variant, reps, weight, unit)] += int(sets)
    return counts


def sets_removed(was: SetKey, had: int, now: SetKey, has: int) -> int:
    """How many of an entry's sets an edit removed, from its sets' key and count before (`was`,
    `had`) and after (`now`, `has`): all of them when the key changed (day, variant, reps, weight
    or unit), else those it took off (3 → 2 sets: one; 1 → 2: none, an added set removes nothing)."""
    return had if was != now else max(0, had - has)


@dataclass(frozen=True)
class Known:
    """The sets an import treats as already there, on the days of its file, by key."""

    logged: Counter[SetKey] = dataclasses.field(default_factory=Counter)  # in the log
    removed: Counter[SetKey] = dataclasses.field(default_factory=Counter)  # deleted or edited by the lifter


@dataclass(frozen=True)
class LeftOut:
    """What an import leaves out of a file's entries, and why."""

    in_log: int = 0  # entries whose every set the log holds
    removed: int = 0  # entries whose every set the log holds or the lifter removed (some removed)
    partly: int = 0  # entries imported with only the sets neither in the log nor removed
    partly_sets: int = 0  # the sets of those left out
    partly_removed: int = 0  # of `partly_sets`, how many the lifter removed

    def __bool__(self) -> bool:
        return bool(self.in_log or self.removed or self.partly)


@dataclass(frozen=True)
class Split:
    """A file's entries split against the log: what Import stores, and what it leaves out."""

    fresh: tuple[ImportedEntry, ...]  # an entry partly in the log comes with fewer sets than in the file
    left_out: LeftOut


def split_known(entries: Iterable[ImportedEntry], known: Known) -> Split:
    """Each entry in file order takes the log's matching sets it can, then the removed ones; what
    is left of it is fresh."""
    logged, removed = Counter(known.logged), Counter(known.removed)
    fresh: list[ImportedEntry] = []
    counts = Counter[str]()
    for entry in entries:
        key = set_key(entry.performed_on, entry.variant, entry.reps, entry.weight, entry.unit)
        in_log = min(entry.sets, logged[key])
        gone = min(entry.sets - in_log, removed[key])
        logged[key] -= in_log
        removed[key] -= gone
        if in_log + gone == entry.sets:
            counts["removed" if gone else "in_log"] += 1
            continue
        if in_log + gone:
            counts.update(partly=1, partly_sets=in_log + gone, partly_removed=gone)
            entry = dataclasses.replace(entry, sets=entry.sets - in_log - gone)
        fresh.append(entry)
    return Split(tuple(fresh), LeftOut(**counts))
