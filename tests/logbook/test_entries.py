from datetime import UTC, date, datetime

import pytest

from bot.errors import ValidationError
from bot.logbook.checks import check_count, check_rpe, check_text, check_weight, date_suggestions, validate_log
from bot.logbook.describe import describe_entry, describe_session_sets
from bot.logbook.entries import REPS, Entry, Preferences, today_in
from bot.logbook.plausible import is_implausible, likely_typo
from bot.logbook.prefs import (
    changed_preferences,
    check_increment,
    check_rep_range,
    check_timezone,
    settings_note,
)
from bot.logbook.units import KG_PER_LB, from_kg, to_kg

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def log(prefs=None, **options):
    values = {"weight": 100, "reps": 10, **options}
    return validate_log(**values, prefs=prefs or Preferences(), now=NOW)


@pytest.mark.parametrize(
    "options",
    [
        {"weight": 0},
        {"weight": 0.01},
        {"weight": 1000},
        {"weight": 2200, "unit": "lb"},
        {"reps": 1},
        {"reps": 100},
        {"sets": 1},
        {"sets": 20},
        {"rpe": 1},
        {"rpe": 10},
        {"rpe": 7.5},
        {"note": "x" * 200},
        {"day": "2026-11-25"},
        {"day": "2000-02-29"},
        {"variant": "single-leg"},
        {"note": "  "},
    ],
)
def test_just_inside_is_accepted(options):
    entry = log(**options)
    for name, value in options.items():
        stored = getattr(entry, {"day": "performed_on"}.get(name, name))
        if name == "day":
            stored = stored.isoformat()
        if name == "note" and not value.strip():
            value = None  # a blank note is no note
        assert stored == value


@pytest.mark.parametrize(
    ("options", "field", "allowed"),
    [
        ({"weight": -0.5}, "weight", "0 (bodyweight) to 1000 kg"),
        ({"weight": 1000.5}, "weight", "to 1000 kg"),
        ({"weight": 2200.5, "unit": "lb"}, "weight", "to 2200 lb"),
        ({"weight": 1001, "unit": "kg"}, "weight", "to 1000 kg"),
        ({"weight": float("nan")}, "weight", "a number"),
        ({"weight": float("inf")}, "weight", "a number"),
        ({"weight": "100"}, "weight", "a number"),
        ({"weight": True}, "weight", "a number"),
        # Shown to two decimals, it would read as 0 kg: neither a load nor bodyweight.
        ({"weight": 0.0001}, "weight", "0 (bodyweight) or at least 0.01 kg"),
        ({"weight": 0.009, "unit": "lb"}, "weight", "0 (bodyweight) or at least 0.01 lb"),
        ({"reps": 0}, "reps", "from 1 to 100"),
        ({"reps": 101}, "reps", "from 1 to 100"),
        ({"reps": 10.5}, "reps", "whole number"),
        ({"reps": 10**30}, "reps", "from 1 to 100"),
        ({"reps": None}, "reps", "whole number"),
        ({"sets": 0}, "sets", "from 1 to 20"),
        ({"sets": 21}, "sets", "from 1 to 20"),
        ({"rpe": 0.5}, "rpe", "steps of 0.5"),
        ({"rpe": 10.5}, "rpe", "steps of 0.5"),
        ({"rpe": 7.25}, "rpe", "steps of 0.5"),
        ({"rpe": float("nan")}, "rpe", "steps of 0.5"),
        ({"note": "x" * 201}, "note", "at most 200 characters"),
        ({"note": "a\x00b"}, "note", "control characters"),
        ({"note": "a\u2028b"}, "note", "line breaks"),  # a line separator: a client may break the line there
        ({"note": "x\u202ey"}, "note", "control characters"),  # turns around the text shown after it
        ({"day": "2026-11-26"}, "date", "not after today"),
        ({"day": "2026-02-30"}, "date", "a day of the calendar: February 2026 has 28 days"),
        ({"day": "25/11/2026"}, "date", "YYYY-MM-DD"),
        ({"day": "1899-12-31"}, "date", "nor before 1900-01-01"),
        ({"variant": "hack"}, "variant", "barbell, machine"),
        ({"unit": "stone"}, "unit", "kg, lb"),
    ],
)
def test_just_outside_or_garbage_names_the_field(options, field, allowed):
    with pytest.raises(ValidationError) as caught:
        log(**options)
    assert caught.value.field == field
    assert allowed in caught.value.message
    assert "Nothing was stored" in caught.value.message


