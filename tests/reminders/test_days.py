"""Reading week days as lifters type them, storing and showing them, and the autocomplete."""

from __future__ import annotations

import pytest

from bot.errors import ValidationError
from bot.reminders.days import COMMON_DAY_SETS, day_suggestions, describe_days, format_days, parse_days


@pytest.mark.parametrize(("typed", "days"), [
    ("mon,wed,fri", (0, 2, 4)),
    ("Fri, Mon  wed", (0, 2, 4)),
    ("monday thursday", (0, 3)),
    ("tue/thu+sat", (1, 3, 5)),
    ("weekdays", (0, 1, 2, 3, 4)),
    ("every day", tuple(range(7))),
    ("Daily", tuple(range(7))),
    ("weekends", (5, 6)),
    ("sat,sat,sun", (5, 6)),
])  # fmt: skip
def test_days_are_read_as_people_type_them(typed: str, days: tuple[int, ...]) -> None:
    assert parse_days(typed) == days


@pytest.mark.parametrize("typed", ["", "  ", "funday", "mon,someday", ",", 3])
def test_unreadable_days_name_the_field(typed: object) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_days(typed)
    assert caught.value.field == "days"
    assert "mon,wed,fri" in caught.value.message


def test_days_are_stored_and_shown_in_order() -> None:
    assert format_days((4, 0, 2)) == "mon,wed,fri"
    assert describe_days((0, 2, 4)) == "Mon, Wed, Fri"
    assert describe_days(tuple(range(7))) == "every day"
    assert describe_days((0, 1, 2, 3, 4)) == "weekdays"


def test_autocomplete_offers_common_sets_and_what_was_typed() -> None:
    assert day_suggestions("") == list(COMMON_DAY_SETS)
    assert day_suggestions("thu") == ["thu", *(s for s in COMMON_DAY_SETS if "thu" in s)]
    assert day_suggestions("monday friday")[0] == "mon,fri"
    assert day_suggestions("xyz") == []
