"""Cells, exercise names and file decoding, one rule at a time."""

from __future__ import annotations

import codecs
from datetime import datetime

import pytest

from bot.errors import ValidationError
from bot.imports import MAX_BYTES, MAX_ROWS, ImportFileError, check_size
from bot.imports.cells import decimal_mark, fit_note, number, quoted, when
from bot.imports.decode import FALLBACK_NOTE
from bot.imports.variants import variant_for
from bot.logbook.chat_line import Refusal, parse_line
from bot.logbook.checks import validate_log
from bot.logbook.entries import Preferences
from bot.logbook.typed import comma_in_doubt, read_number
from tests.imports.helpers import NOW, parse, rows

STRONG_HEADER = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Notes\n"


@pytest.mark.parametrize(
    ("name", "variant"),
    [("Hip Thrust (Barbell)", "barbell"), ("hip thrust", "barbell"), ("Barbell Hip-Thrust", "barbell"),
     ("Hip Thrust (Dumbbell)", "barbell"), ("HIPTHRUST", "barbell"), ("Hip Thrust (Machine)", "machine"),
     ("Hip Thrust (Smith Machine)", "smith"), ("Glute Bridge", "bridge"), ("Glute Bridge (Barbell)", "bridge"),
     ("Single Leg Hip Thrust", "single-leg"), ("Single-Leg Glute Bridge", "single-leg"),
     ("Hip Thrust (Band)", "banded"), ("Banded Glute Bridge", "banded"), ("Squat (Barbell)", None),
     ("Hip Abduction (Machine)", None), ("Bridge", None)],
)  # fmt: skip
def test_exercise_names_map_to_variants(name, variant):
    assert variant_for(name) == variant


@pytest.mark.parametrize(
    ("cell", "mark"),
    [("62,5", ","), ("0,500", ","), ("1234,567", ","), ("62.5", "."), ("0.500", "."), ("1234.567", "."),
     ("1,000", None), ("1.000", None), (" 12.500 ", None), ("100", None), ("", None), ("1.000,5", None), ("kg", None)],
)  # fmt: skip
def test_a_cells_decimal_mark_is_one_nothing_else_reads_it_as(cell: str, mark: str | None) -> None:
    assert decimal_mark(cell) == mark


@pytest.mark.parametrize(
    ("cell", "value"),
    [("100", 100.0), ("102.5", 102.5), ("102,5", 102.5), (" 60 ", 60.0), ("-5", -5.0), ("", None), ("1,000.5", None),
     ("abc", None), ("1e3", None), ("nan", None)],
)  # fmt: skip
def test_numbers_take_decimal_points_and_commas(cell, value):
    assert number(cell) == value


# (text, in doubt): a comma before exactly three digits, after 1 to 3 digits the first not 0.
COMMAS = [("1,000", True), (" 2,500 ", True), ("12,345", True), ("102,5", False), ("1,25", False),
          ("0,500", False), ("1234,567", False), ("1,0000", False), ("1.000", False), ("1000", False)]


@pytest.mark.parametrize(("text", "doubt"), COMMAS)
def test_a_comma_is_read_one_way_in_a_file_a_chat_line_and_a_form(text: str, doubt: bool) -> None:
    """/import csv asks the chat line's and the forms' check (bot.logbook.typed.comma_in_doubt), so a
    number its cell refuses is refused when typed, and one it reads is read; the readings are named
    alike, but for the file's decimal written plainly ("1", not "1.000": in a file whose decimals are
    commas that is a thousand)."""
    assert (comma_in_doubt(text) is not None) is doubt
    result = parse(STRONG_HEADER.encode() + f'2026-11-01 10:00:00,W,Hip Thrust,1,"{text}",10,\n'.encode(), unit="lb")
    chat = parse_line(f"{text.strip()} lb 3x10", Preferences(), NOW)
    if doubt:
        whole, decimal = text.strip().replace(",", ""), text.strip().replace(",", ".")
        plainly = {"1.000": "1", "2.500": "2.5", "12.345": "12.3450"}[decimal]
        [problem] = result.problems
        assert problem.reason == (
            f"must be a number without a thousands separator (got `{text.strip()}`, which could be {whole}, or "
            f"{plainly} with a decimal comma): write {whole} or {plainly} in the column `Weight`")
        assert isinstance(chat, Refusal)
        assert f"whether `{text.strip()}` is {whole} or {decimal}" in chat.message
        with pytest.raises(ValidationError, match=f"could be {whole} or {decimal}"):
            read_number("weight", text)
    else:
        weight = number(text)
        assert weight is not None
        assert [e.weight for e in result.entries] == [weight]
        assert not isinstance(chat, Refusal)
        assert read_number("weight", text) == weight


