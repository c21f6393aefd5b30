"""Reading week days as lifters type them, storing and showing them, and the autocomplete."""

from __future__ import annotations

import pytest

from bot.errors import ValidationError
from bot.reminders.days import COMMON_DAY_SETS, day_suggestions, describe_days, format_days, parse_days

WEEKDAYS = (0, 1, 2, 3, 4)


@pytest.mark.parametrize(("typed", "days"), [
    ("mon,wed,fri", (0, 2, 4)),
    ("Fri, Mon  wed", (0, 2, 4)),
    ("monday thursday", (0, 3)),
    ("tue/thu+sat", (1, 3, 5)),
    ("weekdays", WEEKDAYS),
    ("every day", tuple(range(7))),
    ("Daily", tuple(range(7))),
    ("weekends", (5, 6)),
    ("sat,sat,sun", (5, 6)),
    # ranges: a hyphen, an en or em dash, "to", "through"; spaces around them or not
    ("mon-fri", WEEKDAYS),
    ("Mon–Fri", WEEKDAYS),
    ("Monday — Friday", WEEKDAYS),
    ("mon to fri", WEEKDAYS),
    ("Monday through Wednesday", (0, 1, 2)),
    ("tue-thu, sat", (1, 2, 3, 5)),
    ("mon-wed and fri-sat", (0, 1, 2, 4, 5)),
    ("fri-mon", (0, 4, 5, 6)),  # wraps around the week: Fri, Sat, Sun, Mon
    ("sun-tue", (0, 1, 6)),
    ("wed-wed", (2,)),  # starts and ends on one day: that day
    # abbreviations, plurals and singulars
    ("tues,thurs", (1, 3)),
    ("tue thur", (1, 3)),
    ("weds", (2,)),
    ("Tu Th", (1, 3)),
    ("mondays", (0,)),
    ("Mondays and Thursdays", (0, 3)),
    ("weekday", WEEKDAYS),
    ("weekend", (5, 6)),
    ("every weekday", WEEKDAYS),
    ("every monday", (0,)),
    ("weekdays, sun", (0, 1, 2, 3, 4, 6)),
    # "and", "&", stray punctuation and spaces
    ("monday, wednesday and friday", (0, 2, 4)),
    ("tue & thu", (1, 3)),
    ("mon, wed, fri.", (0, 2, 4)),
    ("  (Mon; Wed!)  ", (0, 2)),
])  # fmt: skip
def test_days_are_read_as_people_type_them(typed: str, days: tuple[int, ...]) -> None:
    assert parse_days(typed) == days


@pytest.mark.parametrize("typed", [
    "", "  ", ",", "funday", "mon,someday", "someday", 3, None,
    "mon-", "-fri", "mon to", "to fri", "mon-wed-fri",  # a range needs a day at each end, once
    "weekdays-sun", "mon-weekend",  # a range runs between days, not sets
    "every", "and", "every other day", "mon or wed",  # words that are not days
    "t", "s", "m,w,f",  # one letter could be two days (Tue or Thu, Sat or Sun)
    "3", "mon3", "day", "weeks",
])  # fmt: skip
def test_unreadable_days_name_the_field_and_what_is_allowed(typed: object) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_days(typed)
    assert caught.value.field == "days"
    assert caught.value.allowed == (
        "week days such as mon,wed,fri or a range such as mon-fri (or weekdays, weekends, every day)")


def test_the_stored_form_reads_back() -> None:
    for days in [(0,), (0, 2, 4), (1, 3), WEEKDAYS, (0, 4, 5, 6), tuple(range(7))]:
        assert parse_days(format_days(days)) == days


def test_days_are_stored_and_shown_in_order() -> None:
    assert format_days((4, 0, 2)) == "mon,wed,fri"
    assert describe_days((0, 2, 4)) == "Mon, Wed, Fri"
    assert describe_days(tuple(range(7))) == "every day"
    assert describe_days((0, 1, 2, 3, 4)) == "weekdays"


def test_autocomplete_offers_common_sets_and_what_was_typed() -> None:
    assert day_suggestions("") == [(s, s) for s in COMMON_DAY_SETS]
    assert day_suggestions("thu") == [("Thu", "thu"), *((s, s) for s in COMMON_DAY_SETS if "thu" in s)]
    assert day_suggestions("monday friday")[0] == ("Mon, Fri", "mon,fri")
    assert day_suggestions("xyz") == []
    assert day_suggestions("mon-x") == []  # no day begins with x, and no common set holds it


