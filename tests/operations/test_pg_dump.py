"""The PostgreSQL backup commands the CLI and the README give, run as written on a real server."""

from __future__ import annotations

import asyncio
import glob
import os
import secrets
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from bot.db.store import Store
from bot.operations.backup_cli import POSTGRES
from tests.paths import REPO
from tests.postgres_helpers import postgres_url

COMMANDS = [line.strip() for line in POSTGRES.splitlines() if line.strip().startswith(("pg_dump", "pg_restore"))]


def tools_folder() -> str:
    """Where pg_dump and pg_restore are (Debian keeps the versioned ones off PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))
    if found:
        return str(Path(found[-1]).parent)
    on_path = shutil.which("pg_dump")
    if on_path is None:
        pytest.skip("pg_dump is not installed")
    return str(Path(on_path).parent)


def test_the_readme_gives_the_same_commands() -> None:
    assert len(COMMANDS) == 2
    readme = (REPO / "README.md").read_text()
    assert all(command in readme for command in COMMANDS)


async def test_pg_dump_then_pg_restore_brings_the_rows_back(tmp_path: Path) -> None:
    base = postgres_url()
    name = f"dump_{secrets.token_hex(5)}"
    admin = await asyncpg.connect(base)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(urlsplit(base)._replace(path=f"/{name}"))
    try:
        store = await Store.open(url)
        try:
            await store.db.executemany("INSERT INTO users (user_id) VALUES (?)", [(i,) for i in range(1, 6)])
        finally:
            await store.close()
        env = {**os.environ, "DATABASE_URL": url, "PATH": f"{tools_folder()}:{os.environ['PATH']}"}

        def shell(command: str) -> None:
            done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True,
                                  timeout=120, check=False)
            assert done.returncode == 0, done.stderr

        await asyncio.to_thread(shell, COMMANDS[0])
        store = await Store.open(url)
        try:
            await store.db.execute("DELETE FROM users WHERE user_id > ?", (2,))  # the loss to undo
        finally:
            await store.close()
        await asyncio.to_thread(shell, COMMANDS[1])
        store = await Store.open(url)
        try:
            assert await store.db.fetchval("SELECT COUNT(*) FROM users") == 5
        finally:
            await store.close()
    finally:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()
