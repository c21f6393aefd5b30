"""Text fitted to one of Discord's limits without cutting a word or a line in two.

Pure: no discord (the pure cores, such as the config text, fit their replies with it too)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

ELLIPSIS = "…"


def lines_within(lines: Sequence[str], limit: int, more: Callable[[int], str]) -> str:
    """`lines` joined, in at most `limit` characters: as many whole lines as fit with `more(n)`, the
    line that says how many (`n`) were left out, never a line cut (or a mention split) mid-way."""
    text = "\n".join(lines)
    if len(text) <= limit:
        return text
    kept: list[str] = []
    for place, line in enumerate(lines):
        tail = more(len(lines) - place - 1) if place + 1 < len(lines) else ""
        if len("\n".join([*kept, line, tail])) > limit:
            return "\n".join([*kept, more(len(lines) - place)])
        kept.append(line)
    return "\n".join(kept)


def words_within(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: where it is longer, cut after its last whole word that
    fits with "…" (a word longer than the limit is the one thing cut mid-way)."""
    if len(text) <= limit:
        return text
    head = text[: limit - len(ELLIPSIS) + 1]  # one more: is the cut at a space?
    cut = head.rstrip().rfind(" ") if not head[-1].isspace() else len(head.rstrip())
    kept = head[:cut].rstrip() if cut > 0 else head[:-1]
    return kept + ELLIPSIS
