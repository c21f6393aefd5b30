"""runtime.run: process-wide settings made where the bot's process starts."""

import sys
from contextlib import asynccontextmanager

import pytest

from bot import runtime
from bot.settings import Secret, Settings


async def test_run_shortens_the_gil_switch_interval_for_the_database_thread(monkeypatch):
    @asynccontextmanager
    async def refused(settings, **options):
        raise RuntimeError("stop here")
        yield

    saved = sys.getswitchinterval()
    monkeypatch.setattr(runtime, "open_bot", refused)
    try:
        with pytest.raises(RuntimeError, match="stop here"):
            await runtime.run(Settings(token=Secret("t")))
        assert sys.getswitchinterval() == pytest.approx(runtime.GIL_SWITCH_INTERVAL)
    finally:
        sys.setswitchinterval(saved)
