"""Pins (limit, paging, permission), gateway events, redelivery, deadlines and reconnects."""

from __future__ import annotations

import asyncio

import discord
import pytest

from bot.sandbox import perms
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.model import MAX_PINS
from tests.sandbox.conftest import StartBot


async def test_pin_reaches_channel_pins_and_the_bot(driver: Driver, start_bot: StartBot,
                                                    imitation: Imitation) -> None:
    _, seen = await start_bot()
    reply = await driver.slash("pinit")
    assert (reply.content, reply.ephemeral) == ("pinned", True)
    assert [p.content for p in driver.pins("general")] == ["pin me"]
    assert [m.content for m in driver.messages("general")] == ["pin me", ""]  # + system message
    await driver.wait_until(lambda: seen.pins_updates == [driver.channel("general").id], "pins")


async def test_missing_pin_messages_is_403_50013(driver: Driver, start_bot: StartBot,
                                                 imitation: Imitation) -> None:
    await start_bot()
    imitation.scenario.bot_role.permissions &= ~perms.PIN_MESSAGES
    reply = await driver.slash("pinit")
    assert reply.content == "failed 403 50013"
    assert driver.pins("general") == []


async def test_pin_limit_and_paging_through_250_pins(driver: Driver, start_bot: StartBot,
                                                     imitation: Imitation) -> None:
    await start_bot()
    for n in range(MAX_PINS):
        await driver.pin(await driver.post(f"note {n}", user="moderator"))
    full = await driver.slash("pinit")
    assert full.content == "failed 400 30003"

    count = await driver.slash("pincount")
    assert count.content == "250 pins"
    pages = [r for r in imitation.core.requests if r.path.endswith("/messages/pins")]
    assert [r.query.get("limit") for r in pages] == ["50"] * 5
    assert "before" not in pages[0].query
    assert all("before" in r.query for r in pages[1:])


async def test_pins_refuse_a_limit_over_50(imitation: Imitation) -> None:
    http = discord.http.HTTPClient(asyncio.get_running_loop())
    await http.static_login(imitation.token)
    try:
        channel_id = imitation.scenario.general.id
        with pytest.raises(discord.HTTPException) as refused:
            await http.pins_from(channel_id, limit=51)
        assert (refused.value.status, refused.value.code) == (400, 50035)
    finally:
        await http.close()


async def test_deleted_by_hand_reaches_the_bot_as_raw_events(driver: Driver,
                                                             start_bot: StartBot) -> None:
    _, seen = await start_bot()
    first = await driver.slash("echo", text="one")
    await driver.delete_message(first, by="moderator")
    await driver.wait_until(lambda: len(seen.raw_deletes) == 1, "the raw delete")
    assert seen.raw_deletes[0].message_id == first.message_id

    notes = [await driver.post(f"n{i}", user="member") for i in range(3)]
    await driver.delete_messages(notes, by="moderator")
    await driver.wait_until(lambda: len(seen.bulk_deletes) == 1, "the bulk delete")
    assert seen.bulk_deletes[0].message_ids == {n.message_id for n in notes}

    await driver.delete_channel("training")
    await driver.wait_until(lambda: seen.channel_deletes == [driver.scenario.training.id],
                            "the channel delete")


async def test_no_message_deletes_without_the_guild_messages_intent(
        driver: Driver, start_bot: StartBot, imitation: Imitation) -> None:
    _, seen = await start_bot(guild_messages=False)
    note = await driver.post("hi", user="member")
    await driver.delete_message(note, by="moderator")
    await driver.settle()
    assert seen.raw_deletes == []
    [session] = imitation.gateway.sessions.values()
    assert not [p for p in session.sent if p["t"] in ("MESSAGE_DELETE", "MESSAGE_CREATE")]


async def test_redelivery_gets_40060_from_a_bot_that_answers_twice(
        driver: Driver, start_bot: StartBot) -> None:
    _, seen = await start_bot()
    reply = await driver.slash("echo", text="once")
    again = await driver.redeliver(reply)
    assert again.interaction_id == reply.interaction_id
    record = driver.record(reply)
    assert (record.deliveries, record.duplicate_callbacks) == (2, 1)
    assert [getattr(e, "code", None) for e in seen.errors] == [40060]
    assert seen.counter == 2  # this bare bot does not dedupe; ours must


async def test_late_answer_is_refused_and_recorded(driver: Driver, start_bot: StartBot,
                                                   imitation: Imitation) -> None:
    _, seen = await start_bot()
    task = asyncio.create_task(driver.slash("late"))
    await driver.wait_until(lambda: len(imitation.ledger.records) == 1, "the interaction")
    imitation.advance(4)
    seen.gate.set()
    await driver.wait_until(lambda: bool(seen.errors), "the bot's failed answer")
    assert isinstance(seen.errors[0], discord.NotFound)
    assert seen.errors[0].code == 10062
    assert [r.id for r in driver.deadline_misses()] == list(imitation.ledger.records)
    task.cancel()


async def test_token_dies_after_15_minutes(driver: Driver, start_bot: StartBot,
                                           imitation: Imitation) -> None:
    bot, _ = await start_bot()
    reply = await driver.slash("echo", text="old")
    imitation.advance(15 * 60 + 1)
    record = driver.record(reply)
    webhook = discord.Webhook.partial(imitation.core.application_id, record.token,
                                      client=bot)
    with pytest.raises(discord.HTTPException) as refused:
        await webhook.send("too late")
    assert (refused.value.status, refused.value.code) == (401, 50027)
    assert driver.deadline_misses() == []


async def test_dropped_socket_resumes_and_replays(driver: Driver, start_bot: StartBot,
                                                  imitation: Imitation) -> None:
    _, seen = await start_bot()
    [session] = imitation.gateway.sessions.values()
    await imitation.gateway.drop()
    note = await driver.post("while away", user="member")
    await driver.delete_message(note, by="moderator")  # queued while the socket is down
    await driver.wait_until(lambda: len(seen.raw_deletes) == 1, "the replayed delete")
    assert (session.identifies, session.resumes) == (1, 1)
    reply = await driver.slash("echo", text="still here")
    assert reply.content == "still here"


async def test_unpin_by_hand_reaches_the_bot_without_a_message_id(
        driver: Driver, start_bot: StartBot, imitation: Imitation) -> None:
    _, seen = await start_bot()
    await driver.slash("pinit")
    [pinned] = driver.pins("general")
    await driver.unpin(pinned, by="moderator")
    assert driver.pins("general") == []
    general = driver.channel("general").id
    await driver.wait_until(lambda: seen.pins_updates == [general, general], "two pin updates")
    [session] = imitation.gateway.sessions.values()
    last = [p for p in session.sent if p["t"] == "CHANNEL_PINS_UPDATE"][-1]["d"]
    assert last == {"channel_id": str(general), "guild_id": str(imitation.scenario.guild.id),
                    "last_pin_timestamp": None}
