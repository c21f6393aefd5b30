"""The PostgreSQL backend's pure parts: placeholders, row counts, migration variants."""

from __future__ import annotations

import pytest

from bot.db.migrations import load_migrations
from bot.db.postgres import _rowcount, translate


def test_placeholders_are_numbered_in_order() -> None:
    assert translate("SELECT a FROM t WHERE b = ? AND c IN (?, ?)") == "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)"


def test_question_marks_in_strings_identifiers_and_comments_stay() -> None:
    sql = "SELECT '?', 'it''s ?', \"odd?name\" FROM t -- why?\nWHERE x = ?"
    assert translate(sql) == "SELECT '?', 'it''s ?', \"odd?name\" FROM t -- why?\nWHERE x = $1"


def test_sql_without_placeholders_is_unchanged() -> None:
    assert translate("UPDATE snippets SET state = 'gone'") == "UPDATE snippets SET state = 'gone'"


@pytest.mark.parametrize(
    ("status", "count"),
    [("INSERT 0 1", 1), ("UPDATE 3", 3), ("DELETE 0", 0), ("SELECT 12", 12), ("CREATE TABLE", 0)],
)
def test_row_count_from_command_status(status: str, count: int) -> None:
    assert _rowcount(status) == count


def test_every_dialect_has_every_migration_number() -> None:
    sqlite, postgres = load_migrations("sqlite"), load_migrations("postgres")
    assert [m.version for m in sqlite] == [m.version for m in postgres]
    for base, variant in zip(sqlite, postgres, strict=True):
        assert variant.name in (base.name, base.name.replace(".sql", ".postgres.sql"))


def test_unknown_dialect_is_refused() -> None:
    with pytest.raises(ValueError, match="dialect"):
        load_migrations("mysql")  # type: ignore[arg-type]
