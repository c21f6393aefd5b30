"""One CSV row to one outcome: a set taken (checked by the same validators as /log), a row
skipped on purpose (warm-ups, rest timers, other exercises), or a row refused with its reason."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.errors import ValidationError
from bot.imports import cells
from bot.imports.layouts import Layout
from bot.imports.model import ImportedEntry, RowProblem
from bot.imports.variants import variant_for
from bot.logbook.checks import check_text, number_range, validate_log
from bot.logbook.entries import MAX_NOTE, MAX_SETUP, REPS, SETS, Preferences
from bot.logbook.export import unprotect
from bot.logbook.typed import comma_in_doubt, comma_readings

WARM_UPS = "warm-up sets"
REST_TIMERS = "rest timer rows"
NOTE_ROWS = "note rows"
OTHER_EXERCISES = "rows of other exercises"
_STRONG_WORKING = ("d", "f", "drop", "dropset", "failure")
_HEVY_WORKING = ("", "normal", "failure", "dropset")
Cell = Callable[[str], str]  # a row's cell by field name ("" when the file has no such column)


@dataclass(frozen=True)
class Skip:
    reason: str


@dataclass(frozen=True)
class Taken:
    """A validated set (or, from our own export, a whole entry) and the session it belongs to."""

    entry: ImportedEntry
    session: tuple[str, ...]
    at: datetime
    # Its note had to be made to fit /log: put on one line, shortened (the preview counts them).
    note_flattened: bool = False
    note_shortened: bool = False


@dataclass(frozen=True)
class Context:
    """What every row is read against: the layout, the unit when the file does not say, the lifter,
    the decimal mark the file's numbers use."""

    layout: Layout
    header: list[str]
    default_unit: str
    prefs: Preferences
    now: datetime
    decimals: cells.Decimals


class _RefusedError(Exception):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.reason = field, reason


def read_row(row: list[str], line: int, ctx: Context) -> Taken | Skip | RowProblem:
    """What to do with one data row (`line` is where it starts in the file)."""
    def cell(field: str) -> str:
        index = ctx.layout.columns.get(field)
        return row[index] if index is not None and index < len(row) else ""

    source = ctx.layout.source
    variant = cell("variant").strip().lower() if source == "hipthrust" else variant_for(cell("exercise"))
    if variant is None:
        return Skip(OTHER_EXERCISES)
    skip = _skip_kind(source, cell)
    if skip is not None:
        return skip
    try:
        if len(row) > ctx.layout.width:
            raise _RefusedError("row", f"has {len(row)} cells but the header has {ctx.layout.width} "
                           "(a decimal comma without quotes?)")  # fmt: skip
        return _taken(cell, variant, ctx)
    except _RefusedError as refused:
        return RowProblem(line, refused.field, refused.reason)


def _skip_kind(source: str, cell: Cell) -> Skip | None:
    if source == "strong":
        kind = " ".join(cell("set_order").lower().split())
        if kind in ("w", "warm up", "warmup", "warm-up"):
            return Skip(WARM_UPS)
        if kind == "rest timer":
            return Skip(REST_TIMERS)
        if kind == "note":
            return Skip(NOTE_ROWS)
    if source == "hevy" and cell("set_type").strip().lower() in ("warmup", "warm-up", "warm up"):
        return Skip(WARM_UPS)
    return None


def _taken(cell: Cell, variant: str, ctx: Context) -> Taken:
    source = ctx.layout.source
    _check_kind(source, cell)
    try:
        at = cells.when(cell("date"))
    except ValidationError as error:  # written right, but no day of the calendar (2025-02-30)
        raise _RefusedError("date", f"must be {error.allowed} (got {cells.quoted(cell('date'))})") from None
    if at is None:
        raise _RefusedError("date", f"must be {cells.DATE_FORMATS} (got {cells.quoted(cell('date'))})")
    raw_weight = _unambiguous("weight", cell("weight").strip(), ctx)
    weight = 0.0 if not raw_weight and source != "hipthrust" else _number_or_cell(raw_weight)
    unit = _row_unit(cell("unit"), ctx)
    reps = _count("reps", _unambiguous("reps", cell("reps"), ctx))
    sets = _count("sets", _unambiguous("sets", cell("sets"), ctx)) if source == "hipthrust" else 1
    raw_rpe = _unambiguous("rpe", cell("rpe").strip(), ctx)
    rpe = None if not raw_rpe else _number_or_cell(raw_rpe)
    note, setup = cell("note"), cell("setup")
    if source == "hipthrust":
        note, setup = unprotect(note), unprotect(setup)
    # A note that looks like a formula ("= last week", "-tempo(3s down)") is text, as in /log: nothing
    # here runs it, and /export puts a ' in front of it for spreadsheets. Strong and Hevy keep a note's
    # line breaks, and Hevy repeats an exercise's note on each set: refusing such a note, as /log does,
    # would leave whole workouts out, so it is made to fit instead.
    note, flattened, shortened = cells.fit_note(note, MAX_NOTE)
    try:
        entry = validate_log(
            weight=weight, reps=reps, sets=sets, rpe=rpe, variant=variant, unit=unit, note=note,
            day=at.date().isoformat(), prefs=ctx.prefs, now=ctx.now,
        )  # fmt: skip
        checked_setup = check_text("setup", setup, MAX_SETUP)
    except ValidationError as error:
        shown = {"date": cell("date"), "weight": raw_weight, "variant": variant, "unit": unit, "reps": cell("reps"),
                 "sets": cell("sets"), "rpe": raw_rpe}  # fmt: skip
        got = f" (got {cells.quoted(shown[error.field])})" if error.field in shown else ""
        raise _RefusedError(error.field, f"must be {error.allowed}{got}") from None
    imported = ImportedEntry(**vars(entry), setup=checked_setup)  # shallow: asdict deep-copies, slowly
    session = (cell("date").strip(), cell("workout").strip(), cell("exercise").strip())
    return Taken(imported, session, at, flattened, shortened)


