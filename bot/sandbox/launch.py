"""Start a bot against the imitation and wait until it is ready, or fail fast if it cannot start."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Mapping
from pathlib import Path

from discord import Client

from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.settings import ENV_NAMES, SHIPPED_DATA, Secret, Settings

REPO_ROOT = SHIPPED_DATA.parent  # the checkout whose code a child process must run


def sandbox_settings(imitation: Imitation, db: Path, *, log_level: str = "WARNING") -> Settings:
    """Settings pointing the bot at the imitation, a database of its own and the shipped data."""
    return Settings(token=Secret(imitation.token), database_url=f"sqlite:///{db}",
                    api_base=imitation.api_base, gateway_url=imitation.gateway_url,
                    log_level=log_level, data_dir=SHIPPED_DATA)


def process_environment(
    imitation: Imitation, database: Path | str, more: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment of `python -m bot` as a child process aimed at the imitation and `database`
    (a SQLite file or a URL): none of the bot's variables is inherited from whoever starts it, and
    this checkout's code is imported whatever an editable install elsewhere points at. `more`
    adds or overrides variables (LOG_LEVEL, SHARD_COUNT, …). The child must start in a directory
    without a `.env`, so that only this environment counts."""
    env = {k: v for k, v in os.environ.items() if k not in ENV_NAMES}
    env.update(
        DISCORD_TOKEN=imitation.token, DISCORD_API_BASE=imitation.api_base,
        DISCORD_GATEWAY_URL=imitation.gateway_url, LOG_LEVEL="WARNING",
        DATABASE_URL=database if isinstance(database, str) else f"sqlite:///{database.resolve()}",
        PYTHONPATH=os.pathsep.join(p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH")) if p),
    )  # fmt: skip
    env.update(more or {})
    return env


async def launch(client: Client, imitation: Imitation, driver: Driver,
                 within: float = 60.0) -> asyncio.Task[None]:
    """Run `client.start` in a task; return it once the client is ready.

    If the client fails while starting (an extension that cannot load, a refused login),
    its exception is raised here at once instead of after the timeout.
    """
    runner = asyncio.create_task(client.start(imitation.token), name="sandbox-bot")
    ready = asyncio.create_task(client.wait_until_ready())
    done, _ = await asyncio.wait({runner, ready}, timeout=within,
                                 return_when=asyncio.FIRST_COMPLETED)
    if runner in done:
        ready.cancel()
        runner.result()  # raises what stopped the client
        raise RuntimeError("the bot stopped before it was ready")
    if not done:
        ready.cancel()
        await stop(client, runner)
        raise TimeoutError(f"the bot was not ready within {within} s")
    await driver.wait_ready()
    return runner


async def stop(client: Client, runner: asyncio.Task[None]) -> None:
    """Close the client and wait for its task."""
    await client.close()
    with contextlib.suppress(asyncio.CancelledError):
        await runner
