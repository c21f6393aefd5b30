"""What server admins see and do: overwrites and role changes reach the bot; audit log reasons."""

from __future__ import annotations

import asyncio

import discord

from bot.sandbox import perms
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.sandbox.conftest import StartBot


def _cached_permissions(bot: discord.Client, imitation: Imitation, channel_id: int) -> discord.Permissions:
    guild = bot.get_guild(imitation.scenario.guild.id)
    assert guild is not None
    channel = guild.get_channel(channel_id)
    assert isinstance(channel, discord.TextChannel)
    return channel.permissions_for(guild.me)


async def test_overwrites_reach_the_bot_as_channel_update(driver: Driver, start_bot: StartBot,
                                                          imitation: Imitation) -> None:
    bot, _ = await start_bot()
    training = imitation.scenario.training
    assert _cached_permissions(bot, imitation, training.id).pin_messages
    deny = perms.Overwrite(imitation.scenario.bot_role.id, 0, deny=perms.PIN_MESSAGES)
    await driver.set_overwrites("training", deny)
    await driver.wait_until(lambda: not _cached_permissions(bot, imitation, training.id).pin_messages,
                            "the bot to see the overwrite")
    assert _cached_permissions(bot, imitation, training.id).send_messages
    # The imitation's own answers follow the same overwrite.
    assert not imitation.world.permissions(imitation.scenario.bot.id, training.id) & perms.PIN_MESSAGES


async def test_role_permissions_reach_the_bot_as_guild_role_update(
        driver: Driver, start_bot: StartBot, imitation: Imitation) -> None:
    bot, _ = await start_bot()
    general = imitation.scenario.general.id
    role = imitation.scenario.bot_role
    await driver.set_role_permissions(role, role.permissions & ~perms.PIN_MESSAGES)
    await driver.wait_until(lambda: not _cached_permissions(bot, imitation, general).pin_messages,
                            "the bot to see its role change")
    reply = await driver.slash("where", {"channel": "general"}, user="moderator")
    assert "bot False" in reply.content  # app_permissions follow the role too


async def test_audit_log_reason_is_recorded_decoded(imitation: Imitation) -> None:
    http = discord.http.HTTPClient(asyncio.get_running_loop())
    await http.static_login(imitation.token)
    general = imitation.scenario.general.id
    note = imitation.world.post(general, imitation.scenario.bot.id, content="note")
    try:
        await http.pin_message(general, note.id, reason="Guide snippet pinned by 42 · ü")
    finally:
        await http.close()
    [pin] = [r for r in imitation.core.requests if r.method == "PUT"]
    assert (pin.path, pin.reason) == (f"/api/v10/channels/{general}/messages/pins/{note.id}",
                                      "Guide snippet pinned by 42 · ü")
