"""A set the channel was told about (a /log with share, a set typed in chat with a mention): when
the lifter deletes the entry (/undo, /history's Delete), its post in the channel is edited to say
so, by the channel's Edit Message (the /log's token lasts 15 minutes), pinging nobody; where the
bot cannot edit it, the lifter is told it stays, with a link to it."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.client import HipThrustBot
from bot.db.privacy import Forgotten
from bot.logbook.posts import SharedPost
from bot.sandbox import perms
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.mentions import request_pings
from bot.sandbox.snapshots import Reply
from tests.e2e.logbook_helpers import count, stored_eventually, today

pytestmark = pytest.mark.e2e
TOKEN_LIFETIME = 15 * 60
MARKED = "Its post in the channel now says it was deleted: "
STAYS = "I could not edit its post in the channel, which still shows it: "


def _link(driver: Driver, post: Reply) -> str:
    return f"https://discord.com/channels/{driver.scenario.guild.id}/{post.channel_id}/{post.message_id}"


async def _kept(bot: HipThrustBot, posts: int) -> None:
    """Wait until the bot keeps where `posts` posts are: it learns a post's id from Discord's reply,
    which can come after the channel shows the post (a test that deletes at once would race it)."""

    async def kept() -> bool:
        return await bot.store.db.fetchval("SELECT count(*) FROM entry_posts") >= posts

    await stored_eventually(kept, f"where {posts} post(s) are")


async def _to_mark(bot: HipThrustBot) -> int:
    """The posts kept to mark (posts_to_mark): none once each delete has edited its post."""
    return int(await bot.store.db.fetchval("SELECT count(*) FROM posts_to_mark"))


async def _undo(driver: Driver, channel: str = "dm") -> Reply:
    """/undo, Delete it; the answer once it says what became of the post."""
    deleted = await driver.click(await driver.slash("undo", channel=channel), "Delete it")
    await driver.wait_until(lambda: len(driver.refresh(deleted).content.splitlines()) == 2,
                            "the answer to say what became of the post")
    return driver.refresh(deleted)


def _edits_of(driver: Driver, post: Reply) -> list[dict[str, object]]:
    """The bot's edits of the post through the channel (its own token), and who each would ping."""
    path = f"/api/v10/channels/{post.channel_id}/messages/{post.message_id}"
    edits = [r for r in driver.core.requests if r.method == "PATCH" and r.path == path]
    for edit in edits:
        pinged = request_pings(edit)
        assert pinged is not None
        assert pinged.nobody
    return [r.json for r in edits]


