"""Fixtures for the operator's tools: our real bot on the imitation, on a database file of its own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.reliability.conftest import Lab


@pytest.fixture
async def lab(imitation: Imitation, driver: Driver, tmp_path: Path) -> AsyncIterator[Lab]:
    """A started bot (see tests/reliability); fails the test if an interaction missed its 3 s."""
    setup = Lab(imitation, driver, tmp_path / "operations.db")
    await setup.start()
    try:
        yield setup
    finally:
        await setup.stop()
