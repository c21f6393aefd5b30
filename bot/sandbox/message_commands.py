"""Message context-menu commands (a message's "Apps" menu), delivered as Discord delivers them.

    reply = await message_command(driver, "Answer with the guide", question, user="moderator")

The interaction is an application command (type 2) whose data is the command (type 3, MESSAGE),
`target_id` the message's id and `resolved.messages` the message itself. Its content is there
even for a bot without the message content intent: Discord's gateway documentation lists "the
message a message context menu command is used on" among the intent's exceptions. Who may see
the command follows the same rules as slash commands (contexts, default member permissions);
the user must be able to see the message.
"""

from __future__ import annotations

from typing import Any

from bot.sandbox import perms
from bot.sandbox.core import Core
from bot.sandbox.driver import Driver, InvocationError
from bot.sandbox.model import Channel, Message, User
from bot.sandbox.payloads import message_json
from bot.sandbox.snapshots import Reply

Json = dict[str, Any]
MESSAGE = 3  # the application command type of a message context-menu command


def find_message_command(core: Core, name: str, guild_id: int | None) -> Json | None:
    """The message command a user in this place would see: guild commands first, then global."""
    for scope in ([guild_id, None] if guild_id is not None else [None]):
        for command in core.commands.get(scope, []):
            if command["name"] == name and command.get("type") == MESSAGE:
                return command
    return None


def visible_message_command(core: Core, name: str, user: User, channel: Channel) -> Json:
    """The command as this user sees it on a message here, or InvocationError as the client hides it."""
    command = find_message_command(core, name, channel.guild_id)
    if command is None:
        raise InvocationError(f"no message command {name!r} is registered where {user.username} is")
    contexts = command.get("contexts")
    context = 0 if channel.guild_id is not None else 1
    if contexts is not None and context not in contexts:
        raise InvocationError(f"{name!r} cannot be used here")
    needed = command.get("default_member_permissions")
    if channel.guild_id is not None and needed is not None:
        have = core.world.permissions(user.id, channel.id)
        if int(needed) & ~have or (int(needed) == 0 and have != perms.ALL):
            raise InvocationError(f"{user.username} cannot see {name!r} (permissions)")
    return command


def command_data(core: Core, command: Json, message: Message) -> Json:
    """The interaction's `data`: the command, its target, and the target resolved in full."""
    data: Json = {
        "id": command["id"], "name": command["name"], "type": MESSAGE, "target_id": str(message.id),
        "resolved": {"messages": {str(message.id): message_json(core.world, message, core.files_base)}},
    }
    if "guild_id" in command:
        data["guild_id"] = command["guild_id"]
    return data


async def message_command(driver: Driver, name: str, target: Reply | int, *,
                          user: str | User | None = None) -> Reply:
    """Run the message command `name` on a message (a Reply or its id) and return the answer."""
    message_id = target if isinstance(target, int) else target.message_id
    message = driver.world.messages.get(message_id or 0)
    if message is None or message.ephemeral:
        raise InvocationError("that message is gone (or only its recipient can see it)")
    invoker = driver.user(user)
    place = driver.world.channels[message.channel_id]
    if not driver.world.permissions(invoker.id, place.id) & perms.VIEW_CHANNEL:
        raise InvocationError(f"{invoker.username} cannot see #{place.name}")
    data = command_data(driver.core, visible_message_command(driver.core, name, invoker, place), message)
    return await driver.answer(driver.send(2, invoker, place, data), f"message command {name!r}")
