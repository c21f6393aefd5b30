"""Entries told back to the lifter: "3 × 10 @ 100 kg · RPE 8 · barbell". Pure."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date

from bot.logbook.entries import NewEntry
from bot.logbook.units import format_number, format_weight


@functools.lru_cache(maxsize=4096)
def _sets_text(sets: int, reps: int, weight: float, unit: str) -> str:
    """ "3 × 10 @ 100 kg". Remembered, as `format_number` is: a lifter's sets repeat, and a
    /history page writes each entry's twice (its session's line and its menu label)."""
    return f"{sets} × {reps} @ {format_weight(weight, unit)}"


def describe_session_sets(entries: Sequence[NewEntry], room: int | None = None) -> str:
    """A session's sets in logged order, a run of entries with the same reps at the same load
    told once: set by set, 100 kg × 10 twice then × 8 reads "2 × 10 @ 100 kg, 1 × 8 @ 100 kg".
    Past `room` characters, whole runs as fit, then how many sets more ("…, and 412 more sets")."""
    said: list[str] = []
    counts: list[int] = []  # each run's sets, beside its text
    sets, run = 0, None  # the sets of the current run, and its (reps, weight, unit)
    for entry in entries:
        alike = (entry.reps, entry.weight, entry.unit)
        if alike != run:
            if run is not None:
                said.append(_sets_text(sets, *run))
                counts.append(sets)
            sets, run = 0, alike
        sets += entry.sets
    if run is not None:
        said.append(_sets_text(sets, *run))
        counts.append(sets)
    text = ", ".join(said)
    if room is None or len(text) <= room:
        return text
    kept, left = "", sum(counts)
    for sets, run_text in zip(counts, said, strict=True):
        longer = f"{kept}, {run_text}" if kept else run_text
        if len(f"{longer}, and {left - sets} more sets") > room:
            break
        kept, left = longer, left - sets
    return f"{kept}, and {left} more {'set' if left == 1 else 'sets'}"


@functools.lru_cache(maxsize=1024)
def day_text(day: date) -> str:
    """ "2026-11-25". Remembered: a /history page writes ~30 days, most of them twice or more
    (each session's line, and the label of each of its entries)."""
    return day.isoformat()


def describe_entry(entry: NewEntry, *, with_date: bool = False) -> str:
    """ "3 × 10 @ 100 kg · RPE 8 · barbell", the line a /log reply starts with; with the date first
    as /history's menu lists each entry of a page (one f-string: ~20 a page)."""
    day = f"{day_text(entry.performed_on)} · " if with_date else ""
    rpe = "" if entry.rpe is None else f" · RPE {format_number(entry.rpe)}"
    return f"{day}{_sets_text(entry.sets, entry.reps, entry.weight, entry.unit)}{rpe} · {entry.variant}"


def deleted_text(entry: NewEntry) -> str:
    """ "Deleted: …": the answer to a delete, and what the entry's post in a channel becomes (kept
    with the delete, so the post is rewritten even by a process that starts after it: bot.db.post_rewrites)."""
    return f"Deleted: {describe_entry(entry, with_date=True)}."
