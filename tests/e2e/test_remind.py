"""/remind end to end: the commands, the reminder DM at the lifter's local time, its Log and Stop
buttons, and closed DMs. (Time zones, restarts and two processes: test_remind_timing.py.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.interactions import expirer
from bot.reminders.days import COMMON_DAY_SETS
from bot.sandbox.dms import set_dms_open
from bot.sandbox.driver import Driver, InvocationError
from bot.sandbox.imitation import Imitation
from tests.e2e.bots import counted
from tests.e2e.logbook_helpers import count, entry_rows, seed_sessions
from tests.e2e.remind_helpers import dms, local, move_to, next_local, quiet_rounds, reminding_bot, wait_dms

pytestmark = pytest.mark.e2e
BERLIN = "Europe/Berlin"
PAUSED_NOTE = "Your hip thrust reminders are **paused**"


@pytest.fixture
async def bot(monkeypatch: pytest.MonkeyPatch, imitation: Imitation, driver: Driver,
              tmp_path: Path) -> AsyncIterator[HipThrustBot]:
    async with reminding_bot(monkeypatch, imitation, driver, tmp_path / "e2e.db") as running:
        yield running


def sent_count(bot: HipThrustBot, outcome: str) -> float:
    """Reminder DMs the bot's metrics counted with this outcome."""
    return counted(bot, "hipthrust_reminders_total", outcome=outcome)


async def remind_daily_at(driver: Driver, imitation: Imitation, hour: int = 18) -> dt.datetime:
    """The member in Berlin sets a daily reminder; returns when the first one falls (UTC)."""
    await driver.slash("settings", timezone=BERLIN)
    reply = await driver.slash("remind set", days="every day", time=f"{hour:02d}:00")
    assert reply.content.startswith(f"**Reminders on:** every day at {hour:02d}:00 ({BERLIN})")
    return next_local(imitation, BERLIN, hour)


