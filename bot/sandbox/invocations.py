"""Interaction payloads as Discord builds them: the invoker, the place, the permissions.

Options are checked against the stored command schema the way Discord's client checks
them (required, choices, min/max, lengths, channel types), so a test cannot send what a
real user could not -- unless it asks for `checked=False`, to send a payload as a modified
client or a replayed request could (a bot must check its input again in code).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.sandbox import perms
from bot.sandbox.core import Core
from bot.sandbox.ledger import InteractionRecord
from bot.sandbox.model import Channel, Message, StoredFile, User
from bot.sandbox.payloads import (
    attachment_json,
    channel_json,
    member_json,
    message_json,
    role_json,
    user_json,
)

Json = dict[str, Any]
SUBCOMMAND, GROUP, STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE = 1, 2, 3, 4, 5, 6, 7, 8
NUMBER, ATTACHMENT = 10, 11


class InvocationError(Exception):
    """Something a real Discord client would not let the user send."""


@dataclass
class FileUpload:
    """A file a user attaches to a command option."""

    filename: str
    data: bytes
    content_type: str | None = None


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
        "app_permissions": str(world.permissions(core.bot_user_id, channel.id)),
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


def convert(core: Core, spec: Json, value: Any, invoker: User, place: Channel,
            resolved: Json, *, focused: bool = False, checked: bool = True) -> Any:
    """One option value as Discord sends it, adding resolved objects.

    With `checked=False` the value keeps its type but skips the limits (choices, min/max,
    lengths) that Discord's client enforces.
    """
    kind, name = spec["type"], spec["name"]
    if focused:
        return str(value)
    choices = spec.get("choices") or []
    if choices:
        by_name = {c["name"]: c["value"] for c in choices}
        value = by_name.get(value, value)
    if kind in (INTEGER, NUMBER):
        try:
            value = int(value) if kind == INTEGER else float(value)
        except (TypeError, ValueError) as exc:
            raise InvocationError(f"{name}: {value!r} is not a number") from exc
        if not checked:
            return value
        if "min_value" in spec and value < spec["min_value"]:
            raise InvocationError(f"{name}: must be at least {spec['min_value']}")
        if "max_value" in spec and value > spec["max_value"]:
            raise InvocationError(f"{name}: must be at most {spec['max_value']}")
    elif kind == STRING:
        value = str(value)
        if checked and not spec.get("min_length", 0) <= len(value) <= spec.get("max_length", 6000):
            raise InvocationError(f"{name}: length must be {spec.get('min_length', 0)}"
                                  f"-{spec.get('max_length', 6000)}")
    elif kind == BOOLEAN:
        value = _boolean(name, value)
    elif kind == CHANNEL:
        return _channel_option(core, spec, value, invoker, place, resolved)
    elif kind == USER:
        user = value if isinstance(value, User) else _find_user(core, value)
        resolved.setdefault("users", {})[str(user.id)] = user_json(user)
        guild = core.world.guilds.get(place.guild_id or 0)
        if guild is not None and user.id in guild.members:
            resolved.setdefault("members", {})[str(user.id)] = member_json(
                core.world, guild.members[user.id], with_user=False,
                permissions=core.world.permissions(user.id, place.id))
        return str(user.id)
    elif kind == ROLE:
        role = core.world.guilds[place.guild_id or 0].roles[int(value)]
        resolved.setdefault("roles", {})[str(role.id)] = role_json(role)
        return str(role.id)
    elif kind == ATTACHMENT:
        return _attachment_option(core, name, value, place, resolved)
    if checked and choices and value not in [c["value"] for c in choices]:
        raise InvocationError(f"{name}: choose one of {[c['name'] for c in choices]}")
    return value


# What the chat and the driver read as a boolean option, any case; anything else is refused, as
# Discord's client offers only True and False (a typo must not quietly mean false).
TRUE_WORDS, FALSE_WORDS = ("true", "yes", "1"), ("false", "no", "0")


def _boolean(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS or word in FALSE_WORDS:
        return word in TRUE_WORDS
    raise InvocationError(f"{name}: {value!r} is not true or false (type {name}:true or {name}:false)")


def _channel_option(core: Core, spec: Json, value: Any, invoker: User, place: Channel,
                    resolved: Json) -> str:
    channel = value if isinstance(value, Channel) else _find_channel(core, place, value)
    types = spec.get("channel_types")
    if channel.guild_id != place.guild_id or (types and channel.type not in types):
        raise InvocationError(f"{spec['name']}: #{channel.name} cannot be chosen here")
    permissions = core.world.permissions(invoker.id, channel.id)
    if not permissions & perms.VIEW_CHANNEL:
        raise InvocationError(f"{spec['name']}: {invoker.username} cannot see #{channel.name}")
    data = channel_json(core.world, channel, permissions=permissions)
    resolved.setdefault("channels", {})[str(channel.id)] = data
    return str(channel.id)


def _find_user(core: Core, value: Any) -> User:
    text = str(value).lstrip("@")
    for user in core.world.users.values():
        if text in (user.username, str(user.id)):
            return user
    raise InvocationError(f"no user {value!r}")


def _find_channel(core: Core, place: Channel, value: Any) -> Channel:
    text = str(value).lstrip("#")
    for channel in core.world.channels.values():
        if channel.guild_id == place.guild_id and text in (channel.name, str(channel.id)):
            return channel
    raise InvocationError(f"no channel {value!r} here")


def _attachment_option(core: Core, name: str, value: Any, place: Channel, resolved: Json) -> str:
    upload = FileUpload(*value) if isinstance(value, tuple) else value
    if not isinstance(upload, FileUpload):
        raise InvocationError(f"{name}: give a file (a FileUpload), not {value!r}")
    stored: StoredFile = core.world.store_file(place.id, upload.filename, upload.content_type,
                                               upload.data)
    data = attachment_json(stored, core.files_base)
    data["ephemeral"] = True  # option uploads are temporary attachments on Discord
    resolved.setdefault("attachments", {})[str(stored.id)] = data
    return str(stored.id)


def options_payload(core: Core, leaf: list[Json], given: dict[str, Any], invoker: User,
                    place: Channel, resolved: Json, focused: str | None = None,
                    checked: bool = True) -> list[Json]:
    """The leaf option list, in schema order, checked like Discord's client checks it.

    `checked=False` lets values past the declared limits through (see `convert`); unknown
    and missing required options are still refused, since the bot could not parse them.
    """
    known = {o["name"] for o in leaf}
    unknown = set(given) - known
    if unknown:
        raise InvocationError(f"unknown option(s) {sorted(unknown)}; options: {sorted(known)}")
    out = []
    for spec in leaf:
        name = spec["name"]
        if name not in given:
            if spec.get("required") and focused is None:
                raise InvocationError(f"option {name} is required")
            continue
        item: Json = {"name": name, "type": spec["type"],
                      "value": convert(core, spec, given[name], invoker, place, resolved,
                                       focused=name == focused, checked=checked)}
        if name == focused:
            item["focused"] = True
        out.append(item)
    return out


def nest(chain: list[Json], leaf_options: list[Json]) -> list[Json]:
    """Wrap leaf options in their subcommand (and group), as Discord nests them."""
    options = leaf_options
    for spec in reversed(chain):
        options = [{"name": spec["name"], "type": spec["type"], "options": options}]
    return options


def message_command_data(core: Core, name: str, target: Message, user: User) -> Json:
    """The `data` of a message context-menu command used on `target`: the target travels in
    `resolved.messages` with its content (Discord's exception to the message-content rule)."""
    channel = core.world.channels[target.channel_id]
    spec = visible_command(core, name, user, channel, kind=3)
    outsider = channel.guild_id is None and user.id != channel.recipient_id  # someone else's DM
    if target.ephemeral or outsider or not core.world.permissions(user.id, channel.id) & perms.VIEW_CHANNEL:
        raise InvocationError(f"{user.username} cannot see that message")
    data: Json = {"id": spec["id"], "name": spec["name"], "type": 3, "target_id": str(target.id),
                  "resolved": {"messages": {str(target.id): message_json(core.world, target,
                                                                         core.files_base)}}}
    if "guild_id" in spec:
        data["guild_id"] = spec["guild_id"]
    return data
