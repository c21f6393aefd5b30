"""The chat log's pieces with a real bot object (not logged in), a real database and fake interactions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import discord
import pytest

from bot.db.store import Store
from bot.errors import UserError
from bot.interactions.buttons import expiry_stamp
from bot.logbook.chat_line import EXAMPLE
from bot.logbook.edits import form_stamp
from bot.logbook.entries import NewEntry, Preferences
from cogs.chatlog.cog import ChatLogCog
from cogs.chatlog.flow import ChatLogger, without_mentions_of
from cogs.chatlog.render import GONE, NOT_YOUR_BUTTONS, pick_label
from cogs.chatlog.views import ChatPick, ChatStorePending, ChatUndo
from cogs.logbook.render import edited_post_text
from tests.fakes import FakeClock, FakeInteraction, offline_bot
from tests.stored import save_preferences
from tests.trips import count_trips

BIG = 2**64 - 1  # the largest snowflake: the longest custom_id
STAMP = "zzzzzzz"
EDIT_STAMP = "f" * 16  # the longest an edit stamp is written
BOT = 1_200_000_000_000_000_000
MESSAGE = 1_300_000_000_000_000_000


@pytest.fixture
async def logger(tmp_path):
    store = await Store.open(tmp_path / "chat.db")
    bot = offline_bot(store, clock=FakeClock())
    yield ChatLogger(bot)
    await store.close()


@pytest.mark.parametrize(("cls", "values"), [
    (ChatUndo, (BIG, BIG, EDIT_STAMP, STAMP)),
    (ChatUndo, (BIG, BIG, None, STAMP)),  # sent before the Undo carried the stamp
    (ChatStorePending, (BIG, BIG, STAMP)),
    (ChatPick, (BIG, BIG, 1, STAMP)),
])
async def test_custom_ids_fit_and_decode_to_the_same_button(cls, values):
    for act in ("ok", "no"):
        button = cls(act, *values)
        assert len(button.custom_id) <= 100
        match = cls.__discord_ui_compiled_template__.fullmatch(button.custom_id)
        decoded = await cls.from_custom_id(None, None, match)
        assert (decoded.custom_id, decoded.owner_id, decoded.act) == (button.custom_id, BIG, act)


def test_the_pick_buttons_name_each_reading_then_cancel():
    readings = (entry(10, 3), entry(3, 10))
    view = ChatPick.offer(7, MESSAGE, readings, STAMP)
    assert [(b.item.label, b.custom_id) for b in view.children] == [
        ("10 sets of 3", f"cp:ok:7:{MESSAGE}:0:{STAMP}"),
        ("3 sets of 10", f"cp:ok:7:{MESSAGE}:1:{STAMP}"),
        ("Cancel", f"cp:no:7:{MESSAGE}:0:{STAMP}"),
    ]
    assert pick_label(entry(1, 8, 140), entry(8, 1, 140)) == "1 set of 8"
    assert pick_label(entry(4, 8, 140), entry(4, 8, 8)) == "4 sets of 8 @ 140 kg"  # 140 x 8 x 4 or 4 x 8 x 140


async def test_only_the_lifter_may_press():
    button = ChatUndo("ok", 7, MESSAGE, "0", STAMP)
    other = FakeInteraction(user_id=8, type=discord.InteractionType.component)
    assert await button.interaction_check(other) is False
    [turned_away] = other.sent
    assert (turned_away.content, turned_away.public) == (NOT_YOUR_BUTTONS, False)
    owner = FakeInteraction(user_id=7, type=discord.InteractionType.component)
    assert await button.interaction_check(owner) is True
    assert owner.sent == []


def test_only_the_bots_own_mentions_leave_the_line():
    assert without_mentions_of(BOT, f"<@{BOT}> 100kg 3x10 <@!{BOT}>") == "100kg 3x10"
    assert without_mentions_of(BOT, "<@123> 100kg 3x10") == "<@123> 100kg 3x10"


async def test_a_line_is_stored_once_under_its_message_id(logger):
    store = logger.bot.store
    first = await logger.line(1, MESSAGE, "100kg 3x10 @8", public=False, expires=STAMP)
    assert first.text.startswith("**Logged** 3 × 10 @ 100 kg · RPE 8 · barbell")
    assert not first.again
    [undo] = first.view.children
    assert undo.custom_id == f"cu:ok:1:{MESSAGE}:s0:{STAMP}"  # never edited: its edit stamp is 0
    again = await logger.line(1, MESSAGE, "100kg 3x10 @8", public=False, expires=STAMP)
    assert again.again
    assert again.view is None
    stored = await store.entries.by_interaction(1, MESSAGE)
    assert (stored.weight, stored.sets, stored.reps, stored.rpe) == (100.0, 3, 10, 8.0)
    assert await store.entries.by_interaction(2, MESSAGE) is None  # scoped by user


async def test_a_refusal_stores_nothing_and_a_choice_waits(logger):
    store = logger.bot.store
    with pytest.raises(UserError) as refused:  # the funnel's kind: counted as user_error by either path
        await logger.line(1, MESSAGE, "what's up", public=True, expires=STAMP)
    assert refused.value.message.endswith(f"A line I can read: `{EXAMPLE['kg']}`.")
    asked = await logger.line(1, MESSAGE + 1, "100kg 10x3", public=True, expires=STAMP)
    assert [b.item.label for b in asked.view.children] == ["10 sets of 3", "3 sets of 10", "Cancel"]
    assert (await logger.line(1, MESSAGE + 1, "100kg 10x3", public=True, expires=STAMP)).again
    assert await store.db.fetchval("SELECT count(*) FROM entries") == 0


async def test_undo_deletes_the_lines_entry_in_one_trip_and_says_when_it_is_already_gone(logger, monkeypatch):
    store = logger.bot.store
    await logger.line(1, MESSAGE, "100kg 3x10 @8", public=False, expires=STAMP)
    await logger.line(1, MESSAGE + 1, "90kg 3x10", public=False, expires=STAMP)  # another line: kept
    trips = count_trips(monkeypatch)
    for told in ("Deleted: 2026-11-25 · 3 × 10 @ 100 kg · RPE 8 · barbell.", GONE):  # then pressed again
        trips.clear()
        press = FakeInteraction(user_id=1, guild_id=None, client=logger.bot, type=discord.InteractionType.component)
        await ChatUndo("ok", 1, MESSAGE, "0", STAMP).handle(press)
        assert len(trips) == 1  # the entry found by its message, read and deleted in one job
        assert press.sent[0].how == "edit_message"
        assert press.sent[0].content == told
    assert await store.entries.by_interaction(1, MESSAGE) is None
    assert (await store.entries.by_interaction(1, MESSAGE + 1)).weight == 90.0


@pytest.fixture
async def cog(logger):
    """The chat log's cog on the bot, as buttons find it (its expirer greys out their private answers)."""
    cog = ChatLogCog(logger.bot)
    await logger.bot.add_cog(cog)
    yield cog
    await logger.bot.remove_cog(cog.qualified_name)


