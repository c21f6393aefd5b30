"""Interaction payloads as Discord builds them: the invoker, the place, the permissions.

Options are checked against the stored command schema the way Discord's client checks
them (required, choices, min/max, lengths, channel types; `bot.sandbox.option_values`), so a
test cannot send what a real user could not -- unless it asks for `checked=False`, to send a
payload as a modified client or a replayed request could (a bot must check its input again in code).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.sandbox import perms
from bot.sandbox.core import Core
from bot.sandbox.ledger import InteractionRecord
from bot.sandbox.model import Channel, Message, User
from bot.sandbox.payloads import (
    channel_json,
    member_json,
    message_json,
    user_json,
)

Json = dict[str, Any]
SUBCOMMAND, GROUP, STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE = 1, 2, 3, 4, 5, 6, 7, 8
NUMBER, ATTACHMENT = 10, 11


class InvocationError(Exception):
    """Something a real Discord client would not let the user send."""


def _context(core: Core, channel: Channel) -> tuple[int, Json]:
    """Interaction context and authorizing owners for a guild install of the bot."""
    if channel.guild_id is not None:
        return 0, {"0": str(channel.guild_id)}
    return 1, {"0": "0"}


def base_payload(core: Core, kind: int, user: User, channel: Channel, data: Json | None,
                 message: Message | None = None) -> Json:
    """The envelope every interaction shares."""
    world = core.world
    context, owners = _context(core, channel)
    user_perms = world.permissions(user.id, channel.id)
    payload: Json = {
        "id": str(world.ids.next()), "application_id": str(core.application_id), "type": kind,
        "token": core.ledger.new_token(), "version": 1, "channel_id": str(channel.id),
        "channel": channel_json(world, channel, permissions=user_perms),
        "app_permissions": str(world.app_permissions(core.bot_user_id, channel.id)),
        "locale": "en-US", "entitlements": [], "entitlement_sku_ids": [],
        "authorizing_integration_owners": owners, "context": context,
        "attachment_size_limit": core.attachment_size_limit,
    }
    if data is not None:
        payload["data"] = data
    if channel.guild_id is not None:
        guild = world.guilds[channel.guild_id]
        payload.update(guild_id=str(guild.id), guild_locale="en-US",
                       guild={"id": str(guild.id), "locale": "en-US", "features": []})
        payload["member"] = member_json(world, guild.members[user.id], permissions=user_perms)
    else:
        payload["user"] = user_json(user)
    if message is not None:
        payload["message"] = message_json(world, message, core.files_base)
    return payload


def register(core: Core, payload: Json, user: User, channel: Channel,
             source: Message | None = None) -> InteractionRecord:
    """Record an interaction in the ledger before it is delivered."""
    record = InteractionRecord(
        id=int(payload["id"]), token=payload["token"], type=payload["type"],
        created_at=core.world.clock(), payload=payload, channel_id=channel.id, user_id=user.id,
        source_message_id=None if source is None else source.id)
    core.ledger.add(record)
    return record


def command_words(command: str) -> list[str]:
    """"hipthrust guide" (a leading / allowed) as its words; a blank name is refused, as
    Discord's client offers nothing to send for a bare /."""
    words = command.lstrip("/").split()
    if not words:
        raise InvocationError("no command after /: name one, e.g. /ping")
    return words


def visible_command(core: Core, name: str, user: User, channel: Channel, kind: int = 1) -> Json:
    """The command (of `kind`: 1 slash, 3 message menu) as this user sees it here, or
    InvocationError as the client hides it."""
    command = core.find_command(name, channel.guild_id, kind)
    if command is None:
        if kind == 3:
            scopes = (channel.guild_id, None) if channel.guild_id is not None else (None,)
            menus = sorted({c["name"] for scope in scopes for c in core.commands.get(scope, [])
                            if c.get("type") == 3})
            raise InvocationError(f"no message menu {name!r}; menus: {', '.join(map(repr, menus)) or 'none'}")
        raise InvocationError(f"no command /{name} is registered where {user.username} is")
    contexts = command.get("contexts")
    context = 0 if channel.guild_id is not None else 1
    if (contexts is not None and context not in contexts) or (
        context == 1 and not command.get("dm_permission", True) and contexts is None
    ):
        raise InvocationError(f"/{name} cannot be used here")
    needed = command.get("default_member_permissions")
    if channel.guild_id is not None and needed is not None:
        have = core.world.permissions(user.id, channel.id)
        if int(needed) & ~have or (int(needed) == 0 and have != perms.ALL):
            raise InvocationError(f"{user.username} cannot see /{name} (permissions)")
    return command


def walk(command: Json, path: list[str]) -> tuple[list[Json], list[Json]]:
    """Follow subcommand groups/subcommands; returns (the nesting chain, the leaf options)."""
    chain: list[Json] = []
    options = command.get("options") or []
    for word in path:
        found = next((o for o in options if o["name"] == word and o["type"] in (1, 2)), None)
        if found is None:
            raise InvocationError(f"/{command['name']} has no subcommand {word!r}")
        chain.append(found)
        options = found.get("options") or []
    if any(o["type"] in (1, 2) for o in options):
        names = ", ".join(o["name"] for o in options)
        raise InvocationError(f"/{' '.join([command['name'], *path])} needs a subcommand: {names}")
    return chain, options


@dataclass(frozen=True)
class SlashCommand:
    """A slash command as a user sees it in a channel: schema, subcommands walked, their last's options."""

    words: list[str]
    spec: Json
    chain: list[Json]
    leaf: list[Json]


def slash_command(core: Core, command: str, user: User, channel: Channel) -> SlashCommand:
    """`command` ("name sub") as `user` sees it in `channel`, or InvocationError as the client refuses it."""
    words = command_words(command)
    spec = visible_command(core, words[0], user, channel)
    chain, leaf = walk(spec, words[1:])
    return SlashCommand(words, spec, chain, leaf)


def nest(chain: list[Json], leaf_options: list[Json]) -> list[Json]:
    """Wrap leaf options in their subcommand (and group), as Discord nests them."""
    options = leaf_options
    for spec in reversed(chain):
        options = [{"name": spec["name"], "type": spec["type"], "options": options}]
    return options


def message_command_data(core: Core, name: str, target: Message, user: User) -> Json:
    """The `data` of a message context-menu command used on `target`: the target travels in
    `resolved.messages` with its content (Discord's exception to the message-content rule). A
    message's menu is opened on the message: one the user cannot see offers no menu at all."""
    channel = core.world.channels[target.channel_id]
    outsider = channel.guild_id is None and user.id != channel.recipient_id  # someone else's DM
    if target.ephemeral or outsider:
        raise InvocationError(f"{user.username} cannot see that message")
    if not core.world.permissions(user.id, channel.id) & perms.VIEW_CHANNEL:
        raise InvocationError(f"{user.username} cannot see #{channel.name}")
    spec = visible_command(core, name, user, channel, kind=3)
    data: Json = {"id": spec["id"], "name": spec["name"], "type": 3, "target_id": str(target.id),
                  "resolved": {"messages": {str(target.id): message_json(core.world, target,
                                                                         core.files_base)}}}
    if "guild_id" in spec:
        data["guild_id"] = spec["guild_id"]
    return data
