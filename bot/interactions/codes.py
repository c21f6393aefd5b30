"""Discord's JSON error codes that the bot answers by (`discord.HTTPException.code`). Pure: one
place for the numbers, which the features' refusals read."""

from __future__ import annotations

UNKNOWN_CHANNEL = 10003
UNKNOWN_MESSAGE = 10008
MAX_PINS = 30003
MISSING_ACCESS = 50001
CANNOT_DM = 50007  # "Cannot send messages to this user" (DMs closed, or no shared server)
MISSING_PERMISSIONS = 50013
INVALID_FORM_BODY = 50035
THREAD_ARCHIVED = 50083  # nothing changes in an archived thread; a post in one closed and locked is refused so
THREAD_LOCKED = 160005


def discord_side(status: int) -> bool:
    """An HTTP status that is Discord's trouble, not the request's: a 429 still there after
    discord.py's own waits (or Cloudflare's, which it does not wait out), or a 5xx (discord.py
    retries 500, 502, 504 and 524 four times, over 25 s, and raises a 503 at once)."""
    return status == 429 or status >= 500
