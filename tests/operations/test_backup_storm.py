"""A backup taken while /log storms in restores every entry acknowledged before the backup began."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.db.store import Store
from bot.operations.backup import backup, restore
from bot.operations.db_lock import DatabaseBusyError
from bot.sandbox.ledger import InteractionRecord
from tests.reliability.conftest import Lab
from tests.reliability.storm import Storm, log_sender

pytestmark = pytest.mark.e2e


def logged(record: InteractionRecord) -> bool:
    """The user was told the entry is stored (/log answers once the entry is committed)."""
    content = (record.callback_data or {}).get("content") or ""
    return record.callback_type == 4 and content.startswith("**Logged**")


async def test_a_backup_during_a_log_storm_restores_every_acknowledged_entry(lab: Lab, tmp_path: Path) -> None:
    driver = lab.driver
    lifters = lab.members(20)
    training = driver.channel("training")
    sends = [log_sender(driver, lifter, training, {"weight": 60 + n, "reps": 8})
             for n in range(12) for lifter in lifters]
    storm = Storm(driver, 20)
    copy = tmp_path / "backups" / "mid-storm.db"
    acknowledged: set[int] = set()
    sent_when_taken: list[int] = []

    async def back_up_midway() -> None:
        await driver.wait_until(lambda: len(storm.answered) >= 60, "60 answers")
        acknowledged.update(r.id for r in storm.sent if logged(r))
        sent_when_taken.append(len(storm.sent))
        await asyncio.to_thread(backup, lab.db_path, copy)

    taking = asyncio.create_task(back_up_midway())
    await storm.run(sends)
    await taking
    assert len(storm.answered) == len(sends)
    assert all(logged(r) for r in storm.sent)
    assert len(acknowledged) >= 60
    assert sent_when_taken[0] < len(sends)  # the storm went on after the backup began

    with pytest.raises(DatabaseBusyError, match="stop it first"):  # the bot still runs on it
        restore(copy, lab.db_path)
    await lab.stop()
    restored = restore(copy, lab.db_path)
    assert restored.check.ok

    store = await Store.open(lab.db_path)
    try:
        stored = {int(row[0]) for row in await store.db.fetchall("SELECT interaction_id FROM entries")}
    finally:
        await store.close()
    assert acknowledged <= stored  # nothing acknowledged before the backup is lost
    assert len(stored) < len(sends)  # and it is the database of that moment, not of the end
    assert restored.check.rows["entries"] == len(stored)

    await lab.start()  # the bot runs on the restored database
    reply = await driver.slash("log", weight=100, reps=5)
    assert reply.content.startswith("**Logged** 1 × 5 @ 100 kg")
