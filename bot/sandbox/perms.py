"""Discord's permission bits and its documented algorithm for a member's permissions in a channel.

The imitation computes `member.permissions`, `app_permissions` and resolved channels'
`permissions` from roles and overwrites, as Discord does, so tests of permission handling
exercise the same numbers a real guild would send. Values are Discord's, written out here
rather than taken from discord.py so that the imitation cannot inherit a client-side mistake.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

CREATE_INSTANT_INVITE = 1 << 0
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
SEND_TTS_MESSAGES = 1 << 12
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
CHANGE_NICKNAME = 1 << 26
MANAGE_ROLES = 1 << 28
MANAGE_THREADS = 1 << 34
USE_APPLICATION_COMMANDS = 1 << 31
CREATE_PUBLIC_THREADS = 1 << 35
SEND_MESSAGES_IN_THREADS = 1 << 38
PIN_MESSAGES = 1 << 51

ALL = (1 << 52) - 1

#: What a new server's @everyone role gets.
EVERYONE_DEFAULT = (
    CREATE_INSTANT_INVITE | ADD_REACTIONS | VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS
    | ATTACH_FILES | READ_MESSAGE_HISTORY | USE_EXTERNAL_EMOJIS | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS | CREATE_PUBLIC_THREADS | SEND_MESSAGES_IN_THREADS
)

#: What Discord reports for the bot in a DM with a user.
DM_APP_PERMISSIONS = (
    VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES | READ_MESSAGE_HISTORY
    | MENTION_EVERYONE | USE_EXTERNAL_EMOJIS | ADD_REACTIONS | USE_APPLICATION_COMMANDS
)

#: What an app whose bot user is not in the server (added without the `bot` scope, or the bot
#: removed while its commands stay) has in an interaction there: Embed Links and Attach Files
#: always (interaction responses need nothing more), Mention Everyone and Use External Emojis as
#: @everyone has them (Discord's changelog of 2022-06-29; discord-api-docs issue 5316).
ABSENT_APP_ALWAYS = EMBED_LINKS | ATTACH_FILES
ABSENT_APP_AS_EVERYONE = MENTION_EVERYONE | USE_EXTERNAL_EMOJIS

#: Lost implicitly when a member cannot post where they are (`posting`).
_NEEDS_SEND = MENTION_EVERYONE | SEND_TTS_MESSAGES | ATTACH_FILES | EMBED_LINKS

NAMES: dict[int, str] = {
    VIEW_CHANNEL: "View Channel", SEND_MESSAGES: "Send Messages", EMBED_LINKS: "Embed Links",
    ATTACH_FILES: "Attach Files", READ_MESSAGE_HISTORY: "Read Message History",
    MANAGE_MESSAGES: "Manage Messages", PIN_MESSAGES: "Pin Messages",
    MANAGE_GUILD: "Manage Server", ADMINISTRATOR: "Administrator",
    CREATE_INSTANT_INVITE: "Create Invite", ADD_REACTIONS: "Add Reactions",
    USE_EXTERNAL_EMOJIS: "Use External Emojis", CHANGE_NICKNAME: "Change Nickname",
    USE_APPLICATION_COMMANDS: "Use Application Commands",
    SEND_MESSAGES_IN_THREADS: "Send Messages in Threads", CREATE_PUBLIC_THREADS: "Create Public Threads",
    MENTION_EVERYONE: "Mention Everyone",
    SEND_TTS_MESSAGES: "Send Text-to-Speech Messages", MANAGE_CHANNELS: "Manage Channels",
    MANAGE_ROLES: "Manage Roles",
}


@dataclass(frozen=True)
class Overwrite:
    """A channel permission overwrite: type 0 targets a role, type 1 a member."""

    id: int
    type: int
    allow: int = 0
    deny: int = 0


def base_permissions(
    *, guild_id: int, owner_id: int, user_id: int,
    role_perms: Mapping[int, int], member_roles: Iterable[int],
) -> int:
    """Guild-wide permissions: @everyone (whose id is the guild's) plus the member's roles."""
    if user_id == owner_id:
        return ALL
    value = role_perms.get(guild_id, 0)
    for role_id in member_roles:
        value |= role_perms.get(role_id, 0)
    if value & ADMINISTRATOR:
        return ALL
    return value


def posting(thread: bool) -> int:
    """The bit that lets a member post: in a thread Send Messages in Threads, for Send Messages
    "does not allow sending messages in threads" (Discord's permission docs), elsewhere Send Messages."""
    return SEND_MESSAGES_IN_THREADS if thread else SEND_MESSAGES


def channel_permissions(
    base: int, *, guild_id: int, user_id: int, member_roles: Iterable[int],
    overwrites: Iterable[Overwrite], thread: bool = False,
) -> int:
    """Apply a channel's overwrites in Discord's order: @everyone, roles together, member. A
    thread's are its channel's; there, Embed Links and the like go with Send Messages in Threads
    (as discord.py's Thread.permissions_for has it), since Send Messages posts nothing there."""
    if base & ADMINISTRATOR:
        return ALL
    by_target = {(o.type, o.id): o for o in overwrites}
    value = base
    everyone = by_target.get((0, guild_id))
    if everyone is not None:
        value = (value & ~everyone.deny) | everyone.allow
    allow = deny = 0
    for role_id in member_roles:
        o = by_target.get((0, role_id))
        if o is not None:
            allow |= o.allow
            deny |= o.deny
    value = (value & ~deny) | allow
    member = by_target.get((1, user_id))
    if member is not None:
        value = (value & ~member.deny) | member.allow
    if not value & VIEW_CHANNEL:
        return 0
    if not value & posting(thread):
        value &= ~_NEEDS_SEND
    return value


def names(value: int) -> list[str]:
    """Names of the bits in `value`, lowest bit first (as Discord's settings list them, roughly)."""
    return missing(0, value)


def missing(have: int, need: int) -> list[str]:
    """Names of the bits in `need` that `have` lacks (for logs and error messages)."""
    return [NAMES.get(bit, hex(bit)) for bit in _bits(need) if not have & bit]


def _bits(value: int) -> list[int]:
    return [1 << i for i in range(value.bit_length()) if value & (1 << i)]
