"""/settings and /setup end to end: shown, changed, refused; entries remember the setup."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.mentions import pings
from tests.e2e.logbook_helpers import count, entry_rows, today

pytestmark = pytest.mark.e2e

DEFAULTS = """**Your settings**
unit: kg
rep range: 6–15
increment: 2.5 kg
timezone: UTC
share_logs: off
setup: none (set one with /setup)"""


async def _settings_row(bot: HipThrustBot, user_id: int) -> dict[str, Any] | None:
    row = await bot.store.db.fetchone(
        "SELECT unit, rep_low, rep_high, increment_kg, timezone, share_logs FROM users"
        " WHERE user_id = ?", (user_id,))
    return None if row is None else dict(row)


async def test_settings_show_and_change(hipbot: HipThrustBot, driver: Driver) -> None:
    shown = await driver.slash("settings")
    assert shown.ephemeral
    assert shown.content == DEFAULTS
    changed = await driver.slash("settings", unit="lb", rep_low=8, rep_high=12, increment=5,
                                 timezone="America/New_York", share_logs=True, channel="dm")
    assert changed.content.splitlines()[:6] == [
        "Saved.", "**Your settings**", "unit: lb", "rep range: 8–12", "increment: 5 lb",
        "timezone: America/New_York"]
    row = await _settings_row(hipbot, driver.user("member").id)
    assert row is not None
    assert row["increment_kg"] == pytest.approx(2.268, abs=0.001)
    assert (row["unit"], row["rep_low"], row["rep_high"], row["timezone"], row["share_logs"]) == (
        "lb", 8, 12, "America/New_York", 1)
    assert (await driver.slash("settings", user="moderator")).content == DEFAULTS


REFUSED: list[tuple[dict[str, Any], bool, str]] = [
    ({"unit": "lb", "timezone": "Mars/Olympus"}, True, "**timezone** must be an IANA time zone"),
    ({"timezone": "../etc/passwd"}, True, "**timezone** must be an IANA time zone"),
    ({"timezone": "localtime"}, True, "**timezone** must be an IANA time zone"),  # the server's clock
    ({"timezone": "Factory"}, True, "**timezone** must be an IANA time zone"),  # tzdata's "zone not set"
    ({"rep_low": 12, "rep_high": 8}, True, "**rep_low** must be at most rep_high (8)"),
    ({"rep_high": 31}, False, "**rep_high** must be a whole number from 1 to 30"),
    ({"rep_low": 0}, False, "**rep_low** must be a whole number from 1 to 30"),
    ({"increment": 25}, True, "**increment** must be a number from 0.01 to 20 kg"),
    ({"increment": 0}, False, "**increment** must be a number from 0.01"),
]


@pytest.mark.parametrize(("options", "checked", "says"), REFUSED,
                         ids=[next(iter(r[0])) + str(i) for i, r in enumerate(REFUSED)])
async def test_settings_refuse_bad_values_and_change_nothing(
        hipbot: HipThrustBot, driver: Driver, options: dict[str, Any], checked: bool,
        says: str) -> None:
    reply = await driver.slash("settings", options, checked=checked)
    assert reply.ephemeral
    assert reply.content.startswith(says)
    assert await _settings_row(hipbot, driver.user("member").id) is None
    assert (await driver.slash("settings")).content == DEFAULTS


async def test_a_rep_high_below_the_stored_rep_low_names_rep_high(hipbot: HipThrustBot, driver: Driver) -> None:
    await driver.slash("settings", rep_low=12)
    refused = await driver.slash("settings", rep_high=5)
    assert refused.ephemeral
    assert refused.content == ("**rep_high** must be at least your rep_low setting (12) (you gave `5`)."
                               " Nothing was stored.")
    row = await _settings_row(hipbot, driver.user("member").id)
    assert row is not None
    assert (row["rep_low"], row["rep_high"]) == (12, 15)


async def test_a_bad_timezone_comes_with_a_hint(hipbot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.slash("settings", timezone="Mars/Olympus")
    assert "such as Europe/Berlin" in reply.content


async def test_a_city_typed_without_picking_a_choice_is_offered_its_zone(
        hipbot: HipThrustBot, driver: Driver) -> None:
    # The autocomplete offers Europe/Paris for "paris"; sent without picking it, the refusal
    # used to offer nothing but "such as Europe/Berlin".
    offered = await driver.autocomplete("settings", "timezone", timezone="paris")
    assert offered[0]["value"] == "Europe/Paris"
    refused = await driver.slash("settings", timezone="paris", unit="lb")
    assert refused.ephemeral
    assert refused.content == ("**timezone** must be an IANA time zone name (you gave `paris`). "
                               "Did you mean Europe/Paris? Nothing was stored.")
    assert await _settings_row(hipbot, driver.user("member").id) is None
    saved = await driver.slash("settings", timezone="Europe/Paris")
    assert "timezone: Europe/Paris" in saved.content


async def test_a_timezone_is_found_by_city_and_read_in_any_case(hipbot: HipThrustBot, driver: Driver) -> None:
    offered = await driver.autocomplete("settings", "timezone", timezone="new york")
    assert offered[0] == {"name": "America/New_York", "value": "America/New_York"}
    saved = await driver.slash("settings", timezone="america/new york")
    assert saved.content.splitlines()[0] == "Saved."
    assert "timezone: America/New_York" in saved.content
    row = await _settings_row(hipbot, driver.user("member").id)
    assert row is not None
    assert row["timezone"] == "America/New_York"
    again = await driver.slash("settings", timezone="America/New_York")
    assert again.content.splitlines()[0] == "Nothing changed: your settings already say that."


async def test_a_new_unit_drops_an_increment_set_in_the_old_one(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    await driver.slash("settings", unit="lb", increment=10)
    switched = await driver.slash("settings", unit="kg")
    assert switched.content.splitlines()[:2] == [
        "Saved.",
        "Your increment is now the kg default, 2.5 kg: the 10 lb you set is a step of lb plates. "
        "Set `increment:` to choose another."]
    assert "increment: 2.5 kg" in switched.content
    row = await _settings_row(hipbot, driver.user("member").id)
    assert row is not None
    assert (row["unit"], row["increment_kg"]) == ("kg", None)
    earlier = today(imitation) - dt.timedelta(days=3)
    await driver.slash("log", weight=100, reps=15, sets=3, rpe=8, date=earlier.isoformat())
    logged = await driver.slash("log", weight=100, reps=15, sets=3, rpe=8)
    assert "**Next session:** 3 × 6–15 reps at 102.5 kg." in logged.content


async def test_timezone_decides_what_today_is(hipbot: HipThrustBot, driver: Driver,
                                              imitation: Imitation) -> None:
    await driver.slash("settings", timezone="Pacific/Kiritimati")  # UTC+14
    await driver.slash("log", weight=50, reps=10)
    [row] = await entry_rows(hipbot, driver.user("member").id)
    local = imitation.clock().astimezone(ZoneInfo("Pacific/Kiritimati")).date()
    assert row["performed_on"] == local.isoformat()


async def test_setup_show_set_and_entries_remember_it(hipbot: HipThrustBot,
                                                      driver: Driver) -> None:
    member = driver.user("member").id
    none = await driver.slash("setup")
    assert none.ephemeral
    assert none.content.startswith("You have no setup.")
    await driver.slash("log", weight=100, reps=10)
    text = "Bench 40 cm, *feet* wide @everyone"
    saved = await driver.slash("setup", description=text)
    assert saved.ephemeral
    assert saved.content.startswith(r"Setup saved: Bench 40 cm, \*feet\* wide @")
    sent = driver.record(saved).callback_data or {}
    assert pings(sent["content"], sent.get("allowed_mentions")).nobody
    shown = await driver.slash("setup", channel="dm")
    assert shown.content.startswith(r"Your current setup: Bench 40 cm, \*feet\* wide")
    await driver.slash("log", weight=102.5, reps=10)
    await driver.slash("setup", description="machine, pad 3")
    await driver.slash("log", weight=60, reps=12, variant="machine")
    setups = await hipbot.store.users.setups(member)
    ids = {description: setup_id for setup_id, description, _ in setups}
    assert [r["setup_id"] for r in await entry_rows(hipbot, member)] == [
        None, ids[text], ids["machine, pad 3"]]
    assert "setup: machine, pad 3" in (await driver.slash("settings")).content


async def test_the_same_setup_described_again_keeps_sessions_comparable(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    await driver.slash("setup", description="bench 40 cm")
    earlier = today(imitation) - dt.timedelta(days=3)
    await driver.slash("log", weight=100, reps=10, sets=3, date=earlier.isoformat())
    await driver.slash("setup", description="Bench 40 cm")  # typed again, another capital
    logged = await driver.slash("log", weight=100, reps=11, sets=3)
    assert "setup changed" not in logged.content
    assert "3 × 12 reps at 100 kg" in logged.content  # double progression goes on: same setup
    assert len(await hipbot.store.users.setups(driver.user("member").id)) == 1


async def test_setup_none_goes_back_to_logging_without_one(hipbot: HipThrustBot, driver: Driver) -> None:
    member = driver.user("member").id
    assert (await driver.slash("setup", description="None")).content.startswith("You have no setup.")
    await driver.slash("setup", description="bench 40 cm")
    assert "`/setup description:none` logs without one" in (await driver.slash("setup")).content
    cleared = await driver.slash("setup", description=" NONE ")
    assert cleared.ephemeral
    assert cleared.content.startswith("No setup from now on: new logs have none")
    await driver.slash("log", weight=100, reps=10)
    assert [r["setup_id"] for r in await entry_rows(hipbot, member)] == [None]
    assert [d for _, d, _ in await hipbot.store.users.setups(member)] == ["bench 40 cm"]  # no setup called "none"
    assert (await driver.slash("setup")).content.startswith("You have no setup.")


async def test_setup_refuses_a_long_description(hipbot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.slash("setup", description="x" * 201, checked=False)
    assert reply.ephemeral
    assert reply.content.startswith("**description** must be text of at most 200 characters")
    assert await count(hipbot, "setups", driver.user("member").id) == 0


async def test_an_etc_zone_is_shown_with_its_offset_whose_sign_its_name_inverts(
        hipbot: HipThrustBot, driver: Driver) -> None:
    # Etc/GMT+5 is UTC-5 (POSIX signs). "gmt+5" offered only Etc/GMT+5, and /settings showed it
    # saved with nothing to tell a lifter at UTC+5 that their "today" was now ten hours off.
    offered = await driver.autocomplete("settings", "timezone", timezone="gmt+5")
    assert offered[:2] == [{"name": "Etc/GMT-5 (UTC+05:00)", "value": "Etc/GMT-5"},
                           {"name": "Etc/GMT+5 (UTC-05:00)", "value": "Etc/GMT+5"}]
    saved = await driver.slash("settings", timezone="Etc/GMT+5")
    assert "timezone: Etc/GMT+5 (UTC-05:00)" in saved.content.splitlines()
    refused = await driver.slash("settings", timezone="UTC+2")
    assert refused.ephemeral
    assert refused.content == ("**timezone** must be an IANA time zone name (you gave `UTC+2`). "
                               "Did you mean Etc/GMT-2 (UTC+02:00)? Nothing was stored.")
    row = await _settings_row(hipbot, driver.user("member").id)
    assert row is not None
    assert row["timezone"] == "Etc/GMT+5"


async def test_two_settings_at_once_keep_both_changes(hipbot: HipThrustBot, driver: Driver) -> None:
    # Each /settings read the whole row, checked its options and wrote the row back: the one that
    # wrote last put back the unit (or time zone) the other had just saved.
    unit, zone = await asyncio.gather(driver.slash("settings", unit="lb"),
                                      driver.slash("settings", timezone="Asia/Tokyo", channel="dm"))
    assert unit.content.splitlines()[0] == zone.content.splitlines()[0] == "Saved."
    row = await _settings_row(hipbot, driver.user("member").id)
    assert row is not None
    assert (row["unit"], row["timezone"]) == ("lb", "Asia/Tokyo")
    shown = await driver.slash("settings")
    assert {"unit: lb", "increment: 5 lb", "timezone: Asia/Tokyo"} <= set(shown.content.splitlines())


async def test_an_increment_finer_than_a_hundredth_is_refused(hipbot: HipThrustBot, driver: Driver) -> None:
    # 1.234567 was stored as given, shown and used as 1.23, and "Saved." said nothing of it.
    refused = await driver.slash("settings", increment=1.234567)
    assert refused.ephemeral
    assert refused.content == ("**increment** must be a number from 0.01 to 20 kg in steps of 0.01"
                               " (you gave `1.234567`). Nothing was stored.")
    assert await _settings_row(hipbot, driver.user("member").id) is None
    saved = await driver.slash("settings", increment=1.23)
    assert saved.content.splitlines()[0] == "Saved."
    assert "increment: 1.23 kg" in saved.content.splitlines()


async def test_the_default_increment_given_says_what_changed(hipbot: HipThrustBot, driver: Driver) -> None:
    # increment:2.5 answered "Saved." over the same list, then a change of unit said "the 2.5 kg
    # you set": the lifter typed it, so it is set, and the answer says that is what changed.
    given = await driver.slash("settings", increment=2.5)
    assert given.ephemeral
    assert given.content.splitlines()[:2] == [
        "Saved.", "Your increment was already 2.5 kg, the kg default: it is now your own setting."]
    assert "increment: 2.5 kg" in given.content.splitlines()
    row = await _settings_row(hipbot, driver.user("member").id)
    assert row is not None
    assert row["increment_kg"] == 2.5
    again = await driver.slash("settings", increment=2.5)
    assert again.content.splitlines()[0] == "Nothing changed: your settings already say that."
    switched = await driver.slash("settings", unit="lb")
    assert switched.content.splitlines()[:2] == [
        "Saved.",
        "Your increment is now the lb default, 5 lb: the 2.5 kg you set is a step of kg plates. "
        "Set `increment:` to choose another."]
