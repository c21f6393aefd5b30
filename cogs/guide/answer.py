""""Answer with the guide": a message context-menu command that replies to a question with a section.

A member right-clicks a message, Apps, "Answer with the guide". The message's text ranks the
sections (`bot.guide.answering`) and is kept nowhere: Discord includes the content of a
context-menu target even without the message content intent, and this callback is the only
place that reads it. The 25 best sections are offered in a select menu only the member sees;
the one picked is posted as a reply to the message, pinging its author only when the server
says so (`/config set ping_authors`). The select carries the message id and an expiry in its
custom_id, so it keeps working across a restart. The same repeat guard as `/hipthrust` applies,
and so do the server's answer channels: elsewhere the member gets a private copy and a pointer.
A question about pain, injury or rehab is offered no training section (`bot.guide.pain`), and the
fit quiz's referral note leads the menu and the reply (a "p" at the end of the custom_id says so).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import discord

from bot.client import HipThrustBot, bot_of
from bot.config.text import pointer_note, public_in
from bot.errors import MissingPermissionError, NotFoundError, UserError, discord_refused
from bot.guide.answering import sections_for_message
from bot.guide.model import Section
from bot.interactions import limits, replies
from bot.interactions.buttons import Funnelled, check_not_expired, expiry_stamp, view_of
from bot.interactions.codes import (
    INVALID_FORM_BODY,
    MISSING_ACCESS,
    MISSING_PERMISSIONS,
    THREAD_ARCHIVED,
    THREAD_LOCKED,
    UNKNOWN_MESSAGE,
)
from bot.interactions.expirer import BUTTON_LIFETIME, Expirer
from bot.interactions.presence import require_bot_in_server
from bot.interactions.threads import reply_needs
from bot.snippets.model import missing_permissions
from cogs.guide.posting import guide_post_key, repeat_note, server_config, visibility_here
from cogs.guide.render import render_sections

ANSWER_MENU = "Answer with the guide"
OPTIONS_LIMIT = 25  # and for the options of one select menu
LOCKED_THREAD = "{where} is a locked thread: only moderators can post there, so nothing was posted."
SYSTEM_MESSAGE = (
    "Discord does not allow replies to system messages (pins, joins, boosts). "
    "Use `/hipthrust guide` in the channel instead."
)
TARGET_GONE = "That message was deleted, so nothing was posted."
ALREADY_ANSWERED = "Already answered with **{title}**: {link}. Use the menu again to post another section."
BEING_POSTED = "Already answering with **{title}**: it is being posted as a reply right now."
COG_NAME = "Guide"


class AnsweredMenus:
    """The menus whose pick was posted as a reply (or is being posted), by the menu's message id.

    The menu gives way to "Posted … as a reply" only once the post is made, so a second pick can
    be made on it before that. Its answer is a note of its own: it never edits the menu's message,
    where, landing after the first pick's answer, it put a private copy of the section (or the
    other section's link) over the link to the reply the channel reads. Entries go once the menu's
    buttons have expired (BUTTON_LIFETIME), checked as one is added.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._picked: dict[int, tuple[float, str, str | None]] = {}  # insertion-ordered: oldest first

    def note(self, menu_id: int) -> str | None:
        """What a pick on this menu is told when an earlier pick was posted (or is being posted)."""
        picked = self._picked.get(menu_id)
        if picked is None:
            return None
        _, title, link = picked
        return BEING_POSTED.format(title=title) if link is None else ALREADY_ANSWERED.format(title=title, link=link)

    def claim(self, menu_id: int, title: str) -> None:
        """A pick of `title` on this menu is being posted."""
        now = self._clock()
        for old in [m for m, (at, _, _) in self._picked.items() if at <= now - BUTTON_LIFETIME]:
            del self._picked[old]
        self._picked[menu_id] = (now, title, None)

    def posted(self, menu_id: int, title: str, link: str) -> None:
        self._picked[menu_id] = (self._clock(), title, link)

    def release(self, menu_id: int) -> None:
        """The post failed: the menu may be used again."""
        self._picked.pop(menu_id, None)


def answered_menus(bot: HipThrustBot) -> AnsweredMenus:
    """The guide cog's menus answered (a select gets no cog of its own)."""
    menus = getattr(bot.get_cog(COG_NAME), "answered_menus", None)
    if menus is None:
        raise RuntimeError("the guide extension is not loaded")
    return menus  # type: ignore[no-any-return]


