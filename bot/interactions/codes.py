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
