"""copy-db: every row of a filled SQLite database arrives in an empty one, of either backend."""

from __future__ import annotations

import asyncio
import io
import os
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.__main__ import main as cli
from bot.config.model import GuildConfig
from bot.copy_db import copy_db, main
from bot.db.chat_replies import ReplyPlace, owe_reply
from bot.db.copy import CopyError, copy_database, last_ids, table_order
from bot.db.database import Database
from bot.db.migrations import load_migrations
from bot.db.store import Store
from bot.logbook.entries import NewEntry, Preferences
from bot.logbook.posts import SharedPost
from bot.reminders.schedule import Schedule
from tests.postgres_helpers import fresh_schema
from tests.stored import add_entry, delete_entry, save_preferences, save_settings

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
    await save_preferences(store, BIG, Preferences(unit="lb", share_logs=True, current_setup_id=setup))
    for day in range(1, 8):
        await add_entry(store, BIG, entry(day, 100 + day * 2.5), setup_id=setup, interaction_id=BIG + day, when=WHEN)
    await add_entry(store, BIG + 1, entry(9, 225, "lb", note="it's 'quoted' ?"), setup_id=None,
                    interaction_id=None, when=WHEN)  # fmt: skip
    await store.entries.record_post(BIG, BIG + 1, SharedPost(BIG + 7, BIG + 8, BIG + 13))  # a shared /log
    await add_entry(store, BIG, entry(11, 95), setup_id=None, interaction_id=BIG + 20, when=WHEN)
    await store.entries.record_post(BIG, BIG + 20, SharedPost(BIG + 7, BIG + 8, BIG + 14))
    await store.entries.delete_told_by_interaction(BIG, BIG + 20)  # its post not marked yet
    await store.db.run(lambda q: owe_reply(q, 7, ReplyPlace(None, BIG + 15)), writes=True)  # a chat line unanswered
    batch = await store.db.fetchval(
        "INSERT INTO import_batches (user_id, source, created_at) VALUES (?, ?, ?) RETURNING id",
        (BIG, "strong", WHEN.isoformat()),
    )
    await store.db.execute("UPDATE entries SET batch_id = ? WHERE note IS NULL AND id <= 3", (batch,))
    deleted = await add_entry(store, BIG, entry(8, 90), setup_id=None, interaction_id=None, when=WHEN)
    await store.db.execute("UPDATE entries SET batch_id = ? WHERE id = ?", (batch, deleted))
    assert deleted is not None
    await delete_entry(store, BIG, deleted)  # remembered, with its batch, so that imports leave it out
    await store.pending.put(BIG + 50, BIG, entry(10, 300), setup, WHEN)
    await store.imports.put_pending(BIG + 60, BIG, "strong", [], WHEN)
    await store.quiz.record(BIG, BIG + 7, "main-tool", "v1", WHEN)
    await store.quiz.record(BIG, None, "optional", "v1", WHEN)  # in DMs
    await store.quiz.record(BIG, BIG + 16, "not-here", "v1", WHEN, bot_member=False)  # a server without the bot
    await store.snippets.add(guild_id=BIG + 7, channel_id=BIG + 8, message_id=BIG + 9, section_id="quick-answer",
                             content_version="abc", pinned_by=BIG, when=WHEN)  # fmt: skip
    await store.sync_state.record("https://discord.com/api/v10", BIG + 11, "global", "hash", WHEN)
    settings = GuildConfig(BIG + 7, public_answers=False, answer_channels=(BIG + 8,), log_channel_id=BIG + 12,
                           ping_authors=True, log_problem="I need the Send Messages permission in <#1>.")  # fmt: skip
    await save_settings(store, settings, WHEN)
    await store.reminders.save(BIG, Schedule((0, 2, 4), 18 * 60), "UTC", WHEN, WHEN)
    await store.reminders.keep_dm_channel(BIG, BIG + 13)
    await store.leases.acquire("reminders", "process-1", WHEN, 90)
    return store