def prompt(
    message: discord.Message,
    *,
    has_text: bool,
    instead_in: tuple[int, ...],
    restricted: bool = False,
    referral: str | None = None,
) -> str:
    """What the member sees above the select menu; `referral` leads it for a pain, injury or rehab question."""
    lines = [f"Which section answers {message.jump_url}?"]
    if referral:
        lines[:0] = [
            f"That message speaks of pain, injury or rehab. {referral}",
            "So Who this is for / not for is offered, then only the sections that say what the guide's "
            "evidence cannot settle, and the note above goes with the one you pick.",
        ]
    if restricted:
        lines.append(f"{public_in(instead_in)}, so the section you pick is shown only to you.")
    else:
        lines[0] += " The one you pick is posted as a reply to it."
    if not has_text:
        lines.append("That message has no text to match, so the sections are in reading order.")
    return "\n".join(lines)


def check_can_reply(interaction: discord.Interaction) -> None:
    """The bot can post a reply in this channel, or a `MissingPermissionError` naming what it lacks
    (a `UserError` in a locked thread, where no permission but managing threads lets it post)."""
    channel = interaction.channel
    if isinstance(channel, discord.Thread) and channel.locked and not interaction.app_permissions.manage_threads:
        raise UserError(LOCKED_THREAD.format(where=f"<#{interaction.channel_id}>"))
    missing = missing_permissions(interaction.app_permissions, reply_needs(interaction.channel, embeds=True))
    if missing:
        raise MissingPermissionError(missing, where=f"<#{interaction.channel_id}>")


async def offer_sections(
    bot: HipThrustBot, expirer: Expirer, interaction: discord.Interaction, message: discord.Message
) -> None:
    """The context menu's answer: the best sections for the message, to pick from, privately."""
    require_bot_in_server(interaction)  # the reply is the bot's own message
    if message.is_system():
        raise UserError(SYSTEM_MESSAGE)
    visibility = visibility_here(bot, await server_config(bot, interaction.guild_id), interaction, private=False)
    if visibility.public:
        check_can_reply(interaction)  # say so now, not after the member picked a section
    offered = sections_for_message(bot.content.guide, message.content, limit=OPTIONS_LIMIT)
    options = section_options(offered.sections)
    menu = AnswerSelect(message.id, expiry_stamp(bot.clock()), options=options, pain=offered.pain)
    referral = bot.content.referral_note if offered.pain else None
    text = prompt(
        message,
        has_text=bool(message.content.strip()),
        instead_in=visibility.instead_in,
        restricted=visibility.restricted,
        referral=referral,
    )
    await replies.send(interaction, ephemeral=True, content=text, view=view_of(menu))
    expirer.schedule(interaction)


def section_options(sections: list[Section]) -> list[discord.SelectOption]:
    return [discord.SelectOption(label=s.title[: limits.OPTION_TEXT], value=s.id) for s in sections]


