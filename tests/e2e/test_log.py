"""/log end to end: who sees the reply, bad input through the real client, redelivery, pings."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.mentions import pings
from tests.e2e.logbook_helpers import count, entry_rows, today

pytestmark = pytest.mark.e2e


async def test_log_replies_privately_with_the_entry_and_a_nudge(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    reply = await driver.slash("log", weight=100, reps=10, sets=3, rpe=8)
    assert reply.ephemeral
    first, *rest = reply.content.splitlines()
    assert "3 × 10 @ 100 kg · RPE 8 · barbell" in first
    assert rest[0].startswith("**Next session:**")
    assert "(guide: " in reply.content  # the nudge cites the guide
    assert driver.messages("general") == []
    member = driver.user("member").id
    assert await entry_rows(hipbot, member) == [{
        "performed_on": today(imitation).isoformat(), "variant": "barbell", "sets": 3,
        "reps": 10, "weight": 100.0, "unit": "kg", "weight_kg": 100.0, "rpe": 8.0,
        "note": None, "setup_id": None, "interaction_id": reply.interaction_id}]


async def test_share_posts_the_reply_in_the_channel(hipbot: HipThrustBot,
                                                    driver: Driver) -> None:
    reply = await driver.slash("log", weight=60, reps=12, share=True, channel="training")
    assert not reply.ephemeral
    seen = driver.messages("training")
    assert [m.message_id for m in seen] == [reply.message_id]
    assert "1 × 12 @ 60 kg · barbell" in seen[0].content


async def test_share_logs_makes_sharing_the_default(hipbot: HipThrustBot,
                                                    driver: Driver) -> None:
    saved = await driver.slash("settings", share_logs=True)
    assert saved.ephemeral
    assert "share_logs: on" in saved.content
    public = await driver.slash("log", weight=60, reps=12)
    assert not public.ephemeral
    private = await driver.slash("log", weight=60, reps=11, share=False)
    assert private.ephemeral
    assert [m.message_id for m in driver.messages("general")] == [public.message_id]
    assert await count(hipbot, "entries", driver.user("member").id) == 2


async def test_log_in_a_dm_belongs_to_the_lifter_everywhere(hipbot: HipThrustBot,
                                                           driver: Driver) -> None:
    reply = await driver.slash("log", weight=80, reps=8, sets=2, rpe=7.5, channel="dm")
    assert "2 × 8 @ 80 kg · RPE 7.5 · barbell" in reply.content
    history = await driver.slash("history", channel="general")
    assert "2 × 8 @ 80 kg" in history.text
    other = await driver.slash("history", user="moderator")
    assert "No hip thrust sessions logged yet" in other.content


TOMORROW = "tomorrow"  # filled in from the shared clock when the test runs
BAD: list[tuple[dict[str, Any], bool, str, str]] = [
    # options, checked by the client as Discord's would, field named, part of the allowed range
    ({"weight": 100, "reps": 10, "rpe": 8.25}, True, "rpe", "steps of 0.5"),
    ({"weight": 1500, "reps": 10}, True, "weight", "1000 kg"),
    ({"weight": 2300, "reps": 10, "unit": "lb"}, False, "weight", "2200 lb"),
    ({"weight": -1, "reps": 10}, False, "weight", "0 (bodyweight)"),
    ({"weight": 0.0001, "reps": 10}, True, "weight", "0 (bodyweight) or at least 0.01 kg (you gave `0.0001`)"),
    ({"weight": 100, "reps": 101}, False, "reps", "1 to 100"),
    ({"weight": 100, "reps": 0}, False, "reps", "1 to 100"),
    ({"weight": 100, "reps": 10, "sets": 21}, False, "sets", "1 to 20"),
    ({"weight": 100, "reps": 10, "rpe": 10.5}, False, "rpe", "1 to 10"),
    ({"weight": 100, "reps": 10, "date": TOMORROW}, True, "date", "not after today"),
    ({"weight": 100, "reps": 10, "date": "2024-13-01"}, True, "date", "months go from 01 to 12"),
    ({"weight": 100, "reps": 10, "date": "01.02.2024"}, True, "date", "YYYY-MM-DD"),
    ({"weight": 100, "reps": 10, "note": "x" * 201}, False, "note", "at most 200"),
    ({"weight": 100, "reps": 10, "variant": "kettlebell"}, False, "variant", "single-leg"),
    ({"weight": 100, "reps": 10, "unit": "stone"}, False, "unit", "kg, lb"),
]


@pytest.mark.parametrize(("options", "checked", "field", "allowed"), BAD,
                         ids=[f"{b[2]}-{i}" for i, b in enumerate(BAD)])
async def test_bad_input_is_refused_privately_and_nothing_is_stored(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, options: dict[str, Any],
        checked: bool, field: str, allowed: str) -> None:
    if options.get("date") == TOMORROW:
        options = {**options, "date": (today(imitation) + dt.timedelta(days=1)).isoformat()}
    reply = await driver.slash("log", options, checked=checked, share=True)
    assert reply.ephemeral  # even with share: errors are private
    assert f"**{field}**" in reply.content
    assert allowed in reply.content
    assert "Nothing was stored" in reply.content
    member = driver.user("member").id
    assert await count(hipbot, "entries", member) == 0
    assert await count(hipbot, "pending_logs", member) == 0
    assert driver.messages("general") == []


async def test_values_just_inside_the_limits_are_stored(hipbot: HipThrustBot, driver: Driver,
                                                        imitation: Imitation) -> None:
    day = today(imitation).isoformat()
    await driver.slash("log", weight=2200, unit="lb", reps=100, sets=20, rpe=10, date=day,
                       note="n" * 200)
    await driver.slash("log", weight=0, reps=1, rpe=1, variant="bridge", date="1900-01-01")
    await driver.slash("log", weight=1000, reps=1)
    rows = await entry_rows(hipbot, driver.user("member").id)
    assert [(r["weight"], r["unit"], r["reps"], r["sets"], r["rpe"]) for r in rows] == [
        (2200.0, "lb", 100, 20, 10.0), (0.0, "kg", 1, 1, 1.0), (1000.0, "kg", 1, 1, None)]
    assert rows[0]["weight_kg"] == pytest.approx(997.9, abs=0.1)
    assert rows[0]["performed_on"] == day
    assert len(rows[0]["note"]) == 200


async def test_redelivered_log_stores_one_entry_and_answers_once(hipbot: HipThrustBot,
                                                                 driver: Driver) -> None:
    reply = await driver.slash("log", weight=100, reps=10)
    await driver.redeliver(reply)
    record = driver.record(reply)
    assert (record.deliveries, record.duplicate_callbacks) == (2, 0)
    assert await count(hipbot, "entries", driver.user("member").id) == 1


async def test_mentions_in_a_note_ping_nobody(hipbot: HipThrustBot, driver: Driver) -> None:
    moderator = driver.user("moderator")
    role = driver.scenario.moderator_role
    note = f"@everyone look <@{moderator.id}> <@&{role.id}> @here"
    reply = await driver.slash("log", weight=100, reps=10, note=note, share=True)
    assert not reply.ephemeral
    sent = driver.record(reply).callback_data or {}
    assert sent["allowed_mentions"] == {"parse": []}
    assert pings(sent["content"], sent["allowed_mentions"]).nobody
    assert "look" in reply.content  # the note is echoed, and stored exactly as typed
    [row] = await entry_rows(hipbot, driver.user("member").id)
    assert row["note"] == note


async def test_a_payload_orjson_refuses_is_read_and_its_value_refused_on_the_same_connection(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    # orjson (discord.py's JSON here) refuses a lone surrogate escape and NaN; undecoded, such a
    # frame ended the gateway connection. bot.interactions.json_codec reads it as discord.py
    # without orjson does, and the value is refused like any other.
    connected = list(imitation.gateway.sessions)
    for options, field in (({"note": "\ud800"}, "note"), ({"rpe": float("nan")}, "rpe")):
        reply = await driver.slash_raw("log", {"weight": 100, "reps": 10, **options})
        assert reply.ephemeral
        assert reply.content.startswith(f"**{field}** must be"), reply.content
    assert await count(hipbot, "entries", driver.user("member").id) == 0
    assert list(imitation.gateway.sessions) == connected  # no reconnect
    assert (await driver.slash("log", weight=100, reps=10)).content.startswith("**Logged**")


async def test_the_date_is_offered_from_the_last_two_weeks_in_the_lifters_time_zone(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    await driver.slash("settings", timezone="Pacific/Kiritimati")  # UTC+14: a day ahead of UTC at noon
    local = imitation.clock().astimezone(ZoneInfo("Pacific/Kiritimati")).date()
    offered = await driver.autocomplete("log", "date", weight=100, reps=10)
    weekday = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[local.weekday()]
    month = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[local.month - 1]
    assert offered[0] == {"name": f"today · {weekday} {local.day} {month}", "value": local.isoformat()}
    assert len(offered) == 14
    yesterday = (local - dt.timedelta(days=1)).isoformat()
    picked = await driver.slash("log", weight=100, reps=10, date=yesterday)
    assert f"on {yesterday}." in picked.content