@pytest.mark.parametrize("day", ["2026-11-26", "1899-12-31"])
def test_a_date_written_right_but_out_of_range_is_not_told_its_format(day):
    with pytest.raises(ValidationError) as caught:
        log(day=day)
    assert "must be a date not after today (2026-11-25) nor before 1900-01-01" in caught.value.message
    assert "YYYY-MM-DD" not in caught.value.message  # an import's "5 Dec 2030" was told so too


@pytest.mark.parametrize(("day", "allowed"), [
    ("2024-02-30", "February 2024 has 29 days"),
    ("2023-02-29", "February 2023 has 28 days"),
    ("2026-04-31", "April 2026 has 30 days"),
    ("2026-01-00", "January 2026 has 31 days"),
    ("2026-13-01", "months go from 01 to 12"),
    ("2026-00-10", "months go from 01 to 12"),
])
def test_a_date_written_right_that_the_calendar_has_not_is_told_so_not_its_format(day, allowed):
    """It was refused with "a date as YYYY-MM-DD", which it is: the lifter looked for a typo."""
    with pytest.raises(ValidationError) as caught:
        log(day=day)
    assert caught.value.field == "date"
    assert caught.value.message == f"**date** must be a day of the calendar: {allowed} (you gave `{day}`). Nothing " \
                                   "was stored."


def test_a_date_in_other_digits_is_still_told_its_format():
    with pytest.raises(ValidationError, match="a date as YYYY-MM-DD"):
        log(day="２０２６-01-05")  # full-width digits, which `date.fromisoformat` never read either


def test_a_day_after_the_lifters_today_names_their_time_zone():
    """A lifter ahead of UTC who never set a time zone logs their today as UTC's tomorrow: the
    refusal says which time zone today is in, and where to change it."""
    with pytest.raises(ValidationError) as caught:
        log(day="2026-11-26")
    assert "your time zone is UTC (`/settings timezone` changes it)" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        log(day="1899-12-31")
    assert "time zone" not in caught.value.message


def test_a_note_of_invisible_characters_is_no_note_and_emoji_sequences_stay():
    assert log(note="\u200b\u200b").note is None
    assert log(note="👨\u200d👩\u200d👧 felt strong").note == "👨\u200d👩\u200d👧 felt strong"


def test_defaults_and_preferences():
    entry = log()
    assert (entry.sets, entry.variant, entry.unit, entry.rpe, entry.note) == (1, "barbell", "kg", None, None)
    assert entry.performed_on == date(2026, 11, 25)
    assert log(prefs=Preferences(unit="lb")).unit == "lb"


def test_today_follows_the_users_time_zone():
    late_evening_utc = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    assert today_in("UTC", late_evening_utc) == date(2026, 11, 25)
    assert today_in("Asia/Tokyo", late_evening_utc) == date(2026, 11, 26)
    assert today_in("America/Los_Angeles", datetime(2026, 11, 25, 3, 0, tzinfo=UTC)) == date(2026, 11, 24)
    # In Tokyo it is already the 26th, so logging the 26th is not in the future there.
    tokyo = Preferences(timezone="Asia/Tokyo")
    assert validate_log(weight=1, reps=1, day="2026-11-26", prefs=tokyo, now=late_evening_utc)


