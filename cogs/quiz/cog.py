"""The fit quiz: `/fitquiz` (anyone) and `/quizstats` (moderators).

The quiz runs in one ephemeral message edited in place. Its state lives in the buttons'
custom_ids (see `cogs.quiz.views`), so this cog keeps nothing per user in memory; the engine in
`bot.quiz.engine` decides every move, and each completed verdict is stored through `store.quiz`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.config.text import public_in
from bot.errors import UserError
from bot.interactions import replies
from bot.interactions.contexts import EVERYWHERE, SERVERS_ONLY, allowed_in
from bot.interactions.presence import bot_in_server
from bot.quiz.engine import (
    Quiz,
    QuizError,
    QuizOutdatedError,
    QuizState,
    answer,
    back,
    decode,
    is_complete,
    restart,
    share_summary,
    verdict,
)
from cogs.guide.posting import answer_visibility, message_link
from cogs.quiz.views import (
    BACK,
    COG_NAME,
    RESTART,
    SHARE,
    SHARE_ANSWERS,
    QuizButton,
    question_message,
    result_message,
    shared_already,
    stats_embed,
)

log = logging.getLogger(__name__)

OUTDATED = "This quiz was updated since you started it — start again."
STALE_BUTTON = "This quiz button is no longer valid. Run /fitquiz to start again."
NOT_COUNTED = (
    "I am not a member of this server, so a fit quiz taken here is kept without the server's id and "
    "no verdict is counted for it. A server admin can add the bot again with the invite link (scopes "
    "`bot` and `applications.commands`)."
)


def share_pointer(channel_ids: Sequence[int]) -> str:
    """Where a verdict can be shared, when not in this channel (nowhere, once the last answer
    channel was deleted)."""
    if not channel_ids:
        return f"{public_in(channel_ids)}, so a verdict cannot be shared on this server now."
    return f"{public_in(channel_ids)}: take /fitquiz there to share your verdict."


class QuizCog(commands.Cog, name=COG_NAME):
    """Runs the fit quiz and reports its verdict counts."""

    def __init__(self, bot: HipThrustBot, quiz: Quiz) -> None:
        self.bot = bot
        self.quiz = quiz

    @app_commands.command(
        name="fitquiz", description="A short quiz: is the hip thrust the right tool for you?"
    )
    @allowed_in(EVERYWHERE)
    async def fitquiz(self, interaction: discord.Interaction) -> None:
        embed, view = question_message(self.quiz, restart(self.quiz))
        await replies.send(interaction, ephemeral=True, embed=embed, view=view)

    @app_commands.command(name="quizstats", description="How often each fit quiz verdict was reached here")
    @allowed_in(SERVERS_ONLY)
    @app_commands.default_permissions(manage_guild=True)
    async def quizstats(self, interaction: discord.Interaction) -> None:
        if interaction.guild_id is None:
            raise UserError("This command works only in a server.")
        if not bot_in_server(interaction):  # "No one has finished the fit quiz" would be untrue
            raise UserError(NOT_COUNTED)
        counts = await self.bot.store.quiz.latest_verdict_counts(interaction.guild_id)
        await replies.send(interaction, ephemeral=True, embed=stats_embed(self.quiz, counts))

    async def handle_click(self, interaction: discord.Interaction, state_text: str, action: str) -> None:
        """Apply one button press to the state it carries, and answer it."""
        quiz = self.quiz
        if action == RESTART:
            # Restarting needs nothing from the old state, so an outdated quiz restarts quietly.
            await self._show(interaction, restart(quiz))
            return
        try:
            state = decode(state_text, quiz)
        except QuizOutdatedError:
            embed, view = question_message(quiz, restart(quiz))
            await interaction.response.edit_message(content=OUTDATED, embed=embed, view=view)
            return
        if state is None:
            raise UserError(STALE_BUTTON)
        try:
            if action == BACK:
                await self._show(interaction, back(quiz, state))
            elif action.isdigit():
                await self._show(interaction, answer(quiz, state, int(action)), record=True)
            elif action in (SHARE, SHARE_ANSWERS):
                await self._share(interaction, state, with_answers=action == SHARE_ANSWERS)
            else:
                raise UserError(STALE_BUTTON)
        except QuizError as exc:
            raise UserError(str(exc)) from exc

    async def _show(
        self, interaction: discord.Interaction, state: QuizState, *, record: bool = False
    ) -> None:
        """Edit the quiz message to show `state`; store the verdict when an answer completes it."""
        if is_complete(self.quiz, state):
            result = verdict(self.quiz, state.answers)
            if record:
                # Committed before the reply, so what the user sees is what is stored. A server the
                # bot is not in keeps no id, as one it left does (its verdicts are unlinked then).
                await self.bot.store.quiz.record(
                    interaction.user.id, interaction.guild_id, result.id, self.quiz.version, self.bot.clock(),
                    bot_member=bot_in_server(interaction),
                )
            where = await answer_visibility(self.bot, interaction, private=False)
            elsewhere = None if where.public else share_pointer(where.instead_in)
            embed, view = result_message(self.quiz, state, result, share_elsewhere=elsewhere)
        else:
            embed, view = question_message(self.quiz, state)
        await interaction.response.edit_message(content=None, embed=embed, view=view)

    async def _share(self, interaction: discord.Interaction, state: QuizState, *, with_answers: bool) -> None:
        """Post the verdict where the server allows public guide answers, once: the quiz message
        turns its Share buttons into a greyed-out "Shared" in the same response."""
        result = verdict(self.quiz, state.answers)  # InvalidMoveError until the quiz is complete
        where = await answer_visibility(self.bot, interaction, private=False)
        if not where.public:  # a message from before the server listed its answer channels
            raise UserError(share_pointer(where.instead_in))
        channel_id, key = interaction.channel_id or 0, ("quiz", interaction.user.id, result.id)
        # A member's verdict shared in a channel, for a minute: a second press (or Back, then the
        # same answers) does not post it again, unless the post was deleted meanwhile.
        shared = self.bot.recent_posts
        earlier = shared.claim(channel_id, key)
        if earlier is not None:
            raise UserError(shared_already(earlier, self.bot.clock()))
        with shared.sending(channel_id, key):
            embed, view = result_message(self.quiz, state, result, shared=True)
            await interaction.response.edit_message(embed=embed, view=view)
            text = share_summary(self.quiz, result, state if with_answers else None)
            post = await interaction.followup.send(text, allowed_mentions=replies.NO_PINGS, wait=True)
        shared.record(channel_id, key, message_link(interaction, post.id), message_id=post.id)


async def setup(bot: HipThrustBot) -> None:
    """The quiz the bot read at start-up (a broken file stops the start, naming the problem), and its buttons."""
    await bot.add_cog(QuizCog(bot, bot.content.quiz))
    bot.add_dynamic_items(QuizButton)


async def teardown(bot: HipThrustBot) -> None:
    bot.remove_dynamic_items(QuizButton)
