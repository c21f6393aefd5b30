"""PostgreSQL for tests: the server named by TEST_DATABASE_URL, a fresh schema per test, and the
`database_url` fixture that runs a test on each backend in turn.

`.ci/run` starts a throwaway server and sets TEST_DATABASE_URL. Without it the PostgreSQL tests
are skipped with the reason, except under CI, where they fail: CI must run both backends.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import asyncpg
import pytest

from bot.db.postgres import with_search_path

MISSING = (
    "PostgreSQL tests need TEST_DATABASE_URL=postgresql://user@host:port/db"
    " (.ci/run starts a throwaway server and sets it)"
)


def postgres_url() -> str:
    """The test server's URL; skips the test (fails it under CI) when there is none."""
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so PostgreSQL must be tested: {MISSING}")
        pytest.skip(MISSING)
    return url


@asynccontextmanager
async def fresh_schema() -> AsyncIterator[str]:
    """A URL whose tables land in a new, empty schema; the schema is dropped afterwards."""
    url = await create_schema()
    try:
        yield url
    finally:
        await drop_schemas([url])


async def create_schema() -> str:
    """A URL whose tables land in a new, empty schema (`drop_schemas` removes it)."""
    base = postgres_url()
    name = f"test_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(base)
    try:
        await admin.execute(f'CREATE SCHEMA "{name}"')
    finally:
        await admin.close()
    return with_search_path(base, name)


async def drop_schemas(urls: list[str]) -> None:
    """Drop the schemas `create_schema` made for these URLs, and every table in them."""
    admin = await asyncpg.connect(postgres_url())
    try:
        for url in urls:
            [schema] = [v for k, v in parse_qsl(urlsplit(url).query) if k == "search_path"]
            await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
    finally:
        await admin.close()


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of each backend in turn: a SQLite temp file, then a fresh PostgreSQL schema
    (skipped, with the reason, without a server). A conftest imports it where its tests use it."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hipthrust.db'}"
        return
    async with fresh_schema() as url:
        yield url


async def end_claim_session(url: str, count: int = 1, shard: int = 0) -> int:
    """End, as an administrator or a restarted server would, the session holding the claim on
    `shard` of `count` in `url`'s schema (bot.operations.shard_claim); how many sessions ended."""
    from bot.operations.shard_claim import lock_keys

    admin = await asyncpg.connect(url)
    try:
        keys = lock_keys(await admin.fetchval("SELECT current_schema()"), count, shard)
        return int(await admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = $1::bigint::oid AND objid = $2::bigint::oid AND objsubid = 2", *keys,
        ))  # fmt: skip
    finally:
        await admin.close()
