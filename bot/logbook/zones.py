"""Time zone names as lifters type them: in any case, with spaces for underscores, or by city.

IANA names are case-sensitive ("Europe/Paris"), and `/settings timezone:europe/paris` was
refused as if no such zone existed. Names are looked up by their folded spelling and stored as
IANA writes them; `/settings` offers them by what was typed ("paris", "new york").

The Etc/GMT zones count the other way from how offsets are said (POSIX signs): Etc/GMT+5 is five
hours *behind* UTC. Typing "gmt+5" offered only Etc/GMT+5, and a lifter five hours ahead saved a
clock ten hours off. An offset typed as one ("UTC+2", "gmt-5") is offered the Etc zone of that
offset first, and an Etc/GMT zone is shown with its offset wherever it is offered or shown.
"""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import available_timezones

# Offered before anything is typed.
COMMON_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
)
CHOICES = 25  # Discord shows at most 25 autocomplete choices
# Listed by `available_timezones` from a system's zoneinfo folder, but no IANA zone: Debian's
# `localtime` links to /etc/localtime, the server's own clock, which a lifter's time zone is not
# (and another machine may lack it). tzdata's `Factory` is "local time zone must be set": no place's
# clock (its abbreviation is "-00"), which /settings showed saved as if it were the lifter's.
NOT_ZONES = frozenset({"localtime", "Factory"})
_ETC_OFFSET = re.compile(r"Etc/GMT([+-])([0-9]+)")
# An offset as typed, folded: "utc+2", "gmt_-5", "+02:00", "UTC−3" (a minus sign).
_TYPED_OFFSET = re.compile(r"(?:utc|gmt)?_?([+\-\u2212])_?([0-9]{1,2})(?::?00)?")


def fold(text: str) -> str:
    """The spelling names are compared by: "  New York " → "new_york"."""
    return "_".join(text.lower().split())


@cache
def zone_names() -> dict[str, str]:
    """Every zone tzdata knows, by folded spelling ("europe/paris" → "Europe/Paris"). Listing
    them reads the zone files' folders (~25 ms): the settings cog loads them once, off the loop."""
    return {fold(name): name for name in available_timezones() if name not in NOT_ZONES}


def known_zone(typed: str) -> str | None:
    """The IANA name `typed` spells in any case or spacing, or None."""
    return zone_names().get(fold(typed))


def zone_label(name: str) -> str:
    """A zone as the lifter reads it: an Etc/GMT zone with its offset, "Etc/GMT+5 (UTC-05:00)";
    any other as its name."""
    found = _ETC_OFFSET.fullmatch(name)
    if found is None or int(found[2]) == 0:
        return name
    return f"{name} (UTC{'-' if found[1] == '+' else '+'}{int(found[2]):02d}:00)"


def offset_zone(typed: str) -> str | None:
    """The Etc zone of an offset typed as one: "UTC+2" → Etc/GMT-2 (two hours ahead); None for
    anything else, or an offset no Etc zone has (UTC+5:30 is a city's zone, Asia/Kolkata)."""
    found = _TYPED_OFFSET.fullmatch(fold(typed))
    if found is None:
        return None
    return known_zone(f"Etc/GMT{'-' if found[1] == '+' else '+'}{int(found[2])}")


def zone_suggestions(typed: str) -> list[str]:
    """Zones to offer while the lifter types: the Etc zone of an offset typed as one first, then
    those whose name holds the text, the ones whose city (the name's last part) starts with it
    first, then the shortest."""
    needle = fold(typed)
    if not needle:
        return list(COMMON_ZONES)
    offset = offset_zone(typed)

    def order(name: str) -> tuple[bool, bool, int, str]:
        key = fold(name)
        return not key.rpartition("/")[2].startswith(needle), not key.startswith(needle), len(name), name

    found = sorted((name for key, name in zone_names().items() if needle in key and name != offset), key=order)
    return ([offset] if offset else []) + found[: CHOICES - (1 if offset else 0)]
