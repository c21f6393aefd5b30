"""`python -m bot sandbox --db PATH`: a path it cannot use is refused in one line naming --db,
with a non-zero exit and nothing left behind (no folder, database or lock file)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.db.migrations import load_migrations
from bot.sandbox import chat
from bot.sandbox.chat import main
from tests.paths import REPO
from tests.test_main import file_permissions_apply, migrated


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    (tmp_path / "data").mkdir()
    (tmp_path / "notes.txt").write_text("not a database")
    (tmp_path / "damaged.db").write_bytes(b"SQLite format 3\x00" + bytes(200))  # only opening it tells
    return tmp_path


def everything(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(("db", "said"), [
    ("data", "--db data: is a directory; name a file, e.g. --db data/sandbox.db"),
    ("notes.txt", "--db notes.txt: cannot open it as a SQLite database (file is not a database); name another file"),
    ("damaged.db", "--db damaged.db: cannot open it as a SQLite database (file is not a database); name another file"),
    ("notes.txt/new/sandbox.db", "--db notes.txt/new/sandbox.db: notes.txt is a file, not a folder; name another path"),
])  # fmt: skip
def test_a_db_path_it_cannot_use_is_refused_in_one_line(here: Path, capsys: pytest.CaptureFixture[str],
                                                         db: str, said: str) -> None:
    before = everything(here)
    assert main(["--db", db]) == 2
    assert capsys.readouterr() == ("", said + "\n")
    assert everything(here) == before


def newer(path: Path) -> Path:
    """A database a newer release wrote: this release's tables at a schema version past its own."""
    asyncio.run(migrated(path))
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA user_version = 999")
    return path


NEWER = ("--db newer.db: a newer release of the bot wrote it (schema version 999; this release reads up to"
         f" {len(load_migrations())}); run that release's sandbox, or name another --db. Nothing was changed\n")


def test_a_database_of_a_newer_release_is_refused_in_one_line_naming_db(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    newer(here / "newer.db")
    before = everything(here)
    assert main(["--db", "newer.db"]) == 2
    assert capsys.readouterr() == ("", NEWER)  # not "point DATABASE_URL at another database"
    assert everything(here) == before  # looking at it made no -wal or -shm file either


def test_what_the_checks_cannot_foresee_is_still_one_line(
        here: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that changed between the checks and the bot opening it: one line, no traceback."""
    newer(here / "newer.db")
    monkeypatch.setattr(chat, "database_problem", lambda db: None)
    assert main(["--db", "newer.db"]) == 1
    err = capsys.readouterr().err
    assert err.endswith(NEWER)
    assert "Traceback" not in err


@pytest.mark.slow
@pytest.mark.parametrize("place", ["read-only file", "unwritable folder", "unwritable folder, backup"])
def test_a_database_the_sandbox_cannot_write_is_refused_in_one_line(tmp_path: Path, place: str) -> None:
    prefix = file_permissions_apply()
    if prefix is None:
        pytest.skip("running as root without setpriv: file permissions cannot apply")
    folder = tmp_path / "place"
    folder.mkdir()
    db = folder / "sandbox.db"
    asyncio.run(migrated(db))  # in WAL mode, as the bot leaves it
    if place.endswith("backup"):  # a backup is one file in rollback-journal mode: opening it needs no -shm
        with contextlib.closing(sqlite3.connect(db)) as conn:
            conn.execute("PRAGMA journal_mode = DELETE")
    if place == "read-only file":
        db.chmod(0o444)
        said = "the file is read-only"
    else:
        folder.chmod(0o555)
        if os.geteuid() == 0:  # the owner may still write: make it someone else's
            os.chown(folder, 65534, -1)
        said = f"its folder {folder} cannot be written"
    before = everything(folder)
    result = subprocess.run([*prefix, sys.executable, "-m", "bot", "sandbox", "--db", str(db)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
                            env=dict(os.environ, PYTHONPATH=str(REPO)))  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == (f"--db {db}: the sandbox must write to it and beside it, and {said}; name a copy"
                             " in a folder you can write\n")
    assert everything(folder) == before
