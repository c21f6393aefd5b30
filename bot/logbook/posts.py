"""Where a logged set was posted for a server channel to read (the bot's own message)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SharedPost:
    """The bot's message that told a server channel about an entry: a shared /log, or its reply
    to a set typed in chat with a mention."""

    guild_id: int
    channel_id: int
    message_id: int

    @property
    def link(self) -> str:
        """The post's jump link (what Discord's "Copy Message Link" gives)."""
        return f"https://discord.com/channels/{self.guild_id}/{self.channel_id}/{self.message_id}"


@dataclass(frozen=True)
class PostRewrite:
    """A post still to be edited into `content` ("Deleted: …" of its entry, or the entry as an
    edit left it), kept in the transaction that deleted or edited the entry (bot.db.post_rewrites)
    until the post is edited."""

    id: int
    post: SharedPost
    content: str
