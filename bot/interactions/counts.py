"""Counts as the bot states them: "1 entry", "3 entries", or "log entries: 3, setups: 1".

Pure: no discord (the pure cores and the config text use it too)."""

from __future__ import annotations

from collections.abc import Mapping


def counted(n: int, one: str, many: str | None = None) -> str:
    """3 → "3 entries", 1 → "1 entry" (`many` defaults to `one` + "s"); thousands get commas."""
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def tally(counts: Mapping[str, int], *, skip_zero: bool = False) -> str:
    """{"log entries": 3, "setups": 0} → "log entries: 3, setups: 0" (or "log entries: 3"): a
    label and its number read right for one as for many ("1 log entries" did not), so the
    repositories' labels need no singular."""
    return ", ".join(f"{label}: {n}" for label, n in counts.items() if n or not skip_zero)
