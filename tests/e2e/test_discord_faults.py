"""When Discord's REST API cannot serve the bot (bot.sandbox.faults), end to end: a chat-typed set, a
reminder DM, buttons greying out, a deferred chart. Nothing stored twice, nothing crashed, no retry
storm; the user gets the answer after a rate limit's wait, or a plain word where one can reach them.
(/snippet pin: test_snippets_pin_discord_faults.py.)"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.interactions import expirer
from bot.sandbox.driver import Driver
from bot.sandbox.faults import cloudflare_banned, rate_limited, refused, server_error
from bot.sandbox.imitation import Imitation
from bot.sandbox.rest import API
from tests.e2e.bots import counted
from tests.e2e.chat_helpers import BUTTON_LIFETIME, stored
from tests.e2e.logbook_helpers import days_ago
from tests.e2e.remind_helpers import dms, move_to, next_local, quiet_rounds, reminding_bot, wait_dms
from tests.e2e.test_import import upload
from tests.stored import entry_count

pytestmark = pytest.mark.e2e


def dm_posts(driver: Driver, who: str = "member") -> str:
    return f"{API}/channels/{driver.channel('dm', driver.user(who)).id}/messages"


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What was logged at ERROR: an unhandled task exception ("Task exception was never retrieved",
    discord.py's "Ignoring exception in …") or the funnel's "unexpected error"."""
    return [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR]


# --- a set typed in chat ---------------------------------------------------------------------------

@pytest.mark.parametrize("is_global", [False, True], ids=["route", "global"])
async def test_a_rate_limited_chat_reply_comes_after_the_wait(
        hipbot: HipThrustBot, driver: Driver, caplog: pytest.LogCaptureFixture, is_global: bool) -> None:
    limit = rate_limited("POST", dm_posts(driver), retry_after=0.3, is_global=is_global)
    driver.core.faults.append(limit)
    reply = await driver.dm("100kg 3x10")
    assert limit.hits == 1
    assert reply.content.startswith("**Logged** 3 × 10 @ 100 kg")
    await driver.settle()
    assert len(driver.answers_to(reply.reference_id or 0)) == 1
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]
    assert errors_logged(caplog) == []


async def test_a_chat_reply_discord_fails_keeps_the_set_stored_once(hipbot: HipThrustBot, driver: Driver,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    driver.core.faults.append(server_error("POST", dm_posts(driver), 503))
    line = driver.write("100kg 3x10", channel="dm")
    await driver.wait_until(lambda: any(r.status == 503 for r in driver.core.requests), "the refused reply")
    await driver.settle()
    assert driver.answers_to(line) == []
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]
    assert errors_logged(caplog) == []
    # The lifter looks: /history shows the set was stored, and the next line is answered.
    history = await driver.slash("history")
    assert "3 × 10 @ 100 kg" in history.text
    assert (await driver.dm("105kg 3x8")).content.startswith("**Logged** 3 × 8 @ 105 kg")


# --- a reminder DM ---------------------------------------------------------------------------------

@pytest.fixture
async def reminding(monkeypatch: pytest.MonkeyPatch, imitation: Imitation, driver: Driver,
                    tmp_path: Path) -> AsyncIterator[HipThrustBot]:
    async with reminding_bot(monkeypatch, imitation, driver, tmp_path / "e2e.db") as running:
        yield running


async def remind_daily(driver: Driver, imitation: Imitation) -> dt.datetime:
    reply = await driver.slash("remind set", days="every day", time="18:00")
    assert reply.content.startswith("**Reminders on:**")
    return next_local(imitation, "UTC", 18)


async def test_a_reminder_discord_fails_is_tried_once_and_the_next_one_goes(
        reminding: HipThrustBot, driver: Driver, imitation: Imitation, caplog: pytest.LogCaptureFixture) -> None:
    at = await remind_daily(driver, imitation)
    outage = server_error("POST", f"{API}/channels/*/messages", 503)
    driver.core.faults.append(outage)
    move_to(imitation, at + dt.timedelta(seconds=1))
    await driver.wait_until(lambda: outage.hits == 1, "the refused DM")
    await quiet_rounds()
    assert dms(driver) == []
    assert [r.status for r in driver.core.requests if r.path.endswith("/messages")] == [503]  # no retry storm
    assert (counted(reminding, "hipthrust_reminders_total", outcome="failed"),
            counted(reminding, "hipthrust_reminders_total", outcome="sent")) == (1, 0)
    move_to(imitation, at + dt.timedelta(days=1, seconds=1))
    assert len(await wait_dms(driver, 1)) == 1
    assert not [line for line in errors_logged(caplog) if "Task exception" in line]