@pytest.mark.parametrize(("instant", "zone", "day"), [
    (datetime(2026, 1, 5, 23, 30, tzinfo=UTC), "UTC", date(2026, 1, 5)),
    (datetime(2026, 1, 5, 23, 30, tzinfo=UTC), "Asia/Tokyo", date(2026, 1, 6)),
    (datetime(2026, 1, 6, 4, 59, tzinfo=UTC), "America/New_York", date(2026, 1, 5)),
    (datetime(2026, 1, 6, 5, 0, tzinfo=UTC), "America/New_York", date(2026, 1, 6)),
    # Across a DST change: 2026-03-29 01:00 UTC is 03:00 in Berlin (summer time starts)
    (datetime(2026, 3, 28, 22, 59, tzinfo=UTC), "Europe/Berlin", date(2026, 3, 28)),
    (datetime(2026, 3, 28, 23, 0, tzinfo=UTC), "Europe/Berlin", date(2026, 3, 29)),
])
def test_today_changes_at_local_midnight(instant: datetime, zone: str, day: date) -> None:
    assert today_in(zone, instant) == day


def test_today_refuses_a_naive_datetime() -> None:
    # A naive time would be read as the server's local time: a wrong day, without an error.
    with pytest.raises(ValueError, match="aware"):
        today_in("UTC", datetime(2026, 1, 5, 12, 0))


def test_unit_round_trips():
    assert to_kg(100, "lb") == pytest.approx(45.359237)
    assert from_kg(to_kg(225, "lb"), "lb") == pytest.approx(225)
    assert to_kg(2200, "lb") == pytest.approx(2200 * KG_PER_LB)
    assert to_kg(2200, "lb") < 1000


def test_describe_entry():
    assert describe_entry(log(weight=100, reps=10, sets=3, rpe=8)) == "3 × 10 @ 100 kg · RPE 8 · barbell"
    assert describe_entry(log(weight=0, reps=20, variant="bridge")) == "1 × 20 @ bodyweight · bridge"
    assert describe_entry(log(weight=102.5, reps=8, rpe=8.5, unit="kg")).startswith("1 × 8 @ 102.5 kg · RPE 8.5")


def test_a_session_tells_a_run_of_the_same_sets_once():
    sets = [log(weight=100, reps=10), log(weight=100, reps=10, sets=2, rpe=9), log(weight=100, reps=8),
            log(weight=225, reps=8, unit="lb"), log(weight=100, reps=10)]
    # Runs in logged order only: the last 1 × 10 comes after other sets, so it stands alone.
    assert describe_session_sets(sets) == "3 × 10 @ 100 kg, 1 × 8 @ 100 kg, 1 × 8 @ 225 lb, 1 × 10 @ 100 kg"
    assert describe_session_sets([log(weight=0, reps=20), log(weight=0, reps=20)]) == "2 × 20 @ bodyweight"
    assert describe_session_sets([log(weight=100, reps=10, sets=3)]) == "3 × 10 @ 100 kg"


@pytest.mark.parametrize(
    ("new", "last", "asks"),
    [(375, 37.5, True), (80, 100, False), (200, 100, False), (200.5, 100, True), (49.5, 100, True),
     (50, 100, False), (0, 100, False), (100, 0, False), (100, None, False)],
)  # fmt: skip
def test_implausible(new, last, asks):
    assert is_implausible(new, last) is asks


