"""Servers: a removal waits for the writes of its server under way, and later ones store nothing."""

from __future__ import annotations

import asyncio

from bot.db.servers import LEFT_REMEMBERED, Servers

GUILD, OTHER = 1_300_000_000_000_000_001, 1_300_000_000_000_000_002


async def test_a_removal_waits_for_the_writes_under_way_and_the_gate_goes_with_the_last() -> None:
    servers, order = Servers(), []
    writing, release = asyncio.Event(), asyncio.Event()

    async def write(name: str, guild: int, hold: asyncio.Event | None = None) -> None:
        async with servers.writing(guild) as present:
            order.append(f"{name} in, {'present' if present else 'left'}")
            if hold is not None:
                writing.set()
                await hold.wait()
            order.append(f"{name} out")

    async def remove() -> None:
        async with servers.leaving(GUILD):
            order.append("removal")

    first = asyncio.create_task(write("a", GUILD, release))
    await writing.wait()
    removal = asyncio.create_task(remove())
    await asyncio.sleep(0.01)
    await write("other server", OTHER)  # its own gate: does not wait
    later = asyncio.create_task(write("b", GUILD))
    await asyncio.sleep(0.01)
    assert len(servers._gates) == 1  # the server's, held by a, waited on by the removal and b
    release.set()
    await asyncio.gather(first, removal, later)
    assert order == ["a in, present", "other server in, present", "other server out", "a out", "removal",
                     "b in, left", "b out"]
    assert len(servers._gates) == 0
    servers.joined(GUILD)
    async with servers.writing(GUILD) as present:
        assert present


async def test_only_the_latest_removals_are_remembered() -> None:
    """Every server the bot was ever removed from was kept for as long as the process lived."""
    servers = Servers()
    guilds = range(GUILD, GUILD + LEFT_REMEMBERED + 500)
    for guild in guilds:
        async with servers.leaving(guild):
            pass
    assert len(servers._left) == LEFT_REMEMBERED
    assert len(servers._gates) == 0
    for guild in (guilds[-1], guilds[-LEFT_REMEMBERED]):
        async with servers.writing(guild) as present:
            assert not present
    async with servers.leaving(guilds[-LEFT_REMEMBERED]):  # left again: now the latest
        pass
    async with servers.leaving(GUILD - 1):
        pass
    async with servers.writing(guilds[-LEFT_REMEMBERED]) as present:
        assert not present
