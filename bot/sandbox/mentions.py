"""Who a message would ping: its content read through Discord's allowed_mentions rules.

Discord parses `<@id>`/`<@!id>` (users), `<@&id>` (roles) and `@everyone`/`@here` from the
content. Without `allowed_mentions` every one of them pings; with it, a kind pings only if
`parse` names it, or (users, roles) if its id is listed. Naming a kind in `parse` and also
listing ids of that kind is refused (400). Permission checks (mentioning @everyone or
unmentionable roles) are left out: this reports the worst case, which is what a test that
wants "pings nobody" should assert against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.core import Core, RecordedRequest
from bot.sandbox.ledger import InteractionRecord

_USER = re.compile(r"<@!?(\d{15,21})>")
_ROLE = re.compile(r"<@&(\d{15,21})>")
_EVERYONE = re.compile(r"@(everyone|here)")


class AllowedMentionsError(ValueError):
    """An allowed_mentions object Discord would refuse with 50035."""


@dataclass(frozen=True)
class Pings:
    """What a message pings."""

    everyone: bool = False
    users: frozenset[int] = field(default_factory=frozenset)
    roles: frozenset[int] = field(default_factory=frozenset)

    @property
    def nobody(self) -> bool:
        return not (self.everyone or self.users or self.roles)


def pings(content: str, allowed_mentions: dict[str, Any] | None) -> Pings:
    """Who `content` pings under `allowed_mentions` (None: the field was not sent)."""
    users = {int(m) for m in _USER.findall(content)}
    roles = {int(m) for m in _ROLE.findall(content)}
    everyone = _EVERYONE.search(content) is not None
    if allowed_mentions is None:
        return Pings(everyone, frozenset(users), frozenset(roles))
    parse = set(allowed_mentions.get("parse") or [])
    unknown = parse - {"users", "roles", "everyone"}
    if unknown:
        raise AllowedMentionsError(f"unknown mention types {sorted(unknown)}")
    listed_users = {int(i) for i in allowed_mentions.get("users") or []}
    listed_roles = {int(i) for i in allowed_mentions.get("roles") or []}
    if ("users" in parse and listed_users) or ("roles" in parse and listed_roles):
        raise AllowedMentionsError("parse and an id list name the same kind")
    if len(listed_users) > 100 or len(listed_roles) > 100:
        raise AllowedMentionsError("at most 100 ids of each kind")
    return Pings(
        everyone="everyone" in parse and everyone,
        users=frozenset(users if "users" in parse else users & listed_users),
        roles=frozenset(roles if "roles" in parse else roles & listed_roles),
    )


# -- the requests the imitation received -------------------------------------------------

API = "/api/v10/"
_MESSAGE_ROUTE = re.compile(
    r"^/api/v10/(?:channels/\d+/messages(?:/\d+)?"
    r"|webhooks/\d+/[^/]+(?:/messages/[^/]+)?"
    r"|interactions/\d+/[^/]+/callback)$")
_MESSAGE_CALLBACKS = (4, 7)  # channel message, update message


def message_body(request: RecordedRequest) -> dict[str, Any] | None:
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
    """Who the message a request sent would ping; None for a request that sent no message.

    Embeds never ping, so only the content counts.
    """
    body = message_body(request)
    if body is None:
        return None
    return pings(str(body.get("content") or ""), body.get("allowed_mentions"))


def interaction_requests(core: Core, record: InteractionRecord) -> list[RecordedRequest]:
    """Requests the bot made with an interaction's id or token: its reply, followups and edits."""
    marks = (f"/interactions/{record.id}/", f"/webhooks/{core.application_id}/{record.token}")
    return [r for r in core.requests if r.path.startswith(API) and any(m in r.path for m in marks)]


def interaction_pings(core: Core, record: InteractionRecord) -> list[Pings]:
    """Who each message sent for an interaction would ping."""
    return [p for r in interaction_requests(core, record) if (p := request_pings(r)) is not None]
