"""Graceful shutdown: a command already running when the bot is asked to stop finishes and is kept."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest
from discord.backoff import ExponentialBackoff

from bot import runtime
from bot.client import HipThrustBot
from bot.interactions.closing import LINE_NOT_READ, RESTARTING
from bot.operations.backup import backup, restore
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.launch import sandbox_settings
from tests.e2e.bots import running_bot
from tests.e2e.chat_helpers import posted_pings_nobody
from tests.stored import entry_count

pytestmark = pytest.mark.e2e


def hold_logs(bot: HipThrustBot) -> tuple[asyncio.Event, asyncio.Event]:
    """Hold every log the bot stores until `release` is set; `inside` is set once one is held."""
    inside, release = asyncio.Event(), asyncio.Event()
    real_log = bot.store.logbook.log

    async def slow_log(*args: Any, **kwargs: Any) -> Any:
        inside.set()
        await release.wait()
        return await real_log(*args, **kwargs)

    bot.store.logbook.log = slow_log  # type: ignore[method-assign]
    return inside, release


async def test_a_log_in_flight_when_close_starts_is_answered_and_stored(
    imitation: Imitation, driver: Driver, tmp_path: Path
) -> None:
    async with running_bot(imitation, driver, tmp_path / "shutdown.db") as bot:
        inside, release = hold_logs(bot)  # the command is mid-flight when close() begins
        pending = asyncio.create_task(driver.slash("log", weight=100, reps=10))
        await asyncio.wait_for(inside.wait(), 5)
        closing = asyncio.create_task(bot.close())
        await asyncio.sleep(0.05)
        assert not closing.done()  # close waits for the handler in flight
        late = await asyncio.wait_for(driver.slash("ping"), 5)  # arrives after close began
        release.set()
        reply = await asyncio.wait_for(pending, 5)
        await asyncio.wait_for(closing, 5)
        assert reply.content.startswith("**Logged** 1 × 10 @ 100 kg")
        assert await entry_count(bot.store, driver.user("member").id) == 1
        assert (late.content, late.ephemeral) == (RESTARTING, True)  # not taken: told so, not left to time out


async def test_a_command_or_button_arriving_while_it_shuts_down_is_told_to_try_again_and_does_nothing(
    imitation: Imitation, driver: Driver, tmp_path: Path
) -> None:
    """Discord still delivers interactions while the handlers in flight finish: each is answered at
    once, privately, instead of its user reading "The application did not respond" 3 s later."""
    async with running_bot(imitation, driver, tmp_path / "shutdown.db") as bot:
        member = driver.user("member").id
        await driver.slash("log", weight=100, reps=10)
        undo = await driver.slash("undo")
        inside, release = hold_logs(bot)  # a second /log keeps the bot closing meanwhile
        pending = asyncio.create_task(driver.slash("log", weight=90, reps=8))
        await asyncio.wait_for(inside.wait(), 5)
        closing = asyncio.create_task(bot.close())
        await asyncio.sleep(0.05)
        late_log = await asyncio.wait_for(driver.slash("log", weight=110, reps=5), 5)
        late_delete = await asyncio.wait_for(driver.click(undo, "Delete it"), 5)
        late_autocomplete = asyncio.create_task(driver.autocomplete("log", "date", weight=100, reps=10))
        await asyncio.sleep(0.05)
        release.set()
        await asyncio.wait_for(pending, 5)
        await asyncio.wait_for(closing, 5)
        for late in (late_log, late_delete):
            assert (late.content, late.ephemeral, late.callback_type) == (RESTARTING, True, 4)
            assert driver.record(late).callback_at is not None  # within the deadline, as the bot's end checks
        assert await entry_count(bot.store, member) == 2  # the late /log stored nothing, Delete it deleted nothing
        assert driver.refresh(undo).content == undo.content  # the question stays as it was
        assert not late_autocomplete.done()  # Discord takes only choices for it: left alone
        late_autocomplete.cancel()


async def test_a_set_typed_in_a_dm_in_flight_when_close_starts_is_answered_and_stored(
    imitation: Imitation, driver: Driver, tmp_path: Path
) -> None:
    # close() waited for slash commands and buttons only: the chat line's set was stored, then its
    # reply failed on the closed HTTP session ("Session is closed"), so the lifter never saw it
    # stored and typed it again, a second entry.
    async with running_bot(imitation, driver, tmp_path / "shutdown.db") as bot:
        inside, release = hold_logs(bot)  # the line is mid-flight when close() begins
        pending = asyncio.create_task(driver.dm("100kg 3x10 @8"))
        await asyncio.wait_for(inside.wait(), 5)
        closing = asyncio.create_task(bot.close())
        await asyncio.sleep(0.05)
        assert not closing.done()  # close waits for the line in flight
        late = driver.write("110kg 3x8", channel="dm")  # arrives after close began: not read
        await asyncio.sleep(0.05)
        release.set()
        reply = await asyncio.wait_for(pending, 5)
        await asyncio.wait_for(closing, 5)
        assert reply.content.startswith("**Logged**"), reply.content
        assert await entry_count(bot.store, driver.user("member").id) == 1
        [told] = driver.answers_to(late)  # the next process never sees the line: it said nothing
        assert told.content == LINE_NOT_READ


async def test_a_set_typed_while_it_shuts_down_is_answered_not_read_and_a_line_not_for_it_is_left_alone(
    imitation: Imitation, driver: Driver, tmp_path: Path
) -> None:
    # It was left unanswered: the next process is never handed the line, so the lifter could not
    # tell whether the set was logged.
    async with running_bot(imitation, driver, tmp_path / "shutdown.db") as bot:
        inside, release = hold_logs(bot)  # a /log keeps the bot closing meanwhile
        pending = asyncio.create_task(driver.slash("log", weight=100, reps=10))
        await asyncio.wait_for(inside.wait(), 5)
        closing = asyncio.create_task(bot.close())
        await asyncio.sleep(0.05)
        mention = driver.write("110kg 3x8", channel="general", mention_bot=True)
        chatter = driver.write("110kg 3x8", channel="general")  # no mention: not the bot's to read
        told = await asyncio.wait_for(driver.answer_to(mention), 5)
        release.set()
        await asyncio.wait_for(pending, 5)
        await asyncio.wait_for(closing, 5)
        assert told.content == LINE_NOT_READ
        posted_pings_nobody(driver)
        assert driver.answers_to(chatter) == []
        assert await entry_count(bot.store, driver.user("member").id) == 1  # the /log in flight alone


async def test_sigterm_stops_a_bot_cut_off_from_discord_at_once(
    imitation: Imitation, driver: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`runtime.run` as the process runs it. Cut off from Discord, discord.py's reconnect loop
    sleeps out its backoff (random, up to 17 minutes; the longest here) before it looks whether
    the bot was closed: the bot must stop on SIGTERM all the same, and let go of its database."""
    monkeypatch.setattr(ExponentialBackoff, "delay", lambda self: 600.0)
    monkeypatch.setattr(runtime, "_freeze_when_ready", _no_freeze)  # this process is pytest's
    reconnecting = asyncio.Event()
    watcher = _Reconnecting(reconnecting)
    logging.getLogger("discord.client").addHandler(watcher)
    saved = sys.getswitchinterval(), gc.get_threshold()
    running = asyncio.create_task(runtime.run(sandbox_settings(imitation, tmp_path / "cut-off.db")))
    try:
        await driver.wait_ready(within=30)
        assert (await driver.slash("ping")).content.startswith("Pong")
        await imitation.stop()
        await asyncio.wait_for(reconnecting.wait(), 30)  # waiting 600 s before its next try
        assert not running.done()
        os.kill(os.getpid(), signal.SIGTERM)  # the handler runtime.run installed takes it
        await asyncio.wait_for(running, 15)
    finally:
        logging.getLogger("discord.client").removeHandler(watcher)
        sys.setswitchinterval(saved[0])
        gc.set_threshold(*saved[1])
        if not running.done():
            running.cancel()
    backup(tmp_path / "cut-off.db", tmp_path / "after.db")  # let go of: nothing holds it any more
    restore(tmp_path / "after.db", tmp_path / "cut-off.db")


async def _no_freeze(bot: object) -> None:
    return None


class _Reconnecting(logging.Handler):
    def __init__(self, seen: asyncio.Event) -> None:
        super().__init__(logging.ERROR)
        self.seen = seen

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("Attempting a reconnect"):
            self.seen.set()