async def everything(db: Database) -> dict[str, list[tuple[Any, ...]]]:
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
    assert seen.index("import_batches") < seen.index("removed_entries")
    assert seen.index("entries") < seen.index("entry_posts")
    # New rows continue after the copied ids.
    new_id = await add_entry(target, BIG, entry(20, 130), setup_id=None, interaction_id=None, when=WHEN)
    assert new_id is not None
    assert new_id > max(row[0] for row in before["entries"])
    assert await target.users.set_setup(BIG, "machine", WHEN) > max(row[0] for row in before["setups"])
    assert (await target.users.preferences(BIG)).share_logs is True


@asynccontextmanager
async def empty_database(backend: str, path: Path) -> AsyncIterator[str]:
    """The URL of a new, empty database: a SQLite file at `path`, or a fresh PostgreSQL schema."""
    if backend == "sqlite":
        yield f"sqlite:///{path}"
        return
    async with fresh_schema() as url:
        yield url


@pytest.mark.parametrize(
    ("source_backend", "target_backend"),
    [("sqlite", "sqlite"), ("sqlite", "postgres"), ("postgres", "sqlite"), ("postgres", "postgres")],
)
async def test_an_id_the_source_gave_to_an_entry_since_deleted_is_never_given_again(
    source_backend: str, target_backend: str, tmp_path: Path, stores: list[Store]
) -> None:
    async with (
        empty_database(source_backend, tmp_path / "old.db") as source_url,
        empty_database(target_backend, tmp_path / "new.db") as target_url,
    ):
        source = await Store.open(source_url)
        stores.append(source)
        given = [await add_entry(source, BIG, entry(day, 100), setup_id=None, interaction_id=None, when=WHEN)
                 for day in (1, 2, 3)]  # fmt: skip
        for newest in reversed(given[1:]):  # undone: a Delete it button may still show their ids
            assert newest is not None
            await delete_entry(source, BIG, newest)
        await source.quiz.record(BIG, None, "main-tool", "v1", WHEN)
        await source.quiz.record(BIG + 1, None, "main-tool", "v1", WHEN)
        await source.db.execute("DELETE FROM quiz_results WHERE user_id = ?", (BIG + 1,))  # as /forgetme does
        columns = await source.db.columns()
        counters = await last_ids(source.db, columns)
        await source.close()
        stores.remove(source)

        await copy_db(source_url, target_url, io.StringIO())
        target = await Store.open(target_url)
        stores.append(target)
        new_id = await add_entry(target, BIG, entry(4, 110), setup_id=None, interaction_id=None, when=WHEN)
        assert new_id is not None
        assert new_id > max(i for i in given if i is not None)
        assert await target.db.fetchval("SELECT COUNT(*) FROM entries") == 2
        # Every counter the target keeps (SQLite: AUTOINCREMENT tables only) goes on from the source's.
        kept = await last_ids(target.db, columns)
        assert "entries" in kept
        assert all(kept[table] >= counters[table] for table in kept if table in counters)
        if source_backend == target_backend == "postgres":
            assert kept == counters | {"entries": new_id}


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
    assert err.getvalue().startswith("copy-db: --from: no SQLite database")


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


