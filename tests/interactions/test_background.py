import asyncio

import discord

from bot.interactions.background import cancel_and_wait, ready


async def test_a_bot_that_never_logged_in_is_never_ready():
    assert await ready(discord.Client(intents=discord.Intents.none())) is False  # discord.py's RuntimeError


async def test_a_bot_is_ready_once_discord_py_says_so():
    class Readied:
        def __init__(self) -> None:
            self.event = asyncio.Event()

        async def wait_until_ready(self) -> None:
            await self.event.wait()

    bot = Readied()
    waiting = asyncio.create_task(ready(bot))
    await asyncio.sleep(0)
    assert not waiting.done()
    bot.event.set()
    assert await waiting is True


async def test_cancel_and_wait_stops_the_task_and_takes_none():
    task = asyncio.create_task(asyncio.sleep(60))
    await cancel_and_wait(task)
    assert task.cancelled()
    await cancel_and_wait(None)  # a task never started
