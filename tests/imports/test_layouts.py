"""Each layout seen in the wild, from hand-written fixtures: what is taken, skipped and refused."""

from __future__ import annotations

import pytest

from bot.imports import ImportFileError
from bot.logbook.entries import Preferences
from tests.imports.helpers import parse, rows


def test_strong_comma_without_unit_uses_the_settings_unit():
    result = parse("strong_comma.csv")
    assert result.source == "strong"
    assert rows(result) == [
        ("2025-03-01", "barbell", 3, 10, 100.0, "kg", 8.0, None),
        ("2025-03-01", "barbell", 1, 8, 110.0, "kg", 9.0, "top set"),
        ("2025-03-04", "machine", 2, 12, 70.0, "kg", None, None),
        ("2025-03-04", "bridge", 1, 20, 0.0, "kg", None, None),
    ]
    assert result.rows_read == 12
    assert result.sets_found == 7
    assert result.skipped == {
        "warm-up sets": 1, "rest timer rows": 1, "note rows": 1, "rows of other exercises": 2,
    }  # fmt: skip
    assert result.problems == ()
    assert any("does not say kg or lb" in note for note in result.notes)
    assert rows(parse("strong_comma.csv", prefs=Preferences(unit="lb")))[0][5] == "lb"
    assert rows(parse("strong_comma.csv", unit="lb"))[0][5] == "lb"


def test_strong_newer_variant_ending_with_rpe():
    result = parse("strong_new.csv", unit="lb")
    assert rows(result) == [
        ("2025-05-10", "smith", 2, 8, 225.0, "lb", 8.5, None),
        ("2025-05-10", "single-leg", 2, 12, 0.0, "lb", None, None),
    ]
    assert "your unit option" in result.description
    assert result.notes == ()


def test_strong_semicolons_with_a_weight_unit_column_and_decimal_commas():
    result = parse("strong_semicolon.csv", unit="lb")
    assert rows(result) == [
        ("2025-02-10", "barbell", 2, 10, 92.5, "kg", 8.0, None),
        ("2025-02-10", "banded", 1, 25, 0.0, "kg", None, None),
        ("2025-02-12", "barbell", 1, 8, 205.0, "lb", 7.5, None),
    ]
    assert "semicolon-separated" in result.description
    assert result.skipped == {"warm-up sets": 1, "rows of other exercises": 1}


def test_strong_kg_header_with_bom_semicolons_and_decimal_commas():
    result = parse("strong_kg_header.csv", unit="lb")
    assert rows(result) == [
        ("2025-01-20", "barbell", 2, 8, 102.5, "kg", 8.0, "Füße breiter"),
        ("2025-01-20", "barbell", 1, 7, 102.5, "kg", 9.0, "Füße breiter"),
    ]
    assert "its weight column says so" in result.description


def test_strong_lbs_header_with_quoted_decimal_commas():
    assert rows(parse("strong_lbs_header.csv")) == [("2025-04-02", "barbell", 3, 10, 225.5, "lb", None, None)]


def test_hevy_dates_set_types_and_newest_first_order():
    result = parse("hevy.csv", unit="lb")
    assert result.source == "hevy"
    assert rows(result) == [
        ("2025-03-25", "bridge", 1, 15, 80.0, "kg", None, None),
        ("2025-03-25", "bridge", 1, 15, 60.0, "kg", None, None),
        ("2025-03-25", "machine", 1, 12, 90.5, "kg", 7.5, None),
        ("2025-03-28", "barbell", 2, 8, 120.0, "kg", 8.0, "seat at 4"),
        ("2025-03-28", "barbell", 1, 6, 120.0, "kg", 10.0, "seat at 4"),
    ]
    assert result.skipped == {"warm-up sets": 1, "rows of other exercises": 1}


def test_hevy_in_pounds_with_bodyweight_sets():
    assert rows(parse("hevy_lbs.csv")) == [
        ("2025-06-03", "single-leg", 2, 15, 0.0, "lb", None, None),
        ("2025-06-03", "barbell", 1, 6, 315.0, "lb", 9.0, None),
    ]


