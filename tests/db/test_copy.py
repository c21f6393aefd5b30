"""copy-db: every row of a filled SQLite database arrives in an empty one, of either backend."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.config.model import GuildConfig
from bot.copy_db import copy_db, main
from bot.db.copy import CopyError, copy_database, table_order
from bot.db.database import Database
from bot.db.store import Store
from bot.logbook.entries import NewEntry, Preferences
from bot.reminders.schedule import Schedule
from tests.stored import add_entry

WHEN = datetime(2026, 5, 1, 9, tzinfo=UTC)
BIG = 1_300_000_000_000_000_000  # a Discord-sized id: needs 64 bits


def entry(day: int, weight: float, unit: str = "kg", note: str | None = None) -> NewEntry:
    return NewEntry(
        performed_on=date(2026, 4, day), variant="barbell", sets=3, reps=8, weight=weight, unit=unit, rpe=7.5, note=note
    )


async def filled(path: Path) -> Store:
    """A SQLite store with a row in every table, written with the bot's own statements."""
    store = await Store.open(path)
    setup = await store.users.set_setup(BIG, "bench 40 cm", WHEN)
    await store.users.save_preferences(BIG, Preferences(unit="lb", share_logs=True, current_setup_id=setup))
    for day in range(1, 8):
        await add_entry(store, BIG, entry(day, 100 + day * 2.5), setup_id=setup, interaction_id=BIG + day, when=WHEN)
    await add_entry(store, BIG + 1, entry(9, 225, "lb", note="it's 'quoted' ?"), setup_id=None,
                    interaction_id=None, when=WHEN)  # fmt: skip
    batch = await store.db.fetchval(
        "INSERT INTO import_batches (user_id, source, created_at) VALUES (?, ?, ?) RETURNING id",
        (BIG, "strong", WHEN.isoformat()),
    )
    await store.db.execute("UPDATE entries SET batch_id = ? WHERE note IS NULL AND id <= 3", (batch,))
    await store.pending.put(BIG + 50, BIG, entry(10, 300), setup, WHEN)
    await store.imports.put_pending(BIG + 60, BIG, "strong", [], WHEN)
    await store.quiz.record(BIG, BIG + 7, "main-tool", "v1", WHEN)
    await store.snippets.add(guild_id=BIG + 7, channel_id=BIG + 8, message_id=BIG + 9, section_id="quick-answer",
                             content_version="abc", pinned_by=BIG, when=WHEN)  # fmt: skip
    await store.sync_state.record("https://discord.com/api/v10", BIG + 11, "global", "hash", WHEN)
    settings = GuildConfig(BIG + 7, public_answers=False, answer_channels=(BIG + 8,), log_channel_id=BIG + 12,
                           ping_authors=True, log_problem="I need the Send Messages permission in <#1>.")  # fmt: skip
    await store.guild_config.save(settings, WHEN)
    await store.reminders.save(BIG, Schedule((0, 2, 4), 18 * 60), "UTC", WHEN, WHEN)
    await store.leases.acquire("reminders", "process-1", WHEN, 90)
    return store


async def everything(db: Database) -> dict[str, list[tuple[object, ...]]]:
    tables = await db.columns()
    return {
        table: sorted((tuple(r) for r in await db.fetchall(f"SELECT {', '.join(cols)} FROM {table}")), key=repr)
        for table, cols in tables.items()
    }


@pytest.fixture
async def stores() -> AsyncIterator[list[Store]]:
    """Stores a test opens, closed whatever happens (an open SQLite thread keeps pytest alive)."""
    opened: list[Store] = []
    yield opened
    for store in opened:
        await store.close()


async def test_every_row_arrives_and_the_target_keeps_working(
    tmp_path: Path, database_url: str, stores: list[Store]
) -> None:
    source = await filled(tmp_path / "old.db")
    target = await Store.open(database_url)
    stores += [source, target]
    seen: list[str] = []
    copied = await copy_database(source.db, target.db, report=lambda table, count: seen.append(table))
    before = await everything(source.db)
    assert all(before.values()), "every table should have had a row to copy"
    assert await everything(target.db) == before
    assert copied == {table: len(rows) for table, rows in before.items()}
    assert seen.index("setups") < seen.index("users")  # users.current_setup_id points at setups
    assert seen.index("import_batches") < seen.index("entries")
    # New rows continue after the copied ids.
    new_id = await add_entry(target, BIG, entry(20, 130), setup_id=None, interaction_id=None, when=WHEN)
    assert new_id is not None
    assert new_id > max(row[0] for row in before["entries"])
    assert await target.users.set_setup(BIG, "machine", WHEN) > max(row[0] for row in before["setups"])
    assert (await target.users.preferences(BIG)).share_logs is True


async def test_a_target_with_rows_is_refused_and_left_alone(
    tmp_path: Path, database_url: str, stores: list[Store]
) -> None:
    source = await filled(tmp_path / "old.db")
    target = await Store.open(database_url)
    stores += [source, target]
    await target.quiz.record(1, None, "optional", "v1", WHEN)
    with pytest.raises(CopyError, match="not empty"):
        await copy_database(source.db, target.db)
    assert await target.db.fetchval("SELECT COUNT(*) FROM entries") == 0


async def test_copy_db_reports_each_table(tmp_path: Path, database_url: str) -> None:
    await (await filled(tmp_path / "old.db")).close()
    out = io.StringIO()
    await copy_db(f"sqlite:///{tmp_path / 'old.db'}", database_url, out)
    text = out.getvalue()
    assert "entries: 8 rows" in text
    assert "counts match" in text


@pytest.mark.slow
def test_the_command_line_copies_and_says_what_went_wrong(tmp_path: Path) -> None:
    asyncio.run(fill_and_close(tmp_path / "old.db"))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    paths = ["--from", f"sqlite:///{tmp_path / 'old.db'}", "--to", f"sqlite:///{tmp_path / 'new.db'}"]
    done = subprocess.run([sys.executable, "-m", "bot", "copy-db", *paths], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "counts match" in done.stdout
    # `migrate-db`, the command's old name, still works and names itself in the refusal.
    again = subprocess.run([sys.executable, "-m", "bot", "migrate-db", *paths], capture_output=True, text=True,
                           env=env, cwd=tmp_path, timeout=60, check=False)  # fmt: skip
    assert again.returncode == 1
    assert again.stderr.startswith("migrate-db: ")
    assert "not empty" in again.stderr
    assert "Traceback" not in again.stderr
    err = io.StringIO()
    assert main(f"sqlite:///{tmp_path / 'missing.db'}", "sqlite:///x.db", err=err) == 1
    assert err.getvalue().startswith("copy-db: no SQLite database")


async def fill_and_close(path: Path) -> None:
    await (await filled(path)).close()


def test_tables_follow_their_foreign_keys() -> None:
    columns = {name: ["id"] for name in ("entries", "setups", "users", "import_batches")}
    refs = {"entries": {"setups", "import_batches"}, "users": {"setups"}}
    order = table_order(columns, refs)
    assert order.index("setups") < order.index("users")
    assert order.index("import_batches") < order.index("entries")
    with pytest.raises(CopyError, match="cycle"):
        table_order({"a": [], "b": []}, {"a": {"b"}, "b": {"a"}})
