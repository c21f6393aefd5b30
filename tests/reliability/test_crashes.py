"""SIGKILL the bot process in the middle of a /log storm, ten times, on one database.

Each time: the database passes `PRAGMA integrity_check`, and every entry whose reply reached
Discord (the imitation saw the callback) is there, since the spec wants a write the user is told
about committed before the reply. The bot is a real `python -m bot` child process.
"""

from __future__ import annotations

import itertools
import logging
import random
import sqlite3
import time
from pathlib import Path

import pytest

from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.reliability.people import add_members
from tests.reliability.process import BotProcess
from tests.reliability.storm import Send, Storm, log_sender

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
log = logging.getLogger(__name__)

ROUNDS, LIFTERS, IN_FLIGHT = 10, 20, 20


def check_database(db: Path) -> set[int]:
    """Integrity check (as the next start would find the file), then the stored interaction ids."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        ids = [row[0] for row in conn.execute("SELECT interaction_id FROM entries")]
    finally:
        conn.close()
    assert len(ids) == len(set(ids)), "an interaction was stored twice"
    return set(ids)


def endless_logs(driver: Driver, imitation: Imitation) -> itertools.chain[Send]:
    lifters = add_members(imitation, LIFTERS)
    channel = driver.channel("training")
    return itertools.chain.from_iterable(
        (log_sender(driver, lifter, channel, {"weight": 60 + n % 4 * 2.5, "reps": 10, "note": f"round {n}"})
         for lifter in lifters)
        for n in itertools.count())


async def test_sigkill_during_a_log_storm_loses_no_acknowledged_entry(
        imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    bot = BotProcess(imitation, db, tmp_path / "bot.log")
    chance = random.Random(9)  # the kill points vary by round, the same every run
    sends = endless_logs(driver, imitation)
    acknowledged: set[int] = set()
    began = time.perf_counter()
    for round_no in range(ROUNDS):
        await bot.start(driver)
        storm = Storm(driver, IN_FLIGHT)
        kill_after = chance.randint(5, 80)

        def maybe_kill(answered: int, storm: Storm = storm, kill_after: int = kill_after) -> None:
            if answered >= kill_after:
                bot.kill()
                storm.stop()

        await storm.run(sends, on_answer=maybe_kill)
        assert await bot.wait() == -9, bot.output()
        answered = {r.id for r in storm.answered}
        in_flight = len(storm.sent) - len(answered)
        acknowledged |= answered
        stored = check_database(db)
        missing = acknowledged - stored
        assert not missing, f"round {round_no}: {len(missing)} acknowledged entries are gone"
        log.warning("round %d: killed after %d answers with %d in flight; %d stored, %d acknowledged",
                    round_no, len(answered), in_flight, len(stored), len(acknowledged))
    log.warning("%d kills in %.1f s", ROUNDS, time.perf_counter() - began)

    await bot.start(driver)  # and it still works afterwards, on everything stored before
    try:
        reply = await driver.slash("log", weight=62.5, reps=10, user="member")
        assert reply.content.startswith("**Logged**")
    finally:
        bot.kill()
        await bot.wait()
    assert len(check_database(db)) >= len(acknowledged) + 1
