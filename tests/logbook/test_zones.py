"""Time zones as lifters type them: any case or spacing, found by city."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from bot.errors import ValidationError
from bot.logbook.prefs import check_timezone
from bot.logbook.zones import CHOICES, COMMON_ZONES, known_zone, offset_zone, zone_label, zone_names, zone_suggestions


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Europe/Paris", "Europe/Paris"), ("europe/paris", "Europe/Paris"), ("  AMERICA/new york ", "America/New_York"),
     ("utc", "UTC"), ("america/argentina/buenos_aires", "America/Argentina/Buenos_Aires")],
)  # fmt: skip
def test_a_zone_is_stored_as_iana_writes_it(typed: str, stored: str) -> None:
    assert known_zone(typed) == stored
    assert check_timezone(typed) == stored


@pytest.mark.parametrize("typed", ["Paris", "Mars/Olympus", "Europe/", "/", "../etc/passwd", "europe//paris", ""])
def test_what_names_no_zone_is_refused(typed: str) -> None:
    assert known_zone(typed) is None
    with pytest.raises(ValidationError, match="IANA time zone"):
        check_timezone(typed)


def test_every_name_listed_opens() -> None:
    for name in [*zone_names().values(), *COMMON_ZONES]:
        assert ZoneInfo(name).key == name


@pytest.mark.parametrize(
    ("typed", "first"),
    [("paris", "Europe/Paris"), ("new york", "America/New_York"), ("New_Y", "America/New_York"),
     ("berl", "Europe/Berlin"), ("europe/lon", "Europe/London"), ("TOKYO", "Asia/Tokyo")],
)  # fmt: skip
def test_typing_a_city_offers_its_zone_first(typed: str, first: str) -> None:
    assert zone_suggestions(typed)[0] == first


def test_suggestions_are_zones_holding_the_text_at_most_a_menu() -> None:
    assert zone_suggestions("") == list(COMMON_ZONES)
    many = zone_suggestions("a")
    assert len(many) == CHOICES
    assert all("a" in name.lower() and known_zone(name) == name for name in many)
    assert zone_suggestions("atlantis") == []


@pytest.mark.parametrize(
    ("typed", "offered"),
    [("paris", "Did you mean Europe/Paris?"), ("new york", "Did you mean America/New_York?"),
     ("europe/berln", None), ("america", "Did you mean America/Adak, America/Atka or America/Lima?")],
)  # fmt: skip
def test_a_refused_zone_offers_the_autocompletes_best(typed: str, offered: str | None) -> None:
    with pytest.raises(ValidationError) as refused:
        check_timezone(typed)
    best = zone_suggestions(typed)[:3]
    if offered is None:
        assert best == []
        assert "Did you mean" not in refused.value.message
        assert "such as Europe/Berlin" in refused.value.message  # the plain hint, as before
    else:
        assert refused.value.message == (
            f"**timezone** must be an IANA time zone name (you gave `{typed}`). {offered} Nothing was stored.")
        assert offered.endswith(f"{best[-1]}?")  # the autocomplete's own order


@pytest.mark.parametrize("typed", ["   ", "Mars/Olympus", "x" * 65])
def test_nothing_near_is_refused_with_the_plain_hint(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        check_timezone(typed)
    assert "Did you mean" not in refused.value.message
    assert "such as Europe/Berlin, America/New_York or UTC" in refused.value.message


@pytest.mark.parametrize(
    ("typed", "first"),
    [("gmt+5", "Etc/GMT-5"), ("UTC+2", "Etc/GMT-2"), ("utc -5", "Etc/GMT+5"), ("+02:00", "Etc/GMT-2"),
     ("UTC\u22123", "Etc/GMT+3"), ("+14", "Etc/GMT-14"), ("-12", "Etc/GMT+12")],
)  # fmt: skip
def test_an_offset_typed_offers_the_etc_zone_of_that_offset_first(typed: str, first: str) -> None:
    # Etc/GMT+5 is five hours behind UTC: "gmt+5" offered only it, ten hours off for a lifter at UTC+5.
    assert zone_suggestions(typed)[0] == first
    assert len(zone_suggestions(typed)) == len(set(zone_suggestions(typed)))


@pytest.mark.parametrize("typed", ["+15", "utc+5:30", "utc", "gmt"])
def test_no_etc_zone_is_made_up_for_an_offset_it_lacks(typed: str) -> None:
    assert offset_zone(typed) is None


@pytest.mark.parametrize(
    ("zone", "label"),
    [("Etc/GMT+5", "Etc/GMT+5 (UTC-05:00)"), ("Etc/GMT-14", "Etc/GMT-14 (UTC+14:00)"), ("Etc/GMT-0", "Etc/GMT-0"),
     ("Etc/GMT", "Etc/GMT"), ("GMT+0", "GMT+0"), ("Europe/Paris", "Europe/Paris")],
)  # fmt: skip
def test_an_etc_zone_is_shown_with_its_offset(zone: str, label: str) -> None:
    assert zone_label(zone) == label


def test_a_refused_offset_offers_the_zone_with_its_offset() -> None:
    with pytest.raises(ValidationError) as refused:
        check_timezone("UTC+2")
    assert "Did you mean Etc/GMT-2 (UTC+02:00)?" in refused.value.message
