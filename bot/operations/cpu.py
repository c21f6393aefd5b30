"""Where the bot runs: all of its threads on one CPU, its chart worker on the others (BOT_CPU).

The bot's Python runs one thread at a time (the GIL): the event loop, and the database threads
that must win the GIL back from it after every SQLite step. With the two on different CPUs,
every hand-over wakes the other CPU and moves what both threads touch (reference counts,
queues, the sqlite3 connection) from one CPU's cache to the other's. Kept on one CPU, a
database command cost about a third less CPU in the benchmark's capacity phase (issue 32, A/B
twice, three rounds each: `/log` 1.59–2.49 → 1.21–1.49 ms, `/history` 2.16–3.07 → 1.41–2.29,
`/nudge` 1.54–2.13 → 0.80–1.30; `/ping` unchanged), and more of them were answered a second.
The one thing a second CPU gave the bot, SQLite's C code running beside the loop, was worth
less than the hand-overs cost; the chart worker is the work that does use another CPU, so it
is moved to the CPUs the bot left.

On that one CPU the database threads run as a batch (SCHED_BATCH, `run_helpers_as_batch`): one
woken there (given a job) waits for the loop's turn to end instead of preempting it at once.
Preempting was futile: the woken thread needs the GIL, which the loop holds, so the CPU switched
to it and straight back. With every thread a batch one, in the capacity phase (A/B, two runs of
two rounds each) a command switched threads 0.5 times instead of 2.1 and cost less CPU: `/nudge`
0.62 → 0.53–0.57 ms, `/history` 0.80 → 0.72–0.77, `/log` 0.75–0.77 → 0.71–0.73, `/ping`
unchanged; the database threads alone as a batch did as well (two more A/B rounds). The loop
stays as it was: a batch thread does not preempt other processes either (sched(7): "mildly
disfavored" on wake-up), and on PostgreSQL, whose server processes shared the bot's CPU, a
batch loop waited behind them: `/ping` answered 854 a second instead of 2,544 and start → ready
took 2.05 s instead of 0.70 (one benchmark run each).

BOT_CPU=auto (the default) keeps the bot on the CPU it started on, so that processes started
side by side (shards) tend to land apart; a number names the CPU; `off` leaves placement to
the kernel. Linux only: elsewhere (no `os.sched_setaffinity`) nothing is moved.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from bot.settings import CpuChoice, SettingsError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Placement:
    bot: int  # the one CPU of every thread of the bot's process
    others: frozenset[int]  # where its chart worker runs: the CPUs it may use but the bot's


_placement: Placement | None = None


def choose(choice: CpuChoice, allowed: frozenset[int], current: int | None) -> Placement | None:
    """Where the bot goes, given the CPUs this process may use and the one it runs on now.

    None: leave it (BOT_CPU=off, or one CPU is all there is). A named CPU outside `allowed`
    is a configuration error: the kernel would refuse it, and the operator meant something.
    """
    if choice == "off" or not allowed:
        return None
    if isinstance(choice, int):
        if choice not in allowed:
            raise SettingsError(f"BOT_CPU={choice}, but this process may only use CPUs {spans(allowed)}.")
        cpu = choice
    elif len(allowed) < 2:
        return None
    else:
        cpu = current if current in allowed else min(allowed)
    return Placement(bot=cpu, others=(allowed - {cpu}) or allowed)


def keep_on_one_cpu(choice: CpuChoice) -> Placement | None:
    """Move every thread of this process to one CPU (see the module docstring).

    Threads and processes started afterwards inherit it (the chart worker then moves itself to
    `worker_cpus()`, see bot.progress.charts), so this runs first, before the database opens
    its threads. Should the kernel refuse, the bot runs where it is and says so.
    """
    global _placement
    if not hasattr(os, "sched_setaffinity"):
        return None
    placement = choose(choice, frozenset(os.sched_getaffinity(0)), running_on())
    if placement is None:
        return None
    try:
        move_threads({placement.bot})
    except OSError as exc:  # a sandbox that forbids it, say
        log.warning("could not keep the bot's threads on CPU %d (BOT_CPU=%s): %s", placement.bot, choice, exc)
        return None
    _placement = placement
    log.info("the bot's threads run on CPU %d (BOT_CPU=%s); charts are drawn on CPU %s",
             placement.bot, choice, spans(placement.others))
    return placement


def worker_cpus() -> frozenset[int] | None:
    """The CPUs for a chart worker started now: the ones the bot left, or None (not moved)."""
    return None if _placement is None else _placement.others


def move_threads(cpus: Iterable[int] | None) -> None:
    """Run every thread of this process on `cpus` (threads started later inherit it); nothing
    when None or off Linux. Raises OSError when the kernel refuses."""
    if cpus is None or not hasattr(os, "sched_setaffinity"):
        return
    for thread in _threads():
        with contextlib.suppress(ProcessLookupError):  # a thread that ended meanwhile
            os.sched_setaffinity(thread, cpus)


def run_helpers_as_batch() -> None:
    """Every thread of this process but the calling one (the event loop's) under SCHED_BATCH,
    when the bot is kept on one CPU (see the module docstring): call it once the database has
    opened its threads. Threads started later are the loop's children and keep its policy.
    Should the kernel refuse, the threads stay as they are and the bot says so."""
    if _placement is None or not hasattr(os, "SCHED_BATCH"):
        return
    loop_thread = threading.get_native_id()
    try:
        for thread in _threads():
            if thread != loop_thread:
                with contextlib.suppress(ProcessLookupError):  # a thread that ended meanwhile
                    os.sched_setscheduler(thread, os.SCHED_BATCH, os.sched_param(0))
    except OSError as exc:
        log.warning("could not run the database threads as a batch (SCHED_BATCH): %s", exc)


def spans(cpus: frozenset[int]) -> str:
    """CPU numbers as Linux lists them: `0-3,6`."""
    ordered = sorted(cpus)
    runs = [[cpu for _, cpu in run] for _, run in groupby(enumerate(ordered), key=lambda pair: pair[1] - pair[0])]
    return ",".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs) or "none"


def running_on() -> int | None:
    """The CPU this thread last ran on (field 39 of /proc/thread-self/stat), or None."""
    try:
        stat = Path("/proc/thread-self/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    return int(fields[36]) if len(fields) > 36 else None


def _threads() -> list[int]:
    """Every thread of this process (0, this one, where /proc cannot tell)."""
    try:
        return [int(tid) for tid in os.listdir("/proc/self/task")]
    except OSError:
        return [0]