async def test_a_reminder_whose_answer_was_lost_is_sent_once(
        reminding: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    at = await remind_daily(driver, imitation)
    driver.core.faults.append(server_error("POST", f"{API}/channels/*/messages", 500, after=True))
    move_to(imitation, at + dt.timedelta(seconds=1))
    assert len(await wait_dms(driver, 1)) == 1
    await driver.settle(quiet=1.5)  # past discord.py's resend (1 s after the 500)
    assert len(dms(driver)) == 1
    assert counted(reminding, "hipthrust_reminders_total", outcome="sent") == 1


# --- buttons greying out, and a deferred chart -----------------------------------------------------

async def test_buttons_whose_token_discord_forgot_are_left_alone_once(
        hipbot: HipThrustBot, driver: Driver, caplog: pytest.LogCaptureFixture) -> None:
    await driver.slash("log", weight=100, reps=10)
    undo = await driver.slash("undo")
    assert [b["label"] for b in undo.buttons()] == ["Delete it", "Keep it"]
    gone = refused("GET", f"{API}/webhooks/*/*/messages/@original", 404, 10015, "Unknown Webhook", times=5)
    driver.core.faults.append(gone)
    await driver.settle()
    expirer.skip_button_timers(hipbot, BUTTON_LIFETIME + 60)
    await driver.wait_until(lambda: gone.hits == 1, "the expirer's look at the answer")
    await driver.settle()
    assert gone.hits == 1  # asked once, not again and again
    assert not [r for r in driver.core.requests if r.method == "PATCH"]
    assert len(hipbot.get_cog("LogCog").expirer) == 0
    assert errors_logged(caplog) == []


async def test_a_chart_whose_upload_discord_failed_once_arrives_once(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, caplog: pytest.LogCaptureFixture) -> None:
    await driver.slash("log", weight=100, reps=10, date=days_ago(imitation, 3))
    await driver.slash("log", weight=105, reps=10)
    failed = server_error("POST", f"{API}/webhooks/*/*", 500)
    driver.core.faults.append(failed)
    progress = await driver.slash("progress")
    assert failed.hits == 1
    assert progress.ephemeral
    [chart] = progress.attachments
    assert chart.filename.endswith(".png")
    await driver.settle()
    assert driver.followups(progress) == []
    assert errors_logged(caplog) == []


async def test_a_deferred_answer_discord_cannot_take_is_told_in_plain_words(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, caplog: pytest.LogCaptureFixture) -> None:
    await driver.slash("log", weight=100, reps=10)
    # Cloudflare's 429: discord.py raises it at once, and the funnel's answer goes the same way.
    imitation.core.faults.append(cloudflare_banned("POST", f"{API}/webhooks/*/*"))
    progress = await driver.slash("progress")
    assert progress.ephemeral
    assert progress.content == ("Discord is limiting how fast the bot may act right now (it answered 429). "
                                "Please try again in a few minutes.")
    assert errors_logged(caplog) == []


# --- a rate limit longer than the bot waits (bot.interactions.rate_limits) -------------------------

async def test_a_chat_reply_rate_limited_for_an_hour_keeps_the_set_stored(
        hipbot: HipThrustBot, driver: Driver, caplog: pytest.LogCaptureFixture) -> None:
    limit = rate_limited("POST", dm_posts(driver), retry_after=3600)
    driver.core.faults.append(limit)
    line = driver.write("100kg 3x10", channel="dm")
    await driver.wait_until(lambda: limit.hits == 1, "the rate limited reply")
    await driver.settle()
    assert driver.answers_to(line) == []
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]
    assert errors_logged(caplog) == []
    assert (await driver.dm("105kg 3x8")).content.startswith("**Logged** 3 × 8 @ 105 kg")


# --- a message gone before the bot changed it (404, 10008 Unknown Message) -------------------------

async def test_an_import_whose_preview_was_dismissed_is_stored_without_an_apology(
        hipbot: HipThrustBot, driver: Driver, caplog: pytest.LogCaptureFixture) -> None:
    # Import defers the click, stores, then turns the preview into "Imported …": the lifter dismissed
    # the preview meanwhile, and Discord answers the edit 404 Unknown Message.
    preview = await driver.slash("import csv", file=upload("strong_comma.csv"))
    gone = refused("PATCH", f"{API}/webhooks/*/*/messages/@original", 404, 10008, "Unknown Message")
    driver.core.faults.append(gone)
    click = await driver.click(preview, "Import")
    await driver.wait_until(lambda: gone.hits == 1, "the edit of the dismissed preview")
    await driver.settle()
    assert driver.followups(click) == []  # no "something went wrong on our side"
    assert await entry_count(hipbot.store, driver.user("member").id) == 4
    assert errors_logged(caplog) == []


async def test_an_expired_press_on_a_message_deleted_meanwhile_is_no_error(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, caplog: pytest.LogCaptureFixture) -> None:
    # A press after the buttons' lifetime greys them out by editing its message (the timer may not
    # have run); the message was deleted as the press was made.
    await driver.slash("log", weight=100, reps=10)
    undo = await driver.slash("undo")
    imitation.advance(BUTTON_LIFETIME + 1)
    gone = refused("POST", f"{API}/interactions/*/*/callback", 404, 10008, "Unknown Message")
    driver.core.faults.append(gone)
    message = driver.world.messages[undo.message_id or 0]
    [delete] = [b for b in undo.buttons() if b["label"] == "Delete it"]
    press = driver.send(3, driver.user("member"), driver.world.channels[message.channel_id],
                        {"custom_id": delete["custom_id"], "component_type": 2}, message)
    await driver.wait_until(lambda: gone.hits == 1, "the refused greying out")
    await driver.settle()
    assert not press.answered  # nowhere to show an answer: no apology, nor "This no longer does anything"
    assert errors_logged(caplog) == []
    assert await stored(hipbot, driver) == [(100.0, 1, 10)]
