"""How long the bot waits out Discord's rate limits before it gives up: `MAX_RATELIMIT_WAIT`, on every route.

discord.py sleeps out a 429's `retry_after` holding the route's slot, and the command waits silently
meanwhile. The client's own routes (channels, DMs, pins) take a cap, `Client(max_ratelimit_timeout=)`,
past which discord.py raises `discord.RateLimited` (a global limit too) instead of sleeping. Its
webhook routes (every interaction's answer, followup and edit, `AsyncWebhookAdapter.request`) have
none: a long wait there would outlast the interaction's 15-minute token. `CappedWebhooks` gives
them the same cap. `RateLimited` is not an `HTTPException`: where the bot lets a refusal of Discord's
go, it lets that go too (`UNSERVED`), and the error funnel answers it as it answers a 429.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord.http import json_or_text
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

log = logging.getLogger(__name__)

# 30 s: Discord's route limits reset within seconds (5 messages per 5 s in a channel), so a longer
# wait means a limit the bot cannot outwait for a user looking at "thinking…" (who gives up long
# before); and buttons are greyed out a minute before their token expires (`expirer.BUTTON_LIFETIME`),
# which a 30 s wait still fits in. It is also the least discord.py allows for its own routes.
MAX_RATELIMIT_WAIT = 30.0
# What discord.py raises when Discord did not do what the bot asked: its refusals, and a rate limit
# longer than the bot waits.
UNSERVED = (discord.HTTPException, discord.RateLimited)


class CappedWebhooks(AsyncWebhookAdapter):
    """discord.py's webhook requests, refusing a 429 that asks for a wait over `MAX_RATELIMIT_WAIT`
    with `discord.RateLimited`, as its client's routes do, instead of sleeping it out."""

    async def request(self, route: Any, session: Any, **kwargs: Any) -> Any:
        # The session is only asked for `request(...)`, an async context manager giving the answer.
        return await super().request(route, _Capped(session, route.webhook_id), **kwargs)  # type: ignore[arg-type]


def cap_webhooks() -> None:
    """Use `CappedWebhooks` for the webhook requests of this task and of the tasks it starts after
    (discord.py reads its adapter from a context variable)."""
    async_context.set(CappedWebhooks())


class _Capped:
    """The HTTP session, its answers read before discord.py's: one with too long a rate limit raises."""

    def __init__(self, session: Any, webhook_id: object) -> None:
        self._session = session
        self._webhook_id = webhook_id

    def request(self, method: str, url: str, **kwargs: Any) -> _Checked:
        return _Checked(self._session.request(method, url, **kwargs), self._webhook_id)


class _Checked:
    def __init__(self, request: Any, webhook_id: object) -> None:
        self._request = request
        self._webhook_id = webhook_id  # its URL carries the interaction's token: not logged

    async def __aenter__(self) -> Any:
        response = await self._request.__aenter__()
        # Discord's own 429 only (through its front end, `Via`): discord.py raises Cloudflare's at once.
        if response.status == 429 and response.headers.get("Via"):
            data = await json_or_text(response)  # the body stays read for discord.py
            retry_after = data.get("retry_after") if isinstance(data, dict) else None
            if isinstance(retry_after, int | float) and retry_after > MAX_RATELIMIT_WAIT:
                await self._request.__aexit__(None, None, None)
                log.warning("Webhook ID %s is rate limited for %.2f s: not waited", self._webhook_id, retry_after)
                raise discord.RateLimited(retry_after)
        return response

    async def __aexit__(self, *exc: object) -> Any:
        return await self._request.__aexit__(*exc)
