"""The gateway drops the bot's websocket mid-run: it reconnects, and nothing it knew is lost."""

from __future__ import annotations

import asyncio

import pytest

from tests.reliability.conftest import Lab
from tests.reliability.storm import Storm, log_sender
from tests.stored import entry_count

pytestmark = pytest.mark.e2e


async def test_a_drop_mid_storm_resumes_and_every_log_is_answered_once(lab: Lab) -> None:
    driver, gateway = lab.driver, lab.imitation.gateway
    lifters = lab.members(20)
    await driver.slash("settings", unit="lb", user=lifters[0])
    first = await driver.slash("log", weight=135, reps=10, user=lifters[0])
    [session] = gateway.sessions.values()
    sends = [log_sender(driver, lifter, driver.channel("training"), {"weight": 100 + n, "reps": 10})
             for n in range(5) for lifter in lifters]
    storm = Storm(driver, 30)
    drops: list[asyncio.Task[None]] = []
    sent_at_drop: list[int] = []

    def drop_once(answered: int) -> None:
        if answered == 25 and not drops:
            sent_at_drop.append(len(storm.sent))
            drops.append(asyncio.create_task(gateway.drop()))

    await storm.run(sends, on_answer=drop_once)
    await asyncio.gather(*drops)
    # The same session came back (RESUME) and got what was dispatched while it was away.
    assert (session.identifies, session.resumes) == (1, 1)
    assert len(storm.sent) > sent_at_drop[0]
    assert len(storm.answered) == len(sends)
    assert all(r.duplicate_callbacks == 0 for r in storm.sent)
    assert await lab.store.db.fetchval("SELECT COUNT(*) FROM entries") == len(sends) + 1

    # Later commands work, on the state from before the drop.
    after = await driver.slash("log", weight=140, reps=10, user=lifters[0])
    assert "@ 140 lb" in after.content
    again = await driver.redeliver(first)  # still recognised as a replay
    assert driver.record(again).duplicate_callbacks == 0
    assert await entry_count(lab.store, lifters[0].id) == 1 + 5 + 1


async def test_a_forgotten_session_identifies_afresh_and_keeps_its_state(lab: Lab) -> None:
    driver, gateway = lab.driver, lab.imitation.gateway
    member = driver.user("member")
    await driver.slash("settings", unit="lb", rep_low=8, rep_high=12)
    await driver.slash("setup", description="bench 40 cm, feet flat")
    first = await driver.slash("log", weight=135, reps=10)
    [old] = gateway.sessions
    await gateway.drop(forget=True)
    await driver.wait_ready()
    [new] = gateway.sessions.values()
    assert new.id != old
    assert (new.identifies, new.resumes) == (1, 0)

    reply = await driver.slash("log", weight=140, reps=12)
    assert reply.content.startswith("**Logged** 1 × 12 @ 140 lb")
    shown = await driver.slash("settings")
    assert "rep range: 8–12" in shown.content
    assert "bench 40 cm, feet flat" in shown.content
    history = await driver.slash("history")
    assert "135 lb" in history.text
    assert "140 lb" in history.text
    await driver.redeliver(first)  # the process still remembers it: no second answer
    assert driver.record(first).duplicate_callbacks == 0
    assert await entry_count(lab.store, member.id) == 2
