"""What the database holds, for assertions: read from the tables, or as /export reads it.

The repositories have no methods for tests; these read what a user's commands stored.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from bot.config.model import GuildConfig
from bot.db import removed
from bot.db.logbook_sql import insert_entry
from bot.db.store import Store
from bot.logbook.entries import Entry, NewEntry, Preferences


async def add_entry(
    store: Store, user_id: int, entry: NewEntry, *, setup_id: int | None, interaction_id: int | None, when: datetime
) -> int | None:
    """Store one entry with the statement /log and "Store anyway" use; None for an interaction already stored."""
    return await insert_entry(store.db, user_id, entry, setup_id, interaction_id, when)


async def entry_count(store: Store, user_id: int) -> int:
    """How many log entries the user has."""
    return int(await store.db.fetchval("SELECT COUNT(*) FROM entries WHERE user_id = ?", (user_id,)))


async def entries_of(store: Store, user_id: int, variant: str | None = None) -> list[Entry]:
    """The user's entries in the order they were stored (as /export reads them), of one variant if given."""
    return [e async for batch in store.entries.stream(user_id) for e in batch if variant in (None, e.variant)]


async def delete_entry(store: Store, user_id: int, entry_id: int) -> bool:
    """Delete an entry as every Delete and Undo does (remembered, so an import leaves it out),
    without reading it or its post first; whether there was one to delete."""
    return bool(await store.db.run(partial(removed.delete_entry, user_id=user_id, entry_id=entry_id), writes=True))


async def save_settings(store: Store, config: GuildConfig, when: datetime) -> None:
    """Store every setting of a server, as a /config set that chose all of them does."""
    await store.guild_config.change(config.guild_id, lambda _stored: config, when)


async def save_preferences(store: Store, user_id: int, prefs: Preferences) -> None:
    """Store the lifter's settings as /settings does (the current setup stays as stored: it is /setup's)."""
    await store.users.change_preferences(user_id, lambda _: prefs)
