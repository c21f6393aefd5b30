"""/ping end to end: the real client, the real bot, the imitation."""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation

pytestmark = pytest.mark.e2e


async def test_ping_answers_privately(hipbot: HipThrustBot, driver: Driver,
                                      imitation: Imitation) -> None:
    reply = await driver.slash("ping", user="member", channel="general")
    assert reply.callback_type == 4
    assert reply.ephemeral
    assert reply.content.startswith("Pong. Gateway latency:")
    assert driver.messages("general") == []  # nobody else sees it
    assert "ping" in {c["name"] for c in imitation.core.commands[None]}


async def test_ping_works_in_a_dm(hipbot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.slash("ping", user="member", channel="dm")
    assert reply.content.startswith("Pong.")


async def test_redelivered_ping_is_not_answered_twice(hipbot: HipThrustBot,
                                                      driver: Driver) -> None:
    reply = await driver.slash("ping")
    await driver.redeliver(reply)
    record = driver.record(reply)
    assert (record.deliveries, record.duplicate_callbacks) == (2, 0)
