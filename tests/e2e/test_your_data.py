"""/export, /forgetme and /privacy end to end: the lifter's data, theirs to take or erase."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.snapshots import Reply
from tests.e2e.logbook_helpers import click_expired, count
from tests.e2e.snippet_helpers import pin, records
from tests.e2e.test_import import press_import, upload

pytestmark = pytest.mark.e2e
NOTES = ["=1+1", "-5 felt easy", "'quoted", "@home gym", "plain"]


def _csv(reply: Reply, name: str) -> list[dict[str, str]]:
    [file] = [a for a in reply.attachments if a.filename == name]
    return list(csv.DictReader(io.StringIO(file.data.decode("utf-8"))))


async def test_export_sends_entries_and_profile_with_formulas_defused(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    member = driver.user("member").id
    await driver.slash("settings", unit="lb", rep_low=8, rep_high=12)
    await driver.slash("setup", description="+bench 40 cm")
    for i, note in enumerate(NOTES):
        await driver.slash("log", weight=135 + 10 * i, reps=10, note=note, variant="machine")
    await hipbot.store.quiz.record(member, driver.scenario.guild.id, "fits", "v1", imitation.clock())
    await hipbot.store.quiz.record(member, None, "optional", "v2", imitation.clock())  # taken in a DM
    reply = await driver.slash("export", channel="dm")
    assert reply.ephemeral
    assert [a.filename for a in reply.attachments] == ["entries.csv", "profile.csv"]
    # Both verdicts counted: "latest quiz verdict" named one where profile.csv holds each.
    assert reply.content == "Your data — log entries: 5, setups: 1, quiz verdicts: 2 — with your settings."
    entries = _csv(reply, "entries.csv")
    assert list(entries[0]) == ["id", "date", "variant", "sets", "reps", "weight", "unit",
                                "weight_kg", "rpe", "note", "setup", "edited_at", "import"]
    assert [e["note"] for e in entries] == ["'=1+1", "'-5 felt easy", "''quoted", "'@home gym",
                                            "plain"]
    assert {e["setup"] for e in entries} == {"'+bench 40 cm"}
    first = entries[0]
    assert (first["date"], first["variant"], first["weight"], first["unit"]) == (
        imitation.clock().date().isoformat(), "machine", "135", "lb")
    assert first["weight_kg"] == "61.23496995"  # 135 lb, as stored (not rounded to 61.235)
    profile = {(r["kind"], r["key"]): r["value"] for r in _csv(reply, "profile.csv")}
    assert profile[("setting", "unit")] == "lb"
    assert (profile[("setting", "rep_low")], profile[("setting", "rep_high")]) == ("8", "12")
    assert [v for (kind, _), v in profile.items() if kind == "setup (current)"] == [
        "'+bench 40 cm"]
    # Both stored verdicts, each with where it was taken: the server's was left out beside the DM's.
    assert profile[(f"quiz verdict (server {driver.scenario.guild.id})", "v1")] == "fits"
    assert profile[("quiz verdict (DMs)", "v2")] == "optional"
    assert not any(kind == "reminder" for kind, _ in profile)  # none set


async def test_export_includes_reminders(hipbot: HipThrustBot, driver: Driver) -> None:
    await driver.slash("settings", timezone="Europe/Berlin")
    await driver.slash("remind set", days="tue,thu,sat", time="7:30")
    reply = await driver.slash("export")
    assert reply.content == (
        "Your data — log entries: 0, setups: 0, quiz verdicts: 0 — with your settings and reminder schedule.")
    profile = {(r["kind"], r["key"]): r["value"] for r in _csv(reply, "profile.csv")}
    assert {key: value for (kind, key), value in profile.items() if kind == "reminder"} == {
        "days": "tue,thu,sat", "time": "07:30", "timezone": "Europe/Berlin", "state": "on", "sent": "0"}
    # The DM channel a reminder opened is kept with the schedule, and exported with it.
    await hipbot.store.reminders.keep_dm_channel(driver.user("member").id, 2**62 + 1)
    profile = {(r["kind"], r["key"]): r["value"] for r in _csv(await driver.slash("export"), "profile.csv")}
    assert profile[("reminder", "dm channel")] == str(2**62 + 1)


async def test_export_names_shared_posts_imports_and_snippets_pinned(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """What /privacy lists is in the export too: where a shared log was posted, each import (the
    app, when, what is left of it), and the snippet records that name a moderator as their pinner."""
    shared = await driver.slash("log", weight=100, reps=10, share=True, channel="training")
    preview = await driver.slash("import csv", file=upload("strong_comma.csv"), channel="general")
    await press_import(driver, preview)
    [batch] = await hipbot.store.imports.batches(driver.user("member").id)
    profile = _csv(await driver.slash("export"), "profile.csv")
    rows = {(r["kind"], r["key"]): (r["value"], r["created_at"]) for r in profile}
    [entry_id] = [key for kind, key in rows if kind == "shared post"]
    guild, training = driver.scenario.guild.id, driver.channel("training").id
    assert rows[("shared post", entry_id)] == (
        f"https://discord.com/channels/{guild}/{training}/{shared.message_id}", "")
    assert rows[("import", str(batch.id))] == (f"strong: {batch.entries} entries", batch.created_at.isoformat())

    await pin(driver, "quick-answer")  # the moderator's
    [snippet] = await records(hipbot, imitation)
    profile = _csv(await driver.slash("export", user="moderator"), "profile.csv")
    [(key, value, pinned_at)] = [(r["key"], r["value"], r["created_at"]) for r in profile
                                 if r["kind"] == "snippet pinned"]
    general = driver.channel("general").id
    assert (key, pinned_at) == (str(snippet.id), snippet.pinned_at.isoformat())
    assert value == f"quick-answer (pinned) https://discord.com/channels/{guild}/{general}/{snippet.message_id}"
    assert not [r for r in profile if r["kind"] in ("shared post", "import")]  # the member's, not theirs


async def test_entries_csv_names_the_import_each_entry_came_from_and_imports_back(
        hipbot: HipThrustBot, driver: Driver) -> None:
    """profile.csv counted the entries of each import, but entries.csv did not say which they were."""
    member = driver.user("member").id
    await driver.slash("log", weight=100, reps=10, note="logged here")
    await press_import(driver, await driver.slash("import csv", file=upload("strong_comma.csv")))
    [batch] = await hipbot.store.imports.batches(member)
    export = await driver.slash("export")
    entries = _csv(export, "entries.csv")
    assert list(entries[0])[-2:] == ["edited_at", "import"]
    assert [e["import"] for e in entries] == ["", *[str(batch.id)] * batch.entries]  # the /log first
    assert [r["key"] for r in _csv(export, "profile.csv") if r["kind"] == "import"] == [str(batch.id)]
    before = [(e.performed_on, e.variant, e.sets, e.reps, e.weight, e.unit, e.rpe, e.note)
              async for part in hipbot.store.entries.stream(member) for e in part]  # fmt: skip

    await driver.click(await driver.slash("forgetme"), "Delete everything")
    [file] = [a for a in export.attachments if a.filename == "entries.csv"]
    preview = await driver.slash("import csv", file=upload("entries.csv", file.data))
    assert "Import preview: this bot's /export" in preview.text
    assert "left out" not in preview.text.lower()  # the column is read past, no row refused for it
    await press_import(driver, preview)
    after = [(e.performed_on, e.variant, e.sets, e.reps, e.weight, e.unit, e.rpe, e.note)
             async for part in hipbot.store.entries.stream(member) for e in part]  # fmt: skip
    assert after == before
    [again] = await hipbot.store.imports.batches(member)  # all of them, now from one import: this one
    assert {e["import"] for e in _csv(await driver.slash("export"), "entries.csv")} == {str(again.id)}


async def test_export_with_nothing_stored(hipbot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.slash("export")
    assert reply.ephemeral
    # No verdict is claimed where none is stored.
    assert reply.content == "Your data — log entries: 0, setups: 0, quiz verdicts: 0 — with your settings."
    assert _csv(reply, "entries.csv") == []
    assert ("setting", "unit") in {(r["kind"], r["key"]) for r in _csv(reply, "profile.csv")}


async def _personal_rows(bot: HipThrustBot, user_id: int) -> dict[str, int]:
    """Rows naming the user in any table of the database (found by column, not by a list)."""
    found: dict[str, int] = {}
    for table, columns in (await bot.store.db.columns()).items():  # on either backend
        for column in set(columns) & {"user_id", "pinned_by"}:
            found[f"{table}.{column}"] = await count(bot, table, user_id, column)
    return found


async def _fill(bot: HipThrustBot, driver: Driver, imitation: Imitation, who: str) -> None:
    """Something of every kind stored about `who`, through commands where there is one."""
    user_id = driver.user(who).id
    await driver.slash("settings", timezone="Europe/Berlin", user=who)
    await driver.slash("setup", description="machine, pad 3", user=who)
    await driver.slash("log", weight=90, reps=12, user=who)
    await driver.click(await driver.slash("undo", user=who), "Delete it", user=who)  # remembered for imports
    await driver.slash("log", weight=100, reps=10, user=who)
    await driver.slash("log", weight=400, reps=10, user=who)  # asks: a pending confirmation
    await driver.slash("remind set", days="mon,thu", time="18:00", user=who)
    now = imitation.clock()
    await bot.store.quiz.record(user_id, driver.scenario.guild.id, "fits", "v1", now)
    await bot.store.db.execute(
        "INSERT INTO import_batches (user_id, source, created_at) VALUES (?, 'csv', ?)",
        (user_id, now.isoformat()))
    await bot.store.db.execute(  # an /import preview waiting for Import
        "INSERT INTO pending_imports (interaction_id, user_id, source, payload, expires_at)"
        " VALUES (?, ?, 'strong', '[]', ?)", (user_id + 7, user_id, now.isoformat()))
    await bot.store.snippets.add(
        guild_id=driver.scenario.guild.id, channel_id=driver.scenario.general.id,
        message_id=user_id + 1, section_id="quick-answer", content_version="1",
        pinned_by=user_id, when=now)


async def test_forgetme_deletes_everything_only_after_confirm(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    member, moderator = driver.user("member").id, driver.user("moderator").id
    await _fill(hipbot, driver, imitation, "member")
    await _fill(hipbot, driver, imitation, "moderator")
    before = await _personal_rows(hipbot, member)
    assert set(before) >= {"entries.user_id", "users.user_id", "setups.user_id",
                           "pending_logs.user_id", "pending_imports.user_id",
                           "quiz_results.user_id", "reminders.user_id",
                           "import_batches.user_id", "removed_entries.user_id", "snippets.pinned_by"}
    assert all(before.values()), before

    asked = await driver.slash("forgetme")
    assert asked.ephemeral
    assert "cannot be undone" in asked.content
    cancelled = await driver.click(asked, "Cancel")
    assert cancelled.content == "Cancelled. Nothing was deleted."
    assert await _personal_rows(hipbot, member) == before

    confirmed = await driver.click(await driver.slash("forgetme", channel="dm"),
                                   "Delete everything")
    assert confirmed.content == (
        "Deleted everything stored about you — pending confirmations: 1, pending imports: 1, "
        "log entries: 1, deletions and edits kept out of imports: 1, import batches: 1, quiz results: 1, "
        "settings: 1, setups: 1, reminders: 1, snippet records with your id removed: 1.")
    assert set((await _personal_rows(hipbot, member)).values()) == {0}
    assert all((await _personal_rows(hipbot, moderator)).values())  # others keep theirs
    assert await count(hipbot, "snippets", driver.scenario.guild.id, "guild_id") == 2
    assert "No hip thrust sessions" in (await driver.slash("history")).content


async def test_a_double_click_on_delete_everything_claims_no_empty_log(
        hipbot: HipThrustBot, driver: Driver) -> None:
    """Both presses leave the client before the question changes: one deletes, and the other,
    which may land last, must not say there was nothing stored."""
    await driver.slash("log", weight=100, reps=10)
    asked = await driver.slash("forgetme")
    presses = await asyncio.gather(*(driver.click(asked, "Delete everything") for _ in range(2)))
    said = sorted((driver.record(p).callback_data or {}).get("content", "") for p in presses)
    assert said == ["Deleted everything stored about you — log entries: 1.",
                    "Nothing about you is stored. Nothing was left to delete."]
    assert await count(hipbot, "entries", driver.user("member").id) == 0


async def test_forgetme_buttons_expire(hipbot: HipThrustBot, driver: Driver,
                                       imitation: Imitation) -> None:
    await driver.slash("log", weight=100, reps=10)
    asked = await driver.slash("forgetme")
    imitation.advance(dt.timedelta(minutes=14).total_seconds() + 1)
    await click_expired(driver, asked, "Delete everything")
    assert await count(hipbot, "entries", driver.user("member").id) == 1


@pytest.mark.parametrize("channel", ["general", "dm"])
async def test_privacy_says_what_is_stored_and_how_to_remove_it(
        hipbot: HipThrustBot, driver: Driver, channel: str) -> None:
    reply = await driver.slash("privacy", channel=channel)
    assert reply.ephemeral
    for words in ("What this bot stores about you", "until you delete it", "`/export`",
                  "`/forgetme`", "Where and for how long", "What this bot reads",
                  "server messages that mention it", "**Log as hip thrust**", "without their text",
                  "Your reminder schedule", "DM channel with the bot", "`/remind off`", "when you last edited an entry",
                  "`/history` lets you edit or delete any entry", "so a spreadsheet shows it as text",
                  "without your id, only until the bot has edited the post (or Discord refused it)",
                  "then marks your shared posts deleted",
                  # a chat set waiting for its reply (chat_replies_owed), and how long
                  "the channel and server it was sent in", "one still owed after an hour is dropped within minutes",
                  "and of replies still owed",
                  # snippets recorded again once the bot is added back have no pinner (snippets.adopted_at)
                  "with no one as their pinner"):
        assert words in reply.text
