"""What the logbook commands share for nudges: reading just enough history, and the guide citations."""

from __future__ import annotations

import functools
from pathlib import Path

from bot.advice import Citations, engine_preferences, logged_entries
from bot.db.store import Store
from bot.guide import load_guide
from bot.logbook import Entry, Preferences
from bot.progression import Advice, advise
from cogs.guide import SHIPPED_GUIDE

# Entries of one variant read for a nudge. The rules look at the latest few sessions and the
# best load of the current comparison; this many entries covers dozens of sessions while
# keeping /log's extra read small (it is benchmarked against /ping).
HISTORY_LIMIT = 100
DEFAULT_VARIANT = "barbell"


def load_citations(directory: Path) -> Citations:
    """Section titles and passages from the guide in `directory` (blocking: run it in a thread)."""
    return Citations.from_guide(load_guide(directory))


@functools.cache
def shipped_citations() -> Citations:
    """The shipped guide's citations, read once (for cogs built without the loaded guide)."""
    return load_citations(SHIPPED_GUIDE)


def _whole_days(entries: list[Entry], limit: int) -> list[Entry]:
    # A full page may have cut the oldest day short; a partial session would misread as a
    # lighter or shorter one, so drop that day unless it is all there is.
    if len(entries) < limit:
        return entries
    oldest = entries[0].performed_on
    return [e for e in entries if e.performed_on != oldest] or entries


async def advice_for(store: Store, user_id: int, variant: str, prefs: Preferences, *,
                     limit: int = HISTORY_LIMIT) -> Advice:
    """The engine's advice after the user's latest session of `variant`."""
    entries = _whole_days(await store.entries.for_variant(user_id, variant, limit=limit), limit)
    if entries and len({e.performed_on for e in entries}) == 1:
        # A first session of this variant: a new baseline, or a change of variant if the user
        # logged another one before. One more small read, only in that case.
        other = await store.entries.earliest_other_variant(user_id, variant)
        if other is not None:
            entries = [other, *entries]
    return advise(logged_entries(entries), engine_preferences(prefs), variant=variant)


async def chosen_variant(store: Store, user_id: int, variant: str | None) -> str:
    """The variant asked for, else the one the user logged last, else barbell."""
    if variant is not None:
        return variant
    latest = await store.entries.latest(user_id)
    return latest.variant if latest is not None else DEFAULT_VARIANT
