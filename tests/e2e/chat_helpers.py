"""What the chat log's end-to-end tests share: the bot's replies as a lifter sees them, and what they pinged."""

from __future__ import annotations

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.mentions import message_body, request_pings
from bot.sandbox.snapshots import Reply, from_message
from tests.e2e.logbook_helpers import entry_rows

POINTER = "Your target for next time: `/nudge` (only you see it)."
BUTTON_LIFETIME = 14 * 60


def bot_messages(driver: Driver) -> list[Reply]:
    """Every message the bot posted by itself (not answering an interaction), anywhere."""
    world = driver.world
    return [from_message(driver.core, m) for m in sorted(world.messages.values(), key=lambda m: m.id)
            if m.author_id == driver.core.bot_user_id and m.interaction is None]


def posted_pings_nobody(driver: Driver) -> None:
    """The bot's channel posts ping nobody: no mention parsed, and no ping of the author replied to."""
    posts = [r for r in driver.core.requests if r.method == "POST" and r.path.endswith("/messages")]
    assert posts
    for request in posts:
        pings = request_pings(request)
        assert pings is not None
        assert pings.nobody
        body = message_body(request) or {}
        assert (body.get("allowed_mentions") or {}).get("replied_user") is False
    for reply in bot_messages(driver):
        assert driver.world.messages[reply.message_id or 0].mention_ids == []


async def stored(bot: HipThrustBot, driver: Driver, user: str = "member") -> list[tuple[float, int, int]]:
    """The user's entries as (weight, sets, reps), oldest first."""
    return [(r["weight"], r["sets"], r["reps"]) for r in await entry_rows(bot, driver.user(user).id)]
