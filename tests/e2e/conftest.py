"""End-to-end fixture: our real bot (open_bot) connected to the imitation, on a temp database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.bots import drop_bot_schemas, invalid_bodies, refused_requests, running_bot


@pytest.fixture
async def hipbot(imitation: Imitation, driver: Driver, tmp_path: Path
                 ) -> AsyncIterator[HipThrustBot]:
    """Our bot, commands synced and connected, on the imitation's clock; closed (and its
    database with it) after. Fails the test if an interaction missed Discord's 3 s deadline."""
    async with running_bot(imitation, driver, tmp_path / "e2e.db") as bot:
        yield bot


@pytest.fixture
def no_rejected_requests(imitation: Imitation) -> Iterator[None]:
    """After each test: Discord (the imitation) refused nothing the bot sent (a 400 / 50035 is a
    body over Discord's limits). Opt in with `pytest.mark.usefixtures("no_rejected_requests")`:
    not for every module, as some provoke refusals on purpose (a 403 for a missing permission, a
    404 for a message deleted while the bot was offline, a full pin list's 400)."""
    yield
    assert refused_requests(imitation) == [], "Discord (the imitation) refused a request"


@pytest.fixture(autouse=True)
def within_discord_limits(request: pytest.FixtureRequest) -> Iterator[None]:
    """After every end-to-end test: Discord (the imitation) refused no body of the bot's as an
    Invalid Form Body (50035: a text over a limit, too many fields or choices). Every test is so a
    test of Discord's limits on what it makes the bot send; a test provoking 50035 on purpose
    opts out with `pytest.mark.invalid_body_expected`."""
    checked = "imitation" in request.fixturenames and not request.node.get_closest_marker("invalid_body_expected")
    imitation: Imitation | None = request.getfixturevalue("imitation") if checked else None
    yield
    if imitation is not None:
        assert invalid_bodies(imitation) == [], "Discord (the imitation) refused a body as invalid"


@pytest.fixture(autouse=True)
def bot_schemas() -> Iterator[None]:
    """After every end-to-end test run with E2E_DATABASE=postgres: the PostgreSQL schemas its bots
    ran on are dropped (without it there are none, and this does nothing)."""
    yield
    drop_bot_schemas()
