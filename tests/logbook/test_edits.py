"""The Edit form: prefilled from the entry, read back and validated exactly as /log validates."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from bot.errors import ValidationError
from bot.logbook import checks
from bot.logbook.chat_line import Refusal, parse_line
from bot.logbook.checks import check_log, validate_log
from bot.logbook.edits import (
    KEPT,
    EditForm,
    FormRefusedError,
    SessionLoad,
    changes_load,
    edit_asks_first,
    edited,
    prefill,
    read_form,
    unchanged,
)
from bot.logbook.entries import Entry, NewEntry, Preferences

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
PREFS = Preferences()
ENTRY = Entry(performed_on=date(2026, 11, 20), variant="machine", sets=3, reps=10, weight=82.5, unit="kg",
              rpe=8.5, note="pad 3", id=7, setup_id=2, setup="pad 3")


def form(**changes: str) -> EditForm:
    return dataclasses.replace(prefill(ENTRY), **changes)


def test_prefilled_with_what_is_stored() -> None:
    assert prefill(ENTRY) == EditForm(weight="82.5", sets_reps="3 × 10", rpe="8.5", date="2026-11-20",
                                      note="pad 3")
    bare = dataclasses.replace(ENTRY, rpe=None, note=None)
    assert (prefill(bare).rpe, prefill(bare).note) == ("", "")


def test_the_prefilled_form_reads_back_as_the_entry() -> None:
    again = read_form(prefill(ENTRY), ENTRY, PREFS, NOW)
    assert again == validate_log(weight=82.5, reps=10, sets=3, rpe=8.5, variant="machine", unit="kg",
                                 note="pad 3", day="2026-11-20", prefs=PREFS, now=NOW)


@pytest.mark.parametrize(("typed", "sets", "reps"), [
    ("4 × 8", 4, 8), ("4x8", 4, 8), ("4 X 8", 4, 8), ("4*8", 4, 8),
    (" 12 ", 3, 12),  # a number alone is the reps: the entry's 3 sets stay (it read 1 × 12)
    ("1 × 12", 1, 12)])  # fmt: skip
def test_sets_and_reps_share_a_field(typed: str, sets: int, reps: int) -> None:
    changed = read_form(form(sets_reps=typed), ENTRY, PREFS, NOW)
    assert (changed.sets, changed.reps) == (sets, reps)


def test_a_load_is_read_as_a_chat_line_reads_it() -> None:
    for typed, weight, unit in (("bw", 0.0, "kg"), ("BodyWeight", 0.0, "kg"), ("225#", 225.0, "lb"),
                                ("100 kilos", 100.0, "kg"), ("1000", 1000.0, "kg"), ("102,5", 102.5, "kg")):
        changed = read_form(form(weight=typed), ENTRY, PREFS, NOW)
        assert (changed.weight, changed.unit) == (weight, unit), typed


@pytest.mark.parametrize("typed", ["1,000", "1,000 kg", " 2,500lb "])
def test_a_comma_before_three_digits_is_refused_as_chat_refuses_it(typed: str) -> None:
    with pytest.raises(FormRefusedError) as refused:
        read_form(form(weight=typed), ENTRY, PREFS, NOW)
    [error] = refused.value.errors
    number = typed.strip().split(" ")[0].removesuffix("lb")
    assert error.field == "weight"
    assert error.problem == (f"**weight** must be written without the comma: `{number}` could be "
                             f"{number.replace(',', '')} or {number.replace(',', '.')}.")
    assert isinstance(parse_line(f"{typed} 3x10", PREFS, NOW), Refusal)  # the same number, in chat
    with pytest.raises(FormRefusedError):
        read_form(form(rpe="8,000"), ENTRY, PREFS, NOW)


def test_every_wrong_field_is_named_at_once_in_the_forms_order() -> None:
    with pytest.raises(FormRefusedError) as refused:
        read_form(form(weight="1,000", sets_reps="0 × 101", rpe="8.2", date="2026-11-26", note="x" * 201), ENTRY,
                  PREFS, NOW)
    assert [e.field for e in refused.value.errors] == ["weight", "sets", "reps", "rpe", "date", "note"]
    lines = refused.value.message.splitlines()
    assert lines[0] == "Not saved; nothing was changed. Fix these 6 and send the form again:"
    assert lines[1:] == [f"• {e.problem}" for e in refused.value.errors]
    assert "Nothing was stored" not in refused.value.message  # an edit stores nothing; it changes
    with pytest.raises(FormRefusedError) as one:
        read_form(form(rpe="hard"), ENTRY, PREFS, NOW)
    assert one.value.message.splitlines() == [
        "Not saved; nothing was changed. Fix this and send the form again:",
        "• **rpe** must be a number from 1 to 10 in steps of 0.5 (e.g. 7, 7.5, 8) (you gave `hard`)."]


def test_numbers_with_a_decimal_comma_and_a_unit_to_fix_the_wrong_one() -> None:
    changed = read_form(form(weight="37,5", rpe="7,5"), ENTRY, PREFS, NOW)
    assert (changed.weight, changed.unit, changed.rpe) == (37.5, "kg", 7.5)
    pounds = read_form(form(weight="185 lbs"), ENTRY, PREFS, NOW)
    assert (pounds.weight, pounds.unit) == (185.0, "lb")


def test_blank_rpe_and_note_remove_them_a_blank_date_keeps_the_day() -> None:
    changed = read_form(form(rpe=" ", note="", date=""), ENTRY, PREFS, NOW)
    assert (changed.rpe, changed.note, changed.performed_on) == (None, None, ENTRY.performed_on)


def test_a_form_sent_as_it_came_changes_nothing() -> None:
    assert unchanged(ENTRY, read_form(form(), ENTRY, PREFS, NOW))
    assert unchanged(ENTRY, read_form(form(weight=" 82,5 kg ", sets_reps="3x10", rpe="8,5", date=""), ENTRY,
                                      PREFS, NOW))  # typed another way, the same values
    for changes in ({"weight": "85"}, {"weight": "82.5 lb"}, {"sets_reps": "3 × 11"}, {"rpe": "9"}, {"rpe": ""},
                    {"date": "2026-11-21"}, {"note": "pad 4"}, {"note": ""}):
        assert not unchanged(ENTRY, read_form(form(**changes), ENTRY, PREFS, NOW)), changes


def test_a_weight_left_as_prefilled_keeps_the_stored_one_exactly() -> None:
    imported = dataclasses.replace(ENTRY, weight=102.0583)  # an /import keeps what the file says
    assert prefill(imported).weight == "102.06"
    kept = read_form(dataclasses.replace(prefill(imported), note="new pad"), imported, PREFS, NOW)
    assert (kept.weight, kept.unit, kept.note) == (102.0583, "kg", "new pad")
    assert unchanged(imported, read_form(prefill(imported), imported, PREFS, NOW))
    assert read_form(form(weight="102.06"), imported, PREFS, NOW).weight == 102.0583
    assert read_form(form(weight="102.07"), imported, PREFS, NOW).weight == 102.07  # typed: as typed
    assert read_form(form(weight="102.06 lb"), imported, PREFS, NOW).unit == "lb"


def test_variant_stays_the_entrys() -> None:
    assert read_form(form(), ENTRY, PREFS, NOW).variant == "machine"


@pytest.mark.parametrize(("changes", "field", "options"), [
    ({"weight": "heavy"}, "weight", {"weight": "heavy"}),
    ({"weight": "1001"}, "weight", {"weight": 1001.0}),
    ({"weight": "2201 lb"}, "weight", {"weight": 2201.0, "unit": "lb"}),
    ({"sets_reps": "21 × 10"}, "sets", {"sets": 21}),
    ({"sets_reps": "3 × 101"}, "reps", {"reps": 101}),
    ({"rpe": "8.3"}, "rpe", {"rpe": 8.3}),
    ({"rpe": "hard"}, "rpe", {"rpe": "hard"}),
    ({"date": "2026-11-26"}, "date", {"day": "2026-11-26"}),
    ({"date": "20.11.2026"}, "date", {"day": "20.11.2026"}),
    ({"date": "2026-02-30"}, "date", {"day": "2026-02-30"}),
    ({"note": "x" * 201}, "note", {"note": "x" * 201}),
])
def test_refused_exactly_as_log_refuses(changes: dict[str, str], field: str, options: dict[str, object]) -> None:
    with pytest.raises(FormRefusedError) as edit:
        read_form(form(**changes), ENTRY, PREFS, NOW)
    logged = {"weight": 82.5, "reps": 10, "sets": 3, "rpe": 8.5, "variant": "machine", "unit": "kg",
              "note": "pad 3", "day": "2026-11-20", **options}
    with pytest.raises(ValidationError) as log:
        validate_log(**logged, prefs=PREFS, now=NOW)  # type: ignore[arg-type]
    [error] = edit.value.errors
    assert error.field == log.value.field == field
    assert error.message == log.value.message


def test_a_date_the_calendar_has_not_is_told_so() -> None:
    with pytest.raises(FormRefusedError) as refused:
        read_form(form(date="2026-02-30"), ENTRY, PREFS, NOW)
    assert refused.value.message.splitlines()[1] == ("• **date** must be a day of the calendar: February 2026 has 28 "
                                                     "days (you gave `2026-02-30`).")


def test_sets_and_reps_that_cannot_be_read_name_the_field() -> None:
    with pytest.raises(FormRefusedError) as refused:
        read_form(form(sets_reps="three by ten"), ENTRY, PREFS, NOW)
    [error] = refused.value.errors
    assert error.field == "sets × reps"
    assert "3 × 10" in error.message


NEAR = SessionLoad(date(2026, 11, 18), 80.0)  # the session nearest the entry's, of its other entries


@pytest.mark.parametrize(("weight", "asks"), [
    ("825", True), ("161", True), ("39.5", True),  # more than double or less than half, as /log asks
    ("160", False), ("40", False), ("85", False), ("8.25 kg", True),
])
def test_an_edit_that_changes_the_load_asks_as_log_does(weight: str, asks: bool) -> None:
    changed = read_form(form(weight=weight), ENTRY, PREFS, NOW)
    assert changes_load(ENTRY, changed)
    assert edit_asks_first(ENTRY, changed, NEAR) is asks


def test_an_edit_that_keeps_the_load_never_asks() -> None:
    far = SessionLoad(date(2026, 11, 18), 20.0)  # the entry's own load is four times it ("Store anyway")
    for changes in ({"sets_reps": "5 × 5"}, {"note": "new pad"}, {"date": "2026-11-21"}, {"weight": "82,5 kg"}):
        changed = read_form(form(**changes), ENTRY, PREFS, NOW)
        assert not changes_load(ENTRY, changed)
        assert not edit_asks_first(ENTRY, changed, far)


def test_a_change_of_unit_changes_the_load() -> None:
    changed = read_form(form(weight="82.5 lb"), ENTRY, PREFS, NOW)  # 37.4 kg: less than half of 80
    assert changes_load(ENTRY, changed)
    assert edit_asks_first(ENTRY, changed, NEAR)
    assert not edit_asks_first(ENTRY, read_form(form(weight="181 lb"), ENTRY, PREFS, NOW), NEAR)


def test_nothing_to_compare_with_and_bodyweight_never_ask() -> None:
    assert not edit_asks_first(ENTRY, read_form(form(weight="825"), ENTRY, PREFS, NOW), None)
    assert not edit_asks_first(ENTRY, read_form(form(weight="0"), ENTRY, PREFS, NOW), NEAR)
    assert not edit_asks_first(ENTRY, read_form(form(weight="825"), ENTRY, PREFS, NOW), SessionLoad(NEAR.day, 0.0))


def test_every_check_of_log_is_collected_with_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    """Review: read_form repeated /log's checks by hand and then called validate_log, so a check
    added to /log's later came out alone, without the other fields or Fix the form."""
    def stricter_note(field: str, value: object, limit: int) -> str | None:
        raise ValidationError(field, "a check added later")

    monkeypatch.setattr(checks, "check_text", stricter_note)
    with pytest.raises(FormRefusedError) as refused:
        read_form(form(weight="heavy"), ENTRY, PREFS, NOW)
    assert [e.field for e in refused.value.errors] == ["weight", "note"]


