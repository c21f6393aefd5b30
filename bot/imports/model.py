"""What an import produces: entries ready to store, and an account of every row left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args

from bot.errors import UserError
from bot.logbook.entries import NewEntry

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
# The one list of sources: the /import option is annotated with `Source`, code checks against `SOURCES`.
Source = Literal["auto", "strong", "hevy", "hipthrust"]
SOURCES: tuple[Source, ...] = get_args(Source)
SOURCE_NAMES = {"strong": "Strong", "hevy": "Hevy", "hipthrust": "this bot's /export"}


class ImportFileError(UserError):
    """The file as a whole cannot be imported (size, encoding, layout, row count): nothing is stored."""

    def __init__(self, message: str) -> None:
        super().__init__(message + " Nothing was stored.")


@dataclass(frozen=True)
class ImportedEntry(NewEntry):
    """A validated entry from a file; `setup` is the setup text our own export carries."""

    setup: str | None = None


@dataclass(frozen=True)
class RowProblem:
    """A row left out: its line in the file (the header is line 1), the field and why."""

    line: int
    field: str
    reason: str


@dataclass(frozen=True)
class ImportResult:
    """Everything the preview shows, and the entries an Import would store."""

    source: str
    description: str
    entries: tuple[ImportedEntry, ...]
    rows_read: int
    sets_found: int
    skipped: dict[str, int] = field(default_factory=dict)
    problems: tuple[RowProblem, ...] = ()
    notes: tuple[str, ...] = ()
    # The entries' first and last day (None without entries), worked out with them in the parse's
    # thread: on the event loop, a pass over 50,000 entries would hold it.
    first_day: date | None = None
    last_day: date | None = None
