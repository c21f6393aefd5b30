"""The imitation's world: users, guilds, roles, channels, threads, members, messages, files and pins.

Plain data with the operations Discord performs on it. It knows nothing of HTTP or the
gateway: changes are announced to listeners as (event name, payload-ish dict) so the
gateway can dispatch them and the test driver can wait on them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox import perms
from bot.sandbox.clock import Clock, Snowflakes, utcnow

Listener = Callable[[str, dict[str, Any]], None]

MAX_PINS = 250
TEXT = 0
PUBLIC_THREAD = 11
FORUM = 15  # its posts are threads; it takes no message of its own (Discord's error 50008)
EPHEMERAL = 1 << 6
LOADING = 1 << 7


@dataclass
class User:
    id: int
    username: str
    bot: bool = False
    global_name: str | None = None


@dataclass
class Role:
    id: int
    name: str
    permissions: int
    position: int = 0


@dataclass
class Member:
    user_id: int
    roles: list[int]
    joined_at: dt.datetime


@dataclass
class Channel:
    id: int
    type: int  # 0 guild text, 1 DM, 11 public thread, 15 forum
    name: str
    guild_id: int | None = None
    position: int = 0
    overwrites: list[perms.Overwrite] = field(default_factory=list)
    recipient_id: int | None = None  # the user of a DM with the bot
    last_pin_at: dt.datetime | None = None
    parent_id: int | None = None  # a thread's channel
    owner_id: int | None = None  # who started a thread
    archived: bool = False  # a thread closed (by hand, or after its inactivity): nothing in it changes
    locked: bool = False  # closed and locked: only who may manage threads opens it again, or posts there

    @property
    def thread(self) -> bool:
        """A thread (the imitation has no categories: a channel with a parent is a thread)."""
        return self.parent_id is not None


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    channel_ids: list[int] = field(default_factory=list)
    members: dict[int, Member] = field(default_factory=dict)


@dataclass
class StoredFile:
    id: int
    channel_id: int
    filename: str
    content_type: str | None
    data: bytes


@dataclass
class Message:
    id: int
    channel_id: int
    author_id: int
    created_at: dt.datetime
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[StoredFile] = field(default_factory=list)
    flags: int = 0
    type: int = 0
    edited_at: dt.datetime | None = None
    webhook_id: int | None = None
    interaction: dict[str, Any] | None = None  # interaction_metadata
    reference_id: int | None = None
    pinned_at: dt.datetime | None = None
    # Who it mentions, as Discord lists them (see bot.sandbox.message_content.mention_fields).
    mention_ids: list[int] = field(default_factory=list)
    mention_role_ids: list[int] = field(default_factory=list)
    mention_everyone: bool = False
    version: int = 0  # bumped on every edit, for waiters
    nonce: str | None = None  # the sender's, kept with enforce_nonce: a resend within minutes finds this message

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)


class World:
    """Everything the imitation stores, and the changes Discord makes to it."""

    def __init__(self, clock: Clock = utcnow) -> None:
        self.clock = clock
        self.ids = Snowflakes(clock)
        self.users: dict[int, User] = {}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, Message] = {}
        self.history: dict[int, list[int]] = {}  # channel -> message ids, oldest first
        self.pins: dict[int, list[int]] = {}  # channel -> message ids, newest pin first
        self.files: dict[int, StoredFile] = {}
        self.listeners: list[Listener] = []

    def emit(self, event: str, data: dict[str, Any]) -> None:
        """Tell every listener (gateway, driver) about a change."""
        for listener in list(self.listeners):
            listener(event, data)

    # -- building -----------------------------------------------------------------------

    def add_user(self, username: str, *, bot: bool = False) -> User:
        user = User(self.ids.next(), username, bot=bot, global_name=None if bot else username)
        self.users[user.id] = user
        return user

    def add_guild(self, name: str, owner: User, *, shard: tuple[int, int] | None = None) -> Guild:
        guild = Guild(self.ids.next(shard), name, owner.id)
        guild.roles[guild.id] = Role(guild.id, "@everyone", perms.EVERYONE_DEFAULT)
        self.guilds[guild.id] = guild
        self.add_member(guild, owner)
        return guild

    def add_role(self, guild: Guild, name: str, permissions: int) -> Role:
        role = Role(self.ids.next(), name, permissions, position=len(guild.roles))
        guild.roles[role.id] = role
        return role

    def add_member(self, guild: Guild, user: User, roles: list[Role] | None = None) -> Member:
        member = Member(user.id, [r.id for r in roles or []], self.clock())
        guild.members[user.id] = member
        return member

    def add_channel(
        self, guild: Guild, name: str, overwrites: list[perms.Overwrite] | None = None, *, kind: int = TEXT
    ) -> Channel:
        """A text channel, or a forum (`kind=FORUM`), whose posts are threads (`add_thread`)."""
        channel = Channel(self.ids.next(), kind, name, guild.id, position=len(guild.channel_ids),
                          overwrites=list(overwrites or []))
        self.channels[channel.id] = channel
        guild.channel_ids.append(channel.id)
        self.history[channel.id] = []
        return channel

    def dm_channel(self, user_id: int) -> Channel:
        """The DM channel between the bot and a user, created on first use."""
        for channel in self.channels.values():
            if channel.type == 1 and channel.recipient_id == user_id:
                return channel
        channel = Channel(self.ids.next(), 1, "", recipient_id=user_id)
        self.channels[channel.id] = channel
        self.history[channel.id] = []
        return channel

    def add_thread(self, parent: Channel, name: str, owner: User) -> Channel:
        """A public thread in a text channel, not started from a message, or a forum's post (THREAD_CREATE)."""
        thread = Channel(self.ids.next(), PUBLIC_THREAD, name, parent.guild_id,
                         parent_id=parent.id, owner_id=owner.id)
        self.channels[thread.id] = thread
        self.history[thread.id] = []
        self.emit("THREAD_CREATE", {"channel": thread})
        return thread

    def set_archived(self, thread: Channel, archived: bool, *, locked: bool = False) -> None:
        """Archive a thread, as a moderator or its inactivity does (`locked`: Close & Lock, as a
        moderator does), or open it again (THREAD_UPDATE)."""
        thread.archived, thread.locked = archived, archived and locked
        self.emit("THREAD_UPDATE", {"channel": thread})

    def delete_channel(self, channel_id: int) -> Channel:
        """Delete a channel (CHANNEL_DELETE) with its threads, of which Discord says nothing more,
        or a thread (THREAD_DELETE)."""
        channel = self._drop_channel(channel_id)
        if channel.parent_id is not None:
            self.emit("THREAD_DELETE", {"channel": channel})
            return channel
        for thread in [c for c in self.channels.values() if c.parent_id == channel_id]:
            self._drop_channel(thread.id)
        if channel.guild_id is not None:
            self.guilds[channel.guild_id].channel_ids.remove(channel_id)
        self.emit("CHANNEL_DELETE", {"channel": channel})
        return channel

    def _drop_channel(self, channel_id: int) -> Channel:
        channel = self.channels.pop(channel_id)
        for message_id in self.history.pop(channel_id, []):
            self.messages.pop(message_id, None)
        self.pins.pop(channel_id, None)
        return channel

    # -- permissions --------------------------------------------------------------------

    def permissions(self, user_id: int, channel_id: int) -> int:
        """A user's permissions in a channel, computed as Discord does."""
        channel = self.channels[channel_id]
        if channel.guild_id is None:
            return perms.DM_APP_PERMISSIONS
        guild = self.guilds[channel.guild_id]
        member = guild.members.get(user_id)
        if member is None:
            return 0
        role_perms = {r.id: r.permissions for r in guild.roles.values()}
        base = perms.base_permissions(guild_id=guild.id, owner_id=guild.owner_id, user_id=user_id,
                                      role_perms=role_perms, member_roles=member.roles)
        # A thread has the permissions of its channel, but what lets one post there differs.
        place = self.channels[channel.parent_id] if channel.parent_id is not None else channel
        return perms.channel_permissions(base, guild_id=guild.id, user_id=user_id, member_roles=member.roles,
                                         overwrites=place.overwrites, thread=channel.thread)

    def app_permissions(self, bot_user_id: int, channel_id: int) -> int:
        """An interaction's `app_permissions`: the bot's own, or, in a server the bot user is not
        in, what Discord grants an app without one (`perms.ABSENT_APP_ALWAYS`, and what @everyone
        has of `perms.ABSENT_APP_AS_EVERYONE`)."""
        channel = self.channels[channel_id]
        if channel.guild_id is None or bot_user_id in self.guilds[channel.guild_id].members:
            return self.permissions(bot_user_id, channel_id)
        guild = self.guilds[channel.guild_id]
        place = self.channels[channel.parent_id] if channel.parent_id is not None else channel
        everyone = perms.channel_permissions(
            guild.roles[guild.id].permissions, guild_id=guild.id, user_id=bot_user_id, member_roles=(),
            overwrites=place.overwrites, thread=channel.thread)
        return perms.ABSENT_APP_ALWAYS | (everyone & perms.ABSENT_APP_AS_EVERYONE)

    # -- messages -----------------------------------------------------------------------

    def post(self, channel_id: int, author_id: int, **fields: Any) -> Message:
        channel = self.channels.get(channel_id)
        message = Message(self.ids.next(), channel_id, author_id, self.clock(), **fields)
        if channel is not None and channel.archived and not message.ephemeral:
            self.set_archived(channel, False)  # Discord opens an archived thread for a new message (one all see)
        self.messages[message.id] = message
        self.history[channel_id].append(message.id)
        self.emit("MESSAGE_CREATE", {"message": message})
        return message

    def edit(self, message: Message, **fields: Any) -> Message:
        for name, value in fields.items():
            setattr(message, name, value)
        message.edited_at = self.clock()
        message.version += 1
        self.emit("MESSAGE_UPDATE", {"message": message})
        return message

    def delete(self, message: Message, *, announce: bool = True) -> None:
        """Remove a message (and its pin); `announce=False` when a bulk event follows."""
        self.messages.pop(message.id, None)
        self.history.get(message.channel_id, []).remove(message.id)
        pins = self.pins.get(message.channel_id, [])
        if message.id in pins:
            pins.remove(message.id)
        if announce:
            self.emit("MESSAGE_DELETE", {"message": message})

    def channel_messages(self, channel_id: int) -> list[Message]:
        """What anyone sees in the channel, oldest first (ephemeral replies are not there)."""
        return [self.messages[i] for i in self.history.get(channel_id, [])
                if not self.messages[i].ephemeral]

    def store_file(self, channel_id: int, filename: str, content_type: str | None,
                   data: bytes) -> StoredFile:
        stored = StoredFile(self.ids.next(), channel_id, filename, content_type, data)
        self.files[stored.id] = stored
        return stored

    # -- pins ---------------------------------------------------------------------------

    def pin(self, message: Message, by_user_id: int) -> bool:
        """Pin a message; False when the channel already holds MAX_PINS pins."""
        pins = self.pins.setdefault(message.channel_id, [])
        if message.id in pins:
            return True
        if len(pins) >= MAX_PINS:
            return False
        now = self.clock()
        if pins and (newest := self.messages[pins[0]].pinned_at) is not None and now <= newest:
            # Pins page by pinned_at, so keep it strictly increasing even on a frozen clock.
            now = newest + dt.timedelta(milliseconds=1)
        message.pinned_at = now
        pins.insert(0, message.id)
        channel = self.channels[message.channel_id]
        channel.last_pin_at = now
        # Discord announces each pin with a system message in the channel.
        self.post(message.channel_id, by_user_id, type=6, reference_id=message.id)
        self.emit("CHANNEL_PINS_UPDATE", {"channel": channel})
        return True

    def unpin(self, message: Message) -> None:
        pins = self.pins.get(message.channel_id, [])
        if message.id not in pins:
            return
        pins.remove(message.id)
        message.pinned_at = None
        channel = self.channels[message.channel_id]
        channel.last_pin_at = self.messages[pins[0]].pinned_at if pins else None
        self.emit("CHANNEL_PINS_UPDATE", {"channel": channel})

    def pinned(self, channel_id: int) -> list[Message]:
        """The channel's pinned messages, most recently pinned first."""
        return [self.messages[i] for i in self.pins.get(channel_id, [])]