def _unambiguous(field: str, raw: str, ctx: Context) -> str:
    """The cell as it is, unless it is a number that reads two ways: then the row is refused, not
    guessed. The comma ("1,000") is read as chat and the forms read it (bot.logbook.typed); a
    cell holding more than that number ("1,000.5", "1,000kg") is no number, and refused as such.
    A point before three digits ("1.000") is a decimal point in a file whose numbers use points
    (or show no mark, comma-separated), a thousands separator in one whose numbers use commas
    (European Excel's), and in doubt where the file shows both or neither (semicolon-separated)."""
    doubt = comma_in_doubt(raw)
    if doubt is not None and doubt == raw.strip():
        whole, decimal = comma_readings(doubt)
        raise _RefusedError(field, _in_doubt(raw, whole, float(decimal), "a decimal comma", _column(field, ctx)))
    if not cells.dot_in_doubt(raw) or ctx.decimals.mark == ".":
        return raw
    whole, column = raw.strip().replace(".", ""), _column(field, ctx)
    if ctx.decimals.mark is None:
        raise _RefusedError(field, _in_doubt(raw, whole, float(raw), "a decimal point", column))
    raise _RefusedError(
        field,
        f"must be a number without a thousands separator (got {cells.quoted(raw)}, which is {whole}: the file's "
        f"decimals are commas, as in {cells.quoted(ctx.decimals.shown)}): write {whole} in the column "
        f"{column}",
    )


def _column(field: str, ctx: Context) -> str:
    """The header of the field's column, quoted (only a cell the file has is in doubt)."""
    return cells.quoted(ctx.header[ctx.layout.columns[field]], 30)


def _in_doubt(raw: str, whole: str, value: float, mark: str, column: str) -> str:
    """The refusal of a number that reads two ways, naming both and what to write for each: the
    decimal `value` written plainly ("1", not "1.000", which reads two ways itself in some files)."""
    decimal = cells.plain(value)
    return (f"must be a number without a thousands separator (got {cells.quoted(raw)}, which could be {whole}, or "
            f"{decimal} with {mark}): write {whole} or {decimal} in the column {column}")


def _number_or_cell(raw: str) -> float | str:
    """The cell's number; a cell that is none goes to /log's checks as written, which refuse it
    in /log's words, the range included ("1e9", "heavy")."""
    number = cells.number(raw)
    return raw if number is None else number


def _check_kind(source: str, cell: Cell) -> None:
    if source == "strong":
        kind = cell("set_order").strip()
        if not (kind.isdigit() or kind.lower() in _STRONG_WORKING):
            raise _RefusedError("set order", f"must be a set number, W, Rest Timer or Note (got {cells.quoted(kind)})")
    if source == "hevy":
        kind = cell("set_type").strip()
        if kind.lower() not in _HEVY_WORKING:
            raise _RefusedError("set_type", f"must be normal, warmup, failure or dropset (got {cells.quoted(kind)})")


def _row_unit(raw: str, ctx: Context) -> str:
    if not raw.strip():
        if ctx.layout.source == "hipthrust":
            raise _RefusedError("unit", "must be kg or lb (it is empty)")
        return ctx.default_unit
    unit = cells.unit(raw)
    if unit is None:
        raise _RefusedError("unit", f"must be kg or lb (got {cells.quoted(raw)})")
    return unit


def _count(field: str, raw: str) -> int | float:
    value = cells.number(raw)
    if value is None:
        shown = "it is empty" if not raw.strip() else f"got {cells.quoted(raw)}"
        low, high = REPS if field == "reps" else SETS
        raise _RefusedError(field, f"must be {number_range(low, high, whole=True)} ({shown})")
    return cells.whole_or_float(value)
