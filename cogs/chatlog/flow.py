"""One chat line of one lifter, from text to the answer: shared by the listener, the context menu
and the buttons.

Every log made here is keyed by the id of the message it was read from: the entry is stored
under it (the column /log keys by interaction id: Discord's snowflakes never collide across
kinds), and so is what waits for the lifter's answer. A message read twice (a redelivery, the
context menu on a line already logged by mention) stores once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta

import discord

from bot.client import HipThrustBot
from bot.db.chat_replies import ReplyPlace
from bot.db.logbook_jobs import LogOutcome
from bot.errors import UserError
from bot.interactions.expirer import BUTTON_LIFETIME, Expirer
from bot.logbook.chat_line import Choice, Refusal, parse_line
from bot.logbook.edits import form_stamp
from bot.logbook.entries import NewEntry
from bot.nudges.history import HISTORY_SESSIONS
from cogs.chatlog.render import ASKED_ALREADY, NUDGE_POINTER, already_logged, choice_text, typed_again
from cogs.chatlog.views import ChatPick, ChatStorePending, ChatUndo
from cogs.logbook import posts
from cogs.logbook.held import hold_implausible
from cogs.logbook.render import stored_line
from cogs.logbook.stored_reply import logged_text, stored_text

# A line typed again within this long of the same set, stored and never answered, is that set again.
RETYPE_WINDOW = timedelta(minutes=10)
CHAT_LINE = "chat line"  # the metrics' command label for a set typed to the bot (a message, not a command)


@dataclass(frozen=True)
class Answer:
    """What to say about a line, with its buttons; `again` when the message was handled before,
    `logged`: the entry it says was just stored (where it is posted in a server, `cogs.logbook.posts`
    keeps where, for a later edit or delete to rewrite it), under the message id `settles`: once
    this answer is sent, that entry's reply is owed no longer (`bot.db.chat_replies`)."""

    text: str
    view: discord.ui.View | None = None
    again: bool = False
    logged: NewEntry | None = None
    settles: int | None = None


async def replied(bot: HipThrustBot, expirer: Expirer, user_id: int, reply: discord.Message, answer: Answer,
                  place: ReplyPlace) -> None:
    """After `answer` went out as `reply`: its set is owed no reply, its buttons grey out when they
    expire, and a reply in a server channel is kept as the entry's post."""
    if answer.settles is not None:
        await bot.store.chat_replies.answered(user_id, answer.settles)
    if answer.view is not None:
        expirer.schedule_message(bot, reply)
    if answer.logged is not None and answer.settles is not None:
        await posts.remember(bot, user_id, answer.settles, answer.logged, place.guild_id, place.channel_id, reply.id)


def without_mentions_of(user_id: int, text: str) -> str:
    """The line without the bot's own mentions: they address the line, they are not part of it
    (nor of its length: `@bot` and a 300-character line is a 300-character line)."""
    return re.sub(rf"<@!?{user_id}>", " ", text).strip()


class ChatLogger:
    """Reads, stores and answers; Discord's side (where the answer goes) is the caller's."""

    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot
        self.citations = bot.content.citations  # of the guide the bot serves

    async def line(self, user_id: int, message_id: int, text: str, *, public: bool, expires: str,
                   reply_at: ReplyPlace | None = None) -> Answer:
        """Answer one line: stored (with Undo), two readings to pick from, or "Did you mean …?"; a line
        it cannot read raises a `UserError` saying what to change, so the listener and the context
        menu's funnel count it alike (user_error).

        `public`: the answer is seen by the channel (then the nudge only with share_logs on).
        `reply_at`: the answer is a reply sent there once the set is stored (the listener's), so
        the set is kept as owed its reply until it goes out (`store`).
        """
        store = self.bot.store
        existing = await store.entries.by_interaction(user_id, message_id)
        if existing is not None:
            return Answer(already_logged(existing), again=True)
        now = self.bot.clock()
        parsed = parse_line(text, await store.users.preferences(user_id), now)
        if isinstance(parsed, Refusal):
            raise UserError(parsed.message)
        if isinstance(parsed, Choice):
            await store.pending.purge_expired(now)
            waits_until = now + timedelta(seconds=BUTTON_LIFETIME)
            if not await store.pending.put_choice(message_id, user_id, parsed.readings, waits_until):
                return Answer(ASKED_ALREADY, again=True)
            return Answer(choice_text(parsed.readings), ChatPick.offer(user_id, message_id, parsed.readings, expires))
        return await self.store(user_id, message_id, parsed.entry, public=public, expires=expires, reply_at=reply_at)

    async def store(self, user_id: int, message_id: int, entry: NewEntry, *, public: bool, expires: str,
                    reply_at: ReplyPlace | None = None) -> Answer:
        """Store a read entry the way /log does: after the implausibility check, once per message.

        The same set typed again shortly after one the lifter was never answered about (a killed
        process, a reply Discord refused) is that one typed again: it is not stored twice, and the
        answer is about the first, with its Undo. Once the first was answered, the same set again
        is stored: sets are logged one at a time. `reply_at`: as in `line`."""
        store, now = self.bot.store, self.bot.clock()
        twin = await store.chat_replies.unanswered_twin(user_id, entry, now - RETYPE_WINDOW)
        if twin is not None:
            answer = await self.stored(user_id, twin.entry, twin.message_id, public=public, expires=expires,
                                       stamp=form_stamp(twin.entry))
            return replace(answer, text=typed_again(answer.text))
        outcome = await store.logbook.log(user_id, lambda _prefs: entry, interaction_id=message_id, when=now,
                                          sessions=HISTORY_SESSIONS, reply_at=reply_at)
        if outcome.asks_first:
            assert outcome.last_kg is not None
            # A reply in a server is read by the channel: the last load is the lifter's to share.
            held = await hold_implausible(self.bot, message_id, user_id, entry, outcome.last_kg,
                                          outcome.prefs.current_setup_id,
                                          show_last=not public or outcome.prefs.share_logs)
            if not held.kept:
                return Answer(ASKED_ALREADY, again=True)
            return Answer(held.text, ChatStorePending.offer(user_id, message_id, expires, held.guess))
        if outcome.entry_id is None:
            stored = await store.entries.by_interaction(user_id, message_id)
            return Answer(already_logged(stored or entry), again=True)
        return await self.stored(user_id, entry, message_id, public=public, expires=expires, outcome=outcome)

    async def stored(self, user_id: int, entry: NewEntry, message_id: int, *, public: bool, expires: str,
                     outcome: LogOutcome | None = None, stamp: str = "0") -> Answer:
        """What was stored, with Undo; unless the answer is public and share_logs is off, the rep
        record it is (if any) and the nudge, as /log says them. `outcome`: what storing it read (the
        preferences, the sessions and the best earlier set of its reps); without it, they are read.
        `stamp`: the entry's edit stamp as shown (`form_stamp`; "0", never edited, for a set just stored)."""
        prefs = (await self.bot.store.users.preferences(user_id)) if outcome is None else outcome.prefs
        if public and not prefs.share_logs:
            text = stored_line(entry) + "\n" + NUDGE_POINTER
        elif outcome is not None:
            text = logged_text(outcome, self.citations, self.bot.clock())
        else:
            text = await stored_text(self.bot, self.citations, user_id, entry, prefs)
        return Answer(text, ChatUndo.button(user_id, message_id, stamp, expires), logged=entry, settles=message_id)
