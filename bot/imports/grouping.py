"""Sets into entries.

Consecutive identical sets of one session and exercise become one entry of N sets (at most 20,
/log's limit; a 21st starts a new entry). Which of them the log already holds is known.py's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date

from bot.imports.model import ImportedEntry
from bot.imports.rows import Taken
from bot.logbook.entries import SETS, NewEntry

EntryKey = tuple[str, str, int, int, float, str, float | None, str | None]


def entry_key(
    performed_on: date | str, variant: str, sets: int, reps: int, weight: float, unit: str,
    rpe: float | None, note: str | None,
) -> EntryKey:  # fmt: skip
    """What makes two sets of a file one entry's (a setup link does not)."""
    day = performed_on if isinstance(performed_on, str) else performed_on.isoformat()
    return (day, variant, sets, reps, round(weight, 3), unit, None if rpe is None else float(rpe), note)


def key_of(entry: NewEntry) -> EntryKey:
    return entry_key(
        entry.performed_on, entry.variant, entry.sets, entry.reps, entry.weight, entry.unit, entry.rpe, entry.note
    )


def group_sets(taken: Sequence[Taken]) -> list[ImportedEntry]:
    """Merge runs of identical sets; order the entries by when they were done (file order within that)."""
    merged: list[tuple[Taken, int, int]] = []  # (first set, its position, sets so far)
    for position, current in enumerate(taken):
        if merged:
            first, start, count = merged[-1]
            same = first.session == current.session and key_of(first.entry) == key_of(current.entry)
            if same and first.entry.setup == current.entry.setup and count < SETS[1]:
                merged[-1] = (first, start, count + 1)
                continue
        merged.append((current, position, 1))
    merged.sort(key=lambda item: (item[0].at, item[1]))
    return [dataclasses.replace(first.entry, sets=count) for first, _, count in merged]