@pytest.mark.parametrize(("typed", "names"), [
    ("fri-", ["Fri", "Fri, Sat", "Fri, Sat, Sun", "Fri, Sat, Sun, Mon", "Fri, Sat, Sun, Mon, Tue",
              "Fri, Sat, Sun, Mon, Tue, Wed", "Mon, Tue, Wed, Thu, Fri, Sat, Sun"]),
    ("fri-m", ["Fri, Sat, Sun, Mon"]),
    ("fri to", ["Fri", "Fri, Sat", "Fri, Sat, Sun", "Fri, Sat, Sun, Mon", "Fri, Sat, Sun, Mon, Tue",
                "Fri, Sat, Sun, Mon, Tue, Wed", "Mon, Tue, Wed, Thu, Fri, Sat, Sun"]),
    ("mon, w", ["Mon, Wed"]),
    ("t", ["Tue", "Thu"]),  # one letter is no day yet: each it could begin
])  # fmt: skip
def test_autocomplete_finishes_the_last_word_as_a_day(typed: str, names: list[str]) -> None:
    offered = day_suggestions(typed)
    assert [s.name for s in offered][: len(names)] == names
    for suggestion in offered:
        parse_days(suggestion.value)  # each one the command reads


@pytest.mark.parametrize(("typed", "names"), [
    ("weeke", ["Sat, Sun"]),  # weekend and weekends: one reading
    ("wee", ["Sat, Sun", "Mon, Tue, Wed, Thu, Fri"]),
    ("we", ["Wed", "Sat, Sun", "Mon, Tue, Wed, Thu, Fri"]),  # reads as Wed, and may be a set's word begun
    ("Weekd", ["Mon, Tue, Wed, Thu, Fri"]),
    ("dai", ["Mon, Tue, Wed, Thu, Fri, Sat, Sun"]),
    ("mon, weeke", ["Sat, Sun, Mon"]),
])  # fmt: skip
def test_autocomplete_finishes_the_last_word_as_a_set_too(typed: str, names: list[str]) -> None:
    offered = day_suggestions(typed)
    readings = [s for s in offered if s.name[0].isupper()]  # the common sets follow, in lower case
    assert [s.name for s in readings] == names
    assert len({parse_days(s.value) for s in offered}) == len(offered)  # each reading once


def test_autocomplete_offers_no_set_before_a_word_is_begun() -> None:
    # "every " is no reading yet: each day may follow it; a set's word is offered once begun.
    assert [s.name for s in day_suggestions("every ")] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "every day"]
    assert [s.name for s in day_suggestions("every weekd")] == ["Mon, Tue, Wed, Thu, Fri"]
    assert [s.name for s in day_suggestions("we ")][:2] == ["Wed", "mon,wed,fri"]  # a word ended: Wed only


@pytest.mark.parametrize(("days", "shown"), [
    # One unbroken run across the week's end: from where it starts.
    ((0, 4, 5, 6), "Fri, Sat, Sun, Mon"),  # fri-mon
    ((0, 1, 5, 6), "Sat, Sun, Mon, Tue"),  # sat-tue
    ((0, 6), "Sun, Mon"),
    ((0, 1, 2, 6), "Sun, Mon, Tue, Wed"),
    ((0, 2, 3, 4, 5, 6), "Wed, Thu, Fri, Sat, Sun, Mon"),  # wed-mon
    # Anything else: Monday first, even holding both Sunday and Monday.
    ((0, 2, 5, 6), "Mon, Wed, Sat, Sun"),  # typed as a list, not a run
    ((0, 1, 4, 6), "Mon, Tue, Fri, Sun"),
    ((0, 1, 3, 5, 6), "Mon, Tue, Thu, Sat, Sun"),
    ((0, 2, 4, 6), "Mon, Wed, Fri, Sun"),
    ((0, 3, 6), "Mon, Thu, Sun"),
    ((2, 6), "Wed, Sun"),
    ((5, 6), "Sat, Sun"),
    ((1, 2, 3, 4, 5, 6), "Tue, Wed, Thu, Fri, Sat, Sun"),
])  # fmt: skip
def test_only_one_run_across_the_weeks_end_is_shown_from_where_it_starts(days: tuple[int, ...], shown: str) -> None:
    assert describe_days(days) == shown


@pytest.mark.parametrize(("typed", "name", "value"), [
    ("mon-fri", "Mon, Tue, Wed, Thu, Fri", "mon,tue,wed,thu,fri"),
    ("Mon–Fri", "Mon, Tue, Wed, Thu, Fri", "mon,tue,wed,thu,fri"),
    ("fri-mon", "Fri, Sat, Sun, Mon", "mon,fri,sat,sun"),
    ("tues,thurs", "Tue, Thu", "tue,thu"),
    ("weekend", "Sat, Sun", "sat,sun"),
])  # fmt: skip
def test_autocomplete_names_each_day_it_read_with_a_value_the_command_reads(typed: str, name: str, value: str) -> None:
    offered = day_suggestions(typed)
    assert offered[0] == (name, value)
    assert parse_days(value) == parse_days(typed)


def test_autocomplete_offers_a_reading_once() -> None:
    # "weekdays" reads as the common set "weekdays": offered once, each day named.
    assert day_suggestions("weekdays") == [("Mon, Tue, Wed, Thu, Fri", "mon,tue,wed,thu,fri")]
    # "tue,thu" is a common set too: the reading takes its place, the longer sets follow.
    assert day_suggestions("tue,thu") == [("Tue, Thu", "tue,thu"), ("tue,thu,sat", "tue,thu,sat"),
                                          ("mon,tue,thu,fri", "mon,tue,thu,fri")]
