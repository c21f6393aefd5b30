"""Option values as Discord's client sends them: checked against the command's schema (required,
choices, min/max, lengths, channel types) and typed, with the objects they name resolved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.sandbox import perms
from bot.sandbox.core import Core
from bot.sandbox.invocations import (
    ATTACHMENT,
    BOOLEAN,
    CHANNEL,
    INTEGER,
    NUMBER,
    ROLE,
    STRING,
    USER,
    InvocationError,
    Json,
)
from bot.sandbox.model import Channel, StoredFile, User
from bot.sandbox.payloads import attachment_json, channel_json, member_json, role_json, user_json


@dataclass
class FileUpload:
    """A file a user attaches to a command option."""

    filename: str
    data: bytes
    content_type: str | None = None


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