@pytest.mark.parametrize(
    ("typed", "unit", "last_kg", "offered"),
    [(375, "kg", 37.5, 37.5), (3.75, "kg", 37.5, 37.5), (1000, "kg", 100, 100), (22.5, "lb", 102.06, 225),
     (2000, "lb", 100, 200), (150, "kg", 1000, None), (0.5, "kg", 100, None),
     (40, "kg", 250, None),  # 400 kg would be 1.6 times the last load: a light day, not a slip
     (600, "kg", 100, None), (650, "kg", 100, None), (700, "kg", 100, 70), (1000, "kg", 150, 100)],
)  # fmt: skip
def test_the_likely_typo_moves_the_decimal_point_into_range(typed, unit, last_kg, offered):
    entry = log(weight=typed, unit=unit, sets=3, rpe=8)
    guess = likely_typo(entry, last_kg)
    assert (None if guess is None else guess.weight) == offered
    if guess is not None:
        assert guess == log(weight=offered, unit=unit, sets=3, rpe=8)  # only the weight changes
        assert guess.weight <= (1000 if unit == "kg" else 2200)


@pytest.mark.parametrize(
    ("typed", "unit", "last_kg", "offered"),
    [(225, "kg", 100, (225, "lb")), (250, "kg", 100, (250, "lb")), (100, "lb", 100, (100, "kg")),
     (45, "lb", 100, None),  # 45 kg would be less than half as well
     (375, "kg", 37.5, (37.5, "kg")),  # the decimal point first: 375 lb would be 170 kg
     (1000, "kg", 450, (1000, "lb"))],  # 453.6 kg
)  # fmt: skip
def test_the_likely_typo_is_the_other_unit_where_the_number_fits_there(typed, unit, last_kg, offered):
    guess = likely_typo(log(weight=typed, unit=unit, sets=3, rpe=8), last_kg)
    assert (None if guess is None else (guess.weight, guess.unit)) == offered
    if guess is not None:
        assert guess == log(weight=offered[0], unit=offered[1], sets=3, rpe=8)  # only the load changes


def test_settings_checks():
    assert check_timezone("Europe/Berlin") == "Europe/Berlin"
    for bad in ("Mars/Olympus", "../../etc/passwd", "", "x" * 100):
        with pytest.raises(ValidationError, match="IANA time zone"):
            check_timezone(bad)
    assert check_increment(5, "lb") == pytest.approx(5 * KG_PER_LB)
    assert check_increment(20, "kg") == 20
    assert check_increment(0.01, "kg") == 0.01
    # 0.004 would be stored, then shown as 0 and break every later nudge.
    for bad, unit in ((0, "kg"), (0.004, "kg"), (20.5, "kg"), (45, "lb"), (float("nan"), "kg")):
        with pytest.raises(ValidationError, match="increment"):
            check_increment(bad, unit)
    assert check_rep_range(8, None, Preferences()) == (8, 15)
    assert check_rep_range(1, 30, Preferences()) == (1, 30)
    with pytest.raises(ValidationError, match="rep_low"):
        check_rep_range(16, None, Preferences())
    with pytest.raises(ValidationError, match="rep_high"):
        check_rep_range(None, 31, Preferences())


def test_a_rep_range_upside_down_names_the_option_given_now():
    stored = Preferences(rep_low=12, rep_high=15)
    with pytest.raises(ValidationError) as high:
        check_rep_range(None, 5, stored)
    assert high.value.message == ("**rep_high** must be at least your rep_low setting (12) (you gave `5`)."
                                  " Nothing was stored.")
    with pytest.raises(ValidationError) as low:
        check_rep_range(16, None, stored)
    assert low.value.message.startswith("**rep_low** must be at most your rep_high setting (15) (you gave `16`).")
    with pytest.raises(ValidationError) as both:
        check_rep_range(12, 8, stored)
    assert both.value.message.startswith("**rep_low** must be at most rep_high (8) (you gave `12`).")


def test_settings_change_what_is_given_and_nothing_else():
    prefs = Preferences(unit="lb", increment_kg=to_kg(10, "lb"), timezone="Asia/Tokyo")
    assert changed_preferences(prefs) == prefs
    new = changed_preferences(prefs, rep_low=8, timezone="europe/paris", share_logs=True)
    assert new == Preferences(unit="lb", rep_low=8, increment_kg=to_kg(10, "lb"), timezone="Europe/Paris",
                              share_logs=True)
    assert settings_note(prefs, new) is None
    with pytest.raises(ValidationError, match="share_logs"):
        changed_preferences(prefs, share_logs="yes")