async def test_undo_of_a_shared_log_marks_its_post_even_after_the_token_expired(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    post = await driver.slash("log", weight=100, reps=10, sets=3, note="@everyone easy", share=True,
                              channel="training")
    await _kept(hipbot, 1)
    assert not post.ephemeral
    assert driver.record(post).asked_for_message  # for its id; a private /log does not ask (test_first_answer)
    imitation.advance(TOKEN_LIFETIME + 60)  # the /log's interaction token can no longer edit it
    day = today(imitation).isoformat()
    answer = await _undo(driver)
    assert answer.ephemeral
    assert answer.content == f"Deleted: {day} · 3 × 10 @ 100 kg · barbell.\n{MARKED}{_link(driver, post)}"
    marked = driver.refresh(post)
    assert marked.content == f"Deleted: {day} · 3 × 10 @ 100 kg · barbell."  # as the chat log's Undo leaves it
    assert marked.message_id == post.message_id  # edited, not deleted: replies to it keep their place
    assert len(_edits_of(driver, post)) == 1
    assert [m.message_id for m in driver.messages("training")] == [post.message_id]
    assert await count(hipbot, "entries", driver.user("member").id) == 0
    assert await _to_mark(hipbot) == 0  # its "Deleted: …" was kept only until the post said it


async def test_deleting_from_history_marks_the_post_and_a_private_log_has_none(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    day = today(imitation).isoformat()
    post = await driver.slash("log", weight=60, reps=12, share=True, channel="general")
    await _kept(hipbot, 1)
    await driver.slash("log", weight=62.5, reps=12)  # private: nothing in a channel to mark
    page = await driver.slash("history")
    options = {o["label"]: o["value"] for o in page.selects()[0]["options"]}
    shared = await driver.select(page, options[f"{day} · 1 × 12 @ 60 kg · barbell"])
    deleted = await driver.click(await driver.click(shared, "Delete"), "Delete it")
    await driver.wait_until(lambda: MARKED in driver.refresh(deleted).content, "the answer to name the post")
    assert driver.refresh(deleted).content == (f"Deleted: {day} · 1 × 12 @ 60 kg · barbell.\n"
                                              f"{MARKED}{_link(driver, post)}")
    assert [b["label"] for b in driver.refresh(deleted).buttons()] == ["Back to history"]
    assert driver.refresh(post).content == f"Deleted: {day} · 1 × 12 @ 60 kg · barbell."
    assert await _to_mark(hipbot) == 0

    private = await driver.click(await driver.slash("undo"), "Delete it")
    await driver.settle()
    assert driver.refresh(private).content == f"Deleted: {day} · 1 × 12 @ 62.5 kg · barbell."
    assert [m.content for m in driver.messages("general")] == [driver.refresh(post).content]  # nothing else


async def test_a_set_logged_by_mention_loses_its_logged_reply_and_undo_button(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    reply = await driver.say("140 x 8 x 4 hips sore", channel="training")
    await _kept(hipbot, 1)
    assert [b["label"] for b in reply.buttons()] == ["Undo"]
    answer = await _undo(driver, channel="general")
    day = today(imitation).isoformat()
    assert answer.content == f"Deleted: {day} · 4 × 8 @ 140 kg · barbell.\n{MARKED}{_link(driver, reply)}"
    marked = driver.refresh(reply)
    assert marked.content == f"Deleted: {day} · 4 × 8 @ 140 kg · barbell."
    assert marked.buttons() == []
    assert len(_edits_of(driver, reply)) == 1


async def test_store_anyway_with_share_marks_the_post_it_made(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    await driver.slash("log", weight=100, reps=10, sets=3)
    question = await driver.slash("log", weight=1000, reps=10, sets=3, share=True, channel="training")
    await driver.click(question, "Store anyway")
    await driver.wait_until(lambda: len(driver.messages("training")) == 1, "the shared post")
    [post] = driver.messages("training")
    await _kept(hipbot, 1)
    answer = await _undo(driver)
    day = today(imitation).isoformat()
    assert answer.content == f"Deleted: {day} · 3 × 10 @ 1000 kg · barbell.\n{MARKED}{_link(driver, post)}"
    assert driver.refresh(post).content == f"Deleted: {day} · 3 × 10 @ 1000 kg · barbell."


async def test_a_post_the_bot_can_no_longer_edit_is_named_and_linked(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    post = await driver.slash("log", weight=100, reps=10, share=True, channel="training")
    await _kept(hipbot, 1)
    await driver.set_overwrites("training", perms.Overwrite(driver.scenario.bot_role.id, 0, deny=perms.VIEW_CHANNEL))
    answer = await _undo(driver)
    day = today(imitation).isoformat()
    assert answer.content == f"Deleted: {day} · 1 × 10 @ 100 kg · barbell.\n{STAYS}{_link(driver, post)}"
    assert driver.refresh(post).content == post.content  # as it was: the lifter knows, and where
    assert await count(hipbot, "entries", driver.user("member").id) == 0
    assert await _to_mark(hipbot) == 0  # refused: not tried again at every start


async def test_a_post_deleted_meanwhile_or_a_log_shared_in_a_dm_adds_nothing(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    day = today(imitation).isoformat()
    post = await driver.slash("log", weight=100, reps=10, share=True, channel="training")
    await driver.delete_message(post, by="moderator")
    gone = await driver.click(await driver.slash("undo"), "Delete it")
    await driver.settle()
    assert driver.refresh(gone).content == f"Deleted: {day} · 1 × 10 @ 100 kg · barbell."
    assert await _to_mark(hipbot) == 0  # a post gone needs no mark

    await driver.slash("log", weight=100, reps=10, share=True, channel="dm")  # the lifter's own DM
    assert await hipbot.store.db.fetchval("SELECT count(*) FROM entry_posts") == 0
    dm = await driver.click(await driver.slash("undo"), "Delete it")
    await driver.settle()
    assert driver.refresh(dm).content == f"Deleted: {day} · 1 × 10 @ 100 kg · barbell."


async def test_editing_a_shared_entry_shows_the_edit_in_its_post(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """An edit from /history rewrites the entry's post to the entry as it is now, marked edited:
    it showed the old numbers as if they still stood."""
    day = today(imitation).isoformat()
    post = await driver.slash("log", weight=60, reps=12, note="first", share=True, channel="general")
    await _kept(hipbot, 1)
    page = await driver.slash("history")
    [option] = page.selects()[0]["options"]
    shown = await driver.select(page, option["value"])
    saved = await driver.submit_modal(await driver.click(shown, "Edit"), weight="62.5", note="@everyone heavier")
    shows = "Its post in the channel now shows the edit: "
    await driver.wait_until(lambda: shows in driver.refresh(saved).content, "the answer to name the post")
    assert driver.refresh(saved).content.endswith(f"{shows}{_link(driver, post)}")
    assert [b["label"] for b in driver.refresh(saved).buttons()] == ["Edit", "Delete", "Back to history"]
    assert driver.refresh(post).content == (f"**Logged** 1 × 12 @ 62.5 kg · barbell on {day}.\n"
                                           "Note: @\u200beveryone heavier\n-# Edited since it was posted.")
    assert _edits_of(driver, post)  # through the channel, pinging nobody


async def test_an_edit_stored_anyway_shows_the_edit_in_its_post(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """An Edit that asked "Did you mean …?" first, then Store anyway: the post shows it as a direct save's does."""
    day = today(imitation)
    await driver.slash("log", weight=60, reps=12, date=(day - dt.timedelta(days=2)).isoformat())
    post = await driver.slash("log", weight=60, reps=12, share=True, channel="general")
    await _kept(hipbot, 1)
    shared = int(await hipbot.store.db.fetchval("SELECT max(id) FROM entries"))
    shown = await driver.select(await driver.slash("history"), str(shared))
    asked = await driver.submit_modal(await driver.click(shown, "Edit"), weight="625")
    assert "Did you mean **62.5 kg**?" in asked.content
    saved = await driver.click(asked, "Store anyway")
    shows = "Its post in the channel now shows the edit: "
    await driver.wait_until(lambda: shows in driver.refresh(saved).content, "the answer to name the post")
    lines = driver.refresh(saved).content.splitlines()
    assert lines[:2] == [f"Saved: **{day.isoformat()} · 1 × 12 @ 625 kg · barbell**",
                         f"Was: {day.isoformat()} · 1 × 12 @ 60 kg · barbell."]
    assert lines[-1] == f"{shows}{_link(driver, post)}"
    assert driver.refresh(post).content == (f"**Logged** 1 × 12 @ 625 kg · barbell on {day.isoformat()}.\n"
                                           "-# Edited since it was posted.")
    assert _edits_of(driver, post)  # through the channel, pinging nobody


async def test_forgetme_marks_every_post_of_the_lifters_sets(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """/forgetme deleted the entries and left their posts saying "Logged …" in the channels."""
    day = today(imitation).isoformat()
    typed = await driver.say("105kg 3x8", channel="training")
    shared = await driver.slash("log", weight=106, reps=8, sets=3, share=True, channel="general")
    await _kept(hipbot, 2)
    await driver.slash("log", weight=107, reps=8)  # private: no post
    forgotten = await driver.click(await driver.slash("forgetme", channel="dm"), "Delete everything")
    line = "2 posts of your sets in server channels now say deleted."
    await driver.wait_until(lambda: line in driver.refresh(forgotten).content, "the answer to name the posts")
    assert driver.refresh(forgotten).content.startswith("Deleted everything stored about you")
    assert driver.refresh(typed).content == f"Deleted: {day} · 3 × 8 @ 105 kg · barbell."
    assert driver.refresh(typed).buttons() == []  # no Undo left to press on a forgotten entry
    assert driver.refresh(shared).content == f"Deleted: {day} · 3 × 8 @ 106 kg · barbell."
    assert _edits_of(driver, typed)
    assert _edits_of(driver, shared)
    assert await _to_mark(hipbot) == 0  # nothing of the forgotten sets kept once their posts say so


async def test_the_undo_on_a_chat_logs_reply_marks_it_and_keeps_nothing_to_mark(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """The reply is the post: the click's own answer marks it, and what was kept to mark it goes."""
    typed = await driver.say("105kg 3x8", channel="training")
    await _kept(hipbot, 1)
    undone = await driver.click(typed, "Undo")
    assert undone.message_id == typed.message_id
    assert driver.refresh(typed).content == f"Deleted: {today(imitation).isoformat()} · 3 × 8 @ 105 kg · barbell."
    await stored_eventually(lambda: _no_marks(hipbot), "the kept mark to go")
    assert _edits_of(driver, typed) == []  # marked by the click's answer, not edited a second time


async def _no_marks(bot: HipThrustBot) -> bool:
    return await _to_mark(bot) == 0


async def test_forgetme_marks_a_post_kept_while_it_was_confirmed(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shared /log learns its post's id from Discord after the entry is stored, and keeps it
    then: that landed after Delete everything had read the lifter's posts but before it deleted
    their rows, so the post went unmarked, saying "Logged …" of a forgotten set."""
    day, store = today(imitation).isoformat(), hipbot.store
    shared = await driver.slash("log", weight=106, reps=8, sets=3, share=True, channel="general")
    await _kept(hipbot, 1)
    await store.db.execute("DELETE FROM entry_posts")  # not kept yet: its /log is still waiting on Discord
    forget = store.privacy.forget

    async def forget_as_the_post_is_kept(user_id: int) -> Forgotten:
        post = SharedPost(driver.scenario.guild.id, shared.channel_id, shared.message_id)
        await store.entries.record_post(user_id, shared.interaction_id, post)  # the /log's last step
        return await forget(user_id)

    monkeypatch.setattr(store.privacy, "forget", forget_as_the_post_is_kept)
    forgotten = await driver.click(await driver.slash("forgetme", channel="dm"), "Delete everything")
    line = "1 post of your sets in server channels now says deleted."
    await driver.wait_until(lambda: line in driver.refresh(forgotten).content, "the answer to name the post")
    assert driver.refresh(shared).content == f"Deleted: {day} · 3 × 8 @ 106 kg · barbell."
    assert await count(hipbot, "entries", driver.user("member").id) == 0


async def test_undo_of_an_entry_already_gone_leaves_the_channels_post_alone(
        hipbot: HipThrustBot, driver: Driver) -> None:
    typed = await driver.say("100kg 3x8", channel="training")
    await _kept(hipbot, 1)  # deleted before that, the post is marked when it is kept (test_log_shared_late_post)
    async with hipbot.store.db.transaction() as tx:  # gone without its post being told (another shard, a crash)
        await tx.execute("DELETE FROM entries WHERE user_id = ?", (driver.user("member").id,))
    answer = await driver.click(typed, "Undo")
    assert answer.ephemeral
    assert answer.content == "That entry is already gone."
    assert driver.refresh(typed).content.startswith("**Logged** 3 × 8 @ 100 kg")  # what the channel read
