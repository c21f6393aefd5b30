"""Start and stop our real bot against the imitation, for the e2e fixture and restart tests.

A test that needs a bot "restart" runs two of these one after the other on the same database
and imitation, as a redeploy would: the first is closed (and its database with it) before the
second starts.

The bot runs on a SQLite file. With E2E_DATABASE=postgres (and TEST_DATABASE_URL naming a server,
as `.ci/postgres.sh` sets) it runs on PostgreSQL instead: each database file a test names becomes
a fresh schema, the same one for every bot the test starts on that file, dropped after the test.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

from bot.client import HipThrustBot
from bot.runtime import open_bot
from bot.sandbox.core import RecordedRequest
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.launch import launch, sandbox_settings, stop
from tests.postgres_helpers import create_schema, drop_schemas

ON_POSTGRES = os.environ.get("E2E_DATABASE", "sqlite") == "postgres"
_schemas: dict[Path, str] = {}  # with ON_POSTGRES: each database file's schema, during its test


@asynccontextmanager
async def running_bot(imitation: Imitation, driver: Driver, db: Path, *,
                      data_dir: Path | None = None) -> AsyncIterator[HipThrustBot]:
    """Our bot on `db`, synced and connected; closed on exit.

    The bot reads the imitation's clock, so `imitation.advance()` moves time for both sides
    (windows such as the guide's 60 s repeat guard can be crossed without waiting).
    On a normal exit it also checks that every interaction was answered within 3 s, and that
    discord.py's gateway logged no warning (issue 33: "Can't keep up ... 41.3s behind").
    """
    settings = dataclasses.replace(sandbox_settings(imitation, db), database_url=await database_of(db))
    if data_dir is not None:
        settings = dataclasses.replace(settings, data_dir=data_dir)
    with gateway_warnings() as warnings:
        async with open_bot(settings, clock=imitation.clock, guild_ready_timeout=0.05) as bot:
            runner = await launch(bot, imitation, driver, within=20)
            try:
                yield bot
            finally:
                await stop(bot, runner)
    assert driver.deadline_misses() == [], "an interaction was not answered within 3 s"
    assert warnings == [], "discord.py's gateway warned"


async def database_of(db: Path) -> str:
    """The URL of the database `running_bot` runs on for the file `db`: that file, or with
    ON_POSTGRES its schema (made on first use)."""
    if not ON_POSTGRES:
        return f"sqlite:///{db}"
    if db not in _schemas:
        _schemas[db] = await create_schema()
    return _schemas[db]


def drop_bot_schemas() -> None:
    """Drop the schemas `running_bot` made in place of database files (with ON_POSTGRES)."""
    if _schemas:
        urls = list(_schemas.values())
        _schemas.clear()
        asyncio.run(drop_schemas(urls))


class _Collect(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(f"{record.levelname} {record.name}: {record.getMessage()}")


@contextmanager
def gateway_warnings() -> Iterator[list[str]]:
    """What `discord.gateway` logs at WARNING or above meanwhile (it still goes where it went)."""
    lines: list[str] = []
    handler, logger = _Collect(lines), logging.getLogger("discord.gateway")
    assert logger.isEnabledFor(logging.WARNING), "discord.gateway's warnings are switched off"
    logger.addHandler(handler)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)


def refused_requests(imitation: Imitation) -> list[tuple[str, str, int]]:
    """Requests the imitation answered with an error (a 400 / 50035 is a body over Discord's
    limits); tests whose bot should never be refused assert this is empty."""
    return [(r.method, r.path, r.status) for r in imitation.core.requests if r.status >= 400]


def invalid_bodies(imitation: Imitation) -> list[tuple[str, str, Any]]:
    """Requests Discord (the imitation) refused as an Invalid Form Body (50035), with what it
    named: a text over one of Discord's limits, too many fields, choices or options."""
    return [(r.method, r.path, r.error.get("errors")) for r in imitation.core.requests
            if r.error is not None and r.error.get("code") == 50035]


def counted(bot: HipThrustBot, name: str, **labels: str) -> float:
    """The bot's own metrics sample `name` with exactly `labels` (0 before its first count)."""
    return bot.metrics.registry.get_sample_value(name, labels) or 0.0


async def post_known(driver: Driver, bot: HipThrustBot, message_id: int) -> None:
    """Wait until the bot holds this public post as one to link to (the guide's, a shared quiz
    verdict's): it learns the post's id from Discord's answer to the send, which over the
    internet comes after the channel shows the post (tests that ask again at once would race it)."""
    await driver.wait_until(lambda: bot.recent_posts.knows(message_id), "the bot to learn where it posted")


class HeldAnswers:
    """The imitation's answers to the bot's requests, held on their way back until `go` is set:
    Discord's round trip, made as long as a test needs (each request has done its work)."""

    def __init__(self) -> None:
        self.go = asyncio.Event()
        self.arrived = asyncio.Event()
        self.held: list[str] = []

    async def __call__(self, request: RecordedRequest) -> None:
        self.held.append(f"{request.method} {request.path}")
        self.arrived.set()
        await self.go.wait()
