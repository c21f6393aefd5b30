"""Shared steps of the snippet e2e tests: pinning, reading what users see and what is stored."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver, DriverTimeoutError
from bot.sandbox.imitation import Imitation
from bot.sandbox.snapshots import Reply
from bot.settings import SHIPPED_DATA
from bot.snippets.model import Snippet

FOOTER_START = "Guide snippet: "


async def pin(driver: Driver, section: str, *, into: str | None = None, where: str = "general",
              user: str = "moderator") -> Reply:
    """Run /snippet pin as `user` in `where` (optionally naming another channel)."""
    options: dict[str, Any] = {"section": section}
    if into is not None:
        options["channel"] = into
    return await driver.slash("snippet pin", options, user=user, channel=where)


def footer(post: Reply) -> str:
    return str((post.embeds[-1].get("footer") or {}).get("text", ""))


def snippet_posts(driver: Driver, channel: str) -> list[Reply]:
    """The snippet embeds the bot posted in a channel, oldest first (system messages left out)."""
    return [m for m in driver.messages(channel)
            if m.embeds and footer(m).startswith(FOOTER_START)]


async def records(bot: HipThrustBot, imitation: Imitation) -> list[Snippet]:
    """The built-in server's snippet records, oldest first."""
    return sorted(await bot.store.snippets.for_guild(imitation.scenario.guild.id), key=lambda s: s.id)


async def eventually(driver: Driver, check: Callable[[], Awaitable[bool]], what: str) -> None:
    """Wait (up to the driver's timeout) until an async check holds, e.g. a listener's write."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + driver.timeout
    while not await check():
        if loop.time() > deadline:
            raise DriverTimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)  # the bot's listener runs as its own task; let it


async def wait_state(driver: Driver, bot: HipThrustBot, imitation: Imitation, message_id: int | None,
                     state: str) -> Snippet:
    """Wait until the record of this message has `state`; return it."""
    found: list[Snippet] = []

    async def check() -> bool:
        found[:] = [s for s in await records(bot, imitation) if s.message_id == message_id]
        return bool(found) and found[0].state.value == state

    await eventually(driver, check, f"snippet of message {message_id} to be {state}")
    return found[0]


def pin_requests(imitation: Imitation, method: str) -> list[Any]:
    """The bot's pin (PUT) or unpin (DELETE) requests, as the imitation received them."""
    return [r for r in imitation.core.requests
            if r.method == method and "/messages/pins/" in r.path]


def edited_data(tmp_path: Path, section_id: str, edit: Callable[[str], str]) -> Path:
    """A copy of the shipped data folder whose section `section_id` has an edited body."""
    data = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, data)
    body = data / "guide" / f"{section_id}.md"
    body.write_text(edit(body.read_text(encoding="utf-8")), encoding="utf-8")
    return data


