"""The bot under test as a subprocess (`python -m bot`, as deployed), pointed at the imitation.

Its stderr is read as it comes: the loop-lag samples (`bot.interactions.loop_lag.samples`, see
bot/interactions/loop_lag.py) are kept with their monotonic times, and warnings or errors are kept for the report.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.operations.cpu import move_threads, spans
from bot.sandbox.imitation import Imitation
from bot.sandbox.launch import process_environment

_SAMPLES = "loop lag samples (monotonic s:lag ms): "
_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # discord.py colours its log where it guesses a terminal
# INFO for the warnings and errors the report keeps; the loop-lag samples come at DEBUG.
_LOGGING = {"LOG_LEVEL": "INFO", "LOG_DEBUG": "bot.interactions.loop_lag"}


class BotProcess:
    """One run of the bot: spawned, read, measured, stopped."""

    def __init__(self, imitation: Imitation, db: Path | str, workdir: Path) -> None:
        self.imitation = imitation
        self.db = db
        self.workdir = workdir  # no .env here: the environment alone configures the bot
        self.process: asyncio.subprocess.Process | None = None
        self.spawned_at = 0.0
        self.lag: list[tuple[float, float]] = []  # (monotonic s, lag ms)
        self.problems: list[str] = []
        self.tail: deque[str] = deque(maxlen=40)
        self._reader: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    async def spawn(self) -> None:
        """Start the process; `spawned_at` is the perf_counter just before."""
        self.spawned_at = time.perf_counter()
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=self.workdir, env=process_environment(self.imitation, self.db, _LOGGING),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        self._reader = asyncio.create_task(self._read(), name="bench-bot-stderr")

    def exited(self) -> bool:
        return self.process is not None and self.process.returncode is not None

    async def _read(self) -> None:
        assert self.process is not None
        assert self.process.stderr is not None
        async for raw in self.process.stderr:
            line = _ANSI.sub("", raw.decode(errors="replace").rstrip())
            at = line.find(_SAMPLES)
            if at >= 0:
                for pair in line[at + len(_SAMPLES):].split():
                    when, lag = pair.split(":")
                    self.lag.append((float(when), float(lag)))
                continue
            self.tail.append(line)
            if any(word in line for word in ("WARNING", "ERROR", "Traceback")):
                self.problems.append(line)

    async def stop(self, within: float = 30.0) -> int:
        """SIGTERM (the bot finishes handlers in flight), then wait; kill if it hangs. Again, or
        before the bot was spawned: nothing to do."""
        if self.process is None:
            return 0
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), within)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
                self.problems.append("the bot did not stop within 30 s of SIGTERM and was killed")
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        return self.process.returncode or 0


@asynccontextmanager
async def running(bot: BotProcess) -> AsyncIterator[BotProcess]:
    """`bot`, stopped however the block ends (a phase that fails, Ctrl+C): no bot process outlives
    the benchmark, to answer an imitation that is gone."""
    try:
        yield bot
    finally:
        await bot.stop()


def rss_mb(pid: int) -> float:
    """Resident memory of one process, in MiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_times(pid: int) -> dict[str, float]:
    """Seconds on a CPU and waiting for one (Linux schedstat): the loop's thread, and all threads.

    On a shared machine the wait tells how much of a latency was the scheduler's doing.
    """
    def read(path: Path) -> tuple[float, float]:
        with contextlib.suppress(OSError, ValueError, IndexError):
            run, wait = path.read_text().split()[:2]
            return int(run) / 1e9, int(wait) / 1e9
        return 0.0, 0.0

    loop_run, loop_wait = read(Path(f"/proc/{pid}/task/{pid}/schedstat"))
    threads = [read(t / "schedstat") for t in Path(f"/proc/{pid}/task").iterdir()]
    return {"loop_cpu_s": loop_run, "loop_waited_for_cpu_s": loop_wait,
            "process_cpu_s": sum(r for r, _ in threads), "process_waited_for_cpu_s": sum(w for _, w in threads)}


def machine_cpu() -> dict[str, float]:
    """Seconds every CPU of the machine spent busy, and the seconds a hypervisor gave to other
    machines instead (steal), since boot (/proc/stat; 0 where there is none). On a shared machine
    the difference to the bot's and the benchmark's own CPU is other work, which can move
    every figure."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        with open("/proc/stat") as stat:
            ticks = [int(t) for t in stat.readline().split()[1:]]
        per_s = os.sysconf("SC_CLK_TCK")
        user, nice, system, _idle, _iowait, irq, softirq, steal = (ticks + [0] * 8)[:8]
        return {"machine_busy_s": (user + nice + system + irq + softirq) / per_s, "machine_steal_s": steal / per_s}
    return {"machine_busy_s": 0.0, "machine_steal_s": 0.0}


def descendants(pid: int) -> list[int]:
    """Processes started by `pid` and their children (the chart worker and its forkserver)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                ppid = int(stat[stat.rindex(")") + 2:].split()[1])
                parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found.extend(children)
        todo.extend(children)
    return found


def keep_off(pid: int) -> dict[str, str]:
    """Move every thread of this process (the load generator and the imitation) off the bot's CPUs.

    The bot keeps its threads on one CPU (BOT_CPU, see bot.operations.cpu); the benchmark runs
    on the others, so it measures the bot without taking its CPU (issue 32). Nothing moves
    when the bot may use every CPU there is (BOT_CPU=off, or one CPU).
    """
    if not hasattr(os, "sched_setaffinity"):
        return {}
    bot, ours = frozenset(os.sched_getaffinity(pid)), frozenset(os.sched_getaffinity(0))
    others = ours - bot
    move_threads(others or None)
    return {"bot": spans(bot), "benchmark": spans(others or ours)}
