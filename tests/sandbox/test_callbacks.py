"""The imitation against the real discord.py client: login, sync and every callback type."""

from __future__ import annotations

import aiohttp
import discord
import pytest

from bot.sandbox import invocations as inv
from bot.sandbox import perms
from bot.sandbox.driver import Driver, FileUpload, InvocationError
from bot.sandbox.imitation import Imitation
from tests.sandbox.conftest import StartBot


async def test_wrong_token_is_refused(imitation: Imitation) -> None:
    client = discord.Client(intents=discord.Intents.none())
    with pytest.raises(discord.LoginFailure):
        await client.login("not-the-token")
    await client.close()


async def test_sync_stores_schemas_and_keeps_ids(imitation: Imitation, start_bot: StartBot) -> None:
    bot, _ = await start_bot()
    stored = {c["name"]: c for c in imitation.core.commands[None]}
    assert {"echo", "slow", "buttons", "upload"} <= set(stored)
    assert stored["echo"]["options"][0] == {
        "name": "text", "description": "…", "type": 3, "required": True}
    again = await bot.tree.sync()
    assert {str(c.id) for c in again} == {c["id"] for c in imitation.core.commands[None]}
    assert stored["echo"]["id"] == next(str(c.id) for c in again if c.name == "echo")


async def test_default_member_permissions_come_back_as_a_string(imitation: Imitation,
                                                                 start_bot: StartBot) -> None:
    bot, _ = await start_bot()
    stored = {c["name"]: c for c in imitation.core.commands[None]}
    assert stored["where"]["default_member_permissions"] == str(perms.PIN_MESSAGES)
    assert stored["echo"]["default_member_permissions"] is None
    fetched = {c.name: c for c in await bot.tree.fetch_commands()}
    assert fetched["where"].default_member_permissions == discord.Permissions(perms.PIN_MESSAGES)


async def test_unknown_route_is_a_discord_404_and_logged(imitation: Imitation) -> None:
    async with aiohttp.ClientSession() as session:
        headers = {"Authorization": f"Bot {imitation.token}"}
        async with session.get(f"{imitation.api_base}/guilds/1/bans", headers=headers) as resp:
            assert resp.status == 404
            assert resp.headers["Content-Type"] == "application/json"
            assert await resp.json() == {"message": "404: Not Found", "code": 0}
    assert imitation.core.unknown_routes == ["GET /api/v10/guilds/1/bans"]


async def test_type_4_public_and_ephemeral(driver: Driver, start_bot: StartBot,
                                           imitation: Imitation) -> None:
    await start_bot()
    public = await driver.slash("echo", text="hello @everyone")
    assert (public.callback_type, public.content, public.ephemeral) == (4, "hello @everyone", False)
    assert [m.content for m in driver.messages("general")] == ["hello @everyone"]
    callback = next(r for r in imitation.core.requests if r.path.endswith("/callback"))
    assert callback.query == {"with_response": "1"}
    assert callback.json["data"]["allowed_mentions"] == {"parse": []}

    private = await driver.slash("echo", text="psst", private=True)
    assert private.ephemeral
    assert [m.content for m in driver.messages("general")] == ["hello @everyone"]


async def test_type_5_defer_then_first_followup_keeps_the_defer_visibility(
        driver: Driver, start_bot: StartBot) -> None:
    await start_bot()
    reply = await driver.slash("slow", private=True)  # followup asks for public
    assert (reply.callback_type, reply.content, reply.ephemeral) == (5, "done", True)
    assert driver.followups(reply) == []
    assert driver.messages("general") == []


async def test_followup_edit_and_delete(driver: Driver, start_bot: StartBot) -> None:
    await start_bot()
    reply = await driver.slash("multi")
    followups = await driver.wait_followups(reply, 2)
    assert [f.content for f in followups] == ["two edited", "original says one edited"]
    await driver.wait_until(lambda: len(driver.messages("general")) == 2, "original deleted")
    assert [m.content for m in driver.messages("general")] == [
        "two edited", "original says one edited"]


async def test_component_callbacks_6_7_9_and_select(driver: Driver, start_bot: StartBot) -> None:
    await start_bot()
    reply = await driver.slash("buttons")
    assert [b["label"] for b in reply.buttons()] == ["Ack", "Update", "Form"]

    acked = await driver.click(reply, label="Ack")
    assert acked.callback_type == 6
    await driver.wait_until(lambda: driver.refresh(reply).content == "acked", "edit after ack")

    picked = await driver.select(reply, "Machine")
    assert (picked.content, picked.ephemeral) == ("picked machine", True)

    form = await driver.click(reply, custom_id="t:form")
    assert form.callback_type == 9
    assert form.modal is not None
    assert form.modal["title"] == "A note"
    noted = await driver.submit_modal(form, Note="hips high")
    assert (noted.content, noted.ephemeral) == ("noted: hips high", True)

    updated = await driver.click(reply, label="Update")
    assert (updated.callback_type, updated.content, updated.components) == (7, "updated", [])
    with pytest.raises(InvocationError):
        await driver.click(updated, label="Ack")


async def test_autocomplete_type_8(driver: Driver, start_bot: StartBot) -> None:
    await start_bot()
    choices = await driver.autocomplete("variant", "name", name="ba")
    assert [c["value"] for c in choices] == ["barbell", "banded"]


async def test_fixed_choices_are_listed_by_the_client_and_a_plain_option_offers_none(
        driver: Driver, start_bot: StartBot, imitation: Imitation) -> None:
    await start_bot()
    sent = len(imitation.core.ledger.records)
    assert await driver.autocomplete("size", "pick", pick="MED") == [{"name": "medium", "value": "medium"}]
    assert len(imitation.core.ledger.records) == sent  # Discord never asks the bot about fixed choices
    with pytest.raises(InvocationError, match="text offers no choices"):
        await driver.autocomplete("echo", "text", text="hi")


async def test_ping_gets_pong_type_1(driver: Driver, start_bot: StartBot,
                                     imitation: Imitation) -> None:
    bot, _ = await start_bot()

    async def on_interaction(interaction: discord.Interaction) -> None:
        if interaction.type is discord.InteractionType.ping:
            await interaction.response.pong()

    bot.add_listener(on_interaction)
    general = driver.channel("general")
    payload = inv.base_payload(imitation.core, 1, imitation.scenario.owner, general, None)
    record = inv.register(imitation.core, payload, imitation.scenario.owner, general)
    imitation.core.dispatch("INTERACTION_CREATE", payload, guild_id=general.guild_id)
    await driver.wait_until(lambda: record.answered, "the pong")
    assert record.callback_type == 1


async def test_file_upload_both_ways(driver: Driver, start_bot: StartBot) -> None:
    await start_bot()
    reply = await driver.slash("upload", file=FileUpload("log.csv", b"date,kg\n", "text/csv"))
    assert reply.content == "log.csv 8"
    [attachment] = reply.attachments
    assert (attachment.filename, attachment.data) == ("upper.txt", b"DATE,KG\n")
    with pytest.raises(InvocationError, match=r"file: give a file \(a FileUpload\), not 'log.csv'"):
        await driver.slash("upload", file="log.csv")  # a name is not a file: refused, not a TypeError


async def test_options_are_checked_like_the_client(driver: Driver, start_bot: StartBot) -> None:
    await start_bot()
    with pytest.raises(InvocationError, match="required"):
        await driver.slash("echo")
    with pytest.raises(InvocationError, match="no command"):
        await driver.slash("nope")
