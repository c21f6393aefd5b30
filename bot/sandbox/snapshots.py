"""What a user sees of the bot's answers: `Reply` snapshots and their components."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.core import Core
from bot.sandbox.ledger import InteractionRecord
from bot.sandbox.model import EPHEMERAL, LOADING, Message

Json = dict[str, Any]
BUTTON, SELECT, TEXT_INPUT = 2, 3, 4
_INTERACTIVE = (2, 3, 5, 6, 7, 8)  # button, string/user/role/mentionable/channel selects


@dataclass(frozen=True)
class ReplyFile:
    """An attachment of a reply, with its bytes."""

    filename: str
    content_type: str | None
    data: bytes


@dataclass
class Reply:
    """A snapshot of the bot's answer to an interaction (or of any message)."""

    channel_id: int
    message_id: int | None = None
    interaction_id: int | None = None
    callback_type: int | None = None
    user_id: int | None = None  # who invoked the interaction
    content: str = ""
    embeds: list[Json] = field(default_factory=list)
    components: list[Json] = field(default_factory=list)
    attachments: list[ReplyFile] = field(default_factory=list)
    ephemeral: bool = False
    loading: bool = False
    pinned: bool = False
    author_id: int | None = None
    modal: Json | None = None
    choices: list[Json] | None = None
    reference_id: int | None = None  # the message this one replies to

    @property
    def text(self) -> str:
        """Content and every embed's visible text, joined: handy for assertions."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            for item in embed.get("fields") or []:
                parts += [item.get("name") or "", item.get("value") or ""]
            parts.append((embed.get("footer") or {}).get("text") or "")
        return "\n".join(p for p in parts if p)

    def items(self) -> list[Json]:
        """Interactive components (buttons, selects), in reading order."""
        return [c for c in walk_components(self.components) if c.get("type") in _INTERACTIVE]

    def buttons(self) -> list[Json]:
        return [c for c in self.items() if c.get("type") == BUTTON]

    def selects(self) -> list[Json]:
        return [c for c in self.items() if c.get("type") != BUTTON]


def walk_components(components: list[Json]) -> Iterator[Json]:
    """Every component, depth first (rows, containers, sections, labels)."""
    for component in components:
        yield component
        yield from walk_components(component.get("components") or [])
        if isinstance(component.get("component"), dict):
            yield from walk_components([component["component"]])
        if isinstance(component.get("accessory"), dict):
            yield from walk_components([component["accessory"]])


def from_message(core: Core, message: Message, record: InteractionRecord | None = None) -> Reply:
    """A Reply showing a stored message as the user sees it now."""
    return Reply(
        channel_id=message.channel_id, message_id=message.id,
        interaction_id=None if record is None else record.id,
        callback_type=None if record is None else record.callback_type,
        user_id=None if record is None else record.user_id,
        content=message.content, embeds=list(message.embeds),
        components=list(message.components),
        attachments=[ReplyFile(a.filename, a.content_type, a.data) for a in message.attachments],
        ephemeral=bool(message.flags & EPHEMERAL), loading=bool(message.flags & LOADING),
        pinned=message.pinned_at is not None, author_id=message.author_id,
        reference_id=message.reference_id,
    )


def from_record(core: Core, record: InteractionRecord) -> Reply:
    """The answer an interaction got: its message, modal or autocomplete choices."""
    message = core.world.messages.get(record.original_id or 0)
    if message is not None:
        return from_message(core, message, record)
    reply = Reply(channel_id=record.channel_id, interaction_id=record.id,
                  callback_type=record.callback_type, user_id=record.user_id)
    data = record.callback_data or {}
    if record.callback_type == 9:
        reply.modal = data
    elif record.callback_type == 8:
        reply.choices = list(data.get("choices") or [])
    return reply