@pytest.mark.parametrize("text", ["1,000.5", "1,000,000"])
def test_a_number_with_more_than_a_comma_in_doubt_is_refused_as_typed_everywhere(text: str) -> None:
    """ "1,000.5" is no "1,000" in doubt: a file, a form and a chat line refuse what was typed,
    whole (the form and the chat line named `1,000` and its two readings)."""
    assert comma_in_doubt(text) is None
    chat = parse_line(f"{text} lb 3x10", Preferences(), NOW)
    assert isinstance(chat, Refusal)
    assert f"`{text}`" in chat.message
    result = parse(STRONG_HEADER.encode() + f'2026-11-01 10:00:00,W,Hip Thrust,1,"{text}",10,\n'.encode(), unit="lb")
    assert [p.reason for p in result.problems] == [f"must be a number from 0 (bodyweight) to 2200 lb (got `{text}`)"]
    assert read_number("weight", text) == text  # as typed, for /log's checks to refuse in their words
    with pytest.raises(ValidationError, match=f"you gave `{text}`"):
        validate_log(weight=text, reps=10, prefs=Preferences(unit="lb"), now=NOW)


@pytest.mark.parametrize(
    ("cell", "value"),
    [("2025-03-28 17:29:05", datetime(2025, 3, 28, 17, 29, 5)), ("2025-03-28", datetime(2025, 3, 28)),
     ("2025-03-28T17:29:05Z", datetime(2025, 3, 28, 17, 29, 5)), ("28 Mar 2025, 17:29", datetime(2025, 3, 28, 17, 29)),
     ("3 June 2025 06:10", datetime(2025, 6, 3, 6, 10)), ("03/28/2025", None),
     ("2025-02-10 25:00", None),
     ("28 Foo 2025, 17:29", None), ("", None)],
)  # fmt: skip
def test_dates_apps_write(cell, value):
    assert when(cell) == value


@pytest.mark.parametrize(("cell", "allowed"), [
    ("2025-02-30", "February 2025 has 28 days"), ("2024-02-30 10:00:00", "February 2024 has 29 days"),
    ("31 Apr 2025, 17:29", "April 2025 has 30 days"), ("2025-13-01", "months go from 01 to 12"),
])
def test_a_date_written_right_that_the_calendar_has_not_is_refused_as_such(cell, allowed):
    """A row dated 2025-02-30 was told the date formats, as if it were not written in one."""
    with pytest.raises(ValidationError) as caught:
        when(cell)
    assert caught.value.allowed == f"a day of the calendar: {allowed}"
    result = parse(STRONG_HEADER.encode() + f'"{cell}",W,Hip Thrust,1,100,10,\n'.encode())
    [problem] = result.problems
    assert (problem.field, problem.reason) == ("date", f"must be a day of the calendar: {allowed} (got `{cell}`)")
    assert not result.entries


@pytest.mark.parametrize(
    ("cell", "fitted"),
    [("Bench at hole 3\nfeet shoulder width", ("Bench at hole 3 / feet shoulder width", True, False)),
     ("a\r\n\r\n b \rc\u2028d", ("a / b / c / d", True, False)), ("tempo\t3s", ("tempo 3s", False, False)),
     ("a\x0bb\x0cc", ("a / b / c", True, False)), ("only a\n\t\u202e", ("only a", False, False)),
     ("no\u202e turn", ("no turn", False, False)), ("  plain  ", ("plain", False, False)),
     ("ends with a break\n", ("ends with a break", False, False)),
     ("", ("", False, False)), ("x" * 200, ("x" * 200, False, False)),
     ("x" * 201, ("x" * 199 + "…", False, True)),
     ("y" * 150 + "\n" + "z" * 150, ("y" * 150 + " / " + "z" * 46 + "…", True, True))],
)  # fmt: skip
def test_notes_are_made_to_fit_log(cell, fitted):
    assert fit_note(cell, 200) == fitted
    assert len(fitted[0]) <= 200


