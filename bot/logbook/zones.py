"""Time zone names as lifters type them: in any case, with spaces for underscores, or by city.

IANA names are case-sensitive ("Europe/Paris"), and `/settings timezone:europe/paris` was
refused as if no such zone existed. Names are looked up by their folded spelling and stored as
IANA writes them; `/settings` offers them by what was typed ("paris", "new york").
"""

from __future__ import annotations

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
# (and another machine may lack it).
NOT_ZONES = frozenset({"localtime"})


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


def zone_suggestions(typed: str) -> list[str]:
    """Zones to offer while the lifter types: those whose name holds the text, the ones whose
    city (the name's last part) starts with it first, then the shortest."""
    needle = fold(typed)
    if not needle:
        return list(COMMON_ZONES)

    def order(name: str) -> tuple[bool, bool, int, str]:
        key = fold(name)
        return not key.rpartition("/")[2].startswith(needle), not key.startswith(needle), len(name), name

    return sorted((name for key, name in zone_names().items() if needle in key), key=order)[:CHOICES]
