"""What the logbook commands share for nudges: reading just enough history, and the guide citations."""

from __future__ import annotations

import functools
from collections.abc import Sequence
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


def load_citations(directory: Path) -> Citations:
    """Section titles and passages from the guide in `directory` (blocking: run it in a thread)."""
    return Citations.from_guide(load_guide(directory))


@functools.cache
def shipped_citations() -> Citations:
    """The shipped guide's citations, read once (for cogs built without the loaded guide)."""
    return load_citations(SHIPPED_GUIDE)


def advice_from(entries: Sequence[Entry], prefs: Preferences, variant: str) -> Advice:
    """The engine's advice after the latest session of `variant` in `entries` (pure)."""
    return advise(logged_entries(entries), engine_preferences(prefs), variant=variant)


async def advice_for(
    store: Store, user_id: int, variant: str, prefs: Preferences, *, limit: int = HISTORY_LIMIT
) -> Advice:
    """The engine's advice after the user's latest session of `variant` (one database trip)."""
    return advice_from(await store.logbook.history(user_id, variant, limit=limit), prefs, variant)
