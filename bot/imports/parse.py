"""The whole import, file bytes to preview: decode, recognise, read every row, group, count."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from datetime import datetime

from bot.imports.cells import LINE_BREAK, Decimals, decimal_mark
from bot.imports.decode import decode
from bot.imports.grouping import group_sets
from bot.imports.layouts import Layout, detect
from bot.imports.model import MAX_ROWS, SOURCES, ImportedEntry, ImportFileError, ImportResult, RowProblem
from bot.imports.rows import Context, Skip, Taken, read_row
from bot.interactions.counts import counted
from bot.logbook.checks import check_choice
from bot.logbook.entries import MAX_NOTE, Preferences
from bot.logbook.units import UNITS

_NUMBER_FIELDS = ("weight", "reps", "sets", "rpe")
# Characters of the text a StringIO is made over at a time (see `_lines`).
_PIECE = 1 << 16


def parse_import(
    data: bytes, *, source: str = "auto", unit: str | None = None, prefs: Preferences, now: datetime
) -> ImportResult:
    """Read a CSV export; raise ImportFileError when the file as a whole cannot be used.

    Never stores anything and never trusts the file: each row goes through /log's validators,
    and every row left out is counted or listed with its line, field and reason. CPU-bound:
    call it in a worker thread.
    """
    check_choice("source", source, SOURCES)
    if unit is not None:
        check_choice("unit", unit, UNITS)
    text, notes = decode(data)
    # Lines may end in \n, \r\n or a lone \r (old spreadsheet exports).
    first_line = next((line for line in _lines(text) if line.strip()), "")
    if not first_line:
        raise ImportFileError("The file has no header line: it looks empty.")
    layout = detect(first_line.rstrip("\r\n"), source)
    records = _records(text, layout.delimiter)
    _, header = next(records)
    default_unit, unit_note, assumed = _unit(layout, unit, prefs)
    ctx = Context(layout, header, default_unit, prefs, now, _decimals(text, layout))
    taken: list[Taken] = []
    skipped: Counter[str] = Counter()
    problems: list[RowProblem] = []
    rows_read = 0
    for line, row in records:
        rows_read += 1
        if rows_read > MAX_ROWS:
            raise ImportFileError(
                f"The file has more than {MAX_ROWS:,} rows; at most {MAX_ROWS:,} can be read. "
                "Export a shorter date range, or split the file."
            )
        outcome = read_row(row, line, ctx)
        if isinstance(outcome, Taken):
            taken.append(outcome)
        elif isinstance(outcome, Skip):
            skipped[outcome.reason] += 1
        else:
            problems.append(outcome)
    entries: list[ImportedEntry] = (
        [t.entry for t in taken] if layout.source == "hipthrust" else group_sets(taken)
    )
    days = [e.performed_on for e in entries]
    return ImportResult(
        source=layout.source,
        description=f"{layout.describe()}, {unit_note}",
        entries=tuple(entries),
        rows_read=rows_read,
        sets_found=sum(t.entry.sets for t in taken) + len(problems),
        skipped=dict(skipped),
        problems=tuple(problems),
        notes=notes + ((unit_note_long(default_unit),) if assumed else ()) + _fitted_notes(taken),
        first_day=min(days, default=None),
        last_day=max(days, default=None),
    )


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank CSV records with the line each starts on (a quoted cell may span lines)."""
    reader = csv.reader(_lines(text), delimiter=delimiter)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportFileError(f"Line {reader.line_num} is not valid CSV ({error}).") from None
        if any(cell.strip() for cell in row):
            yield start, row


def _lines(text: str) -> Iterator[str]:
    """The lines of `io.StringIO(text, newline="")`, ends kept, from a StringIO over `_PIECE`
    characters at a time: made over the whole text (5 MB), it was one C call that held the GIL,
    and so the event loop, 10-16 ms. A piece ends after a \n, or after a \r when no \n follows,
    so no line end is split; the finds are memchr scans."""
    start = 0
    while start < len(text):
        at = start + _PIECE
        end = text.find("\n", at) + 1 or text.find("\r", at) + 1 or len(text)
        yield from io.StringIO(text[start:end], newline="")
        start = end


def _decimals(text: str, layout: Layout) -> Decimals:
    """The decimal mark the file's number cells show (`cells.decimal_mark`), in every row, hip thrust
    or not: a file is written in one locale. Where none shows one, a comma-separated file's is the
    point (a decimal comma there needs quotes; Excel writes semicolons where decimals are commas)."""
    columns = [layout.columns[field] for field in _NUMBER_FIELDS if field in layout.columns]
    seen: dict[str, str] = {}
    records = _records(text, layout.delimiter)
    next(records)  # the header
    for _, row in records:
        for index in columns:
            if index < len(row) and (mark := decimal_mark(row[index])) is not None:
                seen.setdefault(mark, row[index].strip())
        if len(seen) == 2:
            return Decimals(None)
    if not seen:
        return Decimals("." if layout.delimiter == "," else None)
    [(mark, shown)] = seen.items()
    return Decimals(mark, shown)


def _unit(layout: Layout, option: str | None, prefs: Preferences) -> tuple[str, str, bool]:
    """The unit for rows that do not carry one, how the preview says it, and whether it is a guess."""
    from_header = layout.header_unit()
    if from_header is not None:
        return from_header, f"weights in {from_header} (its weight column says so)", False
    fallback = option or prefs.unit
    if "unit" in layout.columns:
        return fallback, "units from its unit column", False
    if option is not None:
        return option, f"weights read as {option} (your unit option)", False
    return fallback, f"weights read as {fallback} (your /settings unit)", True


def _fitted_notes(taken: list[Taken]) -> tuple[str, ...]:
    """What the preview says about notes made to fit /log, counted by set row (Hevy repeats a note on each)."""
    flattened = sum(t.note_flattened for t in taken)
    shortened = sum(t.note_shortened for t in taken)
    said = []
    if flattened:
        said.append(f"{counted(flattened, 'note')} put on one line (line breaks became “{LINE_BREAK}”)")
    if shortened:
        said.append(f"{counted(shortened, 'note')} shortened to {MAX_NOTE} characters, ending in “…”")
    if not said:
        return ()
    return (f"{', '.join(said)}: `/log` takes a note of one line and at most {MAX_NOTE} characters.",)


def unit_note_long(unit: str) -> str:
    return (
        f"The file does not say kg or lb, so weights were read as {unit}, your /settings unit. If that is "
        f"wrong, cancel and run `/import csv` again with `unit:` set."
    )

