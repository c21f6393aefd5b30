"""What the imitation remembers of each interaction: its payload, its answer and its deadlines.

Discord allows one initial response within 3 seconds, and then lets the token be used
for followups and edits for 15 minutes. Both are measured on the world's (injectable) clock.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.clock import Clock

RESPONSE_DEADLINE = dt.timedelta(seconds=3)
TOKEN_LIFETIME = dt.timedelta(minutes=15)


@dataclass
class InteractionRecord:
    """One interaction as Discord tracks it."""

    id: int
    token: str
    type: int
    created_at: dt.datetime
    payload: dict[str, Any]
    channel_id: int
    user_id: int
    source_message_id: int | None = None  # the message a component sits on
    callback_type: int | None = None
    callback_at: dt.datetime | None = None
    callback_data: dict[str, Any] | None = None
    asked_for_message: bool = False  # with_response: the created message came back with the callback
    original_id: int | None = None  # what @original refers to
    followup_ids: list[int] = field(default_factory=list)
    late_callbacks: int = 0
    duplicate_callbacks: int = 0
    deliveries: int = 1

    @property
    def answered(self) -> bool:
        return self.callback_type is not None


class Ledger:
    """All interactions, by id and by token."""

    def __init__(self, clock: Clock, *, response_deadline: dt.timedelta = RESPONSE_DEADLINE,
                 token_lifetime: dt.timedelta = TOKEN_LIFETIME) -> None:
        self.clock = clock
        self.response_deadline = response_deadline
        self.token_lifetime = token_lifetime
        self.records: dict[int, InteractionRecord] = {}
        self._by_token: dict[str, InteractionRecord] = {}

    def new_token(self) -> str:
        """An interaction token: opaque, URL-safe and long, like Discord's."""
        return "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(96)

    def add(self, record: InteractionRecord) -> None:
        self.records[record.id] = record
        self._by_token[record.token] = record

    def by_token(self, token: str) -> InteractionRecord | None:
        return self._by_token.get(token)

    def too_late(self, record: InteractionRecord) -> bool:
        """Is the initial response window over?"""
        return self.clock() - record.created_at > self.response_deadline

    def token_alive(self, record: InteractionRecord) -> bool:
        """Can the token still be used for followups and edits?"""
        return self.clock() - record.created_at <= self.token_lifetime

    def deadline_misses(self) -> list[InteractionRecord]:
        """Interactions not answered within the deadline (answered late, or not yet and too late)."""
        missed = []
        for record in self.records.values():
            if record.type == 1:
                continue
            if record.callback_at is None:
                if self.too_late(record) or record.late_callbacks:
                    missed.append(record)
            elif record.callback_at - record.created_at > self.response_deadline:
                missed.append(record)
        return missed
