"""Bad input to every kind of slash command option, as Discord's client lets it through (or, with
`checked=False`, as a forged payload sends it): one private answer that names the option and what
it allows, that pings nobody, and nothing stored.

A kind of problem is worded one way wherever it comes up: a number out of range is "a (whole)
number from X to Y" (`number_range`), a text too long "text of at most N characters"
(`text_limit`), a date ahead of today "not after today (…)" (`check_date`); the forms and chat
lines use the same checks (tests/logbook/test_edits.py, test_chat_line.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver, FileUpload
from bot.sandbox.imitation import Imitation
from bot.sandbox.mentions import interaction_pings
from tests.e2e.logbook_helpers import today

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]

NOT_STORED = " Nothing was stored."
TODAY = "{today}"  # the imitation's today, filled in by the test
GUIDE_HINT = ("Start typing in the `section` option of `/hipthrust guide` and pick a title from the list (with"
              " nothing typed, it lists every section in reading order).")
DAYS = ("**days** must be week days such as mon,wed,fri or a range such as mon-fri (or weekdays, weekends,"
        " every day)")
TIMEZONE = "**timezone** must be an IANA time zone name such as Europe/Berlin, America/New_York or UTC"
DATE_SPAN = f"not after today ({TODAY}) nor before 1900-01-01"
SETUP_BLANK = ("**description** must be text of at most 200 characters, not blank (`none` logs without a"
               " setup).")

# (who, command, options, checked by Discord's client, what the user is told)
CASES: list[tuple[str, str, dict[str, Any], bool, str]] = [
    # A number at Discord's limit for the option, but out of range for this field.
    ("member", "log", {"weight": 1500, "reps": 10}, True,
     "**weight** must be a number from 0 (bodyweight) to 1000 kg (you gave `1500`)." + NOT_STORED),
    ("member", "log", {"weight": 100, "reps": 101}, False,
     "**reps** must be a whole number from 1 to 100 (you gave `101`)." + NOT_STORED),
    ("member", "log", {"weight": 100, "reps": 10, "rpe": 7.3}, True,
     "**rpe** must be a number from 1 to 10 in steps of 0.5 (e.g. 7, 7.5, 8) (you gave `7.3`)." + NOT_STORED),
    ("member", "settings", {"increment": 25}, True,
     "**increment** must be a number from 0.01 to 20 kg in steps of 0.01 (you gave `25`)." + NOT_STORED),
    ("member", "settings", {"rep_low": 20}, True,
     "**rep_low** must be at most your rep_high setting (15) (you gave `20`)." + NOT_STORED),
    # Text: too long, control characters, blank, invisible, mentions and markdown (echoed inert).
    ("member", "log", {"weight": 100, "reps": 10, "note": "x" * 201}, False,
     "**note** must be text of at most 200 characters (it has 201)." + NOT_STORED),
    ("member", "log", {"weight": 100, "reps": 10, "note": "a\u202eb"}, True,
     "**note** must be one line of plain text, without line breaks or other control characters." + NOT_STORED),
    ("member", "setup", {"description": "   "}, True, SETUP_BLANK + NOT_STORED),
    ("member", "setup", {"description": "\u200b\u200b"}, True, SETUP_BLANK + NOT_STORED),
    ("member", "settings", {"timezone": "   "}, True, TIMEZONE + " (you gave `   `)." + NOT_STORED),
    ("member", "settings", {"timezone": "<@123> @everyone **x**"}, True,
     TIMEZONE + " (you gave `<@123> @everyone **x**`)." + NOT_STORED),
    ("member", "remind set", {"days": "   ", "time": "18:00"}, True, DAYS + " (you gave `   `)." + NOT_STORED),
    ("member", "remind set", {"days": "💪", "time": "18:00"}, True, DAYS + " (you gave `💪`)." + NOT_STORED),
    ("member", "remind set", {"days": "mon", "time": "25:00"}, True,
     "**time** must be a time as HH:MM on a 24-hour clock, e.g. 18:00 (or 6pm, 6:30 pm) (you gave `25:00`)."
     + NOT_STORED),
    # Dates: in the future, another format, no such day, ten spaces (the option takes exactly 10).
    ("member", "log", {"weight": 100, "reps": 10, "date": "2099-01-01"}, True,
     f"**date** must be a date {DATE_SPAN}; your time zone is UTC (`/settings timezone` changes it) (you gave"
     " `2099-01-01`)." + NOT_STORED),
    ("member", "log", {"weight": 100, "reps": 10, "date": "01/02/2024"}, True,
     f"**date** must be a date as YYYY-MM-DD, {DATE_SPAN} (you gave `01/02/2024`)." + NOT_STORED),
    ("member", "log", {"weight": 100, "reps": 10, "date": "2024-02-30"}, True,
     "**date** must be a day of the calendar: February 2024 has 29 days (you gave `2024-02-30`)." + NOT_STORED),
    ("member", "log", {"weight": 100, "reps": 10, "date": " " * 10}, True,
     f"**date** must be a date as YYYY-MM-DD, {DATE_SPAN} (you gave `{' ' * 10}`)." + NOT_STORED),
    # Options answered from a list: what was typed matches nothing.
    ("member", "hipthrust guide", {"section": "   "}, True, "Choose a guide section. " + GUIDE_HINT),
    ("member", "hipthrust guide", {"section": "💪"}, True, "No guide section is called “💪”. " + GUIDE_HINT),
    ("moderator", "snippet unpin", {"snippet": "<@123> caveats"}, True,
     "No snippet of this server matches `<@123> caveats`. Start typing in the `snippet` option of `/snippet unpin`"
     " and pick one from the list."),
    ("moderator", "snippet unpin", {"snippet": "   "}, True,
     "Choose a snippet. Start typing in the `snippet` option of `/snippet unpin` and pick one from the list."),
    # A file: empty, an image, another layout.
    ("member", "import csv", {"file": FileUpload("sets.csv", b"")}, True, "The file is empty." + NOT_STORED),
    ("member", "import csv", {"file": FileUpload("gym.png", b"\x89PNG\r\n\x1a\n" + bytes(range(64)), "image/png")},
     True, "This file is a PNG image, not CSV. Export or save it as CSV (UTF-8) and attach that." + NOT_STORED),
]

# Written by the bot for itself, whatever a user sends.
_BOOKKEEPING = {"leases", "sync_state"}


async def _stored(bot: HipThrustBot) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the bot keeps for its users and servers."""
    names = await bot.store.db.columns()  # on either backend
    return {name: [tuple(row) for row in await bot.store.db.fetchall(f"SELECT * FROM {name}")]
            for name in names if name not in _BOOKKEEPING and not name.startswith("_")}


@pytest.mark.parametrize(("user", "command", "options", "checked", "says"), CASES,
                         ids=[f"{c[1]}-{i}" for i, c in enumerate(CASES)])
async def test_bad_input_names_the_option_privately_pings_nobody_and_stores_nothing(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, user: str, command: str,
        options: dict[str, Any], checked: bool, says: str) -> None:
    before = await _stored(hipbot)
    reply = await driver.slash(command, options, user=user, checked=checked)
    assert reply.ephemeral
    assert reply.content == says.replace(TODAY, today(imitation).isoformat())
    assert all(p.nobody for p in interaction_pings(driver.core, driver.record(reply)))
    assert await _stored(hipbot) == before
