"""What the cog tests driven by /log share: fresh interactions and a /log through the real LogCog."""

from __future__ import annotations

import itertools
from typing import Any

from bot.client import HipThrustBot
from tests.fakes import FakeInteraction

_ids = itertools.count(50_000)


def interaction(bot: HipThrustBot, user: int = 1, **kwargs: Any) -> FakeInteraction:
    """A new interaction of `user` with `bot` (a slash command unless `type` says otherwise)."""
    return FakeInteraction(id=next(_ids), user_id=user, client=bot, **kwargs)


async def log(env: tuple[Any, ...], user: int = 1, **options: Any) -> FakeInteraction:
    """/log 100 kg × 10 (unless `options` say otherwise) through the env's LogCog (its fourth item)."""
    bot, cog = env[0], env[3]
    i = interaction(bot, user)
    await cog.log.callback(cog, i, **{"weight": 100.0, "reps": 10, **options})
    return i
