"""The first answer to an interaction, posted without asking Discord for the message it makes.

discord.py (2.5 and later) posts every interaction response with `with_response=1`, so Discord
sends back the message it created, and discord.py parses it (embeds, menus, every option) into an
`InteractionMessage`. `replies.send` seldom needs it. Without the query Discord answers
204 No Content and there is nothing to parse: a `/log` answer cost about a sixth less of the bot's
CPU, a `/history` page about a seventh (the benchmark's capacity phase, three A/B rounds).

A caller that needs the message's id (a shared /log keeps where it was posted) asks with
`with_id`: the query is sent, and only the id is read from the answer (no `InteractionMessage` is built).

This is `InteractionResponse.send_message` less its result, so it leans on discord.py's own
request plumbing (`async_context`, `interaction_message_response_params`), pinned in
requirements.lock; the end-to-end tests send every command through it, and the cog tests' fake
interactions take its request as Discord would (tests/fake_webhook.py).
"""

from __future__ import annotations

from typing import Any

import discord
from discord.http import Route
from discord.utils import MISSING
from discord.webhook.async_ import async_context, interaction_message_response_params

from bot.interactions import admission

# What `answer` posts itself; anything else (files, delete_after, poll, …) goes to send_message.
# The bot's files follow a defer (charts, exports), so they are never a first answer.
_KEYWORDS = frozenset({"content", "embed", "embeds", "view", "allowed_mentions"})
_CALLBACK = "/interactions/{webhook_id}/{webhook_token}/callback"


async def answer(
    interaction: discord.Interaction, *, ephemeral: bool, with_id: bool = False, **kwargs: Any
) -> int | None:
    """Respond with a message (type 4), as `interaction.response.send_message` would; with
    `with_id`, return the id of the message it made (None when Discord did not say), read from
    Discord's answer without parsing the message (a shared /log keeps where it was posted).

    A view that is still running goes to send_message, which keeps it by the message's id: the
    bot's views are stopped before they are sent (their items are dynamic), so this is rare.

    The command's admission slot is freed as the answer leaves (`admission.answering`)."""
    response = interaction.response
    view = kwargs.get("view")
    if not _KEYWORDS.issuperset(kwargs) or (view is not None and not view.is_finished()):
        admission.answering(interaction)
        callback = await response.send_message(ephemeral=ephemeral, **kwargs)
        return callback.message_id if with_id else None
    if response.is_done():
        raise discord.InteractionResponded(interaction)
    admission.answering(interaction)
    state = interaction._state
    params = interaction_message_response_params(
        type=discord.InteractionResponseType.channel_message.value,
        flags=discord.MessageFlags(ephemeral=True) if ephemeral else MISSING,  # fresh: the params set more on it
        previous_allowed_mentions=state.allowed_mentions,
        **kwargs,
    )
    route = Route("POST", _CALLBACK, webhook_id=interaction.id, webhook_token=interaction.token)
    data = await async_context.get().request(
        route,
        interaction._session,
        payload=params.payload,
        proxy=state.http.proxy,
        proxy_auth=state.http.proxy_auth,
        params={"with_response": "1"} if with_id else None,
    )
    response._response_type = discord.InteractionResponseType.channel_message
    if not with_id or not isinstance(data, dict):
        return None
    message_id = (data.get("interaction") or {}).get("response_message_id")
    return int(message_id) if message_id else None
