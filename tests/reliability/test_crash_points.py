"""SIGKILL the bot between the steps of one multi-step command, then start it again on the same
database: what the user sees and what is stored afterwards.

Each kill happens when the imitation has done one request's work and before its answer reaches
the bot (`BotProcess.kill_at`): Discord did it, the bot never learnt so.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox.driver import Driver, FileUpload
from bot.sandbox.imitation import Imitation
from tests.e2e.logbook_helpers import today
from tests.e2e.snippet_helpers import pin, snippet_posts
from tests.reliability.process import BotProcess

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ROWS = 5000  # sets in the imported file


@pytest.fixture
async def bot(imitation: Imitation, driver: Driver, tmp_path: Path) -> AsyncIterator[BotProcess]:
    """`python -m bot` on a database file of its own, started; killed after the test if still running."""
    process = BotProcess(imitation, tmp_path / "crash.db", tmp_path / "bot.log")
    await process.start(driver)
    try:
        yield process
    finally:
        if process.process is not None and process.process.returncode is None:
            process.kill()
            await process.wait()


async def killed_during(bot: BotProcess, action: Awaitable[Any], method: str | None, path: str, *,
                        undone: bool = False, once: Callable[[], bool] = lambda: True) -> None:
    """Start `action` (a driver call waiting for an answer that will never come) and return once the
    bot died at the request `method` `path` (`BotProcess.kill_at`)."""
    dead = bot.kill_at(method, path, undone=undone, once=once)
    waiting = asyncio.ensure_future(action)
    try:
        await dead
    finally:
        waiting.cancel()


async def test_killed_after_pinning_a_snippet_before_recording_it(bot: BotProcess, driver: Driver) -> None:
    await killed_during(bot, pin(driver, "quick-answer"), "PUT", r"/messages/pins/\d+$")
    [post] = snippet_posts(driver, "general")
    assert [p.message_id for p in driver.pins("general")] == [post.message_id]  # posted and pinned

    await bot.start(driver)
    listed = await driver.slash("snippet list", user="moderator", channel="general")
    assert str(post.message_id) in str(listed.embeds), "the pinned snippet is not in /snippet list"
    again = await pin(driver, "quick-answer")
    assert again.content.startswith("**Quick answer** is already pinned in "), again.content
    assert len(snippet_posts(driver, "general")) == 1  # not posted twice
    [offered] = await driver.autocomplete("snippet unpin", "snippet", user="moderator")
    unpinned = await driver.slash("snippet unpin", user="moderator", snippet=offered["value"])
    assert unpinned.content.startswith("Unpinned "), unpinned.content
    assert driver.pins("general") == []


def big_strong_file(rows: int) -> FileUpload:
    """A Strong export of `rows` hip thrust sets, one a day."""
    lines = ["Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"]
    first = date(2010, 1, 1)
    lines += [f"{first + timedelta(days=n)} 09:00:00,Lower,1h,Hip Thrust (Barbell),1,{60 + n % 20},10,0,0,,,"
              for n in range(rows)]
    return FileUpload("strong.csv", "\n".join(lines).encode(), None)


def stored_entries(bot: BotProcess) -> tuple[int, int]:
    """The entries and import batches in the bot's database (as another process reads it)."""
    conn = sqlite3.connect(bot.db)
    try:
        return (conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0],
                conn.execute("SELECT COUNT(*) FROM import_batches").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize(("method", "path", "stored"), [
    ("POST", r"/interactions/\d+/[^/]+/callback$", 0),  # acknowledging the click: nothing stored yet
    ("PATCH", r"/messages/@original$", ROWS),  # stored, and about to say so
], ids=["before-storing", "before-saying-so"])
async def test_killed_while_importing_stores_all_or_nothing_once(
        bot: BotProcess, driver: Driver, method: str, path: str, stored: int) -> None:
    preview = await driver.slash("import csv", file=big_strong_file(ROWS), user="member")
    assert f"**{ROWS:,} entries to import**" in preview.text
    await killed_during(bot, driver.click(preview, "Import"), method, path, undone=True)
    assert stored_entries(bot) == (stored, 1 if stored else 0)
    assert [b["label"] for b in driver.refresh(preview).buttons()] == ["Import", "Cancel"]  # still offered

    await bot.start(driver)
    await driver.click(driver.refresh(preview), "Import")  # the lifter saw nothing happen: again
    await driver.wait_until(lambda: not driver.refresh(preview).components, "the import's answer")
    done = driver.refresh(preview).content
    assert done.startswith(f"Already imported: {ROWS:,} entries" if stored else f"**Imported** {ROWS:,} entries."), done
    undo = await driver.slash("import undo", user="member")
    removed = await driver.click(undo, "Remove import")
    assert removed.content == f"Removed your last import: {ROWS:,} entries."
    bot.kill()
    await bot.wait()
    assert stored_entries(bot) == (0, 0)


