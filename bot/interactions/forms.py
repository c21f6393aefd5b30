"""What a submitted form (a modal) carries: its text fields by custom_id.

A form the bot answers by its custom_id (an `on_interaction` listener), not by a `discord.ui.Modal`
kept in memory, is answered however late it is sent and after a restart: discord.py forgets a kept
form when it times out and when the process ends, and its submit then goes unanswered.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterator, Mapping
from typing import Any

import discord

from bot.interactions.buttons import answering_live
from bot.interactions.tree import answer_error

FormAnswer = Callable[[discord.Interaction, re.Match[str]], Awaitable[None]]


async def answer_form(
    interaction: discord.Interaction, custom_id: re.Pattern[str], answer: FormAnswer, name: str
) -> None:
    """For an `on_interaction` listener: a submitted form whose custom_id `custom_id` matches goes to
    `answer`, with the match; its errors go to the funnel. Anything else is left alone. The answer runs
    in a task named like discord.py's own component tasks (`discord-ui-<name>-<id>`), so that a shutdown
    lets it finish (HipThrustBot.close)."""
    if interaction.type is not discord.InteractionType.modal_submit:
        return
    data: dict[str, Any] = dict(interaction.data or {})
    match = custom_id.fullmatch(str(data.get("custom_id", "")))
    if match is not None:
        await asyncio.create_task(_funnelled(interaction, answer, match), name=f"discord-ui-{name}-{interaction.id}")


async def _funnelled(interaction: discord.Interaction, answer: FormAnswer, match: re.Match[str]) -> None:
    try:
        # A form opened by a button answers on that button's message, as a press does: an expired
        # press there meanwhile leaves the message to it (`Funnelled.callback`). An answer refuses
        # an expired form before its first await.
        with answering_live(interaction):
            await answer(interaction, match)
    except Exception as error:
        await answer_error(interaction, error)


def form_values(data: Mapping[str, Any]) -> dict[str, str]:
    """The submit's text fields by custom_id (a field left empty reads as "")."""
    return {str(c.get("custom_id")): str(c.get("value") or "") for c in _inputs(data.get("components") or [])}


def _inputs(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The text inputs of a submitted form, whether Discord wrapped them in labels or rows."""
    for top in components:
        if "component" in top:
            yield top["component"]
        yield from top.get("components") or []
