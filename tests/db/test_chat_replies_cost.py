"""The replies owed to chat sets are read from their few rows, never through the logbook: entries'
created_at has no index, and a read through it scanned every entry at each start (1,000,000 of
them, ~0.5 s of the writer) and the lifter's whole logbook for each chat line typed."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.db.chat_replies import ReplyPlace, owe_reply
from bot.db.connection import connect, migrate
from bot.db.store import Store
from bot.logbook.entries import NewEntry
from tests.stored import add_entry

WHEN = datetime(2026, 11, 25, 12, tzinfo=UTC)
LOGBOOK = 30_000
# One lifter's logbook of 30,000 entries, stored long before the chat set owed its reply.
_FILL = (
    "INSERT INTO entries (user_id, performed_on, variant, sets, reps, weight, unit, weight_kg, rpe, created_at)"
    f" WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {LOGBOOK - 1})"
    " SELECT 1, date('2000-01-01', '+' || (i % 9000) || ' days'), 'barbell', 3, 10, 100, 'kg', 100, 8,"
    " '2026-01-01T00:00:00' FROM n"
)


async def test_owed_replies_are_read_without_walking_the_logbook(tmp_path: Path) -> None:
    path = tmp_path / "big.db"
    conn = await connect(path)
    try:
        await migrate(conn)
        await conn.execute(_FILL)
        await conn.commit()
    finally:
        await conn.close()
    store = await Store.open(path)
    steps = itertools.count()
    try:
        chat_set = NewEntry(performed_on=date(2026, 11, 25), variant="barbell", sets=3, reps=10, weight=100.0,
                            unit="kg", rpe=None, note=None)
        entry_id = await add_entry(store, 1, chat_set, setup_id=None, interaction_id=777, when=WHEN)
        assert entry_id is not None
        await store.db.run(lambda q: owe_reply(q, entry_id, ReplyPlace(None, 5)), writes=True)
        for each in (store.db.conn, *store.db._readers):  # every connection a read may go to, on its thread
            raw = each._conn
            await each._execute(lambda raw=raw: raw.set_progress_handler(lambda: next(steps) and 0, 1))

        owed = await store.chat_replies.owed(WHEN - timedelta(hours=1), WHEN + timedelta(seconds=1))
        twin = await store.chat_replies.unanswered_twin(1, chat_set, WHEN - timedelta(minutes=10))
        forgotten = await store.chat_replies.forget_before(WHEN - timedelta(hours=1))
        used = next(steps)
    finally:
        await store.close()
    assert [reply.message_id for reply in owed] == [777]
    assert twin is not None
    assert twin.message_id == 777
    assert forgotten == 0  # the set is not too old to answer
    # A scan of the logbook is an instruction or more for each of its 30,000 entries.
    assert used < 2_000, used
