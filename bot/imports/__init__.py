"""Importing hip thrust history from other apps' CSV exports and from this bot's own /export.

Pure: bytes in, validated entries and a preview out; nothing here stores anything or knows Discord.
"""

from bot.imports.decode import check_size
from bot.imports.grouping import EntryKey, entry_key, key_of, split_duplicates
from bot.imports.model import (
    MAX_BYTES,
    MAX_ROWS,
    SOURCE_NAMES,
    SOURCES,
    ImportedEntry,
    ImportFileError,
    ImportResult,
    RowProblem,
    Source,
)
from bot.imports.parse import parse_import

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "SOURCES",
    "SOURCE_NAMES",
    "EntryKey",
    "ImportFileError",
    "ImportResult",
    "ImportedEntry",
    "RowProblem",
    "Source",
    "check_size",
    "entry_key",
    "key_of",
    "parse_import",
    "split_duplicates",
]