async def test_killed_as_forgetme_has_deleted_leaves_no_post_showing_the_sets(
        bot: BotProcess, driver: Driver, imitation: Imitation) -> None:
    shared = await driver.slash("log", weight=106, reps=8, sets=3, share=True, channel="general")
    await driver.wait_until(lambda: stored_posts(bot) == 1, "the shared post to be kept")
    question = await driver.slash("forgetme", channel="dm")
    # Killed at the first request after the deletion was committed: nobody was told anything.
    await killed_during(bot, driver.click(question, "Delete everything"), None, "", undone=True,
                        once=lambda: stored_entries(bot) == (0, 0))
    day = today(imitation).isoformat()
    assert driver.refresh(shared).content.startswith("**Logged** 3 × 8 @ 106 kg")  # not marked yet: the bot died first
    assert stored_posts(bot, "posts_to_mark") == 1  # but kept to be marked, with the deletes

    await bot.start(driver)  # once ready, the bot marks what the dead process left
    marked = f"Deleted: {day} · 3 × 8 @ 106 kg · barbell."
    await driver.wait_until(lambda: driver.refresh(shared).content == marked, "the post to be marked")
    await driver.wait_until(lambda: stored_posts(bot, "posts_to_mark") == 0, "its row to go")
    # No answer came: pressing again says where things stand
    again = await driver.click(driver.refresh(question), "Delete everything")
    assert again.content == "Nothing about you is stored. Nothing was left to delete."


async def test_killed_before_replying_to_a_chat_set_replies_late_once_back(bot: BotProcess, driver: Driver) -> None:
    dead = bot.kill_at("POST", r"/channels/\d+/messages$", undone=True)  # the reply never got through
    line = driver.write("100kg 3x10", channel="dm")
    await dead
    assert driver.answers_to(line) == []
    assert stored_entries(bot) == (1, 0)

    await bot.start(driver)  # a new session: Discord does not give it the message again
    reply = await driver.answer_to(line, within=10)
    first_line = reply.content.splitlines()[0]
    assert first_line.startswith("**Logged** 3 × 10 @ 100 kg · barbell on "), reply.content
    assert first_line.endswith(". (I restarted before I could reply.)"), reply.content
    again = await driver.dm("100kg 3x10")  # answered now: the same set again is another set
    assert again.content.startswith("**Logged** 3 × 10 @ 100 kg"), again.content
    assert len(driver.answers_to(line)) == 1
    undone = await driver.click(reply, "Undo")
    assert undone.content.startswith("Deleted: ")
    bot.kill()
    await bot.wait()
    assert stored_entries(bot) == (1, 0)


async def test_killed_as_an_edit_was_saved_leaves_no_post_showing_the_old_numbers(
        bot: BotProcess, driver: Driver, imitation: Imitation) -> None:
    """The Edit form of a shared entry, saved and answered; the bot dies as it rewrites the post
    (the request never got through). The post showed the old numbers for ever: nothing kept its new text."""
    shared = await driver.slash("log", weight=60, reps=12, share=True, channel="general")
    await driver.wait_until(lambda: stored_posts(bot) == 1, "the shared post to be kept")
    page = await driver.slash("history")
    [option] = page.selects()[0]["options"]
    form = await driver.click(await driver.select(page, option["value"]), "Edit")
    post_edit = rf"/channels/{shared.channel_id}/messages/{shared.message_id}$"
    await killed_during(bot, driver.submit_modal(form, weight="62.5"), "PATCH", post_edit, undone=True)
    day = today(imitation).isoformat()
    assert driver.refresh(page).content.startswith(f"Saved: **{day} · 1 × 12 @ 62.5 kg · barbell**")  # answered
    assert driver.refresh(shared).content.startswith("**Logged** 1 × 12 @ 60 kg")  # the bot died first
    assert stored_posts(bot, "posts_to_mark") == 1  # its new text kept, with the edit

    await bot.start(driver)  # once ready, the bot rewrites what the dead process left
    rewritten = f"**Logged** 1 × 12 @ 62.5 kg · barbell on {day}.\n-# Edited since it was posted."
    await driver.wait_until(lambda: driver.refresh(shared).content == rewritten, "the post to show the edit")
    await driver.wait_until(lambda: stored_posts(bot, "posts_to_mark") == 0, "its row to go")


def stored_posts(bot: BotProcess, table: str = "entry_posts") -> int:
    """The rows of `table` in the bot's database (as another process reads it)."""
    conn = sqlite3.connect(bot.db)
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()
