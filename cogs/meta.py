"""Bot health: `/ping`."""

from __future__ import annotations

import math
import time

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.interactions import replies
from bot.interactions.contexts import EVERYWHERE, allowed_in


def format_ping(latency_s: float, handling_ms: float | None) -> str:
    """`/ping`'s text: gateway heartbeat latency and the bot's own handling time."""
    gateway = "not measured yet" if not math.isfinite(latency_s) else f"{latency_s * 1000:.0f} ms"
    handling = "unknown" if handling_ms is None else f"{handling_ms:.1f} ms"
    return f"Pong. Gateway latency: {gateway} · handling: {handling}."


class Meta(commands.Cog):
    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot

    @app_commands.command(name="ping", description="Check that the bot is alive and how fast it answers")
    @allowed_in(EVERYWHERE)
    async def ping(self, interaction: discord.Interaction) -> None:
        received = self.bot.received_at(interaction.id)
        handling = None if received is None else (time.monotonic() - received) * 1000
        await replies.send(interaction, ephemeral=True, content=format_ping(self.bot.latency, handling))


async def setup(bot: HipThrustBot) -> None:
    await bot.add_cog(Meta(bot))
