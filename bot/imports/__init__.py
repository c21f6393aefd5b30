"""Importing hip thrust history from other apps' CSV exports and from this bot's own /export.

Pure: bytes in, validated entries and a preview out; nothing here stores anything or knows Discord.
"""

from bot.imports.decode import check_size
from bot.imports.known import Known, LeftOut, SetKey, Split, count_sets, set_key, sets_removed, split_known
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
    "ImportFileError",
    "ImportResult",
    "ImportedEntry",
    "Known",
    "LeftOut",
    "RowProblem",
    "SetKey",
    "Source",
    "Split",
    "check_size",
    "count_sets",
    "parse_import",
    "set_key",
    "sets_removed",
    "split_known",
]
