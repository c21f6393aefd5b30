"""The JSON shapes Discord sends for the world's objects (users, members, channels, messages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.sandbox.clock import snowflake_time
from bot.sandbox.model import Channel, Guild, Member, Message, Role, StoredFile, User, World

Json = dict[str, Any]


def iso(moment: dt.datetime | None) -> str | None:
    """Discord's timestamp format (ISO 8601 with offset)."""
    return None if moment is None else moment.isoformat()


def user_json(user: User) -> Json:
    data: Json = {
        "id": str(user.id), "username": user.username, "discriminator": "0",
        "global_name": user.global_name, "avatar": None, "public_flags": 0, "flags": 0,
        "avatar_decoration_data": None, "banner": None, "accent_color": None,
    }
    if user.bot:
        data["bot"] = True
    return data


def role_json(role: Role) -> Json:
    return {
        "id": str(role.id), "name": role.name, "color": 0, "colors": {"primary_color": 0},
        "hoist": False, "icon": None, "unicode_emoji": None, "position": role.position,
        "permissions": str(role.permissions), "managed": False, "mentionable": False,
        "flags": 0,
    }


def member_json(world: World, member: Member, *, permissions: int | None = None,
                with_user: bool = True) -> Json:
    data: Json = {
        "roles": [str(r) for r in member.roles], "joined_at": iso(member.joined_at),
        "nick": None, "avatar": None, "banner": None, "premium_since": None, "deaf": False,
        "mute": False, "pending": False, "flags": 0, "communication_disabled_until": None,
    }
    if with_user:
        data["user"] = user_json(world.users[member.user_id])
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def channel_json(world: World, channel: Channel, *, permissions: int | None = None) -> Json:
    data: Json = {"id": str(channel.id), "type": channel.type, "flags": 0,
                  "last_pin_timestamp": iso(channel.last_pin_at)}
    if channel.type == 1:
        user = world.users[channel.recipient_id or 0]
        data["recipients"] = [user_json(user)]
        data["last_message_id"] = None
    elif channel.parent_id is not None:
        data.update(thread_json(channel))
    else:
        data.update({
            "guild_id": str(channel.guild_id), "name": channel.name,
            "position": channel.position, "parent_id": None, "topic": None, "nsfw": False,
            "rate_limit_per_user": 0, "last_message_id": None,
            "permission_overwrites": [
                {"id": str(o.id), "type": o.type, "allow": str(o.allow), "deny": str(o.deny)}
                for o in channel.overwrites
            ],
        })
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def thread_json(thread: Channel) -> Json:
    """What a thread's channel object adds: its channel, who started it, and its metadata."""
    started = iso(snowflake_time(thread.id))
    return {
        "guild_id": str(thread.guild_id), "name": thread.name, "parent_id": str(thread.parent_id),
        "owner_id": str(thread.owner_id), "last_message_id": None, "rate_limit_per_user": 0,
        "message_count": 0, "member_count": 1, "total_message_sent": 0,
        "thread_metadata": {"archived": thread.archived, "auto_archive_duration": 4320, "locked": thread.locked,
                            "archive_timestamp": started, "create_timestamp": started},
    }


def guild_create_json(world: World, guild: Guild, bot_user_id: int) -> Json:
    """GUILD_CREATE as a bot without the members intent gets it: only its own member."""
    me = guild.members[bot_user_id]
    return {
        "id": str(guild.id), "name": guild.name, "owner_id": str(guild.owner_id),
        "icon": None, "splash": None, "discovery_splash": None, "banner": None,
        "description": None, "features": [], "preferred_locale": "en-US",
        "verification_level": 0, "default_message_notifications": 0,
        "explicit_content_filter": 0, "mfa_level": 0, "nsfw_level": 0, "premium_tier": 0,
        "premium_subscription_count": 0, "system_channel_id": None, "system_channel_flags": 0,
        "rules_channel_id": None, "public_updates_channel_id": None, "afk_channel_id": None,
        "afk_timeout": 300, "vanity_url_code": None, "max_members": 500000,
        "premium_progress_bar_enabled": False, "safety_alerts_channel_id": None,
        "joined_at": iso(me.joined_at), "large": False, "unavailable": False,
        "member_count": len(guild.members),
        "roles": [role_json(r) for r in guild.roles.values()],
        "channels": [channel_json(world, world.channels[c]) for c in guild.channel_ids],
        "members": [member_json(world, me)], "voice_states": [], "presences": [],
        "threads": [channel_json(world, c) for c in world.channels.values()  # the active ones only
                    if c.guild_id == guild.id and c.parent_id is not None and not c.archived],
        "stage_instances": [], "guild_scheduled_events": [], "emojis": [],
        "stickers": [], "soundboard_sounds": [],
    }


def attachment_json(stored: StoredFile, files_base: str) -> Json:
    url = f"{files_base}/attachments/{stored.channel_id}/{stored.id}/{stored.filename}"
    data: Json = {"id": str(stored.id), "filename": stored.filename, "size": len(stored.data),
                  "url": url, "proxy_url": url}
    if stored.content_type:
        data["content_type"] = stored.content_type
    return data


def message_json(world: World, message: Message, files_base: str) -> Json:
    """A message as REST returns it (and MESSAGE_CREATE carries it)."""
    channel = world.channels.get(message.channel_id)
    author = world.users[message.author_id]
    data: Json = {
        "id": str(message.id), "channel_id": str(message.channel_id), "type": message.type,
        "author": user_json(author), "content": message.content,
        "timestamp": iso(message.created_at), "edited_timestamp": iso(message.edited_at),
        "tts": False, "mention_everyone": message.mention_everyone,
        "mentions": [user_json(world.users[i]) for i in message.mention_ids if i in world.users],
        "mention_roles": [str(i) for i in message.mention_role_ids],
        "attachments": [attachment_json(a, files_base) for a in message.attachments],
        "embeds": message.embeds, "components": message.components,
        "pinned": message.pinned_at is not None, "flags": message.flags,
    }
    if channel is not None and channel.guild_id is not None:
        data["guild_id"] = str(channel.guild_id)
    if message.webhook_id is not None:
        data["webhook_id"] = str(message.webhook_id)
        data["application_id"] = str(message.webhook_id)
    if message.interaction is not None:
        data["interaction_metadata"] = message.interaction
    if message.nonce is not None:
        data["nonce"] = message.nonce
    if message.reference_id is not None:
        data["message_reference"] = {"type": 0, "message_id": str(message.reference_id),
                                     "channel_id": str(message.channel_id)}
    return data
