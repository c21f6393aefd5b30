"""Backups and restores of real SQLite files: what they copy, what they check, what they refuse."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.db.migrations import load_migrations
from bot.db.store import Store
from bot.operations import db_lock
from bot.operations.backup import BackupError, backup, inspect, restore
from bot.operations.db_lock import DatabaseBusyError

LATEST = len(load_migrations("sqlite"))


async def make_database(path: Path, users: int) -> None:
    """A migrated database with `users` rows in users (through the bot's own repositories)."""
    store = await Store.open(path)
    try:
        for user_id in range(1, users + 1):
            await store.db.execute("INSERT INTO users (user_id) VALUES (?)", (user_id,))
    finally:
        await store.close()


def files_under(path: Path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


def users_in(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM users").fetchone()[0])


async def test_a_backup_is_one_checked_file_with_the_row_counts(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    await make_database(live, 3)
    target = tmp_path / "out" / "copy.db"
    made = backup(live, target)
    assert made.ok
    assert made.schema_version == LATEST
    assert made.rows["users"] == 3
    assert made.rows["entries"] == 0
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.db"]  # no -wal, no partial file left
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    lines = made.describe().splitlines()
    assert lines[0] == f"{target}: schema version {LATEST}, integrity ok"
    assert any(line.split() == ["users", "3"] for line in lines[1:])


async def test_a_backup_refuses_to_overwrite_the_database_or_read_a_missing_one(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    with pytest.raises(BackupError, match="there is no database at"):
        backup(live, tmp_path / "copy.db")
    await make_database(live, 1)
    with pytest.raises(BackupError, match="is the database itself"):
        backup(live, tmp_path / "." / "live.db")
    assert users_in(live) == 1


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal", ".lock", ".shard-0-of-1.lock"])
async def test_a_backup_refuses_to_replace_a_file_the_database_is_using(tmp_path: Path, suffix: str) -> None:
    # `backup data/hipthrust.db-wal` (one tab too far) replaced the live WAL with the copy: the
    # bot wrote on into the old one, gone with its next crash, and the restart found no tables.
    # A copy over its lock file would let a restore run under the bot.
    live = tmp_path / "live.db"
    await make_database(live, 3)
    with sqlite3.connect(live) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        reader = sqlite3.connect(live)  # keeps the -wal and -shm in place while the backup runs
        reader.execute("SELECT COUNT(*) FROM users").fetchone()
        conn.execute("INSERT INTO users (user_id) VALUES (4)")
        try:
            before = {name: (tmp_path / name).read_bytes() for name in files_under(tmp_path)}
            with pytest.raises(BackupError) as refused:
                backup(live, tmp_path / "." / f"live.db{suffix}")
            assert str(refused.value) == (f"{tmp_path / '.' / f'live.db{suffix}'} is a file the database {live}"
                                          " keeps beside it; name another file for the backup")
            assert {name: (tmp_path / name).read_bytes() for name in files_under(tmp_path)} == before
        finally:
            reader.close()
    assert users_in(live) == 4


async def test_restore_replaces_the_database_and_keeps_the_old_one(tmp_path: Path) -> None:
    live, copy = tmp_path / "live.db", tmp_path / "copy.db"
    await make_database(live, 2)
    backup(live, copy)
    await make_database(live, 0)
    with sqlite3.connect(live) as conn:
        conn.execute("INSERT INTO users (user_id) VALUES (99)")
    done = restore(copy, live, now=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC))
    assert done.check.ok
    assert done.check.rows["users"] == 2
    assert users_in(live) == 2
    assert done.kept == tmp_path / "live.db.before-restore-20250102T030405Z"
    assert users_in(done.kept) == 3
    with sqlite3.connect(live) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_restore_onto_a_new_disk_creates_the_database(tmp_path: Path) -> None:
    live, copy = tmp_path / "live.db", tmp_path / "copy.db"
    await make_database(live, 4)
    backup(live, copy)
    fresh = tmp_path / "new-disk" / "hipthrust.db"
    done = restore(copy, fresh)
    assert done.kept is None
    assert users_in(fresh) == 4


async def test_restore_refuses_while_a_bot_holds_the_database(tmp_path: Path) -> None:
    live, copy = tmp_path / "live.db", tmp_path / "copy.db"
    await make_database(live, 1)
    backup(live, copy)
    await make_database(live, 0)
    with sqlite3.connect(live) as conn:
        conn.execute("INSERT INTO users (user_id) VALUES (2)")
    with db_lock.running_bot(live), pytest.raises(DatabaseBusyError, match="stop it first"):
        restore(copy, live)
    assert users_in(live) == 2  # untouched
    with db_lock.exclusive(live), pytest.raises(DatabaseBusyError, match="a restore of"), db_lock.running_bot(live):
        pass  # and a bot cannot start while a restore runs


async def test_restore_refuses_a_damaged_backup(tmp_path: Path) -> None:
    live, copy = tmp_path / "live.db", tmp_path / "copy.db"
    await make_database(live, 200)
    backup(live, copy)
    with sqlite3.connect(copy, isolation_level=None) as conn:  # an index that no longer matches its table
        conn.execute("CREATE INDEX users_probe ON users (user_id)")
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX users_probe ON users (-user_id)'"
                     " WHERE name = 'users_probe'")
    found = inspect(copy)
    assert not found.ok
    assert found.problems[0] == "row 1 missing from index users_probe"
    with pytest.raises(BackupError, match="fails its checks") as refused:
        restore(copy, live)
    assert "\n  ! row 10 missing from index users_probe\n  ! … and 90 more\n" in str(refused.value)
    assert users_in(live) == 200


@pytest.mark.parametrize(("version", "says"), [(0, "not a database of this bot"), (LATEST + 1, "a newer release")])
async def test_restore_refuses_a_backup_of_another_schema(tmp_path: Path, version: int, says: str) -> None:
    live, copy = tmp_path / "live.db", tmp_path / "copy.db"
    await make_database(live, 1)
    backup(live, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute(f"PRAGMA user_version = {version}")
    with pytest.raises(BackupError, match=says):
        restore(copy, live)


async def test_restore_refuses_another_applications_database_at_a_version_this_bot_knows(tmp_path: Path) -> None:
    live, other = tmp_path / "live.db", tmp_path / "other.db"
    await make_database(live, 2)
    with sqlite3.connect(other) as conn:  # user_version is any application's to use
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('x')")
        conn.execute("PRAGMA user_version = 3")
    with pytest.raises(BackupError, match="not a database of this bot: its tables are not the bot's schema version 3"):
        restore(other, live)  # it was restored, and the bot then started on a file of notes
    assert users_in(live) == 2
    assert not any("before-restore" in name for name in files_under(tmp_path))


async def test_the_cli_backs_up_and_restores_the_database_of_database_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)  # not needed: these never reach Discord
    monkeypatch.setenv("DATABASE_URL", "sqlite:///data/hipthrust.db")
    await make_database(tmp_path / "data" / "hipthrust.db", 5)
    assert main(["backup", "backups/today.db"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"backed up data/hipthrust.db to backups/today.db\nbackups/today.db: schema version {LATEST},"
                          " integrity ok\n")
    assert "users" in out
    assert " 5\n" in out
    with db_lock.running_bot(tmp_path / "data" / "hipthrust.db"):
        assert main(["restore", "backups/today.db"]) == 1
    assert "restore refused: a bot (or a backup) is using data/hipthrust.db" in capsys.readouterr().err
    assert main(["restore", "backups/today.db"]) == 0
    assert "restored backups/today.db into data/hipthrust.db" in capsys.readouterr().out


def test_the_cli_points_postgresql_users_to_pg_dump(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://bot:secret@db:5432/hipthrust")
    assert main(["backup", "x.dump"]) == 2
    err = capsys.readouterr().err
    assert 'pg_dump --format=custom --file=hipthrust.dump "$DATABASE_URL"' in err
    assert "pg_restore --clean --if-exists --no-owner --single-transaction" in err


def test_the_cli_answers_in_plain_text_whatever_log_format_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `docker compose exec bot python -m bot backup …` inherits the service's LOG_FORMAT=json; its
    # output reaches the operator's terminal (or cron's mail), never the container's log. A
    # configuration error was the one JSON line among plain ones.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LOG_FORMAT", "json")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///hipthrust.db")
    assert main(["backup", "."]) == 1
    assert capsys.readouterr().err.startswith("backup refused: ")
    assert main(["copy-db", "--from", "sqlite:///gone.db", "--to", "sqlite:///copy.db"]) == 1
    assert capsys.readouterr().err == "copy-db: --from: no SQLite database at gone.db\n"
    monkeypatch.setenv("SHARD_IDS", "1")
    monkeypatch.delenv("SHARD_COUNT", raising=False)
    assert main(["restore", "backup.db"]) == 2
    assert capsys.readouterr().err == ("Configuration error: SHARD_IDS needs SHARD_COUNT: set both, e.g. "
                                       "SHARD_COUNT=4 SHARD_IDS=0,1.\n")


@pytest.mark.parametrize("named", [".", "backups", "backups/"])
async def test_a_directory_as_the_backup_is_refused_in_one_line_and_nothing_is_written(
    named: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///hipthrust.db")
    await make_database(tmp_path / "hipthrust.db", 1)
    (tmp_path / "backups").mkdir()
    before = files_under(tmp_path)
    assert main(["backup", named]) == 1
    err = capsys.readouterr().err
    shown = named.rstrip("/")
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    example = Path(shown) / f"hipthrust-{today}.db"  # in `.`: hipthrust-….db
    assert err == f"backup refused: {shown} is a directory; name the backup file, e.g. {example}\n"
    assert files_under(tmp_path) == before  # no .partial file, nothing in backups/
    assert main(["restore", named]) == 1
    assert capsys.readouterr().err == f"restore refused: {shown} is a directory; name the backup file in it\n"


async def test_a_backup_that_fails_midway_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///hipthrust.db")
    await make_database(tmp_path / "hipthrust.db", 1)

    def disk_full(conn: sqlite3.Connection, path: Path) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("bot.operations.backup.check", disk_full)
    assert main(["backup", "backups/today.db"]) == 1
    assert capsys.readouterr().err == ("backup failed: OperationalError: database or disk is full"
                                       " (copying hipthrust.db to backups/today.db)\n")
    assert list((tmp_path / "backups").iterdir()) == []
    # A file where the backup's directory should be: one line, not a traceback.
    (tmp_path / "taken").write_text("x")
    assert main(["backup", "taken/today.db"]) == 1
    assert capsys.readouterr().err.startswith("backup failed: FileExistsError: ")


def damage(path: Path) -> None:
    """Overwrite pages 2 to 5 of the file with garbage, as a failing disk would."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for i in range(page + 100, min(len(data), 5 * page), 7):
        data[i] = 0xAB
    path.write_bytes(bytes(data))


async def test_a_damaged_database_is_named_as_damaged_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///hipthrust.db")
    await make_database(tmp_path / "hipthrust.db", 200)
    damage(tmp_path / "hipthrust.db")
    assert main(["backup", "backups/today.db"]) == 1
    assert capsys.readouterr().err == (
        "backup refused: the database hipthrust.db is damaged (database disk image is malformed), so no backup of"
        " it was made. Stop the bot, move the database (and its -wal and -shm files) aside and restore your latest"
        " backup (python -m bot restore PATH); `sqlite3 <a copy of it> .recover` may save what can still be read\n"
    )  # it said only "backup failed: DatabaseError: database disk image is malformed"
    assert list((tmp_path / "backups").iterdir()) == []


async def test_a_database_whose_copy_fails_its_checks_is_named_as_damaged(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    await make_database(live, 20)
    with sqlite3.connect(live, isolation_level=None) as conn:  # an index that no longer matches its table
        conn.execute("CREATE INDEX users_probe ON users (user_id)")
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX users_probe ON users (-user_id)'"
                     " WHERE name = 'users_probe'")
    with pytest.raises(BackupError) as refused:
        backup(live, tmp_path / "copy.db")
    said = str(refused.value)
    assert said.startswith(f"the database {live} is damaged (its copy fails SQLite checks), so no backup")
    assert f"\n{live}: schema version {LATEST}, FAILED its checks\n  ! row 1 missing from index users_probe\n" in said
    assert not (tmp_path / "copy.db").exists()


def test_a_backup_where_no_file_can_be_made_names_the_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///hipthrust.db")
    with sqlite3.connect(tmp_path / "hipthrust.db") as conn:
        conn.execute("CREATE TABLE t (a)")
    assert main(["backup", "/proc/x.db"]) == 1
    assert capsys.readouterr().err == ("backup refused: cannot write the backup /proc/x.db in /proc (unable to open"
                                       " database file); name a file in a folder you can write\n")