def test_check_log_returns_every_error_and_validate_log_the_first() -> None:
    options: dict[str, object] = {"weight": -1, "reps": 0, "sets": 21, "rpe": 11, "variant": "rope",
                                  "note": "a\nb", "day": "2026-11-26"}
    entry, errors = check_log(**options, prefs=PREFS, now=NOW)
    assert entry is None
    assert [e.field for e in errors] == ["date", "variant", "sets", "reps", "weight", "rpe", "note"]
    with pytest.raises(ValidationError) as first:
        validate_log(**options, prefs=PREFS, now=NOW)
    assert first.value.field == "date"
    entry, errors = check_log(weight=100, reps=10, prefs=PREFS, now=NOW)
    assert errors == []
    assert entry == validate_log(weight=100, reps=10, prefs=PREFS, now=NOW)


def test_an_edit_takes_every_field_log_stores_but_the_variant() -> None:
    """Review: edited() listed NewEntry's fields by hand; a field added to NewEntry would have been dropped."""
    changed = dataclasses.replace(ENTRY, performed_on=date(2026, 11, 21), variant="smith", sets=4, reps=9,
                                  weight=100.0, unit="lb", rpe=None, note=None)
    after = edited(ENTRY, changed, NOW)
    assert {"variant"} == KEPT
    for field in dataclasses.fields(Entry):
        name = field.name
        want = getattr(changed if name in {f.name for f in dataclasses.fields(NewEntry)} - KEPT else ENTRY, name)
        assert getattr(after, name) == (NOW if name == "edited_at" else want), name
