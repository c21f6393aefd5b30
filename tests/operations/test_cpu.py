"""BOT_CPU: the bot's threads on one CPU, its chart worker on the others (bot.operations.cpu)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import signal
import sys
import threading
from pathlib import Path

import pytest

from bot.bench.botproc import descendants
from bot.operations import cpu
from bot.operations.cpu import (
    Placement,
    choose,
    keep_on_one_cpu,
    run_helpers_as_batch,
    running_on,
    spans,
    worker_cpus,
)
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.launch import process_environment
from bot.settings import SettingsError
from tests.reliability.process import BotProcess

TWO = frozenset({0, 1})
needs_two_cpus_here = pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or not {0, 1} <= os.sched_getaffinity(0),
    reason="needs Linux and CPUs 0 and 1")


def test_auto_keeps_the_bot_where_it_started_and_gives_the_rest_to_charts():
    assert choose("auto", TWO, current=1) == Placement(bot=1, others=frozenset({0}))
    assert choose("auto", frozenset({2, 5, 7}), current=5) == Placement(bot=5, others=frozenset({2, 7}))
    # Running somewhere it may not stay (or unknown): the lowest CPU it may use.
    assert choose("auto", frozenset({2, 3}), current=0) == Placement(bot=2, others=frozenset({3}))
    assert choose("auto", frozenset({2, 3}), current=None) == Placement(bot=2, others=frozenset({3}))


def test_one_cpu_or_off_moves_nothing():
    assert choose("auto", frozenset({3}), current=3) is None
    assert choose("off", TWO, current=0) is None


def test_a_named_cpu_is_used_and_must_be_one_the_process_may_use():
    assert choose(0, TWO, current=1) == Placement(bot=0, others=frozenset({1}))
    assert choose(4, frozenset({4}), current=4) == Placement(bot=4, others=frozenset({4}))
    with pytest.raises(SettingsError, match=r"^BOT_CPU=7, but this process may only use CPUs 0-1\.$"):
        choose(7, TWO, current=0)


def test_cpu_lists_read_as_linux_writes_them():
    assert spans(frozenset({0, 1, 2, 3, 6, 8, 9})) == "0-3,6,8-9"
    assert spans(frozenset({5})) == "5"
    assert spans(frozenset()) == "none"


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="Linux only")
def test_auto_reads_the_cpu_this_thread_runs_on():
    saved = os.sched_getaffinity(0)
    try:
        for cpu in sorted(saved):
            os.sched_setaffinity(0, {cpu})  # the kernel moves this thread there at once
            assert running_on() == cpu
    finally:
        os.sched_setaffinity(0, saved)


@needs_two_cpus_here
def test_a_kernel_that_refuses_leaves_the_bot_where_it_is_and_says_so(monkeypatch, caplog):
    def refuse(pid: int, cpus: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "sched_setaffinity", refuse)
    with caplog.at_level(logging.WARNING, logger="bot.operations.cpu"):
        assert keep_on_one_cpu(0) is None
    assert worker_cpus() is None  # the chart worker is not moved either
    assert "could not keep the bot's threads on CPU 0 (BOT_CPU=0): [Errno 1] Operation not permitted" in caplog.text


def test_a_kernel_that_refuses_the_batch_leaves_the_threads_as_they_are_and_says_so(monkeypatch, caplog):
    def refuse(pid: int, policy: int, param: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "sched_setscheduler", refuse)
    monkeypatch.setattr(cpu, "_placement", Placement(bot=0, others=frozenset({1})))  # as if placed
    monkeypatch.setattr(cpu, "_threads", lambda: [threading.get_native_id(), 0])  # another thread beside this one
    with caplog.at_level(logging.WARNING, logger="bot.operations.cpu"):
        run_helpers_as_batch()
    assert "could not run the database threads as a batch (SCHED_BATCH): [Errno 1] Operation not permitted" \
        in caplog.text


def test_nothing_runs_as_a_batch_when_the_bot_is_not_kept_on_one_cpu(monkeypatch):
    asked: list[int] = []
    monkeypatch.setattr(os, "sched_setscheduler", lambda pid, policy, param: asked.append(pid))
    monkeypatch.setattr(cpu, "_placement", None)  # BOT_CPU=off, or one CPU in all
    monkeypatch.setattr(cpu, "_threads", lambda: [threading.get_native_id(), 0])  # another thread beside this one
    run_helpers_as_batch()
    assert asked == []


def _threads_cpus(pid: int) -> set[frozenset[int]]:
    return {frozenset(os.sched_getaffinity(int(t.name))) for t in Path(f"/proc/{pid}/task").iterdir()}


def _threads_policies(pid: int) -> dict[int, int]:
    return {int(t.name): os.sched_getscheduler(int(t.name)) for t in Path(f"/proc/{pid}/task").iterdir()}


async def _stop(bot: BotProcess) -> None:
    assert bot.process is not None
    bot.process.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(bot.wait(), 30) == 0, bot.output()


needs_two_cpus = pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="placement needs Linux and two CPUs this process may use")


@needs_two_cpus
@pytest.mark.e2e
@pytest.mark.slow
async def test_the_bot_process_runs_on_one_cpu_and_draws_charts_on_the_others(
        imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    allowed = frozenset(os.sched_getaffinity(0))
    chosen = max(allowed)
    bot = BotProcess(imitation, tmp_path / "cpu.db", tmp_path / "bot.log", {"BOT_CPU": str(chosen)})
    await bot.start(driver)
    try:
        assert bot.process is not None
        yesterday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
        for back in (1, 0):
            day = (yesterday - dt.timedelta(days=back)).isoformat()
            assert (await driver.slash("log", weight=100 + back, reps=10, date=day)).content
        chart = await driver.slash("progress")
        assert chart.content.startswith("**Your barbell hip thrust progress**")
        assert len(chart.attachments) == 1
        # Every thread of the bot (event loop, database, executor) on the one CPU; the database's
        # threads as a batch, the event loop's (the process's first) as it was …
        assert _threads_cpus(bot.process.pid) == {frozenset({chosen})}
        policies = _threads_policies(bot.process.pid)
        assert policies.pop(bot.process.pid) == os.SCHED_OTHER
        # (threads started later, the chart worker's pool's and the executor's, are the loop's
        # children and keep its policy)
        assert list(policies.values()).count(os.SCHED_BATCH) >= 3  # the writing connection, two readers
        # … and the chart worker, which the forkserver started, on the others.
        worker_cpus = {frozenset(os.sched_getaffinity(pid)) for pid in descendants(bot.process.pid)}
        assert allowed - {chosen} in worker_cpus
    finally:
        await _stop(bot)


@needs_two_cpus
@pytest.mark.e2e
@pytest.mark.slow
async def test_bot_cpu_off_leaves_the_process_where_the_kernel_puts_it(
        imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    bot = BotProcess(imitation, tmp_path / "off.db", tmp_path / "bot.log", {"BOT_CPU": "off"})
    await bot.start(driver)
    try:
        assert bot.process is not None
        assert (await driver.slash("ping")).content.startswith("Pong.")
        assert _threads_cpus(bot.process.pid) == {frozenset(os.sched_getaffinity(0))}
        assert set(_threads_policies(bot.process.pid).values()) == {os.SCHED_OTHER}  # not on one CPU: no batch
    finally:
        await _stop(bot)


async def test_a_cpu_the_process_may_not_use_stops_it_at_start_with_a_clear_message(
        imitation: Imitation, tmp_path: Path) -> None:
    env = process_environment(imitation, tmp_path / "bad.db", {"BOT_CPU": "4095"})
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=tmp_path, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2, output
    assert b"Configuration error: BOT_CPU=4095, but this process may only use CPUs" in output