class AnswerSelect(
    Funnelled,
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=r"ga:(?P<msg>\d{1,20}):(?P<exp>[0-9a-z]+)(?::(?P<pain>p))?",
):
    """The sections to answer one message with; the message id lives in the custom_id, and
    whether it asks about pain, injury or rehab (its text is kept nowhere)."""

    def __init__(
        self, message_id: int, expires: str, *, options: list[discord.SelectOption], pain: bool = False
    ) -> None:
        select: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=f"ga:{message_id}:{expires}{':p' if pain else ''}",
            placeholder="Pick the section that answers it",
            options=options,
        )
        super().__init__(select)
        self.message_id, self.expires, self.pain = message_id, expires, pain

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AnswerSelect:
        options = item.options if isinstance(item, discord.ui.Select) else []
        return cls(int(match["msg"]), match["exp"], options=options, pain=bool(match["pain"]))

    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        check_not_expired(self.expires, bot.clock())
        require_bot_in_server(interaction)  # removed since the menu was offered: it cannot post the reply
        guide = bot.content.guide
        data: dict[str, Any] = dict(interaction.data or {})
        values = data.get("values") or []
        section = guide.by_id.get(str(values[0])) if values else None
        if section is None:
            raise NotFoundError("That section is not in the guide any more. Run the command again.")
        messages = render_sections([section], guide_title=guide.title)
        referral = bot.content.referral_note if self.pain else None
        config = await server_config(bot, interaction.guild_id)
        visibility = visibility_here(bot, config, interaction, private=False)
        if not visibility.public:  # outside the answer channels: the menu said so, the pick is private
            await show_privately(interaction, messages, _led(referral, pointer_note(visibility.instead_in)))
            return
        channel_id, menu = interaction.channel_id, interaction.message
        assert channel_id is not None  # a component always comes from a channel
        assert menu is not None  # and from the message carrying it
        check_can_reply(interaction)
        menus = answered_menus(bot)
        answered = menus.note(menu.id)
        if answered is not None:  # picked twice before the menu gave way to the first pick's answer
            await interaction.response.send_message(answered, ephemeral=True, allowed_mentions=replies.NO_PINGS)
            return
        recent, (key, parts) = bot.recent_posts, guide_post_key([section.id])
        earlier = recent.claim(channel_id, key, parts)
        if earlier is not None:
            age = (bot.clock() - earlier.posted_at).total_seconds()
            await show_privately(interaction, messages, _led(referral, repeat_note(earlier, age)))
            return
        menus.claim(menu.id, section.title)  # no await since `note`: a pick made with this one finds it
        try:
            with recent.sending(channel_id, key):
                await interaction.response.defer()  # posting is a REST call: keep clear of the 3 s limit
                posted = await post_reply(
                    bot, interaction, messages, self.message_id, ping=config.ping_authors, referral=referral
                )
        except BaseException:
            menus.release(menu.id)
            raise
        recent.record(channel_id, key, posted.jump_url, message_id=posted.id)
        menus.posted(menu.id, section.title, posted.jump_url)
        await replies.edit_original(
            interaction, content=f"Posted **{section.title}** as a reply: {posted.jump_url}", embeds=[], view=None
        )


def _led(referral: str | None, note: str) -> str:
    return note if referral is None else f"{referral}\n{note}"


async def show_privately(interaction: discord.Interaction, messages: list[list[discord.Embed]], note: str) -> None:
    """The section in place of the menu, seen only by the member."""
    first, *rest = messages
    await interaction.response.edit_message(content=note, embeds=first, view=None, allowed_mentions=replies.NO_PINGS)
    for embeds in rest:
        await interaction.followup.send(embeds=embeds, ephemeral=True, allowed_mentions=replies.NO_PINGS)


async def post_reply(
    bot: HipThrustBot,
    interaction: discord.Interaction,
    messages: list[list[discord.Embed]],
    target_id: int,
    *,
    ping: bool,
    referral: str | None = None,
) -> discord.Message:
    """Post the section as a reply to the message (more messages follow it if it needs them),
    after the `referral` note when the message asks about pain, injury or rehab."""
    channel_id, guild_id = interaction.channel_id, interaction.guild_id
    assert channel_id is not None
    channel = bot.get_partial_messageable(channel_id, guild_id=guild_id)
    reference = discord.MessageReference(message_id=target_id, channel_id=channel_id, guild_id=guild_id)
    # The member who picked is named (as Discord names who ran a command); only the author of the
    # question may be pinged, and only when the server chose that.
    mentions = discord.AllowedMentions(everyone=False, users=False, roles=False, replied_user=ping)
    first, *rest = messages
    try:
        posted = await channel.send(
            content=_led(referral, f"Picked by <@{interaction.user.id}> from the guide:"),
            embeds=first,
            reference=reference,
            allowed_mentions=mentions,
        )
        for embeds in rest:
            await channel.send(embeds=embeds, allowed_mentions=replies.NO_PINGS)
    except discord.HTTPException as error:
        explained = _explained(error, channel_id, reply_needs(interaction.channel, embeds=True))
        if explained is None:
            raise
        raise explained from error
    return posted


def _explained(error: discord.HTTPException, channel_id: int, needs: tuple[str, ...]) -> UserError | None:
    # Discord refuses a reply to a deleted message as an invalid form body naming message_reference.
    if error.code == UNKNOWN_MESSAGE or (error.code == INVALID_FORM_BODY and "message_reference" in error.text):
        return UserError(TARGET_GONE)
    if error.code in (MISSING_ACCESS, MISSING_PERMISSIONS):
        return discord_refused(f"<#{channel_id}>", needs)
    if error.code in (THREAD_ARCHIVED, THREAD_LOCKED):  # locked after the menu was offered
        return UserError(LOCKED_THREAD.format(where=f"<#{channel_id}>"))
    return None
