"""Who a message the bot sent would notify, by Discord's rules for content and `allowed_mentions`.

Only content pings (embeds never do). `@everyone` and `@here` notify when `allowed_mentions`
lets "everyone" be parsed; `<@id>` and `<@!id>` when "users" is parsed or the id is listed in
`users`; `<@&id>` likewise with "roles" and `roles`. A message sent without `allowed_mentions`
parses everything. (Discord also wants Mention Everyone for @everyone, and a mentionable role
or that permission for a role; they only ever narrow who is notified, so a message that
notifies nobody by these rules notifies nobody on Discord either.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.sandbox.core import Core, RecordedRequest
from bot.sandbox.ledger import InteractionRecord

Json = dict[str, Any]
API = "/api/v10/"
_EVERYONE = re.compile(r"@(everyone|here)\b")
_USER = re.compile(r"<@!?(\d{1,20})>")
_ROLE = re.compile(r"<@&(\d{1,20})>")
_MESSAGE_ROUTE = re.compile(
    r"^/api/v10/(?:channels/\d+/messages(?:/\d+)?"
    r"|webhooks/\d+/[^/]+(?:/messages/[^/]+)?"
    r"|interactions/\d+/[^/]+/callback)$")
_MESSAGE_CALLBACKS = (4, 7)  # channel message, update message


@dataclass(frozen=True)
class Pings:
    """Who would be notified."""

    everyone: bool = False
    users: frozenset[int] = frozenset()
    roles: frozenset[int] = frozenset()

    @property
    def nobody(self) -> bool:
        return not (self.everyone or self.users or self.roles)


def pings(content: str, allowed: Json | None) -> Pings:
    """Who `content` notifies under `allowed` (the message's `allowed_mentions`, None if absent)."""
    parse = {"everyone", "users", "roles"} if allowed is None else set(allowed.get("parse") or [])
    listed_users = {int(i) for i in (allowed or {}).get("users") or []}
    listed_roles = {int(i) for i in (allowed or {}).get("roles") or []}
    users = {int(i) for i in _USER.findall(content)}
    roles = {int(i) for i in _ROLE.findall(content)}
    return Pings(
        everyone="everyone" in parse and bool(_EVERYONE.search(content)),
        users=frozenset(users if "users" in parse else users & listed_users),
        roles=frozenset(roles if "roles" in parse else roles & listed_roles),
    )


def message_body(request: RecordedRequest) -> Json | None:
    """The message fields a request sent (a post, an edit, an interaction reply), or None."""
    if request.method not in ("POST", "PATCH") or not _MESSAGE_ROUTE.match(request.path):
        return None
    body = request.json if isinstance(request.json, dict) else None
    if body is None:
        return None
    if request.path.endswith("/callback"):
        if body.get("type") not in _MESSAGE_CALLBACKS:
            return None
        data = body.get("data")
        return data if isinstance(data, dict) else None
    return body


def request_pings(request: RecordedRequest) -> Pings | None:
    """Who the message a request sent would notify; None for a request that sent no message."""
    body = message_body(request)
    if body is None:
        return None
    return pings(str(body.get("content") or ""), body.get("allowed_mentions"))


def interaction_requests(core: Core, record: InteractionRecord) -> list[RecordedRequest]:
    """Requests the bot made with an interaction's id or token: its reply, followups and edits."""
    marks = (f"/interactions/{record.id}/", f"/webhooks/{core.application_id}/{record.token}")
    return [r for r in core.requests if r.path.startswith(API) and any(m in r.path for m in marks)]


def interaction_pings(core: Core, record: InteractionRecord) -> list[Pings]:
    """Who each message sent for an interaction would notify."""
    return [p for r in interaction_requests(core, record) if (p := request_pings(r)) is not None]
