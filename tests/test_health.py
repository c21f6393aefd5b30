import asyncio
import time

from bot.health import LoopLagMonitor


async def test_a_blocking_call_shows_up_as_lag():
    monitor = LoopLagMonitor(interval=0.01)
    monitor.start()
    await asyncio.sleep(0.05)
    time.sleep(0.2)  # noqa: ASYNC251 - block the loop on purpose
    await asyncio.sleep(0.05)
    await monitor.stop()
    summary = monitor.summary()
    assert summary["samples"] >= 2
    assert summary["max_ms"] >= 150


def test_empty_summary():
    assert LoopLagMonitor().summary()["samples"] == 0
