"""Work the bot runs beside its events: started once it is ready, stopped by cancelling it.

No discord import: anything with discord.py's `wait_until_ready` will do.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, Protocol


class _Readies(Protocol):
    async def wait_until_ready(self) -> None: ...


async def ready(bot: _Readies) -> bool:
    """Wait until the bot is ready; False when it never logged in (a bot under test), which
    discord.py's `wait_until_ready` refuses with RuntimeError: then there is no one to talk to."""
    try:
        await bot.wait_until_ready()
    except RuntimeError:
        return False
    return True


async def cancel_and_wait(task: asyncio.Task[Any] | None) -> None:
    """Cancel the task, if there is one, and wait until it has stopped."""
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
