"""The imitation's shared state: the world, the interaction ledger, the command store, the log.

REST handlers, the gateway and the test driver all work on one `Core`.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.faults import Fault
from bot.sandbox.ledger import Ledger
from bot.sandbox.model import World

log = logging.getLogger("bot.sandbox")

#: Discord's limit for files a bot sends back, in bytes (reported as attachment_size_limit).
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


class ApiError(Exception):
    """A Discord error answer: HTTP status, JSON error code and message."""

    def __init__(self, status: int, code: int, message: str, body: dict[str, Any] | None = None):
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.body = body if body is not None else {"message": message, "code": code}


@dataclass
class RecordedRequest:
    """One request the imitation received, for tests to assert on."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[str]
    status: int = 0
    reason: str | None = None  # X-Audit-Log-Reason, decoded: what the audit log would show
    error: dict[str, Any] | None = None  # the JSON error body answered, if any (its "code", "errors")


@dataclass
class Core:
    """Everything the imitation knows; built by `Imitation`."""

    world: World
    ledger: Ledger
    bot_user_id: int
    owner_user_id: int
    token: str = field(default_factory=lambda: "sandbox." + secrets.token_urlsafe(24))
    files_base: str = ""  # http://127.0.0.1:PORT, set once the server listens
    gateway_url: str = ""
    commands: dict[int | None, list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)
    unknown_routes: list[str] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)
    command_puts: int = 0
    attachment_size_limit: int = ATTACHMENT_SIZE_LIMIT
    # The app's message-content switch in the Developer Portal: REST answers show others' message
    # content only with it (the gateway goes by the intents a session identified with).
    message_content_intent: bool = False
    closed_dms: set[int] = field(default_factory=set)  # users whose DMs refuse the bot (see dms.py)
    faults: list[Fault] = field(default_factory=list)  # armed by tests: rate limits, outages (see faults.py)
    # Set by the gateway: sends an event to the sessions that should get it.
    dispatch: Callable[..., None] = lambda *args, **kwargs: None
    # Awaited before each REST answer leaves, once the request has done its work: the way back
    # from Discord over the internet (tens of milliseconds, where loopback takes microseconds),
    # or a test holding answers back. None: the answer leaves at once.
    answer_travel: Callable[[RecordedRequest], Awaitable[None]] | None = None
    # Awaited as each REST request arrives, before it does anything: False drops it undone, as a
    # request whose sender died on the way never reaches Discord. None: every request goes on.
    request_arrival: Callable[[RecordedRequest], Awaitable[bool]] | None = None

    @property
    def application_id(self) -> int:
        # Discord gives a bot's user the same id as its application.
        return self.bot_user_id

    def upsert_commands(self, scope: int | None, payload: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Replace a scope's commands as a bulk PUT does, keeping ids of commands that stay."""
        old = {(c["name"], c.get("type", 1)): c for c in self.commands.get(scope, [])}
        stored = []
        for item in payload:
            kind = item.get("type", 1)
            previous = old.get((item["name"], kind))
            command = {
                "id": previous["id"] if previous else str(self.world.ids.next()),
                "application_id": str(self.application_id),
                "version": str(self.world.ids.next()),
                "type": kind,
                "name": item["name"],
                "description": item.get("description", ""),
                "options": item.get("options", []),
                # Discord takes a number or a string but always answers a string (or null).
                "default_member_permissions": _permissions_string(
                    item.get("default_member_permissions")),
                "dm_permission": item.get("dm_permission", True),
                "contexts": item.get("contexts"),
                "integration_types": item.get("integration_types", [0]),
                "nsfw": item.get("nsfw", False),
                "name_localizations": item.get("name_localizations"),
                "description_localizations": item.get("description_localizations"),
            }
            if scope is not None:
                command["guild_id"] = str(scope)
            stored.append(command)
        self.commands[scope] = stored
        self.command_puts += 1
        return stored

    def find_command(self, name: str, guild_id: int | None, kind: int = 1) -> dict[str, Any] | None:
        """The command a user in this place would see: guild commands first, then global.

        `kind` 1 is a slash command, 2 a user and 3 a message context-menu command."""
        scopes = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            for command in self.commands.get(scope, []):
                if command["name"] == name and command.get("type", 1) == kind:
                    return command
        return None


def _permissions_string(value: Any) -> str | None:
    return None if value is None else str(int(value))
