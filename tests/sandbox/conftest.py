"""A bare discord.py bot with tiny commands, to test the imitation against the real client."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, Literal

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation


@dataclass
class Seen:
    """What the test bot observed."""

    errors: list[Exception] = field(default_factory=list)
    raw_deletes: list[discord.RawMessageDeleteEvent] = field(default_factory=list)
    bulk_deletes: list[discord.RawBulkMessageDeleteEvent] = field(default_factory=list)
    channel_deletes: list[int] = field(default_factory=list)
    pins_updates: list[int] = field(default_factory=list)
    gate: asyncio.Event = field(default_factory=asyncio.Event)
    counter: int = 0


class ButtonsView(discord.ui.View):
    """One button per callback type a component can get."""

    @discord.ui.button(label="Ack", custom_id="t:ack")
    async def ack(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await interaction.response.defer()  # type 6
        await interaction.edit_original_response(content="acked")

    @discord.ui.button(label="Update", custom_id="t:update")
    async def update(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await interaction.response.edit_message(content="updated", view=None)  # type 7

    @discord.ui.button(label="Form", custom_id="t:form")
    async def form(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await interaction.response.send_modal(NoteModal())  # type 9

    @discord.ui.select(custom_id="t:pick", options=[
        discord.SelectOption(label="Barbell", value="barbell"),
        discord.SelectOption(label="Machine", value="machine")])
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select[Any]) -> None:
        await interaction.response.send_message(f"picked {select.values[0]}", ephemeral=True)


class NoteModal(discord.ui.Modal, title="A note"):
    note: discord.ui.TextInput[Any] = discord.ui.TextInput(label="Note", custom_id="t:note")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"noted: {self.note.value}", ephemeral=True)


def add_commands(bot: commands.Bot, seen: Seen) -> None:
    tree = bot.tree

    @tree.command(description="Echo text")
    async def echo(interaction: discord.Interaction, text: str, private: bool = False) -> None:
        seen.counter += 1
        await interaction.response.send_message(
            text, ephemeral=private, allowed_mentions=discord.AllowedMentions.none())

    @tree.command(description="Defer, then follow up")
    async def slow(interaction: discord.Interaction, private: bool = True) -> None:
        await interaction.response.defer(ephemeral=private, thinking=True)
        await interaction.followup.send("done", ephemeral=not private)

    @tree.command(description="Reply, follow up, edit, delete")
    async def multi(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("one")
        second = await interaction.followup.send("two", wait=True)
        await second.edit(content="two edited")
        await interaction.edit_original_response(content="one edited")
        original = await interaction.original_response()
        await interaction.followup.send(f"original says {original.content}")
        await interaction.delete_original_response()

    @tree.command(description="Buttons")
    async def buttons(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("press", view=ButtonsView(timeout=60))

    @tree.command(description="Bounded options")
    async def bounded(interaction: discord.Interaction, n: app_commands.Range[int, 1, 5],
                      word: app_commands.Range[str, None, 3] | None = None) -> None:
        await interaction.response.send_message(f"n={n} word={word}", ephemeral=True)

    @tree.command(description="Autocomplete")
    async def variant(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(name)

    @variant.autocomplete("name")
    async def variant_names(_: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        names = ["barbell", "banded", "machine"]
        return [app_commands.Choice(name=n, value=n) for n in names if n.startswith(current)]

    @tree.command(description="Fixed choices")
    async def size(interaction: discord.Interaction, pick: Literal["small", "medium", "large"]) -> None:
        await interaction.response.send_message(pick)

    @tree.command(description="Upload")
    async def upload(interaction: discord.Interaction, file: discord.Attachment) -> None:
        data = await file.read()
        out = discord.File(__import__("io").BytesIO(data.upper()), filename="upper.txt")
        await interaction.response.send_message(f"{file.filename} {file.size}", file=out)

    @tree.command(description="Post and pin")
    async def pinit(interaction: discord.Interaction) -> None:
        assert isinstance(interaction.channel, discord.TextChannel)
        message = await interaction.channel.send("pin me")
        try:
            await message.pin()
        except discord.HTTPException as exc:
            await interaction.response.send_message(f"failed {exc.status} {exc.code}")
            return
        await interaction.response.send_message("pinned", ephemeral=True)

    @tree.command(description="Count pins")
    async def pincount(interaction: discord.Interaction) -> None:
        assert isinstance(interaction.channel, discord.TextChannel)
        pins = [m async for m in interaction.channel.pins(limit=None)]
        await interaction.response.send_message(f"{len(pins)} pins")

    @tree.command(description="Answer when the test says so")
    async def late(interaction: discord.Interaction) -> None:
        await seen.gate.wait()
        await interaction.response.send_message("finally")

    @tree.command(description="DM the invoker")
    async def dmme(interaction: discord.Interaction) -> None:
        await interaction.user.send("hello in private")
        await interaction.response.send_message("sent", ephemeral=True)

    @tree.command(description="Create, fetch, edit and delete a channel message")
    async def crud(interaction: discord.Interaction) -> None:
        assert isinstance(interaction.channel, discord.TextChannel)
        sent = await interaction.channel.send("draft")
        fetched = await interaction.channel.fetch_message(sent.id)
        await fetched.edit(content="final")
        doomed = await interaction.channel.send("doomed")
        await doomed.delete()
        try:
            await interaction.channel.send("x" * 2001)
        except discord.HTTPException as exc:
            await interaction.response.send_message(f"too long: {exc.status} {exc.code}")

    @tree.command(description="Report permissions")
    @app_commands.default_permissions(pin_messages=True)
    async def where(interaction: discord.Interaction,
                    channel: app_commands.AppCommandChannel) -> None:
        await interaction.response.send_message(
            f"you here {interaction.permissions.pin_messages}, you there "
            f"{channel.permissions.pin_messages}, bot {interaction.app_permissions.pin_messages},"
            f" limit {interaction.filesize_limit}", ephemeral=True)

    @tree.error
    async def on_error(interaction: discord.Interaction, error: Exception) -> None:
        seen.errors.append(getattr(error, "original", error))


StartBot = Callable[..., Awaitable[tuple[commands.Bot, Seen]]]


@pytest.fixture
async def start_bot(imitation: Imitation, driver: Driver) -> AsyncIterator[StartBot]:
    """Start a bare bot (synced, connected, ready) against the imitation; closed after."""
    started: list[tuple[commands.Bot, asyncio.Task[None]]] = []

    async def start(*, guild_messages: bool = True, sync: bool = True) -> tuple[commands.Bot, Seen]:
        intents = discord.Intents.none()
        intents.guilds = True
        intents.guild_messages = guild_messages
        bot = commands.Bot(command_prefix=commands.when_mentioned, intents=intents,
                           guild_ready_timeout=0.05)
        seen = Seen()
        add_commands(bot, seen)
        bot.add_listener(_collect(seen.raw_deletes, lambda e: e), "on_raw_message_delete")
        bot.add_listener(_collect(seen.bulk_deletes, lambda e: e), "on_raw_bulk_message_delete")
        bot.add_listener(_collect(seen.channel_deletes, lambda c: c.id), "on_guild_channel_delete")
        bot.add_listener(_collect(seen.pins_updates, lambda c, _: c.id),
                         "on_guild_channel_pins_update")

        async def setup_hook() -> None:
            if sync:
                await bot.tree.sync()

        bot.setup_hook = setup_hook  # type: ignore[method-assign]
        task = asyncio.create_task(bot.start(imitation.token))
        started.append((bot, task))
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        await driver.wait_ready()
        return bot, seen

    yield start
    for bot, task in started:
        await bot.close()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def _collect(items: list[Any], pick: Callable[..., Any]
             ) -> Callable[..., Coroutine[Any, Any, None]]:
    async def listener(*args: Any) -> None:
        items.append(pick(*args))

    return listener
