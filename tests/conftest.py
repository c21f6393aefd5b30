"""Shared fixtures: the local Discord imitation and a driver acting as its users."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.clocks import midday_clock


@pytest.fixture
async def imitation() -> AsyncIterator[Imitation]:
    """A running imitation on `midday_clock`, with discord.py pointed at it for the test
    (restored after)."""
    saved_base, saved_gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    async with Imitation(clock=midday_clock()) as running:
        Route.BASE = running.api_base
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(running.gateway_url)
        try:
            yield running
        finally:
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved_base, saved_gateway
        assert running.core.internal_errors == [], "the imitation itself failed"


@pytest.fixture
def driver(imitation: Imitation) -> Driver:
    """Acts as the built-in users (member, moderator) against the imitation."""
    return Driver(imitation)
