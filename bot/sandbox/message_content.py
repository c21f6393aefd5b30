"""What a bot gets of a message: Discord's mention lists, and its content rule without the intent.

Without the privileged message-content intent (and its switch in the Developer Portal, for
REST), Discord empties `content`, `embeds`, `attachments`, `components` and `poll` of every
message, except: messages the app sends, DMs with the app, messages that mention the app
(its user: a role mention is not the app), and the target message of a message context-menu
command. A reply that pings the app's author counts as a mention: the app is then in the
message's `mentions`. (Discord's gateway docs, "Message Content Intent", and "You might not
need a privileged intent".)
"""

from __future__ import annotations

from typing import Any

from bot.sandbox.core import Core
from bot.sandbox.mentions import pings
from bot.sandbox.model import Message, World

Json = dict[str, Any]
#: The message fields that hold what a user wrote (emptied for a bot without the intent).
CONTENT_FIELDS: Json = {"content": "", "embeds": [], "attachments": [], "components": []}


def mention_fields(world: World, content: str, *, allowed_mentions: Json | None = None,
                   replied_to: Message | None = None, ping_replied: bool = True) -> Json:
    """`mention_ids`, `mention_role_ids` and `mention_everyone` for a new message, as Discord
    fills its mention lists: what the content pings (under `allowed_mentions`, for an app), and
    the author of the message replied to when the reply pings them."""
    found = pings(content, allowed_mentions)
    users = [u for u in sorted(found.users) if u in world.users]
    if replied_to is not None and ping_replied and replied_to.author_id not in users:
        users.append(replied_to.author_id)
    roles = [r for r in sorted(found.roles) if any(r in g.roles for g in world.guilds.values())]
    return {"mention_ids": users, "mention_role_ids": roles, "mention_everyone": found.everyone}


def sees_content(core: Core, message: Message, *, privileged: bool) -> bool:
    """Whether the bot gets what `message` says (see the module docstring)."""
    channel = core.world.channels.get(message.channel_id)
    return (privileged or message.author_id == core.bot_user_id or channel is None
            or channel.guild_id is None or core.bot_user_id in message.mention_ids)


def as_the_bot_sees(core: Core, message: Message, body: Json, *, privileged: bool) -> Json:
    """A message payload with what the bot may not read emptied."""
    if sees_content(core, message, privileged=privileged):
        return body
    hidden = {**body, **CONTENT_FIELDS}
    hidden.pop("poll", None)
    return hidden
