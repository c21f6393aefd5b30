"""Small fakes of discord.py's interaction objects for cog and funnel tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import discord


@dataclass
class Sent:
    """One thing the fake interaction sent: how, and with which arguments."""

    how: str  # "response", "followup", "edit_original", "defer"
    kwargs: dict[str, Any]

    @property
    def ephemeral(self) -> bool:
        return bool(self.kwargs.get("ephemeral"))

    @property
    def content(self) -> str:
        return str(self.kwargs.get("content") or (self.kwargs.get("args") or [""])[0] or "")


@dataclass
class FakeResponse:
    log: list[Sent]
    done: bool = False

    def is_done(self) -> bool:
        return self.done

    async def send_message(self, content: str | None = None, **kwargs: Any) -> None:
        assert not self.done, "a second initial response (Discord answers 40060)"
        self.done = True
        self.log.append(Sent("response", {"content": content, **kwargs}))

    async def edit_message(self, **kwargs: Any) -> None:
        assert not self.done, "a second initial response (Discord answers 40060)"
        self.done = True
        self.log.append(Sent("edit_message", kwargs))

    async def defer(self, *, ephemeral: bool = False, thinking: bool = False) -> None:
        assert not self.done, "a second initial response (Discord answers 40060)"
        self.done = True
        self.log.append(Sent("defer", {"ephemeral": ephemeral, "thinking": thinking}))


@dataclass
class FakeFollowup:
    log: list[Sent]

    async def send(self, content: str | None = None, **kwargs: Any) -> None:
        self.log.append(Sent("followup", {"content": content, **kwargs}))


@dataclass
class FakeInteraction:
    """Just enough of `discord.Interaction` for code that answers interactions."""

    id: int = 1
    user_id: int = 1000
    guild_id: int | None = 2000
    channel_id: int = 3000
    type: discord.InteractionType = discord.InteractionType.application_command
    command: Any = None
    data: dict[str, Any] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)
    sent: list[Sent] = field(default_factory=list)
    client: Any = None
    filesize_limit: int = 10 * 1024 * 1024
    user: Any = None

    def __post_init__(self) -> None:
        if self.user is None:
            self.user = SimpleNamespace(id=self.user_id)
        self.response = FakeResponse(self.sent)
        self.followup = FakeFollowup(self.sent)

    async def edit_original_response(self, **kwargs: Any) -> None:
        assert self.response.done, "nothing to edit before an initial response"
        self.sent.append(Sent("edit_original", kwargs))

    @property
    def visible_to_others(self) -> list[str]:
        """Texts anyone in the channel could read."""
        public: list[str] = []
        deferred_public = False
        for item in self.sent:
            if item.how == "defer":
                deferred_public = not item.ephemeral
            elif (item.how == "response" and not item.ephemeral) or (item.how == "edit_original" and deferred_public):
                public.append(item.content)
        return public


class FakeClock:
    """A clock the test moves by hand (`clock.now += timedelta(...)`); the bot calls it for "now"."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now
