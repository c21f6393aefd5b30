"""Raw slash commands (values past the client's checks) and who a sent message would notify."""

from __future__ import annotations

import math

import pytest

from bot.interactions.json_codec import use_orjson
from bot.sandbox.core import RecordedRequest
from bot.sandbox.driver import Driver, InvocationError
from bot.sandbox.imitation import Imitation
from bot.sandbox.mentions import Pings, interaction_pings, pings, request_pings
from tests.sandbox.conftest import StartBot


async def test_raw_values_reach_the_bot_verbatim(driver: Driver, start_bot: StartBot) -> None:
    await start_bot()
    with pytest.raises(InvocationError):
        await driver.slash("echo", text="x" * 6001)  # the client refuses this
    reply = await driver.slash_raw("echo", {"text": 12345, "private": True})
    assert (reply.content, reply.ephemeral) == ("12345", True)  # an int where text was declared
    sent = driver.record(reply).payload["data"]["options"]
    assert sent == [{"name": "text", "type": 3, "value": 12345},
                    {"name": "private", "type": 5, "value": True}]


async def test_nan_and_infinity_travel_as_json_reads_them(driver: Driver, start_bot: StartBot) -> None:
    # discord.py decodes with orjson when it is installed (it is: our bot's dependency), and
    # orjson refuses NaN; our bot hands that to the standard library (json_codec), and so must
    # this test's bot. Before, the test passed only after another test had installed it.
    use_orjson()
    await start_bot()
    # A number option (type 10) whatever the schema says; discord.py float()s it for the command.
    reply = await driver.slash_raw("echo", {"text": float("nan")}, types={"text": 10})
    assert reply.content == "nan"
    [option] = driver.record(reply).payload["data"]["options"]
    assert option["type"] == 10
    assert math.isnan(option["value"])
    reply = await driver.slash_raw("echo", {"text": float("inf")}, types={"text": 10})
    assert reply.content == "inf"


async def test_raw_still_respects_who_may_see_the_command(driver: Driver, start_bot: StartBot) -> None:
    await start_bot()
    with pytest.raises(InvocationError, match="cannot see"):
        await driver.slash_raw("where", {"channel": "anything"}, user="member")


async def test_raw_channel_objects_are_resolved(driver: Driver, start_bot: StartBot) -> None:
    await start_bot()
    reply = await driver.slash_raw("where", {"channel": driver.channel("training")}, user="moderator")
    assert reply.content.startswith("you here True, you there True")
    data = driver.record(reply).payload["data"]
    assert str(driver.channel("training").id) in data["resolved"]["channels"]


def test_escaped_mentions_are_text() -> None:
    # (mentions.pings itself is covered in test_unchecked_and_mentions.py)
    assert pings("@\u200beveryone <@\u200b123456789012345678>", None).nobody


def test_only_message_requests_count() -> None:
    def request(method: str, path: str, body: object) -> RecordedRequest:
        return RecordedRequest(method, path, {}, body, [])

    post = request("POST", "/api/v10/channels/1/messages", {"content": "@everyone"})
    assert request_pings(post) == Pings(everyone=True)
    defer = request("POST", "/api/v10/interactions/1/tok/callback", {"type": 5, "data": {}})
    assert request_pings(defer) is None
    reply = request("POST", "/api/v10/interactions/1/tok/callback",
                    {"type": 4, "data": {"content": "<@123456789012345678>",
                                         "allowed_mentions": {"parse": []}}})
    assert request_pings(reply) == Pings()
    assert request_pings(request("PUT", "/api/v10/channels/1/pins/2", None)) is None


async def test_an_echo_without_pings_is_seen_as_such(driver: Driver, start_bot: StartBot,
                                                     imitation: Imitation) -> None:
    await start_bot()
    reply = await driver.slash("echo", text="@everyone <@123456789012345678>")
    found = interaction_pings(imitation.core, driver.record(reply))
    assert found == [Pings()]
    assert reply.content == "@everyone <@123456789012345678>"