def test_bad_rows_are_listed_with_line_field_and_reason_and_left_out():
    result = parse("strong_bad_rows.csv")
    assert rows(result) == [("2025-06-01", "barbell", 1, 10, 100.0, "kg", 8.0, None)]
    found = [(p.line, p.field) for p in result.problems]
    assert found == [
        (3, "reps"), (4, "weight"), (5, "date"), (6, "rpe"), (7, "weight"), (8, "row"), (9, "set order"),
        (10, "date"), (11, "reps"),
    ]  # fmt: skip
    reasons = {p.line: p.reason for p in result.problems}
    assert "1000 kg" in reasons[4]
    assert "not after today (2026-11-25)" in reasons[5]
    assert "steps of 0.5" in reasons[6]
    assert reasons[7] == "must be a number from 0 (bodyweight) to 1000 kg (got `heavy`)"  # /log's words
    assert "decimal comma" in reasons[8]
    assert result.sets_found == 10


def test_source_option_must_match_the_header():
    with pytest.raises(ImportFileError, match="does not look like a file from Hevy") as caught:
        parse("strong_comma.csv", source="hevy")
    assert "start_time" in caught.value.message
    with pytest.raises(ImportFileError) as caught:
        parse("strong_comma.csv", source="hipthrust")
    assert caught.value.message.startswith(
        "This does not look like a file from this bot's /export: its first line needs the columns date, variant, "
        "sets, reps, weight, unit; it has `Date`,"
    )
    assert rows(parse("strong_comma.csv", source="strong"))


def test_unknown_layout_names_the_columns_expected():
    with pytest.raises(ImportFileError) as caught:
        parse("not_a_csv.txt")
    message = caught.value.message
    assert "Strong: date, exercise name, set order, weight, reps" in message
    assert "Hevy: start_time, exercise_title" in message
    assert "`Dear diary`" in message
    assert message.endswith("Nothing was stored.")


def test_a_note_that_looks_like_a_formula_is_imported_as_text():
    assert [r[7] for r in rows(parse("strong_formula.csv"))] == [None, "=cmd|' /C calc'!A0"]
    result = parse(
        b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Notes\n"
        b"2025-06-01 10:00:00,A,Hip Thrust (Barbell),1,100,10,-tempo(3s down)\n"
        b"2025-06-02 10:00:00,A,Hip Thrust (Barbell),1,100,10,= last week\n"
        b"2025-06-03 10:00:00,A,Hip Thrust (Barbell),1,=100,10,\n"
    )
    assert [r[7] for r in rows(result)] == ["-tempo(3s down)", "= last week"]
    assert [(p.line, p.field) for p in result.problems] == [(4, "weight")]  # a formula where a number goes: its row


def test_consecutive_identical_sets_split_at_twenty():
    header = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n"
    body = "".join(f"2025-01-01 10:00:00,A,Hip Thrust,{n},100,10\n" for n in range(1, 26))
    result = parse((header + body).encode())
    assert [e.sets for e in result.entries] == [20, 5]


def test_identical_sets_in_different_workouts_stay_apart():
    header = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n"
    body = "2025-01-01 08:00:00,AM,Hip Thrust,1,100,10\n2025-01-01 18:00:00,PM,Hip Thrust,1,100,10\n"
    assert [e.sets for e in parse((header + body).encode()).entries] == [1, 1]


@pytest.mark.parametrize("end", ["\r\n", "\r", "\n"])
def test_reordered_columns_line_endings_and_blank_lines_are_fine(end):
    text = f"{end}Reps,Set Order,Weight,Exercise Name,Date{end}{end}10,1,100,Hip Thrust,2025-01-01{end}"
    assert rows(parse(text.encode())) == [("2025-01-01", "barbell", 1, 10, 100.0, "kg", None, None)]