def test_a_new_unit_takes_its_default_increment_unless_one_is_given():
    # 10 lb is 4.54 kg: no kg plates make that step, and every target would sit on its grid.
    set_in_lb = Preferences(unit="lb", increment_kg=to_kg(10, "lb"))
    new = changed_preferences(set_in_lb, unit="kg")
    assert (new.unit, new.increment_kg, new.increment) == ("kg", None, 2.5)
    assert settings_note(set_in_lb, new) == (
        "Your increment is now the kg default, 2.5 kg: the 10 lb you set is a step of lb plates."
        " Set `increment:` to choose another.")
    new = changed_preferences(set_in_lb, unit="kg", increment=1.25)
    assert (new.increment, settings_note(set_in_lb, new)) == (1.25, None)
    assert changed_preferences(set_in_lb, unit="lb") == set_in_lb  # the same unit again
    default = Preferences(unit="lb")
    assert changed_preferences(default, unit="kg") == Preferences(unit="kg")
    assert settings_note(default, Preferences(unit="kg")) is None


def test_the_default_increment_given_is_set_and_said_so():
    # increment:2.5 in kg answered "Saved." as if something changed; a change of unit later said
    # "the 2.5 kg you set". It is set (the lifter typed it), and the answer says that is all.
    default = Preferences()
    new = changed_preferences(default, increment=2.5)
    assert new == Preferences(increment_kg=2.5)
    assert settings_note(default, new) == ("Your increment was already 2.5 kg, the kg default:"
                                           " it is now your own setting.")
    assert changed_preferences(new, increment=2.5) == new  # given again: nothing changes
    in_lb = Preferences(unit="lb")
    assert settings_note(in_lb, changed_preferences(in_lb, increment=5)) == (
        "Your increment was already 5 lb, the lb default: it is now your own setting.")
    # Another step, or the default of another unit, shows in the settings: nothing more to say.
    assert settings_note(default, changed_preferences(default, increment=5)) is None
    assert settings_note(default, changed_preferences(default, unit="lb", increment=5)) is None


@pytest.mark.parametrize("typed", [1.234567, 2.505, 0.015])
def test_an_increment_finer_than_a_hundredth_is_refused(typed):
    # 1.234567 was stored as given, then shown and used as 1.23, and "Saved." said nothing of it.
    with pytest.raises(ValidationError) as refused:
        check_increment(typed, "kg")
    assert refused.value.message == (f"**increment** must be a number from 0.01 to 20 kg in steps of 0.01"
                                     f" (you gave `{typed}`). Nothing was stored.")


@pytest.mark.parametrize(("typed", "unit"), [(1.23, "kg"), (0.29, "kg"), (2.55, "lb"), (19.99, "kg"), (0.01, "lb")])
def test_an_increment_to_the_hundredth_is_used_as_given(typed, unit):
    assert Preferences(unit=unit, increment_kg=check_increment(typed, unit)).increment == typed


def test_increment_shown_in_the_users_unit():
    assert Preferences().increment == 2.5
    assert Preferences(unit="lb").increment == 5
    assert Preferences(unit="lb", increment_kg=to_kg(10, "lb")).increment == 10


def test_preferences_refuse_what_the_nudge_engine_cannot_use():
    # The engine takes these as they are: a range upside down or a zero step would be a wrong target.
    with pytest.raises(ValueError, match="rep range"):
        Preferences(rep_low=12, rep_high=8)
    with pytest.raises(ValueError, match="rep range"):
        Preferences(rep_high=31)
    with pytest.raises(ValueError, match="unit"):
        Preferences(unit="stone")  # type: ignore[arg-type]
    for increment_kg in (0, -2.5, 0.001, float("nan")):  # 0.001 kg is 0 at the two decimals shown
        with pytest.raises(ValueError, match="increment"):
            Preferences(increment_kg=increment_kg)
    assert Preferences(unit="lb", rep_low=30, rep_high=30, increment_kg=0.01).increment == 0.02


