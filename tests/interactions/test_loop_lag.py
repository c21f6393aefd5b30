import asyncio
import logging
import time

from bot.interactions.loop_lag import LoopLagMonitor


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


async def test_samples_are_logged_with_their_time_when_asked(caplog):
    caplog.set_level(logging.DEBUG, logger="bot.interactions.loop_lag")
    monitor = LoopLagMonitor(interval=0.01, report_every=60)
    monitor.start()
    began = time.monotonic()
    await asyncio.sleep(0.03)
    time.sleep(0.1)  # noqa: ASYNC251 - block the loop on purpose
    await asyncio.sleep(0.03)
    await monitor.stop()  # flushes what was not reported yet
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.interactions.loop_lag.samples"]
    assert len(lines) == 1
    pairs = [p.split(":") for p in lines[0].split(": ", 1)[1].split()]
    assert all(began <= float(at) <= time.monotonic() for at, _ in pairs)
    assert max(float(lag) for _, lag in pairs) >= 50
