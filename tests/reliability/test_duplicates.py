"""The same interaction twice, and two Delete clicks racing: consistent results, stored once.

(Store anyway pressed twice at once is in tests/e2e/test_log_confirm.py.)
"""

from __future__ import annotations

import asyncio

import pytest

from bot.sandbox.raw import command_data
from bot.sandbox.snapshots import Reply
from tests.reliability.conftest import Lab
from tests.stored import entry_count

pytestmark = pytest.mark.e2e


def callbacks(lab: Lab, reply: Reply) -> tuple[int, int]:
    """(deliveries, callbacks Discord refused as duplicates) of the reply's interaction."""
    record = lab.driver.record(reply)
    return record.deliveries, record.duplicate_callbacks


async def test_a_redelivered_log_stores_once_and_is_answered_once(lab: Lab) -> None:
    reply = await lab.driver.slash("log", weight=80, reps=10, sets=3)
    again = await lab.driver.redeliver(reply)
    assert again.content == reply.content
    assert callbacks(lab, reply) == (2, 0)
    assert await entry_count(lab.store, lab.driver.user("member").id) == 1


async def test_a_log_delivered_twice_at_once_stores_once(lab: Lab) -> None:
    driver = lab.driver
    member, general = driver.user("member"), driver.channel("general")
    record = driver.send(2, member, general, command_data(
        lab.imitation.core, "log", {"weight": 80, "reps": 10}, member, general))
    record.deliveries += 1  # the replay arrives before the first delivery is answered
    lab.imitation.core.dispatch("INTERACTION_CREATE", record.payload, guild_id=general.guild_id)
    reply = await driver.answer(record)
    await driver.settle()
    assert reply.content.startswith("**Logged**")
    assert record.duplicate_callbacks == 0
    assert await entry_count(lab.store, member.id) == 1


async def test_a_log_redelivered_after_a_restart_is_still_stored_once(lab: Lab) -> None:
    # A fresh process remembers no interaction ids: the database's unique key must hold the line.
    reply = await lab.driver.slash("log", weight=80, reps=10)
    await lab.restart()
    await lab.driver.redeliver(reply)
    assert await entry_count(lab.store, lab.driver.user("member").id) == 1
    # Its second answer was refused by Discord (40060); the user still sees the first one.
    assert callbacks(lab, reply) == (2, 1)
    assert lab.driver.refresh(reply).content.startswith("**Logged**")


async def test_redelivered_setup_and_settings_store_once(lab: Lab) -> None:
    member = lab.driver.user("member")
    setup = await lab.driver.slash("setup", description="bench 40 cm, feet flat")
    settings = await lab.driver.slash("settings", unit="lb", rep_low=8)
    await lab.driver.redeliver(setup)
    await lab.driver.redeliver(settings)
    assert [s[1] for s in await lab.store.users.setups(member.id)] == ["bench 40 cm, feet flat"]
    assert callbacks(lab, setup) == callbacks(lab, settings) == (2, 0)
    prefs = await lab.store.users.preferences(member.id)
    assert (prefs.unit, prefs.rep_low) == ("lb", 8)


async def test_two_delete_clicks_racing_delete_one_entry(lab: Lab) -> None:
    member = lab.driver.user("member")
    await lab.driver.slash("log", weight=80, reps=10, date="2024-01-01")
    await lab.driver.slash("log", weight=82.5, reps=10, date="2024-01-08")
    confirm = await lab.driver.slash("undo")
    assert "2024-01-08" in confirm.content
    first, second = await asyncio.gather(lab.driver.click(confirm, "Delete it"),
                                         lab.driver.click(confirm, "Delete it"))
    answers = sorted(str((lab.driver.record(r).callback_data or {}).get("content")) for r in (first, second))
    assert answers[0].startswith("Deleted: 2024-01-08 · 1 × 10 @ 82.5 kg")
    assert answers[1] == "That entry is already gone."
    [left] = [e async for batch in lab.store.entries.stream(member.id) for e in batch]
    assert left.performed_on.isoformat() == "2024-01-01"  # only the entry shown was deleted

