"""`python -m bot` as a child process pointed at the imitation, as an operator would run it."""

from __future__ import annotations

import asyncio
import logging
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from bot.sandbox.core import RecordedRequest
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.launch import process_environment


class BotProcess:
    """One run of `python -m bot`; its output goes to `log_path` (appended)."""

    def __init__(self, imitation: Imitation, db: Path, log_path: Path,
                 more_env: Mapping[str, str] | None = None) -> None:
        self.imitation = imitation
        self.db = db
        self.log_path = log_path
        self.more_env = dict(more_env or {})
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, driver: Driver, within: float = 60.0) -> None:
        """Spawn the bot and wait until it has identified and received the server."""
        known = set(self.imitation.gateway.sessions)
        with self.log_path.open("ab") as log:
            # The working directory has no .env, so only the environment above counts.
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", cwd=self.db.parent,
                env=process_environment(self.imitation, self.db, self.more_env),
                stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log)
        sessions = self.imitation.gateway.sessions

        def ready() -> bool:
            if self.process is not None and self.process.returncode is not None:
                raise AssertionError(f"the bot exited with {self.process.returncode}: {self.output()}")
            return any(s.socket is not None and s.delivered >= s.seq
                       for i, s in sessions.items() if i not in known)

        await driver.wait_until(ready, "the bot process to connect", within=within)

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed or closed."""
        assert self.process is not None
        assert self.process.returncode is None, f"the bot had already exited: {self.output()}"
        self.process.kill()

    async def wait(self) -> int:
        """The exit status: -9 after `kill`.

        asyncio learns a child's status from waitpid in a thread. If anything else in this test
        process reaps the child first (a stale waitpid on a pid the kernel has since reused: pids
        wrap at 32768 on a busy machine), asyncio reports 255 and logs why; that pid was ours and
        alive when `kill` ran, so it is reported as killed.
        """
        assert self.process is not None
        reaped_elsewhere = _ReapedElsewhere(self.process.pid)
        logging.getLogger("asyncio").addHandler(reaped_elsewhere)
        try:
            code = await self.process.wait()
        finally:
            logging.getLogger("asyncio").removeHandler(reaped_elsewhere)
        return -9 if code == 255 and reaped_elsewhere.seen else code

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]

    def kill_at(self, method: str | None, path: str, *, undone: bool = False,
                once: Callable[[], bool] = lambda: True) -> asyncio.Future[RecordedRequest]:
        """From now on: SIGKILL the bot at its first `method` request (None: any) whose path matches
        `path` (a regular expression) once `once()` holds (say, a row is stored). By default once the
        imitation has done the request's work, before the answer leaves (Discord did it, the bot
        never hears so); with `undone`, as it arrives, and the imitation drops it (the bot died
        before it got through). The future is that request, set once the process is dead: a
        synchronisation point, not a sleep."""
        core, wanted = self.imitation.core, re.compile(path)
        dead: asyncio.Future[RecordedRequest] = asyncio.get_running_loop().create_future()

        async def kill(record: RecordedRequest) -> bool:
            if dead.done() or method not in (None, record.method) or not wanted.search(record.path) or not once():
                return True
            core.answer_travel = core.request_arrival = None
            self.kill()
            await self.wait()
            dead.set_result(record)
            return False

        if undone:
            core.request_arrival = kill
        else:
            async def after_work(record: RecordedRequest) -> None:
                await kill(record)

            core.answer_travel = after_work
        return dead


class _ReapedElsewhere(logging.Handler):
    """Notices asyncio's "Unknown child process pid N, will report returncode 255" for one pid."""

    def __init__(self, pid: int) -> None:
        super().__init__(logging.WARNING)
        self.pid = pid
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage() == f"Unknown child process pid {self.pid}, will report returncode 255":
            self.seen = True
