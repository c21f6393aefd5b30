"""CSV export of a lifter's data, safe to open in a spreadsheet, and split to fit upload limits."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from bot.logbook.entries import Entry, Preferences
from bot.logbook.posts import SharedPost
from bot.logbook.units import exact_number, format_number
from bot.quiz.taken_in import TakenIn

# A cell starting with one of these could run as a formula in a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
# `import`: the id of the import an entry came from (the `import` row of profile.csv), empty for
# one logged in Discord; /import csv reads neither it nor `id` back (a new import is a new batch).
ENTRY_COLUMNS = (
    "id", "date", "variant", "sets", "reps", "weight", "unit", "weight_kg", "rpe", "note", "setup", "edited_at",
    "import",
)  # fmt: skip
PROFILE_COLUMNS = ("kind", "key", "value", "created_at")


def protect(cell: str | None) -> str:
    """Put one `'` in front of text a spreadsheet would run; `unprotect` takes exactly one off."""
    if not cell:
        return ""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def unprotect(cell: str) -> str:
    if len(cell) >= 2 and cell[0] == "'" and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def entry_row(entry: Entry, batch_id: int | None = None) -> list[str]:
    """The entry's row of entries.csv; `batch_id`: the import it came from, if any."""
    return [
        str(entry.id),
        entry.performed_on.isoformat(),
        entry.variant,
        str(entry.sets),
        str(entry.reps),
        exact_number(entry.weight),  # as entered, so an import of this file stores the same load
        entry.unit,
        exact_number(entry.weight_kg),
        "" if entry.rpe is None else format_number(entry.rpe),
        protect(entry.note),
        protect(entry.setup),
        "" if entry.edited_at is None else entry.edited_at.isoformat(),  # when last edited in /history
        "" if batch_id is None else str(batch_id),
    ]


def _encode_rows(rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:  # a row a call: `writerows` holds the GIL throughout, 0.1 s for 55,000 rows
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


class EntriesCsv:
    """`entries.csv` built batch by batch (so a huge history is never held as entries at once),
    split into `entries-1.csv`, `entries-2.csv`… when one file would pass `limit_bytes` or hold
    more than `max_rows` entries: the caller passes the smaller of what Discord takes and what
    /import csv reads, so each file goes back in as it is."""

    def __init__(self, limit_bytes: int, max_rows: int) -> None:
        self._limit = limit_bytes
        self._max_rows = max_rows
        self._header = _encode_rows([ENTRY_COLUMNS])
        self._parts: list[bytes] = []
        self._current = bytearray(self._header)
        self._rows = 0  # in the current file
        self.count = 0

    def add(self, entries: Iterable[Entry], imported: Mapping[int, int] | None = None) -> None:
        """Write `entries`; `imported` gives the import batch of those that came from one, by entry id."""
        imported = imported or {}
        for entry in entries:
            line = _encode_rows([entry_row(entry, imported.get(entry.id))])
            full = len(self._current) + len(line) > self._limit or self._rows >= self._max_rows
            if full and self._rows:
                self._parts.append(bytes(self._current))
                self._current = bytearray(self._header)
                self._rows = 0
            self._current += line
            self._rows += 1
            self.count += 1

    def files(self) -> list[tuple[str, bytes]]:
        parts = [*self._parts, bytes(self._current)]
        if len(parts) == 1:
            return [("entries.csv", parts[0])]
        return [(f"entries-{i}.csv", part) for i, part in enumerate(parts, start=1)]


# Where a verdict without a server id was taken, in its `kind` cell.
_TAKEN_WITHOUT_ID = {
    TakenIn.DM: "DMs",
    TakenIn.LEFT: "a server the bot has left",
    TakenIn.WITHOUT_BOT: "a server without the bot",
    TakenIn.NO_SERVER: "no server",  # stored before the place was: DMs, or a server the bot left or was not in
}


def verdict_kind(guild_id: int | None, taken_in: TakenIn) -> str:
    """The `kind` cell of a quiz verdict's row: where it was taken (only a server the bot is in
    keeps its id)."""
    if taken_in is TakenIn.SERVER:
        return f"quiz verdict (server {guild_id})"
    return f"quiz verdict ({_TAKEN_WITHOUT_ID[taken_in]})"


def profile_file(
    prefs: Preferences, setups: Sequence[tuple[int, str, str]], current_setup_id: int | None,
    verdicts: Sequence[tuple[str, str, str, int | None, TakenIn]], more: Sequence[Sequence[str]] = (),
) -> tuple[str, bytes]:  # fmt: skip
    """`profile.csv`: settings, setups, every stored quiz verdict (verdict id, quiz version, taken
    at, server id, where it was taken; one a place) and other features' rows (`more`)."""
    rows: list[Sequence[str]] = [PROFILE_COLUMNS]
    rows += [
        ("setting", "unit", prefs.unit, ""),
        ("setting", "rep_low", str(prefs.rep_low), ""),
        ("setting", "rep_high", str(prefs.rep_high), ""),
        ("setting", "increment", format_number(prefs.increment), ""),
        ("setting", "timezone", prefs.timezone, ""),
        ("setting", "share_logs", "true" if prefs.share_logs else "false", ""),
    ]
    for setup_id, description, created_at in setups:
        kind = "setup (current)" if setup_id == current_setup_id else "setup"
        rows.append((kind, str(setup_id), protect(description), created_at))
    for verdict_id, quiz_version, taken_at, guild_id, taken_in in verdicts:
        rows.append((verdict_kind(guild_id, taken_in), quiz_version, verdict_id, taken_at))
    rows += more  # other features' rows (reminders)
    return "profile.csv", _encode_rows(rows)


def shared_post_rows(posts: Iterable[tuple[SharedPost, Entry]]) -> list[Sequence[str]]:
    """profile.csv's rows for where each shared log was posted in a server channel: the entry's
    id and the post's link (kept to rewrite the post when the entry is deleted or edited)."""
    return [("shared post", str(entry.id), post.link, "") for post, entry in posts]


def import_rows(batches: Iterable[tuple[int, str, datetime, int]]) -> list[Sequence[str]]:
    """profile.csv's rows for each import still stored (id, the app, when, entries left): what
    /import undo takes back."""
    return [("import", str(batch_id), f"{source}: {entries} entries", created_at.isoformat())
            for batch_id, source, created_at, entries in batches]
