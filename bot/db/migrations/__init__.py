"""The numbered migrations shipped in bot/db/migrations, for either SQL dialect.

Every migration is `NNNN_name.sql`, written for SQLite. Where PostgreSQL needs different SQL
(64-bit ids, identity columns, DOUBLE PRECISION, tables in dependency order) a variant
`NNNN_name.postgres.sql` sits beside it; a migration without one is shared as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Literal

Dialect = Literal["sqlite", "postgres"]
DIALECTS: tuple[Dialect, ...] = ("sqlite", "postgres")

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)(\.postgres)?\.sql$")


class MigrationError(RuntimeError):
    """The migration files or the database's schema version are inconsistent."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


class NewerSchemaError(MigrationError):
    """A newer release of the bot wrote the database: never downgraded or overwritten. `current`
    and `latest` let a caller that does not read DATABASE_URL (the sandbox's --db) word it its own
    way."""

    def __init__(self, current: int, latest: int) -> None:
        super().__init__(
            f"the database is at schema version {current}, newer than this code ({latest}); "
            "a newer release of the bot wrote it. Run that release (or point DATABASE_URL at another "
            "database); nothing was changed."
        )
        self.current, self.latest = current, latest


def load_migrations(dialect: Dialect = "sqlite") -> list[Migration]:
    """The migrations for `dialect`, in order, without gaps (a variant replaces its base file)."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown SQL dialect {dialect!r}")
    folder = resources.files("bot.db") / "migrations"
    base: dict[int, Migration] = {}
    variants: dict[int, Migration] = {}
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if not match:
            continue
        migration = Migration(int(match.group(1)), entry.name, entry.read_text("utf-8"))
        found = variants if match.group(3) else base
        if migration.version in found:
            raise MigrationError(f"two migrations numbered {migration.version:04d}: {entry.name}")
        found[migration.version] = migration
    for version, variant in variants.items():
        if version not in base or base[version].name.removesuffix(".sql") != variant.name.removesuffix(
            ".postgres.sql"
        ):
            raise MigrationError(f"{variant.name} has no base migration of the same name")
    chosen = {**base, **variants} if dialect == "postgres" else base
    ordered = [chosen[v] for v in sorted(chosen)]
    for expected, migration in enumerate(ordered, start=1):
        if migration.version != expected:
            raise MigrationError(f"migration {migration.name} should be number {expected:04d}")
    return ordered
