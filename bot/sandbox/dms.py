"""Users who closed their DMs to the bot: sending to them fails as on Discord (403, 50007).

Discord still opens the DM channel (POST /users/@me/channels succeeds); only the message is
refused. Kept apart from the REST routes so that DM features of the imitation stay separate.
"""

from __future__ import annotations

from bot.sandbox.core import ApiError, Core
from bot.sandbox.model import Channel
from bot.sandbox.snapshots import Reply, from_message

CANNOT_SEND_TO_USER = 50007


def set_dms_open(core: Core, user_id: int, *, is_open: bool) -> None:
    """Open or close a user's DMs to the bot (their privacy setting, or no shared server)."""
    if is_open:
        core.closed_dms.discard(user_id)
    else:
        core.closed_dms.add(user_id)


def check_dm_allowed(core: Core, channel: Channel) -> None:
    """Refuse a bot message into the DM of a user who closed theirs, as Discord does."""
    if channel.type == 1 and channel.recipient_id in core.closed_dms:
        raise ApiError(403, CANNOT_SEND_TO_USER, "Cannot send messages to this user")


def dm_messages(core: Core, user_id: int) -> list[Reply]:
    """What the user's DM channel with the bot shows, oldest first (the bot's DMs, and replies)."""
    channel = core.world.dm_channel(user_id)
    return [from_message(core, message) for message in core.world.channel_messages(channel.id)]
