"""Sync the command tree only when its schema changed since the last sync to the same place."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

import discord
from discord import app_commands

from bot.db.sync_state import SyncStateRepository

log = logging.getLogger(__name__)


class SyncRefusedError(RuntimeError):
    """Discord refused the sync to the configured guild; the message is fit for an operator."""


def scope_key(guild_id: int | None) -> str:
    return "global" if guild_id is None else f"guild:{guild_id}"


def schema_payload(tree: app_commands.CommandTree, guild_id: int | None) -> list[dict[str, Any]]:
    """Exactly what `tree.sync` would send for that scope."""
    guild = None if guild_id is None else discord.Object(guild_id)
    return [command.to_dict(tree) for command in tree.get_commands(guild=guild)]


def schema_hash(payload: list[dict[str, Any]]) -> str:
    canonical = json.dumps(sorted(payload, key=lambda c: (c.get("type", 1), c["name"])), sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def sync_commands(
    tree: app_commands.CommandTree,
    repo: SyncStateRepository,
    *,
    api_base: str,
    application_id: int,
    guild_id: int | None,
    now: Callable[[], datetime],
    force: bool = False,
) -> bool:
    """Sync when forced or when the schema differs from the last sync to this place; True if synced.

    The place is (API base, application, scope): a sandbox, another application or another
    guild never shares a hash with the real one.
    """
    if guild_id is not None:
        tree.copy_global_to(guild=discord.Object(guild_id))
    digest = schema_hash(schema_payload(tree, guild_id))
    scope = scope_key(guild_id)
    if not force and await repo.get_hash(api_base, application_id, scope) == digest:
        log.info("commands unchanged since the last sync to %s (%s); not syncing", scope, api_base)
        return False
    try:
        synced = await tree.sync(guild=None if guild_id is None else discord.Object(guild_id))
    except (discord.NotFound, discord.Forbidden) as exc:
        if guild_id is None:
            raise
        # 404 Unknown Guild (no such server) or 403 Missing Access (the bot is not in it).
        raise SyncRefusedError(
            f"Discord refused to sync the commands to DEV_GUILD_ID={guild_id} ({exc.status} {exc.text}): the bot"
            " is not in that server. Invite it there (scopes bot and applications.commands), or unset DEV_GUILD_ID"
        ) from None
    await repo.record(api_base, application_id, scope, digest, now())
    log.info("synced %d commands to %s", len(synced), scope)
    return True