def test_a_file_with_no_hip_thrust_rows_imports_nothing():
    text = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n2025-01-01,A,Squat,1,100,5\n"
    result = parse(text.encode())
    assert result.entries == ()
    assert result.skipped == {"rows of other exercises": 1}


def test_the_profile_file_of_an_export_is_named():
    with pytest.raises(ImportFileError, match=r"import its entries\.csv instead"):
        parse(b"kind,key,value,created_at\r\nsetting,unit,kg,\r\n")


def test_a_cell_that_is_no_number_is_refused_in_the_words_of_log():
    result = parse(
        b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps,RPE\n"
        b"2025-06-01 10:00:00,A,Hip Thrust (Barbell),1,1e9,10,8\n"
        b"2025-06-01 10:00:00,A,Hip Thrust (Barbell),2,100,10,hard\n"
        b"2025-06-01 10:00:00,A,Hip Thrust (Barbell),3,100,ten,8\n"
    )
    assert [(p.line, p.field, p.reason) for p in result.problems] == [
        (2, "weight", "must be a number from 0 (bodyweight) to 1000 kg (got `1e9`)"),
        (3, "rpe", "must be a number from 1 to 10 in steps of 0.5 (e.g. 7, 7.5, 8) (got `hard`)"),
        (4, "reps", "must be a whole number from 1 to 100 (got `ten`)"),  # the range, as /log says it
    ]


HEVY_HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index",'
    '"set_type","weight_kg","reps","distance_km","duration_seconds","rpe"\n'
)


def test_a_note_with_line_breaks_or_too_long_is_made_to_fit_and_the_set_imported():
    hevy = "".join(
        f'"G","20 Nov 2026, 08:00","20 Nov 2026, 09:00","","Hip Thrust (Barbell)",,"Bench at hole 3\nfeet shoulder '
        f'width",{n},"normal",100,10,,,8\n'
        for n in range(3)
    )
    result = parse((HEVY_HEADER + hevy).encode())
    assert result.problems == ()
    assert rows(result) == [("2026-11-20", "barbell", 3, 10, 100.0, "kg", 8.0, "Bench at hole 3 / feet shoulder width")]
    assert result.notes[-1] == (
        "3 notes put on one line (line breaks became “ / ”): "
        "`/log` takes a note of one line and at most 200 characters."
    )
    strong = parse(f"Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Notes\n"
                   f"2026-11-01 10:00:00,W,Hip Thrust (Barbell),1,100,10,{'x' * 250}\n".encode())  # fmt: skip
    assert rows(strong) == [("2026-11-01", "barbell", 1, 10, 100.0, "kg", None, "x" * 199 + "…")]
    assert strong.notes[-1].startswith("1 note shortened to 200 characters, ending in “…”: ")


def test_a_note_with_only_a_tab_is_not_counted_as_put_on_one_line():
    strong = parse(b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Notes\n"
                   b"2026-11-01 10:00:00,W,Hip Thrust (Barbell),1,100,10,tempo\t3s\n"
                   b'2026-11-01 10:00:00,W,Hip Thrust (Barbell),2,100,10,"feet\nwide"\n')  # fmt: skip
    assert [r[-1] for r in rows(strong)] == ["tempo 3s", "feet / wide"]
    assert strong.notes[-1].startswith("1 note put on one line (line breaks became “ / ”): ")


def test_notes_that_fit_say_nothing_about_notes():
    result = parse("hevy.csv", unit="kg")
    assert rows(result)[-1][7] == "seat at 4"
    assert not any("takes a note" in note for note in result.notes)