def press(bot, user=1):
    return FakeInteraction(user_id=user, guild_id=None, client=bot, type=discord.InteractionType.component)


async def test_undo_after_an_edit_elsewhere_deletes_nothing_and_asks_the_presser_alone(logger, cog):
    bot, store = logger.bot, logger.bot.store
    answer = await logger.line(1, MESSAGE, "100kg 3x10", public=False, expires=STAMP)
    [undo] = answer.view.children
    entry = await store.entries.by_interaction(1, MESSAGE)
    bot.clock.now += timedelta(minutes=2)  # edited from /history while the reply shows the set as logged
    saved, _ = await store.entries.edit_told(1, entry.id, replace(entry, rpe=9.0, note="<@2> heavier"),
                                             bot.clock.now, post_text=edited_post_text)
    assert saved
    stale = press(bot)
    await undo.handle(stale)
    assert (await store.entries.by_interaction(1, MESSAGE)).rpe == 9.0  # nothing deleted unseen
    [asked] = stale.sent
    assert (asked.how, asked.public) == ("response", False)  # a private answer: the reply stays as it is
    assert asked.content.splitlines() == [
        "Not deleted: this entry was edited after you were asked. Delete it as it is now?",
        "**2026-11-25 · 3 × 10 @ 100 kg · RPE 9 · barbell**", "Note: <@2> heavier",
        f"Last edited <t:{int(bot.clock.now.timestamp())}:f>."]
    assert asked.kwargs["allowed_mentions"].users is False  # the note echoed pings no one
    edited = await store.entries.by_interaction(1, MESSAGE)
    fresh = f"s{form_stamp(edited)}:{expiry_stamp(bot.clock.now)}"  # /undo's pair, a lifetime of its own
    assert [(b.item.label, b.custom_id) for b in asked.kwargs["view"].children] == [
        ("Delete it", f"ud:ok:{entry.id}:{fresh}"), ("Keep it", f"ud:no:{entry.id}:{fresh}")]
    assert len(cog.expirer) == 1  # greyed out when they expire
    done = press(bot)
    await asked.kwargs["view"].children[0].handle(done)
    assert done.sent[0].content == "Deleted: 2026-11-25 · 3 × 10 @ 100 kg · RPE 9 · barbell."
    assert await store.entries.by_interaction(1, MESSAGE) is None


async def test_an_undo_sent_before_the_stamp_was_carried_still_deletes(logger):
    """An Undo under a reply sent before this change: no edit stamp, and it deletes as it did."""
    bot, store = logger.bot, logger.bot.store
    await logger.line(1, MESSAGE, "100kg 3x10", public=False, expires=STAMP)
    entry = await store.entries.by_interaction(1, MESSAGE)
    await store.entries.edit_told(1, entry.id, replace(entry, rpe=9.0), bot.clock.now, post_text=edited_post_text)
    old = f"cu:ok:1:{MESSAGE}:{STAMP}"
    button = await ChatUndo.from_custom_id(None, None, ChatUndo.__discord_ui_compiled_template__.fullmatch(old))
    assert button.custom_id == old
    done = press(bot)
    await button.handle(done)
    assert done.sent[0].content == "Deleted: 2026-11-25 · 3 × 10 @ 100 kg · RPE 9 · barbell."
    assert await store.entries.by_interaction(1, MESSAGE) is None


async def test_in_public_the_nudge_waits_for_share_logs(logger):
    public = await logger.line(1, MESSAGE, "100kg 3x10", public=True, expires=STAMP)
    assert public.text.endswith("Your target for next time: `/nudge` (only you see it).")
    await save_preferences(logger.bot.store, 2, Preferences(share_logs=True))
    shared = await logger.line(2, MESSAGE + 1, "100kg 3x10", public=True, expires=STAMP)
    assert "**Next session:**" in shared.text


def entry(sets: int, reps: int, weight: float = 100.0) -> NewEntry:
    return NewEntry(performed_on=date(2026, 11, 25), variant="barbell", sets=sets, reps=reps, weight=weight,
                    unit="kg", rpe=None, note=None)