def test_size_is_checked_from_the_number_alone():
    check_size(MAX_BYTES)
    with pytest.raises(ImportFileError, match="at most 5 MB") as caught:
        check_size(MAX_BYTES + 1)
    assert caught.value.message.startswith("The file is 5.1 MB;")  # not "5.0 MB; at most 5 MB"
    with pytest.raises(ImportFileError, match="empty"):
        check_size(0)


def test_utf8_with_and_without_bom_and_utf16():
    text = STRONG_HEADER + "2025-01-01,A,Hip Thrust,1,100,10,Füße\n"
    for data in (text.encode(), codecs.BOM_UTF8 + text.encode(), text.encode("utf-16")):
        result = parse(data)
        assert rows(result)[0][7] == "Füße"
        assert result.notes[-1:] != (FALLBACK_NOTE,)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_told_by_its_nul_bytes(codec: str) -> None:
    # It was refused as "binary, not CSV text". A note in Japanese has NULs on the other side too
    # (the ideographic space U+3000 is 00 30 in little-endian, 一 U+4E00 is 4E 00 in big-endian).
    text = STRONG_HEADER + "2025-01-01,A,Hip Thrust,1,100,10,Füße\n2025-01-02,A,Hip Thrust,1,100,10,一\u3000回目\n"
    result = parse(text.encode(codec))
    assert [r[7] for r in rows(result)] == ["Füße", "一\u3000回目"]
    assert result.notes[-1:] != (FALLBACK_NOTE,)


def test_windows_1252_is_read_and_said():
    result = parse((STRONG_HEADER + "2025-01-01,A,Hip Thrust,1,100,10,café\n").encode("cp1252"))
    assert rows(result)[0][7] == "café"
    assert FALLBACK_NOTE in result.notes


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"PK\x03\x04" + bytes(200), "zipped workbook"), (b"%PDF-1.7\n" + bytes(50), "a PDF"),
     (bytes(range(256)) * 4, "binary"), (b"Date,Reps\n\x01\x02\x03\x04\x05\x06\x07\x08", "binary"),
     (codecs.BOM_UTF8 + b"Date,\xff\xfe", "not valid UTF-8"), (b"", "empty"), (b"\n\n  \n", "no header"),
     (b'{"date": "2025-01-01"}', "layout is not one I know"), (b"D\x00a\x00t\x00e\x00\x00\x00" * 20, "binary"),
     ((STRONG_HEADER + "2025-01-01,A,Hip Thrust,1,100,10,\n").encode("utf-16-le")[:-1], "not valid UTF-16")],
)  # fmt: skip
def test_garbage_is_refused_clearly(data, message):
    with pytest.raises(ImportFileError, match=message) as caught:
        parse(data)
    assert caught.value.message.endswith("Nothing was stored.")


def test_oversized_bytes_are_refused_even_if_the_attachment_size_lied():
    with pytest.raises(ImportFileError, match="at most 5 MB"):
        parse(STRONG_HEADER.encode() + b"x" * MAX_BYTES)


def test_more_than_fifty_thousand_rows_are_refused():
    line = "2025-01-01,A,Squat,1,100,5,\n"
    with pytest.raises(ImportFileError, match="more than 50,000 rows"):
        parse((STRONG_HEADER + line * (MAX_ROWS + 1)).encode())
    assert parse((STRONG_HEADER + line * MAX_ROWS).encode()).rows_read == MAX_ROWS


@pytest.mark.parametrize(
    ("cell", "shown"),
    [("kgs", "`kgs`"), (" a`b ", "`a'b`"), ("a\r\nb", "`a  b`"), ("tab\there\u200b", "`tab here`"),
     ("", "``"), ("\x00\t", "``"), ("x" * 41, "`" + "x" * 40 + "…`"), ("x" * 40, "`" + "x" * 40 + "`")],
)  # fmt: skip
def test_file_text_is_quoted_on_one_line_without_unprintable_characters(cell, shown):
    assert quoted(cell) == shown
