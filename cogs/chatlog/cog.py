"""Logging sets typed in chat: a DM to the bot, a message that mentions it, or "Log as hip thrust".

Discord hands a bot without the privileged message-content intent the text of exactly these
messages: DMs to it, messages that mention it, and the target of a message context-menu
command. The listener reads nothing else: a server message without the bot's mention is left
alone. What is stored is the parsed entry (its note included), keyed by the message id, and,
until its reply goes out, where to send it (`cogs.chatlog.late`); the message text itself is
never stored.
"""

from __future__ import annotations

import logging
import secrets

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.db.chat_replies import ReplyPlace
from bot.db.faults import storage_fault, storage_fault_message
from bot.errors import UserError
from bot.interactions import replies
from bot.interactions.buttons import expiry_stamp
from bot.interactions.contexts import SERVERS_AND_DMS, allowed
from bot.interactions.expirer import Expirer
from bot.interactions.rate_limits import UNSERVED
from bot.interactions.redelivery import RecentIds
from bot.interactions.threads import reply_needs
from bot.operations.metrics import ANSWERED, DEADLINE_MISSED, UNEXPECTED_ERROR, USER_ERROR
from bot.snippets.model import missing_permissions
from cogs.chatlog.flow import CHAT_LINE, Answer, ChatLogger, replied, without_mentions_of
from cogs.chatlog.late import ChatLine, LateReplies
from cogs.chatlog.render import ANSWERED_MEANWHILE, CONTEXT_MENU, NOT_YOUR_MESSAGE
from cogs.chatlog.views import COG_NAME

log = logging.getLogger(__name__)
_READABLE = (discord.MessageType.default, discord.MessageType.reply)


def failure_text(error: Exception, where: str) -> str:
    """What a lifter reads when their line failed for a reason not theirs (logged for the operator)."""
    fault = storage_fault(error)
    if fault is not None:
        log.error("storage is %s in %s", fault, where, exc_info=error)
        return storage_fault_message(fault)
    error_id = secrets.token_hex(4)
    log.error("unexpected error %s in %s", error_id, where, exc_info=error)
    return f"Sorry, something went wrong on our side. Error id `{error_id}` was logged."


class ChatLogCog(commands.Cog, name=COG_NAME):
    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot
        self.logger = ChatLogger(bot)
        self.expirer = Expirer()  # greys out the buttons of its replies and of its private answers
        self.seen = RecentIds()  # message ids already answered by this process (a gateway replay)
        self.late = LateReplies(bot, self.logger, self.expirer)  # replies owed to sets stored unanswered
        self.menu = app_commands.ContextMenu(name=CONTEXT_MENU, callback=self.log_message, **allowed(SERVERS_AND_DMS))
        bot.tree.add_command(self.menu)

    async def cog_load(self) -> None:
        self.late.start()

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)
        self.expirer.cancel_all()
        self.late.cancel_all()

    def addressed(self, message: discord.Message) -> bool:
        """A lifter's line meant for the bot: a DM to it, or a server message that mentions it.

        Bots (this one too), webhooks and system messages are never read; nor is a server message
        in a channel where the bot could not answer (it needs to read the history to reply).
        """
        me = self.bot.user
        if me is None or message.author.bot or message.webhook_id is not None or message.type not in _READABLE:
            return False
        if message.guild is None:
            return isinstance(message.channel, discord.DMChannel)
        if me.id not in message.raw_mentions:
            return False
        channel = message.channel
        if not isinstance(channel, discord.abc.GuildChannel | discord.Thread):
            return False
        missing = missing_permissions(channel.permissions_for(message.guild.me), reply_needs(channel))
        if missing:
            log.info("mentioned in channel %s where I cannot reply (no %s); not read", channel.id, ", ".join(missing))
            return False
        return True

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer a line meant for the bot, as a reply to it; a message seen before is left alone."""
        if not self.addressed(message) or not self.seen.add(message.id):
            return
        if not self.bot.accepting:  # shutting down: a line read now could be stored but not answered
            log.info("shutting down: chat line %s not read", message.id)
            self.bot.turn_away.reply(message)  # the next process never sees it: say so
            return
        assert self.bot.user is not None
        text = without_mentions_of(self.bot.user.id, message.content)
        outcome = ANSWERED
        place = ReplyPlace(None if message.guild is None else message.guild.id, message.channel.id)
        try:
            answer = await self.logger.line(message.author.id, message.id, text, public=message.guild is not None,
                                            expires=expiry_stamp(self.bot.clock()), reply_at=place)
        except UserError as error:
            answer, outcome = Answer(error.message), USER_ERROR
        except Exception as error:
            answer, outcome = Answer(failure_text(error, f"the chat line {message.id}")), UNEXPECTED_ERROR
        if answer.again:
            return  # answered before this process started: a redelivery stays quiet
        if answer.settles in (None, message.id):
            await self.send_answer(message, answer, outcome, place)
            return
        # The line typed again, answered with the set stored from the first: in turn with its late reply.
        async with self.late.turn(message.author.id, answer.settles) as owed:
            await self.send_answer(message, answer if owed is not None else Answer(ANSWERED_MEANWHILE), outcome, place)

    async def send_answer(self, message: discord.Message, answer: Answer, outcome: str, place: ReplyPlace) -> None:
        """Send `answer` as the reply to the line `message`; a stored set's reply Discord refuses is
        tried once more, later."""
        try:
            # reply() takes no view=None: MISSING sends the text alone.
            reply = await message.reply(answer.text, view=answer.view or discord.utils.MISSING,
                                        mention_author=False, allowed_mentions=replies.NO_PINGS)
        except UNSERVED as error:
            log.warning("could not answer the chat line %s: %s", message.id, error)
            if answer.settles is not None:  # a stored set: the lifter must hear of it (counted by the retry)
                self.late.retry(message.author.id, answer.settles, ChatLine(message.id, place))
            else:
                self.bot.metrics.interaction_done(CHAT_LINE, DEADLINE_MISSED, None)  # the lifter got no answer
            return
        self.bot.metrics.interaction_done(CHAT_LINE, outcome, None)
        await replied(self.bot, self.expirer, message.author.id, reply, answer, place)

    async def log_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """The message context menu: log your own message's line, answered only to you (a line it
        cannot read by the funnel, as the `UserError` it is)."""
        if message.author.id != interaction.user.id:
            raise UserError(NOT_YOUR_MESSAGE)
        assert self.bot.user is not None
        text = without_mentions_of(self.bot.user.id, message.content)
        answer = await self.logger.line(interaction.user.id, message.id, text, public=False,
                                        expires=expiry_stamp(self.bot.clock()))
        if answer.view is None:
            await replies.send(interaction, ephemeral=True, content=answer.text)
            return
        await replies.send(interaction, ephemeral=True, content=answer.text, view=answer.view)
        self.expirer.schedule(interaction)
