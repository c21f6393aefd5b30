"""What /fitquiz shows: question and result embeds, and the buttons that carry the quiz state.

Every button is a `QuizButton` (a `DynamicItem`): its custom_id holds the encoded quiz state and
the action, so a click works after the bot restarted, with nothing kept in memory. `cogs.quiz`
registers the button.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Protocol, cast

import discord
from discord.ext import commands

from bot import errors
from bot.guide.model import Source
from bot.guide.recent_posts import EarlierPost
from bot.interactions.buttons import Funnelled, view_of
from bot.interactions.counts import counted
from bot.quiz.engine import Quiz, QuizState, Verdict, current_question, encode, format_quote, progress

COG_NAME = "Quiz"
PREFIX = "fq:"
# Lenient on purpose: a state from another quiz version (or a mangled one) must still reach the
# callback, which answers it, rather than being dropped without a word.
TEMPLATE = re.compile(PREFIX + r"(?P<state>[0-9a-z.]{1,40}):(?P<action>[0-9a-z])")
BACK, RESTART, SHARE, SHARE_ANSWERS = "b", "r", "s", "a"
ANSWER_ROW, NAV_ROW = 0, 1
EMBED_COLOUR = discord.Colour.teal()
FOOTER = "Every quote is from the hip thrust guide."


class ClickHandler(Protocol):
    """The cog's side of a click (kept as a protocol so this module needs no cog import)."""

    async def handle_click(self, interaction: discord.Interaction, state: str, action: str) -> None: ...


class QuizButton(Funnelled, discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """A quiz button; `state` is the encoded quiz state, `action` an answer index or a letter.

    No expiry stamp, unlike other buttons: the quiz message is ephemeral, each click brings a fresh
    interaction token, and the version in the state already turns away clicks on a changed quiz.
    """

    def __init__(
        self,
        state: str,
        action: str,
        *,
        label: str = "…",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        row: int | None = None,
        disabled: bool = False,
    ) -> None:
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=label, style=style, custom_id=f"{PREFIX}{state}:{action}", disabled=disabled
        )
        super().__init__(button, row=row)
        self.state = state
        self.action = action

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> QuizButton:
        # discord.py drops the click silently if this raises, so it only copies the text out.
        return cls(match["state"], match["action"])

    async def handle(self, interaction: discord.Interaction) -> None:
        client = interaction.client
        handler = client.get_cog(COG_NAME) if isinstance(client, commands.Bot) else None
        if handler is None:
            raise errors.UserError("The quiz is not available right now. Please try again later.")
        await cast(ClickHandler, handler).handle_click(interaction, self.state, self.action)


def question_message(quiz: Quiz, state: QuizState) -> tuple[discord.Embed, discord.ui.View]:
    """The embed and buttons for the current question: one button per answer, then Back."""
    question = current_question(quiz, state)
    number, fewest, most = progress(quiz, state)
    total = str(most) if fewest == most else f"up to {most}"  # an answer can end the quiz sooner
    embed = discord.Embed(title=f"Question {number} of {total}", description=question.text, colour=EMBED_COLOUR)
    embed.set_footer(text="Fit quiz · is the hip thrust the right tool for you?")
    code = encode(state)
    answers = (QuizButton(code, str(index), label=answer.label, style=discord.ButtonStyle.primary, row=ANSWER_ROW)
               for index, answer in enumerate(question.answers))
    return embed, view_of(*answers, QuizButton(code, BACK, label="Back", row=NAV_ROW, disabled=not state.answers))


def result_message(
    quiz: Quiz, state: QuizState, result: Verdict, *, shared: bool = False, share_elsewhere: str | None = None
) -> tuple[discord.Embed, discord.ui.View]:
    """The verdict with its reasons, pairing and starting point; Back, Restart and Share (once
    `shared`, one greyed-out "Shared" in place of both Share buttons). Where the server allows no
    public guide answer, no Share button: `share_elsewhere` says where to share instead."""
    lines = ["**Why, in the guide's words**", *(f"• {format_quote(quiz, q)}" for q in result.reasons)]
    if result.note:
        lines = [result.note, "", *lines]
    if share_elsewhere:
        lines += ["", share_elsewhere]
    embed = discord.Embed(title=result.title, description="\n".join(lines), colour=EMBED_COLOUR)
    if result.pair_with:
        embed.add_field(name="Pair it with", value=_quotes(quiz, result.pair_with), inline=False)
    if result.prescription:
        embed.add_field(name="A starting point", value=_quotes(quiz, result.prescription), inline=False)
    embed.set_footer(text=FOOTER)
    code = encode(state)
    navigation = (
        QuizButton(code, BACK, label="Back", row=NAV_ROW),
        QuizButton(code, RESTART, label="Restart", row=NAV_ROW),
    )
    if shared:
        return embed, view_of(*navigation, QuizButton(code, SHARE, label="Shared", row=NAV_ROW, disabled=True))
    if share_elsewhere:
        return embed, view_of(*navigation)
    return embed, view_of(
        *navigation,
        QuizButton(code, SHARE, label="Share", style=discord.ButtonStyle.success, row=NAV_ROW),
        QuizButton(code, SHARE_ANSWERS, label="Share with my answers", row=NAV_ROW),
    )


def shared_already(earlier: EarlierPost, now: datetime) -> str:
    """Share pressed again within a minute of sharing the same verdict in the same channel."""
    if earlier.jump_url is None:
        return "Your verdict is being shared here right now."
    seconds = max(1, round((now - earlier.posted_at).total_seconds()))
    return f"You shared this verdict here {seconds} s ago: {earlier.jump_url}"


def stats_embed(quiz: Quiz, counts: dict[str, int]) -> discord.Embed:
    """Counts of each verdict (members' latest in this server); no one is named."""
    embed = discord.Embed(title="Fit quiz verdicts in this server", colour=EMBED_COLOUR)
    if not counts:
        embed.description = "No one has finished the fit quiz in this server yet."
        return embed
    lines = []
    for verdict_id, count in counts.items():
        spec = quiz.verdicts.get(verdict_id)
        # A verdict removed from the data since keeps its id, so old results still count.
        name = spec.title if spec else f"{verdict_id} (no longer in the quiz)"
        lines.append(f"**{count}** · {name}")
    embed.description = "\n".join(lines)
    embed.set_footer(text=f"Each member's latest verdict taken here · {counted(sum(counts.values()), 'member')}")
    return embed


def _quotes(quiz: Quiz, quotes: tuple[Source, ...]) -> str:
    return "\n".join(format_quote(quiz, q) for q in quotes)
