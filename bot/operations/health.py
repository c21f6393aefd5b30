"""Is the bot ready to serve? Its gateway connection on every shard this process runs, and the
database answering. What /readyz answers, and the gateway gauges of /metrics."""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass

import discord

from bot.client import HipThrustBot

DATABASE_TIMEOUT = 2.0  # a database that takes longer than this to answer `SELECT 1` is not ready


@dataclass(frozen=True)
class ShardLink:
    """One shard's gateway connection as this process sees it."""

    shard_id: int
    connected: bool
    latency: float | None  # seconds between a heartbeat and its ACK; None before the first ACK


def shard_links(bot: HipThrustBot) -> list[ShardLink]:
    """Every shard this process runs (one, numbered 0, when unsharded), connected or not."""
    if isinstance(bot, discord.AutoShardedClient):
        wanted = bot.shard_ids if bot.shard_ids is not None else range(bot.shard_count or 1)
        links = []
        for shard_id in wanted:
            info = bot.shards.get(shard_id)
            connected = info is not None and not info.is_closed()
            links.append(ShardLink(shard_id, connected, _seconds(info.latency) if info is not None else None))
        return links
    ws = bot.ws
    return [ShardLink(bot.shard_id or 0, ws is not None and ws.open, _seconds(bot.latency))]


def _seconds(latency: float) -> float | None:
    return latency if math.isfinite(latency) else None  # discord.py says inf or nan before the first ACK


async def problems(bot: HipThrustBot, *, database_timeout: float = DATABASE_TIMEOUT) -> list[str]:
    """Why the bot is not ready, one reason a line; empty when it is."""
    found: list[str] = []
    if bot.is_closed():
        found.append("the bot is shutting down")
    elif not bot.is_ready():
        found.append("the gateway has not sent READY yet")
    found += [f"shard {link.shard_id}: gateway not connected" for link in shard_links(bot) if not link.connected]
    try:
        await asyncio.wait_for(bot.store.db.fetchval("SELECT 1"), database_timeout)
    except TimeoutError:
        found.append(f"database: no answer within {database_timeout:g} s")
    except Exception as exc:  # the reason goes to the operator; any failure means not ready
        found.append(f"database: {type(exc).__name__}: {exc}")
    return found
