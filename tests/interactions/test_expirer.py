"""The button timer keeps what greying an answer out needs, not the interaction."""

from __future__ import annotations

import asyncio
import gc
import weakref
from pathlib import Path
from types import SimpleNamespace

import discord
import pytest

from bot.client import HipThrustBot
from bot.db.store import Store
from bot.interactions import expirer as button_timers
from bot.interactions.expirer import Expirer
from bot.operations import log_context
from bot.settings import Settings
from tests.content import shipped_content


class _Interaction:
    """What `Expirer.schedule` reads of a `discord.Interaction` (a plain object, so it can be weakly referenced)."""

    def __init__(self, number: int = 1) -> None:
        self.id = number
        self.client = SimpleNamespace()
        self.application_id = 4000
        self.token = "interaction-token"
        self.message = None  # a command's: its answer is a message of its own
        self.response = SimpleNamespace(type=discord.InteractionResponseType.channel_message)
        self.data = {"options": ["x" * 1000]}  # what made each one ~4 KB


async def test_a_scheduled_answer_does_not_keep_its_interaction_alive() -> None:
    expirer = Expirer()
    interaction = _Interaction()
    gone = weakref.ref(interaction)
    expirer.schedule(interaction)  # type: ignore[arg-type]
    del interaction
    gc.collect()
    try:
        assert gone() is None, "the 14-minute timer still holds the interaction"
        assert len(expirer) == 1  # and it still waits to expire
    finally:
        expirer.cancel_all()


class _Message:
    """What `Expirer.schedule_message` reads of a `discord.Message` the bot sent in a channel."""

    def __init__(self, number: int = 1) -> None:
        self.id = number
        self.channel = SimpleNamespace(id=77)
        self.content = "x" * 2000
        self.components = [{"type": 1, "components": [{"type": 2, "custom_id": "x" * 100}]}]


async def test_a_scheduled_message_waits_as_its_ids_not_as_the_message() -> None:
    """A chat line's reply waited 14 minutes in a task of its own, holding the whole message."""
    expirer = Expirer()
    messages = [_Message(n) for n in range(1, 1001)]
    kept = [weakref.ref(message) for message in messages]
    tasks = len(asyncio.all_tasks())
    gc.collect()
    before = len(gc.get_objects())
    for message in messages:
        expirer.schedule_message(SimpleNamespace(), message)  # type: ignore[arg-type]
    gc.collect()
    try:
        assert len(gc.get_objects()) - before < 50  # nothing the garbage collector walks
        assert len(asyncio.all_tasks()) == tasks  # no task each
        del messages, message
        gc.collect()
        assert [ref for ref in kept if ref() is not None] == []
        assert len(expirer) == 1000  # they still wait to expire
    finally:
        expirer.cancel_all()


async def test_answers_waiting_to_expire_give_the_garbage_collector_nothing_to_walk() -> None:
    """A busy server has thousands of answers waiting out their buttons' 14 minutes; each kept
    its own timer, context copy and closure (~15 objects every collection walked)."""
    expirer = Expirer()
    interactions = [_Interaction(n) for n in range(1, 1001)]
    gc.collect()
    before = len(gc.get_objects())
    for interaction in interactions:
        expirer.schedule(interaction)  # type: ignore[arg-type]
    gc.collect()
    try:
        assert len(expirer) == 1000
        assert len(gc.get_objects()) - before < 50
    finally:
        expirer.cancel_all()


async def test_the_timer_runs_outside_the_log_context_of_the_command_that_set_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What expiring logs is no command's: the timer is set while a command runs, in its context."""

    class _MessageGone:
        async def fetch_message(self, message_id: object) -> None:
            raise discord.NotFound(SimpleNamespace(status=404, reason="Not Found"), "Unknown Message")

    monkeypatch.setattr(button_timers, "BUTTON_LIFETIME", 0.01)
    monkeypatch.setattr(discord.Webhook, "partial", lambda *args, **kwargs: _MessageGone())
    seen: list[log_context.LogContext] = []

    async def then() -> None:
        seen.append(log_context.current())

    expirer = Expirer()
    with log_context.within("log", 42):
        expirer.schedule(_Interaction(), then=then)  # type: ignore[arg-type]
    try:
        for _ in range(200):
            if seen:
                break
            await asyncio.sleep(0.01)
        assert seen == [log_context.NONE]
    finally:
        expirer.cancel_all()


async def test_messages_renewed_by_a_later_answer_are_not_kept_past_their_time(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A message a later answer took over is remembered until that answer's timer greys it; one
    gone before then (dismissed, deleted) is let go of once it is past its time."""
    store = await Store.open(tmp_path / "bot.db")
    bot = HipThrustBot(Settings(), store, content=shipped_content())
    expirer = Expirer()
    updated = SimpleNamespace(type=discord.InteractionResponseType.message_update)

    def later(number: int) -> _Interaction:
        answer = _Interaction(number)
        answer.client, answer.message, answer.response = bot, SimpleNamespace(id=number), updated  # type: ignore[assignment]
        return answer

    try:
        monkeypatch.setattr(button_timers, "BUTTON_LIFETIME", -1)  # already past: their timers found nothing
        for number in range(1, 1001):
            expirer.schedule(later(number))  # type: ignore[arg-type]
        assert len(bot.renewed_messages) == 1000
        monkeypatch.setattr(button_timers, "BUTTON_LIFETIME", 14 * 60)
        expirer.schedule(later(5000))  # type: ignore[arg-type]
        assert list(bot.renewed_messages) == [5000]
    finally:
        expirer.cancel_all()
        await bot.close()
        await store.close()
