"""This bot's /export read back: exactly the entries that were exported, protected cells included."""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import ValidationError
from bot.imports import MAX_ROWS, ImportedEntry
from bot.logbook.checks import check_text
from bot.logbook.entries import VARIANTS, Entry
from bot.logbook.export import EntriesCsv
from bot.logbook.units import MAX_WEIGHT, UNITS
from tests.imports.helpers import parse

NOTES = ["=SUM(A1)", "-5 felt heavy", "'quoted", "+1 rep", "@coach", "'=already quoted", "plain, with comma",
         'say "hi"', "Füße", None]  # fmt: skip


def exported(entries: list[Entry], imported: dict[int, int] | None = None) -> bytes:
    writer = EntriesCsv(10 * 1024 * 1024, MAX_ROWS)
    writer.add(entries, imported)
    [(name, data)] = writer.files()
    assert name == "entries.csv"
    return data


def numbers(entry: Entry | ImportedEntry) -> tuple[object, ...]:
    return (entry.performed_on, entry.variant, entry.sets, entry.reps, entry.weight, entry.unit, entry.rpe,
            entry.note, entry.setup)  # fmt: skip


def test_weights_come_back_exactly_as_stored():
    weights = [102.0583, 0.1 + 0.2, 45.359237, 0.01, 999.99999]
    entries = [Entry(date(2025, 1, 1), "barbell", 1, 10, w, "kg", None, None, id=i) for i, w in enumerate(weights)]
    assert [e.weight for e in parse(exported(entries)).entries] == [102.0583, 0.3, 45.359237, 0.01, 999.99999]


def test_every_awkward_note_round_trips():
    entries = [
        Entry(performed_on=date(2025, 1, 1 + i), variant="barbell", sets=3, reps=10, weight=100.5, unit="kg",
              rpe=8.5, note=note, id=i + 1, setup="=bench 40 cm" if i % 2 else None)
        for i, note in enumerate(NOTES)
    ]  # fmt: skip
    result = parse(exported(entries))
    assert result.source == "hipthrust"
    assert result.problems == ()
    assert [numbers(e) for e in result.entries] == [numbers(e) for e in entries]


def test_the_import_column_is_read_past() -> None:
    """entries.csv names the import each entry came from; an import of the file makes a new one."""
    entries = [Entry(date(2025, 1, 1 + i), "barbell", 3, 10, 100.0, "kg", None, None, id=i + 1) for i in range(3)]
    result = parse(exported(entries, {2: 41, 3: 41}))
    assert result.source == "hipthrust"
    assert result.problems == ()
    assert [numbers(e) for e in result.entries] == [numbers(e) for e in entries]


def _storable(text: str) -> bool:
    """Whether a note or setup could be stored as it is: what /log keeps unchanged (a soft hyphen
    alone is no text, a line separator is refused)."""
    try:
        return check_text("note", text, 200) == text
    except ValidationError:
        return False


_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=200
).map(str.strip).filter(_storable)
_entries = st.builds(
    Entry,
    performed_on=st.dates(date(1990, 1, 1), date(2026, 11, 25)),
    variant=st.sampled_from(VARIANTS),
    sets=st.integers(1, 20),
    reps=st.integers(1, 100),
    # Loads as lifters type them, up to six decimals: 102.0583 came back as 102.06 when /export rounded.
    # 0, or /log's 0.01 and up to its largest load (1000 kg, 2200 lb), in either unit.
    weight=(st.just(0) | st.integers(10**4, int(MAX_WEIGHT["lb"]) * 10**6)).map(lambda n: n / 10**6),
    unit=st.sampled_from(UNITS),
    rpe=st.none() | st.integers(2, 20).map(lambda n: n / 2),
    note=st.none() | _text,
    id=st.integers(1, 10**9),
    setup=st.none() | _text,
).filter(lambda entry: entry.weight <= MAX_WEIGHT[entry.unit])


@settings(max_examples=60, deadline=None)
@given(st.lists(_entries, min_size=1, max_size=8))
def test_export_then_import_gives_identical_entries(entries):
    result = parse(exported(entries))
    assert result.problems == ()
    assert [numbers(e) for e in result.entries] == [numbers(e) for e in entries]


def test_an_unprotected_formula_in_an_export_is_imported_as_text():
    # A spreadsheet that saves the file again may drop the ' /export put in front: the note is still the lifter's.
    data = exported([Entry(date(2025, 1, 1), "barbell", 1, 10, 100.0, "kg", None, "plain", id=1)])
    rows = list(csv.reader(io.StringIO(data.decode())))
    rows[1][9] = "=HYPERLINK(\"http://example.invalid\")"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    [entry] = parse(buffer.getvalue().encode()).entries
    assert entry.note == "=HYPERLINK(\"http://example.invalid\")"


def test_export_rows_are_checked_like_log():
    header = "id,date,variant,sets,reps,weight,unit,weight_kg,rpe,note,setup\n"
    body = "1,2025-01-01,dumbbell,3,10,100,kg,100,,,\n2,2025-01-01,barbell,25,10,100,kg,100,,,\n" \
           "3,2025-01-01,barbell,3,10,100,stone,100,,,\n4,2025-01-01,barbell,3,10,,kg,,,,\n"
    result = parse((header + body).encode())
    assert result.entries == ()
    assert [(p.line, p.field) for p in result.problems] == [(2, "variant"), (3, "sets"), (4, "unit"), (5, "weight")]
