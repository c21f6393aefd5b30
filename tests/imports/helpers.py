"""Shared bits for the importer tests: the fixture folder, a fixed clock, entries as plain tuples."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.imports import ImportResult, parse_import
from bot.logbook.entries import Preferences

DATA = Path(__file__).parents[1] / "data" / "import"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def parse(file: str | bytes, *, prefs: Preferences | None = None, **options: object) -> ImportResult:
    data = (DATA / file).read_bytes() if isinstance(file, str) else file
    return parse_import(data, prefs=prefs or Preferences(), now=NOW, **options)  # type: ignore[arg-type]


def rows(result: ImportResult) -> list[tuple[object, ...]]:
    """(date, variant, sets, reps, weight, unit, rpe, note) of each entry, in order."""
    return [
        (e.performed_on.isoformat(), e.variant, e.sets, e.reps, e.weight, e.unit, e.rpe, e.note)
        for e in result.entries
    ]