def test_the_date_autocomplete_offers_the_last_two_weeks_today_first():
    offered = date_suggestions(date(2026, 12, 3), "")
    assert offered[:3] == [("today · Thu 3 Dec", "2026-12-03"), ("yesterday · Wed 2 Dec", "2026-12-02"),
                           ("Tue 1 Dec", "2026-12-01")]
    assert len(offered) == 14
    assert offered[-1] == ("Fri 20 Nov", "2026-11-20")
    assert date_suggestions(date(2026, 12, 3), " YEST") == [("yesterday · Wed 2 Dec", "2026-12-02")]
    assert [value for _, value in date_suggestions(date(2026, 12, 3), "mon")] == ["2026-11-30", "2026-11-23"]
    assert date_suggestions(date(2026, 12, 3), "11-2") == [(n, v) for n, v in offered if "11-2" in v]
    assert date_suggestions(date(2026, 12, 3), "2025") == []


def test_an_entry_read_back_is_the_entry_its_fields_make():
    fields = (date(2026, 3, 2), "barbell", 3, 10, 102.5, "kg", 8.5, "felt fast", 41, 7, "bench at 40 cm",
              datetime(2026, 3, 3, 9, 30, tzinfo=UTC))
    read, built = Entry.read_back(*fields), Entry(*fields)
    assert read == built
    assert hash(read) == hash(built)
    assert type(read) is Entry
    assert vars(read) == vars(built)  # every field, and nothing more
    with pytest.raises(AttributeError):  # as frozen as one built
        read.weight = 100.0  # type: ignore[misc]


def test_two_entries_say_the_same_set_when_day_variant_numbers_and_note_agree():
    entry = Entry(date(2026, 3, 2), "barbell", 3, 10, 102.5, "kg", 8.5, "felt fast", 41, 7, "bench at 40 cm")
    typed_again = log(weight=102.5, sets=3, rpe=8.5, note="felt fast", day="2026-03-02")
    assert entry.same_set(typed_again)  # ids and setups aside
    assert typed_again.same_set(entry)
    assert not entry.same_set(log(weight=102.5, sets=3, rpe=8.5, note="felt slow", day="2026-03-02"))
    assert not entry.same_set(log(weight=102.5, sets=3, rpe=9, note="felt fast", day="2026-03-02"))
    assert not entry.same_set(log(weight=102.5, sets=3, rpe=8.5, note="felt fast", day="2026-03-03"))


# One kind of problem, one wording, whichever field has it (`number_range`, `text_limit`).
WORDED_ONE_WAY = [
    (lambda: check_count("reps", 0, REPS), "a whole number from 1 to 100"),
    (lambda: check_weight(1500, "kg"), "a number from 0 (bodyweight) to 1000 kg"),
    (lambda: check_rpe(7.3), "a number from 1 to 10 in steps of 0.5 (e.g. 7, 7.5, 8)"),
    (lambda: check_increment(25, "kg"), "a number from 0.01 to 20 kg in steps of 0.01"),
    (lambda: check_increment(0.001, "lb"), "a number from 0.01 to 44 lb in steps of 0.01"),
    (lambda: check_text("note", "x" * 201, 200), "text of at most 200 characters (it has 201)"),
    (lambda: check_text("setup", 5, 200), "text of at most 200 characters"),
]


@pytest.mark.parametrize(("check", "allowed"), WORDED_ONE_WAY, ids=[a for _, a in WORDED_ONE_WAY])
def test_a_kind_of_problem_is_worded_one_way_in_every_field(check, allowed) -> None:
    with pytest.raises(ValidationError) as refused:
        check()
    assert refused.value.allowed == allowed