async def test_set_show_and_off(bot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    none = await driver.slash("remind show")
    assert none.ephemeral
    assert none.content.startswith("You have no reminders.")
    await driver.slash("settings", timezone=BERLIN)
    first = next_local(imitation, BERLIN, 18, after=0, weekdays=(0, 2, 4))
    expected = f"Next: {local(first, BERLIN):%a %Y-%m-%d} at 18:00."
    reply = await driver.slash("remind set", days="mon,wed,fri", time="18:00")
    assert reply.ephemeral
    lines = reply.content.splitlines()
    assert lines[0] == f"**Reminders on:** Mon, Wed, Fri at 18:00 ({BERLIN}), your `/settings` time zone."
    assert lines[1] == expected
    assert "unless you have logged that day" in reply.content
    assert "**Stop reminders**" in reply.content
    assert "`/remind off`" in reply.content
    assert "Not your clock?" not in reply.content  # a zone was chosen
    member = driver.user("member").id
    assert await count(bot, "reminders", member) == 1
    shown = await driver.slash("remind show", channel="dm")
    assert shown.ephemeral
    assert shown.content.splitlines()[:2] == [f"**Your reminders:** Mon, Wed, Fri at 18:00 ({BERLIN}).",
                                              expected.removesuffix(".") + " (none on a day you have already logged)."]
    changed = await driver.slash("remind set", days="tue thu", time="7:30")
    assert changed.content.startswith(f"**Reminders on:** Tue, Thu at 07:30 ({BERLIN})")
    twelve = await driver.slash("remind set", days="tue thu", time="6:30 pm")
    assert twelve.content.startswith(f"**Reminders on:** Tue, Thu at 18:30 ({BERLIN})")
    assert await count(bot, "reminders", member) == 1
    off = await driver.slash("remind off")
    assert off.ephemeral
    assert off.content.startswith("Reminders are off")
    assert await count(bot, "reminders", member) == 0
    assert (await driver.slash("remind off")).content.startswith("You have no reminders.")
    assert (await driver.slash("remind show")).content.startswith("You have no reminders.")


async def test_reminders_on_utc_say_how_to_set_your_clock(bot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.slash("remind set", days="mon", time="18:00")
    assert reply.content.splitlines()[2] == (
        "Not your clock? Set your time zone with `/settings timezone:` (start typing your city): reminders follow it.")


@pytest.mark.parametrize(("options", "field"), [
    ({"days": "someday", "time": "18:00"}, "days"),
    ({"days": "mon", "time": "18"}, "time"),
    ({"days": "mon", "time": "13pm"}, "time"),
    ({"days": "mon", "time": "24:00"}, "time"),
])  # fmt: skip
async def test_bad_days_or_time_name_the_field_and_store_nothing(
        bot: HipThrustBot, driver: Driver, options: dict[str, str], field: str) -> None:
    reply = await driver.slash("remind set", options)
    assert reply.ephemeral
    assert reply.content.startswith(f"**{field}** must be ")
    assert await count(bot, "reminders", driver.user("member").id) == 0


@pytest.mark.parametrize(("days", "shown", "stored"), [
    ("Mon–Fri", "weekdays", "mon,tue,wed,thu,fri"),
    ("fri-mon", "Fri, Sat, Sun, Mon", "mon,fri,sat,sun"),  # wraps around the week, and reads so
    ("sun,mon", "Sun, Mon", "mon,sun"),  # one run across the week's end, shown as it runs
    ("mon,wed,sat,sun", "Mon, Wed, Sat, Sun", "mon,wed,sat,sun"),  # not one run: Monday first
    ("tues & thurs.", "Tue, Thu", "tue,thu"),
    ("monday, wednesday and friday", "Mon, Wed, Fri", "mon,wed,fri"),
])  # fmt: skip
async def test_days_as_people_write_them_ranges_too(
        bot: HipThrustBot, driver: Driver, days: str, shown: str, stored: str) -> None:
    reply = await driver.slash("remind set", days=days, time="18:00")
    assert reply.content.startswith(f"**Reminders on:** {shown} at 18:00 (UTC)")
    row = await bot.store.db.fetchone("SELECT days FROM reminders WHERE user_id = ?", (driver.user("member").id,))
    assert row is not None
    assert row["days"] == stored


async def test_days_that_are_not_days_are_refused_with_what_is_allowed(bot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.slash("remind set", days="mon-", time="18:00")
    assert reply.ephemeral
    assert reply.content == ("**days** must be week days such as mon,wed,fri or a range such as mon-fri "
                             "(or weekdays, weekends, every day) (you gave `mon-`). Nothing was stored.")
    assert await count(bot, "reminders", driver.user("member").id) == 0


async def test_days_autocomplete_names_the_days_it_read(bot: HipThrustBot, driver: Driver) -> None:
    offered = await driver.autocomplete("remind set", "days", days="mon-fri")
    assert offered == [{"name": "Mon, Tue, Wed, Thu, Fri", "value": "mon,tue,wed,thu,fri"}]
    reply = await driver.slash("remind set", days=offered[0]["value"], time="18:00")  # the lifter picks it
    assert reply.content.startswith("**Reminders on:** weekdays at 18:00 (UTC)")
    mid_range = await driver.autocomplete("remind set", "days", days="fri-")  # the range's end still to come
    assert [c["name"] for c in mid_range][2:4] == ["Fri, Sat, Sun", "Fri, Sat, Sun, Mon"]
    assert mid_range[3]["value"] == "mon,fri,sat,sun"
    assert await driver.autocomplete("remind set", "days", days="xyz") == []


async def test_days_autocomplete_finishes_a_word_for_a_set(bot: HipThrustBot, driver: Driver) -> None:
    weeke = await driver.autocomplete("remind set", "days", days="weeke")
    assert weeke == [{"name": "Sat, Sun", "value": "sat,sun"}]
    we = await driver.autocomplete("remind set", "days", days="we")
    assert [c["name"] for c in we][:3] == ["Wed", "Sat, Sun", "Mon, Tue, Wed, Thu, Fri"]
    reply = await driver.slash("remind set", days=weeke[0]["value"], time="9:00")  # the lifter picks it
    assert reply.content.startswith("**Reminders on:** Sat, Sun at 09:00 (UTC)")


async def test_days_autocomplete_offers_common_training_weeks(bot: HipThrustBot, driver: Driver) -> None:
    offered = await driver.autocomplete("remind set", "days")
    assert [c["value"] for c in offered] == list(COMMON_DAY_SETS)
    typed = await driver.autocomplete("remind set", "days", days="Monday, Thursday")
    assert typed[0]["value"] == "mon,thu"


async def test_the_reminder_dm_comes_at_local_time_with_the_target(
        bot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    member = driver.user("member").id
    at = await remind_daily_at(driver, imitation)
    local_day = local(at, BERLIN).date()
    await seed_sessions(bot, member, 2, end=local_day - dt.timedelta(days=2))
    move_to(imitation, at - dt.timedelta(seconds=30))
    await quiet_rounds()
    assert dms(driver) == []  # not before 18:00
    move_to(imitation, at + dt.timedelta(seconds=1))
    [reminder] = await wait_dms(driver, 1)
    assert reminder.author_id == driver.scenario.bot.id
    text = reminder.content
    assert text.startswith(f"**Hip thrust reminder** · {local_day:%a %Y-%m-%d} at 18:00\nNothing logged today yet.")
    assert "**Next barbell session:** 3 × " in text  # the /nudge target
    assert "(guide: *" in text  # with the guide passage it rests on
    assert "You get this because you turned reminders on with `/remind set`" in text
    assert "**Stop reminders**" in text
    assert "`/remind off`" in text
    assert [b["label"] for b in reminder.buttons()] == ["Log", "Stop reminders"]
    await quiet_rounds()
    assert len(dms(driver)) == 1  # once
    assert sent_count(bot, "sent") == 1  # and counted for operators (metrics)
    move_to(imitation, at + dt.timedelta(days=1, seconds=1))
    second = (await wait_dms(driver, 2))[1]
    assert "You get this because" not in second.content  # only the first one explains
    assert [b["label"] for b in second.buttons()] == ["Log", "Stop reminders"]


async def test_a_reminder_with_nothing_logged_yet_points_to_its_log_button(
        bot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    at = await remind_daily_at(driver, imitation)
    move_to(imitation, at + dt.timedelta(seconds=1))
    [reminder] = await wait_dms(driver, 1)
    assert "**How to start (barbell hip thrust)**" in reminder.content
    assert ("Once you log (the **Log** button below, or `/log` with `variant:barbell`), "
            "`/nudge` will have a target for your next session.") in reminder.content.splitlines()
    assert "Log it with `/log" not in reminder.content
    assert [b["label"] for b in reminder.buttons()] == ["Log", "Stop reminders"]


async def test_no_reminder_on_a_day_already_logged(bot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    at = await remind_daily_at(driver, imitation)
    # An hour before the reminder, or now when it is nearer than that (the clock starts at the
    # real time): either way the same day in Berlin, before 18:00.
    if at - dt.timedelta(hours=1) > imitation.clock():
        move_to(imitation, at - dt.timedelta(hours=1))
    await driver.slash("log", weight=100, reps=10, sets=3)  # today in Berlin
    move_to(imitation, at + dt.timedelta(seconds=1))
    await quiet_rounds()
    assert dms(driver) == []
    move_to(imitation, at + dt.timedelta(days=1, seconds=1))
    assert len(await wait_dms(driver, 1)) == 1


async def test_log_button_opens_the_log_form_and_stores_like_log(
        bot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    member = driver.user("member").id
    at = await remind_daily_at(driver, imitation)
    move_to(imitation, at + dt.timedelta(seconds=1))
    [reminder] = await wait_dms(driver, 1)
    form = await driver.click(reminder, "Log", user="member")
    assert form.modal is not None
    assert form.modal["title"] == "Log barbell hip thrust sets"
    # The weight is named as /log's option and the Edit form name it.
    [log] = [c for c in imitation.core.commands[None] if c["name"] == "log"]
    [weight] = [o for o in log["options"] if o["name"] == "weight"]
    assert weight["description"].startswith("Weight per rep, 0 = bodyweight")
    labels = [row["components"][0]["label"] for row in form.modal["components"]]
    assert labels[0] == "Weight per rep (kg), 0 = bodyweight"
    # The RPE's limit as /log's option writes it, with an en dash (the form said "1-10").
    [rpe] = [o for o in log["options"] if o["name"] == "rpe"]
    assert labels[3] == "RPE, 1–10 in halves (optional)"
    assert "1–10 in halves" in rpe["description"]
    bad = await driver.submit_modal(form, weight="abc", reps="10")
    assert bad.ephemeral
    assert bad.content.startswith("**weight** must be a number from 0 (bodyweight) to 1000 kg (you gave `abc`)")
    assert await count(bot, "entries", member) == 0
    form = await driver.click(reminder, "Log", user="member")
    with pytest.raises(InvocationError, match="one line"):  # a note is one line, as in /log
        await driver.submit_modal(form, weight="100", reps="10", note="felt\ngood")
    stored = await driver.submit_modal(form, weight="100", reps="10", sets="3", rpe="8,5", note="felt good")
    assert not stored.ephemeral  # in the lifter's own DMs the answer stays
    assert stored.content.startswith("**Logged** 3 × 10 @ 100 kg · RPE 8.5 · barbell on ")
    assert "**Next session:**" in stored.content
    [row] = await entry_rows(bot, member)
    local_day = local(at, BERLIN).date()
    assert (row["performed_on"], row["sets"], row["reps"], row["weight"], row["rpe"], row["note"]) == (
        local_day.isoformat(), 3, 10, 100.0, 8.5, "felt good")
    form = await driver.click(reminder, "Log", user="member")
    asks = await driver.submit_modal(form, weight="1000", reps="10")  # ten times the last: a typo?
    assert "Did you mean **100 kg**?" in asks.content
    assert [b["label"] for b in asks.buttons()] == ["Store 100 kg", "Store anyway", "Cancel"]
    assert await count(bot, "entries", member) == 1
    fixed = await driver.click(asks, "Store 100 kg")
    assert fixed.content.startswith("**Logged** 1 × 10 @ 100 kg · barbell on ")
    # As /log's in the lifter's DMs: the question was private, what was stored stays in the DM.
    await driver.wait_until(lambda: bool(driver.followups(fixed)), "the stored set in the DM")
    [kept] = driver.followups(fixed)
    assert not kept.ephemeral
    assert kept.content == fixed.content
    assert [r["weight"] for r in await entry_rows(bot, member)] == [100.0, 100.0]
    # The weight may name its unit, as in the Edit form: "100 kg", or another one.
    form = await driver.click(reminder, "Log", user="member")
    named = await driver.submit_modal(form, weight="225 lb", reps="8")
    assert named.content.startswith("**Logged** 1 × 8 @ 225 lb · barbell on ")
    assert (await entry_rows(bot, member))[-1]["unit"] == "lb"
    # Read as a chat line and the Edit form read them: "1,000" is 1000 or 1.000, so refused; bw is bodyweight.
    form = await driver.click(reminder, "Log", user="member")
    doubt = await driver.submit_modal(form, weight="1,000", reps="10")
    assert doubt.content == ("**weight** must be written without the comma: `1,000` could be 1000 or 1.000."
                             " Nothing was stored.")
    form = await driver.click(reminder, "Log", user="member")
    body = await driver.submit_modal(form, weight="bw", reps="1,000")
    assert body.content.startswith("**reps** must be written without the comma: `1,000` could be 1000 or 1.000.")
    form = await driver.click(reminder, "Log", user="member")
    body = await driver.submit_modal(form, weight="bw", reps="20")
    assert body.content.startswith("**Logged** 1 × 20 @ bodyweight · barbell on ")
    assert len(await entry_rows(bot, member)) == 4


async def test_the_log_form_answers_as_log_does(
        bot: HipThrustBot, driver: Driver, imitation: Imitation, monkeypatch: pytest.MonkeyPatch) -> None:
    """The form's answer is /log's: a rep record says so, and the buttons of "Did you mean …?"
    grey out when their lifetime ends (here shortened)."""
    member = driver.user("member").id
    at = await remind_daily_at(driver, imitation)
    day = local(at, BERLIN).date()
    await seed_sessions(bot, member, 3, end=day - dt.timedelta(days=1))  # 10 reps at 59, 59.5, 60 kg
    move_to(imitation, at + dt.timedelta(seconds=1))
    [reminder] = await wait_dms(driver, 1)
    form = await driver.click(reminder, "Log", user="member")
    stored = await driver.submit_modal(form, weight="62.5", reps="10")
    lines = stored.content.splitlines()
    assert lines[0] == f"**Logged** 1 × 10 @ 62.5 kg · barbell on {day.isoformat()}."
    assert lines[1].startswith(
        f"**Rep record:** 10 reps at 62.5 kg, up from 60 kg on {(day - dt.timedelta(days=1)).isoformat()}.")
    monkeypatch.setattr(expirer, "BUTTON_LIFETIME", 0.2)
    form = await driver.click(reminder, "Log", user="member")
    asks = await driver.submit_modal(form, weight="625", reps="10")
    assert asks.ephemeral
    assert [b["label"] for b in asks.buttons()] == ["Store 62.5 kg", "Store anyway", "Cancel"]
    assert not any(b.get("disabled") for b in asks.buttons())
    await driver.wait_until(lambda: all(b.get("disabled") for b in driver.refresh(asks).buttons()),
                            "the buttons greyed out", within=5)
    assert [r["weight"] for r in await entry_rows(bot, member)][-1] == 62.5  # nothing more stored


async def test_stop_button_turns_reminders_off(bot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    at = await remind_daily_at(driver, imitation)
    move_to(imitation, at + dt.timedelta(seconds=1))
    [reminder] = await wait_dms(driver, 1)
    stopped = await driver.click(reminder, "Stop reminders", user="member")
    assert stopped.content.startswith("Reminders are off")
    assert await count(bot, "reminders", driver.user("member").id) == 0
    again = await driver.click(reminder, "Stop reminders", user="member")
    assert again.content.startswith("Your reminders were already off.")
    before = len(dms(driver))
    move_to(imitation, at + dt.timedelta(days=1, seconds=1))
    await quiet_rounds()
    assert len(dms(driver)) == before  # only the answers to the clicks; no reminder


async def test_closed_dms_pause_reminders_and_the_next_command_says_so_once(
        bot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    member = driver.user("member").id
    at = await remind_daily_at(driver, imitation)
    set_dms_open(driver.core, member, is_open=False)
    move_to(imitation, at + dt.timedelta(seconds=1))
    await driver.wait_until(lambda: any(r.path.endswith("/messages") and r.status == 403
                                        for r in imitation.core.requests), "the refused DM")
    await quiet_rounds()
    assert dms(driver) == []
    assert (sent_count(bot, "dms closed"), sent_count(bot, "sent")) == (1, 0)
    stored = await bot.store.db.fetchone("SELECT paused, notice_pending FROM reminders WHERE user_id = ?", (member,))
    assert stored is not None
    assert tuple(stored) == (1, 1)
    reply = await driver.slash("nudge")  # any command
    [note] = await driver.wait_followups(reply)
    assert note.ephemeral
    assert note.content.startswith(PAUSED_NOTE)
    assert "`/remind set`" in note.content
    later = await driver.slash("history")
    await quiet_rounds()
    assert driver.followups(later) == []  # told once
    shown = await driver.slash("remind show")
    assert PAUSED_NOTE.removeprefix("Your hip thrust reminders are ") in shown.content
    assert driver.followups(shown) == []
    move_to(imitation, at + dt.timedelta(days=1, seconds=1))
    await quiet_rounds()
    refused = [r for r in imitation.core.requests if r.path.endswith("/messages") and r.status == 403]
    assert len(refused) == 1  # paused: not tried again
    set_dms_open(driver.core, member, is_open=True)
    await driver.slash("remind set", days="every day", time="18:00")
    move_to(imitation, at + dt.timedelta(days=2, seconds=1))
    assert len(await wait_dms(driver, 1)) == 1


async def test_the_log_form_is_answered_however_late_and_after_a_restart(
        monkeypatch: pytest.MonkeyPatch, imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    """A lifter opens the form at the gym and sends it after the sets: the bot has restarted
    meanwhile, and discord.py's 14 minutes for a form it keeps are long gone. Still logged."""
    db, member = tmp_path / "e2e.db", driver.user("member").id
    async with reminding_bot(monkeypatch, imitation, driver, db):
        at = await remind_daily_at(driver, imitation)
        move_to(imitation, at + dt.timedelta(seconds=1))
        [reminder] = await wait_dms(driver, 1)
        form = await driver.click(reminder, "Log", user="member")
    assert form.modal is not None
    assert form.modal["custom_id"] == "rlm:barbell:kg"  # the unit its label names, for a bare number
    imitation.advance(40 * 60)
    async with reminding_bot(monkeypatch, imitation, driver, db) as bot:
        stored = await driver.submit_modal(form, weight="100", reps="10", sets="3")
        assert stored.content.startswith("**Logged** 3 × 10 @ 100 kg · barbell on ")
        assert await count(bot, "entries", member) == 1
        refused = await driver.submit_modal(form, weight="100", reps="ten")
        assert refused.content.startswith("**reps** must be")
        assert await count(bot, "entries", member) == 1
        # A form opened before its custom_id named the unit: a bare number is in the lifter's unit.
        await driver.slash("settings", unit="lb")
        form.modal["custom_id"] = "rlm:barbell"
        older = await driver.submit_modal(form, weight="225", reps="8")
        assert older.content.startswith("**Logged** 1 × 8 @ 225 lb · barbell on ")
        form.modal["custom_id"] = "rlm:curls"  # a custom_id can be forged: the variant is checked
        forged = await driver.submit_modal(form, weight="100", reps="8")
        assert forged.content.startswith("**variant** must be")
        assert await count(bot, "entries", member) == 2
