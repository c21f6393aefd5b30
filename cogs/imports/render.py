"""What /import says back: the preview, the outcome of Import, and /import undo's question."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import discord

from bot.db.imports import BatchInfo, Stored
from bot.imports import SOURCE_NAMES, ImportedEntry, ImportResult, LeftOut, Split
from bot.interactions import limits
from bot.interactions.counts import counted
from bot.interactions.replies import moment

MAX_PROBLEM_LINES = 10


def _span(entries: Sequence[ImportedEntry]) -> str:
    days = [e.performed_on for e in entries]
    first, last = min(days).isoformat(), max(days).isoformat()
    return f"on {first}" if first == last else f"from {first} to {last}"


def _variants(entries: Sequence[ImportedEntry]) -> str:
    counts = Counter(e.variant for e in entries)
    return ", ".join(f"{variant} {n}" for variant, n in counts.most_common())


_ONE = {"warm-up sets": "warm-up set", "rest timer rows": "rest timer row", "note rows": "note row",
        "rows of other exercises": "row of another exercise"}  # fmt: skip


def _skipped(skipped: dict[str, int]) -> str:
    ordered = sorted(skipped.items(), key=lambda item: -item[1])
    return ", ".join(f"{n:,} {_ONE.get(reason, reason) if n == 1 else reason}" for reason, n in ordered)


def problems_field(result: ImportResult) -> str:
    """The first rows left out, one a line, within an embed field's characters."""
    lines: list[str] = []
    used = 0
    for problem in result.problems[:MAX_PROBLEM_LINES]:
        line = f"line {problem.line} · {problem.field}: {problem.reason}"
        if used + len(line) + 40 > limits.FIELD_VALUE:
            break
        lines.append(line)
        used += len(line) + 1
    rest = len(result.problems) - len(lines)
    if rest:
        lines.append(f"… and {rest:,} more")
    return "\n".join(lines)


def _entries(n: int) -> str:
    return counted(n, "entry", "entries")


def _were(n: int) -> str:
    return "was" if n == 1 else "were"


def _left_out(left: LeftOut) -> list[tuple[str, str]]:
    """Each kind of entry left out (already in the log, removed by the lifter, in part), as the
    preview's line and as the outcome's sentence: one count, worded for each place."""
    said = []
    if left.in_log:
        n, were = _entries(left.in_log), _were(left.in_log)
        said.append((f"Already in your log, left out: {n}.", f"{n} already in your log {were} left out."))
    if left.removed:
        n, were = _entries(left.removed), _were(left.removed)
        said.append((
            f"Deleted or edited by you, left out: {n} (an import does not bring back what you took out of your"
            " log; `/log` one again to have it back).",
            f"{n} you deleted or edited {were} left out.",
        ))  # fmt: skip
    if left.partly:
        n, were, sets = _entries(left.partly), _were(left.partly), counted(left.partly_sets, "set")
        by_you = " or deleted or edited by you" if left.partly_removed else ""
        said.append((
            f"Partly in your log already{by_you}, imported with only the other sets: {n} ({sets} left out).",
            f"{n} partly in your log {were} imported without the {sets} already there{by_you}.",
        ))  # fmt: skip
    return said


def left_out_lines(left: LeftOut) -> list[str]:
    """The preview's lines on entries the log already holds, or held before the lifter deleted or
    edited them, whole or in part."""
    return [line for line, _ in _left_out(left)]


def _or_removed(left: LeftOut) -> str:
    return ", or you deleted or edited it" if left.removed else ""


def preview_embed(result: ImportResult, split: Split) -> discord.Embed:
    """The ephemeral preview: what Import would store, and every kind of row left out."""
    fresh, left = split.fresh, split.left_out
    lines = [f"Read as {result.description}."]
    if fresh:
        sets = sum(e.sets for e in fresh)
        lines.append(
            f"**{_entries(len(fresh))} to import** ({counted(sets, 'set')}) {_span(fresh)}: "
            f"{_variants(fresh)}."
        )
    else:
        lines.append("**Nothing to import.**")
    lines.append(f"Rows read: {result.rows_read:,} · hip thrust sets found: {result.sets_found:,}.")
    lines.extend(left_out_lines(left))
    if result.skipped:
        lines.append(f"Skipped: {_skipped(result.skipped)}.")
    if result.problems:
        lines.append(f"Left out because `/log` would refuse them: {counted(len(result.problems), 'row')} (below).")
    lines.extend(result.notes)
    if fresh:
        lines.append("Nothing is stored until you press **Import**.")
    elif left:
        lines.append(f"Everything usable in this file is already in your log{_or_removed(left)}.")
    else:
        lines.append("This file has no hip thrust or glute bridge sets that could be imported.")
    embed = discord.Embed(
        title=f"Import preview: {SOURCE_NAMES[result.source]}", description="\n".join(lines)[: limits.EMBED_DESCRIPTION]
    )
    if result.problems:
        embed.add_field(name="Rows left out (line · field: reason)", value=problems_field(result), inline=False)
    return embed


def stored_text(stored: Stored | None) -> str:
    """The preview message after Import was pressed."""
    if stored is None:
        return (
            "This preview has expired, was cancelled or was already handled. Nothing more was stored; "
            "run `/import csv` again if you still want to import the file."
        )
    if stored.already:
        return f"Already imported: {_entries(stored.stored)} from this file are in your log."
    left = stored.left_out
    if stored.batch_id is None:
        everything = f"every entry in this file is already in your log{_or_removed(left)}"
        return f"Nothing new to import: {everything}. Nothing was stored."
    said = "".join(f" {sentence}" for _, sentence in _left_out(left))
    them = "it" if stored.stored == 1 else "them"
    tail = f"See {them} with `/history`; `/import undo` removes this import."
    return f"**Imported** {_entries(stored.stored)}.{said} {tail}"


def batch_question(batch: BatchInfo) -> str:
    """/import undo: which import would go."""
    span = ""
    if batch.first_day and batch.last_day:
        first, last = batch.first_day.isoformat(), batch.last_day.isoformat()
        span = f", {first}" if first == last else f", {first} to {last}"
    when = moment(batch.created_at)  # in the reader's own time zone
    source = SOURCE_NAMES.get(batch.source, batch.source)
    edited = ""
    if batch.edited:
        # An edit keeps the entry in its import: undo removes it with the rest, edits and all.
        them = "it; it goes" if batch.edited == 1 else "them; they go"
        edited = f" Of them, {batch.edited} {_were(batch.edited)} edited since you imported {them} too."
    return (
        f"Your last import: {_entries(batch.entries)} from {source}{span}, imported {when}."
        f"{edited} {'Remove it?' if batch.entries == 1 else 'Remove all of them?'}"
    )


def removed_text(removed: int | None) -> str:
    """/import undo's outcome: how many entries went (None: the import was already gone)."""
    if removed is None:
        return "That import is already gone."
    return f"Removed your last import: {_entries(removed)}."