def files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes: what a refused copy must leave as it was, the -wal
    and -shm files SQLite makes beside a WAL database to read it included (a database closed
    cleanly has neither, and reading it as it is needs none)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def other_apps_database(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('keep me')")
    conn.close()


@pytest.mark.parametrize(
    ("source", "target", "says"),
    [
        ("data/hipthrust.db", "sqlite:///new.db", "copy-db: --from must look like sqlite:///relative/path.db"),
        ("foo", "bar", "copy-db: --from must look like sqlite:///"),
        ("sqlite:///data/hipthrust.db", "postgresql:/localhost/db", "copy-db: --to must look like sqlite:///"),
        ("sqlite:///data/hipthrust.db", "bar", "copy-db: --to must look like sqlite:///"),
        ("sqlite:///missing.db", "sqlite:///new.db", "copy-db: --from: no SQLite database at missing.db"),
        ("sqlite:///data", "sqlite:///new.db", "copy-db: data is a directory; name a SQLite file"),
        ("sqlite:///other.db", "sqlite:///new.db", "copy-db: --from is not a database of this bot (the bot never"),
        ("sqlite:///data/hipthrust.db", "sqlite:///other.db", "copy-db: --to holds tables that are not this bot's"),
        ("sqlite:///data/hipthrust.db", "sqlite:///data/full.db", "copy-db: the target is not empty (table"),
        ("sqlite:///data/hipthrust.db", "sqlite:///nowhere/new.db", "copy-db: --to: there is no directory nowhere"),
        ("sqlite:///data/hipthrust.db", "sqlite:///./data/hipthrust.db", "copy-db: --from and --to name the same"),
        ("sqlite:///data/hipthrust.db", "postgresql://u:pw-secret@127.0.0.1:abc/db",
         "copy-db: --to has a port that is not a number from 1 to 65535 ('abc'): postgresql://u:***@"),
    ],
)  # fmt: skip
def test_a_refused_copy_says_why_in_one_line_and_changes_no_file(
    source: str, target: str, says: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    asyncio.run(fill_and_close(tmp_path / "data" / "hipthrust.db"))
    asyncio.run(fill_and_close(tmp_path / "data" / "full.db"))  # a bot's database, in WAL mode, with rows
    other_apps_database(tmp_path / "other.db")
    before = files(tmp_path)
    assert not [name for name in before if name.endswith(("-wal", "-shm"))]
    assert cli(["copy-db", "--from", source, "--to", target]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(says)
    assert captured.err.count("\n") == 1
    assert "pw-secret" not in captured.err
    assert "done:" not in captured.out
    assert files(tmp_path) == before  # no file made (new.db, bar, postgresql:/…), none changed


def test_the_source_is_read_as_it_is_and_a_failed_copy_removes_the_target_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    backup = tmp_path / "backup.db"  # a backup: rollback journal, one version behind the code
    asyncio.run(fill_and_close(tmp_path / "live.db"))
    with sqlite3.connect(tmp_path / "live.db") as live, sqlite3.connect(backup) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    live.close()
    copy.close()
    latest = len(load_migrations("sqlite"))
    with sqlite3.connect(backup) as conn:  # another app's file with a schema version, say
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    as_it_was = backup.read_bytes()
    # Its tables are the newest schema's, not those of version 1: not this bot's database.
    assert cli(["copy-db", "--from", "sqlite:///backup.db", "--to", "sqlite:///new.db"]) == 1
    assert "its tables are not the bot's schema version 1; nothing was changed" in capsys.readouterr().err
    assert backup.read_bytes() == as_it_was
    assert not (tmp_path / "new.db").exists()

    with sqlite3.connect(backup) as conn:
        conn.execute(f"PRAGMA user_version = {latest}")
    conn.close()
    as_it_was = backup.read_bytes()
    assert cli(["copy-db", "--from", "sqlite:///backup.db", "--to", "sqlite:///new.db"]) == 0
    assert "entries: 8 rows" in capsys.readouterr().out
    assert backup.read_bytes() == as_it_was  # not migrated, not turned to WAL, not written
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("backup")) == ["backup.db"]

    def broken(*args: object, **kwargs: object) -> dict[str, int]:
        raise CopyError("entries: 8 rows in the source but 7 arrived; nothing was kept")

    monkeypatch.setattr("bot.copy_db.copy_database", broken)
    assert cli(["copy-db", "--from", "sqlite:///backup.db", "--to", "sqlite:///again.db"]) == 1
    assert capsys.readouterr().err == "copy-db: entries: 8 rows in the source but 7 arrived; nothing was kept\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("again.db")]  # nor its -wal or -shm


async def test_an_older_source_gives_the_target_its_schema_version_for_the_bot_to_migrate(tmp_path: Path) -> None:
    older = load_migrations("sqlite")[:3]
    from bot.db.sqlite import SqliteDatabase

    source = await SqliteDatabase.open(tmp_path / "old.db", run_migrations=False)
    await source.migrate(up_to=3)
    await source.close()
    await copy_db(f"sqlite:///{tmp_path / 'old.db'}", f"sqlite:///{tmp_path / 'new.db'}", io.StringIO())
    target = await SqliteDatabase.open(tmp_path / "new.db", run_migrations=False)
    try:
        assert await target.schema_version() == len(older)
        assert await target.migrate() == len(load_migrations("sqlite"))  # as the bot does on start
    finally:
        await target.close()