def test_a_thousands_separator_or_decimal_comma_no_one_can_tell_apart_refuses_its_row():
    result = parse(
        b'Date,Workout Name,Exercise Name,Set Order,Weight,Reps,RPE\n'
        b'2026-11-01 10:00:00,W,Hip Thrust (Barbell),12,"1,000",10,\n'
        b'2026-11-01 10:00:00,W,Hip Thrust (Barbell),13,"102,5",10,"8,500"\n'
        b'2026-11-01 10:00:00,W,Hip Thrust (Barbell),14,"102,5",10,"8,5"\n',
        unit="lb",
    )
    assert [(p.line, p.field, p.reason) for p in result.problems] == [
        (2, "weight", "must be a number without a thousands separator (got `1,000`, which could be 1000, or 1 "
                      "with a decimal comma): write 1000 or 1 in the column `Weight`"),
        (3, "rpe", "must be a number without a thousands separator (got `8,500`, which could be 8500, or 8.5 "
                   "with a decimal comma): write 8500 or 8.5 in the column `RPE`"),
    ]  # fmt: skip
    assert rows(result) == [("2026-11-01", "barbell", 1, 10, 102.5, "lb", 8.5, None)]


SEMICOLONS = b"Date;Workout Name;Exercise Name;Set Order;Weight;Reps;RPE\n"


def test_a_point_before_three_digits_is_a_thousands_separator_where_the_file_writes_decimal_commas():
    # European Excel writes `1.000` for a thousand: it was read as 1, silently.
    result = parse(SEMICOLONS
                   + b"2026-11-01 10:00:00;W;Squat (Barbell);1;142,5;5;\n"  # any row shows the file's mark
                   + b"2026-11-02 10:00:00;W;Hip Thrust (Barbell);1;1.000;10;\n"
                   + b"2026-11-02 10:00:00;W;Hip Thrust (Barbell);2;100;10;1.000\n"
                   + b"2026-11-03 10:00:00;W;Hip Thrust (Barbell);1;100;10;8\n", unit="lb")  # fmt: skip
    assert [(p.line, p.field, p.reason) for p in result.problems] == [
        (3, "weight", "must be a number without a thousands separator (got `1.000`, which is 1000: the file's "
                      "decimals are commas, as in `142,5`): write 1000 in the column `Weight`"),
        (4, "rpe", "must be a number without a thousands separator (got `1.000`, which is 1000: the file's "
                   "decimals are commas, as in `142,5`): write 1000 in the column `RPE`"),
    ]  # fmt: skip
    assert rows(result) == [("2026-11-03", "barbell", 1, 10, 100.0, "lb", 8, None)]


@pytest.mark.parametrize("others", [[b"100"], [b"102,5", b"102.5"]])
def test_a_point_before_three_digits_in_a_file_that_shows_no_decimal_mark_or_both_is_in_doubt(others: list[bytes]):
    later = b"".join(b"2026-11-03 10:00:00;W;Hip Thrust (Barbell);1;" + weight + b";10;\n" for weight in others)
    result = parse(SEMICOLONS + b"2026-11-02 10:00:00;W;Hip Thrust (Barbell);1;12.500;10;\n" + later, unit="kg")
    [problem] = result.problems
    assert (problem.line, problem.field) == (2, "weight")
    assert problem.reason == ("must be a number without a thousands separator (got `12.500`, which could be 12500, or "
                              "12.5 with a decimal point): write 12500 or 12.5 in the column `Weight`")


@pytest.mark.parametrize(("delimiter", "other"), [(b";", b"102.5"), (b",", b"100"), (b",", b"0.500")])
def test_a_point_before_three_digits_is_a_decimal_point_where_the_file_writes_points(delimiter: bytes, other: bytes):
    # A comma-separated file that shows no mark reads points, as it always did.
    result = parse(SEMICOLONS.replace(b";", delimiter)
                   + b"2026-11-02 10:00:00;W;Hip Thrust (Barbell);1;12.500;10;\n".replace(b";", delimiter)
                   + b"2026-11-03 10:00:00;W;Hip Thrust (Barbell);1;".replace(b";", delimiter) + other
                   + b";10;\n".replace(b";", delimiter), unit="kg")  # fmt: skip
    assert result.problems == ()
    assert [e.weight for e in result.entries] == [12.5, float(other)]
